import { getSystemErrorName } from "node:util";
import { RouterError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { redact } from "../../platform/secrets.js";
import { sleep } from "../../wait.js";
import type { OvhRequester } from "./client.js";
import { RoundTrips } from "./round-trips.js";

export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 8_000 };

/** Network failures worth another try: the request may not have reached OVH, or its answer was lost. */
const RETRYABLE_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENETUNREACH", "ECONNABORTED"]);

/** Why one request failed, from whatever shape the client rejected with. */
export interface ApiFailure {
  /** HTTP status, when OVH answered. */
  status?: number;
  /** System error code (ECONNRESET...), when the network failed. */
  code?: string;
  /** OVH's own message, or the client's. */
  message: string;
  /** The OAuth2 token request failed, not the API call itself (its status is the token endpoint's). */
  oauth?: true;
}

/**
 * A thin promise wrapper over the official client: one method per verb, retries with backoff where
 * a retry is safe and useful (429, 5xx, connection resets), never on other 4xx (a refused call
 * stays refused), and every failure as a RouterError carrying the HTTP status and OVH's message.
 */
export class OvhApi {
  /** Every answered request's round trip (the first call's excepted: it also fetches the clock or a token). */
  readonly roundTrips = new RoundTrips();

  constructor(
    private readonly client: OvhRequester,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly requestTimeoutMs = 60_000,
  ) {}

  private async attempt(method: string, path: string, params: Record<string, unknown> | undefined, measured: boolean): Promise<unknown> {
    const started = performance.now();
    const answered = () => {
      if (measured) this.roundTrips.record(performance.now() - started);
    };
    try {
      // The client deletes keys from the object it is given: hand it a copy.
      const value = await withDeadline(this.client.requestPromised(method, path, params ? { ...params } : {}), this.requestTimeoutMs);
      answered();
      return value;
    } catch (error) {
      // An HTTP error is an answer too: its time is a round trip. A network failure is not.
      if (describeFailure(error).status !== undefined) answered();
      throw error;
    }
  }

  get<T>(path: string, query?: Record<string, string | number>): Promise<T> {
    return this.call<T>("GET", path, query);
  }

  put(path: string, body: Record<string, unknown>): Promise<void> {
    return this.call<void>("PUT", path, body);
  }

  post<T>(path: string, body?: Record<string, unknown>): Promise<T> {
    return this.call<T>("POST", path, body);
  }

  delete(path: string): Promise<void> {
    return this.call<void>("DELETE", path);
  }

  /**
   * The client learns the API's clock (GET /auth/time) or fetches its OAuth2 token on its first
   * request, once per request in flight: the first call runs alone so that happens once.
   */
  private firstCall?: Promise<unknown>;

  private async call<T>(method: string, path: string, params?: Record<string, unknown>): Promise<T> {
    if (!this.firstCall) {
      const result = this.callWithRetry<T>(method, path, params, false);
      this.firstCall = result.catch(() => undefined);
      return result;
    }
    await this.firstCall;
    return this.callWithRetry<T>(method, path, params, true);
  }

  private async callWithRetry<T>(method: string, path: string, params: Record<string, unknown> | undefined, measured: boolean): Promise<T> {
    let delay = this.retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.attempt(method, path, params, measured)) as T;
      } catch (raw) {
        const failure = describeFailure(raw);
        if (attempt >= this.retry.attempts || !isRetryable(failure)) throw toRouterError(method, path, failure, attempt);
        log.info(
          redact(
            `OVH API ${method} ${path}: ${summary(failure)}; trying again in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts}).`,
          ),
        );
        await sleep(delay);
        delay = Math.min(delay * 2, this.retry.maxDelayMs);
      }
    }
  }
}

/**
 * One request, with a deadline of our own. The client's `timeout` option is not used: it adds a
 * listener to the socket on every request, and Node's keep-alive agent reuses sockets, so a run
 * of a few dozen calls printed MaxListenersExceededWarning.
 */
function withDeadline(request: PromiseLike<unknown>, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: "ETIMEDOUT" });
      reject({ error });
    }, timeoutMs);
    timer.unref();
    Promise.resolve(request).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function isRetryable(failure: ApiFailure): boolean {
  if (failure.status !== undefined) return failure.status === 429 || failure.status >= 500;
  return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}

/**
 * node-ovh rejects with `{ error, message }`, where error is the HTTP status (message: OVH's
 * `message` field), a negative errno, an Error, a text of its own, or an OAuth2 failure object.
 */
export function describeFailure(raw: unknown): ApiFailure {
  const { error, message } = (raw ?? {}) as { error?: unknown; message?: unknown };
  const text = (value: unknown) => (typeof value === "string" ? value : value == null ? "" : JSON.stringify(value));
  if (typeof error === "number" && error >= 100) return { status: error, message: text(message) || "no message" };
  if (typeof error === "number") {
    let code = `errno ${error}`;
    try {
      code = getSystemErrorName(error);
    } catch {
      // not a system errno: keep the number
    }
    return { code, message: code };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...(code ? { code } : {}), message: error.message };
  }
  if (typeof error === "string") return { message: error };
  if (error && typeof error === "object") {
    // OAuth2 token request failed: { statusCode, error, message }.
    const oauth = error as { statusCode?: unknown; error?: unknown; message?: unknown };
    const status = typeof oauth.statusCode === "number" ? oauth.statusCode : undefined;
    const detail = [text(oauth.error), text(oauth.message)].filter(Boolean).join(": ");
    return { ...(status ? { status } : {}), oauth: true, message: `OAuth2 token request failed${detail ? `: ${detail}` : ""}` };
  }
  if (raw instanceof Error) return { message: raw.message };
  return { message: text(raw) || "unknown failure" };
}

function summary(failure: ApiFailure): string {
  if (failure.oauth) return failure.status !== undefined ? `${failure.message} (HTTP ${failure.status})` : failure.message;
  if (failure.status !== undefined) return `HTTP ${failure.status}: ${failure.message}`;
  return failure.message;
}

function toRouterError(method: string, path: string, failure: ApiFailure, attempts: number): RouterError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  // A token endpoint's status is not the API object's: a 404 there must not read as "no such frontend".
  const status = failure.oauth ? undefined : failure.status;
  return new RouterError(redact(`OVH API ${method} ${path} failed${tries}: ${summary(failure)}${hint(failure)}`), status);
}

/** A sentence pointing at the input to fix, for the failures people actually meet. */
function hint(failure: ApiFailure): string {
  const message = failure.message.toLowerCase();
  if (message.includes("invalid signature")) {
    return " (the request signature did not match: check ovh-application-secret and ovh-consumer-key, or OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY)";
  }
  if (message.includes("invalid application key")) return " (check ovh-application-key or OVH_APPLICATION_KEY)";
  if (message.includes("credential")) return " (check ovh-consumer-key: it must exist, be validated and grant this call)";
  if (message.includes("oauth2")) return " (check ovh-client-id and ovh-client-secret)";
  if (message.includes("unable to fetch ovh api time")) return " (the endpoint did not answer GET /auth/time: check ovh-endpoint)";
  if (failure.code === "ECONNREFUSED" || failure.code === "ENOTFOUND") return " (check ovh-endpoint)";
  if (failure.status === 403) return " (the consumer key does not grant this call: add it to the key's access rules)";
  return "";
}
