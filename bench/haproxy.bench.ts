import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, startApp } from "../test/support/apps.js";
import { startFaultSocket } from "../test/support/fault-socket.js";
import { type Haproxy, startHaproxy } from "../test/support/haproxy.js";
import { startLoad } from "../test/support/load.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

const run = promisify(execFile);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);

describe("HAProxy", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let common: Record<string, string>;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v1");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    common = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, "deploy-command": "none" };
    const prepared = await timeAction({ ...common, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  it("start-up, promote and rollback from process start", async () => {
    // A recording socket in front of HAProxy timestamps the first Runtime API command.
    const recorder = await startFaultSocket(haproxy.socket);
    const startup: number[] = [];
    const promote: number[] = [];
    const rollback: number[] = [];
    const rss: number[] = [];
    let firstCommandAt = 0;
    const watch = setInterval(() => {
      if (firstCommandAt === 0 && recorder.seen.length > 0) firstCommandAt = performance.now();
    }, 0);
    try {
      for (let i = 0; i < CYCLES; i++) {
        for (const mode of ["promote", "rollback"] as const) {
          recorder.setRules([]);
          firstCommandAt = 0;
          let t0 = 0;
          const version = `v${3 + i}`;
          if (mode === "promote") {
            const prepared = await timeAction({ ...common, "haproxy-socket": haproxy.socket, mode: "prepare", version });
            expect(prepared.code, prepared.stdout).toBe(0);
          }
          const result = await timeAction(
            { ...common, "haproxy-socket": recorder.socket, mode, ...(mode === "promote" ? { version } : {}) },
            (t) => {
              t0 = t;
            },
          );
          expect(result.code, result.stdout).toBe(0);
          expect(result.stdout).toMatch(mode === "promote" ? /Production switched/ : /rolled back/);
          (mode === "promote" ? promote : rollback).push(result.totalMs);
          if (firstCommandAt > 0) startup.push(firstCommandAt - t0);
          rss.push(result.rssMb);
        }
      }
    } finally {
      clearInterval(watch);
      await recorder.close();
    }
    report(
      table(
        "HAProxy backend: process start to ... (ms, median (min–max))",
        ["measure", "ms"],
        [
          ["first Runtime API command (start-up)", fmt(spread(startup))],
          ["confirmed promote (read, switch, read back), process exit", fmt(spread(promote))],
          ["confirmed rollback, process exit", fmt(spread(rollback))],
          ["peak RSS of the action process (MB)", fmt(spread(rss), 1)],
        ],
      ),
    );
  });

  it("switch methods side by side under load: bluegreen, socat one-liner, config rewrite + reload", async () => {
    const rows: string[][] = [];
    /** Runs `switchOnce` CYCLES times under a 50-connection load; it returns the ms its switch took. */
    const underLoad = async (name: string, port: number, switchOnce: (i: number) => Promise<number>) => {
      const load = startLoad(`http://127.0.0.1:${port}/`, 50);
      await new Promise((r) => setTimeout(r, 200));
      const times: number[] = [];
      for (let i = 0; i < CYCLES; i++) {
        times.push(await switchOnce(i));
        await new Promise((r) => setTimeout(r, 100));
      }
      const samples = await load.stop();
      const failed = samples.filter((s) => s.status !== 200).length;
      rows.push([name, fmt(spread(times), 1), `${failed} of ${samples.length}`]);
    };
    const timedMs = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };

    await underLoad("bluegreen promote / rollback (process start to confirmed switch)", haproxy.wwwPort, async (i) => {
      if (i % 2 === 1) return (await timeAction({ ...common, mode: "rollback" })).totalMs;
      expect((await timeAction({ ...common, mode: "prepare", version: `w${i}` })).code).toBe(0); // not timed
      const promoted = await timeAction({ ...common, mode: "promote", version: `w${i}` });
      expect(promoted.code, promoted.stdout).toBe(0);
      return promoted.totalMs;
    });
    await underLoad("socat one-liner: set map ... active X (the floor)", haproxy.wwwPort, (i) =>
      timedMs(() =>
        run("sh", [
          "-c",
          `echo "set map ${haproxy.mapFile} active ${i % 2 === 0 ? "green" : "blue"}" | socat - UNIX-CONNECT:${haproxy.socket}`,
        ]),
      ),
    );
    // A second HAProxy, switched the way common scripts do it: rewrite the configuration, reload.
    const reloadable = await startHaproxy({ blue: [blue.address], green: [green.address] });
    try {
      await underLoad("rewrite haproxy.cfg + reload (SIGUSR2, master-worker)", reloadable.wwwPort, (i) =>
        timedMs(async () => {
          const color = i % 2 === 0 ? "green" : "blue";
          const text = readFileSync(reloadable.configFile, "utf8").replace(/use_backend \S+$/m, `use_backend ${color}`);
          writeFileSync(reloadable.configFile, text);
          await reloadable.reload();
        }),
      );
    } finally {
      await reloadable.stop();
    }
    report(
      table(
        `Switching production ${CYCLES} times under 50 concurrent keep-alive connections`,
        ["method", "ms per switch", "failed requests"],
        rows,
      ),
    );
  });
});
