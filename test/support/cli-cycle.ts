import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";
import { ROOT } from "./action.js";
import { startApp } from "./apps.js";
import { startHaproxy } from "./haproxy.js";

export const OUTPUT_NAMES = ["active-color", "previous-color", "target-color", "version", "changed", "plan"];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/**
 * Runs a CLI command line as a person or a non-GitHub CI job does: outside any CI (no GITHUB_*,
 * INPUT_*, GITLAB_CI, CI variables from the test process), outputs parsed from the `name=value` lines.
 * `command` is what starts bluegreen: `[node, "dist/index.js"]`, or an installed bin alone.
 */
export async function runCommand(command: string[], args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && key !== "GITLAB_CI" && key !== "CI")
      env[key] = value;
  }
  Object.assign(env, extraEnv);
  const [program, ...first] = command as [string, ...string[]];
  const child = spawn(program, [...first, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exit) => resolve(exit ?? -1));
  });
  const outputs: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /^([a-z-]+)=(.*)$/.exec(line);
    if (match && OUTPUT_NAMES.includes(match[1] as string)) outputs[match[1] as string] = match[2] as string;
  }
  return { code, stdout, stderr, outputs };
}

/**
 * A full prepare -> test -> promote -> rollback cycle on a real HAProxy (two tiny apps, blue v1 and
 * green v0) through `command`, asserting after each step the outputs, the map HAProxy holds and
 * what production and preview answer. Returns the runs, for callers that check more.
 */
export async function haproxyCycle(command: string[], extraEnv: Record<string, string> = {}): Promise<CliRun[]> {
  const blue = await startApp("blue", "v1");
  const green = await startApp("green", "v0");
  const haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const answer = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/version`)).text()).trim();
  const routing = async () => ({
    active: /^active (\S+)$/m.exec(await map())?.[1],
    preview: /^preview (\S+)$/m.exec(await map())?.[1],
    production: await answer(haproxy.wwwPort),
    previewAnswers: await answer(haproxy.previewPort),
  });
  // --output env: stdout holds the step outputs alone (name=value lines), the log goes to stderr.
  const common = [
    "--backend",
    "haproxy",
    "--haproxy-socket",
    haproxy.socket,
    "--haproxy-map",
    haproxy.mapFile,
    "--timeout",
    "20",
    "--output",
    "env",
  ];
  const deploy = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
  const runs: CliRun[] = [];
  const step = async (args: string[]) => {
    const run = await runCommand(command, [...args, ...common], extraEnv);
    runs.push(run);
    expect(run.code, `${args[0]}: ${run.stdout}${run.stderr}`).toBe(0);
    return run;
  };
  try {
    expect(await routing()).toEqual({ active: "blue", preview: "green", production: "v1", previewAnswers: "v0" });

    const prepared = await step(["prepare", "--version", "v2", "--deploy-command", deploy]);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(await routing()).toEqual({ active: "blue", preview: "green", production: "v1", previewAnswers: "v2" });

    const tested = await step([
      "test",
      "--version",
      "v2",
      "--test-url",
      `http://127.0.0.1:${haproxy.previewPort}`,
      "--version-path",
      "/version",
      "--test-requests",
      "20",
      // Latency thresholds have tests of their own; a busy 2-core machine must not fail this one.
      "--max-p95-ms",
      "5000",
    ]);
    expect(tested.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "false" });
    expect(await routing()).toEqual({ active: "blue", preview: "green", production: "v1", previewAnswers: "v2" });

    const promoted = await step(["promote", "--require-test", "--verify-url", `http://127.0.0.1:${haproxy.wwwPort}`]);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(await routing()).toEqual({ active: "green", preview: "blue", production: "v2", previewAnswers: "v1" });

    const rolledBack = await step(["rollback"]);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(await routing()).toEqual({ active: "blue", preview: "green", production: "v1", previewAnswers: "v2" });
    return runs;
  } finally {
    await haproxy.stop();
    await blue.close();
    await green.close();
  }
}
