import { ConflictError, InputError, RouterError } from "../../errors.js";

/**
 * The typed errors of the DNS layer, one sentence each, each naming what to blame. They extend the
 * project's errors (src/errors.ts) so that main.ts reports them like any other backend's.
 */

/** The server rejected the TSIG key: BADSIG blames the secret, BADKEY the key's name or algorithm. */
export class TsigRejectedError extends InputError {
  constructor(
    input: string,
    message: string,
    /** "BADSIG" or "BADKEY". */
    readonly tsigError: string,
  ) {
    super(input, message);
  }
}

/** BADTIME: the clocks of this runner and the server are further apart than the TSIG fudge. */
export class ClockSkewError extends RouterError {
  constructor(
    message: string,
    /** The server's clock minus this runner's, in seconds, when the server told its time. */
    readonly skewSeconds: number | undefined,
  ) {
    super(message, 9);
  }
}

/** A prerequisite failed (NXRRSET, YXRRSET, NXDOMAIN, YXDOMAIN): someone changed the sets since they were read. */
export class ZoneChangedError extends ConflictError {}

/** REFUSED: the server's update policy does not let this key change these names or types. */
export class UpdateRefusedError extends RouterError {}

/** The update's outcome cannot be known from its answer (timeout, lost connection, SERVFAIL, an answer that failed TSIG); the message says what the primary serves now. */
export class UpdateOutcomeUnknownError extends RouterError {
  constructor(
    message: string,
    /** true: the primary serves the new sets; false: it serves the old ones; undefined: neither, or it could not be read. */
    readonly applied: boolean | undefined,
    status?: number,
  ) {
    super(message, status);
  }
}
