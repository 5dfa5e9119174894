import type * as K8s from "@kubernetes/client-node";
import { sleep } from "../../wait.js";

// Types only: the client is loaded dynamically in connect(), which hands its module in.

/** How every API request is bounded and when it may be sent again. */
export interface RequestPolicy {
  /** Longest one HTTP request may take, answer body included. */
  limitMs: number;
  /** Reads: attempts in all, the first included. */
  readAttempts: number;
  /** First wait before a retry; it doubles each time. */
  backoffMs: number;
  /** Longest single wait, a Retry-After header included. */
  maxBackoffMs: number;
  /** Pause before a write whose answer timed out is sent again, so that a late first attempt can land first. */
  settleMs: number;
}

export const DEFAULT_POLICY: Omit<RequestPolicy, "limitMs"> = { readAttempts: 4, backoffMs: 250, maxBackoffMs: 5_000, settleMs: 1_000 };

/** Header added to the answer handed to the client, so that error messages can tell how often a request was tried. */
export const ATTEMPTS_HEADER = "x-bluegreen-attempts";

/** A request the API server did not answer within the limit. */
export class RequestTimeout extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly limitMs: number,
    /** True when neither this request nor any earlier write of this run can have changed anything. */
    readonly nothingChanged: boolean,
  ) {
    super(`${method} ${path}: no answer within ${limitMs} ms`);
  }
}

/**
 * A request that got no HTTP answer at all (connection refused or reset, TLS failure, DNS). `contacted`
 * tells whether an earlier request of this run was answered: if so, the kubeconfig is fine and the
 * connection broke mid-run; if not, the API server may never have been reachable with it.
 */
export class ConnectionLost extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    /** ECONNRESET, ECONNREFUSED, a certificate error code... */
    readonly code: string | undefined,
    /** The socket error, as the runtime words it. */
    readonly detail: string,
    readonly contacted: boolean,
    /** True when neither this request nor any earlier write of this run can have changed anything. */
    readonly nothingChanged: boolean,
    /** The client's own error, whose cause names the socket failure. */
    readonly original: unknown,
  ) {
    super(`${method} ${path}: ${detail}`);
  }
}

/**
 * A write retried after an answer that may hide a success (5xx, connection reset), whose retry was
 * refused with 409: either the first attempt was applied, or someone else changed the object.
 */
export class AmbiguousWrite extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly firstFailure: string,
  ) {
    super(`${method} ${path}: ${firstFailure}, then 409 on the retry`);
  }
}

type Outcome =
  | { kind: "answer"; status: number; headers: Record<string, string>; text: string }
  | { kind: "timeout" }
  | { kind: "network"; error: unknown; code: string | undefined };

/** Socket-level failures worth another attempt (the server restarting, a dropped keep-alive connection). */
const RETRYABLE_NETWORK = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** 429 (API Priority and Fairness throttling) and the 5xx a busy or restarting API server answers. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The client's own fetch library, with a time limit on each request and a retry policy:
 *
 * - Reads (GET) are retried with exponential backoff (honouring Retry-After) on 429, 5xx and
 *   socket errors: reading twice changes nothing.
 * - A PATCH carrying `metadata.resourceVersion` is retried once on those failures: if the first
 *   attempt was in fact applied, the object's resourceVersion moved on and the retry is refused
 *   with 409 instead of being applied twice. That 409 is then reported as ambiguous, never as
 *   "someone else changed it; nothing was changed".
 * - Any other write is never retried: after a 5xx or a reset it may have been applied, and a
 *   blind second attempt could overwrite what someone else wrote in between.
 * - A request that times out is not retried either: a server that held one request for the
 *   whole limit is unlikely to answer the next one, and retries would multiply the wait beyond
 *   the `timeout` the user set.
 */
export function guardedHttpLibrary(k8s: typeof K8s, policy: RequestPolicy): K8s.HttpLibrary {
  const inner = new k8s.IsomorphicFetchHttpLibrary();
  // Once a write may have reached the server, no later failure can claim "nothing was changed".
  let mayHaveWritten = false;
  // Once the server answered anything, a later socket failure is a broken connection, not a bad kubeconfig.
  let contacted = false;

  async function attempt(request: K8s.RequestContext): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.limitMs);
    request.setSignal(controller.signal);
    try {
      const response = await inner.send(request).toPromise();
      // Read the body under the same limit: a server may send headers and then stall.
      const text = await response.body.text();
      return { kind: "answer", status: response.httpStatusCode, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) return { kind: "timeout" };
      return { kind: "network", error, code: networkCode(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(request: K8s.RequestContext): Promise<K8s.ResponseContext> {
    const method = request.getHttpMethod().toString();
    const path = pathOf(request.getUrl());
    const read = method === "GET";
    const guarded = !read && carriesResourceVersion(request.getBody());
    const attempts = read ? policy.readAttempts : guarded ? 2 : 1;
    let firstFailure: string | undefined;
    for (let n = 1; ; n++) {
      const outcome = await attempt(request);
      if (!read && maybeApplied(outcome)) mayHaveWritten = true;
      if (outcome.kind === "answer") contacted = true;
      // A write carrying its resourceVersion is sent again after a timeout too (after a settle, so
      // that a late first attempt lands first): whichever attempt the server applies, the other is
      // refused with 409, so the write is applied once, and the caller learns which from the object.
      const settleAndRetry = outcome.kind === "timeout" && guarded && n < attempts;
      if (outcome.kind === "timeout" && !settleAndRetry) throw new RequestTimeout(method, path, policy.limitMs, read && !mayHaveWritten);
      const retryable =
        outcome.kind === "answer"
          ? RETRYABLE_STATUS.has(outcome.status)
          : outcome.kind === "network"
            ? RETRYABLE_NETWORK.has(outcome.code ?? "")
            : settleAndRetry;
      if (guarded && n > 1 && outcome.kind === "answer" && outcome.status === 409 && firstFailure !== undefined) {
        throw new AmbiguousWrite(method, path, firstFailure);
      }
      if (!retryable || n >= attempts) {
        if (outcome.kind === "network") {
          throw new ConnectionLost(
            method,
            path,
            outcome.code,
            socketDetail(outcome.error),
            contacted,
            read && !mayHaveWritten,
            outcome.error,
          );
        }
        if (outcome.kind === "timeout") throw new RequestTimeout(method, path, policy.limitMs, false);
        const headers = { ...outcome.headers, [ATTEMPTS_HEADER]: String(n) };
        const body = new k8s.SelfDecodingBody(Promise.resolve(Buffer.from(outcome.text)));
        return new k8s.ResponseContext(outcome.status, headers, body);
      }
      // Only failures after which the first write may have been applied make a later 409 ambiguous.
      if (guarded && maybeApplied(outcome)) firstFailure = describe(outcome, policy);
      await sleep(outcome.kind === "timeout" ? policy.settleMs : delayBefore(n, outcome, policy));
    }
  }

  return { send: (request) => new k8s.Observable(send(request)) };
}

/** Could this write have been applied by the server? Only a 4xx answer or a refused connection say no. */
function maybeApplied(outcome: Outcome): boolean {
  if (outcome.kind === "answer") return outcome.status < 400 || outcome.status >= 500;
  if (outcome.kind === "network") return outcome.code !== "ECONNREFUSED";
  return true;
}

function describe(outcome: Outcome, policy: RequestPolicy): string {
  if (outcome.kind === "answer") return `the API server answered ${outcome.status}`;
  if (outcome.kind === "network") return `the connection failed (${outcome.code ?? "network error"})`;
  return `the API server did not answer within ${Math.round(policy.limitMs / 100) / 10} s`;
}

/** The socket failure in words: fetch wraps it in `cause` (ECONNRESET, a certificate error...). */
function socketDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message;
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

/** Retry-After when the server sent one (seconds), else exponential backoff with jitter. */
function delayBefore(attempt: number, outcome: Outcome, policy: RequestPolicy): number {
  const retryAfter = outcome.kind === "answer" ? Number(outcome.headers["retry-after"]) : Number.NaN;
  const base = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : policy.backoffMs * 2 ** (attempt - 1);
  // Jitter spreads the retries of several runners hitting the same throttled API server.
  const jittered = base * (0.75 + Math.random() * 0.5);
  return Math.min(jittered, policy.maxBackoffMs);
}

/** A merge patch naming the resourceVersion it was computed from: the server applies it at most once. */
function carriesResourceVersion(body: unknown): boolean {
  if (typeof body !== "string") return false;
  try {
    const version = (JSON.parse(body) as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    return typeof version === "string" && version !== "";
  } catch {
    return false;
  }
}

/** fetch wraps the socket error in `cause` (ECONNRESET, UND_ERR_SOCKET...). */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Path and query, without the server: what messages name. */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
