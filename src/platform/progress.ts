import { log } from "./log.js";
import { logToStderr } from "./log-stream.js";
import { redact } from "./secrets.js";

/**
 * Progress of a wait that may last (a rollout, an OVH refresh task, a bake window, readiness
 * probes, DNS propagation), so a log is never silent for minutes. Nothing for the first 2 s; then
 * on a terminal one line that updates in place, and in CI logs (no terminal) one line every 10 s.
 * The caller says what is true now, from its own last reading: "green: 2/3 replicas ready, 12 s".
 */
export interface ProgressOptions {
  /** Quiet before this (ms): short waits print nothing. */
  quietMs?: number;
  /** Between two lines in a CI log (ms). */
  everyMs?: number;
  /** One line updated in place; default: the log's stream is a terminal. */
  terminal?: boolean;
}

export interface Progress {
  /** Ends the wait: a terminal's line is cleared, so the result follows on a clean line. */
  stop(): void;
}

const TERMINAL_REFRESH_MS = 500;

/** Starts reporting; `describe` gets the seconds since the start and returns the line. */
export function startProgress(describe: (seconds: number) => string, options: ProgressOptions = {}): Progress {
  const stream = logToStderr() ? process.stderr : process.stdout;
  const terminal = options.terminal ?? stream.isTTY === true;
  const quietMs = options.quietMs ?? 2_000;
  const everyMs = options.everyMs ?? 10_000;
  const started = performance.now();
  let shown = false;
  const line = () => redact(describe(Math.round((performance.now() - started) / 1000)));
  const tick = () => {
    if (terminal) {
      stream.write(`\r\x1b[2K${line()}`);
      shown = true;
    } else log.info(line());
  };
  let repeat: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    repeat = setInterval(tick, terminal ? TERMINAL_REFRESH_MS : everyMs);
    repeat.unref();
  }, quietMs);
  first.unref();
  return {
    stop() {
      clearTimeout(first);
      if (repeat) clearInterval(repeat);
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
