import { InputError } from "../errors.js";
import { printable } from "../input-text.js";

export type Comparison = "<" | "<=" | ">" | ">=";

/** One `analysis` line: `NAME: PROMQL <op> NUMBER`. */
export interface AnalysisCheck {
  name: string;
  /** PromQL, possibly holding {{color}} and {{version}}. */
  query: string;
  op: Comparison;
  threshold: number;
}

/** The operator and number are the line's last tokens: PromQL's own `>`/`<` filters stay in the query. */
const LINE = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,62})\s*:\s*(.+?)\s+(<=|>=|<|>)\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const ALLOWED_PLACEHOLDERS = new Set(["color", "version"]);
const FORMAT =
  'allowed: one check per line, "NAME: PROMQL <op> NUMBER" with <op> one of <, <=, >, >= (e.g. "error-rate: sum(rate(http_requests_total{code=~\\"5..\\"}[1m])) < 0.01")';

/** Parses the `analysis` input (blank lines and lines starting with # are skipped). */
export function parseAnalysis(text: string): AnalysisCheck[] {
  const checks: AnalysisCheck[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = LINE.exec(line);
    if (!match) throw new InputError("analysis", `"${printable(line)}" is not a check; ${FORMAT}.`);
    const [, name, query, op, number] = match as unknown as [string, string, string, Comparison, string];
    if (checks.some((check) => check.name === name)) {
      throw new InputError("analysis", `the name "${name}" is used twice; allowed: one name per check.`);
    }
    for (const placeholder of query.matchAll(PLACEHOLDER)) {
      if (!ALLOWED_PLACEHOLDERS.has(placeholder[1] as string)) {
        throw new InputError(
          "analysis",
          `check "${name}" uses {{${printable(placeholder[1] as string)}}}; allowed placeholders: {{color}}, {{version}}.`,
        );
      }
    }
    checks.push({ name, query, op, threshold: Number(number) });
  }
  return checks;
}

/** The query for one color: placeholders replaced (version is an image tag, so it cannot break out of a PromQL string). */
export function renderQuery(query: string, values: { color: string; version: string }): string {
  return query.replace(PLACEHOLDER, (_, key: string) => (key === "color" ? values.color : values.version));
}

export function passes(value: number, op: Comparison, threshold: number): boolean {
  // NaN compares false with everything: a NaN (0/0, no traffic) never passes.
  switch (op) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}
