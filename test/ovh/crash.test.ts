import { describe, expect, it } from "vitest";
import { decodeLease } from "../../src/backends/ovh/lease.js";
import { splitServiceName } from "../../src/backends/ovh/service-cell.js";
import type { FakeSetup } from "./fake-api.js";
import { killTagged, TAG_VARIABLE } from "./kill.js";
import { body, FARMS, FRONTENDS, KEY_INPUTS, SECRETS, startWorld, visibleText, type World } from "./world.js";

/**
 * Crash consistency (issue 11, case 9): the bundled action is killed with SIGKILL at each OVH API
 * request of a promote and of a rollback (when the request arrives, so it never takes effect, and
 * for writes also just before its answer, so it took effect but the run never learns it). The same
 * mode is then run again, as a pipeline retry would, and must leave the Load Balancer serving what
 * its configuration says, on the color the re-run reports, with nothing pending and no lock held.
 */

type Mode = "promote" | "rollback";

const FRONTEND_IDS = [FRONTENDS.www80, FRONTENDS.www443, FRONTENDS.preview80, FRONTENDS.preview443];

/** Production on blue (v1), v2 prepared on green and previewed: what a promote starts from. */
function prepared(): Partial<FakeSetup> {
  return {
    frontends: [
      { frontendId: FRONTENDS.www80, port: "80", defaultFarmId: 11, displayName: "www [bg:blue=v1&green=v2&pending=green]" },
      { frontendId: FRONTENDS.www443, port: "443", defaultFarmId: 12 },
      { frontendId: FRONTENDS.preview80, port: "8080", defaultFarmId: 21 },
      { frontendId: FRONTENDS.preview443, port: "8443", defaultFarmId: 22 },
    ],
  };
}

/** Production on green (v2) after a promote from blue (v1): what a rollback starts from. */
function promoted(): Partial<FakeSetup> {
  return {
    frontends: [
      {
        frontendId: FRONTENDS.www80,
        port: "80",
        defaultFarmId: 21,
        displayName: "www [bg:live=green&previous=blue&blue=v1&green=v2&action=promote&at=2026-01-01T00%3A00%3A00.000Z]",
      },
      { frontendId: FRONTENDS.www443, port: "443", defaultFarmId: 22 },
      { frontendId: FRONTENDS.preview80, port: "8080", defaultFarmId: 11 },
      { frontendId: FRONTENDS.preview443, port: "8443", defaultFarmId: 12 },
    ],
  };
}

const START: Record<Mode, () => Partial<FakeSetup>> = { promote: prepared, rollback: promoted };
const TARGET: Record<Mode, "blue" | "green"> = { promote: "green", rollback: "blue" };

async function worldFor(mode: Mode): Promise<World> {
  const world = await startWorld(START[mode]());
  world.apps.green80.version = "v2";
  world.apps.green443.version = "v2";
  return world;
}

const inputs = (mode: Mode) => ({ ...KEY_INPUTS, mode, ...(mode === "promote" ? { version: "v2" } : {}) });

/** One kill point: the nth request (1-based) that arrives, or the nth answer about to be sent. */
interface KillPoint {
  n: number;
  at: "arrival" | "answer";
}

/** The requests one undisturbed run makes, to know where to kill. */
async function requestsOfOneRun(mode: Mode): Promise<{ method: string; path: string }[]> {
  const world = await worldFor(mode);
  try {
    const run = await world.run(inputs(mode));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["active-color"]).toBe(TARGET[mode]);
    return world.fake.requests.map(({ method, path }) => ({ method, path }));
  } finally {
    await world.close();
  }
}

async function killAndRerun(mode: Mode, point: KillPoint): Promise<string> {
  const world = await worldFor(mode);
  const { fake } = world;
  const tag = `${mode}-${point.at}-${point.n}-${process.pid}`;
  let seen = 0;
  let killedAt = "";
  const hook = (method: string, path: string) => {
    if (++seen !== point.n) return;
    killedAt = `${method} ${path}`;
    killTagged(tag);
  };
  if (point.at === "arrival") fake.onRequest = hook;
  else fake.beforeAnswer = hook;
  const label = () => `${mode} killed at ${point.at} of request ${point.n} (${killedAt})`;
  try {
    const killed = await world.run(inputs(mode), { [TAG_VARIABLE]: tag });
    fake.onRequest = undefined;
    fake.beforeAnswer = undefined;
    expect(killed.code, label()).not.toBe(0);
    // A crashed holder's lease does not block the re-run on its machine: its process is gone.
    const again = await world.run(inputs(mode));
    const text = visibleText(again);
    expect(again.code, `${label()}\n${text}`).toBe(0);
    const target = TARGET[mode];
    const idle = target === "green" ? "blue" : "green";
    expect(again.outputs["active-color"], label()).toBe(target);
    // What the Load Balancer runs is what its configuration says, and that is the reported color.
    const configured = FRONTEND_IDS.map((id) => fake.configuredFarm(id));
    const live = FRONTEND_IDS.map((id) => fake.liveFarm(id));
    expect({ configured, live }, label()).toEqual({
      configured: [...FARMS[target], ...FARMS[idle]],
      live: [...FARMS[target], ...FARMS[idle]],
    });
    expect(fake.pendingChanges, label()).toBe(0);
    expect(fake.activeTasks(), label()).toEqual([]);
    // No lock is held: none left, or only the killed run's, expired or left by a process that is gone.
    const lease = decodeLease(splitServiceName(fake.service.displayName).leaseText);
    if (lease && lease.until > fake.apiTime()) expect(alive(lease.pid ?? process.pid), label()).toBe(false);
    expect(fake.displayName(FRONTENDS.www80), label()).toMatch(new RegExp(`live=${target}&`));
    expect(await body(fake.entryUrl(FRONTENDS.www80), "/version"), label()).toBe(target === "green" ? "v2" : "v1");
    expect(await body(fake.entryUrl(FRONTENDS.www443), "/version"), label()).toBe(target === "green" ? "v2" : "v1");
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    return `${label()}: re-run changed=${again.outputs.changed}`;
  } finally {
    await world.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every kill point of a run: each request on arrival, and each write also just before its answer. */
function killPoints(requests: { method: string }[]): KillPoint[] {
  const points: KillPoint[] = requests.map((_, i) => ({ n: i + 1, at: "arrival" }));
  requests.forEach((request, i) => {
    if (request.method !== "GET") points.push({ n: i + 1, at: "answer" });
  });
  return points;
}

/** Runs the points two at a time: each has its own fake API and apps. */
async function runAll(mode: Mode, points: KillPoint[]): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < points.length; i += 2) {
    results.push(...(await Promise.all(points.slice(i, i + 2).map((point) => killAndRerun(mode, point)))));
  }
  return results;
}

describe("ipLoadbalancing crash consistency: kill -9 at every API request, then run the same mode again", () => {
  for (const mode of ["promote", "rollback"] as const) {
    it(`${mode}: the re-run finishes the switch, and the Load Balancer runs what it reports`, async () => {
      const requests = await requestsOfOneRun(mode);
      // The switch really goes through the API: frontend PUTs and a refresh.
      expect(requests.filter((r) => r.method === "PUT" && r.path.includes("/frontend/")).length).toBeGreaterThan(0);
      expect(requests.some((r) => r.method === "POST" && r.path.endsWith("/refresh"))).toBe(true);
      const results = await runAll(mode, killPoints(requests));
      expect(results.length).toBe(killPoints(requests).length);
      // Some kills left work for the re-run (it switched or finished the switch).
      expect(results.some((line) => line.endsWith("changed=true"))).toBe(true);
    }, 900_000);
  }
});
