/**
 * What bluegreen asks of the CI platform it runs on, and nothing more: the log's channels, failing
 * the step, masking a secret in the platform's log, GitHub's step outputs, job summary and post-step
 * state, and the action's inputs. Two implementations: on a GitHub runner, @actions/core (github.ts,
 * loaded only there, because it bundles an HTTP client of about 1 MB that no other run needs);
 * elsewhere, plain stdout/stderr (plain.ts). GitLab's dotenv and report files are not here: they are
 * files on every platform (outputs.ts, summary.ts).
 *
 * Texts arrive redacted (log.ts, outputs.ts and summary.ts redact before they call).
 */
export interface PlatformIo {
  /** A line of the log. */
  info(text: string): void;
  /** A warning, the way the platform shows one. */
  warn(text: string): void;
  /** An error line (not yet the step's failure: see fail). */
  error(text: string): void;
  /** A line shown only when the platform's debug logging is on. */
  debug(text: string): void;
  /** Says why the step failed and makes its exit code 1. */
  fail(text: string): void;
  /** Hides a secret in the platform's own log, before anything can print it. */
  mask(secret: string): void;
  /** A GitHub step output (the caller checks GITHUB_OUTPUT). */
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the GitHub job summary (the caller checks GITHUB_STEP_SUMMARY). */
  appendSummary(markdown: string): Promise<void>;
  /** Saves a value for the action's post step (the caller checks GITHUB_STATE). */
  saveState(name: string, value: string): void;
  /** An input of the action, as the runner passes it (INPUT_<NAME>, trimmed). */
  getInput(name: string): string;
}
