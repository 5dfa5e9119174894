import { COLORS, type Color, otherColor } from "../colors.js";
import type { TestRecord } from "../ledger.js";
import type { Fail, Noop, PolicySettings, Refuse, Repair, RouterFacts, Routing, Switch } from "./facts.js";
import { repairedRouting, switchedRouting, withBakeRecord } from "./ledger-transitions.js";
import { repairSentence } from "./split.js";

/** Which color a promote would send production to, or why it has nothing to do, or why it refuses. */
export function promoteTarget(facts: RouterFacts, version: string | undefined): { kind: "target"; target: Color } | Noop | Refuse {
  const { ledger, live } = facts;
  const idle = otherColor(live);
  const to = (target: Color) => ({ kind: "target" as const, target });
  if (version) {
    if (ledger.versions[idle] === version && ledger.pending === idle) return to(idle);
    if (ledger.versions[live] === version) return { kind: "noop", sentence: `${version} is already live on ${live}; nothing changed.` };
    if (ledger.versions[idle] === version) return to(idle);
    const known = COLORS.map((c) => `${c}: ${ledger.versions[c] ?? "unknown"}`).join(", ");
    // Often a pipeline's approved release that another pipeline's prepare replaced: say so plainly.
    const holds = ledger.versions[idle] ? `now holds ${ledger.versions[idle]}` : "holds no recorded version";
    return {
      kind: "refuse",
      sentence: `Version ${version} is not prepared on either color (${known}): the idle color ${idle} ${holds}, so a later prepare replaced ${version} there, or it was never prepared. Production stays on ${live}; run prepare for ${version} again to promote it.`,
    };
  }
  if (ledger.pending === idle) return to(idle);
  // Nothing pending. Only a retry of a promote that already happened may succeed doing nothing: a
  // pipeline whose prepare failed, or that never prepared, must not stay green.
  if (ledger.prepareFailed) {
    return {
      kind: "refuse",
      sentence: `Nothing to promote: the last prepare of ${ledger.prepareFailed} failed, so nothing is prepared; production stays on ${live}. Run prepare again.`,
    };
  }
  if (ledger.lastAction === "promote" && ledger.live === live) {
    return {
      kind: "noop",
      sentence: `${live} was promoted already${ledger.at ? ` (${ledger.at})` : ""} and nothing was prepared since; nothing changed.`,
    };
  }
  const history = ledger.lastAction ? `since the last ${ledger.lastAction}` : "(bluegreen has never switched this router)";
  return {
    kind: "refuse",
    sentence: `Nothing to promote: nothing was prepared ${history}; production stays on ${live}. Run prepare first${promotableAsItIs(facts)}.`,
  };
}

/**
 * After a rollback the idle color often still holds the release that was rolled back from: promote
 * with its version takes it back at once, without a prepare. Said only when this very policy would
 * switch to it (the same promoteTarget, asked with that version).
 */
function promotableAsItIs(facts: RouterFacts): string {
  const idle = otherColor(facts.live);
  const version = facts.ledger.versions[idle];
  if (!version || promoteTarget(facts, version).kind !== "target") return "";
  return `, or set version to ${version} (--version ${version}) to promote the ${version} that ${idle} holds, at once`;
}

export type PromoteDecision = Switch | Noop | Refuse | Repair;

/**
 * The promote decision. On a production split between colors (an interrupted switch) a promote
 * with nothing else to do repairs the split rather than refusing: that repair is what the re-run is
 * for. A switch records the bake window it opens in the same write.
 */
export function decidePromote(facts: RouterFacts, settings: PolicySettings): PromoteDecision {
  const decision = promoteTarget(facts, settings.version);
  if (decision.kind !== "target") {
    if (facts.split) return { kind: "repair", sentence: repairSentence(facts, settings), change: repairedRouting(facts) };
    return decision;
  }
  const { target } = decision;
  return {
    kind: "switch",
    target,
    version: settings.version ?? facts.ledger.versions[target] ?? "",
    change: withBakeRecord(switchedRouting(facts, target, "promote", settings), settings),
  };
}

/** The switch promote would make to `target`, without a bake record: what test mode shows an approver. */
export function promoteRouting(facts: RouterFacts, target: Color, settings: Pick<PolicySettings, "now" | "run">): Routing {
  return switchedRouting(facts, target, "promote", settings);
}

/** A switch's target must be ready to take production. */
export function refuseUnready(action: "promote" | "rollback", target: Color, summary: string, live: Color): Refuse {
  const what = action === "promote" ? "promote" : "roll back to";
  return { kind: "refuse", sentence: `Refusing to ${what} ${target}: it is not ready (${summary}). Production stays on ${live}.` };
}

/** The passed test promote must check for `target`; undefined when none is recorded for it. */
export function recordedTest(facts: RouterFacts, target: Color): TestRecord | undefined {
  const tested = facts.ledger.tested;
  return tested && tested.color === target ? tested : undefined;
}

export type TestVerdict = Refuse | { kind: "warn"; sentence: string } | { kind: "pass"; detail: string };

/**
 * Promote only what was tested: same color, version and workload (its fingerprint now), and not too
 * long ago. Without a recorded test, require-test refuses, otherwise the promote goes on with a warning.
 */
export function testVerdict(
  record: TestRecord | undefined,
  target: Color,
  now: { version: string; fingerprint: string },
  settings: Pick<PolicySettings, "requireTest" | "maxTestAgeSeconds" | "now">,
): TestVerdict {
  if (!record || record.color !== target) {
    const message = `No passed test is recorded for ${target}.`;
    if (settings.requireTest) return { kind: "refuse", sentence: `Refusing to promote ${target}: ${message} Run test mode first.` };
    return { kind: "warn", sentence: `${message} Promoting anyway (require-test is false).` };
  }
  const reasons: string[] = [];
  if (now.version && record.version !== now.version) reasons.push(`the test checked ${record.version}, not ${now.version}`);
  if (record.fingerprint !== now.fingerprint)
    reasons.push(`${target} changed since the test (was ${record.fingerprint}, now ${now.fingerprint})`);
  const ageSeconds = (settings.now.getTime() - Date.parse(record.at)) / 1000;
  if (settings.maxTestAgeSeconds > 0 && !(ageSeconds <= settings.maxTestAgeSeconds)) {
    reasons.push(`the test is ${Math.round(ageSeconds)} s old (max-test-age ${settings.maxTestAgeSeconds} s)`);
  }
  if (reasons.length > 0) return { kind: "refuse", sentence: `Refusing to promote ${target}: ${reasons.join("; ")}. Run test mode again.` };
  return { kind: "pass", detail: `${record.version} on ${target} passed at ${record.at}` };
}

export type FailedVerifyDecision = Fail | (Switch & { what: string; sentence: string });

/**
 * Verification failed right after promote switched to `target`: with auto-rollback, production goes
 * back to `from` in one switch; without it, it stays and the step fails saying so.
 */
export function afterFailedVerify(
  after: RouterFacts,
  target: Color,
  from: Color,
  why: string,
  settings: PolicySettings,
): FailedVerifyDecision {
  if (!settings.autoRollback) {
    return {
      kind: "fail",
      sentence: `Production is on ${target} but verification failed (${why}); auto-rollback is off, so it stays there.`,
    };
  }
  return {
    kind: "switch",
    target: from,
    version: after.ledger.versions[from] ?? "",
    change: switchedRouting(after, from, "rollback", settings),
    what: `Verification after promoting ${target} failed (${why}), and the automatic rollback to ${from}`,
    sentence: `Verification after promoting ${target} failed (${why}); traffic was returned to ${from}.`,
  };
}
