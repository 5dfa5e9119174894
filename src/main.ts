import * as core from "@actions/core";
import type { Backend } from "./backend.js";
import { createBackend } from "./backends/registry.js";
import { BluegreenError } from "./errors.js";
import { type Config, type InputReader, parseConfig } from "./inputs.js";
import type { ModeContext, ModeResult } from "./modes/context.js";
import { prepare } from "./modes/prepare.js";
import { promote } from "./modes/promote.js";
import { rollback } from "./modes/rollback.js";
import { test } from "./modes/test.js";
import { runIdentity } from "./platform/detect.js";
import { log } from "./platform/log.js";
import { writeOutputs } from "./platform/outputs.js";
import { redact } from "./platform/secrets.js";
import { writeSummary } from "./platform/summary.js";
import { newReport, type Report } from "./report.js";

const MODE_RUNNERS = { prepare, test, promote, rollback } as const;

/** Reads the action's inputs the way the runner passes them (INPUT_<NAME>, hyphens kept). */
export const actionInputs: InputReader = (name) => core.getInput(name);

/**
 * One run: read inputs -> pick backend -> run mode -> outputs + summary.
 * Returns the process exit code; failures become one clear sentence through core.setFailed.
 */
export async function run(read: InputReader = actionInputs): Promise<number> {
  let report: Report = newReport(read("mode") || "?", read("backend") || "?", false);
  let backend: Backend | undefined;
  let config: Config | undefined;
  try {
    config = parseConfig(read);
    report = newReport(config.mode, config.backend, config.dryRun);
    backend = await createBackend(read, config);
    const ctx: ModeContext = { config, backend, report, run: runIdentity(), now: () => new Date() };
    const result = await MODE_RUNNERS[config.mode](ctx);
    report.changed = result.changed;
    publish(result, report);
    await writeSummary(report);
    return 0;
  } catch (error) {
    report.failure = sentence(error);
    const after = report.after ?? report.before;
    if (after) {
      publish(
        {
          active: after.live,
          previous: after.ledger.previous ?? "",
          target: report.target ?? "",
          version: config?.version ?? "",
          changed: report.changed,
        },
        report,
      );
    }
    await writeSummary(report).catch(() => undefined);
    core.setFailed(redact(report.failure));
    if (!(error instanceof BluegreenError) && error instanceof Error && error.stack) log.debug(error.stack);
    return 1;
  } finally {
    await backend?.close?.().catch(() => undefined);
  }
}

function publish(result: ModeResult, report: Report): void {
  writeOutputs({
    "active-color": result.active,
    "previous-color": result.previous,
    "target-color": result.target,
    version: result.version,
    changed: String(result.changed),
    plan: report.plan.join("\n"),
  });
}

function sentence(error: unknown): string {
  if (error instanceof BluegreenError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
