import { createHmac, timingSafeEqual } from "node:crypto";
import { layout, MalformedMessage, readName, skipName } from "./message-walk.js";
import { absoluteName, encodeName, sameName } from "./names.js";
import { CLASS, TYPE } from "./records.js";

/**
 * TSIG (RFC 8945): signs requests and verifies the server's signed answers with a shared secret.
 * The secret lives in a TsigKey and nowhere else: nothing here puts it in a message or an error.
 */

export type TsigAlgorithm = "hmac-sha256" | "hmac-sha512";

export interface TsigKey {
  /** The key's name as the server knows it, absolute. */
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

/** TSIG error codes (RFC 8945 3, 5.2; the IANA "TSIG/TKEY RR Error Values"). */
export const TSIG_ERROR = { BADSIG: 16, BADKEY: 17, BADTIME: 18, BADTRUNC: 22 } as const;

/** Fudge: how far apart signer's and verifier's clocks may be, in seconds (RFC 8945 recommends 300). */
export const FUDGE = 300;

const HASH: Record<TsigAlgorithm, { hash: string; length: number }> = {
  "hmac-sha256": { hash: "sha256", length: 32 },
  "hmac-sha512": { hash: "sha512", length: 64 },
};

export interface TsigRecord {
  keyName: string;
  /** Algorithm name as written, e.g. "hmac-sha256.". */
  algorithm: string;
  /** Seconds since the epoch. */
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  otherData: Buffer;
}

export interface SignedMessage {
  message: Buffer;
  /** The request's MAC, which the answer's MAC covers (RFC 8945 5.3). */
  mac: Buffer;
  timeSigned: number;
}

/** Signs `message` (ARCOUNT not counting the TSIG record yet): returns it with the TSIG record appended. */
export function sign(message: Buffer, key: TsigKey, timeSigned = nowSeconds(), fudge = FUDGE): SignedMessage {
  const id = message.readUInt16BE(0);
  const fields = {
    keyName: key.name,
    algorithm: `${key.algorithm}.`,
    timeSigned,
    fudge,
    originalId: id,
    error: 0,
    otherData: Buffer.alloc(0),
  };
  const mac = hmac(key, [message, variables(fields)]);
  const signed = Buffer.concat([message, tsigRecord({ ...fields, mac })]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { message: signed, mac, timeSigned };
}

export interface SplitMessage {
  /** The message as it was before signing: TSIG record removed, ARCOUNT decreased, original id restored. */
  unsigned: Buffer;
  tsig: TsigRecord;
}

/** Cuts the TSIG record off a message; undefined when its last record is not a TSIG record. */
export function splitTsig(message: Buffer): SplitMessage | undefined {
  const { records, counts } = layout(message);
  const last = records.at(-1);
  if (!last || counts[3] === 0 || last.type !== TYPE.TSIG) return undefined;
  const tsig = parseTsig(message, last.start, last.rdata, last.end);
  const unsigned = Buffer.from(message.subarray(0, last.start));
  unsigned.writeUInt16BE(counts[3] - 1, 10);
  unsigned.writeUInt16BE(tsig.originalId, 0);
  return { unsigned, tsig };
}

/** Why an answer's signature cannot be trusted; undefined means it can. */
export type AnswerSignature =
  | { kind: "verified"; tsig: TsigRecord }
  /** The server signed nothing and says why in the TSIG error (BADSIG and BADKEY answers carry no MAC: RFC 8945 5.2). */
  | { kind: "unsigned-error"; tsig: TsigRecord }
  | { kind: "rejected"; reason: string; tsig?: TsigRecord };

/**
 * Verifies an answer to a request signed with `key` whose MAC was `requestMac` (RFC 8945 5.3: the
 * answer's MAC covers the request's MAC, then the answer, then the TSIG variables). `now` in seconds.
 */
export function verifyAnswer(answer: Buffer, key: TsigKey, requestMac: Buffer, now = nowSeconds()): AnswerSignature {
  let split: SplitMessage | undefined;
  try {
    split = splitTsig(answer);
  } catch (error) {
    return { kind: "rejected", reason: `its TSIG record cannot be read (${(error as Error).message})` };
  }
  if (!split) return { kind: "rejected", reason: "it carries no TSIG record, though the request was signed" };
  const { unsigned, tsig } = split;
  if (tsig.mac.length === 0 && (tsig.error === TSIG_ERROR.BADSIG || tsig.error === TSIG_ERROR.BADKEY))
    return { kind: "unsigned-error", tsig };
  if (!sameName(tsig.keyName, key.name) || !sameName(tsig.algorithm, `${key.algorithm}.`))
    return {
      kind: "rejected",
      reason: `it is signed with key ${tsig.keyName} (${tsig.algorithm}), not ${absoluteName(key.name)} (${key.algorithm})`,
      tsig,
    };
  const expected = hmac(key, [u16(requestMac.length), requestMac, unsigned, variables(tsig)]);
  if (!macMatches(tsig.mac, expected))
    return { kind: "rejected", reason: "its TSIG MAC does not match (the answer was altered, or not signed with this key)", tsig };
  // A BADTIME answer is signed with the server's clock by definition far from ours: its time is the point.
  if (tsig.error !== TSIG_ERROR.BADTIME && Math.abs(now - tsig.timeSigned) > tsig.fudge)
    return {
      kind: "rejected",
      reason: `it was signed at ${tsig.timeSigned}, ${Math.abs(now - tsig.timeSigned)} s from this runner's clock (fudge ${tsig.fudge} s)`,
      tsig,
    };
  return { kind: "verified", tsig };
}

/** Verifies a signed request as a server would (RFC 8945 5.2); true when its MAC is right. Used by tests. */
export function verifyRequest(request: Buffer, key: TsigKey): boolean {
  const split = splitTsig(request);
  if (!split || !sameName(split.tsig.keyName, key.name)) return false;
  return macMatches(split.tsig.mac, hmac(key, [split.unsigned, variables(split.tsig)]));
}

/** The server's clock from a BADTIME answer's other data (6 bytes, RFC 8945 5.2.3), in seconds. */
export function serverTime(tsig: TsigRecord): number | undefined {
  return tsig.otherData.length === 6 ? readU48(tsig.otherData, 0) : undefined;
}

/** A full-length MAC, or one truncated to no less than half and 10 bytes (RFC 8945 5.2.2.1). */
function macMatches(given: Buffer, expected: Buffer): boolean {
  if (given.length > expected.length || given.length < Math.max(10, expected.length / 2)) return false;
  return timingSafeEqual(given, expected.subarray(0, given.length));
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  const mac = createHmac(HASH[key.algorithm].hash, key.secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** The TSIG variables (RFC 8945 4.3.3): names in canonical form, class ANY, TTL 0. */
function variables(t: Omit<TsigRecord, "mac" | "originalId">): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(CLASS.ANY, 0);
  fixed.writeUInt32BE(0, 2);
  return Buffer.concat([
    encodeName(t.keyName, true),
    fixed,
    encodeName(t.algorithm, true),
    u48(t.timeSigned),
    u16(t.fudge),
    u16(t.error),
    u16(t.otherData.length),
    t.otherData,
  ]);
}

function tsigRecord(t: TsigRecord): Buffer {
  const rdata = Buffer.concat([
    encodeName(t.algorithm, true),
    u48(t.timeSigned),
    u16(t.fudge),
    u16(t.mac.length),
    t.mac,
    u16(t.originalId),
    u16(t.error),
    u16(t.otherData.length),
    t.otherData,
  ]);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE.TSIG, 0);
  fixed.writeUInt16BE(CLASS.ANY, 2);
  fixed.writeUInt32BE(0, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(t.keyName, true), fixed, rdata]);
}

function parseTsig(message: Buffer, start: number, rdata: number, end: number): TsigRecord {
  const keyName = readName(message, start);
  const algorithm = readName(message, rdata);
  let at = skipName(message, rdata);
  const need = (n: number) => {
    if (at + n > end) throw new MalformedMessage("the TSIG record is shorter than its fields");
  };
  need(10);
  const timeSigned = readU48(message, at);
  const fudge = message.readUInt16BE(at + 6);
  const macSize = message.readUInt16BE(at + 8);
  at += 10;
  need(macSize + 6);
  const mac = Buffer.from(message.subarray(at, at + macSize));
  at += macSize;
  const originalId = message.readUInt16BE(at);
  const error = message.readUInt16BE(at + 2);
  const otherLength = message.readUInt16BE(at + 4);
  at += 6;
  need(otherLength);
  const otherData = Buffer.from(message.subarray(at, at + otherLength));
  return { keyName, algorithm, timeSigned, fudge, mac, originalId, error, otherData };
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return b;
}

function u48(value: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(value, 0, 6);
  return b;
}

function readU48(buffer: Buffer, offset: number): number {
  return buffer.readUIntBE(offset, 6);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
