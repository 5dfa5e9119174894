import type { RouterState } from "../backend.js";
import { COLORS } from "../colors.js";
import type { BakeLog, Report } from "../report.js";

/**
 * Pictures for the approver, as Mermaid (GitHub renders it in job summaries): where production
 * and preview point, before and after, and a bake window's checks as a timeline. Text only; every
 * label is cleaned, so nothing a router or a user wrote can break out of the diagram.
 */

/** Modes whose summary shows the routing picture. */
const PICTURED_MODES = new Set(["test", "promote", "status"]);

/** The Markdown lines of the routing diagram (and the bake timeline), or none for other modes. */
export function mermaidSections(report: Report): string[] {
  const lines: string[] = [];
  if (PICTURED_MODES.has(report.mode) && report.before) {
    lines.push("", "### Routing", "", "```mermaid", ...routingDiagram(report), "```");
  }
  if (report.bake && report.bake.rounds.length > 0) {
    lines.push("", "### Bake timeline", "", "```mermaid", ...bakeTimeline(report.bake), "```");
  }
  return lines;
}

/** flowchart: one subgraph per moment (before/after, or "now" for status and unchanged runs). */
export function routingDiagram(report: Report): string[] {
  const before = report.before as RouterState;
  const moments: [string, string, RouterState][] = [];
  if (report.mode === "status" || !report.after) moments.push(["now", report.mode === "status" ? "now" : "router (unchanged)", before]);
  else moments.push(["before", "before", before], ["after", "after", report.after]);
  const lines = ["flowchart LR"];
  for (const [id, title, state] of moments) {
    lines.push(`  subgraph ${id}["${label(title)}"]`, "    direction LR");
    lines.push(`    ${id}_production(["production"])`);
    lines.push(`    ${id}_preview(["preview"])`);
    for (const color of COLORS) {
      const version = state.ledger.versions[color];
      lines.push(`    ${id}_${color}["${color}${version ? `<br/>${label(version)}` : ""}"]`);
    }
    lines.push(`    ${id}_production ==> ${id}_${state.live}`);
    if (state.preview) lines.push(`    ${id}_preview -.-> ${id}_${state.preview}`);
    lines.push("  end");
  }
  lines.push("  classDef blue fill:#dbeafe,stroke:#1d4ed8", "  classDef green fill:#dcfce7,stroke:#15803d");
  for (const [id] of moments) lines.push(`  class ${id}_blue blue`, `  class ${id}_green green`);
  return lines;
}

/** Most windows fit; a long one keeps its first, last and every failed round. */
const MAX_ROUNDS = 24;

/** timeline: one period per check time, its checks as events (✅/❌ and the value seen). */
export function bakeTimeline(bake: BakeLog): string[] {
  const lines = ["timeline", `  title ${label(`Bake of ${bake.color}: ${bake.seconds} s, a check every ${bake.interval} s`)}`];
  let rounds = bake.rounds;
  if (rounds.length > MAX_ROUNDS) {
    const keep = new Set([rounds[0], rounds.at(-1), ...rounds.filter((round) => round.checks.some((check) => !check.ok))]);
    rounds = rounds.filter((round) => keep.has(round));
  }
  lines.push("  0 s : switch");
  for (const round of rounds) {
    const events = round.checks.map((check) => `${check.ok ? "✅" : "❌"} ${label(shortCheck(check.name, check.detail))}`);
    lines.push(`  ${round.second} s : ${events.length > 0 ? events.join(" : ") : "no checks configured"}`);
  }
  if (bake.end) lines.push(`  end : ${label(bake.end)}`);
  return lines;
}

/** "analysis error-rate" and the value it saw ("0.0031, wanted < 0.01; query: ..." -> "0.0031"). */
function shortCheck(name: string, detail: string): string {
  const value = detail.split(/[,;]/)[0] ?? "";
  return `${name} ${value}`.slice(0, 60);
}

/** Mermaid labels: no quotes, brackets, colons, semicolons or newlines (they are syntax there). */
function label(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/["`]/g, "'")
    .replace(/[[\]{}()<>:;#|]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
