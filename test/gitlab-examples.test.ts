import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump, load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type GitServer, publishComponent, startGitServer } from "./support/git-http.ts";
import { git, gitlabCiLocal, initRepo, listJobs, usedForbiddenTools } from "./support/gitlab-ci-local.ts";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/**
 * The example pipelines of docs/examples/gitlab/, run as a team would run them: the component comes
 * from "the GitLab server" (a git server on 127.0.0.1 holding the component project at tag v1.0.0,
 * the ref the examples pin), the user's project is a repository whose origin is on that server, and
 * each pipeline is a checkout of one commit run job by job by gitlab-ci-local. Only the endpoints
 * (sockets, URLs), the cli (this checkout's bundle instead of npx) and the test's pace are changed.
 */
const EXAMPLES = path.join(ROOT, "docs/examples/gitlab");
const COMPONENT_PROJECT = "bluegreen-deploy/bluegreen";

interface Include {
  component: string;
  inputs: Record<string, string | number | boolean>;
}

function example(name: string): Record<string, unknown> & { include: Include[] } {
  return load(readFileSync(path.join(EXAMPLES, name), "utf8")) as Record<string, unknown> & { include: Include[] };
}

let server: GitServer;
beforeAll(async () => {
  execFileSync("rsync", ["--version"], { stdio: "ignore" });
  server = await startGitServer(mkdtempSync(path.join(tmpdir(), "bluegreen-git-")));
  publishComponent(server, COMPONENT_PROJECT, path.join(ROOT, "templates/blue-green.yml"), ["v1.0.0"]);
});
afterAll(async () => {
  await server?.close();
});

/** The user's project: origin on the local server, the pipeline file, and any extra files. */
function project(pipeline: Record<string, unknown>, files: Record<string, string> = {}): string {
  const repo = mkdtempSync(path.join(tmpdir(), "bluegreen-user-"));
  initRepo(repo, `${server.url}/acme/shop.git`);
  writeFileSync(path.join(repo, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(repo, name), text, { mode: 0o755 });
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "pipeline");
  return repo;
}

/** A pipeline of the project at its current commit: a separate checkout, with its own job artifacts. */
function pipelineOf(repo: string): { dir: string; version: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-pipeline-"));
  execFileSync("git", ["clone", "-q", repo, dir], { stdio: "pipe" });
  git(dir, "remote", "set-url", "origin", `${server.url}/acme/shop.git`);
  return { dir, version: git(dir, "rev-parse", "HEAD").trim().slice(0, 8) };
}

function nextCommit(repo: string, note: string): void {
  writeFileSync(path.join(repo, "CHANGES.md"), `${note}\n`);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", note);
}

describe("docs/examples/gitlab/haproxy.yml: staging then production, run end to end against real HAProxy", () => {
  const apps: App[] = [];
  const haproxy: Record<"staging" | "production", Haproxy> = {} as never;
  let repo: string;

  beforeAll(async () => {
    for (const env of ["staging", "production"] as const) {
      const blue = await startApp(`${env}-blue`, "v1");
      const green = await startApp(`${env}-green`, "v0");
      apps.push(blue, green);
      haproxy[env] = await startHaproxy({ blue: [blue.address], green: [green.address] });
    }
    const pipeline = example("haproxy.yml");
    for (const include of pipeline.include) {
      const env = include.inputs.environment as "staging" | "production";
      const h = haproxy[env];
      Object.assign(include.inputs, {
        "haproxy-socket": h.socket,
        "haproxy-map": h.mapFile,
        "haproxy-map-file": h.mapFile,
        "test-url": `http://127.0.0.1:${h.previewPort}`,
        "verify-url": `http://127.0.0.1:${h.wwwPort}`,
        cli: `${process.execPath} ${BUNDLE}`,
        timeout: 20,
        "test-requests": 20,
      });
    }
    // The example's deploy-command (./deploy.sh) is the project's own script; here it asks the demo apps.
    const deploy = `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "scripts/deploy-demo-app.mjs")}"\n`;
    repo = project(pipeline, { "deploy.sh": deploy });
  });
  afterAll(async () => {
    for (const h of Object.values(haproxy)) await h?.stop();
    for (const app of apps) await app.close();
  });

  const live = async (env: "staging" | "production") =>
    (await (await fetch(`http://127.0.0.1:${haproxy[env].wwwPort}/version`)).text()).trim();
  const active = async (env: "staging" | "production") =>
    /^active (\w+)$/m.exec((await haproxy[env].command(`show map ${haproxy[env].mapFile}`)).replace(/^0x[0-9a-f]+ /gm, ""))?.[1];
  const job = async (dir: string, name: string) => {
    const run = await gitlabCiLocal(dir, [name]);
    return { ...run, ok: run.code === 0 };
  };

  it("lists distinct staging and production jobs on the default branch, production after staging", async () => {
    const jobs = await listJobs(pipelineOf(repo).dir);
    const stages = example("haproxy.yml").stages as string[];
    jobs.sort((a, b) => stages.indexOf(a.stage) - stages.indexOf(b.stage));
    expect(jobs.map((j) => `${j.stage}/${j.name}/${j.when}`)).toEqual([
      "test/unit-tests/on_success",
      "staging/bluegreen-staging-prepare/on_success",
      "staging/bluegreen-staging-test/on_success",
      "staging/bluegreen-staging-promote/manual",
      "staging/bluegreen-staging-rollback/manual",
      "production/bluegreen-production-prepare/on_success",
      "production/bluegreen-production-test/on_success",
      "production/bluegreen-production-promote/manual",
      "production/bluegreen-production-rollback/manual",
    ]);
  });

  it("a feature-branch push, a merge request and a tag pipeline get no bluegreen job", async () => {
    const feature = pipelineOf(repo);
    git(feature.dir, "checkout", "-q", "-b", "feature/login");
    expect((await listJobs(feature.dir)).map((j) => j.name)).toEqual(["unit-tests"]);
    const mergeRequest = await listJobs(pipelineOf(repo).dir, { variables: { CI_PIPELINE_SOURCE: "merge_request_event" } });
    expect(mergeRequest.map((j) => j.name)).toEqual(["unit-tests"]);
    const tag = await listJobs(pipelineOf(repo).dir, { variables: { CI_COMMIT_TAG: "v2.0.0", CI_COMMIT_BRANCH: "" } });
    expect(tag.map((j) => j.name)).toEqual(["unit-tests"]);
  });

  it("pipelines in a row, two interleaved ones, GitLab's rollback (re-running an old promote) and the rollback job", async () => {
    // Pipeline 1: staging, then production.
    const p1 = pipelineOf(repo);
    for (const name of ["prepare", "test", "promote"]) {
      const run = await job(p1.dir, `bluegreen-staging-${name}`);
      expect(run.code, run.output).toBe(0);
    }
    expect(await live("staging")).toBe(p1.version);
    expect(await live("production")).toBe("v1");
    for (const name of ["prepare", "test", "promote"]) {
      const run = await job(p1.dir, `bluegreen-production-${name}`);
      expect(run.code, run.output).toBe(0);
    }
    expect(await live("production")).toBe(p1.version);
    expect(await active("production")).toBe("green");

    // Pipelines 2 and 3 interleave on production: 3's prepare replaces 2's release on the idle color
    // while 2 waits for its approval. 2's promote refuses and production does not move.
    nextCommit(repo, "two");
    const p2 = pipelineOf(repo);
    nextCommit(repo, "three");
    const p3 = pipelineOf(repo);
    expect((await job(p2.dir, "bluegreen-production-prepare")).ok).toBe(true);
    expect((await job(p2.dir, "bluegreen-production-test")).ok).toBe(true);
    const replaced = await job(p3.dir, "bluegreen-production-prepare");
    expect(replaced.code, replaced.output).toBe(0);
    const refused = await job(p2.dir, "bluegreen-production-promote");
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`bluegreen: this pipeline releases ${p2.version}`);
    expect(refused.output).toContain(
      `Version ${p2.version} is not prepared on either color (blue: ${p3.version}, green: ${p1.version}): the idle color blue now holds ${p3.version}, so a later prepare replaced ${p2.version} there`,
    );
    expect(await live("production")).toBe(p1.version);
    expect(await active("production")).toBe("green");
    // Pipeline 3 goes on and releases its own version.
    expect((await job(p3.dir, "bluegreen-production-test")).ok).toBe(true);
    const promoted = await job(p3.dir, "bluegreen-production-promote");
    expect(promoted.code, promoted.output).toBe(0);
    expect(await live("production")).toBe(p3.version);

    // GitLab's "Rollback environment" on pipeline 1's deployment re-runs pipeline 1's promote job:
    // it tests green (still holding p1's release) and switches back to it, although the last
    // recorded test was of blue. GitLab then records pipeline 1's commit as deployed, which is true.
    const rerun = await job(p1.dir, "bluegreen-production-promote");
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain(`Production switched from blue to green (${p1.version}).`);
    expect(await live("production")).toBe(p1.version);

    // The rollback job of any pipeline goes back to the color production left: blue, pipeline 3's.
    const rolledBack = await job(p2.dir, "bluegreen-production-rollback");
    expect(rolledBack.code, rolledBack.output).toBe(0);
    // It names the restored release and the commit that built it (kept on the router by prepare).
    expect(rolledBack.output).toMatch(new RegExp(`bluegreen: production runs ${p3.version} \\(commit [0-9a-f]{40}\\)\\.`));
    expect(await live("production")).toBe(p3.version);
    // Staging never moved during all of production's pipelines.
    expect(await live("staging")).toBe(p1.version);
    for (const p of [p1, p2, p3]) expect(usedForbiddenTools(p.dir)).toBe(false);
    // About 17 jobs, each a gitlab-ci-local run (a Node start, an rsync, bluegreen's own start).
  }, 300_000);
});

describe("docs/examples/gitlab: the Kubernetes, OpenShift and OVH pipelines", () => {
  const bluegreenJobs = (jobs: { name: string }[]) => jobs.filter((j) => j.name.startsWith("bluegreen-"));

  it.each([
    ["kubernetes.yml", ["build-image"]],
    ["ovh.yml", []],
  ])("%s: the four production jobs on the default branch with the gate; none on a feature branch", async (file, own) => {
    const repo = project(example(file));
    const jobs = await listJobs(pipelineOf(repo).dir);
    expect(jobs.map((j) => j.name).sort()).toEqual(
      [
        ...own,
        "bluegreen-production-prepare",
        "bluegreen-production-test",
        "bluegreen-production-promote",
        "bluegreen-production-rollback",
      ].sort(),
    );
    const byName = Object.fromEntries(jobs.map((j) => [j.name, j]));
    expect(byName["bluegreen-production-test"]?.needs).toEqual(["bluegreen-production-prepare"]);
    expect(byName["bluegreen-production-promote"]).toMatchObject({
      when: "manual",
      allow_failure: false,
      needs: ["bluegreen-production-test"],
    });
    expect(byName["bluegreen-production-rollback"]).toMatchObject({ when: "manual", allow_failure: true });
    const feature = pipelineOf(repo);
    git(feature.dir, "checkout", "-q", "-b", "feature/x");
    expect(bluegreenJobs(await listJobs(feature.dir))).toEqual([]);
  });

  it("openshift.yml and ovh.yml follow run-on: tags only, and default branch and tags", async () => {
    const openshift = project(example("openshift.yml"));
    expect(bluegreenJobs(await listJobs(pipelineOf(openshift).dir))).toEqual([]);
    const tagged = { variables: { CI_COMMIT_TAG: "v2.0.0", CI_COMMIT_BRANCH: "" } };
    expect(bluegreenJobs(await listJobs(pipelineOf(openshift).dir, tagged)).map((j) => j.name)).toEqual([
      "bluegreen-production-prepare",
      "bluegreen-production-test",
      "bluegreen-production-promote",
      "bluegreen-production-rollback",
    ]);
    const ovh = project(example("ovh.yml"));
    expect(bluegreenJobs(await listJobs(pipelineOf(ovh).dir, tagged))).toHaveLength(4);
  });

  it("GitLab refuses an input value outside the component's options or regex before any job runs", async () => {
    const bad = example("ovh.yml");
    (bad.include[0] as Include).inputs["ovh-frontends"] = "101;102";
    const run = await gitlabCiLocal(pipelineOf(project(bad)).dir, ["--list"]);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/ovh-frontends.*does not match required regex/);
    const wrongBackend = example("kubernetes.yml");
    (wrongBackend.include[0] as Include).inputs.backend = "kubernetes";
    const refused = await gitlabCiLocal(pipelineOf(project(wrongBackend)).dir, ["--list"]);
    expect(refused.output).toMatch(/backend.*kubernetes.*not in the list of allowed options/);
  });
});
