import type { HttpRequester } from "../backend.js";
import { TimeoutError } from "../errors.js";
import type { Check } from "../report.js";
import { sleep } from "../wait.js";

/** Health answers 2xx. */
export async function checkHealth(requester: HttpRequester, path: string, timeoutMs: number): Promise<Check> {
  const name = `health ${path}`;
  try {
    const { status } = await requester.get(path, timeoutMs);
    const ok = status >= 200 && status <= 299;
    return { name, ok, detail: `HTTP ${status} from ${requester.describe}` };
  } catch (error) {
    return { name, ok: false, detail: `no answer from ${requester.describe}: ${message(error)}` };
  }
}

/** The version path's body contains the expected version. */
export async function checkVersion(requester: HttpRequester, path: string, version: string, timeoutMs: number): Promise<Check> {
  const name = `version ${path}`;
  try {
    const { status, body } = await requester.get(path, timeoutMs);
    const ok = status >= 200 && status <= 299 && body.includes(version);
    const seen = body.trim().slice(0, 80);
    return { name, ok, detail: ok ? `serves ${version}` : `expected ${version}, got HTTP ${status} "${seen}"` };
  } catch (error) {
    return { name, ok: false, detail: `no answer: ${message(error)}` };
  }
}

/** Waits until the health path answers 2xx, for at most timeoutMs. */
export async function waitForHealthy(requester: HttpRequester, path: string, timeoutMs: number): Promise<Check> {
  const deadline = Date.now() + timeoutMs;
  let last: Check;
  let delay = 100;
  for (;;) {
    last = await checkHealth(requester, path, Math.min(5_000, Math.max(500, deadline - Date.now())));
    if (last.ok) return last;
    if (Date.now() + delay > deadline) {
      throw new TimeoutError(
        `${requester.describe}${path} did not answer 2xx within ${Math.round(timeoutMs / 1000)} s (last: ${last.detail}).`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 2_000);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
