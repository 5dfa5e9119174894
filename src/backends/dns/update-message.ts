import { encodeName } from "./names.js";
import { CLASS, type DnsRecord, type RecordSet, TYPE, type WritableType } from "./records.js";

/**
 * The DNS UPDATE message (RFC 2136), written by hand because dns-packet cannot: it has no class NONE,
 * and its typed records always carry RDATA, while the prerequisites and deletes below need class
 * NONE/ANY records with RDLENGTH 0. Names are written uncompressed (allowed, and simpler to check).
 */

/** RFC 2136 2.4: what must hold before anything is changed. */
export type Prerequisite =
  /** 2.4.2 "RRset exists (value dependent)": the set is exactly these records. */
  | { kind: "rrset-equals"; set: RecordSet }
  /** 2.4.1 "RRset exists (value independent)". */
  | { kind: "rrset-exists"; name: string; type: WritableType }
  /** 2.4.3 "RRset does not exist". */
  | { kind: "rrset-absent"; name: string; type: WritableType }
  /** 2.4.4 "Name is in use". */
  | { kind: "name-in-use"; name: string }
  /** 2.4.5 "Name is not in use". */
  | { kind: "name-not-in-use"; name: string };

/** RFC 2136 2.5: the changes, applied in order, all or none. */
export type UpdateOperation =
  /** 2.5.1 "Add to an RRset": every record of the set, with its TTL. */
  | { kind: "add"; set: RecordSet }
  /** 2.5.2 "Delete an RRset". */
  | { kind: "delete-rrset"; name: string; type: WritableType }
  /** 2.5.4 "Delete an RR from an RRset". */
  | { kind: "delete-record"; name: string; type: WritableType; record: DnsRecord }
  /** 2.5.3 "Delete all RRsets from a name". */
  | { kind: "delete-name"; name: string };

export interface UpdatePlan {
  /** The zone's apex, absolute. */
  zone: string;
  prerequisites: Prerequisite[];
  updates: UpdateOperation[];
}

/** Opcode UPDATE (5) in the header's flags word (RFC 2136 2.2). */
export const UPDATE_FLAGS = 5 << 11;

/** The unsigned UPDATE message with message id `id`. */
export function encodeUpdate(plan: UpdatePlan, id: number): Buffer {
  const prerequisites = plan.prerequisites.flatMap(prerequisiteRecords);
  const updates = plan.updates.flatMap(updateRecords);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(UPDATE_FLAGS, 2);
  header.writeUInt16BE(1, 4); // ZOCOUNT: exactly one zone (RFC 2136 2.3)
  header.writeUInt16BE(prerequisites.length, 6); // PRCOUNT
  header.writeUInt16BE(updates.length, 8); // UPCOUNT
  header.writeUInt16BE(0, 10); // ADCOUNT (TSIG is added by the signer)
  const zone = Buffer.concat([encodeName(plan.zone), u16(TYPE.SOA), u16(CLASS.IN)]);
  return Buffer.concat([header, zone, ...prerequisites, ...updates]);
}

function prerequisiteRecords(p: Prerequisite): Buffer[] {
  switch (p.kind) {
    case "rrset-equals":
      if (p.set.records.length === 0)
        throw new Error(`A value-dependent prerequisite needs records; use rrset-absent for ${p.set.name} ${p.set.type}.`);
      return p.set.records.map((r) => rr(p.set.name, TYPE[p.set.type], CLASS.IN, 0, r.rdata));
    case "rrset-exists":
      return [rr(p.name, TYPE[p.type], CLASS.ANY, 0)];
    case "rrset-absent":
      return [rr(p.name, TYPE[p.type], CLASS.NONE, 0)];
    case "name-in-use":
      return [rr(p.name, TYPE.ANY, CLASS.ANY, 0)];
    case "name-not-in-use":
      return [rr(p.name, TYPE.ANY, CLASS.NONE, 0)];
  }
}

function updateRecords(u: UpdateOperation): Buffer[] {
  switch (u.kind) {
    case "add":
      return u.set.records.map((r) => rr(u.set.name, TYPE[u.set.type], CLASS.IN, u.set.ttl, r.rdata));
    case "delete-rrset":
      return [rr(u.name, TYPE[u.type], CLASS.ANY, 0)];
    case "delete-record":
      return [rr(u.name, TYPE[u.type], CLASS.NONE, 0, u.record.rdata)];
    case "delete-name":
      return [rr(u.name, TYPE.ANY, CLASS.ANY, 0)];
  }
}

/** One resource record: NAME TYPE CLASS TTL RDLENGTH RDATA (RFC 1035 4.1.3); no RDATA means RDLENGTH 0. */
export function rr(name: string, type: number, klass: number, ttl: number, rdata: Buffer = Buffer.alloc(0)): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(klass, 2);
  fixed.writeUInt32BE(ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(name), fixed, rdata]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return b;
}
