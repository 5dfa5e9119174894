import type { RouteChange, RouterState } from "../backend.js";
import { type Color, otherColor } from "../colors.js";
import { BluegreenError, RefusedError } from "../errors.js";
import type { Ledger } from "../ledger.js";
import { log } from "../platform/log.js";
import { failures, PROMOTE_WOULD, timed } from "../report.js";
import { sleep } from "../wait.js";
import { bake, refuseWithoutPrometheus, withBakeRecord } from "./bake.js";
import type { ModeContext, ModeResult } from "./context.js";
import { readyNow } from "./readiness.js";
import { scaleDownOld } from "./scale-down.js";
import { repairSplit, sentenceOf, switchOrExplain } from "./switch.js";
import { checkVerifyUrlResolves, verifyProduction } from "./verify.js";

/** Which color a promote would send production to, or why it has nothing to do. */
export function promoteTarget(ctx: ModeContext, state: RouterState): { target: Color } | { noop: string } {
  const { ledger, live } = state;
  const idle = otherColor(live);
  const version = ctx.config.version;
  if (version) {
    if (ledger.versions[idle] === version && ledger.pending === idle) return { target: idle };
    if (ledger.versions[live] === version) return { noop: `${version} is already live on ${live}; nothing changed.` };
    if (ledger.versions[idle] === version) return { target: idle };
    const known = (["blue", "green"] as const).map((c) => `${c}: ${ledger.versions[c] ?? "unknown"}`).join(", ");
    // Often a pipeline's approved release that another pipeline's prepare replaced: say so plainly.
    const holds = ledger.versions[idle] ? `now holds ${ledger.versions[idle]}` : "holds no recorded version";
    throw new RefusedError(
      `Version ${version} is not prepared on either color (${known}): the idle color ${idle} ${holds}, so a later prepare replaced ${version} there, or it was never prepared. Production stays on ${live}; run prepare for ${version} again to promote it.`,
    );
  }
  if (ledger.pending === idle) return { target: idle };
  // Nothing pending. Only a retry of a promote that already happened may succeed doing nothing: a
  // pipeline whose prepare failed, or that never prepared, must not stay green.
  if (ledger.prepareFailed) {
    throw new RefusedError(
      `Nothing to promote: the last prepare of ${ledger.prepareFailed} failed, so nothing is prepared; production stays on ${live}. Run prepare again.`,
    );
  }
  if (ledger.lastAction === "promote" && ledger.live === live) {
    return { noop: `${live} was promoted already${ledger.at ? ` (${ledger.at})` : ""} and nothing was prepared since; nothing changed.` };
  }
  const history = ledger.lastAction ? `since the last ${ledger.lastAction}` : "(bluegreen has never switched this router)";
  throw new RefusedError(`Nothing to promote: nothing was prepared ${history}; production stays on ${live}. Run prepare first.`);
}

/**
 * The change that sends production to `target` and the preview entry to the color it leaves,
 * recording who switched, when, and why; nothing stays pending after a switch.
 */
export function switchChange(ctx: ModeContext, state: RouterState, target: Color, action: "promote" | "rollback"): RouteChange {
  const ledger: Ledger = {
    ...state.ledger,
    live: target,
    previous: state.live,
    lastAction: action,
    at: ctx.now().toISOString(),
    run: ctx.run,
  };
  delete ledger.pending;
  delete ledger.prepareFailed;
  delete ledger.bake; // a new switch supersedes any earlier bake window
  return { live: target, preview: state.live, ledger };
}

/** The exact switch promote would perform, for test mode and dry-run, so an approver sees it. */
export function describePromote(ctx: ModeContext, state: RouterState, target: Color): string[] {
  if (target === state.live) return [];
  return [`${PROMOTE_WOULD}${ctx.backend.describe(switchChange(ctx, state, target, "promote"), state).join("; ")}`];
}

/**
 * promoteTarget, except that on a production split between colors (an interrupted switch) a promote
 * with nothing else to do repairs the split rather than refusing: that repair is what the re-run is for.
 */
function decidePromote(ctx: ModeContext, state: RouterState): { target: Color } | { noop: string } {
  try {
    return promoteTarget(ctx, state);
  } catch (error) {
    if (state.split && error instanceof RefusedError) return { noop: sentenceOf(error) };
    throw error;
  }
}

/** Switches production to the prepared color, verifies it, and rolls back automatically on failure. */
export async function promote(ctx: ModeContext): Promise<ModeResult> {
  const { backend, config, report } = ctx;
  const state = await timed(report, "read router", () => backend.read());
  report.before = state;
  warnOnDrift(state);
  const decision = decidePromote(ctx, state);
  if ("noop" in decision) {
    // Nothing to promote; a production split between colors is still made whole (explicit step).
    if (state.split) report.after = await repairSplit(ctx, state);
    report.outcome = state.split
      ? `${config.dryRun ? "Dry run: would move" : "Moved"} all of production to ${state.live}: it was split between colors.`
      : decision.noop;
    return {
      active: state.live,
      previous: state.ledger.previous ?? "",
      target: state.live,
      version: config.version ?? state.ledger.versions[state.live] ?? "",
      changed: report.changed,
    };
  }
  const { target } = decision;
  report.target = target;
  const version = config.version ?? state.ledger.versions[target] ?? "";
  const change = withBakeRecord(ctx, switchChange(ctx, state, target, "promote"));
  const steps = config.steps;
  report.plan.push(...backend.describe(change, state, { steps }));

  // Afresh, not the router's view alone: the target may have restarted since prepare.
  const readiness = await readyNow(ctx, target);
  report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
  if (!readiness.ready)
    throw new RefusedError(`Refusing to promote ${target}: it is not ready (${readiness.summary}). Production stays on ${state.live}.`);
  await checkTested(ctx, state, target, version);
  await checkVerifyUrlResolves(ctx);
  await refuseWithoutPrometheus(ctx, target);

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
  report.after = await switchOrExplain(ctx, change, state, `Promote of ${target}`, { steps, onStep });
  const switchedAt = performance.now();
  report.changed = true;

  const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
  report.checks.push(...checks);
  const why = failures(checks);
  if (why) {
    if (!config.autoRollback) {
      throw new BluegreenError(`Production is on ${target} but verification failed (${why}); auto-rollback is off, so it stays there.`);
    }
    const back = switchChange(ctx, report.after, state.live, "rollback");
    report.plan.push(`auto-rollback: ${backend.describe(back, report.after).join("; ")}`);
    report.after = await switchOrExplain(
      ctx,
      back,
      report.after,
      `Verification after promoting ${target} failed (${why}), and the automatic rollback to ${state.live}`,
    );
    throw new BluegreenError(`Verification after promoting ${target} failed (${why}); traffic was returned to ${state.live}.`);
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

/** Promote only what was tested: same color, version and workload, and not too long ago. */
async function checkTested(ctx: ModeContext, state: RouterState, target: Color, version: string): Promise<void> {
  const { report, config } = ctx;
  const tested = state.ledger.tested;
  if (!tested || tested.color !== target) {
    const message = `No passed test is recorded for ${target}.`;
    if (config.requireTest) throw new RefusedError(`Refusing to promote ${target}: ${message} Run test mode first.`);
    log.warn(`${message} Promoting anyway (require-test is false).`);
    return;
  }
  const reasons: string[] = [];
  if (version && tested.version !== version) reasons.push(`the test checked ${tested.version}, not ${version}`);
  const fingerprint = await ctx.backend.fingerprint(target);
  if (tested.fingerprint !== fingerprint) reasons.push(`${target} changed since the test (was ${tested.fingerprint}, now ${fingerprint})`);
  const ageSeconds = (ctx.now().getTime() - Date.parse(tested.at)) / 1000;
  if (config.maxTestAgeSeconds > 0 && !(ageSeconds <= config.maxTestAgeSeconds)) {
    reasons.push(`the test is ${Math.round(ageSeconds)} s old (max-test-age ${config.maxTestAgeSeconds} s)`);
  }
  if (reasons.length > 0) throw new RefusedError(`Refusing to promote ${target}: ${reasons.join("; ")}. Run test mode again.`);
  report.checks.push({ name: "tested", ok: true, detail: `${tested.version} on ${target} passed at ${tested.at}` });
}

export function warnOnDrift(state: RouterState): void {
  const recorded = state.ledger.live;
  if (recorded && recorded !== state.live) {
    const text = `The router sends production to ${state.live}, but bluegreen last set ${recorded}${state.ledger.run ? ` (run ${state.ledger.run})` : ""}: someone switched by hand.`;
    log.warn(text);
  }
}
