import type { Color } from "../colors.js";
import { sentenceOf } from "../sentence.js";
import type { Fail, PolicySettings, Refuse, RouterFacts, Switch } from "./facts.js";
import { switchedRouting } from "./ledger-transitions.js";

/** The switch a bake window watches. */
export interface BakeWindow {
  action: "promote" | "rollback";
  /** The color production was switched to, and the one it left. */
  target: Color;
  from: Color;
}

/**
 * A check failed during the window. A promote's window with auto-rollback sends production back
 * (read the router first: bakeRollback); otherwise production stays, the window is recorded as
 * failed on the router, and the step ends with `end`.
 */
export function failedBakeReaction(
  window: BakeWindow,
  when: string,
  why: string,
  settings: Pick<PolicySettings, "autoRollback">,
): { kind: "roll back" } | { kind: "mark failed"; end: Refuse | Fail } {
  if (window.action === "promote" && settings.autoRollback) return { kind: "roll back" };
  if (window.action === "rollback") {
    return {
      kind: "mark failed",
      end: { kind: "refuse", sentence: sentenceOf(`Rolled back to ${window.target}, but the bake check ${when} failed: ${why}`) },
    };
  }
  return {
    kind: "mark failed",
    end: {
      kind: "fail",
      sentence: `Production is on ${window.target} but the bake check ${when} failed (${why}); auto-rollback is off, so it stays there.`,
    },
  };
}

/**
 * The rollback of a failed bake, from the router as read now: nothing to switch when production has
 * left the baked color already, otherwise one switch back to the color it came from.
 */
export function bakeRollback(
  current: RouterFacts,
  window: BakeWindow,
  when: string,
  why: string,
  settings: PolicySettings,
): Fail | (Switch & { what: string }) {
  if (current.live !== window.target) {
    return {
      kind: "fail",
      sentence: `The bake of ${window.target} failed ${when} (${why}); production is already on ${current.live}, so nothing was switched.`,
    };
  }
  return {
    kind: "switch",
    target: window.from,
    version: current.ledger.versions[window.from] ?? "",
    change: switchedRouting(current, window.from, "rollback", settings),
    what: `The bake of ${window.target} failed ${when} (${why}), and the rollback to ${window.from}`,
  };
}
