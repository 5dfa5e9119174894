import type { RouteChange, RoutePlan, RouterState, StepCheck } from "../backend.js";
import type { Color } from "../colors.js";
import { BluegreenError, ConflictError, RefusedError } from "../errors.js";
import { log } from "../platform/log.js";
import { checksRunningVersion, otherVersionRefusal } from "../policy/workload.js";
import { timed } from "../report.js";
import { sentenceOf } from "../sentence.js";
import type { ModeContext } from "./context.js";

/**
 * Read, act, read again: applies the plan, then confirms from the router itself that production
 * (and the preview entry, where the router has one) now goes where we asked.
 */
export async function switchAndConfirm(
  ctx: ModeContext,
  plan: RoutePlan,
  onStep?: StepCheck,
  /** false for prepare, which leaves production (even a split one) as it is. */
  movesProduction = true,
): Promise<RouterState> {
  const { change } = plan;
  // A write that leaves production where it is (prepare's record) is not called a switch.
  const step = movesProduction && change.live !== plan.state.live ? `switch to ${change.live}` : "write router";
  await timed(ctx.report, step, async () => {
    await refuseOtherVersion(ctx, plan);
    await ctx.router.apply(plan, onStep);
  });
  const after = await ctx.router.read();
  if (after.live !== change.live) {
    throw new BluegreenError(
      `The router still sends production to ${after.live} after the switch to ${change.live}; nothing else was changed.`,
    );
  }
  if (after.split && movesProduction) {
    throw new BluegreenError(`Production is still split between colors after the switch to ${change.live}: ${after.warnings.join(" ")}`);
  }
  if (after.preview !== undefined && after.preview !== change.preview) {
    log.warn(`The preview entry goes to ${after.preview}, not ${change.preview} as asked.`);
  }
  return after;
}

/**
 * Production goes only to the version bluegreen put on the color (where the workload can tell its
 * version): the workload reports what runs, the policy decides, and a refusal changes nothing.
 */
async function refuseOtherVersion(ctx: ModeContext, plan: RoutePlan): Promise<void> {
  const { workload } = ctx;
  if (!workload.runningVersion || !checksRunningVersion(plan.change, plan.state)) return;
  const refusal = otherVersionRefusal(plan.change, await workload.runningVersion(plan.change.live));
  if (refusal) throw new RefusedError(refusal);
}

/**
 * switchAndConfirm for the switches of promote and rollback: when it fails, the router is read again
 * and the error says where production is now, as the router shows it (never a guess), and whether
 * this run moved it. `what` names the step ("Promote of green").
 */
export async function switchOrExplain(ctx: ModeContext, plan: RoutePlan, what: string, onStep?: StepCheck): Promise<RouterState> {
  const { state } = plan;
  try {
    return await switchAndConfirm(ctx, plan, onStep);
  } catch (error) {
    ctx.report.failedSwitch = { from: state.live, to: plan.change.live };
    const after = await readAgain(ctx);
    ctx.report.after = after;
    // A lost race changed nothing here; anything else that left production elsewhere was this run's write.
    if (after && after.live !== state.live && !(error instanceof ConflictError)) ctx.report.changed = true;
    throw new BluegreenError(`${what} failed: ${sentenceOf(error)} ${whereTrafficIs(after, state.live, error)}`);
  }
}

/** The router read once more after a failure; a read that fails is tried once more after a short settle. */
async function readAgain(ctx: ModeContext): Promise<RouterState | undefined> {
  try {
    return await ctx.router.read();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return ctx.router.read().catch(() => undefined);
  }
}

/** Where production is after a failed switch, read from the router itself: one statement, never two. */
export function whereTrafficIs(after: RouterState | undefined, before: Color, error?: unknown): string {
  if (!after) return `Where production is now is unknown: the router could not be read afterwards (it was on ${before} before).`;
  // The router's own account, when it knows more than one color (a change configured, not yet applied).
  if (after.traffic) return after.traffic;
  if (after.split)
    return `Production is split between colors (${after.warnings.join(" ")}); run promote or rollback again to move all of it to one color.`;
  if (after.live === before) return `Production stays on ${before}.`;
  if (error instanceof ConflictError) return `Production is on ${after.live}, switched by another run, not by this one.`;
  return `Production is on ${after.live}.`;
}

/** Where modes have always found it; the helper lives beside no mode so that backends can use it too. */
export { sentenceOf };

/**
 * Production split between colors (an interrupted switch) is repaired only by an explicit promote
 * or rollback: one that found nothing else to do moves every entry to the color the router reports
 * (the policy's repair decision carries the change).
 */
export async function repairSplit(ctx: ModeContext, state: RouterState, change: RouteChange): Promise<RouterState> {
  const plan = ctx.router.plan(change, state);
  ctx.report.plan.push(...ctx.router.describe(plan));
  if (ctx.config.dryRun) return state;
  const after = await switchAndConfirm(ctx, plan);
  ctx.report.changed = true;
  return after;
}
