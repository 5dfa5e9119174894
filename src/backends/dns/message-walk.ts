/**
 * Just enough of a DNS message reader to find where each record starts: TSIG signs the message
 * "as it was before the TSIG record was added", so verifying means cutting the last additional
 * record off at its exact offset. dns-packet decodes records but does not tell where they are.
 */

export class MalformedMessage extends Error {}

/** Offset just past the (possibly compressed) name that starts at `offset`. */
export function skipName(message: Buffer, offset: number): number {
  let at = offset;
  for (;;) {
    const length = message[at];
    if (length === undefined) throw new MalformedMessage("a name runs past the end of the message");
    if ((length & 0xc0) === 0xc0) return at + 2; // a compression pointer ends the name
    if (length === 0) return at + 1;
    at += 1 + length;
  }
}

/** The name at `offset`, compression pointers followed (at most 64 of them, against loops). */
export function readName(message: Buffer, offset: number): string {
  const labels: string[] = [];
  let at = offset;
  for (let jumps = 0; jumps < 64; ) {
    const length = message[at];
    if (length === undefined) throw new MalformedMessage("a name runs past the end of the message");
    if ((length & 0xc0) === 0xc0) {
      at = ((length & 0x3f) << 8) | (message[at + 1] ?? 0);
      jumps++;
      continue;
    }
    if (length === 0) return `${labels.join(".")}.`;
    if (at + 1 + length > message.length) throw new MalformedMessage("a label runs past the end of the message");
    labels.push(message.toString("latin1", at + 1, at + 1 + length));
    at += 1 + length;
  }
  throw new MalformedMessage("a name has a compression loop");
}

export interface RecordPosition {
  /** Offset of the owner name. */
  start: number;
  type: number;
  klass: number;
  /** Offset of the RDATA. */
  rdata: number;
  rdlength: number;
  /** Offset just past the record. */
  end: number;
}

export interface MessageLayout {
  id: number;
  flags: number;
  /** RCODE from the header (4 bits; TSIG errors travel in the TSIG record instead). */
  rcode: number;
  counts: [question: number, answer: number, authority: number, additional: number];
  /** Every record after the question section, in order: answers, authorities, additionals. */
  records: RecordPosition[];
}

export function layout(message: Buffer): MessageLayout {
  if (message.length < 12) throw new MalformedMessage(`the message is ${message.length} bytes long, shorter than a header`);
  const counts = [message.readUInt16BE(4), message.readUInt16BE(6), message.readUInt16BE(8), message.readUInt16BE(10)] as [
    number,
    number,
    number,
    number,
  ];
  let at = 12;
  for (let i = 0; i < counts[0]; i++) at = skipName(message, at) + 4;
  const records: RecordPosition[] = [];
  const total = counts[1] + counts[2] + counts[3];
  for (let i = 0; i < total; i++) {
    const start = at;
    at = skipName(message, at);
    if (at + 10 > message.length) throw new MalformedMessage("a record runs past the end of the message");
    const rdlength = message.readUInt16BE(at + 8);
    const position = {
      start,
      type: message.readUInt16BE(at),
      klass: message.readUInt16BE(at + 2),
      rdata: at + 10,
      rdlength,
      end: at + 10 + rdlength,
    };
    if (position.end > message.length) throw new MalformedMessage("a record's data runs past the end of the message");
    records.push(position);
    at = position.end;
  }
  const flags = message.readUInt16BE(2);
  return { id: message.readUInt16BE(0), flags, rcode: flags & 0xf, counts, records };
}
