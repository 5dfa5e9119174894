import type { PolicySettings, RouterFacts } from "./facts.js";

/**
 * What a promote or rollback with nothing else to do says when it makes a split production whole.
 */
export function repairSentence(facts: RouterFacts, settings: Pick<PolicySettings, "dryRun">): string {
  return `${settings.dryRun ? "Dry run: would move" : "Moved"} all of production to ${facts.live}: it was split between colors.`;
}
