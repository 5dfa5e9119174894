import type { PlanLine, RouteChange, RouterState } from "./backend.js";

/**
 * A plan line is either a change in plain words ("switch production blue → green in map
 * bluegreen.map"), which the log always shows, or a detail of how the router is written (locks,
 * atomic map versions, API paths, request bodies), which the log shows only when verbose. Both stay
 * in the `plan` output and the job summary: they are the exact plan either way.
 *
 * Lines stay strings (they flow through outputs, summaries and "; "-joined composites unchanged);
 * a detail is remembered by its text, which a backend builds from the router's own names.
 */
const details = new Set<string>();

/** Marks a line as a detail: shown in the log only when verbose. */
export function detail(text: string): PlanLine {
  details.add(text);
  return text;
}

export function isDetail(line: string): boolean {
  return details.has(line);
}

/** Composite plan lines ("promote would: a; b", "auto-rollback: a; b") and what the default log shows of them. */
const composites = new Map<string, string | undefined>();

/**
 * One plan line from a label and a plan's lines joined by "; " (the form the summary splits again),
 * remembering its plain form: the label with the plain lines only.
 */
export function labelledPlan(label: string, lines: PlanLine[]): PlanLine {
  const text = `${label}${lines.join("; ")}`;
  const plain = lines.filter((line) => !details.has(line));
  composites.set(text, plain.length > 0 ? `${label}${plain.join("; ")}` : undefined);
  return text;
}

/** The line as the default log shows it: undefined for a detail, a composite's plain form. Verbose: the line itself. */
export function shownLine(line: string, verbose: boolean): string | undefined {
  if (verbose) return line;
  if (details.has(line)) return undefined;
  return composites.has(line) ? composites.get(line) : line;
}

/**
 * The plain-words lines of a switch, for backends whose exact writes are details: "switch
 * production blue → green in service default/app" (in steps where the router shifts gradually),
 * or, when production stays, the record alone.
 */
export function plainChange(change: RouteChange, state: RouterState, where: string, steps?: readonly number[]): PlanLine[] {
  if (change.live === state.live) {
    return [
      `${change.repair ? `move all of production to ${change.live}` : "record the release record"} in ${where}, production stays on ${state.live}`,
    ];
  }
  const gradual = steps && steps.length > 1 ? ` in steps of ${steps.map((percent) => `${percent}%`).join(", ")}` : "";
  return [`switch production ${state.live} → ${change.live} in ${where}${gradual}`];
}
