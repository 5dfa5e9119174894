import { randomInt } from "node:crypto";
import dnsPacket, { type Answer, type RecordType } from "dns-packet";
import { layout, type MessageLayout } from "./message-walk.js";
import { absoluteName, sameName } from "./names.js";
import { canonicalIpv6, type DnsRecord, type RecordSet, record, txtRdata, type WritableType } from "./records.js";
import type { ServerAddress } from "./server-address.js";
import { exchange } from "./tcp.js";
import { type AnswerSignature, nowSeconds, sign, splitTsig, type TsigKey, verifyAnswer } from "./tsig.js";

/** An answer whose header matched the request; `signature` when the request was signed. */
export interface Exchanged {
  answer: Buffer;
  layout: MessageLayout;
  signature?: AnswerSignature;
  /** Time Signed of the request, seconds, when it was signed. */
  timeSigned?: number;
}

export class UnexpectedAnswer extends Error {}

export interface SendOptions {
  key?: TsigKey;
  timeoutMs?: number;
  /** This runner's clock in seconds, for TSIG (tests shift it to provoke BADTIME). */
  clock?: () => number;
}

/** Sends `message` (its id already set), signed with `key` when given, and checks that the answer is its answer. */
export async function send(server: ServerAddress, message: Buffer, options: SendOptions = {}): Promise<Exchanged> {
  const clock = options.clock ?? nowSeconds;
  const signed = options.key ? sign(message, options.key, clock()) : undefined;
  const answer = await exchange(server, signed ? signed.message : message, options.timeoutMs);
  const parsed = layout(answer);
  const id = message.readUInt16BE(0);
  if (parsed.id !== id || (parsed.flags & 0x8000) === 0) throw new UnexpectedAnswer(`the answer is not a response to message ${id}`);
  if (!options.key || !signed) return { answer, layout: parsed };
  return { answer, layout: parsed, signature: verifyAnswer(answer, options.key, signed.mac, clock()), timeSigned: signed.timeSigned };
}

export interface QueryResult {
  rcode: number;
  /** The AA bit: the server answered from a zone it serves. */
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
}

/** One query over TCP. Signed when `key` is given (then an answer that fails verification throws). */
export async function query(server: ServerAddress, name: string, type: RecordType, options: SendOptions = {}): Promise<QueryResult> {
  const id = randomInt(0, 0x10000);
  const message = dnsPacket.encode({ type: "query", id, flags: 0, questions: [{ name: absoluteName(name), type, class: "IN" }] });
  const { answer, layout: parsed, signature } = await send(server, message, options);
  if (signature && signature.kind !== "verified")
    throw new UnexpectedAnswer(
      `the answer's TSIG ${signature.kind === "rejected" ? `was rejected: ${signature.reason}` : `says ${signature.tsig.error}`}`,
    );
  const decoded = dnsPacket.decode(signature ? (splitTsig(answer)?.unsigned ?? answer) : answer);
  return {
    rcode: parsed.rcode,
    authoritative: (parsed.flags & 0x0400) !== 0,
    answers: decoded.answers ?? [],
    authorities: decoded.authorities ?? [],
  };
}

/** The records of `type` owned by `name` among `answers` (a CNAME chain's other links left out). */
export function recordSetOf(answers: Answer[], name: string, type: WritableType): RecordSet {
  const owned = answers.filter((a) => a.type === type && sameName(a.name, name));
  const records: DnsRecord[] = owned.map((a) => decodeRecord(type, (a as { data: unknown }).data));
  const ttls = owned.map((a) => ("ttl" in a && typeof a.ttl === "number" ? a.ttl : 0));
  return { name: absoluteName(name), type, ttl: ttls.length > 0 ? Math.min(...ttls) : 0, records };
}

function decodeRecord(type: WritableType, data: unknown): DnsRecord {
  switch (type) {
    case "A":
    case "CNAME":
      return record(type, String(data));
    case "AAAA":
      return record(type, canonicalIpv6(String(data)));
    case "TXT": {
      // Kept as served, strings and all, so a prerequisite echoes exactly what was read.
      const strings = (Array.isArray(data) ? data : [data]).map((s: Buffer | string) => (Buffer.isBuffer(s) ? s : Buffer.from(s)));
      return { value: Buffer.concat(strings).toString("utf8"), rdata: txtRdata(strings) };
    }
  }
}
