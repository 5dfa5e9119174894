import type { PlanLine, RouteChange, RouterState, RunningVersion, ServingRestore } from "../backend.js";
import type { Color } from "../colors.js";

// Decisions about the workloads behind the colors, as pure functions of what the workload face
// reported: no I/O here. The modes read the facts, ask these, and act.

/**
 * Production goes only to the version bluegreen put on the color: a switch to a color whose
 * workload runs another image tag than the ledger records (someone set it by hand since) is
 * refused before anything is written. Returns the refusal, or undefined to go ahead.
 */
export function otherVersionRefusal(change: RouteChange, running: RunningVersion): string | undefined {
  const expected = change.ledger.versions[change.live];
  if (expected === undefined || running.version === undefined || running.version === expected) return undefined;
  return `Refusing to switch to ${change.live}: ${running.object} runs ${running.image}, not ${expected} as bluegreen recorded; nothing was changed. Run prepare again.`;
}

/**
 * Whether a change must first check the version the target runs: only a change that moves
 * production, to a color the ledger records a version for (one installed before bluegreen has
 * nothing recorded to compare with).
 */
export function checksRunningVersion(change: RouteChange, state: RouterState): boolean {
  return change.live !== state.live && change.ledger.versions[change.live] !== undefined;
}

/**
 * Before traffic goes back to a color promote scaled down: give it back its replicas and wait
 * until it is ready, within `timeout`, or refuse with no routing touched. The plan's lines.
 */
export function servingRestorePlan(restore: ServingRestore, timeoutSeconds: number): PlanLine[] {
  return [
    ...restore.lines,
    `wait until ${restore.object} is ready (timeout ${timeoutSeconds} s) before switching; otherwise refuse and change no routing`,
  ];
}

/** What the plan says once the restored color is ready. */
export function servingRestored(restore: ServingRestore, readiness: string): PlanLine[] {
  return [...restore.lines, `${restore.object} is ready again (${readiness})`];
}

/** The refusal when the restored color did not get ready in time (`why`: the wait's own sentence). */
export function servingRestoreRefusal(color: Color, restore: ServingRestore, why: string): string {
  const { object, current, replicas } = restore;
  return `Refusing to switch traffic to ${color}: ${object} was scaled back up from ${current} to ${replicas} replicas, but ${why.replace(/\.$/, "")}. No routing was changed; ${object} keeps ${replicas} replicas.`;
}
