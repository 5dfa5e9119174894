import { InputError } from "../errors.js";
import { type InputReader, optional } from "../input-text.js";
import { maskSecret } from "../platform/secrets.js";

/** Where the analysis queries go, with the credentials apart from the URL that is printed. */
export interface PrometheusTarget {
  /** The base URL without userinfo: the only form ever printed. */
  url: URL;
  /** Authorization header value (Bearer token, or Basic from the URL's userinfo). */
  authorization?: string;
}

/** One instant query's answer, reduced to what a check compares. */
export type QueryResult = { kind: "value"; value: number; series: number } | { kind: "empty" } | { kind: "error"; message: string };

/** A query that does not answer in this time fails its check: a bake must not hang on its monitor. */
export const QUERY_TIMEOUT_MS = 10_000;

/**
 * prometheus-url (credentials in it become a Basic header and are masked) and prometheus-token
 * (a Bearer header, masked). Undefined when no prometheus-url is set.
 */
export function parsePrometheusTarget(read: InputReader): PrometheusTarget | undefined {
  const token = optional(read("prometheus-token"));
  maskSecret(token);
  const raw = optional(read("prometheus-url"));
  if (raw === undefined) return undefined;
  // Never quote the raw text in an error: it may hold a password.
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw new InputError("prometheus-url", "is not a URL; allowed: an http:// or https:// URL, e.g. https://prometheus.example.com/.");
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new InputError("prometheus-url", `uses ${base.protocol.replace(/:$/, "")}; allowed: an http:// or https:// URL.`);
  }
  const user = decodeURIComponent(base.username);
  const password = decodeURIComponent(base.password);
  maskSecret(password);
  maskSecret(base.password);
  if (token !== undefined && (user !== "" || password !== "")) {
    throw new InputError("prometheus-url", "holds credentials and prometheus-token is set too; allowed: one of the two.");
  }
  const clean = new URL(base.toString());
  clean.username = "";
  clean.password = "";
  clean.search = "";
  clean.hash = "";
  if (!clean.pathname.endsWith("/")) clean.pathname = `${clean.pathname}/`;
  let authorization: string | undefined;
  if (token !== undefined) authorization = `Bearer ${token}`;
  else if (user !== "" || password !== "") {
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    maskSecret(authorization.slice("Basic ".length));
  }
  return { url: clean, authorization };
}

/**
 * One instant query through Prometheus's documented HTTP API (POST /api/v1/query, form-encoded,
 * which also takes queries too long for a URL). Plain fetch: Node 24 has it, and the API is one
 * endpoint with a small JSON answer, so a client library would add weight and nothing else.
 */
export async function instantQuery(target: PrometheusTarget, query: string, timeoutMs = QUERY_TIMEOUT_MS): Promise<QueryResult> {
  const endpoint = new URL("api/v1/query", target.url);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (target.authorization) headers.authorization = target.authorization;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers,
      body: new URLSearchParams({ query }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: "error", message: `Prometheus at ${target.url} did not answer: ${transportReason(error, timeoutMs)}` };
  }
  const text = await response.text().catch(() => "");
  let body: PrometheusBody | undefined;
  try {
    body = JSON.parse(text) as PrometheusBody;
  } catch {
    body = undefined;
  }
  if (body?.status === "error" || !response.ok) {
    const why = body?.error ? `${body.errorType ?? "error"}: ${body.error}` : text.trim().slice(0, 120) || response.statusText;
    return { kind: "error", message: `Prometheus at ${target.url} answered HTTP ${response.status} (${why})` };
  }
  if (body?.status !== "success" || !body.data) {
    return { kind: "error", message: `Prometheus at ${target.url} answered HTTP ${response.status} without a query result` };
  }
  return reduce(body.data);
}

interface PrometheusBody {
  status?: "success" | "error";
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** vector: one series is one value; scalar: its value; none: empty; several series: the check needs one. */
export function reduce(data: { resultType: string; result: unknown }): QueryResult {
  if (data.resultType === "scalar") return { kind: "value", value: sampleValue(data.result), series: 1 };
  if (data.resultType === "vector" && Array.isArray(data.result)) {
    const series = data.result as { value?: unknown }[];
    if (series.length === 0) return { kind: "empty" };
    if (series.length > 1) {
      return {
        kind: "error",
        message: `the query returned ${series.length} series; aggregate it to one value (sum, max, avg...)`,
      };
    }
    return { kind: "value", value: sampleValue(series[0]?.value), series: 1 };
  }
  return { kind: "error", message: `the query returned a ${data.resultType}; allowed: an instant vector or a scalar` };
}

/** A sample is [unix time, "value"], the value a string that may be "NaN", "+Inf" or "-Inf". */
function sampleValue(sample: unknown): number {
  const text = Array.isArray(sample) ? String(sample[1]) : "NaN";
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function transportReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
