import { appendFile } from "node:fs/promises";
import type { RouterState } from "../backend.js";
import { PROMOTE_WOULD, type Report } from "../report.js";
import { detectPlatform } from "./detect.js";
import { platformIo } from "./io.js";
import { log, warnings } from "./log.js";
import { renderLog } from "./log-report.js";
import { mermaidSections } from "./mermaid.js";
import { redact } from "./secrets.js";
import { isVerbose } from "./verbosity.js";

/**
 * The job summary: before/after, plan, checks, timings. Written on GitHub; printed as text elsewhere,
 * and on GitLab (which has no job summary) also written as a Markdown file for `artifacts:expose_as`.
 */
export async function writeSummary(report: Report, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // The log first: it is the one record that cannot fail to be written, even when the summary file can.
  log.info(renderLog(report, isVerbose(), warnings()));
  await writeReportFile(report, env);
  if (env.GITHUB_STEP_SUMMARY) {
    await platformIo().appendSummary(redact(renderMarkdown(report)));
  }
}

/**
 * GitLab (or anywhere BLUEGREEN_REPORT names a file): the Markdown report appended to
 * BLUEGREEN_REPORT, default bluegreen-report.md. Appended, as a job may run bluegreen twice (the
 * component's promote job tests, then promotes). Not writing it is a warning: the step's result
 * stands either way.
 */
export async function writeReportFile(report: Report, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (detectPlatform(env) !== "gitlab" && !env.BLUEGREEN_REPORT) return;
  const file = env.BLUEGREEN_REPORT || "bluegreen-report.md";
  try {
    await appendFile(file, `${redact(renderMarkdown(report))}\n`);
  } catch (error) {
    log.warn(
      `The report could not be written to ${file} (${error instanceof Error ? error.message : String(error)}); the step's result stands.`,
    );
  }
}

export function renderMarkdown(report: Report): string {
  const status = report.failure ? "❌ failed" : report.dryRun ? "📝 dry run" : report.changed ? "✅ changed" : "✅ no change";
  const after = report.after ?? report.before;
  // In a dry run nothing is applied, so the "after" column says so instead of implying a change.
  const afterLabel = report.after ? "after" : report.dryRun ? "after (dry run: nothing applied)" : "after (unchanged)";
  const lines = [`## bluegreen ${report.mode} (${report.backend}) ${status}`, "", escapeCell(report.failure ?? report.outcome)];
  if (report.facts) lines.push(...factsTable(report.facts), ...mermaidSections(report));
  else lines.push(...routingTable(report, after, afterLabel), ...mermaidSections(report));
  const promoteWould = report.plan.filter((step) => step.startsWith(PROMOTE_WOULD));
  const plan = report.plan.filter((step) => !step.startsWith(PROMOTE_WOULD));
  if (promoteWould.length > 0) {
    // The approver of the promote job reads this: the exact router changes, one per line.
    // A fenced block keeps each router change on its own aligned line.
    lines.push("", "### Promote would switch", "", "Exactly these changes, if promote runs on the router as it is now:", "", "```text");
    for (const line of promoteWould) {
      const steps = line.slice(PROMOTE_WOULD.length).split("; ");
      steps.forEach((step, i) => {
        const text = step.replace(/`{3,}/g, "'").replace(/\r?\n/g, " ");
        lines.push(`${i === 0 ? PROMOTE_WOULD : " ".repeat(PROMOTE_WOULD.length)}${text}`);
      });
    }
    lines.push("```");
  }
  if (plan.length > 0) {
    lines.push("", report.dryRun ? "### Plan (dry run: not applied)" : "### Plan", "", ...plan.map((step) => `- ${code(step)}`));
  }
  if (report.checks.length > 0) {
    lines.push("", "### Checks", "", "| check | result | detail |", "|---|---|---|");
    for (const check of report.checks)
      lines.push(`| ${escapeCell(check.name)} | ${check.ok ? "✅" : "❌"} | ${escapeCell(check.detail)} |`);
  }
  lines.push(...bakeTable(report));
  const warnings = [...(report.before?.warnings ?? []), ...report.warnings];
  if (warnings.length > 0) lines.push("", "### Warnings", "", ...warnings.map((w) => `- ⚠️ ${escapeCell(w)}`));
  if (report.timings.length > 0) {
    lines.push("", "### Timings", "", "| step | ms |", "|---|---|");
    for (const timing of report.timings) lines.push(`| ${escapeCell(timing.step)} | ${timing.ms} |`);
    lines.push(`| **total** | **${report.timings.reduce((sum, t) => sum + t.ms, 0)}** |`);
  }
  return `${lines.join("\n")}\n`;
}

/** The before/after table every mode but status shows. */
function routingTable(report: Report, after: RouterState | undefined, afterLabel: string): string[] {
  const lines = [
    "",
    `| | before | ${afterLabel} |`,
    "|---|---|---|",
    `| production | ${cell(report.before?.live)} | ${cell(after?.live)} |`,
    `| preview | ${cell(report.before?.preview)} | ${cell(after?.preview)} |`,
    `| blue version | ${cell(report.before?.ledger.versions.blue)} | ${cell(after?.ledger.versions.blue)} |`,
    `| green version | ${cell(report.before?.ledger.versions.green)} | ${cell(after?.ledger.versions.green)} |`,
    `| previous | ${cell(report.before?.ledger.previous)} | ${cell(after?.ledger.previous)} |`,
  ];
  if (report.target) lines.push(`| target of this ${escapeCell(report.mode)} | ${cell(report.target)} | |`);
  for (const [key, value] of Object.entries(report.before?.details ?? {})) {
    lines.push(`| ${escapeCell(key)} | ${cell(value)} | ${cell(report.after?.details[key] ?? value)} |`);
  }
  return lines;
}

/** status mode: what it read, one fact per row. */
function factsTable(facts: [string, string][]): string[] {
  return ["", "| | now |", "|---|---|", ...facts.map(([label, value]) => `| ${escapeCell(label)} | ${cell(value)} |`)];
}

/** A bake window's rounds, one row per check time. */
function bakeTable(report: Report): string[] {
  const bake = report.bake;
  if (!bake || bake.rounds.length === 0) return [];
  const lines = [
    "",
    `### Bake of ${bake.color} (${bake.seconds} s, a check every ${bake.interval} s)${bake.end ? `: ${escapeCell(bake.end)}` : ""}`,
    "",
    "| second | check | result | value and threshold |",
    "|---|---|---|---|",
  ];
  for (const round of bake.rounds) {
    for (const check of round.checks) {
      lines.push(`| ${round.second} | ${escapeCell(check.name)} | ${check.ok ? "✅" : "❌"} | ${escapeCell(check.detail)} |`);
    }
  }
  return lines;
}

/** The whole report as text, internals included (the log shows renderLog's shorter form). */
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
  for (const round of report.bake?.rounds ?? []) {
    for (const check of round.checks)
      lines.push(`  bake:   ${round.second} s ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
  }
  for (const warning of [...(report.before?.warnings ?? []), ...report.warnings]) lines.push(`  warn:   ${warning}`);
  if (report.timings.length > 0) lines.push(`  timings: ${report.timings.map((t) => `${t.step} ${t.ms} ms`).join(", ")}`);
  return lines.join("\n");
}

function cell(value: string | undefined): string {
  return value ? escapeCell(value) : "-";
}

/** A plan step as inline code (router commands read best that way), unless it holds a backtick. */
function code(text: string): string {
  const line = text.replace(/\r?\n/g, " ");
  return line.includes("`") ? escapeCell(line) : `\`${line}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
