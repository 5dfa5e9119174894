import { afterEach, describe, expect, it } from "vitest";
import { detail, labelledPlan, shownLine } from "../../src/plan-lines.js";
import { renderLog } from "../../src/platform/log-report.js";
import { startProgress } from "../../src/platform/progress.js";
import { coloursWanted, setColours } from "../../src/platform/style.js";
import { newReport } from "../../src/report.js";

describe("colours", () => {
  afterEach(() => setColours(false));

  it("only on a terminal, never with NO_COLOR (any value, even empty) or --output json", () => {
    expect(coloursWanted(true, {}, false)).toBe(true);
    expect(coloursWanted(false, {}, false)).toBe(false);
    expect(coloursWanted(true, { NO_COLOR: "" }, false)).toBe(false);
    expect(coloursWanted(true, { NO_COLOR: "1" }, false)).toBe(false);
    expect(coloursWanted(true, {}, true)).toBe(false);
  });

  it("green ✓, red ✗ and a bold result when on; plain text when off", () => {
    const report = newReport("promote", "haproxy", false);
    report.outcome = "Production switched from blue to green (v2).";
    report.checks.push({ name: "verify health", ok: true, detail: "200" }, { name: "verify version", ok: false, detail: "v1" });
    expect(renderLog(report, false)).not.toContain("\x1b[");
    setColours(true);
    const text = renderLog(report, false);
    expect(text).toContain("\x1b[1mbluegreen promote (haproxy): Production switched from blue to green (v2).\x1b[0m");
    expect(text).toContain("\x1b[32m✓\x1b[0m verify health: 200");
    expect(text).toContain("\x1b[31m✗\x1b[0m verify version: v1");
  });
});

describe("plan lines", () => {
  it("details are verbose-only, alone or inside a labelled line; plain lines always show", () => {
    const lock = detail("hold the lock on /m (a bluegreen.lock lease entry)");
    const plain = "switch production blue → green in map m";
    expect(shownLine(lock, false)).toBeUndefined();
    expect(shownLine(lock, true)).toBe(lock);
    const would = labelledPlan("promote would: ", [lock, plain]);
    expect(would).toBe(`promote would: ${lock}; ${plain}`);
    expect(shownLine(would, false)).toBe(`promote would: ${plain}`);
    expect(shownLine(would, true)).toBe(would);
  });
});

describe("progress", () => {
  it("on a terminal: one line updated in place, cleared at the end", async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      let n = 0;
      const progress = startProgress(() => `green: ${++n}/3 replicas ready`, { terminal: true, quietMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      progress.stop();
    } finally {
      process.stdout.write = original;
    }
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written[0]).toBe("\r\x1b[2Kgreen: 1/3 replicas ready");
    expect(written[1]).toBe("\r\x1b[2Kgreen: 2/3 replicas ready");
    expect(written.at(-1)).toBe("\r\x1b[2K");
    expect(written.join("")).not.toContain("\n");
  });
});
