import { TimeoutError } from "./errors.js";

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
  const deadline = Date.now() + timeoutMs;
  let delay = initialMs;
  for (;;) {
    const result = await probe();
    if (result.done) return result;
    if (Date.now() + delay > deadline) {
      throw new TimeoutError(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s; last seen: ${result.detail}.`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, maxMs);
  }
}
