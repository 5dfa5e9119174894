import { describe, expect, it } from "vitest";
import type { RouterState } from "../src/backend.js";
import { renderMarkdown, renderText } from "../src/platform/summary.js";
import { newReport } from "../src/report.js";

function state(
  live: "blue" | "green",
  preview: "blue" | "green",
  versions: { blue?: string; green?: string },
  previous?: "blue" | "green",
): RouterState {
  return {
    live,
    preview,
    ledger: { versions, ...(previous ? { previous } : {}) },
    revision: "r1",
    details: { map: "/etc/haproxy/bluegreen.map" },
    warnings: [],
  };
}

describe("job summary", () => {
  it("test mode shows the exact switch promote would make, each router change on its own line", () => {
    const report = newReport("test", "haproxy", false);
    report.before = state("blue", "green", { blue: "v1", green: "v2" });
    report.target = "green";
    report.outcome = "green (v2) passed.";
    report.plan.push(
      "promote would: set map /m active green (was blue); set map /m preview blue (was green); record bluegreen.ledger in /m",
    );
    report.checks.push({ name: "health", ok: true, detail: "200 in 3 ms" }, { name: "p95", ok: false, detail: "812 ms > 500 ms" });
    report.timings.push({ step: "read router", ms: 4 }, { step: "load", ms: 120 });
    const md = renderMarkdown(report);
    expect(md).toContain("## bluegreen test (haproxy) ✅ no change");
    expect(md).toContain(
      [
        "### Promote would switch",
        "",
        "Exactly these changes, if promote runs on the router as it is now:",
        "",
        "```text",
        "promote would: set map /m active green (was blue)",
        "               set map /m preview blue (was green)",
        "               record bluegreen.ledger in /m",
        "```",
      ].join("\n"),
    );
    // The promote lines are not repeated as this run's own plan.
    expect(md).not.toContain("### Plan");
    expect(md).toContain("| after (unchanged) |");
    expect(md).toContain("| target of this test | green | |");
    expect(md).toContain("| health | ✅ | 200 in 3 ms |");
    expect(md).toContain("| p95 | ❌ | 812 ms > 500 ms |");
    expect(md).toContain("| **total** | **124** |");
  });

  it("dry-run says nothing was applied and lists the plan as code", () => {
    const report = newReport("promote", "haproxy", true);
    report.before = state("blue", "green", { blue: "v1", green: "v2" });
    report.target = "green";
    report.outcome = "Dry run: would switch production from blue to green (v2); nothing changed.";
    report.plan.push("set map /m active green (was blue)", "set map /m preview blue (was green)");
    const md = renderMarkdown(report);
    expect(md).toContain("## bluegreen promote (haproxy) 📝 dry run");
    expect(md).toContain("| | before | after (dry run: nothing applied) |");
    expect(md).toContain("| production | blue | blue |");
    expect(md).toContain(
      "### Plan (dry run: not applied)\n\n- `set map /m active green (was blue)`\n- `set map /m preview blue (was green)`",
    );
  });

  it("promote shows before and after side by side, and escapes table cells", () => {
    const report = newReport("promote", "haproxy", false);
    report.before = state("blue", "green", { blue: "v1", green: "v2" });
    report.after = state("green", "blue", { blue: "v1", green: "v2" }, "blue");
    report.changed = true;
    report.target = "green";
    report.outcome = "Production switched from blue to green (v2).";
    report.warnings.push("a | pipe\nand a newline");
    const md = renderMarkdown(report);
    expect(md).toContain("| | before | after |");
    expect(md).toContain("| production | blue | green |");
    expect(md).toContain("| preview | green | blue |");
    expect(md).toContain("| previous | - | blue |");
    expect(md).toContain("| map | /etc/haproxy/bluegreen.map | /etc/haproxy/bluegreen.map |");
    expect(md).toContain("- ⚠️ a \\| pipe and a newline");
  });

  it("a failure leads with its sentence", () => {
    const report = newReport("promote", "haproxy", false);
    report.before = state("blue", "green", {});
    report.failure = "Refusing to promote green: it is not ready (0/1 servers UP).";
    const md = renderMarkdown(report);
    expect(md.split("\n").slice(0, 3)).toEqual(["## bluegreen promote (haproxy) ❌ failed", "", report.failure]);
    expect(renderText(report)).toMatch(/^bluegreen promote \(haproxy\): Refusing to promote green/);
  });
});
