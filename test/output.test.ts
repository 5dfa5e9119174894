import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { runCommand } from "./support/cli-cycle.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const BUNDLE = [process.execPath, path.join(ROOT, "dist/index.js")];
const schema = JSON.parse(readFileSync(path.join(ROOT, "docs/output.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface JsonDocument {
  result: string;
  outcome: string;
  changed: boolean;
  before: { production: string } | null;
  after: { production: string } | null;
  plan: { text: string; detail: boolean }[];
  checks: { name: string; ok: boolean; detail: string }[];
  timings: { step: string; ms: number }[];
  outputs: Record<string, string> | null;
}

/** The one JSON document stdout holds, checked against docs/output.schema.json by a real validator (ajv). */
function parseDocument(stdout: string): JsonDocument {
  const document = JSON.parse(stdout) as JsonDocument;
  const valid = validate(document);
  expect(validate.errors ?? [], JSON.stringify(document, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return document;
}

describe("output for people and for scripts, against a real HAProxy", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let common: string[];

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    common = ["--backend", "haproxy", "--haproxy-socket", haproxy.socket, "--haproxy-map", haproxy.mapFile, "--timeout", "30"];
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  it("--output json: stdout is one JSON document that the schema accepts, with the plan, checks and timings", async () => {
    const prepared = await runCommand(BUNDLE, ["prepare", ...common, "--version", "v2", "--deploy-command", DEPLOY, "--output", "json"]);
    expect(prepared.code, prepared.stderr).toBe(0);
    const prepare = parseDocument(prepared.stdout);
    expect(prepare).toMatchObject({ result: "succeeded", changed: true, outputs: { "active-color": "blue", "target-color": "green" } });
    // The human log went to stderr, the deploy command's output included; stdout holds the document alone.
    expect(prepared.stderr).toContain("bluegreen prepare (haproxy): Prepared v2 on green; production stays on blue.");
    expect(prepared.stderr).toContain("deploy-demo-app: v2 installed on green");

    const promoted = await runCommand(BUNDLE, [
      "promote",
      ...common,
      "--version",
      "v2",
      "--verify-url",
      `http://127.0.0.1:${haproxy.wwwPort}`,
      "--output",
      "json",
      "--verbose",
    ]);
    expect(promoted.code, promoted.stderr).toBe(0);
    const promote = parseDocument(promoted.stdout);
    expect(promote.before?.production).toBe("blue");
    expect(promote.after?.production).toBe("green");
    // The plan as data: the plain change, and the details the default log leaves out, marked as such.
    expect(promote.plan).toContainEqual({
      text: expect.stringMatching(/^switch production blue → green and preview green → blue in map /),
      detail: false,
    });
    expect(promote.plan).toContainEqual({ text: expect.stringMatching(/^set map \S+ active green \(was blue\)$/), detail: true });
    expect(promote.checks.map((check) => check.name)).toContain("verify health /health");
    expect(promote.timings.map((timing) => timing.step)).toContain("switch to green");
    // --verbose shows the details in the log (stderr here); the outputs are in the document.
    expect(promoted.stderr).toMatch(/plan: {3}set map \S+ active green \(was blue\)/);
    expect(promote.outputs?.plan).toContain("set map");

    const failed = await runCommand(BUNDLE, ["promote", ...common, "--version", "v9", "--output", "json"]);
    expect(failed.code).toBe(1);
    const failure = parseDocument(failed.stdout);
    expect(failure.result).toBe("failed");
    expect(failure.outcome).toContain("Version v9 is not prepared on either color");
    // The sentence is said once in the log (stderr under --output json).
    expect(failed.stderr.split("Version v9 is not prepared").length - 1).toBe(1);
    expect(failed.stderr).toContain("✗ bluegreen promote (haproxy): Version v9 is not prepared on either color");

    const status = await runCommand(BUNDLE, ["status", ...common, "--output", "json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(parseDocument(status.stdout)).toMatchObject({ result: "succeeded", outputs: { "active-color": "green" } });
  }, 120_000);

  it("a 20 s bake in a CI log (no terminal) prints progress lines whose values change", async () => {
    const promoted = await runCommand(BUNDLE, [
      "rollback",
      ...common,
      "--verify-url",
      `http://127.0.0.1:${haproxy.wwwPort}`,
      "--bake-time",
      "20",
      "--bake-interval",
      "4",
    ]);
    expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
    const lines = promoted.stdout.split("\n").filter((line) => /^bake \d+\/20 s, \d+ checks passed$/.test(line));
    // Not a terminal: no carriage-return updates, one line after 2 s and every 10 s.
    expect(promoted.stdout).not.toContain("\r");
    expect(lines.length, promoted.stdout).toBeGreaterThanOrEqual(2);
    const values = lines.map((line) => /^bake (\d+)\/20 s, (\d+) checks/.exec(line)?.slice(1).map(Number) as number[]);
    expect(new Set(values.map(([second]) => second)).size, lines.join("\n")).toBe(values.length);
    expect((values.at(-1) as number[])[1], lines.join("\n")).toBeGreaterThan((values[0] as number[])[1] as number);
    expect(promoted.stdout).toContain("bluegreen rollback (haproxy): Production rolled back from green to blue.");
  }, 90_000);
});

describe("the demo (npm run demo)", () => {
  it("prints at most 60 lines of at most 120 characters, each step with its result, its changes and its checks", async () => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/demo.ts")], {
      cwd: ROOT,
      env: { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stdout + stderr).toBe(0);
    const lines = (stdout + stderr).trimEnd().split("\n");
    // npm run adds its own 4 lines: the demo keeps 56 so that the whole screen stays within 60.
    expect(lines.length, lines.join("\n")).toBeLessThanOrEqual(56);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(120);
    const text = lines.join("\n");
    expect(text).not.toContain("\x1b[");
    const stepWith = (title: string, ...expected: (string | RegExp)[]) => {
      const start = lines.findIndex((line) => line.startsWith(`== bluegreen ${title}`));
      expect(start, title).toBeGreaterThan(-1);
      const end = lines.findIndex((line, i) => i > start && line.startsWith("== "));
      const step = lines.slice(start, end).join("\n");
      for (const part of expected) expect(step, title).toMatch(part);
    };
    stepWith(
      "prepare",
      "bluegreen prepare (haproxy): Prepared v2 on green; production stays on blue.",
      /plan: {3}record the release record/,
      /✓ green ready: /,
    );
    stepWith(
      "test",
      "bluegreen test (haproxy): Tested green (v2): all 5 checks passed.",
      /plan: {3}promote would: switch production blue → green/,
      /✓ reached green: /,
    );
    stepWith(
      "promote --version v2 --require-test",
      "bluegreen promote (haproxy): Production switched from blue to green (v2).",
      /plan: {3}switch production blue → green and preview green → blue in map bluegreen\.map/,
      /✓ verify version \/version: serves v2/,
    );
    stepWith(
      "rollback --verify-url",
      "bluegreen rollback (haproxy): Production rolled back from green to blue.",
      /plan: {3}switch production green → blue/,
      /✓ verify health /,
    );
    stepWith("status", "bluegreen status (haproxy): Production is on blue; preview on green (v2).", /blue ready +yes: /);
    // The internals are verbose-only.
    expect(text).not.toMatch(/set map|bluegreen\.lock|prepare map/);
  }, 120_000);
});
