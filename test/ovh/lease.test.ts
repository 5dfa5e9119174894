import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { decodeLease } from "../../src/backends/ovh/lease.js";
import { joinServiceName, splitServiceName } from "../../src/backends/ovh/service-cell.js";
import { runAction } from "../support/action.js";
import { killTagged, TAG_VARIABLE } from "./kill.js";
import { FRONTENDS, KEY_INPUTS, SECRETS, startWorld, visibleText, type World } from "./world.js";

/**
 * The lease on a slow API, and a holder that is gone (issue 20, item 2), through the bundled action,
 * the real node-ovh client and the HTTPS model of the API.
 */

const ALL = [FRONTENDS.www80, FRONTENDS.www443, FRONTENDS.preview80, FRONTENDS.preview443];

function configured(world: World): (number | null)[] {
  return ALL.map((id) => world.fake.configuredFarm(id));
}

function live(world: World): (number | null)[] {
  return ALL.map((id) => world.fake.liveFarm(id));
}

function lease(world: World) {
  return decodeLease(splitServiceName(world.fake.service.displayName).leaseText);
}

/** The step's failure line (the `::error::` annotation): one sentence per state, said once. */
function errorLine(text: string): string {
  return text.split("\n").find((line) => line.startsWith("::error::")) ?? "";
}

async function prepared(): Promise<World> {
  const world = await startWorld();
  world.apps.green80.version = "v2";
  world.apps.green443.version = "v2";
  const run = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
  expect(run.code, run.stdout).toBe(0);
  return world;
}

describe("ipLoadbalancing lease: a slow API", () => {
  let world: World | undefined;
  afterEach(async () => {
    for (const run of world?.runs ?? []) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
    await world?.close();
    world = undefined;
  });

  it("switches with 1.5 s added to every request, and fails in one sentence, changing nothing, when timeout is too short for it", async () => {
    world = await prepared();
    const { fake } = world;
    fake.faults.latencyMs = 1_500;
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "180" });
    expect(promoted.code, visibleText(promoted)).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect({ configured: configured(world), live: live(world) }).toEqual({ configured: [21, 22, 11, 12], live: [21, 22, 11, 12] });
    // Taken at the first try: the settle follows the measured round trip, so the claim is not doubted.
    expect(promoted.stdout).not.toContain("too long to be sure");
    expect(promoted.stdout).not.toContain("trying again");
    expect(lease(world)).toBeUndefined();
    console.log(`promote with 1.5 s per request: ${Math.round(promoted.ms)} ms`);

    // The same latency, a timeout that cannot hold a lock and a switch: one sentence, nothing written.
    const writes = fake.writes.length;
    const rolledBack = await world.run({ ...KEY_INPUTS, mode: "rollback", timeout: "12" });
    expect(rolledBack.code).toBe(1);
    const line = errorLine(rolledBack.stdout);
    expect(line).toMatch(
      /^::error::Rollback to blue failed: The OVH API answers in about (\d+) ms per request here \(up to \d+ ms over the last \d+\): taking the lock on the Load Balancer loadbalancer-bluegreen-test \(a read, a write, a [\d.]+ s wait and a read\) and switching \(\d+ requests one after another at least\) need about [\d.]+ s, more than the \d+ s left of timeout \(12 s\), so nothing was changed; raise timeout above \d+ s\. Production stays on green\.$/,
    );
    const measured = Number(/answers in about (\d+) ms/.exec(line)?.[1]);
    expect(measured).toBeGreaterThanOrEqual(1_500);
    expect(fake.writes.length).toBe(writes);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "green", changed: "false" });
    expect({ configured: configured(world), live: live(world) }).toEqual({ configured: [21, 22, 11, 12], live: [21, 22, 11, 12] });
    expect(lease(world)).toBeUndefined();
  }, 300_000);
});

describe("ipLoadbalancing lease: a holder that is gone", () => {
  let world: World | undefined;
  afterEach(async () => {
    for (const run of world?.runs ?? []) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
    await world?.close();
    world = undefined;
  });

  /** Starts a promote and SIGKILLs it when its refresh task is first looked at: it holds the lease then. */
  async function promoteKilledHoldingTheLease(target: World): Promise<void> {
    const tag = `lease-${process.pid}-${Date.now()}`;
    target.fake.onRequest = (method, path) => {
      if (method === "GET" && /\/task\/\d+$/.test(path)) {
        target.fake.onRequest = undefined;
        killTagged(tag);
      }
    };
    const killed = await target.run({ ...KEY_INPUTS, mode: "promote", version: "v2" }, { [TAG_VARIABLE]: tag });
    expect(killed.code).not.toBe(0);
    const held = lease(target);
    expect(held?.until ?? 0).toBeGreaterThan(target.fake.apiTime());
    // Its refresh ends by itself: production is on green, still under the dead run's lease.
    while (target.fake.activeTasks().length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live(target)).toEqual([21, 22, 11, 12]);
  }

  it("a rollback on the same machine takes over a killed holder's lease at once", async () => {
    world = await prepared();
    await promoteKilledHoldingTheLease(world);
    const rolledBack = await world.run({ ...KEY_INPUTS, mode: "rollback" });
    expect(rolledBack.code, visibleText(rolledBack)).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", changed: "true" });
    expect(rolledBack.stdout).toMatch(/whose process \(pid \d+\) on this machine is gone: it holds nothing/);
    expect(rolledBack.stdout).not.toContain("waiting until it is done");
    expect(live(world)).toEqual([11, 12, 21, 22]);
    expect(lease(world)).toBeUndefined();
    console.log(`rollback after a killed holder, same machine: ${Math.round(rolledBack.ms)} ms`);
  }, 120_000);

  it("a rollback on another machine waits only for the short lease: done within 20 s of its start", async () => {
    world = await prepared();
    await promoteKilledHoldingTheLease(world);
    // The same lease, as a holder on another runner wrote it: its process cannot be checked from here.
    const held = lease(world);
    if (!held) throw new Error("no lease");
    world.fake.service.displayName = joinServiceName(
      splitServiceName(world.fake.service.displayName).userName,
      new URLSearchParams({ owner: held.owner, until: String(held.until), host: "0123456789ab", pid: String(held.pid) }).toString(),
    );
    const rolledBack = await world.run({ ...KEY_INPUTS, mode: "rollback" });
    expect(rolledBack.code, visibleText(rolledBack)).toBe(0);
    expect(rolledBack.stdout).toContain(`Another bluegreen run (${held.owner}) holds the lock`);
    expect(rolledBack.ms).toBeLessThan(20_000);
    expect(live(world)).toEqual([11, 12, 21, 22]);
    expect(lease(world)).toBeUndefined();
    console.log(`rollback after a killed holder, another machine: ${Math.round(rolledBack.ms)} ms`);
  }, 120_000);

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`a promote cancelled with ${signal} while it switches frees the lease, writes nothing more, and says where production is`, async () => {
      world = await prepared();
      const { fake } = world;
      let child: ChildProcess | undefined;
      let signalledAt = 0;
      let freedAt = 0;
      fake.onRequest = (method, path) => {
        if (method === "PUT" && path.endsWith(`/frontend/${FRONTENDS.www443}`) && child && !signalledAt) {
          signalledAt = performance.now();
          child.kill(signal);
        }
      };
      const freed = setInterval(() => {
        if (signalledAt && !freedAt && lease(world as World) === undefined) freedAt = performance.now();
      }, 20);
      const run = await runAction({ ...world.inputs, ...KEY_INPUTS, mode: "promote", version: "v2" }, world.env, (spawned) => {
        child = spawned;
      });
      clearInterval(freed);
      fake.onRequest = undefined;
      world.runs.push(run);
      expect(run.code).toBe(1);
      expect(signalledAt).toBeGreaterThan(0);
      // Freed well before the runner's SIGKILL (10 s after SIGINT).
      expect(freedAt - signalledAt).toBeLessThan(5_000);
      expect(lease(world)).toBeUndefined();
      const line = errorLine(run.stdout);
      // The signal is handled between two requests: the PUT in flight then (frontend 3's, on a loaded machine) still lands.
      const stop = new RegExp(
        `Cancelled by ${signal} while holding the lock on the Load Balancer loadbalancer-bluegreen-test: the lock was freed, and nothing more was written; the switch stopped at PUT frontend (3|4) \\(port \\d+\\), after PUT frontend 1, frontend 2(, frontend 3)? \\(not put back\\)\\.`,
      ).exec(line);
      expect(stop, line).not.toBeNull();
      const thirdWritten = stop?.[2] !== undefined;
      expect(stop?.[1]).toBe(thirdWritten ? "4" : "3");
      // Frontends 1 and 2 (and 3, if its PUT was in flight) are configured as written, no refresh applied them:
      // production runs blue, and the step says so once.
      expect({ configured: configured(world), live: live(world) }).toEqual({
        configured: [21, 22, thirdWritten ? 11 : 21, 22],
        live: [11, 12, 21, 22],
      });
      expect(line).toMatch(
        /Production is on blue; its configuration sends it to green, which no refresh has applied: run promote or rollback to settle it\.$/,
      );
      expect(line.match(/Production is/g)).toHaveLength(1);
      expect(fake.tasks.size).toBe(1); // prepare's refresh only: none after the cancel
      // The next run settles it, at once (the lease is free).
      const again = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
      expect(again.code, visibleText(again)).toBe(0);
      expect(again.stdout).not.toContain("waiting until it is done");
      expect({ configured: configured(world), live: live(world) }).toEqual({ configured: [21, 22, 11, 12], live: [21, 22, 11, 12] });
    }, 120_000);
  }
});
