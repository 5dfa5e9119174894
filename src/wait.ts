import { TimeoutError } from "./errors.js";
import { startProgress } from "./platform/progress.js";
import { sentenceOf } from "./sentence.js";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` with exponential backoff (from `initialMs`, capped at `maxMs`) until it returns
 * a value with done=true, or throws TimeoutError naming `what` and the last detail.
 */
export async function pollUntil<T extends { done: boolean; detail: string }>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T>,
  initialMs = 100,
  maxMs = 2_000,
): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let delay = initialMs;
  let last = "not read yet";
  // A long wait says what it sees (a refresh task's status, endpoints, a rollout) instead of going silent.
  const progress = startProgress((seconds) => `waiting for ${what}: ${last}, ${seconds} s`);
  try {
    return await poll();
  } finally {
    progress.stop();
  }

  async function poll(): Promise<T> {
    for (;;) {
      const result = await probe();
      if (result.done) return result;
      last = result.detail;
      const left = deadline - Date.now();
      if (left <= 0) {
        const waited = ((Date.now() - started) / 1000).toFixed(1);
        throw new TimeoutError(sentenceOf(`${what} did not happen within ${waited} s; last seen: ${result.detail}`));
      }
      // The last probe lands on the deadline, so the time said in the error is the time waited.
      await sleep(Math.min(delay, left));
      delay = Math.min(delay * 2, maxMs);
    }
  }
}
