import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BUNDLE = path.join(ROOT, "dist/index.js");
/** The action's post step (action.yml runs.post). */
export const POST_BUNDLE = path.join(ROOT, "dist/post/index.js");

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** What the step saved for its post step (core.saveState), as the runner reads GITHUB_STATE. */
  state: Record<string, string>;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
}

/** A step started but not awaited, so a test can stop it the way a cancelled job does. */
export interface StartedAction {
  child: ChildProcess;
  /** Output so far. */
  stdout: () => string;
  done: Promise<ActionRun>;
}

/**
 * Runs the bundled action (dist/index.js) the way a GitHub runner does: inputs as INPUT_<NAME>
 * variables (upper case, hyphens kept), outputs read back from the GITHUB_OUTPUT file.
 */
export async function runAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  /** Receives the running process (to signal it, as a cancelled CI job is). */
  onSpawn?: (child: ChildProcess) => void,
  /** Command-line arguments: the CLI door (`bluegreen promote`), as the GitLab component runs it. */
  args: string[] = [],
): Promise<ActionRun> {
  const started = startAction(inputs, extraEnv, BUNDLE, args);
  onSpawn?.(started.child);
  return started.done;
}

/**
 * Runs the post step the way the runner does after the job's steps (also after a cancel): the same
 * inputs, and each value the main step saved as STATE_<name>.
 */
export async function runPost(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  state: Record<string, string> = {},
): Promise<ActionRun> {
  const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
  return startAction(inputs, { ...extraEnv, ...stateEnv }, POST_BUNDLE).done;
}

export function startAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
  bundle = BUNDLE,
  args: string[] = [],
): StartedAction {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-run-"));
  const outputFile = path.join(dir, "output");
  const summaryFile = path.join(dir, "summary");
  const stateFile = path.join(dir, "state");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(stateFile, "");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A clean runner: no inputs or CI markers leak in from the test process.
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && !key.startsWith("STATE_") && key !== "GITLAB_CI")
      env[key] = value;
  }
  Object.assign(env, {
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    RUNNER_TEMP: dir,
  });
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, extraEnv);
  const started = performance.now();
  const child = spawn(process.execPath, [bundle, ...args], { env, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1))).then((code) => ({
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, "utf8")),
    summary: readSummary(summaryFile),
    state: parseOutputFile(readFileSync(stateFile, "utf8")),
    ms: performance.now() - started,
  }));
  return { child, stdout: () => stdout, done };
}

/** The summary file, or "" when a test pointed GITHUB_STEP_SUMMARY elsewhere (an unwritable path). */
function readSummary(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** GITHUB_OUTPUT (and GITHUB_STATE) hold `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] as string);
    outputs[name] = value.join("\n");
  }
  return outputs;
}
