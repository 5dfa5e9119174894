import { ConflictError, RouterError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { sleep } from "../../wait.js";
import { explain, statusCode, statusMessage, type Target } from "./api-errors.js";
import { AmbiguousWrite, ConnectionLost, RequestTimeout } from "./http.js";

/** One PATCH, and how to read its object back when its outcome is unknown. */
export interface Write<T> {
  target: Target;
  server: string;
  /** The patch body as sent (a merge patch, or a strategic merge patch when `strategic`). */
  body: Record<string, unknown>;
  strategic?: boolean;
  send(): Promise<T>;
  read(): Promise<T>;
  /** Pause before reading back, so that a write the server is still working on can land first. */
  settleMs: number;
}

/**
 * Sends a write; when its outcome is unknown (no answer in time, a broken connection, a 5xx, or a
 * safe retry refused with 409), reads the object again after a short settle and says what it shows,
 * never a guess: the object shows the change (returned, as if the answer had come), or it shows
 * someone else's change that makes this one impossible (ConflictError), or it shows neither, and the
 * error says bluegreen cannot tell. Failures with a clear answer (4xx) are explained as usual.
 */
export async function writeAndConfirm<T>(write: Write<T>): Promise<T> {
  try {
    return await write.send();
  } catch (error) {
    const failure = unknownOutcome(error);
    if (failure === undefined) throw explain(error, write.target, write.server);
    return confirm(write, failure);
  }
}

async function confirm<T>(write: Write<T>, failure: string): Promise<T> {
  const { target } = write;
  const object = `${target.kind} ${target.namespace}/${target.name}`;
  const what = `${failure}, trying to ${target.verb} ${object}`;
  await sleep(write.settleMs);
  let seen: T;
  try {
    seen = await write.read();
  } catch (readError) {
    const why = explain(readError, { ...target, verb: "read" }, write.server).message.replace(/\.$/, "");
    throw new RouterError(
      `${capitalized(what)}, and reading it again failed too (${why}): bluegreen cannot tell whether the change was applied. Check ${object} before running the step again.`,
    );
  }
  if (shows(seen, write.body, write.strategic === true)) {
    log.warn(`${capitalized(what)}; read again, ${object} shows the change applied.`);
    return seen;
  }
  const sent = resourceVersionOf(write.body);
  const now = resourceVersionOf(seen);
  if (sent !== undefined && now !== sent) {
    // The write named the resourceVersion it was computed from, and the object has moved on without it.
    throw new ConflictError(
      `${capitalized(what)}; read again, ${object} shows another change (resourceVersion ${now ?? "?"}) and not this one, which can no longer be applied: this change was not made. Run the step again.`,
      409,
    );
  }
  throw new RouterError(
    `${capitalized(what)}; read again ${Math.round(write.settleMs / 100) / 10} s later, ${object} does not show the change, but the API server may still apply it: bluegreen cannot tell whether it will. Check ${object} before running the step again.`,
  );
}

/** A sentence fragment for a failure after which the write may have been applied; undefined when it surely was not. */
export function unknownOutcome(error: unknown): string | undefined {
  if (error instanceof RequestTimeout) {
    return error.method === "GET"
      ? undefined
      : `The API server did not answer within ${Math.round(error.limitMs / 100) / 10} s (the per-request limit)`;
  }
  if (error instanceof AmbiguousWrite) {
    return `${capitalized(error.firstFailure)} and the retry (carrying the resourceVersion read) was refused with 409 Conflict`;
  }
  if (error instanceof ConnectionLost) {
    // A refused connection never reached the server.
    if (error.method === "GET" || error.code === "ECONNREFUSED") return undefined;
    return `The connection to the API server broke (${error.detail})`;
  }
  const code = statusCode(error);
  if (code !== undefined && code >= 500) {
    const message = statusMessage(error);
    return `The API server answered ${code}${message ? ` (${message})` : ""}`;
  }
  return undefined;
}

/**
 * Does the object show the patch? Every value the patch sets is there, every key it removes (null)
 * is gone; lists compare whole (a merge patch replaces them), except in a strategic merge patch,
 * where each item must be in the object's list with the same `name` and the fields it sets.
 */
export function shows(actual: unknown, patch: unknown, strategic: boolean, path = ""): boolean {
  if (patch === null) return actual === undefined || actual === null;
  if (Array.isArray(patch)) {
    if (!Array.isArray(actual)) return false;
    if (!strategic) return stable(actual) === stable(patch);
    return patch.every((item) => {
      const name = (item as { name?: unknown } | null)?.name;
      const match = actual.find((a) => (a as { name?: unknown } | null)?.name === name);
      return match !== undefined && shows(match, item, strategic);
    });
  }
  if (typeof patch === "object") {
    if (typeof actual !== "object" || actual === null) return false;
    return Object.entries(patch as Record<string, unknown>).every(
      ([key, value]) =>
        (path === "metadata" && key === "resourceVersion") ||
        shows((actual as Record<string, unknown>)[key], value, strategic, path ? `${path}.${key}` : key),
    );
  }
  return actual === patch;
}

function resourceVersionOf(object: unknown): string | undefined {
  const version = (object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  return typeof version === "string" && version !== "" ? version : undefined;
}

/** JSON without undefined fields (the client's models carry them), for comparing lists. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === null ? undefined : v));
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
