import { sameName } from "../dns/names.js";
import { type RecordSet, record, type WritableType } from "../dns/records.js";
import { type ApiSet, targetOf, valueOfTarget } from "./zone-api.js";

/**
 * The API calls that turn the records of one name and type, as the API holds them, into a desired set:
 * records already right are kept, others rewritten in place (PUT), what is missing created (POST), what
 * is left over deleted. Pure: the same list feeds describe() (dry-run) and apply().
 */
export type RecordWrite =
  | { kind: "create"; name: string; type: WritableType; value: string; ttl: number }
  | { kind: "update"; id: number; name: string; type: WritableType; value: string; ttl: number }
  | { kind: "delete"; id: number; name: string; type: WritableType; value: string };

function same(type: WritableType, a: string, b: string): boolean {
  if (type === "CNAME") return sameName(a, b);
  return record(type, a).value === record(type, b).value;
}

export function planRecordWrites(current: ApiSet, desired: RecordSet, zone: string): RecordWrite[] {
  const { type, name, ttl } = desired;
  const existing = current.records.map((r) => ({ id: r.id, ttl: r.ttl, value: valueOfTarget(type, r.target, zone) }));
  const wanted = desired.records.map((r) => r.value);
  const keptIds = new Set<number>();
  const missing: string[] = [];
  for (const value of wanted) {
    const kept = existing.find((e) => !keptIds.has(e.id) && e.ttl === ttl && same(type, e.value, value));
    if (kept) keptIds.add(kept.id);
    else missing.push(value);
  }
  const spare = existing.filter((e) => !keptIds.has(e.id));
  const writes: RecordWrite[] = [];
  spare.forEach((e, i) => {
    const value = missing[i];
    if (value === undefined) writes.push({ kind: "delete", id: e.id, name, type, value: e.value });
    else writes.push({ kind: "update", id: e.id, name, type, value, ttl });
  });
  for (const value of missing.slice(spare.length)) writes.push({ kind: "create", name, type, value, ttl });
  return writes;
}

/** Deletes first, then rewrites, then creates: an API that refuses a CNAME beside other data never sees both. */
export function orderWrites(writes: RecordWrite[]): RecordWrite[] {
  const rank = { delete: 0, update: 1, create: 2 } as const;
  return [...writes].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** One line per call, as describe() shows it: the exact request and body. */
export function describeWrite(write: RecordWrite, paths: { record: string }, subDomain: (name: string) => string): string {
  switch (write.kind) {
    case "create":
      return `POST ${paths.record} ${JSON.stringify({ fieldType: write.type, subDomain: subDomain(write.name), target: targetOf(write.type, write.value), ttl: write.ttl })}`;
    case "update":
      return `PUT ${paths.record}/${write.id} ${JSON.stringify({ target: targetOf(write.type, write.value), ttl: write.ttl })} (${write.name} ${write.type})`;
    case "delete":
      return `DELETE ${paths.record}/${write.id} (${write.name} ${write.type} ${write.value})`;
  }
}
