import { platformIo } from "./io.js";

const secrets = new Set<string>();

/**
 * Registers a secret: on a GitHub runner the platform masks it in the log (core.setSecret), and
 * every line bluegreen prints itself goes through redact(). Outside GitHub nothing is printed for
 * it: `::add-mask::<secret>` would show the secret in clear on GitLab or a terminal.
 */
export function maskSecret(value: string | undefined): void {
  if (!value) return;
  for (const part of [value, ...value.split(/\r?\n/)]) {
    const trimmed = part.trim();
    // Very short fragments (a lone "{") would redact ordinary text without protecting anything.
    if (trimmed.length < 6 || secrets.has(trimmed)) continue;
    secrets.add(trimmed);
    platformIo().mask(trimmed);
  }
}

/** The secrets registered so far (choose.ts masks them on the runner when a run chooses GitHub). */
export function registeredSecrets(): string[] {
  return [...secrets];
}

export function redact(text: string): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("***");
  return result;
}

/** For tests: forget registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
}
