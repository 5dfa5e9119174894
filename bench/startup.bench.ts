import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE } from "../test/support/action.js";
import { type App, startApp } from "../test/support/apps.js";
import { type Haproxy, startHaproxy } from "../test/support/haproxy.js";
import { fmt, type Spread, spread, table } from "./measure.js";
import { report } from "./report.js";

/** At least 15 rounds, so that the median means something on a shared 2-core machine. */
const ROUNDS = Math.max(15, Number(process.env.BENCH_STARTUP_ROUNDS ?? 21));
/**
 * BENCH_BASELINE names another build's index.js (an untouched build of main, say): measured in the
 * same rounds as this worktree's bundle, so both see the same machine load.
 */
const BUNDLES: [label: string, bundle: string][] = [
  ["", BUNDLE],
  ...(process.env.BENCH_BASELINE ? ([[" (baseline)", path.resolve(process.env.BENCH_BASELINE)]] as [string, string][]) : []),
];
const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-bench-startup-"));

interface Sample {
  /** Spawn to exit, ms. */
  wallMs: number;
  /** User + system CPU time of the process, ms: far steadier than wall time on a loaded machine. */
  cpuMs: number;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `node <args>` outside any CI (no GITHUB_*, GITLAB_CI, INPUT_*): the CLI door. Started by `sh`, whose
 * `times` reports the CPU time its child used; the shell adds the same ~1 ms to every command, bare start included.
 */
async function timeNode(args: string[]): Promise<Sample> {
  const timesFile = path.join(dir, "times");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", BENCH_TIMES: timesFile };
  const script = '"$0" "$@"; code=$?; times > "$BENCH_TIMES"; exit $code';
  const t0 = performance.now();
  const child = spawn("sh", ["-c", script, process.execPath, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  const wallMs = performance.now() - t0;
  return { wallMs, cpuMs: childCpuMs(readFileSync(timesFile, "utf8")), code, stdout, stderr };
}

/** The second line of `times` is the children's user and system time: `0m0.052000s 0m0.012000s`. */
function childCpuMs(text: string): number {
  const line = text.trim().split("\n")[1] ?? "";
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  if (parts.length !== 2) throw new Error(`unexpected output of times: ${text}`);
  return parts.reduce((sum, [, minutes, seconds]) => sum + (Number(minutes) * 60 + Number(seconds)) * 1000, 0);
}

/** Median (min–max) of each command's value divided by the bare start's value of the same round. */
function ratio(values: number[], bare: number[]): string {
  const r: Spread = spread(values.map((value, i) => value / (bare[i] as number)));
  return `${r.median.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
}

describe("start-up cost of the CLI door (bundle dist/index.js, no CI, no token, no verify-url)", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let flags: string[];

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v1");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    flags = ["--backend", "haproxy", "--haproxy-socket", haproxy.socket, "--haproxy-map", haproxy.mapFile];
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  it("--help, HAProxy status and HAProxy promote against a bare `node -e 0`, same rounds", async () => {
    const samples = new Map<string, Sample[]>();
    const keep = (name: string, sample: Sample) => samples.set(name, [...(samples.get(name) ?? []), sample]);
    for (let i = 0; i < ROUNDS; i++) {
      // Each round: a bare start, then each command of each bundle; every ratio divides by the bare start of its
      // own round, so a burst of load from other processes weighs on both sides of the ratio.
      keep("bare", await timeNode(["-e", "0"]));
      for (const [label, bundle] of BUNDLES) {
        const helped = await timeNode([bundle, "--help"]);
        expect(helped.code, helped.stderr).toBe(0);
        expect(helped.stdout).toContain("Usage: bluegreen");
        keep(`help${label}`, helped);

        const read = await timeNode([bundle, "status", ...flags]);
        expect(read.code, read.stdout + read.stderr).toBe(0);
        keep(`status${label}`, read);

        const version = `s${i}${label ? "b" : ""}`;
        const prepared = await timeNode([bundle, "prepare", ...flags, "--version", version, "--deploy-command", "none"]); // not timed
        expect(prepared.code, prepared.stdout + prepared.stderr).toBe(0);
        const promoted = await timeNode([bundle, "promote", ...flags, "--version", version]);
        expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
        expect(promoted.stdout).toMatch(/Production switched/);
        keep(`promote${label}`, promoted);
      }
    }
    const wall = (name: string) => (samples.get(name) as Sample[]).map((s) => s.wallMs);
    const cpu = (name: string) => (samples.get(name) as Sample[]).map((s) => s.cpuMs);
    const rows = [["`node -e 0` (bare Node.js start)", fmt(spread(wall("bare")), 1), "1x", fmt(spread(cpu("bare")), 0), "1x"]];
    for (const [label] of BUNDLES) {
      for (const [name, text] of [
        ["help", "`bluegreen --help`"],
        ["status", "`bluegreen status` (HAProxy)"],
        ["promote", "`bluegreen promote` (HAProxy, no verify-url, no token)"],
      ]) {
        const key = `${name}${label}`;
        rows.push([
          `${text}${label}`,
          fmt(spread(wall(key)), 1),
          ratio(wall(key), wall("bare")),
          fmt(spread(cpu(key)), 0),
          ratio(cpu(key), cpu("bare")),
        ]);
      }
    }
    report(
      table(
        `CLI door (dist/index.js, no CI, no token), start to exit, against a bare Node.js start in the same round: ${ROUNDS} rounds, median (min–max); target: promote within 3x`,
        ["command", "wall ms", "wall ratio", "CPU ms (user+sys)", "CPU ratio"],
        rows,
      ),
    );
  });
});
