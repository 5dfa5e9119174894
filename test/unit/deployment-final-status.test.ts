import { describe, expect, it } from "vitest";
import type { RouterState } from "../../src/backend.js";
import { finalStatus } from "../../src/platform/deployments.js";
import { newReport, type Report } from "../../src/report.js";

/** The decision of a record's final status, case by case: what production runs afterwards decides it. */
function state(live: "blue" | "green", split = false): RouterState {
  return { live, ledger: { versions: {} }, revision: "r", details: {}, warnings: [], ...(split ? { split } : {}) };
}

function report(fields: Partial<Report>): Report {
  return { ...newReport("promote", "haproxy", false), before: state("blue"), ...fields };
}

const plan = { color: "green", from: "blue", version: "v2" } as const;

describe("finalStatus of a GitHub deployment record", () => {
  it("success when the switch left production on the release, whatever failed after it", () => {
    expect(finalStatus(report({ changed: true, after: state("green") }), plan)).toEqual({
      state: "success",
      description: "green live: v2 (was blue)",
    });
    expect(finalStatus(report({ changed: true, after: state("green") }), plan, "EISDIR")).toEqual({
      state: "success",
      description: "green live: v2 (was blue). The step's outputs were lost (they could not be written), so the step failed.",
    });
    const stayed = finalStatus(
      report({ changed: true, after: state("green"), failure: "Production is on green but verification failed (x)." }),
      plan,
    );
    expect(stayed).toEqual({
      state: "success",
      description: "green live: v2 (was blue). The step failed after the switch: Production is on green but verification failed (x).",
    });
  });

  it("failure when production is not on it: refused, or returned by the automatic rollback, or split", () => {
    expect(finalStatus(report({ failure: "Refusing to promote green: not ready." }), plan).state).toBe("failure");
    expect(finalStatus(report({ changed: true, after: state("blue"), failure: "traffic was returned to blue." }), plan).state).toBe(
      "failure",
    );
    expect(finalStatus(report({ changed: true, after: state("green", true), failure: "split." }), plan).state).toBe("failure");
  });

  it("error when the switch was written and the router could not be read again; inactive when another run moved production on", () => {
    const unknown = finalStatus(report({ changed: true, failure: "Where production is now is unknown: ..." }), plan);
    expect(unknown).toEqual({ state: "error", description: "Where production is now is unknown: ..." });
    const moved = finalStatus(report({ changed: true, after: state("blue"), outcome: "then moved to blue by another run." }), plan);
    expect(moved).toEqual({ state: "inactive", description: "then moved to blue by another run." });
    expect(finalStatus(report({ outcome: "green was promoted already; nothing changed." }), plan).state).toBe("inactive");
  });
});
