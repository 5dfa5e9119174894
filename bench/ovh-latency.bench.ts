import { afterEach, describe, expect, it } from "vitest";
import { FRONTENDS, KEY_INPUTS, startWorld, type World } from "../test/ovh/world.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

/** Added to every request of the fake OVH API (ms): a runner next to the API, then ever farther from it. */
const LATENCIES = [0, 500, 1_500, 3_000];
const ROUNDS = Number(process.env.BENCH_LATENCY_ROUNDS ?? 1);

describe("ipLoadbalancing promote against a slow OVH API", () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("promote, process start to exit, at 0, 0.5, 1.5 and 3 s added to every API request", async () => {
    const rows: string[][] = [];
    for (const latencyMs of LATENCIES) {
      const times: number[] = [];
      const requests: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        world = await startWorld({ taskTodoMs: 0, taskDoingMs: 0 });
        const common = { ...world.inputs, ...KEY_INPUTS, timeout: "300" };
        const prepared = await timeAction({ ...common, mode: "prepare", version: "v2" }, undefined, world.env); // not timed
        expect(prepared.code, prepared.stdout).toBe(0);
        world.fake.faults.latencyMs = latencyMs;
        const before = world.fake.requests.length;
        const promoted = await timeAction({ ...common, mode: "promote", version: "v2" }, undefined, world.env);
        expect(promoted.code, promoted.stdout).toBe(0);
        expect(world.fake.liveFarm(FRONTENDS.www80)).toBe(21);
        times.push(promoted.totalMs);
        requests.push(world.fake.requests.length - before);
        await world.close();
        world = undefined;
      }
      rows.push([`${latencyMs / 1000} s`, fmt(spread(times)), fmt(spread(requests))]);
    }
    report(
      table(
        `ipLoadbalancing promote against the fake OVH API with latency added to every request (half before it takes effect, half after), ${ROUNDS} round(s) each: the lease's settle, renewal and length follow the measured round trip`,
        ["added latency", "promote, process start to exit (ms)", "API requests"],
        rows,
      ),
    );
  });
});
