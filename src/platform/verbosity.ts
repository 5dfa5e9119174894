/**
 * How much of bluegreen's internals the log shows. By default a step prints what a reader acts on
 * (the result, the changes in plain words, the checks, the timings); locks, temporary files, API
 * paths and request bodies are details, shown with the `verbose` input (`--verbose`) or when the
 * runner's own debug logging is on (GitHub RUNNER_DEBUG, GitLab CI_DEBUG_TRACE, BLUEGREEN_DEBUG).
 */
let asked = false;

/** The `verbose` input, set once the inputs are read. */
export function setVerbose(on: boolean): void {
  asked = on;
}

export function isVerbose(env: NodeJS.ProcessEnv = process.env): boolean {
  return asked || env.RUNNER_DEBUG === "1" || env.CI_DEBUG_TRACE === "true" || env.BLUEGREEN_DEBUG === "true";
}
