import * as core from "@actions/core";
import type { Backend } from "./backend.js";
import { createBackend } from "./backends/registry.js";
import { isColor } from "./colors.js";
import { BluegreenError } from "./errors.js";
import { type Config, type InputReader, parseConfig } from "./inputs.js";
import type { ModeContext, ModeResult } from "./modes/context.js";
import { prepare } from "./modes/prepare.js";
import { promote } from "./modes/promote.js";
import { rollback } from "./modes/rollback.js";
import { test } from "./modes/test.js";
import { type DeploymentRecord, startDeployment } from "./platform/deployments.js";
import { runIdentity } from "./platform/detect.js";
import { environmentUrl } from "./platform/environment-url.js";
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
  let code = 1;
  try {
    config = parseConfig(read);
    report = newReport(config.mode, config.backend, config.dryRun);
    backend = await createBackend(read, config);
    const ctx: ModeContext = { config, backend, report, run: runIdentity(), now: () => new Date() };
    // GitHub Deployments (promote, rollback with github-token): bookkeeping that never fails the step.
    deployment = await startDeployment(ctx);
    const result = await MODE_RUNNERS[config.mode](ctx);
    report.changed = result.changed;
    await publish(result, report, config, deployment, options);
    await writeSummary(report);
    code = 0;
  } catch (error) {
    report.failure = sentence(error);
    const after = report.after ?? report.before;
    if (after) {
      await publish(
        {
          active: after.live,
          previous: after.ledger.previous ?? "",
          target: report.target ?? "",
          version: config?.version ?? "",
          changed: report.changed,
        },
        report,
        config,
        deployment,
        options,
      ).catch(() => undefined);
    }
    await writeSummary(report).catch(() => undefined);
    fail(report.failure);
    if (!(error instanceof BluegreenError) && error instanceof Error && error.stack) log.debug(error.stack);
    code = 1;
  } finally {
    // Last, with the step's real result: nothing that can still fail the step comes after a `success`.
    await deployment?.finish(report);
    await backend?.close?.().catch(() => undefined);
  }
  return code;
}

async function publish(
  result: ModeResult,
  report: Report,
  config: Config | undefined,
  deployment: DeploymentRecord | undefined,
  options: RunOptions,
): Promise<void> {
  const deploymentId = await deployment?.id();
  const outputs: StepOutputs = {
    "active-color": result.active,
    "previous-color": result.previous,
    "target-color": result.target,
    version: result.version,
    changed: String(result.changed),
    plan: report.plan.join("\n"),
    ref: targetRef(result, report, config),
    "environment-url": environmentUrl(config?.verifyUrl),
    "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
  };
  writeOutputs(outputs);
  options.onOutputs?.(outputs);
}

/**
 * The commit that built the version the target color holds, from the router's ledger; for a
 * prepare that did not record it (dry run, failure), the commit it was asked to record.
 */
function targetRef(result: ModeResult, report: Report, config: Config | undefined): string {
  const ledger = (report.after ?? report.before)?.ledger;
  if (ledger && isColor(result.target)) {
    const recorded = ledger.versions[result.target];
    if (recorded && (result.version === "" || result.version === recorded)) return ledger.refs?.[result.target] ?? "";
  }
  return config?.mode === "prepare" ? (config.ref ?? "") : "";
}

function sentence(error: unknown): string {
  if (error instanceof BluegreenError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
