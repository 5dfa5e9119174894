import { describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger.js";
import { decidePrepare, preparedWrite, type RouterFacts } from "../../src/policy/index.js";
import { allCases, type Case, IDLE_VERSION, LIVE_VERSION, NOW, RUN, violations } from "./scenarios.js";

/**
 * live-version (adopting a live router): prepare records the version production runs when the
 * ledger has none for the live color, refuses one that contradicts the ledger, and otherwise
 * decides exactly as without it. Checked over every ledger state of scenarios.ts, and on the
 * ledger of a router bluegreen has never written.
 */
const cases = allCases();

/** The same reading with no version recorded for the live color (what adopting a router looks like). */
function unrecorded(c: Case): Case {
  const versions = { ...c.facts.ledger.versions };
  delete versions[c.facts.live];
  return { ...c, facts: { ...c.facts, ledger: { ...c.facts.ledger, versions } } };
}

const OTHER = "v-adopted";

describe("prepare with live-version", () => {
  it("over every ledger state: refuses a contradiction, records a missing version, else decides as without it", () => {
    let refused = 0;
    let recorded = 0;
    const found = violations([...cases, ...cases.map(unrecorded)], (c) => {
      const problems: string[] = [];
      const version = c.settings.version ?? IDLE_VERSION;
      const inLedger = c.facts.ledger.versions[c.facts.live];
      for (const liveVersion of [LIVE_VERSION, OTHER]) {
        const without = decidePrepare(c.facts, { ...c.settings, version });
        const d = decidePrepare(c.facts, { ...c.settings, version, liveVersion });
        if (inLedger !== undefined && inLedger !== liveVersion) {
          refused++;
          if (d.kind !== "refuse") problems.push(`${d.kind} although the ledger says ${c.facts.live} runs ${inLedger}, not ${liveVersion}`);
          else if (!d.sentence.includes(`live-version ${liveVersion}`) || !d.sentence.includes(`runs ${inLedger}`))
            problems.push(`refusal names neither input nor versions: ${d.sentence}`);
          continue;
        }
        if (inLedger !== undefined) {
          if (JSON.stringify(d) !== JSON.stringify(without)) problems.push("a live-version equal to the ledger's changed the decision");
          continue;
        }
        if (version === liveVersion) {
          if (d.kind !== "noop") problems.push(`${d.kind} of the version live-version says is live`);
          continue;
        }
        if (without.kind !== "prepare" || d.kind !== "prepare") {
          problems.push(`${d.kind} (without live-version: ${without.kind})`);
          continue;
        }
        recorded++;
        const expected: Ledger = { ...without.change.ledger, versions: { ...without.change.ledger.versions, [c.facts.live]: liveVersion } };
        if (JSON.stringify(d.change.ledger) !== JSON.stringify(expected))
          problems.push("the ledger is not prepare's plus the live version");
        if (d.change.live !== without.change.live || d.change.preview !== without.change.preview) problems.push("routing differs");
        if (d.recordsLiveVersion !== liveVersion) problems.push("the plan does not say it records live-version");
      }
      return problems;
    });
    expect(found.slice(0, 20)).toEqual([]);
    // Both branches were exercised, many times.
    expect(refused).toBeGreaterThan(1000);
    expect(recorded).toBeGreaterThan(1000);
  });

  it("on a router bluegreen never wrote: v2 prepared on green, v1 recorded for blue, nothing else invented", () => {
    const facts: RouterFacts = { live: "blue", preview: "green", ledger: { versions: {} }, warnings: [] };
    const settings = {
      version: "v2",
      liveVersion: "v1",
      dryRun: false,
      requireTest: false,
      maxTestAgeSeconds: 0,
      bakeSeconds: 0,
      autoRollback: true,
      now: NOW,
      run: RUN,
    };
    const d = decidePrepare(facts, settings);
    expect(d).toEqual({
      kind: "prepare",
      target: "green",
      version: "v2",
      alreadyThere: false,
      recordsLiveVersion: "v1",
      change: { live: "blue", preview: "green", ledger: { versions: { blue: "v1", green: "v2" }, pending: "green" } },
    });
    expect(decidePrepare(facts, { ...settings, version: "v1" })).toEqual({
      kind: "noop",
      target: "green",
      sentence: "v1 is already live on blue, as live-version says (a prepare of the next version records it); nothing to prepare.",
    });
    // After the deploy, another run recorded another version for blue: the write is refused.
    const fresh: RouterFacts = { ...facts, ledger: { versions: { blue: "v0" } } };
    expect(preparedWrite(facts, fresh, "green", settings)).toEqual({
      kind: "fail",
      sentence:
        "Refusing live-version v1: the router's record says blue, the live color, runs v0, and live-version only fills in a version bluegreen has not recorded yet (adopting a live router); leave it out. Nothing was changed.",
    });
    // The same version recorded meanwhile: written as is.
    const same = preparedWrite(facts, { ...facts, ledger: { versions: { blue: "v1" } } }, "green", settings);
    expect(same).toEqual({ kind: "write", change: d.kind === "prepare" ? d.change : undefined });
  });
});
