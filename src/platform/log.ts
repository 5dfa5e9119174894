import * as core from "@actions/core";
import { detectPlatform } from "./detect.js";
import { redact } from "./secrets.js";

/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log.
 * Workflow commands (::warning::, ::error::) are GitHub's; elsewhere plain prefixes read better.
 */
const onGithub = () => detectPlatform() === "github";

export const log = {
  info: (message: string) => core.info(redact(message)),
  warn: (message: string) => (onGithub() ? core.warning(redact(message)) : core.info(`warning: ${redact(message)}`)),
  error: (message: string) => (onGithub() ? core.error(redact(message)) : process.stderr.write(`error: ${redact(message)}\n`)),
  debug: (message: string) => core.debug(redact(message)),
};

/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
export function fail(message: string): void {
  if (onGithub()) core.setFailed(redact(message));
  else {
    log.error(message);
    process.exitCode = 1;
  }
}
