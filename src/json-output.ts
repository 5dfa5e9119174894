import pkg from "../package.json" with { type: "json" };
import type { RouterState } from "./backend.js";
import { isDetail } from "./plan-lines.js";
import type { StepOutputs } from "./platform/outputs.js";
import { redact } from "./platform/secrets.js";
import type { Report } from "./report.js";

/**
 * `--output json`: the run as one JSON document on stdout, for scripts. Its shape is documented
 * in docs/output.schema.json (test/output-json.test.ts validates real runs against it). Every
 * string is redacted, as every log line is.
 */
export function jsonDocument(report: Report, outputs: StepOutputs | undefined): unknown {
  const document = {
    schemaVersion: 1,
    bluegreen: pkg.version,
    mode: report.mode,
    backend: report.backend,
    dryRun: report.dryRun,
    result: report.failure ? "failed" : "succeeded",
    outcome: report.failure ?? report.outcome,
    failure: report.failure ?? null,
    changed: report.changed,
    target: report.target ?? null,
    before: state(report.before),
    after: state(report.after),
    // Each line of the plan; detail: true for the internals the default log leaves out.
    plan: report.plan.map((text) => ({ text, detail: isDetail(text) })),
    checks: report.checks.map(({ name, ok, detail }) => ({ name, ok, detail })),
    bake: report.bake
      ? {
          color: report.bake.color,
          seconds: report.bake.seconds,
          interval: report.bake.interval,
          end: report.bake.end ?? null,
          rounds: report.bake.rounds.map((round) => ({ second: round.second, checks: round.checks })),
        }
      : null,
    facts: (report.facts ?? []).map(([label, value]) => ({ label, value })),
    timings: report.timings.map(({ step, ms }) => ({ step, ms })),
    warnings: [...new Set([...(report.before?.warnings ?? []), ...report.warnings])],
    outputs: outputs ?? null,
  };
  return redactAll(document);
}

function state(s: RouterState | undefined) {
  if (!s) return null;
  return {
    production: s.live,
    preview: s.preview ?? null,
    versions: { blue: s.ledger.versions.blue ?? null, green: s.ledger.versions.green ?? null },
    previous: s.ledger.previous ?? null,
    split: s.split === true,
    details: s.details,
    warnings: s.warnings,
  };
}

function redactAll(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map(redactAll);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]));
  return value;
}
