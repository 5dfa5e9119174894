/** Reads one input by its public name ("haproxy-socket"); "" when not set. */
export type InputReader = (name: string) => string;

/** The value, trimmed, or undefined when empty. */
export function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Shows control characters visibly, so an error never prints a hostile terminal sequence. */
export function printable(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
