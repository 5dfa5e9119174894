import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type GitServer, publishComponent, startGitServer } from "./support/git-http.ts";
import { git, gitlabCiLocal, initRepo, listJobs, usedForbiddenTools } from "./support/gitlab-ci-local.ts";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/**
 * The component as a downstream project uses it: another repository includes it with
 * `include: component:` at a release of the component project, fetched from a git server on
 * 127.0.0.1 (what GitLab serves), twice: staging and production.
 */
describe("a downstream project including the released component twice (staging and production)", () => {
  let server: GitServer;
  let repo: string;
  let stubs: string;
  const apps: App[] = [];
  const haproxy: Record<"staging" | "production", Haproxy> = {} as never;

  beforeAll(async () => {
    execFileSync("rsync", ["--version"], { stdio: "ignore" });
    server = await startGitServer(mkdtempSync(path.join(tmpdir(), "bluegreen-git-")));
    publishComponent(server, "bluegreen-deploy/bluegreen", path.join(ROOT, "templates/blue-green.yml"), ["v1.0.0", "v1.1.0"]);
    for (const env of ["staging", "production"] as const) {
      const blue = await startApp(`${env}-blue`, "v1");
      const green = await startApp(`${env}-green`, "v0");
      apps.push(blue, green);
      haproxy[env] = await startHaproxy({ blue: [blue.address], green: [green.address] });
    }
    // npx as the runner would find it, minus the registry: it records what it was asked to run and
    // runs this checkout's bundle in its place (no network in tests).
    stubs = mkdtempSync(path.join(tmpdir(), "bluegreen-npx-"));
    writeFileSync(
      path.join(stubs, "npx"),
      `#!/bin/sh\necho "$1 $2" >> "${path.join(stubs, "npx-calls")}"\nshift 2\nexec "${process.execPath}" "${BUNDLE}" "$@"\n`,
      { mode: 0o755 },
    );
    const inputs = (env: "staging" | "production") => ({
      environment: env,
      backend: "haproxy",
      version: "v2",
      timeout: 20,
      "test-requests": 20,
      "haproxy-socket": haproxy[env].socket,
      "haproxy-map": haproxy[env].mapFile,
      "deploy-command": `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`,
      "test-url": `http://127.0.0.1:${haproxy[env].previewPort}`,
      "verify-url": `http://127.0.0.1:${haproxy[env].wwwPort}`,
      "version-path": "/version",
    });
    const pipeline = {
      stages: ["staging", "production"],
      include: [
        // A version range: GitLab resolves it to the newest matching release, v1.1.0, and the jobs
        // run that release's npm package (the default cli).
        { component: "$CI_SERVER_FQDN/bluegreen-deploy/bluegreen/blue-green@1", inputs: { ...inputs("staging"), stage: "staging" } },
        {
          component: "$CI_SERVER_FQDN/bluegreen-deploy/bluegreen/blue-green@v1.0.0",
          inputs: { ...inputs("production"), stage: "production", cli: `${process.execPath} ${BUNDLE}` },
        },
      ],
    };
    repo = mkdtempSync(path.join(tmpdir(), "bluegreen-downstream-"));
    initRepo(repo, `${server.url}/acme/shop.git`);
    writeFileSync(path.join(repo, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "pipeline");
  });
  afterAll(async () => {
    for (const h of Object.values(haproxy)) await h?.stop();
    for (const app of apps) await app.close();
    await server?.close();
  });

  const live = async (env: "staging" | "production") =>
    (await (await fetch(`http://127.0.0.1:${haproxy[env].wwwPort}/version`)).text()).trim();

  it("gets two distinct sets of four jobs, each from the release it asked for", async () => {
    const jobs = await listJobs(repo);
    expect(jobs.map((j) => `${j.stage}/${j.name}`).sort()).toEqual(
      [
        "staging/bluegreen-staging-prepare",
        "staging/bluegreen-staging-test",
        "staging/bluegreen-staging-promote",
        "staging/bluegreen-staging-rollback",
        "production/bluegreen-production-prepare",
        "production/bluegreen-production-test",
        "production/bluegreen-production-promote",
        "production/bluegreen-production-rollback",
      ].sort(),
    );
    const byName = Object.fromEntries(jobs.map((j) => [j.name, j]));
    expect(byName["bluegreen-staging-promote"]?.needs).toEqual(["bluegreen-staging-test"]);
    expect(byName["bluegreen-production-promote"]?.needs).toEqual(["bluegreen-production-test"]);
    // The fetched component files, as gitlab-ci-local keeps them: the right release for each include.
    const fetched = path.join(repo, ".gitlab-ci-local/includes", server.fqdn.split(":")[0] as string, "bluegreen-deploy/bluegreen");
    expect(readFileSync(path.join(fetched, "v1.1.0/templates/blue-green.yml"), "utf8")).toContain(
      "resource_group: bluegreen-$[[ inputs.environment ]]",
    );
    expect(readFileSync(path.join(fetched, "v1.0.0/templates/blue-green.yml"), "utf8")).toContain("spec:");
  });

  it("runs a staging cycle with the default cli pinned to the included release; production is untouched", async () => {
    for (const mode of ["prepare", "test", "promote"]) {
      const run = await gitlabCiLocal(repo, [`bluegreen-staging-${mode}`], { path: [stubs] });
      expect(run.code, run.output).toBe(0);
    }
    expect(await live("staging")).toBe("v2");
    expect(await live("production")).toBe("v1");
    // Every bluegreen run (prepare, test, the promote job's test and promote) was this exact release.
    expect(readFileSync(path.join(stubs, "npx-calls"), "utf8").trim().split("\n")).toEqual(
      Array(4).fill("--yes @bluegreen-deploy/bluegreen@1.1.0"),
    );
    const production = await gitlabCiLocal(repo, ["bluegreen-production-prepare"], { path: [stubs] });
    expect(production.code, production.output).toBe(0);
    expect((await haproxy.production.command(`show map ${haproxy.production.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "")).toMatch(
      /^active blue$/m,
    );
    expect(readFileSync(path.join(stubs, "npx-calls"), "utf8").trim().split("\n")).toHaveLength(4);
    expect(usedForbiddenTools(repo)).toBe(false);
  });

  it("included at a branch (no release) with no cli, stops with one sentence and exit code 2 before touching the router", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "bluegreen-downstream-branch-"));
    initRepo(other, `${server.url}/acme/other.git`);
    const pipeline = {
      include: [
        {
          component: "$CI_SERVER_FQDN/bluegreen-deploy/bluegreen/blue-green@main",
          inputs: {
            environment: "staging",
            backend: "haproxy",
            version: "v3",
            "haproxy-socket": haproxy.staging.socket,
            "haproxy-map": haproxy.staging.mapFile,
          },
        },
      ],
    };
    writeFileSync(path.join(other, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
    git(other, "add", "-A");
    git(other, "commit", "-q", "-m", "pipeline");
    const before = await haproxy.staging.command(`show map ${haproxy.staging.mapFile}`);
    const run = await gitlabCiLocal(other, ["bluegreen-staging-prepare"], { path: [stubs] });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain("bluegreen: the cli input is empty and this component was not included at a release");
    // gitlab-ci-local reports the job's exit code after FAIL.
    expect(run.output).toMatch(/bluegreen-staging-prepare finished in .* FAIL 2/);
    expect(await haproxy.staging.command(`show map ${haproxy.staging.mapFile}`)).toBe(before);
    expect(readFileSync(path.join(stubs, "npx-calls"), "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("completes the staging cycle with the rollback job, on the same release", async () => {
    const run = await gitlabCiLocal(repo, ["bluegreen-staging-rollback"], { path: [stubs] });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("Production rolled back from green to blue");
    expect(await live("staging")).toBe("v1");
    expect(await live("production")).toBe("v1");
    expect(readFileSync(path.join(stubs, "npx-calls"), "utf8").trim().split("\n")).toEqual(
      Array(5).fill("--yes @bluegreen-deploy/bluegreen@1.1.0"),
    );
  }, 120_000);
});
