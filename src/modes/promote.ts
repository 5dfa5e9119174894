import type { RouterState } from "../backend.js";
import type { Color } from "../colors.js";
import { BluegreenError } from "../errors.js";
import { labelledPlan } from "../plan-lines.js";
import { log } from "../platform/log.js";
import {
  afterFailedVerify,
  decidePromote,
  handSwitch,
  promoteRouting,
  promoteTarget,
  recordedTest,
  refuseUnready,
  testVerdict,
} from "../policy/index.js";
import { failures, PROMOTE_WOULD, timed } from "../report.js";
import { sleep } from "../wait.js";
import { bake, refuseWithoutPrometheus } from "./bake.js";
import type { ModeContext, ModeResult } from "./context.js";
import { policySettings, stop } from "./policy.js";
import { readyNow } from "./readiness.js";
import { scaleDownOld } from "./scale-down.js";
import { repairSplit, switchOrExplain } from "./switch.js";
import { checkVerifyUrlResolves, verifyProduction } from "./verify.js";

/**
 * The exact switch promote would perform, for test mode, so an approver sees it: only when
 * promote's own decision would send production to `target`; nothing otherwise (nothing prepared
 * there, already live), as a promote then would not switch to it.
 */
export function describePromote(ctx: ModeContext, state: RouterState, target: Color): string[] {
  const decision = promoteTarget(state, policySettings(ctx).version);
  if (decision.kind !== "target" || decision.target !== target) return [];
  const plan = ctx.router.plan(promoteRouting(state, target, policySettings(ctx)), state);
  return [labelledPlan(PROMOTE_WOULD, ctx.router.describe(plan))];
}

/** Switches production to the prepared color, verifies it, and rolls back automatically on failure. */
export async function promote(ctx: ModeContext): Promise<ModeResult> {
  const { router, config, report } = ctx;
  const state = await timed(report, "read router", () => router.read());
  report.before = state;
  warnOnDrift(state);
  const decision = decidePromote(state, policySettings(ctx));
  if (decision.kind === "refuse") throw stop(decision);
  if (decision.kind !== "switch") {
    // Nothing to promote; a production split between colors is still made whole (explicit step).
    if (decision.kind === "repair") report.after = await repairSplit(ctx, state, decision.change);
    report.outcome = decision.sentence;
    return {
      active: state.live,
      previous: state.ledger.previous ?? "",
      target: state.live,
      version: config.version ?? state.ledger.versions[state.live] ?? "",
      changed: report.changed,
    };
  }
  const { target, version, change } = decision;
  report.target = target;
  const steps = config.steps;
  const plan = router.plan(change, state, { steps });

  // Afresh, not the router's view alone: the target may have restarted since prepare.
  const readiness = await readyNow(ctx, target);
  report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
  if (!readiness.ready) throw stop(refuseUnready("promote", target, readiness.summary, state.live));
  await checkTested(ctx, state, target, version);
  await checkVerifyUrlResolves(ctx);
  await refuseWithoutPrometheus(ctx, target);
  // The plan says what will happen: a refused promote has none.
  report.plan.push(...router.describe(plan));

  if (config.dryRun) {
    report.outcome = `Dry run: would switch production from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
    return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
  }

  const onStep = async (percent: number) => {
    await sleep(config.stepWaitSeconds * 1000);
    const checks = await verifyProduction(ctx, undefined);
    report.checks.push(...checks.map((c) => ({ ...c, name: `${c.name} at ${percent}%` })));
    const bad = checks.find((c) => !c.ok);
    if (bad) throw new BluegreenError(`verification at ${percent}% failed: ${bad.detail}`);
  };
  report.after = await switchOrExplain(ctx, plan, `Promote of ${target}`, onStep);
  const switchedAt = performance.now();
  report.changed = true;

  const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
  report.checks.push(...checks);
  const why = failures(checks);
  if (why) {
    const back = afterFailedVerify(report.after, target, state.live, why, policySettings(ctx));
    if (back.kind === "fail") throw stop(back);
    const backPlan = router.plan(back.change, report.after);
    report.plan.push(labelledPlan("auto-rollback: ", router.describe(backPlan)));
    report.after = await switchOrExplain(ctx, backPlan, back.what);
    report.autoRollback = { phase: "verify", failed: checks.filter((check) => !check.ok) };
    throw new BluegreenError(back.sentence);
  }
  report.after = await bake(ctx, { action: "promote", target, from: state.live, version, switchedAt, after: report.after });
  const moved = await scaleDownOld(ctx, target, state.live, switchedAt);
  if (moved) {
    report.after = moved;
    report.outcome = `Production was switched from ${state.live} to ${target}${version ? ` (${version})` : ""} and verified, then moved to ${moved.live} by another run during scale-down-delay.`;
    return { active: moved.live, previous: moved.ledger.previous ?? "", target, version, changed: true };
  }
  report.outcome = `Production switched from ${state.live} to ${target}${version ? ` (${version})` : ""}.`;
  return { active: target, previous: state.live, target, version, changed: true };
}

/** Promote only what was tested: the policy's verdict on the test recorded for the target, with its fingerprint now. */
async function checkTested(ctx: ModeContext, state: RouterState, target: Color, version: string): Promise<void> {
  const record = recordedTest(state, target);
  const fingerprint = record ? await ctx.workload.fingerprint(target) : "";
  const verdict = testVerdict(record, target, { version, fingerprint }, policySettings(ctx));
  if (verdict.kind === "refuse") throw stop(verdict);
  if (verdict.kind === "warn") log.warn(verdict.sentence);
  else ctx.report.checks.push({ name: "tested", ok: true, detail: verdict.detail });
}

/** Someone switched by hand since bluegreen last did: said before the step acts. */
export function warnOnDrift(state: RouterState): void {
  const drift = handSwitch(state, true);
  if (drift) log.warn(drift);
}
