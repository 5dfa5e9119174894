import type { RouterState } from "../backend.js";
import type { Color } from "../colors.js";
import type { ModeContext } from "../modes/context.js";
import { policySettings } from "../modes/policy.js";
import { decidePromote, decideRollback } from "../policy/index.js";
import type { Report } from "../report.js";
import { environmentUrl } from "./environment-url.js";
import { platformIo } from "./io.js";
import { log } from "./log.js";
import { maskSecret, redact } from "./secrets.js";

/**
 * GitHub Deployments for promote and rollback, so the repository's Environments page shows what is
 * live. A record is bookkeeping, never a gate: every failure to reach GitHub is a warning, and the
 * requests run beside the switch (bounded by a deadline) so that a slow API never delays it.
 *
 * Policy (what gets a record):
 * - only promote and rollback with a github-token, never in dry-run (nothing is deployed);
 * - only when a switch is planned: a quick read of the router before the mode runs decides, so a
 *   repeated promote ("already live") leaves no empty record;
 * - the record names the release the switch sends production to: its version and the commit that
 *   built it, from the router's ledger (for rollback: the restored release, not the run's commit);
 * - the record ends with what production runs afterwards, as the router showed it last
 *   (report.after), not with whether the step failed: `success` when this run's switch left
 *   production on the release recorded (and every older successful deployment of the environment
 *   gets `inactive`), even when the step failed after it (outputs lost, verification failed with
 *   auto-rollback off: the description says so); `failure` when production is not there (refused,
 *   an automatic rollback: the older deployment stays the active one, which is the truth); `error`
 *   when the switch was written but the router could not be read again; and `inactive` when the
 *   mode found nothing to do after all, or another run moved production on. main calls finish()
 *   after the outputs, so it knows whether they were lost;
 * - a job cancelled or timed out between the two never calls finish(): the action's post step
 *   (deployment-post.ts) finds the record from the state saved here and ends it.
 */
export interface DeploymentRecord {
  /** The deployment's id once GitHub has created it; undefined when it could not be created. */
  id(): Promise<number | undefined>;
  /**
   * Posts the final status: from the mode's report, and `outputsError`, why the step outputs could
   * not be written when they could not (the step then fails, whatever the router did). Never throws.
   */
  finish(report: Report, outputsError?: string): Promise<void>;
}

/** Names of the state saved for the post step (core.saveState; it reads them as STATE_<name>). */
export const STATE_DEPLOYMENT = "deployment";
export const STATE_OUTCOME = "deployment-outcome";

/** What the post step needs to end a deployment that main left unfinished. */
export interface SavedDeployment {
  id: number;
  mode: string;
  color: Color;
  version: string;
}

/** A final status main decided on; the post step posts it again if main could not. */
export interface SavedOutcome {
  state: FinalState;
  description: string;
  environmentUrl?: string;
}

export type FinalState = "success" | "failure" | "inactive" | "error";

/** How long the create and the final statuses may take, each, before they are given up. */
const START_BUDGET_MS = 20_000;
const FINISH_BUDGET_MS = 30_000;
/** How many older deployments of the environment are checked for a `success` to make inactive. */
const OLDER_CHECKED = 10;

type Octokit = ReturnType<typeof import("@actions/github")["getOctokit"]>;

interface Plan {
  color: Color;
  from: Color;
  version: string;
  /** The commit that built version, as recorded on the router by prepare. */
  ref?: string;
}

export async function startDeployment(ctx: ModeContext, env: NodeJS.ProcessEnv = process.env): Promise<DeploymentRecord | undefined> {
  const { config } = ctx;
  if (!config.githubToken || (config.mode !== "promote" && config.mode !== "rollback")) return undefined;
  maskSecret(config.githubToken);
  if (config.dryRun) {
    log.info("Dry run: no GitHub deployment is recorded.");
    return undefined;
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) {
    log.warn("github-token is set but GITHUB_REPOSITORY is missing: no GitHub deployment was recorded.");
    return undefined;
  }
  const plan = await plannedSwitch(ctx);
  if (!plan) return undefined;
  // The commit of the release production is sent to. A promote without one on record (prepared by
  // an older bluegreen) is the run's own commit, as the pipeline promotes what it prepared; a
  // rollback restores an older release, whose commit only the ledger knows.
  const ref = plan.ref ?? (config.mode === "promote" ? config.ref : undefined);
  if (!ref) {
    const text =
      config.mode === "rollback"
        ? `GitHub deployment: the commit that built ${plan.version || "the release"} on ${plan.color} is not on record (it was prepared without a commit), so no deployment was recorded for this rollback rather than one naming the wrong commit.`
        : "github-token is set but no commit is known (no GITHUB_SHA, no ref input): no GitHub deployment was recorded.";
    log.warn(text);
    return undefined;
  }
  const shownUrl = environmentUrl(config.verifyUrl);
  const what = `${plan.color}${plan.version ? ` (${plan.version}, ${ref.slice(0, 12)})` : ` (${ref.slice(0, 12)})`}`;

  const environment = config.environment ?? "production";
  const logUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const common = { owner, repo, headers: { accept: "application/vnd.github+json" } };
  const warn = (what: string, error: unknown) => {
    const text = `GitHub deployment: ${what} failed (${redact(error instanceof Error ? error.message : String(error))}); the switch is not affected.`;
    log.warn(text);
  };

  // Started, not awaited: the switch goes ahead while GitHub answers.
  const created = (async (): Promise<{ octokit: Octokit; id: number } | undefined> => {
    try {
      const { getOctokit } = await import("@actions/github");
      const octokit = getOctokit(config.githubToken as string);
      const request = { signal: AbortSignal.timeout(START_BUDGET_MS) };
      const response = await octokit.rest.repos.createDeployment({
        ...common,
        ref,
        task: config.mode === "rollback" ? "deploy:rollback" : "deploy",
        environment,
        description: `bluegreen ${config.mode}: ${what}`.slice(0, 140),
        payload: {
          tool: "bluegreen",
          mode: config.mode,
          backend: config.backend,
          color: plan.color,
          from: plan.from,
          version: plan.version,
          ref,
          // Which step made it, so the post step can find it even without its saved state.
          ...stepIdentity(env),
        },
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: config.productionEnvironment,
        request,
      });
      if (!("id" in response.data)) throw new Error(`GitHub did not create the deployment: ${response.data.message ?? response.status}`);
      const id = response.data.id;
      saveState(
        env,
        STATE_DEPLOYMENT,
        JSON.stringify({ id, mode: config.mode, color: plan.color, version: plan.version } satisfies SavedDeployment),
      );
      await octokit.rest.repos.createDeploymentStatus({
        ...common,
        deployment_id: id,
        state: "in_progress",
        description: `switching production to ${what}`.slice(0, 140),
        ...(logUrl ? { log_url: logUrl } : {}),
        request,
      });
      log.info(`GitHub deployment ${id} for ${environment}: in_progress.`);
      return { octokit, id };
    } catch (error) {
      warn("create", error);
      return undefined;
    }
  })();

  let finished = false;
  return {
    async id(): Promise<number | undefined> {
      return (await created)?.id;
    },
    async finish(report: Report, outputsError?: string): Promise<void> {
      if (finished) return; // one final status, even if the step fails after a successful finish
      finished = true;
      const started = await created;
      if (!started) return;
      const { octokit, id } = started;
      const final = finalStatus(report, plan, outputsError);
      const state = final.state;
      const description = redact(final.description || state).slice(0, 140);
      const url = shownUrl && state === "success" ? shownUrl : undefined;
      // Saved before it is sent: if GitHub cannot be reached now, the post step sends it again.
      saveState(env, STATE_OUTCOME, JSON.stringify({ state, description, ...(url ? { environmentUrl: url } : {}) } satisfies SavedOutcome));
      const request = { signal: AbortSignal.timeout(FINISH_BUDGET_MS) };
      try {
        await octokit.rest.repos.createDeploymentStatus({
          ...common,
          deployment_id: id,
          state,
          description,
          ...(logUrl ? { log_url: logUrl } : {}),
          ...(url ? { environment_url: url } : {}),
          // GitHub inactivates older deployments itself only for non-production environments; we do it below.
          auto_inactive: true,
          request,
        });
        log.info(`GitHub deployment ${id} for ${environment}: ${state}.`);
      } catch (error) {
        warn(`status ${state}`, error);
        return;
      }
      if (state !== "success") return;
      try {
        await inactivateOlder(octokit, common, environment, id, logUrl, request);
      } catch (error) {
        warn("marking the replaced deployment inactive", error);
      }
    },
  };
}

/**
 * The final status of a record, from what the router showed last: the record says what production
 * runs, and the description says what went wrong besides (the step's outputs lost, a failed check).
 */
export function finalStatus(
  report: Report,
  plan: { color: Color; from: Color; version: string },
  outputsError?: string,
): { state: FinalState; description: string } {
  // A run that changed nothing left production where it read it first; one that wrote a switch
  // knows where production is only from a read after it.
  const now = report.after ?? (report.changed ? undefined : report.before);
  const lost = outputsError === undefined ? "" : " The step's outputs were lost (they could not be written), so the step failed.";
  if (report.changed && now && !now.split && now.live === plan.color) {
    const live = `${plan.color} live${plan.version ? `: ${plan.version}` : ""} (was ${plan.from})`;
    const afterwards = report.failure ? ` The step failed after the switch: ${report.failure}` : "";
    return { state: "success", description: lost || afterwards ? `${live}.${lost}${afterwards}` : live };
  }
  // The failure sentence says what could be known (switchOrExplain: "Where production is now is unknown ...").
  if (report.changed && !now) return { state: "error", description: `${report.failure ?? report.outcome}${lost}` };
  if (report.failure || outputsError !== undefined) return { state: "failure", description: `${report.failure ?? report.outcome}${lost}` };
  return { state: "inactive", description: report.outcome };
}

/** Identifies the step that made a deployment: run, attempt, job and step id. */
export function stepIdentity(env: NodeJS.ProcessEnv): { run: string; attempt: string; job: string; step: string } {
  return {
    run: env.GITHUB_RUN_ID ?? "",
    attempt: env.GITHUB_RUN_ATTEMPT ?? "",
    job: env.GITHUB_JOB ?? "",
    step: env.GITHUB_ACTION ?? "",
  };
}

/** core.saveState, only where a runner reads it back (elsewhere it would print a `::save-state::` line). */
function saveState(env: NodeJS.ProcessEnv, name: string, value: string): void {
  if (env.GITHUB_STATE) platformIo().saveState(name, value);
}

/**
 * Marks the environment's older deployments whose latest status is `success` inactive: the one the
 * switch replaced (and any a previous tool left active). GitHub's own auto_inactive skips
 * production environments, and a record must not show two live releases.
 */
export async function inactivateOlder(
  octokit: Octokit,
  common: { owner: string; repo: string; headers: Record<string, string> },
  environment: string,
  current: number,
  logUrl: string | undefined,
  request: { signal: AbortSignal },
): Promise<void> {
  const { data: deployments } = await octokit.rest.repos.listDeployments({ ...common, environment, per_page: OLDER_CHECKED, request });
  for (const deployment of deployments) {
    if (deployment.id === current) continue;
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      ...common,
      deployment_id: deployment.id,
      per_page: 1,
      request,
    });
    if (statuses[0]?.state !== "success") continue;
    await octokit.rest.repos.createDeploymentStatus({
      ...common,
      deployment_id: deployment.id,
      state: "inactive",
      description: `replaced by deployment ${current}`,
      ...(logUrl ? { log_url: logUrl } : {}),
      request,
    });
    log.info(`GitHub deployment ${deployment.id} for ${environment}: inactive (replaced).`);
  }
}

/**
 * Which switch the mode is about to make, from one read of the router; undefined when there is
 * none (nothing prepared, already live, nothing to roll back to) or the router cannot be read,
 * in which case the mode itself reports why.
 */
async function plannedSwitch(ctx: ModeContext): Promise<Plan | undefined> {
  let state: RouterState;
  try {
    state = await ctx.router.read();
  } catch {
    return undefined;
  }
  // The mode's own decision, from the same policy: a record only for a switch the mode will make.
  const settings = policySettings(ctx);
  const decision = ctx.config.mode === "promote" ? decidePromote(state, settings) : decideRollback(state, settings);
  if (decision.kind !== "switch") return undefined; // nothing to do, a repair, or refused: the mode says why
  const { target, version } = decision;
  return { color: target, from: state.live, version, ref: state.ledger.refs?.[target] };
}
