/**
 * Domain names as this layer writes them: absolute (one trailing dot), host-name labels only, never
 * compressed. Compression is optional for a sender (RFC 1035 4.1.4), and TSIG needs the canonical,
 * uncompressed, lower-case form anyway (RFC 8945 4.3.2), so one encoder serves both.
 */

/** A label of letters, digits, hyphens and underscores (`_bluegreen`), 1 to 63 bytes (RFC 1035 2.3.4). */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Why `name` is not a domain name this layer can write, or undefined when it is one. */
export function nameProblem(name: string): string | undefined {
  const relative = name.endsWith(".") ? name.slice(0, -1) : name;
  if (relative === "") return "the root name cannot be used";
  if (relative.length > 253) return `it is ${relative.length} characters long; allowed: at most 253`;
  const bad = relative.split(".").find((label) => !LABEL.test(label) || label.length > 63);
  if (bad !== undefined)
    return bad === ""
      ? "it has an empty label (two dots in a row)"
      : `the label "${bad}" is not allowed; allowed: 1 to 63 letters, digits, hyphens or underscores, not starting or ending with a hyphen`;
  return undefined;
}

/** The absolute form, one trailing dot: "www.example.test" and "www.example.test." both give "www.example.test.". */
export function absoluteName(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new Error(`"${name}" is not a domain name: ${problem}.`);
  return name.endsWith(".") ? name : `${name}.`;
}

/** Names compare without regard to case (RFC 4343). */
export function sameName(a: string, b: string): boolean {
  return absoluteName(a).toLowerCase() === absoluteName(b).toLowerCase();
}

/** True when `name` is `zone` or below it. */
export function isInZone(name: string, zone: string): boolean {
  const n = absoluteName(name).toLowerCase();
  const z = absoluteName(zone).toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}

/** Uncompressed wire form (length-prefixed labels, then the root's zero byte); `canonical` lower-cases it. */
export function encodeName(name: string, canonical = false): Buffer {
  const absolute = absoluteName(name);
  const labels = absolute.slice(0, -1).split(".");
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(canonical ? label.toLowerCase() : label, "ascii");
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}
