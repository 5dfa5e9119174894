import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/backend.js";
import { otherColor } from "../../src/colors.js";
import { ConflictError } from "../../src/errors.js";
import type { Config } from "../../src/inputs.js";
import type { Ledger } from "../../src/ledger.js";
import type { ModeContext, ModeResult } from "../../src/modes/context.js";
import { promote } from "../../src/modes/promote.js";
import { status } from "../../src/modes/status.js";
import { switchedRouting } from "../../src/policy/index.js";
import { newReport, type Report } from "../../src/report.js";
import { CONTRACT_BACKENDS, type ContractWorld } from "./backends.js";

/**
 * One contract, every backend (the table in backends.ts): a switch moves production and the
 * preview entry in one write step; the plan describe() shows is the one apply() carries out (on the
 * in-memory router, line for line against the writes it recorded); a revision changed since the read
 * fails with a ConflictError and changes nothing; the ledger round-trips; status sends reads only.
 * Each backend's world is started once and every case leaves it as it found it.
 */
const stamp = { now: new Date("2026-06-01T12:00:00.000Z"), run: "contract-run" };

/** A ledger with every field set, as bluegreen writes one. */
function richLedger(live: Ledger["live"]): Ledger {
  return {
    live,
    previous: otherColor(live ?? "blue"),
    versions: { blue: "v1", green: "v2.0-rc.1" },
    refs: { blue: "0123456789abcdef0123456789abcdef01234567", green: "89abcdef0123" },
    pending: otherColor(live ?? "blue"),
    lastAction: "promote",
    at: "2026-06-01T11:00:00.000Z",
    run: "github:org/repo/1",
    tested: { color: otherColor(live ?? "blue"), version: "v2.0-rc.1", fingerprint: "green[10.0.0.2:80]", at: "2026-06-01T11:30:00.000Z" },
    bake: { state: "cancelled", until: "2026-06-01T11:10:00.000Z" },
  };
}

/** Runs a real mode function over the backend, with the contract's fixed clock and run. */
async function runMode(
  mode: (ctx: ModeContext) => Promise<ModeResult>,
  backend: Backend,
  config: Config,
): Promise<{ result: ModeResult; report: Report }> {
  const report = newReport(config.mode, config.backend, config.dryRun);
  const ctx: ModeContext = { config, router: backend.router, workload: backend.workload, report, run: stamp.run, now: () => stamp.now };
  return { result: await mode(ctx), report };
}

for (const entry of CONTRACT_BACKENDS) {
  describe(`contract: ${entry.name}`, () => {
    let world: ContractWorld;
    const opened: Backend[] = [];
    const open = async (mode = "promote", inputs: Record<string, string> = {}) => {
      const { backend, config } = await world.open({ mode, ...inputs });
      opened.push(backend);
      return { router: backend.router, backend, config };
    };
    beforeAll(async () => {
      world = await entry.start();
    }, 60_000);
    afterAll(async () => {
      for (const backend of opened) await backend.close().catch(() => undefined);
      await world?.close();
    });

    it("a switch moves production and the preview entry, and describe() names exactly the writes apply() made", async () => {
      const { router } = await open();
      const before = await router.read();
      const target = otherColor(before.live);
      const plan = router.plan(switchedRouting(before, target, "promote", stamp), before);
      const lines = router.describe(plan);
      expect(lines.length).toBeGreaterThan(0);
      // Plan as data: describing it again, or after applying it, says the same.
      expect(router.describe(plan)).toEqual(lines);
      world.mark();
      await router.apply(plan);
      const writes = world.writes();
      expect(writes.length).toBeGreaterThan(0);
      // What the plan said is what was written, object for object (the order aside: openshift-route
      // writes the preview Route before the production one its plan names first).
      expect([...entry.routingWrites.recorded(writes)].sort()).toEqual([...entry.routingWrites.planned(lines)].sort());
      expect(entry.routingWrites.planned(lines).length).toBeGreaterThan(0);
      expect(router.describe(plan)).toEqual(lines);
      const after = await router.read();
      expect(after.live).toBe(target);
      expect(after.split ?? false).toBe(false);
      if (after.preview !== undefined) expect(after.preview).toBe(before.live);
      expect(after.ledger).toEqual(plan.change.ledger);
      // And back, so the next case finds the world as it was.
      await router.apply(router.plan(switchedRouting(after, before.live, "rollback", stamp), after));
      expect((await router.read()).live).toBe(before.live);
    });

    it("the ledger round-trips: every field written with the routing reads back the same", async () => {
      const { router } = await open();
      const before = await router.read();
      const ledger = richLedger(before.live);
      await router.apply(router.plan({ live: before.live, preview: before.preview ?? otherColor(before.live), ledger }, before));
      const after = await router.read();
      expect(after.ledger).toEqual(ledger);
      expect(after.live).toBe(before.live);
    });

    it("a revision changed since the read: ConflictError, and nothing of this run is written", async () => {
      const { router } = await open();
      const stale = await router.read();
      const plan = router.plan(switchedRouting(stale, otherColor(stale.live), "promote", stamp), stale);
      // Another pipeline writes in between (its own ledger, production unchanged).
      const other = (await open()).router;
      const now = await other.read();
      const theirs: Ledger = { ...now.ledger, run: "another-pipeline", at: "2026-06-01T12:00:01.000Z" };
      await other.apply(other.plan({ live: now.live, preview: now.preview ?? otherColor(now.live), ledger: theirs }, now));
      world.mark();
      const error = await router.apply(plan).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(/nothing was changed|changed nothing/);
      const after = await router.read();
      expect(after.live).toBe(stale.live);
      expect(after.ledger.run).toBe("another-pipeline");
    });

    it("a dry-run promote writes nothing and plans exactly what the real promote then does", async () => {
      const { router } = await open();
      const start = await router.read();
      const idle = otherColor(start.live);
      // Something to promote: the idle color prepared (its version as the workload runs it).
      const prepared: Ledger = { versions: { [start.live]: "v1", [idle]: "v0" }, pending: idle, live: start.live };
      await router.apply(router.plan({ live: start.live, preview: start.preview ?? idle, ledger: prepared }, start));
      const dry = await open("promote", { "dry-run": "true" });
      world.mark();
      const planned = await runMode(promote, dry.backend, dry.config);
      expect(world.writes()).toEqual([]);
      expect(planned.result).toMatchObject({ active: start.live, target: idle, changed: false });
      const real = await open();
      const done = await runMode(promote, real.backend, real.config);
      expect(done.result).toMatchObject({ active: idle, changed: true });
      expect(world.writes().length).toBeGreaterThan(0);
      expect(done.report.plan).toEqual(planned.report.plan);
      // Back to where the suite found it.
      const now = await router.read();
      await router.apply(router.plan(switchedRouting(now, start.live, "rollback", stamp), now));
      expect((await router.read()).live).toBe(start.live);
    });

    it("status sends reads only", async () => {
      const { backend, config } = await open("status");
      world.mark();
      const { result } = await runMode(status, backend, config);
      expect(result.changed).toBe(false);
      expect(world.writes()).toEqual([]);
    });
  });
}
