import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./action.ts";

const GITLAB_CI_LOCAL = path.join(ROOT, "node_modules/gitlab-ci-local/dist/index.js");

export interface GclRun {
  code: number;
  output: string;
}

export interface GclOptions {
  /** Pipeline variables (--variable), e.g. CI_COMMIT_TAG for a tag pipeline. */
  variables?: Record<string, string>;
  /** Directories put first on PATH (stub commands). */
  path?: string[];
}

/**
 * Runs gitlab-ci-local in `repo` as a GitLab shell runner would: no docker (--force-shell-executor
 * ignores `image:`), GITLAB_CI=true like a runner, a clean environment (no INPUT_*, GITHUB_* or
 * BLUEGREEN_* of the test process). docker, podman and ssh come first on PATH as stubs that leave a
 * mark in .stubs/used: see `usedForbiddenTools`.
 */
export async function gitlabCiLocal(repo: string, args: string[], options: GclOptions = {}): Promise<GclRun> {
  const run = await gitlabCiLocalOnce(repo, args, options);
  // gitlab-ci-local fetches the two includes of one component (staging and production) at once into
  // the same cache directory, and one `cp` then fails with "File exists". That happens while it reads
  // the pipeline, before any job runs (nothing reached a router): run it once more.
  if (run.code !== 0 && run.output.includes("Component include could not be fetched") && run.output.includes("File exists")) {
    return gitlabCiLocalOnce(repo, args, options);
  }
  return run;
}

async function gitlabCiLocalOnce(repo: string, args: string[], options: GclOptions): Promise<GclRun> {
  const variables = { GITLAB_CI: "true", ...options.variables };
  const argv = [GITLAB_CI_LOCAL, "--home", path.join(repo, ".home"), "--force-shell-executor", "--no-color"];
  for (const [key, value] of Object.entries(variables)) argv.push("--variable", `${key}=${value}`);
  // Overriding a predefined variable (CI_COMMIT_BRANCH in a tag pipeline) is what the test means.
  argv.push("--ignore-predefined-vars", Object.keys(variables).join(","), ...args);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && !key.startsWith("BLUEGREEN_")) env[key] = value;
  }
  stubForbiddenTools(repo);
  env.PATH = [...(options.path ?? []), path.join(repo, ".stubs"), env.PATH ?? ""].join(":");
  const child = spawn(process.execPath, argv, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  return { code, output };
}

export interface ListedJob {
  name: string;
  stage: string;
  when: string;
  allow_failure: boolean;
  /** Names of the jobs it needs; null without `needs:`. */
  needs: string[] | null;
}

/**
 * The jobs the pipeline would have, as gitlab-ci-local --list-json prints them (after its log lines),
 * without those whose rules say `never` (--list-json shows them; --list and GitLab do not).
 */
export async function listJobs(repo: string, options: GclOptions = {}): Promise<ListedJob[]> {
  const run = await gitlabCiLocal(repo, ["--list-json"], options);
  if (run.code !== 0) throw new Error(`gitlab-ci-local --list-json failed (${run.code}):\n${run.output}`);
  const start = run.output.startsWith("[") ? 0 : run.output.indexOf("\n[") + 1;
  const jobs = JSON.parse(run.output.slice(start)) as (Omit<ListedJob, "needs"> & { needs?: { job: string }[] | null })[];
  return jobs.filter((job) => job.when !== "never").map((job) => ({ ...job, needs: job.needs ? job.needs.map((need) => need.job) : null }));
}

function stubForbiddenTools(repo: string): void {
  const dir = path.join(repo, ".stubs");
  if (existsSync(dir)) return;
  mkdirSync(dir);
  for (const tool of ["docker", "podman", "ssh"]) {
    writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${path.join(dir, "used")}"\nexit 1\n`, { mode: 0o755 });
  }
}

/** True when a job reached for docker, podman or ssh (the stubs wrote .stubs/used). */
export function usedForbiddenTools(repo: string): boolean {
  return existsSync(path.join(repo, ".stubs/used"));
}

/** git in `cwd`, with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], { cwd, stdio: "pipe" }).toString();
}

/** A new repository on branch main with `origin` at an https-style URL (gitlab-ci-local reads the project path from it). */
export function initRepo(dir: string, origin: string): void {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "remote", "add", "origin", origin);
  writeFileSync(path.join(dir, ".gitignore"), ".gitlab-ci-local/\n.home/\n.stubs/\nbluegreen.env\nbluegreen-report.md\n*.txt\n");
}
