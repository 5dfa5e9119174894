import { afterEach, describe, expect, it } from "vitest";
import { FRONTENDS, KEY_INPUTS, SECRETS, startWorld, visibleText, type World } from "./world.js";

/**
 * One state per sentence (issue 20, item 3): each failure path of an OVH switch ends with one
 * sentence naming where production is now (and what the refresh tasks under way make of it), or
 * saying plainly that it cannot be known and why; each is checked against the configured and the
 * applied frontends of the model.
 */

const ALL = [FRONTENDS.www80, FRONTENDS.www443, FRONTENDS.preview80, FRONTENDS.preview443];

function farms(world: World) {
  return {
    configured: ALL.map((id) => world.fake.configuredFarm(id)),
    live: ALL.map((id) => world.fake.liveFarm(id)),
  };
}

function errorLine(text: string): string {
  return text.split("\n").find((line) => line.startsWith("::error::")) ?? "";
}

/** The line states exactly one production state, and never "split" unless it is. */
function oneState(line: string): void {
  expect(line.match(/Production is|Production stays|Where production is/g), line).toHaveLength(1);
  expect(line, line).not.toMatch(/traffic may be split|production stays on \w+\./);
}

async function prepared(): Promise<World> {
  const world = await startWorld();
  const run = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
  expect(run.code, run.stdout).toBe(0);
  return world;
}

describe("ipLoadbalancing: one state per sentence after a failed switch", () => {
  let world: World | undefined;
  afterEach(async () => {
    for (const run of world?.runs ?? []) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
    await world?.close();
    world = undefined;
  });

  it("a refresh that never ends within timeout, put back by a second one that does not either: on blue, and both keep it there", async () => {
    world = await prepared();
    const { fake } = world;
    fake.setup.taskDoingMs = 600_000; // from now on, every refresh runs for ten minutes
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "6" });
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    oneState(line);
    const [ours, putBack] = fake.activeTasks();
    expect(line).toMatch(
      /The switch stopped at refresh task \d+: the end of refresh task \d+ did not happen within [\d.]+ s; last seen: task \d+ doing/,
    );
    expect(line).toContain("Put back: frontend 1 (port 80) to farm 11 with its previous displayName, frontend 2 (port 443) to farm 12,");
    expect(line).toMatch(new RegExp(`Production is on blue; refresh tasks ${ours} and ${putBack}, still running, keep it there\\.$`));
    // The model agrees: blue is what runs, and blue is what the last task deploys (the configuration).
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
  }, 120_000);

  it("a put-back whose refresh fails too: on blue, and the changes that wait do not move it", async () => {
    world = await prepared();
    const { fake } = world;
    fake.faults.refreshesEndIn = { status: "error", times: 2 };
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    oneState(line);
    expect(line).toMatch(/The switch to the new farms failed: refresh task \d+ ended in error\. Put back: /);
    expect(line).toMatch(/The refresh to apply that did not end well either: the refresh task \d+ ended in error\. /);
    expect(line).toMatch(/Production is on blue; the changes waiting for a refresh do not move it\.$/);
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    expect(fake.pendingChanges).toBeGreaterThan(0);
  }, 120_000);

  it("a refresh of someone else's that never ends, nothing waiting: on blue, and it keeps it there", async () => {
    world = await prepared();
    const { fake } = world;
    const foreign = fake.startForeignRefresh(600_000);
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "10" });
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    oneState(line);
    expect(line).toContain("the end of the refresh already running on the Load Balancer did not happen within");
    expect(line).toContain(
      `Nothing was changed. Production is on blue; refresh task ${foreign}, still running, keeps it there (no change waits for a refresh).`,
    );
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
  }, 120_000);

  it("changes waiting and someone else's refresh running: says that where production is cannot be known, and why", async () => {
    world = await prepared();
    const { fake } = world;
    // Someone staged frontend 2 on green by hand and a refresh of theirs runs: what runs is not knowable from the API.
    const frontend = fake.frontends.get(FRONTENDS.www443);
    if (!frontend) throw new Error("no frontend 2");
    frontend.defaultFarmId = 22;
    fake.pendingChanges = 1;
    const foreign = fake.startForeignRefresh(600_000);
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "10" });
    expect(run.code).toBe(1);
    const line = errorLine(run.stdout);
    oneState(line);
    expect(line).toMatch(
      new RegExp(
        `Where production is cannot be known: 1 change\\(s\\) wait for a refresh and refresh task ${foreign} is still running, and OVH does not say which changes the Load Balancer already runs; its configuration sends production to a split \\(port 80 to blue, port 443 to green\\)\\. Run promote or rollback to settle it\\.$`,
      ),
    );
    // Indeed: configured and applied differ, and nothing in the API says which one runs.
    expect(farms(world)).toEqual({ configured: [11, 22, 21, 22], live: [11, 12, 21, 22] });
  }, 120_000);
});
