import { isIP } from "node:net";
import { absoluteName, encodeName } from "./names.js";

/**
 * Record sets as the zone client reads and writes them. Each record keeps its RDATA in wire form next
 * to its text: a value-dependent prerequisite (RFC 2136 2.4.2) must echo the RRset exactly as it was
 * read (a TXT record's split into character-strings included), and comparing two sets is comparing
 * those bytes.
 */

/** Type codes (RFC 1035 3.2.2, RFC 3596, RFC 8945). */
export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, TXT: 16, AAAA: 28, TSIG: 250, ANY: 255 } as const;
/** Class codes (RFC 1035 3.2.4, RFC 2136 1.3 for NONE). */
export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;

/** The types this layer writes. */
export type WritableType = "A" | "AAAA" | "CNAME" | "TXT";
export const WRITABLE_TYPES: readonly WritableType[] = ["A", "AAAA", "CNAME", "TXT"];

export interface DnsRecord {
  /** Presentation form: an address, an absolute name, or a TXT record's text (its strings joined). */
  value: string;
  /** RDATA in uncompressed wire form. */
  rdata: Buffer;
}

export interface RecordSet {
  /** Absolute owner name. */
  name: string;
  type: WritableType;
  /** The TTL served (read) or to write; meaningless for an empty set. */
  ttl: number;
  /** Empty when the name has no records of this type. */
  records: DnsRecord[];
}

/** A TXT character-string holds at most 255 bytes (RFC 1035 3.3). */
const TXT_CHUNK = 255;

/** Encodes one value of `type` to RDATA; throws on a value the type cannot hold. */
export function encodeRdata(type: WritableType, value: string): Buffer {
  switch (type) {
    case "A":
      if (isIP(value) !== 4) throw new Error(`"${value}" is not an IPv4 address.`);
      return Buffer.from(value.split(".").map(Number));
    case "AAAA":
      if (isIP(value) !== 6) throw new Error(`"${value}" is not an IPv6 address.`);
      return ipv6Bytes(value);
    case "CNAME":
      return encodeName(value);
    case "TXT":
      return txtRdata(splitTxt(value));
  }
}

/** A record of `type` with `value`, its RDATA encoded. */
export function record(type: WritableType, value: string): DnsRecord {
  return {
    value: type === "CNAME" ? absoluteName(value) : type === "AAAA" ? canonicalIpv6(value) : value,
    rdata: encodeRdata(type, value),
  };
}

/** A record set built from presentation values (duplicates removed, as a server would). */
export function recordSet(name: string, type: WritableType, ttl: number, values: readonly string[]): RecordSet {
  const records: DnsRecord[] = [];
  for (const value of values) {
    const next = record(type, value);
    if (!records.some((r) => sameRdata(type, r.rdata, next.rdata))) records.push(next);
  }
  return { name: absoluteName(name), type, ttl, records };
}

/** TXT RDATA from character-strings as they were served. */
export function txtRdata(strings: readonly Buffer[]): Buffer {
  return Buffer.concat(strings.flatMap((s) => [Buffer.from([s.length]), s]));
}

/** Splits text into character-strings of at most 255 bytes; the empty text is one empty string. */
export function splitTxt(text: string): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += TXT_CHUNK) chunks.push(bytes.subarray(i, i + TXT_CHUNK));
  return chunks.length > 0 ? chunks : [Buffer.alloc(0)];
}

/** RDATA equality as a server sees it: names compare without regard to case, everything else byte for byte. */
export function sameRdata(type: WritableType, a: Buffer, b: Buffer): boolean {
  return type === "CNAME" ? a.toString("latin1").toLowerCase() === b.toString("latin1").toLowerCase() : a.equals(b);
}

/** Two sets hold the same records (TTL aside: a TTL change is not a change of what the name points at). */
export function sameRecords(a: RecordSet, b: RecordSet): boolean {
  if (a.type !== b.type || a.records.length !== b.records.length) return false;
  return a.records.every((r) => b.records.some((s) => sameRdata(a.type, r.rdata, s.rdata)));
}

/** "www.example.test. CNAME blue.example.test." or "www.example.test. A (none)", for messages. */
export function describeSet(set: RecordSet): string {
  const values = set.records.map((r) => (set.type === "TXT" ? JSON.stringify(r.value) : r.value));
  return `${set.name} ${set.type} ${values.length > 0 ? values.join(", ") : "(none)"}`;
}

function ipv6Bytes(address: string): Buffer {
  // The last 32 bits may be written as an IPv4 address (::ffff:192.0.2.1).
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => {
    bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  });
  return bytes;
}

/** The RFC 5952 text of an IPv6 address (lower case, longest zero run compressed), so sets print alike. */
export function canonicalIpv6(address: string): string {
  const bytes = ipv6Bytes(address);
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}
