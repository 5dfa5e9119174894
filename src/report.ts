import type { RouterState } from "./backend.js";
import type { Color } from "./colors.js";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Everything a run has to say, rendered as the job summary and as the log's closing lines. */
export interface Report {
  mode: string;
  backend: string;
  dryRun: boolean;
  before?: RouterState;
  after?: RouterState;
  target?: Color;
  plan: string[];
  checks: Check[];
  timings: { step: string; ms: number }[];
  warnings: string[];
  changed: boolean;
  /** One sentence: what the run did. */
  outcome: string;
  /** Set when the run failed. */
  failure?: string;
  /** The bake window's checks after a switch (bake-time), round by round. */
  bake?: BakeLog;
  /** status mode: the facts it read, as label/value rows, for the log and the job summary. */
  facts?: [string, string][];
  /** An automatic rollback this run made, for the notification: which checks failed, and when. */
  autoRollback?: { phase: "verify" | "bake"; second?: number; failed: Check[] };
  /** A switch of this run that failed (promote's, rollback's or the automatic rollback's), for the notification. */
  failedSwitch?: { from: Color; to: Color };
}

/** One check time of a bake window: the second after the switch and what was checked then. */
export interface BakeRound {
  second: number;
  checks: Check[];
}

export interface BakeLog {
  /** The window (bake-time) and the time between checks (bake-interval), in seconds. */
  seconds: number;
  interval: number;
  /** The color production was checked on. */
  color: Color;
  rounds: BakeRound[];
  /** How the window ended: completed, failed at N s, cancelled at N s... */
  end?: string;
}

/** How the plan line of the switch promote would make starts (test mode, dry-run); the summary shows those lines apart. */
export const PROMOTE_WOULD = "promote would: ";

/** The failed checks as "name: detail; ...", or undefined when every check passed. */
export function failures(checks: Check[]): string | undefined {
  const failed = checks.filter((check) => !check.ok);
  return failed.length > 0 ? failed.map((c) => `${c.name}: ${c.detail}`).join("; ") : undefined;
}

export function newReport(mode: string, backend: string, dryRun: boolean): Report {
  return { mode, backend, dryRun, plan: [], checks: [], timings: [], warnings: [], changed: false, outcome: "" };
}

/** Runs fn and records how long it took under `step`. */
export async function timed<T>(report: Report, step: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    report.timings.push({ step, ms: Math.round(performance.now() - start) });
  }
}
