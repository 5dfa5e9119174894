import { COLORS, type Color } from "../../colors.js";
import { sameName } from "./names.js";
import type { ColorTarget } from "./options.js";
import { describeSet, type RecordSet, recordSet, sameRecords, type WritableType } from "./records.js";

/**
 * Pure translation between a color and the record sets of a name: a CNAME, or A and AAAA sets. A name
 * is written as all three sets at once (the ones a color does not use empty), so a switch between a
 * CNAME color and an address color removes what the other left.
 */

export const ROUTING_TYPES: readonly WritableType[] = ["CNAME", "A", "AAAA"];

/** The three sets that make `name` point at `target`. */
export function setsFor(name: string, target: ColorTarget, ttl: number): RecordSet[] {
  return ROUTING_TYPES.map((type) => {
    const values =
      target.kind === "cname" ? (type === "CNAME" ? [target.host] : []) : type === "A" ? target.v4 : type === "AAAA" ? target.v6 : [];
    return recordSet(name, type, ttl, values);
  });
}

export type NameReading = { color: Color } | { absent: true } | { elsewhere: string };

/** Which color the sets of `name` (as read: CNAME, A, AAAA) point at, if any. */
export function colorOf(name: string, sets: RecordSet[], colors: Record<Color, ColorTarget>): NameReading {
  const own = sets.filter((s) => sameName(s.name, name) && ROUTING_TYPES.includes(s.type));
  if (own.every((s) => s.records.length === 0)) return { absent: true };
  for (const color of COLORS) {
    const wanted = setsFor(name, colors[color], 0);
    if (wanted.every((w) => sameRecords(w, own.find((s) => s.type === w.type) ?? w))) return { color };
  }
  return {
    elsewhere: own
      .filter((s) => s.records.length > 0)
      .map(describeSet)
      .join("; "),
  };
}
