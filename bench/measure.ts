import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BUNDLE } from "../test/support/action.js";

const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-bench-"));
/** Preloaded into the action's process: writes its peak RSS (kB) to a file at exit. */
const PRELOAD = path.join(dir, "maxrss.mjs");
writeFileSync(
  PRELOAD,
  `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
);

export interface Timed {
  /** Spawn to exit, ms. */
  totalMs: number;
  /** Peak resident memory, MB. */
  rssMb: number;
  code: number;
  stdout: string;
}

/**
 * Runs the bundle like a runner does (INPUT_* variables), timing it from spawn to exit.
 * `extraEnv` adds to the bare environment (NODE_EXTRA_CA_CERTS for a local HTTPS API, say).
 */
export async function timeAction(
  inputs: Record<string, string>,
  onSpawn?: (t0: number) => void,
  extraEnv: Record<string, string> = {},
): Promise<Timed> {
  const rssFile = path.join(dir, `rss-${process.hrtime.bigint()}`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/root",
    GITHUB_ACTIONS: "true", // the action's door: without it, no arguments means the CLI's usage
    ...extraEnv,
    BENCH_RSS_FILE: rssFile,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const t0 = performance.now();
  onSpawn?.(t0);
  const child = spawn(process.execPath, ["--import", PRELOAD, BUNDLE], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.resume();
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  const totalMs = performance.now() - t0;
  return { totalMs, rssMb: Number(readFileSync(rssFile, "utf8")) / 1024, code, stdout };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, n: sorted.length };
}

export function fmt(s: Spread, digits = 0): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)}, n=${s.n})`;
}

export function table(title: string, header: string[], rows: string[][]): string {
  const lines = [
    `\n### ${title}`,
    "",
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}
