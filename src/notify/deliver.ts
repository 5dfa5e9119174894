import { basicAuthorization } from "../urls.js";

export interface DeliveryLimits {
  /** Attempts in all. */
  tries: number;
  /** Longest one attempt may wait for an answer. */
  tryTimeoutMs: number;
  /** Waits between attempts (the last one repeats). */
  backoffMs: readonly number[];
  /** The whole delivery, every attempt and wait included: a chat that is down never holds the step long. */
  budgetMs: number;
}

/** 3 tries within 10 s: enough for a blip, short enough that a dead webhook costs a step little. */
export const DEFAULT_LIMITS: DeliveryLimits = { tries: 3, tryTimeoutMs: 4_000, backoffMs: [500, 1_500], budgetMs: 10_000 };

/** The shortest time worth a try: less than this could not see even a loopback answer under load. */
const MIN_TRY_MS = 250;

export type Delivery = { ok: true; tries: number; status: number } | { ok: false; tries: number; problem: string };

/**
 * POSTs the body to the webhook, again after a network error, a timeout, 429 or 5xx, within the
 * limits. Other answers (4xx: a revoked webhook, a refused payload) are final. The result describes
 * a failure by its kind only (a status, an error code): never by a message that could quote the URL.
 */
export async function deliver(webhook: URL, body: string, limits: DeliveryLimits = DEFAULT_LIMITS): Promise<Delivery> {
  const started = performance.now();
  const { target, headers } = request(webhook);
  let problem = "not tried";
  for (let attempt = 1; attempt <= limits.tries; attempt++) {
    const left = limits.budgetMs - (performance.now() - started);
    // A try with a few milliseconds left could not get an answer: the budget is spent.
    if (left < MIN_TRY_MS && attempt > 1) return { ok: false, tries: attempt - 1, problem: `${problem}; out of time` };
    try {
      const response = await fetch(target, {
        method: "POST",
        headers,
        body,
        // A webhook that redirects is not followed: the next host would get the payload unasked.
        redirect: "manual",
        signal: AbortSignal.timeout(Math.min(limits.tryTimeoutMs, left)),
      });
      // The body is not read for its text (it may echo the URL); it is drained so the connection is freed.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, tries: attempt, status: response.status };
      problem = `HTTP ${response.status}`;
      if (!retriable(response.status)) return { ok: false, tries: attempt, problem };
    } catch (error) {
      problem = failureOf(error, Math.min(limits.tryTimeoutMs, left));
    }
    if (attempt < limits.tries) {
      const wait = limits.backoffMs[Math.min(attempt - 1, limits.backoffMs.length - 1)] ?? 0;
      const remaining = limits.budgetMs - (performance.now() - started);
      if (wait + MIN_TRY_MS > remaining) return { ok: false, tries: attempt, problem: `${problem}; out of time` };
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return { ok: false, tries: limits.tries, problem };
}

function retriable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** fetch refuses a URL with credentials in it: they go in an Authorization header instead. */
function request(webhook: URL): { target: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "bluegreen-notify" };
  const authorization = basicAuthorization(webhook);
  if (!authorization) return { target: webhook.href, headers };
  const bare = new URL(webhook.href);
  bare.username = "";
  bare.password = "";
  return { target: bare.href, headers: { ...headers, authorization } };
}

const CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
};

/** What went wrong, by kind: Node's own messages name the address and port, which are part of the secret. */
function failureOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  if (code && CODES[code]) return CODES[code];
  if (code && /CERT|TLS|SSL/.test(code)) return `TLS certificate problem (${code})`;
  if (code && /^[A-Z_]+$/.test(code)) return code;
  // fetch refuses the ports browsers block (1, 25, 6000...) before any connection: a fixable mistake, said so.
  if (error instanceof Error && (error.cause as Error | undefined)?.message === "bad port") return "a port that fetch refuses to use";
  return "request failed";
}
