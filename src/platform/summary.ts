import * as core from "@actions/core";
import type { RouterState } from "../backend.js";
import type { Report } from "../report.js";
import { log } from "./log.js";
import { redact } from "./secrets.js";

/** The job summary: before/after, plan, checks, timings. Written on GitHub; printed as text elsewhere. */
export async function writeSummary(report: Report, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(redact(renderMarkdown(report)), true).write();
  }
  log.info(renderText(report));
}

export function renderMarkdown(report: Report): string {
  const status = report.failure ? "❌ failed" : report.dryRun ? "📝 dry run" : report.changed ? "✅ changed" : "✅ no change";
  const lines = [
    `## bluegreen ${report.mode} (${report.backend}) ${status}`,
    "",
    escapeCell(report.failure ?? report.outcome),
    "",
    "| | before | after |",
    "|---|---|---|",
    `| production | ${cell(report.before?.live)} | ${cell(report.after?.live ?? report.before?.live)} |`,
    `| preview | ${cell(report.before?.preview)} | ${cell(report.after?.preview ?? report.before?.preview)} |`,
    `| blue version | ${cell(report.before?.ledger.versions.blue)} | ${cell((report.after ?? report.before)?.ledger.versions.blue)} |`,
    `| green version | ${cell(report.before?.ledger.versions.green)} | ${cell((report.after ?? report.before)?.ledger.versions.green)} |`,
    `| previous | ${cell(report.before?.ledger.previous)} | ${cell((report.after ?? report.before)?.ledger.previous)} |`,
  ];
  for (const [key, value] of Object.entries(report.before?.details ?? {})) {
    lines.push(`| ${escapeCell(key)} | ${cell(value)} | ${cell(report.after?.details[key] ?? value)} |`);
  }
  if (report.plan.length > 0) {
    lines.push("", report.dryRun ? "### Plan (not applied)" : "### Plan", "", ...report.plan.map((step) => `- ${escapeCell(step)}`));
  }
  if (report.checks.length > 0) {
    lines.push("", "### Checks", "", "| check | result | detail |", "|---|---|---|");
    for (const check of report.checks)
      lines.push(`| ${escapeCell(check.name)} | ${check.ok ? "✅" : "❌"} | ${escapeCell(check.detail)} |`);
  }
  const warnings = [...(report.before?.warnings ?? []), ...report.warnings];
  if (warnings.length > 0) lines.push("", "### Warnings", "", ...warnings.map((w) => `- ⚠️ ${escapeCell(w)}`));
  if (report.timings.length > 0) {
    lines.push("", "### Timings", "", "| step | ms |", "|---|---|");
    for (const timing of report.timings) lines.push(`| ${escapeCell(timing.step)} | ${timing.ms} |`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderText(report: Report): string {
  const state = (s: RouterState | undefined) =>
    s
      ? `production=${s.live} preview=${s.preview ?? "-"} blue=${s.ledger.versions.blue ?? "?"} green=${s.ledger.versions.green ?? "?"}`
      : "-";
  const lines = [`bluegreen ${report.mode} (${report.backend})${report.dryRun ? " [dry run]" : ""}: ${report.failure ?? report.outcome}`];
  lines.push(`  before: ${state(report.before)}`);
  if (report.after) lines.push(`  after:  ${state(report.after)}`);
  for (const step of report.plan) lines.push(`  plan:   ${step}`);
  for (const check of report.checks) lines.push(`  check:  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  for (const warning of [...(report.before?.warnings ?? []), ...report.warnings]) lines.push(`  warn:   ${warning}`);
  if (report.timings.length > 0) lines.push(`  timings: ${report.timings.map((t) => `${t.step} ${t.ms} ms`).join(", ")}`);
  return lines.join("\n");
}

function cell(value: string | undefined): string {
  return value ? escapeCell(value) : "-";
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
