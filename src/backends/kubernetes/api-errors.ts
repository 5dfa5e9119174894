import { ConflictError, InputError, RouterError } from "../../errors.js";
import { AmbiguousWrite, ATTEMPTS_HEADER, ConnectionLost, RequestTimeout } from "./http.js";

/** The object a call is about, to name it and the input to blame in errors. */
export interface Target {
  /** "Service", "Deployment", "Route"... */
  kind: string;
  namespace: string;
  name: string;
  /** The input that named the object ("service", "app", "route"...). */
  input: string;
  /** What the call does, for messages: "read", "patch", "list pods of". */
  verb: string;
  /** Why that input is to blame when the object was named by default, e.g. "service defaults to app". */
  note?: string;
}

/**
 * Calls the API and turns its failures into one clear sentence: a missing object or a refused
 * credential is an input error (nothing was changed), a stale resourceVersion is a conflict.
 * The client's own messages carry whole response bodies and headers: they are never shown.
 */
export async function call<T>(target: Target, server: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw explain(error, target, server);
  }
}

export function explain(error: unknown, target: Target, server: string): Error {
  const object = `${target.kind} ${target.namespace}/${target.name}`;
  if (error instanceof RequestTimeout) {
    const seconds = Math.round(error.limitMs / 100) / 10;
    const outcome = error.nothingChanged
      ? "nothing was changed"
      : error.method === "GET"
        ? "earlier changes of this step stand; check the objects before running it again"
        : `the change may or may not have been applied; check ${object} before running the step again`;
    return new RouterError(
      `The API server at ${server} did not answer within ${seconds} s (the per-request limit) to ${target.verb} ${object} (${error.method} ${error.path}); ${outcome}.`,
    );
  }
  if (error instanceof AmbiguousWrite) {
    return new RouterError(
      `Could not tell whether ${target.verb} ${object} was applied: ${error.firstFailure}, and the retry (safe: it carries the resourceVersion read) was refused with 409 Conflict, so either the first attempt was applied or someone else changed ${object}; check it before running the step again.`,
    );
  }
  if (error instanceof ConnectionLost && error.contacted) {
    // The API server answered earlier requests of this run: the kubeconfig works, the connection broke.
    const outcome = error.nothingChanged
      ? "nothing was changed"
      : error.method === "GET"
        ? "earlier changes of this step stand; check the objects before running it again"
        : `the change may or may not have been applied; check ${object} before running the step again`;
    return new RouterError(
      `The connection to the API server at ${server} broke (${error.detail}) while trying to ${target.verb} ${object} (${error.method} ${error.path}), after earlier requests of this step were answered; ${outcome}.`,
    );
  }
  const code = statusCode(error);
  if (code === undefined) {
    return new InputError(
      "kubeconfig",
      `cannot reach the API server at ${server} to ${target.verb} ${object}: ${networkCause(error)}; allowed: a kubeconfig whose cluster this runner can reach.`,
    );
  }
  const message = statusMessage(error);
  switch (code) {
    case 401:
      return new InputError(
        "kubeconfig",
        `the API server at ${server} rejected the credentials (401 Unauthorized) while trying to ${target.verb} ${object}; use a valid token or client certificate.`,
      );
    case 403:
      return new InputError(
        "kubeconfig",
        `the credentials may not ${target.verb} ${object} (403 Forbidden: ${message ?? "forbidden"}); grant the deployer's role that permission.`,
      );
    case 404:
      return new InputError(
        target.input,
        `${object} was not found (404: ${message ?? "not found"}); check the inputs ${target.input} and namespace${target.note ? ` (${target.note})` : ""}.`,
      );
    case 409:
      return new ConflictError(
        `${object} was changed by someone else since it was read (409 Conflict: ${message ?? "conflict"}); nothing was changed. Run the step again.`,
        409,
      );
    default:
      return new RouterError(
        `The API server answered ${code} to ${target.verb} ${object}${attemptsOf(error)}: ${message ?? "no message"}.`,
        code,
      );
  }
}

/** ApiException (client-node) carries `code`; anything without one never got an HTTP answer. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

/** " (after 4 attempts)" when http.ts retried the request, so the reader knows it was not a blip. */
function attemptsOf(error: unknown): string {
  const attempts = Number((error as { headers?: Record<string, string> }).headers?.[ATTEMPTS_HEADER]);
  return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}

/** The `message` of the Status object the API answers with, when the body holds one. */
export function statusMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown }).body;
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 300) || undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : undefined;
}

/** fetch wraps the socket error in `cause`: show that (ECONNREFUSED, a certificate error...). */
function networkCause(error: unknown): string {
  if (error instanceof ConnectionLost) return error.detail;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message;
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}
