import { InputError, RouterError } from "../../errors.js";
import { ClockSkewError, TsigRejectedError, UpdateRefusedError, ZoneChangedError } from "./errors.js";
import type { Exchanged } from "./query.js";
import { RCODE, rcodeName, tsigErrorName } from "./rcodes.js";
import { serverTime, TSIG_ERROR, type TsigKey } from "./tsig.js";

/** What an UPDATE's answer proves. */
export type UpdateVerdict =
  | { kind: "applied" }
  /** Not applied (RFC 2136 3: a failed update changes nothing), with the sentence that says why. */
  | { kind: "failed"; error: Error }
  /** The answer proves nothing either way: the caller reads the primary again and says what it serves. */
  | { kind: "unknown"; why: string; status?: number };

export interface AnswerContext {
  /** "127.0.0.1:53", for messages. */
  server: string;
  zone: string;
  key?: TsigKey;
  /** Where the secret came from ("DNS_TSIG_SECRET" or a masked input's name). */
  secretSource: string;
  /** Time Signed of the request, seconds (for the clock skew of a BADTIME answer). */
  timeSigned?: number;
  /** The sets the update touches, for messages: "www.example.test. CNAME, _bluegreen.www.example.test. TXT". */
  subjects: string;
  /** The input that names each name the update touches, for NOTZONE (dns-name by default). */
  nameInput: string;
}

/** Turns the answer to an UPDATE into a verdict, one sentence per failure, naming what to blame. */
export function judgeUpdateAnswer(exchanged: Exchanged, c: AnswerContext): UpdateVerdict {
  const { rcode } = exchanged.layout;
  const signature = exchanged.signature;
  if (signature?.kind === "rejected")
    return { kind: "unknown", why: `its answer (${rcodeName(rcode)}) cannot be trusted: ${signature.reason} (RFC 8945 5.3)` };
  if (signature?.kind === "unsigned-error") return { kind: "failed", error: tsigError(signature.tsig.error, c) };
  if (signature?.kind === "verified" && signature.tsig.error !== 0) {
    if (signature.tsig.error === TSIG_ERROR.BADTIME) {
      const server = serverTime(signature.tsig);
      const skew = server !== undefined && c.timeSigned !== undefined ? server - c.timeSigned : undefined;
      const size =
        skew === undefined ? "by more than the fudge" : `by ${Math.abs(skew)} s (the server's clock is ${skew > 0 ? "ahead" : "behind"})`;
      return {
        kind: "failed",
        error: new ClockSkewError(
          `The DNS server at ${c.server} rejected the update as signed at the wrong time (TSIG BADTIME): this runner's clock and the server's differ ${size}, more than the ${signature.tsig.fudge} s TSIG allows; nothing was changed. Synchronise the clocks (NTP); the TSIG inputs are not at fault.`,
          skew,
        ),
      };
    }
    return { kind: "failed", error: tsigError(signature.tsig.error, c) };
  }
  const nothing = "nothing was changed";
  switch (rcode) {
    case RCODE.NOERROR:
      return { kind: "applied" };
    case RCODE.NXRRSET:
    case RCODE.YXRRSET:
    case RCODE.NXDOMAIN:
    case RCODE.YXDOMAIN:
      return {
        kind: "failed",
        error: new ZoneChangedError(
          `The records of ${c.subjects} changed since they were read (the update's prerequisite failed: ${rcodeName(rcode)}); ${nothing}. Another run or person changed the zone: run the step again to read it anew.`,
          rcode,
        ),
      };
    case RCODE.NOTAUTH:
      return {
        kind: "failed",
        error: new InputError(
          "dns-server",
          `${c.server} answered NOTAUTH: it is not authoritative for zone ${c.zone} (not the zone's primary, or dns-zone is not the zone's apex); ${nothing}. Check dns-server and dns-zone.`,
        ),
      };
    case RCODE.REFUSED:
      return {
        kind: "failed",
        error: new UpdateRefusedError(
          `The DNS server at ${c.server} refused the update (REFUSED): its update policy does not let ${c.key ? `key ${c.key.name}` : "unsigned requests"} change ${c.subjects}; ${nothing}. Allow it in the zone's allow-update or update-policy (the secret is not at fault: a wrong one is answered BADSIG).`,
          rcode,
        ),
      };
    case RCODE.NOTZONE:
      return {
        kind: "failed",
        error: new InputError(
          c.nameInput,
          `${c.subjects}: a name is outside zone ${c.zone} (NOTZONE); ${nothing}. Allowed: names in dns-zone.`,
        ),
      };
    case RCODE.SERVFAIL:
      return { kind: "unknown", why: "it answered SERVFAIL (a failure inside the server)", status: rcode };
    default:
      return {
        kind: "failed",
        error: new RouterError(
          `The DNS server at ${c.server} answered ${rcodeName(rcode)} to the update of ${c.subjects}; ${nothing}.`,
          rcode,
        ),
      };
  }
}

function tsigError(code: number, c: AnswerContext): Error {
  const key = c.key ? `key ${c.key.name} (${c.key.algorithm})` : "the key";
  if (code === TSIG_ERROR.BADSIG)
    return new TsigRejectedError(
      c.secretSource,
      `the DNS server at ${c.server} rejected the signature of ${key} (NOTAUTH, TSIG BADSIG): the secret is not the one the server holds for that key; nothing was changed. Check ${c.secretSource}, dns-tsig-key-name and dns-tsig-algorithm.`,
      "BADSIG",
    );
  if (code === TSIG_ERROR.BADKEY)
    return new TsigRejectedError(
      "dns-tsig-key-name",
      `the DNS server at ${c.server} does not know ${key} (NOTAUTH, TSIG BADKEY): no key of that name and algorithm is defined there; nothing was changed. Check dns-tsig-key-name and dns-tsig-algorithm.`,
      "BADKEY",
    );
  return new RouterError(
    `The DNS server at ${c.server} rejected the signature of ${key} (${tsigErrorName(code)}); nothing was changed.`,
    code,
  );
}
