import { type Color, otherColor } from "../colors.js";
import type { PolicySettings, RouterFacts } from "./facts.js";

export interface TestDecision {
  kind: "test";
  /** The color behind the preview entry (the idle color where the router has no preview entry). */
  target: Color;
  /** The version to expect there ("" when none is known). */
  version: string;
  /** Said when the preview entry goes to the live color: the test then checks production. */
  warning?: string;
}

/** The color the preview entry serves: its own where the router has one, else the idle color. */
export function previewColor(facts: RouterFacts): Color {
  return facts.preview ?? otherColor(facts.live);
}

/** Test mode tests the preview color, and records a pass (testedRouting); it never moves production. */
export function decideTest(facts: RouterFacts, settings: Pick<PolicySettings, "version">): TestDecision {
  const target = previewColor(facts);
  const version = settings.version ?? facts.ledger.versions[target] ?? "";
  const warning =
    target === facts.live ? `The preview entry goes to ${target}, which is live: this tests production, not an idle color.` : undefined;
  return { kind: "test", target, version, ...(warning ? { warning } : {}) };
}
