import type { Readiness, RouterState } from "../backend.js";
import { COLORS, type Color } from "../colors.js";
import type { Ledger } from "../ledger.js";
import { decideRollback, handSwitch, type PolicySettings, previewColor } from "../policy/index.js";
import { timed } from "../report.js";
import type { ModeContext, ModeResult } from "./context.js";
import { policySettings } from "./policy.js";

/**
 * Read-only, any backend: which color is live and which is preview, the version on each, the
 * last action, what was tested, the bake, drift and split, readiness of both colors. It reads
 * the router and the workloads and never writes, so it needs no deploy permissions.
 */
export async function status(ctx: ModeContext): Promise<ModeResult> {
  const { router, workload, report } = ctx;
  const state = await timed(report, "read router", () => router.read());
  report.before = state;
  const readiness = {} as Record<Color, Readiness>;
  await timed(report, "readiness", async () => {
    for (const color of COLORS) {
      readiness[color] = await workload.readiness(color).catch((error: unknown) => ({
        ready: false,
        summary: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
      }));
    }
  });
  for (const color of COLORS) report.checks.push({ name: `${color} ready`, ok: readiness[color].ready, detail: readiness[color].summary });
  const drift = handSwitch(state, false);
  if (drift) report.warnings.push(drift);
  report.facts = statusFacts(state, readiness, policySettings(ctx));
  const preview = previewColor(state);
  const liveVersion = state.ledger.versions[state.live];
  const previewText = `${preview}${state.ledger.versions[preview] ? ` (${state.ledger.versions[preview]})` : ""}`;
  // A router that knows more than one color (a change configured, not yet applied) says where production is itself, once.
  report.outcome = state.traffic
    ? `${state.traffic} Preview on ${previewText}.`
    : `Production is on ${state.live}${liveVersion ? ` (${liveVersion})` : ""}; preview on ${previewText}.${state.split ? " Production is split between colors." : ""}`;
  return {
    active: state.live,
    previous: state.ledger.previous ?? "",
    target: preview,
    version: liveVersion ?? "",
    changed: false,
  };
}

/** The status table's rows, from one reading of the router: the same facts for every backend. */
export function statusFacts(state: RouterState, readiness: Record<Color, Readiness>, settings: PolicySettings): [string, string][] {
  const { ledger } = state;
  const preview = previewColor(state);
  const color = (c: Color) => `${c}${ledger.versions[c] ? ` (${ledger.versions[c]})` : " (version unknown)"}`;
  const rows: [string, string][] = [
    ["production", `${color(state.live)}${state.split ? " — split between colors" : ""}`],
    ["preview", state.preview === undefined ? `none (idle color: ${color(preview)})` : color(preview)],
    ["blue ready", `${readiness.blue.ready ? "yes" : "no"}: ${readiness.blue.summary}`],
    ["green ready", `${readiness.green.ready ? "yes" : "no"}: ${readiness.green.summary}`],
    ["last action", lastAction(ledger)],
    ["rollback target", rollbackRow(state, color, settings)],
    ["prepared", ledger.pending ? `${color(ledger.pending)}, not promoted yet` : "nothing pending"],
    [
      "tested",
      ledger.tested ? `${ledger.tested.version} on ${ledger.tested.color}, passed at ${ledger.tested.at}` : "no passed test recorded",
    ],
    ["bake", bakeState(ledger, settings.now)],
  ];
  const warnings = [...state.warnings];
  const drift = handSwitch(state, false);
  if (drift) warnings.push(drift);
  if (state.preview !== undefined && state.preview === state.live) {
    warnings.push(`The preview entry goes to ${state.live}, the live color: there is no idle color to test.`);
  }
  rows.push(["warnings", warnings.length > 0 ? warnings.join(" ") : "none"]);
  return rows;
}

/**
 * Where a rollback run now would send production, by rollback's own decision: the color, or
 * "none" with the sentence rollback would end with (nothing to do, or refused).
 */
function rollbackRow(state: RouterState, color: (c: Color) => string, settings: PolicySettings): string {
  const decision = decideRollback(state, settings);
  if (decision.kind === "switch") return color(decision.target);
  // With nothing to roll back to, a rollback still makes a split production whole (as promote does).
  if (decision.kind === "repair") return `none: production is split between colors; a rollback now would move all of it to ${state.live}.`;
  return `none: ${decision.sentence}`;
}

function lastAction(ledger: Ledger): string {
  if (!ledger.lastAction) return "none recorded";
  return `${ledger.lastAction} to ${ledger.live ?? "?"}${ledger.at ? ` at ${ledger.at}` : ""}${ledger.run ? ` (run ${ledger.run})` : ""}`;
}

/** An open window past its end was cut short: the run was cancelled or died during the bake. */
export function bakeState(ledger: Ledger, now: Date): string {
  const record = ledger.bake;
  const what = ledger.lastAction === "rollback" ? "rolled back" : "promoted";
  if (!record) return ledger.lastAction ? "no bake open" : "none";
  if (record.state === "cancelled")
    return `${what}, bake not completed (the step was cancelled during the window, due to end at ${record.until})`;
  if (record.state === "failed") return `${what}, bake FAILED (production was left there: auto-rollback off, or a rollback)`;
  const until = Date.parse(record.until);
  if (Number.isFinite(until) && now.getTime() < until) return `${what}, bake in progress until ${record.until}`;
  return `${what}, bake not completed (the window was due to end at ${record.until}; the run stopped before it did)`;
}
