import { RefusedError } from "../errors.js";
import { decideRollback, refuseUnready } from "../policy/index.js";
import { failures, timed } from "../report.js";
import { sentenceOf } from "../sentence.js";
import { bake } from "./bake.js";
import type { ModeContext, ModeResult } from "./context.js";
import { policySettings, stop } from "./policy.js";
import { warnOnDrift } from "./promote.js";
import { ensureServing } from "./serving.js";
import { repairSplit, switchOrExplain } from "./switch.js";
import { checkVerifyUrlResolves, verifyProduction } from "./verify.js";

/** Sends production back to the color that was live before the last promote, from the router's ledger. */
export async function rollback(ctx: ModeContext): Promise<ModeResult> {
  const { router, workload, config, report } = ctx;
  const state = await timed(report, "read router", () => router.read());
  report.before = state;
  warnOnDrift(state);
  const { ledger } = state;
  const decision = decideRollback(state, policySettings(ctx));
  if (decision.kind === "refuse") throw stop(decision);
  if (decision.kind !== "switch") {
    if (decision.kind === "repair") report.after = await repairSplit(ctx, state, decision.change);
    report.outcome = decision.sentence;
    return {
      active: state.live,
      previous: ledger.previous ?? "",
      target: state.live,
      version: ledger.versions[state.live] ?? "",
      changed: report.changed,
    };
  }
  const { target, version, change } = decision;
  report.target = target;
  // The target may first have to be made able to serve (Kubernetes: scaled back up after
  // scale-down-replicas, then waited for); in dry-run this only says what it would do.
  const prepared = await ensureServing(ctx, target);
  const plan = router.plan(change, state);
  // What ensureServing did (or, in a dry run, would do) is said at once; the switch only once no refusal can stop it.
  report.plan.push(...prepared);

  const readiness = await workload.readiness(target);
  report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
  // A dry run did not scale the target up: the wait the backend planned stands for this check.
  if (!readiness.ready && !(config.dryRun && prepared.length > 0)) {
    throw stop(refuseUnready("rollback", target, readiness.summary, state.live));
  }
  await checkVerifyUrlResolves(ctx);
  report.plan.push(...router.describe(plan));
  if (config.dryRun) {
    report.outcome = `Dry run: would roll production back from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
    return { active: state.live, previous: ledger.previous ?? "", target, version, changed: false };
  }
  report.after = await switchOrExplain(ctx, plan, `Rollback to ${target}`);
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
