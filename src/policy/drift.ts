import type { RouterFacts } from "./facts.js";

/**
 * The one drift check: the router sends production elsewhere than bluegreen last set it, so someone
 * switched by hand. Undefined when there is no drift. `withRun` names the run that set it (promote
 * and rollback warn with it; status's table leaves it out, as its "last action" row names the run).
 */
export function handSwitch(facts: RouterFacts, withRun: boolean): string | undefined {
  const recorded = facts.ledger.live;
  if (!recorded || recorded === facts.live) return undefined;
  const run = withRun && facts.ledger.run ? ` (run ${facts.ledger.run})` : "";
  return `The router sends production to ${facts.live}, but bluegreen last set ${recorded}${run}: someone switched by hand.`;
}
