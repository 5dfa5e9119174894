import { type Color, otherColor } from "../../src/colors.js";
import type { Ledger } from "../../src/ledger.js";
import type { PolicySettings, RouterFacts } from "../../src/policy/index.js";

/**
 * Every combination of the ledger's classes, generated: the history (last action), a pending
 * prepare, a failed prepare, the recorded test (fresh or stale in each way), a bake window, a
 * split router, a hand switch (drift), the version the step names, the preview entry, require-test
 * and dry-run. Each scenario is one router reading plus the settings, as the policy sees them.
 */
export const DIMENSIONS = {
  history: ["none", "promote", "rollback"],
  pending: ["none", "idle"],
  failed: ["no", "idle"],
  tested: ["none", "fresh", "stale-version", "stale-fingerprint", "stale-age", "other-color"],
  bake: ["none", "running", "failed"],
  split: [false, true],
  drift: [false, true],
  version: ["none", "idle's", "live's", "unknown"],
  preview: ["none", "idle", "live"],
} as const;

/**
 * Settings that matter to one decision only (require-test to the test check, dry-run to a switch's
 * bake record and the repair's sentence): the tests that read them run every case with each value,
 * rather than multiplying every other test by them.
 */
export const SETTING_VARIANTS = [
  { requireTest: true, dryRun: false },
  { requireTest: false, dryRun: false },
  { requireTest: true, dryRun: true },
] as const;

export type Scenario = { [K in keyof typeof DIMENSIONS]: (typeof DIMENSIONS)[K][number] };

export const NOW = new Date("2026-06-01T12:00:00.000Z");
export const RUN = "github:org/repo/42";
export const LIVE_VERSION = "v1";
export const IDLE_VERSION = "v2";
/** What the idle color's workload reads as now; a fresh test recorded the same. */
export const IDLE_FINGERPRINT = "green[10.0.0.2:80]";
export const MAX_TEST_AGE = 3600;

export interface Case {
  scenario: Scenario;
  facts: RouterFacts;
  settings: PolicySettings;
  /** The color production goes to as bluegreen recorded it, and its other. */
  live: Color;
  idle: Color;
  /** The idle color's fingerprint now. */
  fingerprint: string;
  name: string;
}

/** All combinations (the product of DIMENSIONS), as frozen facts: a decision cannot edit them. */
export function allCases(): Case[] {
  const keys = Object.keys(DIMENSIONS) as (keyof typeof DIMENSIONS)[];
  let partial: Partial<Scenario>[] = [{}];
  for (const key of keys) {
    partial = partial.flatMap((p) => (DIMENSIONS[key] as readonly unknown[]).map((value) => ({ ...p, [key]: value })));
  }
  return partial.map((p) => build(p as Scenario));
}

/**
 * One router reading: bluegreen last set blue live (when it ever switched); a hand switch sends
 * production to green instead. Versions: the recorded live color runs v1, the other v2 when a
 * prepare put it there (pending, or an earlier switch left it), nothing after a failed prepare.
 */
export function build(scenario: Scenario): Case {
  const recordedLive: Color = "blue";
  const live: Color = scenario.drift && scenario.history !== "none" ? otherColor(recordedLive) : recordedLive;
  const idle = otherColor(live);
  const ledger: Ledger = { versions: { [recordedLive]: LIVE_VERSION } };
  if (scenario.history !== "none") {
    ledger.live = recordedLive;
    ledger.previous = otherColor(recordedLive);
    ledger.lastAction = scenario.history;
    ledger.at = "2026-06-01T10:00:00.000Z";
    ledger.run = "github:org/repo/41";
    ledger.versions[otherColor(recordedLive)] = "v0";
    ledger.refs = { [recordedLive]: "aaaaaaa", [otherColor(recordedLive)]: "bbbbbbb" };
  }
  if (scenario.pending === "idle") {
    ledger.versions[idle] = IDLE_VERSION;
    ledger.pending = idle;
    ledger.refs = { ...ledger.refs, [idle]: "ccccccc" };
  }
  if (scenario.failed === "idle") {
    delete ledger.versions[idle];
    if (ledger.refs) delete ledger.refs[idle];
    if (ledger.pending === idle) delete ledger.pending;
    ledger.prepareFailed = idle;
  }
  const testedVersion = ledger.versions[idle] ?? IDLE_VERSION;
  const at = new Date(NOW.getTime() - 60_000).toISOString();
  switch (scenario.tested) {
    case "fresh":
      ledger.tested = { color: idle, version: testedVersion, fingerprint: IDLE_FINGERPRINT, at };
      break;
    case "stale-version":
      ledger.tested = { color: idle, version: "v0-old", fingerprint: IDLE_FINGERPRINT, at };
      break;
    case "stale-fingerprint":
      ledger.tested = { color: idle, version: testedVersion, fingerprint: "green[10.0.0.9:80]", at };
      break;
    case "stale-age":
      ledger.tested = {
        color: idle,
        version: testedVersion,
        fingerprint: IDLE_FINGERPRINT,
        at: new Date(NOW.getTime() - (MAX_TEST_AGE + 1) * 1000).toISOString(),
      };
      break;
    case "other-color":
      ledger.tested = { color: live, version: LIVE_VERSION, fingerprint: "blue[10.0.0.1:80]", at };
      break;
  }
  if (scenario.bake !== "none" && scenario.history !== "none") {
    ledger.bake = { state: scenario.bake, until: new Date(NOW.getTime() + 300_000).toISOString() };
  }
  const version = { none: undefined, "idle's": IDLE_VERSION, "live's": LIVE_VERSION, unknown: "v9" }[scenario.version];
  const preview = { none: undefined, idle, live }[scenario.preview];
  const facts: RouterFacts = {
    live,
    ...(preview ? { preview } : {}),
    ledger,
    split: scenario.split,
    warnings: scenario.split ? ["frontend www goes to green, frontend api to blue."] : [],
  };
  const settings: PolicySettings = {
    version,
    ref: "ddddddd",
    dryRun: false,
    requireTest: true,
    maxTestAgeSeconds: MAX_TEST_AGE,
    bakeSeconds: 300,
    autoRollback: true,
    now: NOW,
    run: RUN,
  };
  const name = Object.entries(scenario)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return { scenario, facts: deepFreeze(facts), settings: deepFreeze(settings), live, idle, fingerprint: IDLE_FINGERPRINT, name };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Runs `check` on every case and returns one line per violated rule (empty when all hold), so a
 * failure names the scenario; far quicker than one vitest case per combination.
 */
export function violations(cases: Case[], check: (c: Case) => string[], variants: readonly Partial<PolicySettings>[] = [{}]): string[] {
  const found: string[] = [];
  for (const base of cases)
    for (const variant of variants) {
      const c =
        variant === variants[0] && Object.keys(variant).length === 0
          ? base
          : { ...base, settings: { ...base.settings, ...variant }, name: `${base.name} ${JSON.stringify(variant)}` };
      let problems: string[];
      try {
        problems = check(c);
      } catch (error) {
        problems = [`threw ${error instanceof Error ? error.message : String(error)}`];
      }
      for (const problem of problems) found.push(`${c.name}: ${problem}`);
    }
  return found;
}
