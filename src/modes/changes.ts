import type { RouteChange, RouterState } from "../backend.js";
import type { Color } from "../colors.js";
import type { Ledger } from "../ledger.js";
import type { ModeContext } from "./context.js";

// The changes a switch of production writes, shared by promote, rollback and bake (which sends
// production back on a failed window): kept here so that no mode imports another to build one.

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

/**
 * A switch followed by a bake window records the open window in the same write as the routing
 * (no extra write before the window): if the step is cancelled or dies during the window, the
 * router still says "bake not completed". One final write removes it when the window passes.
 */
export function withBakeRecord(ctx: ModeContext, change: RouteChange): RouteChange {
  const { bakeSeconds } = ctx.config;
  if (bakeSeconds <= 0 || ctx.config.dryRun) return change;
  const until = new Date(ctx.now().getTime() + bakeSeconds * 1000).toISOString();
  return { ...change, ledger: { ...change.ledger, bake: { state: "running", until } } };
}
