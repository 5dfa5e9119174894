import { runAnalysis } from "../analysis/analyze.js";
import { instantQuery } from "../analysis/prometheus.js";
import type { RouterState } from "../backend.js";
import { type Color, otherColor } from "../colors.js";
import { BluegreenError, RefusedError } from "../errors.js";
import { labelledPlan } from "../plan-lines.js";
import { log } from "../platform/log.js";
import { startProgress } from "../platform/progress.js";
import { cancellableSleep, cancelSignal, onCancel } from "../platform/signals.js";
import { bakeClosedRouting, bakeRollback, failedBakeReaction } from "../policy/index.js";
import { type BakeLog, type Check, failures, timed } from "../report.js";
import { checkHealth, checkVersion } from "../smoke/checks.js";
import { urlRequester } from "../smoke/http.js";
import type { ModeContext } from "./context.js";
import { policySettings, stop } from "./policy.js";
import { sentenceOf, switchOrExplain } from "./switch.js";

export interface BakeSubject {
  action: "promote" | "rollback";
  /** The color production was switched to, and the one it left. */
  target: Color;
  from: Color;
  version: string;
  /** performance.now() when the switch was confirmed: the window's second 0. */
  switchedAt: number;
  /** The router as read right after the switch. */
  after: RouterState;
}

/**
 * Keeps checking production (verify-url health and version, and the analysis) every bake-interval
 * until bake-time has passed since the switch. A failed check during a promote's window sends
 * production back to `from` when auto-rollback is true; a rollback's window only checks. Either way
 * the step fails, saying at which second and why. Returns the router as read at the end.
 */
export async function bake(ctx: ModeContext, subject: BakeSubject): Promise<RouterState> {
  const { config, report } = ctx;
  if (config.bakeSeconds <= 0) return subject.after;
  const record: BakeLog = { seconds: config.bakeSeconds, interval: config.bakeIntervalSeconds, color: subject.target, rounds: [] };
  report.bake = record;
  log.info(
    `Baking ${subject.target}${subject.version ? ` (${subject.version})` : ""} for ${config.bakeSeconds} s, checking every ${config.bakeIntervalSeconds} s.`,
  );

  const cancel = cancellation();
  const passed = () => record.rounds.reduce((sum, round) => sum + round.checks.length, 0);
  // Seconds since the switch, as the rounds count them: "bake 40/300 s, 8 checks passed".
  const progress = startProgress(
    () => `bake ${Math.floor(secondsSince(subject.switchedAt))}/${config.bakeSeconds} s, ${passed()} checks passed`,
  );
  try {
    const windowMs = config.bakeSeconds * 1000;
    for (let k = 1; ; k++) {
      const dueMs = Math.min(k * config.bakeIntervalSeconds * 1000, windowMs);
      const elapsed = performance.now() - subject.switchedAt;
      // A round that ran past its successor's time skips it: the schedule stays on the clock.
      if (dueMs < elapsed && dueMs < windowMs) continue;
      await cancel.sleep(dueMs - elapsed);
      const second = secondsSince(subject.switchedAt);
      if (cancel.cancelled) {
        record.end = `cancelled at ${second} s`;
        // Best effort, bounded: the runner kills the step a few seconds after its signal.
        report.after = await withDeadline(markBake(ctx, subject, "cancelled"), 3_000).catch(() => undefined);
        throw new BluegreenError(
          `Cancelled at ${second} s of the ${config.bakeSeconds} s bake: production stays on ${subject.target}, recorded on the router as ${pastTense(subject.action)} with the bake not completed.`,
        );
      }
      const now = await ctx.router.read();
      if (now.live !== subject.target) {
        record.end = `stopped at ${second} s: production moved to ${now.live}`;
        report.after = now;
        throw new BluegreenError(
          `Production moved from ${subject.target} to ${now.live} at ${second} s of the bake, by another hand${now.ledger.run && now.ledger.run !== ctx.run ? ` (run ${now.ledger.run})` : ""}; bluegreen stopped baking and changed nothing.`,
        );
      }
      const checks = await bakeChecks(ctx, subject);
      record.rounds.push({ second, checks });
      const why = failures(checks);
      // Each round is a detail (the progress line and the report carry them); a failure is said at once.
      if (why) log.info(`bake ${second} s: FAILED ${why}`);
      else log.detail(`bake ${second} s: ${checks.length} checks passed`);
      if (why) {
        record.end = `failed at ${second} s`;
        return await failedBake(ctx, subject, second, why);
      }
      if (dueMs >= windowMs) break;
    }
    record.end = `completed (${record.rounds.length} checks over ${config.bakeSeconds} s)`;
  } finally {
    progress.stop();
    cancel.dispose();
  }
  report.checks.push({
    name: "bake",
    ok: true,
    detail: `${subject.target}: ${record.rounds.length} rounds of checks passed over ${config.bakeSeconds} s`,
  });
  return closeBakeRecord(ctx, subject);
}

/** One round: production's health and version through verify-url, then the analysis on the live color. */
async function bakeChecks(ctx: ModeContext, subject: BakeSubject): Promise<Check[]> {
  const { verifyUrl, smoke, analysis, bakeIntervalSeconds } = ctx.config;
  // A check may not outlast the round it belongs to by much: a hanging production is a failure.
  const timeoutMs = Math.min(5_000, Math.max(1_000, bakeIntervalSeconds * 1000));
  const checks: Check[] = [];
  const metrics = analysis ? runAnalysis(analysis, { color: subject.target, version: subject.version }) : Promise.resolve([]);
  if (verifyUrl) {
    const requester = urlRequester(verifyUrl, 2);
    try {
      checks.push(await checkHealth(requester, smoke.healthPath, timeoutMs));
      if (smoke.versionPath && subject.version) checks.push(await checkVersion(requester, smoke.versionPath, subject.version, timeoutMs));
    } finally {
      requester.close();
    }
  }
  const named = checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
  return [...named, ...(await metrics)];
}

/**
 * A check failed during the window. promote with auto-rollback: read the router, and if production
 * is still on the new color, send it back in one switch. Otherwise leave it and record the failure.
 */
async function failedBake(ctx: ModeContext, subject: BakeSubject, second: number, why: string): Promise<never> {
  const { router, config, report } = ctx;
  const { target, from } = subject;
  report.checks.push({ name: `bake at ${second} s`, ok: false, detail: why });
  const when = `at ${second} s of the ${config.bakeSeconds} s bake`;
  const reaction = failedBakeReaction(subject, when, why, config);
  if (reaction.kind === "roll back") {
    const current = await router.read();
    const back = bakeRollback(current, subject, when, why, policySettings(ctx));
    if (back.kind === "fail") {
      report.after = current;
      throw stop(back);
    }
    const plan = router.plan(back.change, current);
    report.plan.push(labelledPlan("auto-rollback: ", router.describe(plan)));
    const started = performance.now();
    // A failed rollback ends, like every failed switch, with where the router shows production now.
    report.after = await switchOrExplain(ctx, plan, back.what);
    const ms = Math.round(performance.now() - started);
    report.autoRollback = { phase: "bake", second, failed: report.bake?.rounds.at(-1)?.checks.filter((check) => !check.ok) ?? [] };
    throw new BluegreenError(`The bake of ${target} failed ${when} (${why}); traffic was returned to ${from} in ${ms} ms.`);
  }
  // No flip: record on the router that this window failed, so status does not call it running.
  report.after = await markBake(ctx, subject, "failed");
  throw stop(reaction.end);
}

/** The window passed: one final write removes the open-window record (only ours, only if still live). */
async function closeBakeRecord(ctx: ModeContext, subject: BakeSubject): Promise<RouterState> {
  try {
    return await markBake(ctx, subject, undefined);
  } catch (error) {
    const text = `The bake of ${subject.target} passed, but removing the open-window record from the router failed: ${sentenceOf(error)} status will show the bake as not completed.`;
    log.warn(text);
    return (await ctx.router.read().catch(() => undefined)) ?? subject.after;
  }
}

async function markBake(ctx: ModeContext, subject: BakeSubject, state: "failed" | "cancelled" | undefined): Promise<RouterState> {
  const fresh = await ctx.router.read();
  const change = bakeClosedRouting(fresh, { ...subject, until: subject.after.ledger.bake?.until }, state);
  if (!change) return fresh;
  await ctx.router.apply(ctx.router.plan(change, fresh));
  return ctx.router.read();
}

/**
 * While the window is open, a cancelled job must not die mid-check: the signal (src/platform/signals.ts)
 * ends the wait, and the run says where production is. A signal that came before the window (while
 * a lease was held, say) counts too: the window then ends at once.
 */
function cancellation() {
  const state = { cancelled: cancelSignal() !== undefined };
  const stop = onCancel(() => {
    state.cancelled = true;
  });
  return {
    get cancelled() {
      return state.cancelled;
    },
    async sleep(ms: number): Promise<void> {
      if (state.cancelled || ms <= 0) return;
      if (await cancellableSleep(ms)) state.cancelled = true;
    },
    dispose: stop,
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}

function secondsSince(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}

function pastTense(action: "promote" | "rollback"): string {
  return action === "promote" ? "promoted" : "rolled back";
}

/**
 * Before a promote whose bake runs an analysis: Prometheus must answer now, or the window would
 * fail on its first check and flip production twice. Refuses with nothing changed.
 */
export async function refuseWithoutPrometheus(ctx: ModeContext, target: Color): Promise<void> {
  const { analysis, bakeSeconds } = ctx.config;
  if (!analysis || bakeSeconds <= 0) return;
  const probe = await instantQuery(analysis.prometheus, "vector(1)");
  ctx.report.checks.push({
    name: "prometheus reachable",
    ok: probe.kind === "value",
    detail: probe.kind === "error" ? probe.message : `${analysis.prometheus.url} answers queries`,
  });
  if (probe.kind === "error") {
    throw new RefusedError(
      `Refusing to promote ${target}: the bake's analysis cannot run (${probe.message}). Production stays on ${otherColor(target)}.`,
    );
  }
}

/** Test mode: the analysis against the preview color, after the load has put traffic on it. */
export async function previewAnalysis(ctx: ModeContext, color: Color, version: string): Promise<Check[]> {
  const { analysis } = ctx.config;
  if (!analysis) return [];
  return timed(ctx.report, "analysis", () => runAnalysis(analysis, { color, version }));
}
