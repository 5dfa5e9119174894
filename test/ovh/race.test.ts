import { afterEach, describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import type { ActionRun } from "../support/action.js";
import { FARMS, FRONTENDS, KEY_INPUTS, SECRETS, SERVICE, startWorld, visibleText, type World } from "./world.js";

/**
 * Races (issue 11, case 12): OVH has no compare-and-set, so bluegreen keeps a lease on the Load
 * Balancer. Runs started together are released by the fake API at the same moment (a gate on their
 * first read of the service), so every round is a real race: exactly one switches, every other one
 * fails clearly or finds nothing to do, and what the Load Balancer runs is what the winner said.
 */

const PRODUCTION = [FRONTENDS.www80, FRONTENDS.www443];

type Color = "blue" | "green";

function liveColor(world: World): Color {
  const farms = PRODUCTION.map((id) => world.fake.liveFarm(id));
  if (farms.every((farm, i) => farm === FARMS.blue[i])) return "blue";
  if (farms.every((farm, i) => farm === FARMS.green[i])) return "green";
  throw new Error(`production is split: ${farms.join(",")}`);
}

function ledger(world: World) {
  const name = world.fake.displayName(FRONTENDS.www80) ?? "";
  return decodeLedger(/\[bg:([^\]]*)\]/.exec(name)?.[1]);
}

/** Starts `modes` together and lets their first read of the service through at the same moment. */
async function race(world: World, modes: ("promote" | "rollback")[], version: string): Promise<ActionRun[]> {
  world.fake.gate = { method: "GET", route: `/ipLoadbalancing/${SERVICE}`, count: modes.length, waiting: [] };
  return Promise.all(modes.map((mode) => world.run({ ...KEY_INPUTS, mode, ...(mode === "promote" ? { version } : {}) })));
}

/** The round's checks: one switch on the data plane, told by exactly one run, the others clear. */
function checkRound(world: World, runs: ActionRun[], before: Color, liveChangesBefore: number, round: number): void {
  const label = (run: ActionRun) => `round ${round}: ${visibleText(run)}`;
  const switched = runs.filter((run) => run.code === 0 && run.outputs.changed === "true");
  expect(switched.length, runs.map(label).join("\n----\n")).toBe(1);
  const winner = switched[0] as ActionRun;
  const after = liveColor(world);
  expect(after).not.toBe(before);
  expect(winner.outputs["active-color"]).toBe(after);
  for (const run of runs) {
    if (run === winner) continue;
    const text = `${run.stdout}\n${run.stderr}`;
    if (run.code === 0) {
      // Found nothing to do (on what it read, before the winner's switch): it must say it changed nothing.
      expect(run.outputs.changed, label(run)).toBe("false");
      expect([before, after], label(run)).toContain(run.outputs["active-color"]);
    } else {
      // A rollback that raced a prepare's promote may also refuse outright: the color it would return
      // to now holds the prepared release, not the one that was live before (never rolled back to).
      expect(text, label(run)).toMatch(
        /this run changed nothing|holds the lock|Could not take the lock|it no longer runs the release that was live before/,
      );
      expect(run.outputs.changed ?? "false", label(run)).toBe("false");
    }
    for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
  }
  // Exactly one switch reached the data plane: each production frontend changed farm once.
  const changes = world.fake.liveChanges.slice(liveChangesBefore).filter((change) => PRODUCTION.includes(change.frontendId));
  expect(changes.map((change) => change.frontendId).sort()).toEqual([...PRODUCTION].sort());
  // No lost update: configuration, data plane and record agree, nothing waits, no lock is left.
  for (const id of Object.values(FRONTENDS)) expect(world.fake.configuredFarm(id)).toBe(world.fake.liveFarm(id));
  expect(ledger(world).live).toBe(after);
  expect(world.fake.pendingChanges).toBe(0);
  expect(world.fake.activeTasks()).toEqual([]);
  expect(world.fake.service.displayName ?? "").not.toContain("bg-lock");
}

describe("ipLoadbalancing races: a lease on the Load Balancer, 10 rounds each", () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it("2 to 5 promotes at once: exactly one switches, the others fail clearly or find nothing to do", async () => {
    world = await startWorld();
    for (let round = 1; round <= 10; round++) {
      const version = `v${round + 1}`;
      const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version });
      expect(prepared.code, prepared.stdout).toBe(0);
      const before = liveColor(world);
      const liveChangesBefore = world.fake.liveChanges.length;
      const runs = await race(
        world,
        Array.from({ length: 2 + (round % 4) }, () => "promote" as const),
        version,
      );
      checkRound(world, runs, before, liveChangesBefore, round);
    }
  }, 600_000);

  it("a promote and a rollback at once (and a second promote every other round): one switch, no last-writer-wins", async () => {
    world = await startWorld();
    const first = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(first.code, first.stdout).toBe(0);
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    for (let round = 1; round <= 10; round++) {
      const version = `v${round + 2}`;
      const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version });
      expect(prepared.code, prepared.stdout).toBe(0);
      const before = liveColor(world);
      const liveChangesBefore = world.fake.liveChanges.length;
      const modes = round % 2 === 0 ? (["rollback", "promote", "promote"] as const) : (["promote", "rollback"] as const);
      const runs = await race(world, [...modes], version);
      checkRound(world, runs, before, liveChangesBefore, round);
    }
  }, 600_000);
});
