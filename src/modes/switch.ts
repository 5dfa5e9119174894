import type { ApplyOptions, RouteChange, RouterState } from "../backend.js";
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
): Promise<RouterState> {
  await timed(ctx.report, `switch to ${change.live}`, () => ctx.backend.apply(change, state, options));
  const after = await ctx.backend.read();
  if (after.live !== change.live) {
    throw new BluegreenError(
      `The router still sends production to ${after.live} after the switch to ${change.live}; nothing else was changed.`,
    );
  }
  if (after.preview !== undefined && after.preview !== change.preview) {
    log.warn(`The preview entry goes to ${after.preview}, not ${change.preview} as asked.`);
  }
  return after;
}
