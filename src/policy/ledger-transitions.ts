import { type Color, otherColor } from "../colors.js";
import type { BakeRecord, Ledger, TestRecord } from "../ledger.js";
import type { PolicySettings, RouterFacts, Routing } from "./facts.js";

/**
 * Every change bluegreen makes to the ledger, in one place: each is a new ledger from an old one
 * (never an edit in place), so a decision that refuses cannot have changed anything.
 */

/**
 * A switch of production to `target`: records who switched, when and why; the color it leaves is
 * the rollback target and gets the preview entry; nothing stays pending, a failed prepare is
 * forgotten, and a new switch supersedes any earlier bake window.
 */
export function switchedRouting(
  facts: RouterFacts,
  target: Color,
  action: "promote" | "rollback",
  stamp: Pick<PolicySettings, "now" | "run">,
): Routing {
  const ledger: Ledger = {
    ...facts.ledger,
    live: target,
    previous: facts.live,
    lastAction: action,
    at: stamp.now.toISOString(),
    run: stamp.run,
  };
  delete ledger.pending;
  delete ledger.prepareFailed;
  delete ledger.bake;
  return { live: target, preview: facts.live, ledger };
}

/**
 * A switch followed by a bake window records the open window in the same write as the routing
 * (no extra write before the window): if the step is cancelled or dies during the window, the
 * router still says "bake not completed". One final write removes it when the window passes.
 */
export function withBakeRecord(change: Routing, settings: Pick<PolicySettings, "bakeSeconds" | "dryRun" | "now">): Routing {
  if (settings.bakeSeconds <= 0 || settings.dryRun) return change;
  const until = new Date(settings.now.getTime() + settings.bakeSeconds * 1000).toISOString();
  return { ...change, ledger: { ...change.ledger, bake: { state: "running", until } } };
}

/**
 * The end of a bake window, written only when the window on the router is still ours (same end
 * time) and production is still on the color it baked: the record removed when the window passed,
 * or marked failed or cancelled. Undefined when there is nothing of ours to write.
 */
export function bakeClosedRouting(
  fresh: RouterFacts,
  window: { target: Color; from: Color; until: string | undefined },
  state: Exclude<BakeRecord["state"], "running"> | undefined,
): Routing | undefined {
  const record = fresh.ledger.bake;
  if (fresh.live !== window.target || !record || record.until !== window.until) return undefined;
  const ledger: Ledger = { ...fresh.ledger };
  if (state) ledger.bake = { ...record, state };
  else delete ledger.bake;
  return { live: fresh.live, preview: fresh.preview ?? window.from, ledger };
}

/**
 * The ledger after prepare: the version on the target with the commit that built it (or no commit
 * when none is known: the old one belonged to the replaced version), the target pending promote,
 * its old test void.
 */
export function preparedLedger(base: Ledger, target: Color, version: string, ref: string | undefined): Ledger {
  const ledger: Ledger = {
    ...base,
    versions: { ...base.versions, [target]: version },
    refs: withRef(base.refs, target, ref),
    pending: target,
  };
  if (!ledger.refs) delete ledger.refs;
  delete ledger.prepareFailed;
  if (base.tested?.color === target) delete ledger.tested; // a new deploy invalidates the old test
  return ledger;
}

/** Prepare's write: production as it is, the preview entry on the target, the prepared ledger. */
export function preparedRouting(facts: RouterFacts, target: Color, version: string, ref: string | undefined): Routing {
  return { live: facts.live, preview: target, ledger: preparedLedger(facts.ledger, target, version, ref) };
}

/**
 * Adopting a live router: the version production runs, on the step's word (live-version), written
 * with prepare's change into a ledger that has no version for the live color. A version the ledger
 * already holds is never overwritten here (liveVersionRefusal refuses a different one first).
 */
export function withLiveVersion(change: Routing, facts: RouterFacts, liveVersion: string | undefined): Routing {
  if (liveVersion === undefined || facts.ledger.versions[facts.live] !== undefined) return change;
  return { ...change, ledger: { ...change.ledger, versions: { ...change.ledger.versions, [facts.live]: liveVersion } } };
}

/**
 * After a failed prepare the idle color runs neither its old version nor surely the new one: its
 * version (and the commit that built it) is forgotten, it is no longer pending, its test is void,
 * and the failure is recorded, so no later promote trusts the old record. Production is untouched.
 */
export function failedPrepareRouting(fresh: RouterFacts, target: Color): Routing {
  const versions = { ...fresh.ledger.versions };
  delete versions[target];
  const ledger: Ledger = { ...fresh.ledger, versions, refs: withRef(fresh.ledger.refs, target, undefined) };
  if (!ledger.refs) delete ledger.refs;
  if (ledger.pending === target) delete ledger.pending;
  ledger.prepareFailed = target;
  if (ledger.tested?.color === target) delete ledger.tested;
  return { live: fresh.live, preview: fresh.preview ?? target, ledger };
}

/** A passed test, recorded with what it checked, so promote can refuse anything that changed since. */
export function testedRouting(fresh: RouterFacts, record: TestRecord): Routing {
  return { live: fresh.live, preview: fresh.preview ?? record.color, ledger: { ...fresh.ledger, tested: record } };
}

/**
 * Production split between colors, made whole on the color the router reports (the ledger then
 * records that color as the one bluegreen set), with the preview entry on the other.
 */
export function repairedRouting(facts: RouterFacts): Routing {
  return { live: facts.live, preview: otherColor(facts.live), ledger: { ...facts.ledger, live: facts.live }, repair: true };
}

/** refs with color's commit set to ref, or removed when ref is undefined. */
function withRef(refs: Ledger["refs"], color: Color, ref: string | undefined): Ledger["refs"] {
  const next = { ...refs };
  if (ref) next[color] = ref;
  else delete next[color];
  return next.blue || next.green ? next : undefined;
}
