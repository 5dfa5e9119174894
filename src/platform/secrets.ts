import * as core from "@actions/core";
import { detectPlatform } from "./detect.js";

const secrets = new Set<string>();

/**
 * Registers a secret: GitHub masks it in the log (core.setSecret), and every line bluegreen prints
 * itself goes through redact(). Outside GitHub, core.setSecret is NOT called: it prints
 * `::add-mask::<secret>` to stdout, which GitLab or a terminal would show in clear.
 */
export function maskSecret(value: string | undefined): void {
  if (!value) return;
  for (const part of [value, ...value.split(/\r?\n/)]) {
    const trimmed = part.trim();
    // Very short fragments (a lone "{") would redact ordinary text without protecting anything.
    if (trimmed.length < 6 || secrets.has(trimmed)) continue;
    secrets.add(trimmed);
    if (detectPlatform() === "github") core.setSecret(trimmed);
  }
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
