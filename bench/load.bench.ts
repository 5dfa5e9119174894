import { type ChildProcess, execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../test/support/action.js";
import { type App, startApp } from "../test/support/apps.js";
import { type Haproxy, startHaproxy } from "../test/support/haproxy.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

const run = promisify(execFile);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The app under load runs in its own process, so neither load generator shares its event loop. */
async function startAppProcess(): Promise<{ child: ChildProcess; url: string }> {
  const code = `import { startApp } from ${JSON.stringify(path.join(ROOT, "test/support/apps.ts"))};
const app = await startApp("green", "v2"); console.log(app.port);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) => child.stdout?.once("data", (c: Buffer) => resolve(c.toString().trim())));
  return { child, url: `http://127.0.0.1:${port}` };
}

describe("test mode's load beside autocannon", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let target: { child: ChildProcess; url: string };
  let previewUrl: string;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v2");
    target = await startAppProcess();
    // The measured app is the idle color behind HAProxy's preview entry: test mode proves its load
    // reached that color from HAProxy's counters, and autocannon goes the same way.
    haproxy = await startHaproxy({ blue: [blue.address], green: [new URL(target.url).host] });
    previewUrl = `http://127.0.0.1:${haproxy.previewPort}`;
  });
  afterAll(async () => {
    target?.child.kill();
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  it(`${REQUESTS} requests, 10 connections, against the same local app through HAProxy's preview entry`, async () => {
    const ours = { rps: [] as number[], p95: [] as number[], p99: [] as number[] };
    const theirs = { rps: [] as number[], p97: [] as number[], p99: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const result = await timeAction({
        mode: "test",
        backend: "haproxy",
        "haproxy-socket": haproxy.socket,
        "haproxy-map": haproxy.mapFile,
        "test-url": previewUrl,
        "test-requests": String(REQUESTS),
        "test-concurrency": "10",
        "max-p95-ms": "1000",
      });
      expect(result.code, result.stdout).toBe(0);
      const line = /(\d+) req\/s; p50 ([\d.]+) ms, p95 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(result.stdout);
      expect(line, result.stdout).not.toBeNull();
      ours.rps.push(Number(line?.[1]));
      ours.p95.push(Number(line?.[3]));
      ours.p99.push(Number(line?.[4]));

      const { stdout } = await run(
        path.join(ROOT, "node_modules/.bin/autocannon"),
        ["-c", "10", "-a", String(REQUESTS), "-j", `${previewUrl}/health`],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const cannon = JSON.parse(stdout) as {
        requests: { total: number };
        start: string;
        finish: string;
        latency: { p97_5: number; p99: number };
        errors: number;
      };
      expect(cannon.errors).toBe(0);
      // start/finish are millisecond timestamps; its `duration` field is rounded to 10 ms.
      theirs.rps.push((cannon.requests.total * 1000) / (Date.parse(cannon.finish) - Date.parse(cannon.start)));
      theirs.p97.push(cannon.latency.p97_5);
      theirs.p99.push(cannon.latency.p99);
    }
    const ratio = spread(ours.rps).median / spread(theirs.rps).median;
    report(
      table(
        `Test mode's load vs autocannon: ${REQUESTS} GET /health, 10 connections, ${RUNS} runs each (median (min–max))`,
        ["generator", "requests/s", "latency", "latency p99 (ms)"],
        [
          ["bluegreen test mode", fmt(spread(ours.rps)), `p95 ${fmt(spread(ours.p95), 1)}`, fmt(spread(ours.p99), 1)],
          ["autocannon 8", fmt(spread(theirs.rps)), `p97.5 ${fmt(spread(theirs.p97), 1)}`, fmt(spread(theirs.p99), 1)],
          ["ratio (bluegreen / autocannon)", `${(ratio * 100).toFixed(0)}%`, "", ""],
        ],
      ),
    );
  });
});
