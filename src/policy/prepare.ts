import { type Color, otherColor } from "../colors.js";
import type { Fail, Noop, PolicySettings, Refuse, RouterFacts, Routing } from "./facts.js";
import { preparedRouting, withLiveVersion } from "./ledger-transitions.js";

export type PrepareDecision =
  | (Noop & { target: Color })
  | (Refuse & { target: Color })
  | {
      kind: "prepare";
      target: Color;
      version: string;
      change: Routing;
      /**
       * The same version is prepared on the target and the preview entry goes there already: the
       * prepare is done if the target is still ready (see preparedAgain).
       */
      alreadyThere: boolean;
      /** live-version, when this prepare records it for the live color (the ledger had no version for it). */
      recordsLiveVersion?: string;
    };

/** Prepare puts the version on the idle color, unless production runs it already. Never moves production. */
export function decidePrepare(facts: RouterFacts, settings: PolicySettings & { version: string }): PrepareDecision {
  const { version, liveVersion } = settings;
  const target = otherColor(facts.live);
  const refused = liveVersionRefusal(facts, liveVersion);
  if (refused) return { ...refused, target };
  const recorded = facts.ledger.versions[facts.live];
  if ((recorded ?? liveVersion) === version) {
    const word = recorded === undefined ? ", as live-version says (a prepare of the next version records it)" : "";
    return { kind: "noop", target, sentence: `${version} is already live on ${facts.live}${word}; nothing to prepare.` };
  }
  const alreadyThere = facts.ledger.versions[target] === version && facts.ledger.pending === target && (facts.preview ?? target) === target;
  const change = withLiveVersion(preparedRouting(facts, target, version, settings.ref), facts, liveVersion);
  const recordsLiveVersion = recorded === undefined ? liveVersion : undefined;
  return { kind: "prepare", target, version, change, alreadyThere, ...(recordsLiveVersion ? { recordsLiveVersion } : {}) };
}

/**
 * live-version only fills in what the ledger lacks (a router bluegreen has no record of yet): one
 * that names another version than the ledger records for the live color is a mistake, refused
 * before anything is deployed or written.
 */
export function liveVersionRefusal(facts: RouterFacts, liveVersion: string | undefined): Refuse | undefined {
  const recorded = facts.ledger.versions[facts.live];
  if (liveVersion === undefined || recorded === undefined || recorded === liveVersion) return undefined;
  return {
    kind: "refuse",
    sentence: `Refusing live-version ${liveVersion}: the router's record says ${facts.live}, the live color, runs ${recorded}, and live-version only fills in a version bluegreen has not recorded yet (adopting a live router); leave it out. Nothing was changed.`,
  };
}

/**
 * The color production left may still be reached by clients (DNS resolvers keep the old answer
 * for up to its TTL): redeploying it before then would serve them a half-installed release.
 */
export function inUseRefusal(facts: RouterFacts, target: Color, now: Date): Refuse | undefined {
  const inUse = facts.inUseUntil;
  if (inUse?.color !== target || !(Date.parse(inUse.until) > now.getTime())) return undefined;
  return {
    kind: "refuse",
    sentence: `Refusing to prepare ${target} before ${inUse.until}: ${inUse.why}. Production stays on ${facts.live}.`,
  };
}

/** A prepare found done before: nothing to do while the target is ready, otherwise prepare again. */
export function preparedAgain(
  version: string,
  target: Color,
  readiness: { ready: boolean; summary: string },
): Noop | { kind: "again"; note: string } {
  if (readiness.ready)
    return { kind: "noop", sentence: `${version} is already prepared on ${target} (${readiness.summary}); nothing changed.` };
  return {
    kind: "again",
    note: `${version} was prepared on ${target} before, but it is not ready now (${readiness.summary}): preparing again.`,
  };
}

/**
 * The deploy may have taken minutes; the router read again before prepare's write. Production that
 * moved meanwhile is another run's doing: prepare leaves the preview entry alone.
 */
export function preparedWrite(
  before: RouterFacts,
  fresh: RouterFacts,
  target: Color,
  settings: PolicySettings & { version: string },
): Fail | { kind: "write"; change: Routing } {
  if (fresh.live !== before.live) {
    return {
      kind: "fail",
      sentence: `Production moved from ${before.live} to ${fresh.live} while ${target} was being prepared; the preview entry was left as it was.`,
    };
  }
  // Another run may have recorded the live color's version meanwhile.
  const refused = liveVersionRefusal(fresh, settings.liveVersion);
  if (refused) return { kind: "fail", sentence: refused.sentence };
  return {
    kind: "write",
    change: withLiveVersion(preparedRouting(fresh, target, settings.version, settings.ref), fresh, settings.liveVersion),
  };
}
