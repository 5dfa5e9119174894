export type Platform = "github" | "gitlab" | "local";

export function detectPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  if (env.GITHUB_ACTIONS === "true") return "github";
  if (env.GITLAB_CI === "true") return "gitlab";
  return "local";
}

/** An identifier of the CI run that made a change, recorded on the router. */
export function runIdentity(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GITHUB_RUN_ID) {
    const repo = env.GITHUB_REPOSITORY ? `${env.GITHUB_REPOSITORY}/` : "";
    return `github:${repo}${env.GITHUB_RUN_ID}`;
  }
  if (env.CI_JOB_ID) return `gitlab:${env.CI_PROJECT_PATH ? `${env.CI_PROJECT_PATH}/` : ""}${env.CI_JOB_ID}`;
  return `local:${env.USER ?? "user"}@${process.pid}`;
}
