import { afterEach, describe, expect, it } from "vitest";
import { FRONTENDS, KEY_INPUTS, startWorld, type World } from "../test/ovh/world.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);
/** The fake API's refresh task: todo, then doing, then done, each for this long (0: the next timer tick). */
const TASK = { taskTodoMs: 0, taskDoingMs: 0 };

const orNone = (values: number[]) => (values.length ? fmt(spread(values)) : "none");

describe("ipLoadbalancing backend against the fake OVH API", () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
  });

  it("start-up, promote and rollback from process start", async () => {
    world = await startWorld(TASK);
    const { fake, inputs, env } = world;
    const common = { ...inputs, ...KEY_INPUTS };
    let firstRequestAt = 0;
    fake.onRequest = () => {
      firstRequestAt ||= performance.now();
    };
    const startup: number[] = [];
    const promote: number[] = [];
    const rollback: number[] = [];
    const rss: number[] = [];
    /** Promote and rollback times, by whether the action found the refresh task done at its first poll. */
    const byPolls = { once: [] as number[], again: [] as number[] };
    for (let i = 0; i < CYCLES; i++) {
      const version = `v${2 + i}`;
      const prepared = await timeAction({ ...common, mode: "prepare", version }, undefined, env); // not timed
      expect(prepared.code, prepared.stdout).toBe(0);
      for (const mode of ["promote", "rollback"] as const) {
        let t0 = 0;
        firstRequestAt = 0;
        const before = fake.requests.length;
        const result = await timeAction(
          { ...common, mode, ...(mode === "promote" ? { version } : {}) },
          (t) => {
            t0 = t;
          },
          env,
        );
        expect(result.code, result.stdout).toBe(0);
        expect(result.stdout).toMatch(mode === "promote" ? /Production switched/ : /rolled back/);
        // Confirmed: the refresh ran, so the Load Balancer routes port 80 to the new color's farm.
        expect(fake.liveFarm(FRONTENDS.www80)).toBe(mode === "promote" ? 21 : 11);
        (mode === "promote" ? promote : rollback).push(result.totalMs);
        startup.push(firstRequestAt - t0);
        rss.push(result.rssMb);
        const polls = fake.requests.slice(before).filter((r) => /\/task\/\d+$/.test(r.path)).length;
        byPolls[polls > 1 ? "again" : "once"].push(result.totalMs);
      }
    }
    report(
      table(
        `ipLoadbalancing backend, local fake OVH API (the refresh task goes todo → doing → done in ${TASK.taskTodoMs + TASK.taskDoingMs} ms plus a timer tick in the model): process start to ... (ms, median (min–max))`,
        ["measure", "ms"],
        [
          ["first API request (start-up)", fmt(spread(startup))],
          ["confirmed promote (4 frontend PUTs, refresh, task done), process exit", fmt(spread(promote))],
          ["confirmed rollback, process exit", fmt(spread(rollback))],
          ["peak RSS of the action process (MB)", fmt(spread(rss), 1)],
          ["promote or rollback, the task done at the action's first poll", orNone(byPolls.once)],
          ["promote or rollback, the first poll came before the tick (the action polls again 250 ms later)", orNone(byPolls.again)],
        ],
      ),
    );
  });
});
