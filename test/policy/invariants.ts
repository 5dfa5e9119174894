import { otherColor } from "../../src/colors.js";
import type { Ledger } from "../../src/ledger.js";
import type { Case } from "./scenarios.js";

/**
 * Rules every decision keeps, written from what the modes promise rather than from how the policy
 * computes: a decision that stops carries no change; a switch's ledger says who is live now, what
 * was live before, and that nothing is pending; a repair only mends a split.
 */
export function stopRules(decision: object & { kind: string }): string[] {
  const problems: string[] = [];
  if (["refuse", "noop", "fail"].includes(decision.kind)) {
    if ("change" in decision) problems.push(`a ${decision.kind} carries a change`);
    const sentence = (decision as { sentence?: unknown }).sentence;
    if (typeof sentence !== "string" || !/^\S.*[^.][.]$/.test(sentence)) problems.push(`not one sentence: ${String(sentence)}`);
  }
  return problems;
}

/** The fields of a ledger a switch must leave as they were. */
const KEPT_BY_A_SWITCH = ["versions", "refs", "tested"] as const;

export function switchRules(
  c: Case,
  decision: { kind: string; target?: string; change?: { live: string; preview: string; ledger: Ledger; repair?: boolean } },
  action: "promote" | "rollback",
): string[] {
  const problems: string[] = [];
  if (decision.kind !== "switch") return problems;
  const { change, target } = decision;
  if (!change) return ["a switch without a change"];
  const { ledger } = change;
  if (target === c.facts.live) problems.push("switches to the color that is live already");
  if (change.live !== target) problems.push(`routes production to ${change.live}, not its target ${target}`);
  if (change.preview !== c.facts.live) problems.push("the preview entry does not go to the color production left");
  if (ledger.live !== target) problems.push("ledger.live is not the target");
  if (ledger.previous !== c.facts.live) problems.push("ledger.previous is not the color production left");
  if (ledger.pending !== undefined) problems.push("something is still pending after a switch");
  if (ledger.prepareFailed !== undefined) problems.push("a failed prepare survives a switch");
  if (ledger.lastAction !== action) problems.push(`lastAction ${ledger.lastAction}, not ${action}`);
  if (ledger.at !== c.settings.now.toISOString() || ledger.run !== c.settings.run) problems.push("not stamped with this run and time");
  for (const key of KEPT_BY_A_SWITCH) {
    if (JSON.stringify(ledger[key]) !== JSON.stringify(c.facts.ledger[key])) problems.push(`a switch changed ${key}`);
  }
  const wantsBake = c.settings.bakeSeconds > 0 && !c.settings.dryRun;
  if (wantsBake !== (ledger.bake?.state === "running"))
    problems.push(`bake record ${JSON.stringify(ledger.bake)} with dryRun=${c.settings.dryRun}`);
  if (ledger.bake && Date.parse(ledger.bake.until) !== c.settings.now.getTime() + c.settings.bakeSeconds * 1000)
    problems.push("bake ends at the wrong time");
  if (change.repair) problems.push("a switch marked as a repair");
  return problems;
}

export function repairRules(
  c: Case,
  decision: { kind: string; change?: { live: string; preview: string; ledger: Ledger; repair?: boolean } },
): string[] {
  if (decision.kind !== "repair") return [];
  const problems: string[] = [];
  const { change } = decision;
  if (!c.facts.split) problems.push("a repair of a router that is not split");
  if (!change) return [...problems, "a repair without a change"];
  if (change.live !== c.facts.live) problems.push("a repair moves production elsewhere than the router reads it");
  if (change.preview !== otherColor(c.facts.live)) problems.push("a repair leaves the preview entry on production");
  if (!change.repair) problems.push("a repair not marked as one");
  const { live: _live, ...rest } = change.ledger;
  const { live: _before, ...restBefore } = c.facts.ledger;
  if (JSON.stringify(rest) !== JSON.stringify(restBefore)) problems.push("a repair changed the ledger beyond the live color");
  if (change.ledger.live !== c.facts.live) problems.push("a repair does not record the color it made whole");
  return problems;
}
