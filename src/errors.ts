/**
 * Errors are values until the edge: every failure the action can explain is one of these,
 * and main.ts turns it into one clear sentence with `core.setFailed`.
 */
export class BluegreenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad or missing input. Always raised before anything is changed. */
export class InputError extends BluegreenError {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input "${input}": ${message}`);
  }
}

/** The router (HAProxy, API server, OVH API) refused or failed a request. */
export class RouterError extends BluegreenError {
  constructor(
    message: string,
    /** HTTP status or protocol-level code, when the router gave one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Someone else changed the router between our read and our write (optimistic concurrency). */
export class ConflictError extends RouterError {}

/** A safety rule refused the step (unready target, untested version, nothing to roll back to...). */
export class RefusedError extends BluegreenError {}

/** A wait ran out of time. */
export class TimeoutError extends BluegreenError {}
