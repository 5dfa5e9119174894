import * as core from "@actions/core";
import { detectPlatform } from "./detect.js";
import { redact } from "./secrets.js";

/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log.
 * Workflow commands (::warning::, ::error::) are GitHub's; elsewhere plain prefixes read better.
 */
const onGithub = () => detectPlatform() === "github";

/**
 * The one warning channel: whatever says log.warn (a mode, a backend, the platform layer) is also
 * kept here, and main.ts puts it in the report, so the log, the job summary and the GitLab report
 * carry the same warnings.
 */
const said: string[] = [];

/** Every warning said so far in this run, once each, redacted. */
export function warnings(): string[] {
  return [...said];
}

export const log = {
  info: (message: string) => core.info(redact(message)),
  warn: (message: string) => {
    const text = redact(message);
    if (!said.includes(text)) said.push(text);
    if (onGithub()) core.warning(text);
    else core.info(`warning: ${text}`);
  },
  error: (message: string) => (onGithub() ? core.error(redact(message)) : process.stderr.write(`error: ${redact(message)}\n`)),
  // core.debug prints a `::debug::` command that only GitHub's runner hides; elsewhere debug lines
  // are plain and appear only when asked for (GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true).
  debug: (message: string) => {
    if (onGithub()) core.debug(redact(message));
    else if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true") core.info(`debug: ${redact(message)}`);
  },
};

/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
export function fail(message: string): void {
  if (onGithub()) core.setFailed(redact(message));
  else {
    log.error(message);
    process.exitCode = 1;
  }
}
