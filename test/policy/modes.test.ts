import { describe, expect, it } from "vitest";
import { otherColor } from "../../src/colors.js";
import {
  bakeClosedRouting,
  bakeRollback,
  decidePrepare,
  decidePromote,
  decideRollback,
  decideTest,
  failedBakeReaction,
  failedPrepareRouting,
  handSwitch,
  previewColor,
  recordedTest,
  testedRouting,
  testVerdict,
} from "../../src/policy/index.js";
import { repairRules, stopRules, switchRules } from "./invariants.js";
import { allCases, type Case, DIMENSIONS, IDLE_VERSION, SETTING_VARIANTS, violations } from "./scenarios.js";

/**
 * Every mode's decision over every combination of the ledger's classes (scenarios.ts), checked
 * against rules stated from what each mode promises. Explicit sentences for the cases that matter
 * are in sentences.test.ts.
 */
const cases = allCases();
const expectedCount = Object.values(DIMENSIONS).reduce((n, values) => n * values.length, 1);

const idleVersion = (c: Case) => c.facts.ledger.versions[c.idle];
const liveVersion = (c: Case) => c.facts.ledger.versions[c.live];

describe("policy over every ledger state", () => {
  it("generates every combination", () => {
    expect(cases.length).toBe(expectedCount);
    expect(expectedCount).toBeGreaterThan(10_000);
  });

  it("prepare: never moves production, puts the version on the idle color, pending, its old test void", () => {
    const found = violations(cases, (c) => {
      const version = c.settings.version ?? IDLE_VERSION;
      const d = decidePrepare(c.facts, { ...c.settings, version });
      const problems = stopRules(d);
      if (d.target !== c.idle) problems.push(`targets ${d.target}, which is live`);
      // Only "production runs it already" makes a prepare do nothing.
      if ((d.kind === "noop") !== (liveVersion(c) === version)) problems.push(`${d.kind} although live runs ${liveVersion(c)}`);
      if (d.kind !== "prepare") return problems;
      const { change } = d;
      if (change.live !== c.facts.live) problems.push("a prepare moves production");
      if (change.preview !== c.idle) problems.push("the preview entry does not go to the prepared color");
      const { ledger } = change;
      if (ledger.versions[c.idle] !== version || ledger.pending !== c.idle) problems.push("version not recorded as pending on the target");
      if (ledger.versions[c.live] !== liveVersion(c)) problems.push("the live color's version changed");
      if (ledger.refs?.[c.idle] !== c.settings.ref) problems.push("the target's commit is not the one that built it");
      if (ledger.prepareFailed) problems.push("a failed prepare survives a new prepare");
      if (ledger.tested?.color === c.idle) problems.push("the old test of the target survives a new deploy");
      if (c.facts.ledger.tested?.color === c.live && ledger.tested !== c.facts.ledger.tested)
        problems.push("the live color's test was dropped");
      for (const key of ["live", "previous", "lastAction", "at", "run", "bake"] as const) {
        if (ledger[key] !== c.facts.ledger[key]) problems.push(`a prepare changed ${key}`);
      }
      const again =
        idleVersion(c) === version && c.facts.ledger.pending === c.idle && (c.facts.preview === undefined || c.facts.preview === c.idle);
      if (d.alreadyThere !== again) problems.push(`alreadyThere=${d.alreadyThere}`);
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("a failed prepare forgets the target's version and says so on the ledger, production untouched", () => {
    const found = violations(cases, (c) => {
      const { live, preview, ledger } = failedPrepareRouting(c.facts, c.idle);
      const problems: string[] = [];
      if (live !== c.facts.live) problems.push("moves production");
      if (preview !== (c.facts.preview ?? c.idle)) problems.push("moves the preview entry");
      if (ledger.versions[c.idle] !== undefined || ledger.refs?.[c.idle] !== undefined) problems.push("keeps the target's version");
      if (ledger.pending === c.idle || ledger.prepareFailed !== c.idle) problems.push("not recorded as failed");
      if (ledger.tested?.color === c.idle) problems.push("keeps the target's test");
      if (ledger.versions[c.live] !== liveVersion(c)) problems.push("forgot the live color's version");
      // And then nothing promotes it: without a version, promote refuses (or only mends a split).
      const after = { ...c.facts, ledger };
      const next = decidePromote(after, { ...c.settings, version: undefined });
      if (next.kind === "switch" || next.kind === "noop") problems.push(`promote after a failed prepare: ${next.kind}`);
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("test: tests the preview color, never production unless it warns, and its record moves nothing", () => {
    const found = violations(cases, (c) => {
      const d = decideTest(c.facts, c.settings);
      const problems: string[] = [];
      const expected = c.facts.preview ?? c.idle;
      if (d.target !== expected || previewColor(c.facts) !== expected)
        problems.push(`tests ${d.target}, not the preview color ${expected}`);
      if ((d.warning !== undefined) !== (d.target === c.facts.live)) problems.push("warning iff the preview color is live, broken");
      if (d.version !== (c.settings.version ?? c.facts.ledger.versions[d.target] ?? "")) problems.push(`expects ${d.version}`);
      const record = { color: d.target, version: d.version, fingerprint: c.fingerprint, at: c.settings.now.toISOString() };
      const change = testedRouting(c.facts, record);
      if (change.live !== c.facts.live || change.preview !== (c.facts.preview ?? d.target)) problems.push("recording a test moves routing");
      const { tested, ...rest } = change.ledger;
      const { tested: _old, ...restBefore } = c.facts.ledger;
      if (tested !== record || JSON.stringify(rest) !== JSON.stringify(restBefore))
        problems.push("recording a test changed more than the test");
      // What test recorded, promote accepts right away (same version, same workload).
      if (d.target !== c.facts.live) {
        const verdict = testVerdict(
          recordedTest({ ...c.facts, ledger: change.ledger }, d.target),
          d.target,
          { version: d.version, fingerprint: c.fingerprint },
          c.settings,
        );
        if (verdict.kind !== "pass") problems.push(`promote refuses what test just recorded: ${JSON.stringify(verdict)}`);
      }
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("promote: switches only to the prepared idle color, does nothing only when production has it, repairs only a split", () => {
    const kinds = new Map<string, number>();
    const found = violations(
      cases,
      (c) => {
        const d = decidePromote(c.facts, c.settings);
        kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
        const problems = [...stopRules(d), ...switchRules(c, d, "promote"), ...repairRules(c, d)];
        const { version } = c.settings;
        const { ledger } = c.facts;
        if (d.kind === "switch") {
          if (d.target !== c.idle) problems.push("switches to a color that is not the idle one");
          if (version !== undefined && idleVersion(c) !== version)
            problems.push("switches to a color that does not hold the version asked");
          if (version === undefined && ledger.pending !== c.idle) problems.push("switches without a prepared (pending) color");
          if (!idleVersion(c)) problems.push("switches to a color whose version is unknown");
          if (d.version !== (version ?? idleVersion(c))) problems.push(`reports version ${d.version}`);
        }
        if (d.kind === "noop") {
          if (c.facts.split) problems.push("leaves a split production split");
          const done = version !== undefined ? liveVersion(c) === version : ledger.lastAction === "promote" && ledger.live === c.facts.live;
          if (!done) problems.push("does nothing although production does not run what was asked");
        }
        if (d.kind === "refuse" && c.facts.split) problems.push("refuses instead of mending a split");
        // A pipeline whose prepare failed (and that named no version) must not stay green.
        if (version === undefined && ledger.prepareFailed && ledger.pending !== c.idle && !c.facts.split && d.kind !== "refuse") {
          problems.push(`after a failed prepare: ${d.kind}`);
        }
        return problems;
      },
      SETTING_VARIANTS,
    );
    expect(found.slice(0, 20)).toEqual([]);
    // Every outcome occurs: the generated states reach each branch.
    expect([...kinds.keys()].sort()).toEqual(["noop", "refuse", "repair", "switch"]);
  });

  it("promote's test check: passes only the same color, version and workload, fresh enough; require-test refuses the untested", () => {
    const found = violations(
      cases,
      (c) => {
        const version = c.settings.version ?? idleVersion(c) ?? "";
        const record = recordedTest(c.facts, c.idle);
        const verdict = testVerdict(record, c.idle, { version, fingerprint: c.fingerprint }, c.settings);
        const problems = stopRules(verdict);
        const t = c.scenario.tested;
        // Fresh: a test of this color, of the version promoted (when one is known), on the same
        // workload, young enough. Anything else recorded for this color is stale.
        const forTarget = t !== "none" && t !== "other-color";
        const fresh = forTarget && (!version || record?.version === version) && t !== "stale-fingerprint" && t !== "stale-age";
        if (verdict.kind === "pass" && !fresh) problems.push(`passes a ${t} test`);
        if (fresh && verdict.kind !== "pass") problems.push(`refuses a fresh test: ${JSON.stringify(verdict)}`);
        if (!forTarget && verdict.kind !== (c.settings.requireTest ? "refuse" : "warn"))
          problems.push(`untested with require-test ${c.settings.requireTest}: ${verdict.kind}`);
        if (forTarget && !fresh && verdict.kind !== "refuse") problems.push(`a stale (${t}) test is not refused`);
        return problems;
      },
      SETTING_VARIANTS,
    );
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("rollback: back to the recorded previous color only while it still runs what was live", () => {
    const kinds = new Map<string, number>();
    const found = violations(
      cases,
      (c) => {
        const d = decideRollback(c.facts, c.settings);
        kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
        const problems = [...stopRules(d), ...switchRules(c, d, "rollback"), ...repairRules(c, d)];
        const { ledger } = c.facts;
        if (d.kind === "switch") {
          if (d.target !== ledger.previous) problems.push("rolls back to a color that was not live before");
          if (ledger.pending === d.target) problems.push("rolls back to a color a prepare replaced");
          if (ledger.lastAction === "rollback" && ledger.live === c.facts.live) problems.push("rolls back twice");
          if (d.version !== (ledger.versions[d.target] ?? "")) problems.push(`reports version ${d.version}`);
        }
        if (!ledger.previous && d.kind !== "refuse") problems.push(`${d.kind} with no previous color recorded`);
        if (d.kind === "repair" && !c.facts.split) problems.push("repairs an unsplit router");
        if (d.kind === "noop" && c.facts.split) problems.push("leaves a split production split");
        return problems;
      },
      SETTING_VARIANTS,
    );
    expect(found.slice(0, 20)).toEqual([]);
    expect([...kinds.keys()].sort()).toEqual(["noop", "refuse", "repair", "switch"]);
  });

  it("a promote followed by a rollback returns production to where it was, and a second rollback does nothing", () => {
    const found = violations(
      cases,
      (c) => {
        const promoted = decidePromote(c.facts, c.settings);
        if (promoted.kind !== "switch") return [];
        const after = {
          ...c.facts,
          live: promoted.change.live,
          preview: promoted.change.preview,
          ledger: promoted.change.ledger,
          split: false,
        };
        const back = decideRollback(after, c.settings);
        if (back.kind !== "switch") return [`no rollback after a promote: ${back.kind}`];
        const problems: string[] = [];
        if (back.target !== c.facts.live) problems.push(`rolls back to ${back.target}, not ${c.facts.live}`);
        const again = decideRollback(
          { ...after, live: back.change.live, preview: back.change.preview, ledger: back.change.ledger },
          c.settings,
        );
        if (again.kind !== "noop") problems.push(`a second rollback: ${again.kind}`);
        const repeat = decidePromote({ ...after }, { ...c.settings, version: undefined });
        if (repeat.kind !== "noop") problems.push(`a repeated promote: ${repeat.kind}`);
        return problems;
      },
      SETTING_VARIANTS,
    );
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("status and the modes see the same drift, and only a hand switch is drift", () => {
    const found = violations(cases, (c) => {
      const problems: string[] = [];
      const drifted = c.facts.ledger.live !== undefined && c.facts.ledger.live !== c.facts.live;
      if (drifted !== c.scenario.drift || (c.scenario.history === "none" && drifted)) {
        if (c.scenario.history !== "none") problems.push("drift not generated");
      }
      for (const withRun of [true, false]) {
        const sentence = handSwitch(c.facts, withRun);
        if ((sentence !== undefined) !== drifted) problems.push(`drift said ${sentence !== undefined}, is ${drifted}`);
        if (sentence && !sentence.includes(`to ${c.facts.live}, but bluegreen last set ${c.facts.ledger.live}`))
          problems.push("drift names the wrong colors");
        if (sentence && withRun !== sentence.includes("(run ")) problems.push("run named or not as asked");
      }
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
  });

  it("bake: a failed window rolls back only a promote with auto-rollback, only if production is still on its color", () => {
    const found = violations(cases, (c) => {
      const problems: string[] = [];
      for (const action of ["promote", "rollback"] as const) {
        for (const autoRollback of [true, false]) {
          const window = { action, target: c.facts.live, from: otherColor(c.facts.live) };
          const reaction = failedBakeReaction(window, "at 4 s of the 10 s bake", "verify health: HTTP 503", { autoRollback });
          const rollsBack = action === "promote" && autoRollback;
          if ((reaction.kind === "roll back") !== rollsBack) problems.push(`${action} auto-rollback=${autoRollback}: ${reaction.kind}`);
          if (reaction.kind === "mark failed") {
            problems.push(...stopRules(reaction.end));
            if (reaction.end.kind !== (action === "rollback" ? "refuse" : "fail")) problems.push(`ends with ${reaction.end.kind}`);
          }
        }
      }
      const stillThere = bakeRollback(c.facts, { action: "promote", target: c.facts.live, from: c.idle }, "at 1 s", "why", c.settings);
      if (stillThere.kind !== "switch" || stillThere.target !== c.idle || stillThere.change.ledger.bake)
        problems.push("no clean switch back");
      const movedAway = bakeRollback(c.facts, { action: "promote", target: c.idle, from: c.facts.live }, "at 1 s", "why", c.settings);
      if (movedAway.kind !== "fail") problems.push("switches although production left the baked color");
      // Closing the window writes only our own window, only while production is on its color.
      const until = c.facts.ledger.bake?.until;
      for (const state of ["failed", "cancelled", undefined] as const) {
        const ours = bakeClosedRouting(c.facts, { target: c.facts.live, from: c.idle, until }, state);
        if (!c.facts.ledger.bake) {
          if (ours) problems.push("closes a window that is not there");
          continue;
        }
        if (!ours) {
          problems.push("does not close its own window");
          continue;
        }
        if (ours.live !== c.facts.live) problems.push("closing a window moves production");
        if (ours.ledger.bake?.state !== state) problems.push(`window left as ${JSON.stringify(ours.ledger.bake)}, not ${state}`);
        const { bake: _a, ...rest } = ours.ledger;
        const { bake: _b, ...before } = c.facts.ledger;
        if (JSON.stringify(rest) !== JSON.stringify(before)) problems.push("closing a window changed more than the window");
        if (bakeClosedRouting(c.facts, { target: c.facts.live, from: c.idle, until: "2000-01-01T00:00:00.000Z" }, state))
          problems.push("closes another run's window");
        if (bakeClosedRouting(c.facts, { target: c.idle, from: c.facts.live, until }, state))
          problems.push("closes a window after production moved");
      }
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
  });
});
