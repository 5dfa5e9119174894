// Parsers of single input values, shared by the common inputs (inputs.ts) and every backend's own
// (src/backends/*/options.ts): each error names the input and what is allowed. This module knows
// nothing of backends or modes, so a backend can use it without depending on the registry.
import { InputError } from "./errors.js";
import { type InputReader, optional, printable } from "./input-text.js";
import { maskUrlCredentials, safeUrlText } from "./urls.js";

export function required(read: InputReader, name: string, why: string): string {
  const value = optional(read(name));
  if (value === undefined) throw new InputError(name, `is required ${why}.`);
  return value;
}

export function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback?: T): T {
  const value = optional(read(name));
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InputError(name, `is required; allowed values: ${allowed.join(", ")}.`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, `"${printable(value)}" is not allowed; allowed values: ${allowed.join(", ")}.`);
  }
  return value as T;
}

export function bool(read: InputReader, name: string, fallback: boolean): boolean {
  const value = optional(read(name))?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InputError(name, `"${printable(value)}" is not allowed; allowed values: true, false.`);
}

export function number(read: InputReader, name: string, fallback: number, limits: { min: number; max: number; integer?: boolean }): number {
  const value = optional(read(name));
  if (value === undefined) return fallback;
  const parsed = Number(value);
  const kind = limits.integer ? "a whole number" : "a number";
  if (!/^[0-9.]+$/.test(value) || !Number.isFinite(parsed) || (limits.integer && !Number.isInteger(parsed))) {
    throw new InputError(name, `"${printable(value)}" is not ${kind}; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
  }
  if (parsed < limits.min || parsed > limits.max) {
    throw new InputError(name, `${value} is out of range; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
  }
  return parsed;
}

export function url(read: InputReader, name: string): URL | undefined {
  const value = optional(read(name));
  if (value === undefined) return undefined;
  // Never echo credentials: a URL in an error message is shown without what stands before "@".
  const shown = printable(safeUrlText(value));
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(name, `"${shown}" is not a URL; allowed: an http:// or https:// URL.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InputError(name, `"${shown}" is not allowed; allowed: an http:// or https:// URL.`);
  }
  maskUrlCredentials(parsed);
  return parsed;
}

/** Kubernetes-style object name (RFC 1123 label), also safe as an HAProxy backend name. */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function objectName(read: InputReader, name: string, fallback?: string): string {
  const value = optional(read(name)) ?? fallback;
  if (value === undefined) throw new InputError(name, "is required for this backend.");
  if (!NAME_PATTERN.test(value)) {
    throw new InputError(
      name,
      `"${printable(value)}" is not a valid name; allowed: 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/** Comma-separated list of non-empty items. */
export function list(read: InputReader, name: string): string[] {
  const value = optional(read(name));
  if (value === undefined) return [];
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) {
    throw new InputError(name, `"${printable(value)}" has an empty item; allowed: a comma-separated list.`);
  }
  return items;
}
