import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { ProbeEndpoint } from "../backend.js";
import { sleep } from "../wait.js";
import { getOnce } from "./http.js";

/**
 * One server as the router sends it traffic, checked directly by bluegreen: a router's health view
 * lags a restart (HAProxy keeps a restarted server UP until its checks fail `fall` times), so "UP"
 * right after a deploy proves nothing until the server itself has answered.
 */
export type { ProbeEndpoint };

export interface ProbeSettings {
  /** health-path. */
  path: string;
  /** Consecutive successes each server needs. */
  times: number;
  /** Pause between two attempts on one server. */
  intervalMs: number;
  /** Longest wait for one attempt. */
  attemptTimeoutMs: number;
}

export interface Attempt {
  ok: boolean;
  /** "HTTP 200", "HTTP 503", "connection refused"... */
  detail: string;
}

export type ProbeAttempt = (endpoint: ProbeEndpoint, path: string, timeoutMs: number) => Promise<Attempt>;

export interface ProbeOutcome {
  ok: boolean;
  /** What was checked when ok; else which servers did not make it and what they last answered. */
  detail: string;
}

/** `host:port`, with brackets for IPv6. */
export function endpointAddress(endpoint: ProbeEndpoint): string {
  return `${endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}

/** One attempt on a fresh connection (never a kept-alive one, which could outlive the server it reached). */
export const attemptOnce: ProbeAttempt = async (endpoint, path, timeoutMs) => {
  if (endpoint.protocol === "tcp") return connectOnce(endpoint, timeoutMs);
  const secure = endpoint.protocol === "https";
  const url = `${secure ? "https" : "http"}://${endpointAddress(endpoint)}${path}`;
  try {
    const { status } = await getOnce(
      secure ? https.request : http.request,
      url,
      { agent: false, headers: { "user-agent": "bluegreen", connection: "close" }, ...(secure ? { rejectUnauthorized: false } : {}) },
      timeoutMs,
    );
    return { ok: status >= 200 && status <= 299, detail: `HTTP ${status}` };
  } catch (error) {
    return { ok: false, detail: transportFailure(error) };
  }
};

function connectOnce(endpoint: ProbeEndpoint, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const done = (attempt: Attempt) => {
      socket.destroy();
      resolve(attempt);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, detail: `no connection within ${timeoutMs} ms` }));
    socket.once("connect", () => done({ ok: true, detail: "connection accepted" }));
    socket.once("error", (error) => done({ ok: false, detail: transportFailure(error) }));
  });
}

function transportFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET") return "connection reset";
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Checks every endpoint until each succeeded `times` times in a row (a failure starts its count
 * again), or until `deadline` (a Date.now() value). Endpoints are checked side by side; one that
 * reached its count is left alone.
 */
export async function probeInARow(
  endpoints: ProbeEndpoint[],
  settings: ProbeSettings,
  deadline: number,
  attempt: ProbeAttempt = attemptOnce,
): Promise<ProbeOutcome> {
  const started = Date.now();
  const streaks = endpoints.map(() => 0);
  const last: Attempt[] = endpoints.map(() => ({ ok: false, detail: "not checked yet" }));
  for (;;) {
    await Promise.all(
      endpoints.map(async (endpoint, i) => {
        if ((streaks[i] as number) >= settings.times) return;
        const timeoutMs = Math.max(100, Math.min(settings.attemptTimeoutMs, deadline - Date.now()));
        const result = await attempt(endpoint, settings.path, timeoutMs);
        last[i] = result;
        streaks[i] = result.ok ? (streaks[i] as number) + 1 : 0;
      }),
    );
    if (streaks.every((streak) => streak >= settings.times)) return { ok: true, detail: checkedPhrase(endpoints, settings) };
    const left = deadline - Date.now();
    if (left <= 0) {
      const behind = endpoints
        .map((endpoint, i) => ({ endpoint, streak: streaks[i] as number, last: last[i] as Attempt }))
        .filter((entry) => entry.streak < settings.times)
        .map(
          ({ endpoint, streak, last: seen }) =>
            `${endpoint.name} at ${endpointAddress(endpoint)} (last: ${seen.detail}${streak > 0 ? `, ${streak} in a row so far` : ""})`,
        );
      const waited = ((Date.now() - started) / 1000).toFixed(1);
      return {
        ok: false,
        detail: `${behind.join(", ")} did not ${verbOf(endpoints, settings)} ${settings.times} times in a row within ${waited} s`,
      };
    }
    // The last round lands on the deadline, so the time said in the failure is the time probed.
    await sleep(Math.min(settings.intervalMs, left));
  }
}

/** "answering /health 3 times in a row", naming HTTPS (unverified) and TCP servers where there are any. */
export function checkedPhrase(endpoints: ProbeEndpoint[], settings: ProbeSettings): string {
  const byProtocol = (protocol: ProbeEndpoint["protocol"]) => endpoints.filter((e) => e.protocol === protocol).map((e) => e.name);
  const [tcp, secure] = [byProtocol("tcp"), byProtocol("https")];
  const all = tcp.length === endpoints.length;
  const phrase = all ? "accepting connections" : `answering ${settings.path}`;
  const notes: string[] = [];
  if (secure.length > 0) notes.push(`over HTTPS without checking the certificate: ${secure.join(", ")}`);
  if (tcp.length > 0 && !all) notes.push(`a connection accepted, the router speaking TCP to them: ${tcp.join(", ")}`);
  return `${phrase} ${settings.times} times in a row${notes.length ? ` (${notes.join("; ")})` : ""}`;
}

function verbOf(endpoints: ProbeEndpoint[], settings: ProbeSettings): string {
  return endpoints.every((e) => e.protocol === "tcp") ? "accept a connection" : `answer ${settings.path} with 2xx`;
}
