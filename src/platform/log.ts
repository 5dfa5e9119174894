import { platformIo } from "./io.js";
import { redact } from "./secrets.js";
import { isVerbose } from "./verbosity.js";

/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log. How a
 * line looks (a `::warning::` command on GitHub, a plain prefix elsewhere) is the platform's
 * (io.ts): this module redacts, and keeps the warnings.
 */

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
  info: (message: string) => platformIo().info(redact(message)),
  warn: (message: string) => {
    const text = redact(message);
    if (!said.includes(text)) said.push(text);
    platformIo().warn(text);
  },
  error: (message: string) => platformIo().error(redact(message)),
  // On GitHub a `::debug::` command, which only the runner hides; elsewhere plain lines, printed
  // only when asked for (GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true).
  debug: (message: string) => platformIo().debug(redact(message)),
  /**
   * An internal (a lock, a temporary file, an API path): a log line when verbose (the `verbose`
   * input or the runner's debug logging), otherwise a debug line the platform hides.
   */
  detail: (message: string) => (isVerbose() ? platformIo().info(redact(message)) : platformIo().debug(redact(message))),
};

/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
export function fail(message: string): void {
  platformIo().fail(redact(message));
}
