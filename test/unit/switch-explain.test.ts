import { describe, expect, it } from "vitest";
import type { RouteChange, RoutePlan, Router, RouterState, Workload } from "../../src/backend.js";
import { ConflictError, RouterError, TimeoutError } from "../../src/errors.js";
import type { ModeContext } from "../../src/modes/context.js";
import { switchOrExplain } from "../../src/modes/switch.js";
import { newReport } from "../../src/report.js";
import { waitForHealthy } from "../../src/smoke/checks.js";
import { pollUntil } from "../../src/wait.js";

/** An in-memory router: apply() runs `onApply`, read() shows `current`. */
function memoryRouter(current: RouterState, onApply: (change: RouteChange) => void): Router {
  return {
    kind: "haproxy",
    switchesAtOnce: true,
    read: async () => current,
    plan: (change, state) => ({ change, state }),
    describe: () => [],
    apply: async (plan) => onApply(plan.change),
    previewRequester: undefined,
    servedRequests: undefined,
    durable: true,
  };
}

const workload: Workload = {
  readiness: async () => ({ ready: true, summary: "1/1 UP" }),
  fingerprint: async () => "f",
  targets: undefined,
  deploy: undefined,
  scaleDown: undefined,
  runningVersion: undefined,
  servingRestore: undefined,
};

/** The switch from `state` to `change`, as the router plans it. */
function plan(change: RouteChange, state: RouterState): RoutePlan {
  return { change, state };
}

function state(live: "blue" | "green"): RouterState {
  return { live, preview: live === "blue" ? "green" : "blue", ledger: { versions: {} }, revision: "r", details: {}, warnings: [] };
}

function context(router: Router): ModeContext {
  const config = { dryRun: false } as ModeContext["config"];
  return { config, router, workload, report: newReport("promote", "haproxy", false), run: "test", now: () => new Date() };
}

describe("switchOrExplain: one true sentence about where production is after a failed switch (issue 11 case 16)", () => {
  it("a run that lost a race says it changed nothing, and that another run switched", async () => {
    const router = { current: state("blue") };
    const backend = memoryRouter(router.current, () => {
      throw new ConflictError("The map changed since it was read (another run); nothing was changed.");
    });
    backend.read = async () => state("green"); // the winner's switch
    const ctx = context(backend);
    const error = await switchOrExplain(
      ctx,
      plan({ live: "green", preview: "blue", ledger: { versions: {} } }, state("blue")),
      "Promote of green",
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "Promote of green failed: The map changed since it was read (another run); nothing was changed. Production is on green, switched by another run, not by this one.",
    );
    expect((error as Error).message).not.toMatch(/switch completed/);
    expect(ctx.report.changed).toBe(false);
  });

  it("a write whose answer was lost, but which the router shows applied, says where production is and counts as a change", async () => {
    const backend = memoryRouter(state("blue"), () => {
      throw new RouterError("no answer within 5 s");
    });
    backend.read = async () => state("green");
    const ctx = context(backend);
    const error = await switchOrExplain(
      ctx,
      plan({ live: "green", preview: "blue", ledger: { versions: {} } }, state("blue")),
      "Promote of green",
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe("Promote of green failed: no answer within 5 s. Production is on green.");
    expect(ctx.report.changed).toBe(true);
  });

  it("a router that cannot be read afterwards is reported as unknown, not guessed", async () => {
    const backend = memoryRouter(state("blue"), () => {
      throw new RouterError("connection reset");
    });
    backend.read = async () => {
      throw new RouterError("connection refused");
    };
    const error = await switchOrExplain(
      context(backend),
      plan({ live: "green", preview: "blue", ledger: { versions: {} } }, state("blue")),
      "Rollback to green",
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "Rollback to green failed: connection reset. Where production is now is unknown: the router could not be read afterwards (it was on blue before).",
    );
  });
});

describe("waits say the time they waited (issue 11 case 7)", () => {
  it("pollUntil waits the whole timeout before it says so", async () => {
    const started = Date.now();
    const error = await pollUntil("green becoming ready", 1_200, async () => ({ done: false, detail: "0/1 UP" }), 100, 2_000).catch(
      (e: Error) => e,
    );
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(waited).toBeGreaterThanOrEqual(1_200);
    expect((error as Error).message).toMatch(/^green becoming ready did not happen within 1\.[2-9] s; last seen: 0\/1 UP\.$/);
  });

  it("a host name that does not resolve ends the wait at once (the resolver's answer, as undici reports it)", async () => {
    const requester = {
      describe: "http://preview.example.invalid/",
      get: async () => {
        throw Object.assign(new Error("getaddrinfo ENOTFOUND preview.example.invalid"), { code: "ENOTFOUND" });
      },
    };
    const started = Date.now();
    const error = await waitForHealthy(requester, "/health", 300_000).catch((e: Error) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((error as Error).message).toBe(
      "http://preview.example.invalid/health cannot be reached: its host name does not resolve (no answer from http://preview.example.invalid/health: getaddrinfo ENOTFOUND preview.example.invalid).",
    );
  });
});
