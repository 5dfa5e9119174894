import type { RouterState } from "../backend.js";
import type { Color } from "../colors.js";
import { RefusedError } from "../errors.js";
import { failures, timed } from "../report.js";
import { bake, withBakeRecord } from "./bake.js";
import type { ModeContext, ModeResult } from "./context.js";
import { switchChange, warnOnDrift } from "./promote.js";
import { repairSplit, sentenceOf, switchOrExplain } from "./switch.js";
import { checkVerifyUrlResolves, verifyProduction } from "./verify.js";

/**
 * What a rollback would do now, from one reading of the router: the color it sends production to,
 * or the sentence it ends with when there is nothing to do. Throws RefusedError when it would
 * refuse. rollback acts on it; status and the deployment record show it, so none re-decides.
 */
export function rollbackTarget(state: RouterState): { target: Color } | { noop: string } {
  const { ledger, live } = state;
  if (ledger.lastAction === "rollback" && ledger.live === live) {
    return { noop: `Already rolled back to ${live}${ledger.at ? ` at ${ledger.at}` : ""}; nothing changed.` };
  }
  const target = ledger.previous;
  if (!target) throw new RefusedError("Nothing to roll back to: the router has no record of a promote by bluegreen.");
  if (target === live) return { noop: `${target} is already live; nothing changed.` };
  // A prepare since the last switch put a new release on the rollback target: the release that was
  // live before is gone from it, and "rolling back" would send production to an unapproved release.
  if (ledger.pending === target) {
    throw new RefusedError(
      `Refusing to roll back to ${target}: it no longer runs the release that was live before, a prepare replaced it with ${ledger.versions[target] ?? "another version"} (not promoted). Production stays on ${live}.`,
    );
  }
  return { target };
}

/** Sends production back to the color that was live before the last promote, from the router's ledger. */
export async function rollback(ctx: ModeContext): Promise<ModeResult> {
  const { backend, config, report } = ctx;
  const state = await timed(report, "read router", () => backend.read());
  report.before = state;
  warnOnDrift(state);
  const { ledger } = state;
  const unchanged = async (outcome: string): Promise<ModeResult> => {
    if (state.split) {
      report.after = await repairSplit(ctx, state);
      outcome = `${config.dryRun ? "Dry run: would move" : "Moved"} all of production to ${state.live}: it was split between colors.`;
    }
    report.outcome = outcome;
    return {
      active: state.live,
      previous: ledger.previous ?? "",
      target: state.live,
      version: ledger.versions[state.live] ?? "",
      changed: report.changed,
    };
  };
  const decision = rollbackTarget(state);
  if ("noop" in decision) return unchanged(decision.noop);
  const { target } = decision;
  report.target = target;
  const version = ledger.versions[target] ?? "";
  const change = withBakeRecord(ctx, switchChange(ctx, state, target, "rollback"));
  // The target may first have to be made able to serve (Kubernetes: scaled back up after
  // scale-down-replicas, then waited for); in dry-run the backend only says what it would do.
  const beforeSwitch = backend.beforeSwitch?.bind(backend);
  const prepared = beforeSwitch ? await timed(report, "before switch", () => beforeSwitch(target, "rollback", config.dryRun)) : [];
  // What beforeSwitch did (or, in a dry run, would do) is said at once; the switch only once no refusal can stop it.
  report.plan.push(...prepared);

  const readiness = await backend.readiness(target);
  report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
  // A dry run did not scale the target up: the wait the backend planned stands for this check.
  if (!readiness.ready && !(config.dryRun && prepared.length > 0)) {
    throw new RefusedError(
      `Refusing to roll back to ${target}: it is not ready (${readiness.summary}). Production stays on ${state.live}.`,
    );
  }
  await checkVerifyUrlResolves(ctx);
  report.plan.push(...backend.describe(change, state));
  if (config.dryRun) {
    report.outcome = `Dry run: would roll production back from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
    return { active: state.live, previous: ledger.previous ?? "", target, version, changed: false };
  }
  report.after = await switchOrExplain(ctx, change, state, `Rollback to ${target}`);
  const switchedAt = performance.now();
  report.changed = true;
  const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
  report.checks.push(...checks);
  const failed = failures(checks);
  // Never flip again automatically: the old color was the last known good one.
  if (failed) throw new RefusedError(sentenceOf(`Rolled back to ${target}, but verification failed: ${failed}`));
  report.after = await bake(ctx, { action: "rollback", target, from: state.live, version, switchedAt, after: report.after });
  report.outcome = `Production rolled back from ${state.live} to ${target}${version ? ` (${version})` : ""}.`;
  return { active: target, previous: state.live, target, version, changed: true };
}
