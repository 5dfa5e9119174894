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
import { type DeploymentRecord, startDeployment } from "./platform/deployments.js";
import { runIdentity } from "./platform/detect.js";
import { fail, log } from "./platform/log.js";
import { type StepOutputs, writeOutputs } from "./platform/outputs.js";
import { writeSummary } from "./platform/summary.js";
import { newReport, type Report } from "./report.js";

const MODE_RUNNERS = { prepare, test, promote, rollback } as const;

/** Reads the action's inputs the way the runner passes them (INPUT_<NAME>, hyphens kept). */
export const actionInputs: InputReader = (name) => core.getInput(name);

export interface RunOptions {
  /** Receives the step outputs as they are published (the CLI prints them). */
  onOutputs?: (outputs: StepOutputs) => void;
}

/**
 * One run: read inputs -> pick backend -> run mode -> outputs + summary.
 * Returns the process exit code; failures become one clear sentence through core.setFailed.
 */
export async function run(read: InputReader = actionInputs, options: RunOptions = {}): Promise<number> {
  let report: Report = newReport(read("mode") || "?", read("backend") || "?", false);
  let backend: Backend | undefined;
  let config: Config | undefined;
  let deployment: DeploymentRecord | undefined;
  try {
    config = parseConfig(read);
    report = newReport(config.mode, config.backend, config.dryRun);
    backend = await createBackend(read, config);
    const ctx: ModeContext = { config, backend, report, run: runIdentity(), now: () => new Date() };
    // GitHub Deployments (promote, rollback with github-token): bookkeeping that never fails the step.
    deployment = await startDeployment(ctx);
    const result = await MODE_RUNNERS[config.mode](ctx);
    report.changed = result.changed;
    await deployment?.finish(report);
    publish(result, report, options, backend);
    await writeSummary(report);
    return 0;
  } catch (error) {
    report.failure = sentence(error);
    await deployment?.finish(report);
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
        options,
        backend,
      );
    }
    await writeSummary(report).catch(() => undefined);
    fail(report.failure);
    if (!(error instanceof BluegreenError) && error instanceof Error && error.stack) log.debug(error.stack);
    return 1;
  } finally {
    await backend?.close?.().catch(() => undefined);
  }
}

function publish(result: ModeResult, report: Report, options: RunOptions, backend: Backend | undefined): void {
  const outputs: StepOutputs = {
    "active-color": result.active,
    "previous-color": result.previous,
    "target-color": result.target,
    version: result.version,
    changed: String(result.changed),
    plan: report.plan.join("\n"),
    // Survives a reload/restart of the router: API-backed routers always; HAProxy when its map file holds the routing.
    durable: backend ? String(backend.durable ?? true) : "",
  };
  writeOutputs(outputs);
  options.onOutputs?.(outputs);
}

function sentence(error: unknown): string {
  if (error instanceof BluegreenError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
