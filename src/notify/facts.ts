import type { NotifyEvent } from "./event.js";

/**
 * The label/value pairs every chat format shows under the title, in one order, so Slack and Teams
 * say the same things.
 */
export function factsOf(event: NotifyEvent): [string, string][] {
  const facts: [string, string][] = [
    ["Production", event.production ?? "unknown (the router could not be read afterwards)"],
    ["Switch", `${event.from} → ${event.to}`],
  ];
  if (event.version) facts.push(["Version", event.version]);
  if (event.rollback) {
    facts.push([
      "Check failed",
      event.rollback.second === undefined ? "right after the switch" : `at ${event.rollback.second} s of the bake`,
    ]);
  }
  facts.push(["Backend", event.backend]);
  if (event.environment) facts.push(["Environment", event.environment]);
  facts.push(["Run", event.run.id]);
  return facts;
}

/** "name: detail" per failed check, at most a few, so a message stays readable. */
export function failedLines(event: NotifyEvent, limit = 5): string[] {
  const lines = event.failed.slice(0, limit).map((check) => `${check.name}: ${check.detail}`);
  if (event.failed.length > limit) lines.push(`and ${event.failed.length - limit} more`);
  return lines;
}

/** Cuts a text to a platform's limit, saying that it did. */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
