import type { HttpRequester } from "../backend.js";
import { BluegreenError, TimeoutError } from "../errors.js";
import type { Check } from "../report.js";
import { sleep } from "../wait.js";

/** A check, and when it failed on an error that waiting cannot heal, why. */
export interface HealthCheck extends Check {
  /** The transport error's code (ENOTFOUND, ECONNREFUSED...), when there was no HTTP answer. */
  errorCode?: string;
  /** The HTTP status, when there was an answer. */
  status?: number;
}

/** Health answers 2xx. */
export async function checkHealth(requester: HttpRequester, path: string, timeoutMs: number): Promise<HealthCheck> {
  const name = `health ${path}`;
  try {
    const { status } = await requester.get(path, timeoutMs);
    const ok = status >= 200 && status <= 299;
    return { name, ok, detail: `HTTP ${status} from ${target(requester, path)}`, status };
  } catch (error) {
    return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}`, errorCode: codeOf(error) };
  }
}

/** A version that, served instead of the expected one, points at a likely cause (the preview entry's). */
export interface Misdirection {
  version: string;
  /** Follows the failed check's detail: ", which is ...". */
  explanation: string;
}

/** The version path's body contains the expected version. */
export async function checkVersion(
  requester: HttpRequester,
  path: string,
  version: string,
  timeoutMs: number,
  misdirection?: Misdirection,
): Promise<Check> {
  const name = `version ${path}`;
  try {
    const { status, body } = await requester.get(path, timeoutMs);
    const ok = status >= 200 && status <= 299 && body.includes(version);
    const seen = body.trim().slice(0, 80);
    const why = !ok && misdirection && servesExactly(body, misdirection.version) ? `, ${misdirection.explanation}` : "";
    return {
      name,
      ok,
      detail: ok ? `serves ${version}` : `expected ${version}, got HTTP ${status} "${seen}" from ${target(requester, path)}${why}`,
    };
  } catch (error) {
    return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}` };
  }
}

/** `version` as a whole word of the body (v1 is not in "v10"). */
function servesExactly(body: string, version: string): boolean {
  return body.split(/[^A-Za-z0-9_.-]+/).includes(version);
}

/**
 * How long a refused connection is given to heal: a router that restarts refuses for a moment; one
 * that keeps refusing has nothing listening at that address, and waiting the whole timeout is useless.
 */
const REFUSED_GRACE_MS = 3_000;

/**
 * Waits until the health path answers 2xx, for at most timeoutMs. Fails at once on what cannot heal
 * (a host name that does not resolve; a connection still refused after a short grace).
 */
export async function waitForHealthy(requester: HttpRequester, path: string, timeoutMs: number): Promise<Check> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let refusedSince: number | undefined;
  let delay = 100;
  for (;;) {
    const last = await checkHealth(requester, path, Math.min(5_000, Math.max(500, deadline - Date.now())));
    if (last.ok) return last;
    if (last.errorCode === "ENOTFOUND") {
      throw new BluegreenError(`${target(requester, path)} cannot be reached: its host name does not resolve (${last.detail}).`);
    }
    refusedSince = last.errorCode === "ECONNREFUSED" ? (refusedSince ?? Date.now()) : undefined;
    if (refusedSince !== undefined && Date.now() - refusedSince >= REFUSED_GRACE_MS) {
      throw new BluegreenError(
        `${target(requester, path)} refused every connection for ${seconds(Date.now() - refusedSince)}: nothing listens there (${last.detail}).`,
      );
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TimeoutError(
        `${target(requester, path)} did not answer 2xx within ${seconds(Date.now() - started)} (last: ${last.detail}).`,
      );
    }
    // The last attempt lands on the deadline, so the time said in the error is the time waited.
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, 2_000);
  }
}

/**
 * The health check of the first HTTP answer, 2xx or not: tried again only while no answer comes
 * (a transport error), for at most waitMs, and never on a host name that does not resolve.
 */
export async function firstAnswer(requester: HttpRequester, path: string, waitMs: number): Promise<HealthCheck> {
  const deadline = Date.now() + waitMs;
  let delay = 100;
  for (;;) {
    const check = await checkHealth(requester, path, Math.min(5_000, Math.max(500, deadline - Date.now())));
    const left = deadline - Date.now();
    if (check.status !== undefined || check.errorCode === "ENOTFOUND" || left <= 0) return check;
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, 1_000);
  }
}

/** The full address a check requested: the base and the path, once each. */
function target(requester: HttpRequester, path: string): string {
  return `${requester.describe.replace(/\/+$/, "")}${path}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function codeOf(error: unknown): string | undefined {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
