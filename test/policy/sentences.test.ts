import { describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger.js";
import {
  afterFailedVerify,
  decidePrepare,
  decidePromote,
  decideRollback,
  decideTest,
  handSwitch,
  type PolicySettings,
  preparedAgain,
  preparedWrite,
  type RouterFacts,
  testVerdict,
} from "../../src/policy/index.js";

/** The decisions that matter most, with the exact sentence each says (the same as before the policy module). */
const now = new Date("2026-06-01T12:00:00.000Z");
const settings: PolicySettings = {
  dryRun: false,
  requireTest: true,
  maxTestAgeSeconds: 3600,
  bakeSeconds: 0,
  autoRollback: true,
  now,
  run: "run-7",
};
const router = (ledger: Partial<Ledger>, extra: Partial<RouterFacts> = {}): RouterFacts => ({
  live: "blue",
  ledger: { versions: {}, ...ledger },
  warnings: [],
  ...extra,
});
const promoted: Partial<Ledger> = {
  live: "blue",
  previous: "green",
  lastAction: "promote",
  at: "2026-06-01T10:00:00.000Z",
  run: "run-6",
  versions: { blue: "v2", green: "v1" },
};

describe("policy sentences", () => {
  it("promote: the prepared color, a repeat, nothing prepared, a failed prepare, a replaced version", () => {
    const prepared = router({ ...promoted, versions: { blue: "v2", green: "v3" }, pending: "green" });
    const go = decidePromote(prepared, settings);
    expect(go).toMatchObject({ kind: "switch", target: "green", version: "v3", change: { live: "green", preview: "blue" } });
    expect(go.kind === "switch" && go.change.ledger).toEqual({
      live: "green",
      previous: "blue",
      lastAction: "promote",
      at: now.toISOString(),
      run: "run-7",
      versions: { blue: "v2", green: "v3" },
    });
    expect(decidePromote(router(promoted), settings)).toEqual({
      kind: "noop",
      sentence: "blue was promoted already (2026-06-01T10:00:00.000Z) and nothing was prepared since; nothing changed.",
    });
    expect(decidePromote(router({}), settings)).toEqual({
      kind: "refuse",
      sentence:
        "Nothing to promote: nothing was prepared (bluegreen has never switched this router); production stays on blue. Run prepare first.",
    });
    expect(decidePromote(router({ ...promoted, lastAction: "rollback" }), settings)).toEqual({
      kind: "refuse",
      sentence:
        "Nothing to promote: nothing was prepared since the last rollback; production stays on blue. Run prepare first, or set version to v1 (--version v1) to promote the v1 that green holds, at once.",
    });
    // The version it names is one this policy switches to: asked with it, promote goes to green.
    expect(decidePromote(router({ ...promoted, lastAction: "rollback" }), { ...settings, version: "v1" })).toMatchObject({
      kind: "switch",
      target: "green",
      version: "v1",
    });
    // Nothing recorded on the idle color, or the same release on both: no such suggestion.
    for (const versions of [{ blue: "v2" }, { blue: "v2", green: "v2" }]) {
      expect(decidePromote(router({ ...promoted, lastAction: "rollback", versions }), settings)).toEqual({
        kind: "refuse",
        sentence: "Nothing to promote: nothing was prepared since the last rollback; production stays on blue. Run prepare first.",
      });
    }
    expect(decidePromote(router({ ...promoted, prepareFailed: "green", versions: { blue: "v2" } }), settings)).toEqual({
      kind: "refuse",
      sentence:
        "Nothing to promote: the last prepare of green failed, so nothing is prepared; production stays on blue. Run prepare again.",
    });
    expect(decidePromote(prepared, { ...settings, version: "v2" })).toEqual({
      kind: "noop",
      sentence: "v2 is already live on blue; nothing changed.",
    });
    expect(decidePromote(prepared, { ...settings, version: "v4" })).toEqual({
      kind: "refuse",
      sentence:
        "Version v4 is not prepared on either color (blue: v2, green: v3): the idle color green now holds v3, so a later prepare replaced v4 there, or it was never prepared. Production stays on blue; run prepare for v4 again to promote it.",
    });
  });

  it("promote and rollback with nothing to do make a split production whole, and say so", () => {
    const split = router(promoted, { split: true, warnings: ["frontends disagree."] });
    expect(decidePromote(split, settings)).toEqual({
      kind: "repair",
      sentence: "Moved all of production to blue: it was split between colors.",
      change: { live: "blue", preview: "green", ledger: { ...promoted }, repair: true },
    });
    expect(decidePromote(router({}, { split: true, warnings: [] }), { ...settings, dryRun: true })).toMatchObject({
      kind: "repair",
      sentence: "Dry run: would move all of production to blue: it was split between colors.",
    });
    const rolledBack = router({ ...promoted, lastAction: "rollback" }, { split: true, warnings: [] });
    expect(decideRollback(rolledBack, settings)).toMatchObject({ kind: "repair" });
    // A refusal of rollback stays a refusal, split or not.
    expect(decideRollback(router({}, { split: true, warnings: [] }), settings)).toEqual({
      kind: "refuse",
      sentence: "Nothing to roll back to: the router has no record of a promote by bluegreen.",
    });
  });

  it("rollback: back to the previous color, once; never onto a replaced release", () => {
    const back = decideRollback(router(promoted), { ...settings, bakeSeconds: 60 });
    expect(back).toMatchObject({ kind: "switch", target: "green", version: "v1" });
    expect(back.kind === "switch" && back.change.ledger.bake).toEqual({ state: "running", until: "2026-06-01T12:01:00.000Z" });
    expect(decideRollback(router({ ...promoted, lastAction: "rollback" }), settings)).toEqual({
      kind: "noop",
      sentence: "Already rolled back to blue at 2026-06-01T10:00:00.000Z; nothing changed.",
    });
    expect(decideRollback(router({ ...promoted, previous: "blue" }), settings)).toEqual({
      kind: "noop",
      sentence: "blue is already live; nothing changed.",
    });
    expect(decideRollback(router({ ...promoted, pending: "green", versions: { blue: "v2", green: "v3" } }), settings)).toEqual({
      kind: "refuse",
      sentence:
        "Refusing to roll back to green: it no longer runs the release that was live before, a prepare replaced it with v3 (not promoted). Production stays on blue.",
    });
  });

  it("prepare: already live, already prepared and ready, production moved meanwhile", () => {
    const s = { ...settings, version: "v2", ref: "abcdef1" };
    expect(decidePrepare(router(promoted), s)).toEqual({
      kind: "noop",
      target: "green",
      sentence: "v2 is already live on blue; nothing to prepare.",
    });
    const again = decidePrepare(router({ ...promoted, versions: { blue: "v1", green: "v2" }, pending: "green" }, { preview: "green" }), s);
    expect(again).toMatchObject({ kind: "prepare", target: "green", alreadyThere: true });
    expect(preparedAgain("v2", "green", { ready: true, summary: "2/2 servers UP" })).toEqual({
      kind: "noop",
      sentence: "v2 is already prepared on green (2/2 servers UP); nothing changed.",
    });
    expect(preparedAgain("v2", "green", { ready: false, summary: "0/2 servers UP" })).toEqual({
      kind: "again",
      note: "v2 was prepared on green before, but it is not ready now (0/2 servers UP): preparing again.",
    });
    expect(preparedWrite(router(promoted), router(promoted, { live: "green" }), "green", s)).toEqual({
      kind: "fail",
      sentence: "Production moved from blue to green while green was being prepared; the preview entry was left as it was.",
    });
  });

  it("test: the preview color, with a warning when it is live", () => {
    expect(decideTest(router(promoted, { preview: "blue" }), settings)).toEqual({
      kind: "test",
      target: "blue",
      version: "v2",
      warning: "The preview entry goes to blue, which is live: this tests production, not an idle color.",
    });
    expect(decideTest(router(promoted), settings)).toEqual({ kind: "test", target: "green", version: "v1" });
  });

  it("promote's test check: every stale reason in one sentence", () => {
    const record = { color: "green" as const, version: "v1", fingerprint: "green[a]", at: "2026-06-01T09:00:00.000Z" };
    expect(testVerdict(record, "green", { version: "v3", fingerprint: "green[b]" }, settings)).toEqual({
      kind: "refuse",
      sentence:
        "Refusing to promote green: the test checked v1, not v3; green changed since the test (was green[a], now green[b]); the test is 10800 s old (max-test-age 3600 s). Run test mode again.",
    });
    expect(testVerdict(undefined, "green", { version: "v3", fingerprint: "x" }, { ...settings, requireTest: false })).toEqual({
      kind: "warn",
      sentence: "No passed test is recorded for green. Promoting anyway (require-test is false).",
    });
    expect(testVerdict(undefined, "green", { version: "v3", fingerprint: "x" }, settings)).toEqual({
      kind: "refuse",
      sentence: "Refusing to promote green: No passed test is recorded for green. Run test mode first.",
    });
  });

  it("a failed verification after promote: back with auto-rollback, else stay and say so", () => {
    const after = router({ ...promoted, live: "green", previous: "blue" }, { live: "green" });
    expect(afterFailedVerify(after, "green", "blue", "verify health: HTTP 503", settings)).toMatchObject({
      kind: "switch",
      target: "blue",
      what: "Verification after promoting green failed (verify health: HTTP 503), and the automatic rollback to blue",
      sentence: "Verification after promoting green failed (verify health: HTTP 503); traffic was returned to blue.",
    });
    expect(afterFailedVerify(after, "green", "blue", "verify health: HTTP 503", { ...settings, autoRollback: false })).toEqual({
      kind: "fail",
      sentence: "Production is on green but verification failed (verify health: HTTP 503); auto-rollback is off, so it stays there.",
    });
  });

  it("a hand switch: one check, with or without the run that last set it", () => {
    const drifted = router(promoted, { live: "green" });
    expect(handSwitch(drifted, true)).toBe(
      "The router sends production to green, but bluegreen last set blue (run run-6): someone switched by hand.",
    );
    expect(handSwitch(drifted, false)).toBe("The router sends production to green, but bluegreen last set blue: someone switched by hand.");
    expect(handSwitch(router(promoted), true)).toBeUndefined();
  });
});
