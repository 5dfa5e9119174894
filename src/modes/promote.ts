import type { RouteChange, RouterState } from "../backend.js";
import { type Color, otherColor } from "../colors.js";
import { BluegreenError, ConflictError, RefusedError } from "../errors.js";
import type { Ledger } from "../ledger.js";
import { log } from "../platform/log.js";
import { failures, timed } from "../report.js";
import { sleep } from "../wait.js";
import type { ModeContext, ModeResult } from "./context.js";
import { repairSplit, switchAndConfirm } from "./switch.js";
import { verifyProduction } from "./verify.js";

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
    throw new RefusedError(`Version ${version} is not prepared on either color (${known}); run prepare first.`);
  }
  if (ledger.pending === idle) return { target: idle };
  return { noop: `Nothing was prepared since the last switch; production stays on ${live}.` };
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
  return { live: target, preview: state.live, ledger };
}

/** The exact switch promote would perform, for test mode and dry-run, so an approver sees it. */
export function describePromote(ctx: ModeContext, state: RouterState, target: Color): string[] {
  if (target === state.live) return [];
  return [`promote would: ${ctx.backend.describe(switchChange(ctx, state, target, "promote"), state).join("; ")}`];
}

/** Switches production to the prepared color, verifies it, and rolls back automatically on failure. */
export async function promote(ctx: ModeContext): Promise<ModeResult> {
  const { backend, config, report } = ctx;
  const state = await timed(report, "read router", () => backend.read());
  report.before = state;
  warnOnDrift(ctx, state);
  const decision = promoteTarget(ctx, state);
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
  const change = switchChange(ctx, state, target, "promote");
  const steps = config.steps;
  report.plan.push(...backend.describe(change, state, { steps }));

  const readiness = await backend.readiness(target);
  report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
  if (!readiness.ready)
    throw new RefusedError(`Refusing to promote ${target}: it is not ready (${readiness.summary}). Production stays on ${state.live}.`);
  await checkTested(ctx, state, target, version);

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
  try {
    report.after = await switchAndConfirm(ctx, change, state, { steps, onStep });
  } catch (error) {
    report.after = await backend.read().catch(() => undefined);
    throw new BluegreenError(
      `Promote of ${target} failed: ${sentenceOf(error)} ${whereTrafficIs(report.after, state.live, error instanceof ConflictError)}`,
    );
  }
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
    report.after = await switchAndConfirm(ctx, back, report.after);
    throw new BluegreenError(`Verification after promoting ${target} failed (${why}); traffic was returned to ${state.live}.`);
  }
  if (backend.afterPromote) {
    // Production is switched and verified: a failure here must not fail the promote, only be seen.
    const afterPromote = backend.afterPromote.bind(backend);
    try {
      report.plan.push(...(await timed(report, "after promote", () => afterPromote(state.live))));
    } catch (error) {
      report.warnings.push(`Production is on ${target}, but the after-promote step on ${state.live} failed: ${sentenceOf(error)}`);
    }
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
    report.warnings.push(`${message} Promoting anyway (require-test is false).`);
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

export function warnOnDrift(ctx: ModeContext, state: RouterState): void {
  const recorded = state.ledger.live;
  if (recorded && recorded !== state.live) {
    const text = `The router sends production to ${state.live}, but bluegreen last set ${recorded}${state.ledger.run ? ` (run ${state.ledger.run})` : ""}: someone switched by hand.`;
    ctx.report.warnings.push(text);
    log.warn(text);
  }
}

/** An error's message as a sentence, ending with one full stop. */
export function sentenceOf(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Where production is after a failed switch, read from the router itself. */
export function whereTrafficIs(after: RouterState | undefined, before: Color, lostRace = false): string {
  if (!after) return `The router could not be read afterwards; it was on ${before} before the switch.`;
  if (after.live === before) return `Production stays on ${before}.`;
  // A run that lost a race changed nothing: the move it sees is another run's.
  return lostRace
    ? `Production is now on ${after.live}: another run switched it.`
    : `Production is on ${after.live} (the switch completed).`;
}
