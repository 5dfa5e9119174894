/**
 * SOA serial arithmetic (RFC 1982, SERIAL_BITS = 32): serials wrap around, so "newer" means "less than
 * 2^31 ahead", and two serials exactly 2^31 apart are not comparable at all.
 */

const HALF = 2 ** 31;
const MODULUS = 2 ** 32;

/** -1 when a precedes b, 1 when a follows b, 0 when equal, undefined when RFC 1982 leaves it undefined. */
export function compareSerials(a: number, b: number): -1 | 0 | 1 | undefined {
  if (a === b) return 0;
  const ahead = (((a - b) % MODULUS) + MODULUS) % MODULUS; // how far a is ahead of b, modulo 2^32
  if (ahead === HALF) return undefined;
  return ahead < HALF ? 1 : -1;
}

/** `serial` is `floor` or newer. */
export function serialAtLeast(serial: number, floor: number): boolean {
  const order = compareSerials(serial, floor);
  return order === 0 || order === 1;
}

/** `serial` is strictly newer than `older`. */
export function serialNewer(serial: number, older: number): boolean {
  return compareSerials(serial, older) === 1;
}
