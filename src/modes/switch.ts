import type { ApplyOptions, RouteChange, RouterState } from "../backend.js";
import { otherColor } from "../colors.js";
import { BluegreenError } from "../errors.js";
import { log } from "../platform/log.js";
import { timed } from "../report.js";
import type { ModeContext } from "./context.js";

/**
 * Read, act, read again: applies the change, then confirms from the router itself that production
 * (and the preview entry, where the router has one) now goes where we asked.
 */
export async function switchAndConfirm(
  ctx: ModeContext,
  change: RouteChange,
  state: RouterState,
  options?: ApplyOptions,
  /** false for prepare, which leaves production (even a split one) as it is. */
  movesProduction = true,
): Promise<RouterState> {
  await timed(ctx.report, `switch to ${change.live}`, () => ctx.backend.apply(change, state, options));
  const after = await ctx.backend.read();
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
 * Production split between colors (an interrupted switch) is repaired only by an explicit promote
 * or rollback: one that found nothing else to do moves every entry to the color the router reports.
 */
export async function repairSplit(ctx: ModeContext, state: RouterState): Promise<RouterState> {
  const change: RouteChange = {
    live: state.live,
    preview: otherColor(state.live),
    ledger: { ...state.ledger, live: state.live },
    repair: true,
  };
  ctx.report.plan.push(...ctx.backend.describe(change, state));
  if (ctx.config.dryRun) return state;
  const after = await switchAndConfirm(ctx, change, state);
  ctx.report.changed = true;
  return after;
}
