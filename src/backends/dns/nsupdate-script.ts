import type { DnsRecord, WritableType } from "./records.js";
import type { UpdatePlan } from "./update-message.js";

/**
 * The same plan in nsupdate's input syntax, for dry-run: people can read it, and replay it with
 * `nsupdate -v -k <keyfile>` (or `-y`); the secret is never part of it.
 */
export function nsupdateScript(plan: UpdatePlan, server: { host: string; port: number }): string {
  const lines = [`server ${server.host} ${server.port}`, `zone ${plan.zone}`];
  for (const p of plan.prerequisites) {
    switch (p.kind) {
      case "rrset-equals":
        for (const r of p.set.records) lines.push(`prereq yxrrset ${p.set.name} IN ${p.set.type} ${presentation(p.set.type, r)}`);
        break;
      case "rrset-exists":
        lines.push(`prereq yxrrset ${p.name} IN ${p.type}`);
        break;
      case "rrset-absent":
        lines.push(`prereq nxrrset ${p.name} IN ${p.type}`);
        break;
      case "name-in-use":
        lines.push(`prereq yxdomain ${p.name}`);
        break;
      case "name-not-in-use":
        lines.push(`prereq nxdomain ${p.name}`);
        break;
    }
  }
  for (const u of plan.updates) {
    switch (u.kind) {
      case "add":
        for (const r of u.set.records) lines.push(`update add ${u.set.name} ${u.set.ttl} IN ${u.set.type} ${presentation(u.set.type, r)}`);
        break;
      case "delete-rrset":
        lines.push(`update delete ${u.name} IN ${u.type}`);
        break;
      case "delete-record":
        lines.push(`update delete ${u.name} IN ${u.type} ${presentation(u.type, u.record)}`);
        break;
      case "delete-name":
        lines.push(`update delete ${u.name}`);
        break;
    }
  }
  lines.push("send", "");
  return lines.join("\n");
}

/** A record's value as nsupdate reads it: TXT text quoted, in strings of at most 255 bytes. */
function presentation(type: WritableType, record: DnsRecord): string {
  if (type !== "TXT") return record.value;
  const strings: string[] = [];
  for (let i = 0; i < record.rdata.length; ) {
    const length = record.rdata[i] ?? 0;
    strings.push(quoteTxt(record.rdata.subarray(i + 1, i + 1 + length)));
    i += 1 + length;
  }
  return strings.join(" ");
}

/** A character-string in master-file syntax: quotes and backslashes escaped, other non-printables as \DDD. */
function quoteTxt(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString().padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}
