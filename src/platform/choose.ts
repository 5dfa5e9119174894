import { detectPlatform } from "./detect.js";
import { setPlatformIo } from "./io.js";
import { logToStderr, stderrCommand, writeLogLine } from "./log-stream.js";
import { plainIo } from "./plain.js";
import type { PlatformIo } from "./platform-io.js";
import { registeredSecrets } from "./secrets.js";

/** GitHub's file commands: a runner sets them, and so can a tool that emulates one without GITHUB_ACTIONS. */
const GITHUB_FILES = ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_STATE"];

/**
 * Chooses the platform implementation for this run, before the run reads an input or prints a
 * line: @actions/core on a GitHub runner (the action, or the CLI in a `run:` step), plain
 * stdout/stderr everywhere else. Called where every run starts (main.ts run(), post.ts).
 */
export async function choosePlatform(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const onRunner = detectPlatform(env) === "github";
  if (!onRunner && !GITHUB_FILES.some((name) => env[name])) {
    setPlatformIo(plainIo);
    return;
  }
  const { githubIo } = await import("./github.js");
  if (!onRunner) {
    // Plain lines, but the files GitHub's variables name are still written, in the runner's format.
    setPlatformIo({ ...plainIo, setOutput: githubIo.setOutput, appendSummary: githubIo.appendSummary, saveState: githubIo.saveState });
    return;
  }
  // --output json/env on a runner: stdout is for the script, so the log and its commands go to stderr.
  setPlatformIo(logToStderr() ? { ...githubIo, ...stderrCommands } : githubIo);
  // A secret registered before the choice (at module load, say) is masked on the runner too.
  for (const secret of registeredSecrets()) githubIo.mask(secret);
}

/** The runner's log channels written to stderr (workflow commands included), the files left to @actions/core. */
const stderrCommands: Pick<PlatformIo, "info" | "warn" | "error" | "debug" | "fail" | "mask"> = {
  info: (text) => writeLogLine(text),
  warn: (text) => stderrCommand("warning", text),
  error: (text) => stderrCommand("error", text),
  debug: (text) => stderrCommand("debug", text),
  fail: (text) => {
    stderrCommand("error", text);
    process.exitCode = 1;
  },
  mask: (secret) => stderrCommand("add-mask", secret),
};
