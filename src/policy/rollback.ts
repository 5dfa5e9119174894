import type { Noop, PolicySettings, Refuse, Repair, RouterFacts, Switch } from "./facts.js";
import { repairedRouting, switchedRouting, withBakeRecord } from "./ledger-transitions.js";
import { repairSentence } from "./split.js";

export type RollbackDecision = Switch | Noop | Refuse | Repair;

/**
 * The rollback decision, from the router's ledger: back to the color that was live before the last
 * switch, unless that is done already, unrecorded, or no longer the release that was live. A
 * rollback with nothing to do on a production split between colors makes it whole instead. The one
 * place that says what a rollback would do (status, GitHub Deployment records and the mode ask it).
 */
export function decideRollback(facts: RouterFacts, settings: PolicySettings): RollbackDecision {
  const { ledger, live } = facts;
  const unchanged = (sentence: string): Noop | Repair =>
    facts.split
      ? { kind: "repair", sentence: repairSentence(facts, settings), change: repairedRouting(facts) }
      : { kind: "noop", sentence };
  if (ledger.lastAction === "rollback" && ledger.live === live) {
    return unchanged(`Already rolled back to ${live}${ledger.at ? ` at ${ledger.at}` : ""}; nothing changed.`);
  }
  const target = ledger.previous;
  if (!target) return { kind: "refuse", sentence: "Nothing to roll back to: the router has no record of a promote by bluegreen." };
  if (target === live) return unchanged(`${target} is already live; nothing changed.`);
  // A prepare since the last switch put a new release on the rollback target: the release that was
  // live before is gone from it, and "rolling back" would send production to an unapproved release.
  if (ledger.pending === target) {
    return {
      kind: "refuse",
      sentence: `Refusing to roll back to ${target}: it no longer runs the release that was live before, a prepare replaced it with ${ledger.versions[target] ?? "another version"} (not promoted). Production stays on ${live}.`,
    };
  }
  return {
    kind: "switch",
    target,
    version: ledger.versions[target] ?? "",
    change: withBakeRecord(switchedRouting(facts, target, "rollback", settings), settings),
  };
}
