import type { Check } from "../report.js";
import type { AnalysisCheck } from "./parse.js";
import { passes, renderQuery } from "./parse.js";
import { instantQuery, type PrometheusTarget } from "./prometheus.js";

export interface AnalysisSettings {
  prometheus: PrometheusTarget;
  checks: AnalysisCheck[];
  /** analysis-allow-empty: a query with no data passes instead of failing. */
  allowEmpty: boolean;
}

/**
 * Runs every check against one color (queries in parallel: each is one round trip). A check
 * fails when its value misses the threshold, is NaN, when the query has no data (unless
 * allowEmpty), or when Prometheus cannot answer: an analysis that could not look is not a pass.
 */
export async function runAnalysis(settings: AnalysisSettings, subject: { color: string; version: string }): Promise<Check[]> {
  return Promise.all(
    settings.checks.map(async (check): Promise<Check> => {
      const query = renderQuery(check.query, subject);
      const name = `analysis ${check.name}`;
      const wanted = `${check.op} ${check.threshold}`;
      const result = await instantQuery(settings.prometheus, query);
      if (result.kind === "error") return { name, ok: false, detail: `${result.message}; query: ${query}` };
      if (result.kind === "empty") {
        const ok = settings.allowEmpty;
        return {
          name,
          ok,
          detail: `no data${ok ? " (allowed by analysis-allow-empty)" : " (set analysis-allow-empty: true to accept that)"}, wanted ${wanted}; query: ${query}`,
        };
      }
      const ok = passes(result.value, check.op, check.threshold);
      const why = Number.isNaN(result.value) ? " (NaN: no traffic to divide?)" : "";
      return { name, ok, detail: `${formatValue(result.value)}${why}, wanted ${wanted}; query: ${query}` };
    }),
  );
}

/** Short, stable numbers for the summary: 4 significant digits, and Prometheus's spelling of the specials. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(Number(value.toPrecision(4)));
}
