import type { Color } from "../colors.js";
import type { Ledger } from "../ledger.js";

/**
 * What a decision knows of the router: one reading, as data. A backend's RouterState is one; the
 * policy names only the fields it decides on, so it never depends on a backend or its interface.
 */
export interface RouterFacts {
  /** Color production traffic goes to (the backend's best reading when split). */
  live: Color;
  /** Color the preview entry goes to, when the router has one. */
  preview?: Color;
  ledger: Ledger;
  /** Production split between colors (an interrupted switch, weights left between colors). */
  split?: boolean;
  warnings: readonly string[];
  /** A color clients may still reach until `until` (DNS caches after a switch), and why. */
  inUseUntil?: { color: Color; until: string; why: string };
}

/** The routing a decision asks for, written in one step with its ledger (a backend's RouteChange). */
export interface Routing {
  live: Color;
  preview: Color;
  ledger: Ledger;
  /** Rewrite production's routing even where it already reads `live` (repairing a split). */
  repair?: boolean;
}

/** The settings decisions read: the run's configuration plus when and which run decides. */
export interface PolicySettings {
  /** The version the step names (prepare requires it; promote may name one). */
  version?: string;
  /** The commit that built version. */
  ref?: string;
  /** prepare: what production runs now, by the step's word (live-version), for a ledger that has no version for it. */
  liveVersion?: string;
  dryRun: boolean;
  requireTest: boolean;
  /** 0: a passed test never goes stale by age. */
  maxTestAgeSeconds: number;
  /** 0: no bake window after a switch. */
  bakeSeconds: number;
  autoRollback: boolean;
  /** The time of the decision, recorded with a switch or a test. */
  now: Date;
  /** This CI run, recorded with a switch. */
  run: string;
}

/** A safety rule says no; nothing is changed. The mode throws it as a RefusedError. */
export interface Refuse {
  kind: "refuse";
  sentence: string;
}

/** A failure that is not a refusal of a rule (the mode throws a BluegreenError). */
export interface Fail {
  kind: "fail";
  sentence: string;
}

/** Nothing to do, and that is a success. */
export interface Noop {
  kind: "noop";
  sentence: string;
}

/** Production is split between colors and the step has nothing else to do: make it whole. */
export interface Repair {
  kind: "repair";
  sentence: string;
  change: Routing;
}

/** Send production to `target` (and the preview entry to the color it leaves). */
export interface Switch {
  kind: "switch";
  target: Color;
  /** The version the switch sends production to ("" when none is known). */
  version: string;
  change: Routing;
}
