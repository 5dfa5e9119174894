import { describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import { MemoryRouter, type ModeRun, type MemoryRouter as Router, runMode } from "../support/memory-backend.js";

/**
 * The real mode functions (src/modes/*) in-process over the in-memory router: the whole cycle, a
 * run killed after each of its writes and finished by the next run, a failure before each write
 * that changes nothing, a hung call, a race with another pipeline. Milliseconds per case.
 */
const base = { "deploy-command": "none", "require-test": "false" };
const prepareV2 = { ...base, mode: "prepare", version: "v2" };
const promote = { ...base, mode: "promote" };
const rollback = { ...base, mode: "rollback" };

/** blue live with v1 (promoted once), green idle. */
function fresh(): Router {
  return new MemoryRouter({ ledger: "live=blue&previous=green&blue=v1&green=v0&action=promote&at=2026-01-01T00:00:00.000Z&run=r0" });
}

/** The router's routing and ledger, without the times and runs that differ from run to run. */
function outcome(router: Router) {
  const { at: _at, run: _run, ...ledger } = decodeLedger(router.ledgerText);
  return { production: router.production, preview: router.preview, ledger };
}

const ok = (run: ModeRun) => {
  expect(run.failure).toBeUndefined();
  return run.result;
};

describe("modes over the in-memory router", () => {
  it("prepare, promote, rollback, each repeated: one write each, the repeat writes nothing", async () => {
    const started = performance.now();
    const router = fresh();
    expect(ok(await runMode(router, prepareV2))).toMatchObject({ active: "blue", target: "green", changed: true });
    expect(router.writes).toEqual([[expect.stringMatching(/^ledger: .*green=v2.*pending=green/)]]);
    expect(ok(await runMode(router, prepareV2))).toMatchObject({ changed: false });
    expect(ok(await runMode(router, promote))).toMatchObject({ active: "green", previous: "blue", version: "v2", changed: true });
    expect(router.writes[1]).toEqual(["production www: blue -> green", "preview: green -> blue", expect.stringMatching(/^ledger: /)]);
    const again = await runMode(router, promote);
    expect(again.report.outcome).toMatch(/^green was promoted already .* nothing changed\.$/);
    expect(ok(await runMode(router, rollback))).toMatchObject({ active: "blue", previous: "green", changed: true });
    expect((await runMode(router, rollback)).report.outcome).toMatch(/^Already rolled back to blue at .*; nothing changed\.$/);
    expect(router.writes).toHaveLength(3);
    const status = await runMode(router, { mode: "status" });
    expect(status.result).toMatchObject({ active: "blue", target: "green" });
    expect(router.writes).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  for (const [name, setup, inputs] of [
    ["prepare", () => fresh(), prepareV2],
    ["promote", () => prepared(), promote],
    ["rollback", () => promoted(), rollback],
  ] as const) {
    it(`${name}: a run killed after each of its writes is finished by the next run, as if never killed`, async () => {
      const clean = setup();
      ok(await runMode(clean, inputs));
      const writes = clean.writeCount;
      expect(writes).toBeGreaterThan(0);
      for (let k = 0; k < writes; k++) {
        const router = setup();
        router.inject("apply", "throw after", k);
        const killed = await runMode(router, inputs);
        expect(killed.failure, `write ${k + 1} of ${writes}`).toBeDefined();
        const next = await runMode(router, inputs);
        expect(next.failure, `the run after a kill at write ${k + 1}: ${next.failure}`).toBeUndefined();
        expect(outcome(router)).toEqual(outcome(clean));
      }
    });

    it(`${name}: a failure before each write changes nothing, and the sentence says where production is`, async () => {
      const clean = setup();
      ok(await runMode(clean, inputs));
      for (let k = 0; k < clean.writeCount; k++) {
        const router = setup();
        const before = outcome(router);
        router.inject("apply", "throw before", k);
        const run = await runMode(router, inputs);
        expect(run.failure).toMatch(/injected, before it acted/);
        expect(run.failure).toMatch(/Production (stays on blue|was not touched)|blue's version is now recorded|stays on/);
        // Prepare's failure path records the failed prepare (that is a ledger write, allowed); routing never moves.
        expect({ production: router.production, preview: router.preview }).toEqual({
          production: before.production,
          preview: before.preview,
        });
      }
    });
  }

  it("a hung write holds the run until it is cut off; the run then says where production is", async () => {
    const router = prepared();
    router.inject("apply", "hang");
    const run = runMode(router, promote);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(router.production).toEqual({ www: "blue" });
    router.release();
    const done = await run;
    expect(done.failure).toBe("Promote of green failed: The in-memory router's apply was cut off (it hung). Production stays on blue.");
  });

  it("another pipeline's write between the read and the switch: a conflict, nothing changed by this run", async () => {
    const router = prepared();
    router.inject("apply", "race", 0, { preview: "green", ledger: "live=blue&blue=v1&green=v3&pending=green" });
    const run = await runMode(router, promote);
    expect(run.failure).toBe(
      "Promote of green failed: The in-memory router changed since it was read; nothing was changed. Production stays on blue.",
    );
    expect(router.production).toEqual({ www: "blue" });
    expect(decodeLedger(router.ledgerText).versions.green).toBe("v3");
  });

  it("a split router: promote with nothing prepared makes it whole on the color the router reports", async () => {
    const router = new MemoryRouter({
      production: { www: "blue", api: "green" },
      ledger: "live=blue&previous=green&blue=v1&action=promote",
    });
    const run = await runMode(router, promote);
    expect(run.report.outcome).toBe("Moved all of production to blue: it was split between colors.");
    expect(router.production).toEqual({ www: "blue", api: "blue" });
    expect(router.writes[0]?.[0]).toBe("production api: green -> blue");
  });
});

function prepared(): Router {
  return new MemoryRouter({
    ledger: "live=blue&previous=green&blue=v1&green=v2&pending=green&action=promote&at=2026-01-01T00:00:00.000Z&run=r0",
  });
}

function promoted(): Router {
  return new MemoryRouter({
    production: { www: "green" },
    preview: "blue",
    ledger: "live=green&previous=blue&blue=v1&green=v2&action=promote&at=2026-01-01T00:00:00.000Z&run=r1",
  });
}
