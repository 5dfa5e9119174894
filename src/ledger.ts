import { type Color, isColor } from "./colors.js";

/**
 * What bluegreen records on the router itself, next to the routing it changed.
 * Prepare, test, promote and rollback run in different jobs (often on different runners),
 * so this record, not the runner's disk, is the memory between them.
 */
export interface Ledger {
  /** The live color as bluegreen last set it; differs from the router when someone switched by hand. */
  live?: Color;
  /** The color that was live before the last switch (the rollback target). */
  previous?: Color;
  /** Version installed on each color by prepare. */
  versions: Partial<Record<Color, string>>;
  /**
   * The commit that built each color's version (the CI commit of its prepare, or the `ref` input),
   * so that a rollback can say which release it restored. Goes with the version: a color whose
   * version is replaced or forgotten loses its ref too.
   */
  refs?: Partial<Record<Color, string>>;
  /** Color prepared but not yet promoted; cleared by promote, so that a repeated promote is a no-op. */
  pending?: Color;
  /**
   * Color whose last prepare failed (set with its version forgotten, cleared by the next prepare or
   * switch), so that a promote right after a failed prepare fails instead of finding "nothing to do".
   */
  prepareFailed?: Color;
  /** The last routing change bluegreen made. */
  lastAction?: "promote" | "rollback";
  /** ISO time and CI run of the last routing change. */
  at?: string;
  run?: string;
  /** What test mode checked, so promote can refuse anything that changed since. */
  tested?: TestRecord;
  /**
   * A bake window (bake-time) after the last switch that has not completed: written with the switch
   * itself, removed by one final write when the window passes. Still here after `until`: the run was
   * cancelled or died during the window ("promoted, bake not completed").
   */
  bake?: BakeRecord;
}

export interface BakeRecord {
  /**
   * running: the window is open (or the run died in it); cancelled: the step was cancelled in it;
   * failed: a check failed and production was left there (auto-rollback off, or a rollback's window).
   */
  state: "running" | "cancelled" | "failed";
  /** ISO time the window ends. */
  until: string;
}

export interface TestRecord {
  color: Color;
  version: string;
  /** Fingerprint of the router and the color's workload when the test passed. */
  fingerprint: string;
  at: string;
}

/** A commit id as git prints it: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, full or abbreviated). */
export const COMMIT_PATTERN = /^[0-9a-f]{7,64}$/;

export function emptyLedger(): Ledger {
  return { versions: {} };
}

/**
 * Compact `key=value&...` form: no spaces (HAProxy map values), readable in `show map`,
 * and small enough for an annotation or a display name.
 */
export function encodeLedger(ledger: Ledger): string {
  const params = new URLSearchParams();
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== "") params.set(key, value);
  };
  put("live", ledger.live);
  put("previous", ledger.previous);
  put("blue", ledger.versions.blue);
  put("green", ledger.versions.green);
  put("blueRef", ledger.refs?.blue);
  put("greenRef", ledger.refs?.green);
  put("pending", ledger.pending);
  put("failed", ledger.prepareFailed);
  put("action", ledger.lastAction);
  put("at", ledger.at);
  put("run", ledger.run);
  if (ledger.tested) {
    put("tested", ledger.tested.color);
    put("testedVersion", ledger.tested.version);
    put("testedFingerprint", ledger.tested.fingerprint);
    put("testedAt", ledger.tested.at);
  }
  if (ledger.bake) {
    put("bake", ledger.bake.state);
    put("bakeUntil", ledger.bake.until);
  }
  return params.toString();
}

/** Parses what encodeLedger wrote; anything unknown or malformed is dropped rather than trusted. */
export function decodeLedger(text: string | undefined): Ledger {
  const ledger = emptyLedger();
  if (!text) return ledger;
  const params = new URLSearchParams(text.trim());
  const color = (key: string): Color | undefined => {
    const value = params.get(key);
    return isColor(value) ? value : undefined;
  };
  const text_ = (key: string): string | undefined => params.get(key) || undefined;
  ledger.live = color("live");
  ledger.previous = color("previous");
  const blue = text_("blue");
  const green = text_("green");
  if (blue) ledger.versions.blue = blue;
  if (green) ledger.versions.green = green;
  // A ref without its version says nothing about what the color runs: drop it.
  const refs: Partial<Record<Color, string>> = {};
  const blueRef = text_("blueRef");
  const greenRef = text_("greenRef");
  if (blue && blueRef && COMMIT_PATTERN.test(blueRef)) refs.blue = blueRef;
  if (green && greenRef && COMMIT_PATTERN.test(greenRef)) refs.green = greenRef;
  if (refs.blue || refs.green) ledger.refs = refs;
  ledger.pending = color("pending");
  ledger.prepareFailed = color("failed");
  const action = params.get("action");
  if (action === "promote" || action === "rollback") ledger.lastAction = action;
  ledger.at = text_("at");
  ledger.run = text_("run");
  const testedColor = color("tested");
  const testedVersion = text_("testedVersion");
  if (testedColor && testedVersion) {
    ledger.tested = {
      color: testedColor,
      version: testedVersion,
      fingerprint: text_("testedFingerprint") ?? "",
      at: text_("testedAt") ?? "",
    };
  }
  const bake = params.get("bake");
  if (bake === "running" || bake === "cancelled" || bake === "failed") ledger.bake = { state: bake, until: text_("bakeUntil") ?? "" };
  return stripUndefined(ledger);
}

function stripUndefined(ledger: Ledger): Ledger {
  for (const key of Object.keys(ledger) as (keyof Ledger)[]) {
    if (ledger[key] === undefined) delete ledger[key];
  }
  return ledger;
}
