import { writeLogLine } from "./log-stream.js";
import type { PlatformIo } from "./platform-io.js";

/**
 * Outside a GitHub runner (GitLab, other CI, a terminal): plain lines with plain prefixes, since
 * workflow commands (`::warning::`) mean nothing there and `::add-mask::<secret>` would print the
 * secret in clear. Masking is bluegreen's own redact() (secrets.ts), applied before any line is
 * written. GitHub's outputs, summary and post-step state do not exist here.
 */
export const plainIo: PlatformIo = {
  info: (text) => writeLogLine(text),
  warn: (text) => plainIo.info(`warning: ${text}`),
  error: (text) => {
    process.stderr.write(`error: ${text}\n`);
  },
  // Only when asked for: GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true.
  debug: (text) => {
    if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true") plainIo.info(`debug: ${text}`);
  },
  // The closing report (main.ts, summary.ts) has just said the failure's sentence: said once, it is not repeated.
  fail: () => {
    process.exitCode = 1;
  },
  mask: () => undefined,
  setOutput: () => undefined,
  appendSummary: async () => undefined,
  saveState: () => undefined,
  // The runner's convention, which @actions/core's getInput follows: INPUT_<NAME>, spaces as underscores, trimmed.
  getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
};
