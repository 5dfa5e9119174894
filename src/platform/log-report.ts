import type { RouterState } from "../backend.js";
import { shownLine } from "../plan-lines.js";
import type { Check, Report } from "../report.js";
import { style } from "./style.js";

/**
 * The closing lines of a step in the log, most important first and everything once: the result
 * sentence (a failure's, once: off GitHub the step's failure adds no second line), the plan in
 * plain words, each check with ✓ or ✗, the timings. Verbose adds
 * the states before and after, the plan's details (locks, API calls) and every round of a bake.
 * `said` are the warnings already printed during the run (log.warn), not printed twice.
 */
export function renderLog(report: Report, verbose: boolean, said: readonly string[] = []): string {
  const title = `bluegreen ${report.mode} (${report.backend})${report.dryRun ? " [dry run]" : ""}`;
  const lines = [report.failure ? style.bad(`✗ ${title}: ${report.failure}`) : style.bold(`${title}: ${report.outcome}`)];
  if (verbose) {
    lines.push(`  before: ${state(report.before)}`);
    if (report.after) lines.push(`  after:  ${state(report.after)}`);
  }
  // status: its table, one fact a row, flush left (scripts match `^production  `).
  for (const [label, value] of report.facts ?? []) lines.push(`${label.padEnd(18)} ${value}`);
  for (const step of report.plan) {
    const shown = shownLine(step, verbose);
    if (shown !== undefined) lines.push(`  plan:   ${shown}`);
  }
  // status shows readiness as rows of its table already.
  const inTable = new Set((report.facts ?? []).map(([label]) => label));
  for (const check of report.checks) if (!inTable.has(check.name)) lines.push(`  ${mark(check)} ${check.name}: ${check.detail}`);
  for (const round of report.bake?.rounds ?? []) {
    for (const check of round.checks) {
      // The bake's result is one check above; its rounds are verbose, but a failed one is the reason.
      if (verbose || !check.ok) lines.push(`  bake ${round.second} s: ${mark(check)} ${check.name}: ${check.detail}`);
    }
  }
  for (const warning of [...(report.before?.warnings ?? []), ...report.warnings]) {
    if (!said.includes(warning)) lines.push(`  warning: ${warning}`);
  }
  if (report.timings.length > 0) lines.push(`  timings: ${report.timings.map((t) => `${t.step} ${t.ms} ms`).join(", ")}`);
  return lines.join("\n");
}

function mark(check: Check): string {
  return check.ok ? style.ok("✓") : style.bad("✗");
}

function state(s: RouterState | undefined): string {
  return s
    ? `production=${s.live} preview=${s.preview ?? "-"} blue=${s.ledger.versions.blue ?? "?"} green=${s.ledger.versions.green ?? "?"}`
    : "-";
}
