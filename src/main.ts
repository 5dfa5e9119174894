import type { Backend } from "./backend.js";
import { createBackend } from "./backends/create.js";
import { isColor } from "./colors.js";
import { BluegreenError, InputError } from "./errors.js";
import { inputTypos } from "./input-typos.js";
import { type Config, type InputReader, parseConfig } from "./inputs.js";
import type { ModeContext, ModeResult } from "./modes/context.js";
import { prepare } from "./modes/prepare.js";
import { promote } from "./modes/promote.js";
import { rollback } from "./modes/rollback.js";
import { status } from "./modes/status.js";
import { test } from "./modes/test.js";
import { type NotifySettings, notify, parseNotify } from "./notify/index.js";
import { choosePlatform } from "./platform/choose.js";
import { type DeploymentRecord, startDeployment } from "./platform/deployments.js";
import { runIdentity } from "./platform/detect.js";
import { environmentUrl } from "./platform/environment-url.js";
import { platformIo } from "./platform/io.js";
import { fail, log, warnings } from "./platform/log.js";
import { type StepOutputs, writeOutputs } from "./platform/outputs.js";
import { writeSummary } from "./platform/summary.js";
import { setVerbose } from "./platform/verbosity.js";
import { newReport, type Report } from "./report.js";

const MODE_RUNNERS = { prepare, test, promote, rollback, status } as const;

/** Reads the action's inputs the way the runner passes them (INPUT_<NAME>, hyphens kept). */
export const actionInputs: InputReader = (name) => platformIo().getInput(name);

export interface RunOptions {
  /** Receives the step outputs as they are published (the CLI prints them). */
  onOutputs?: (outputs: StepOutputs) => void;
  /** Receives the closing report, once the summary is written (the CLI's --output json prints it). */
  onReport?: (report: Report) => void;
  /** Environment scanned for misspelt INPUT_* names (the action's door only). */
  env?: NodeJS.ProcessEnv;
}

/**
 * One run: read inputs -> pick backend -> run mode -> outputs + summary.
 * Returns the process exit code; failures become one clear sentence through core.setFailed.
 *
 * The mode's result decides the exit code. What comes after it (outputs, summary, deployment
 * records) is bookkeeping: its failure is a warning, never a reason to call a switch that
 * happened a failure, except the outputs, which later jobs act on: when they cannot be written,
 * the step fails with a sentence that says what the router did.
 */
export async function run(read: InputReader = actionInputs, options: RunOptions = {}): Promise<number> {
  // Before the first input is read or line printed: @actions/core on a GitHub runner, plain output elsewhere.
  await choosePlatform();
  let report: Report = newReport(read("mode") || "?", read("backend") || "?", false);
  let backend: Backend | undefined;
  let config: Config | undefined;
  let deployment: DeploymentRecord | undefined;
  let result: ModeResult | undefined;
  let notifySettings: NotifySettings | undefined;
  try {
    refuseMisspeltInputs(options.env ?? process.env, read === actionInputs ? "action" : "cli");
    config = parseConfig(read);
    setVerbose(config.verbose);
    // Checked and masked with the other inputs, before anything changes (and before prepare's deploy-command).
    notifySettings = parseNotify(read);
    report = newReport(config.mode, config.backend, config.dryRun);
    backend = await createBackend(read, config);
    const ctx: ModeContext = {
      config,
      router: backend.router,
      workload: backend.workload,
      report,
      run: runIdentity(),
      now: () => new Date(),
    };
    // GitHub Deployments (promote, rollback with github-token): bookkeeping that never fails the step.
    deployment = await startDeployment(ctx);
    result = await MODE_RUNNERS[config.mode](ctx);
    report.changed = result.changed;
  } catch (error) {
    report.failure = sentence(error);
    if (!(error instanceof BluegreenError) && error instanceof Error && error.stack) log.debug(error.stack);
  } finally {
    await backend?.close().catch(() => undefined);
  }

  withRepair(report, backend?.router.repaired);
  const outputs = result ?? outputsOfFailure(report, config);
  let outputsError: string | undefined;
  if (outputs) {
    try {
      await publish(outputs, report, config, deployment, options, backend);
    } catch (error) {
      outputsError = error instanceof Error ? error.message : String(error);
    }
  }
  // After the outputs: the record says what production runs (the router as last read), and that the
  // outputs were lost when they were; the step's own failure sentence follows.
  await deployment?.finish(report, outputsError).catch((error: unknown) => log.warn(`GitHub deployment: ${sentence(error)}`));
  if (outputsError !== undefined) {
    report.failure = `${report.failure ?? report.outcome} But the step outputs could not be written (${outputsError}), so later jobs cannot read them.`;
  }
  // Last, so that it tells what the step says; a notification that cannot be delivered is a warning of the summary.
  await notify(notifySettings, report, { environment: config?.environment, run: runIdentity(), env: process.env, now: new Date() });
  await summarize(report);
  options.onReport?.(report);
  if (report.failure) {
    fail(report.failure);
    return 1;
  }
  return 0;
}

/**
 * Before anything is read from the router: a misspelt safety input (or a long name that can only be
 * a typo) fails the step with the name to use; other near misses are warnings.
 */
function refuseMisspeltInputs(env: NodeJS.ProcessEnv, door: "action" | "cli"): void {
  const typos = inputTypos(env, door);
  const fatal = typos.find((typo) => typo.fatal);
  for (const typo of typos) if (typo !== fatal) log.warn(typo.sentence);
  if (fatal) throw new InputError(fatal.meant, fatal.sentence);
}

/**
 * A repair (HAProxy's map file rewritten from memory) is a change even where the routing was left
 * alone: the closing sentence says so, and "nothing changed" becomes what is true.
 */
function withRepair(report: Report, repaired: string | undefined): void {
  if (!repaired) return;
  const said = (text: string) => text.replace(/; nothing (was )?changed\./, "; the routing was not changed.");
  const note = report.changed ? ` Before that, ${repaired}` : ` This run repaired the map file only: ${repaired}`;
  if (report.failure) report.failure = `${report.changed ? report.failure : said(report.failure)}${note}`;
  else report.outcome = `${report.changed ? report.outcome : said(report.outcome)}${note}`;
}

/** What a failed run can still truthfully publish: the router as last read. */
function outputsOfFailure(report: Report, config: Config | undefined): ModeResult | undefined {
  const after = report.after ?? report.before;
  if (!after) return undefined;
  return {
    active: after.live,
    previous: after.ledger.previous ?? "",
    target: report.target ?? "",
    version: config?.version ?? "",
    changed: report.changed,
  };
}

/**
 * The job summary and the closing report. Every warning said through log.warn during the run (by a
 * mode, a backend or the platform layer) reaches the report here, so the log, the summary and the
 * GitLab report say the same. A summary that cannot be written is a warning in the log only.
 */
async function summarize(report: Report): Promise<void> {
  for (const warning of warnings()) if (!report.warnings.includes(warning)) report.warnings.push(warning);
  try {
    await writeSummary(report);
  } catch (error) {
    log.warn(`The job summary could not be written (${sentence(error)}); the report above is complete.`);
  }
}

async function publish(
  result: ModeResult,
  report: Report,
  config: Config | undefined,
  deployment: DeploymentRecord | undefined,
  options: RunOptions,
  backend: Backend | undefined,
): Promise<void> {
  const deploymentId = await deployment?.id();
  const outputs: StepOutputs = {
    "active-color": result.active,
    "previous-color": result.previous,
    "target-color": result.target,
    version: result.version,
    changed: String(result.changed),
    plan: report.plan.join("\n"),
    // Survives a reload/restart of the router: API-backed routers always; HAProxy when its map file holds the routing.
    durable: backend ? String(backend.router.durable) : "",
    ref: targetRef(result, report, config),
    "environment-url": environmentUrl(config?.verifyUrl),
    "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
    "propagation-ms": backend?.router.propagatedMs === undefined ? "" : String(backend.router.propagatedMs),
  };
  options.onOutputs?.(outputs);
  writeOutputs(outputs);
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
