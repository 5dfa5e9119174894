import * as core from "@actions/core";
import { inactivateOlder, type SavedDeployment, type SavedOutcome, STATE_DEPLOYMENT, STATE_OUTCOME, stepIdentity } from "./deployments.js";
import { log } from "./log.js";
import { maskSecret, redact } from "./secrets.js";

/**
 * The action's post step (action.yml `runs.post`, `post-if: always()`): the runner starts it after
 * the job's other steps, also when the job was cancelled or hit its timeout. The main step records
 * a GitHub Deployment `in_progress` before it switches and its final status after; a job stopped in
 * between never posts the final status, and the record would say `in_progress` forever.
 *
 * This step only ever writes deployment statuses: it never reads or changes the router. It finds
 * the deployment its main step created (saved state, else the step identity in the payloads of the
 * environment's recent deployments), and when GitHub still shows it unfinished it posts:
 * - the final status main decided on but could not send (saved before sending); or
 * - `error`, saying the job stopped during the switch and how to learn where traffic is.
 * Like every deployment call, a failure here is a warning: it never fails the job.
 */
const UNFINISHED = new Set(["in_progress", "queued", "pending"]);
const BUDGET_MS = 30_000;
const RECENT = 20;

export async function finishAbandonedDeployment(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const token = core.getInput("github-token");
  const mode = core.getInput("mode");
  if (!token || (mode !== "promote" && mode !== "rollback")) return;
  maskSecret(token);
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) return;
  const environment = core.getInput("environment") || "production";
  const saved = parse<SavedDeployment>(core.getState(STATE_DEPLOYMENT));
  const outcome = parse<SavedOutcome>(core.getState(STATE_OUTCOME));
  const common = { owner, repo, headers: { accept: "application/vnd.github+json" } };
  const request = { signal: AbortSignal.timeout(BUDGET_MS) };
  try {
    const { getOctokit } = await import("@actions/github");
    const octokit = getOctokit(token);
    const id = saved?.id ?? (await findOwnDeployment(octokit, common, environment, env, request));
    if (id === undefined) {
      log.info("bluegreen post: this step recorded no GitHub deployment; nothing to finish.");
      return;
    }
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ ...common, deployment_id: id, per_page: 1, request });
    const latest = statuses[0]?.state ?? "pending";
    if (!UNFINISHED.has(latest)) {
      log.info(`bluegreen post: GitHub deployment ${id} is already ${latest}; nothing to finish.`);
      return;
    }
    const what = saved ? `${saved.mode} to ${saved.color}${saved.version ? ` (${saved.version})` : ""}` : `${mode}`;
    const final: SavedOutcome = outcome ?? {
      state: "error",
      description: `Job cancelled or timed out during ${what}; traffic may be on either color: check with bluegreen status or re-run.`,
    };
    const logUrl =
      env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    await octokit.rest.repos.createDeploymentStatus({
      ...common,
      deployment_id: id,
      state: final.state,
      description: redact(final.description).slice(0, 140),
      ...(logUrl ? { log_url: logUrl } : {}),
      ...(final.environmentUrl ? { environment_url: final.environmentUrl } : {}),
      auto_inactive: false,
      request,
    });
    // As main would have done after a success: the release it replaced is no longer live.
    if (final.state === "success") await inactivateOlder(octokit, common, environment, id, logUrl, request);
    const text = outcome
      ? `bluegreen post: GitHub deployment ${id} was still ${latest}; posted the step's final status, ${final.state}.`
      : `bluegreen post: GitHub deployment ${id} was left ${latest} by a job that stopped during ${what}; marked it error. Check where production is before acting.`;
    if (outcome) log.info(text);
    else log.warn(text);
  } catch (error) {
    log.warn(`bluegreen post: could not finish the GitHub deployment (${redact(error instanceof Error ? error.message : String(error))}).`);
  }
}

type Octokit = ReturnType<typeof import("@actions/github")["getOctokit"]>;

/** The environment's recent deployment whose payload names this very step (run, attempt, job, step). */
async function findOwnDeployment(
  octokit: Octokit,
  common: { owner: string; repo: string; headers: Record<string, string> },
  environment: string,
  env: NodeJS.ProcessEnv,
  request: { signal: AbortSignal },
): Promise<number | undefined> {
  const me = stepIdentity(env);
  if (!me.run) return undefined;
  const { data } = await octokit.rest.repos.listDeployments({ ...common, environment, per_page: RECENT, request });
  const mine = data.find((deployment) => {
    const payload = deployment.payload as Record<string, unknown> | string;
    if (typeof payload !== "object" || payload === null || payload.tool !== "bluegreen") return false;
    return payload.run === me.run && payload.attempt === me.attempt && payload.job === me.job && payload.step === me.step;
  });
  return mine?.id;
}

function parse<T>(text: string): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The post step's logic as an importable entry (`run()`), for runners that import it, such as local-action. */
export function run(): Promise<void> {
  return finishAbandonedDeployment();
}
