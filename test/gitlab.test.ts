import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump, load, loadAll } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const GITLAB_CI_LOCAL = path.join(ROOT, "node_modules/gitlab-ci-local/dist/index.js");

interface JobRun {
  code: number;
  output: string;
}

/**
 * Runs one job of the pipeline with gitlab-ci-local, as a GitLab shell runner would: no docker
 * (--force-shell-executor ignores `image:`), no network (the component is this repository's own,
 * included at its commit, which gitlab-ci-local resolves locally), GITLAB_CI=true like a runner.
 */
async function runJob(repo: string, job: string): Promise<JobRun> {
  const args = [
    GITLAB_CI_LOCAL,
    "--home",
    path.join(repo, ".home"),
    "--force-shell-executor",
    "--no-color",
    "--variable",
    "GITLAB_CI=true",
    "--ignore-predefined-vars",
    "GITLAB_CI",
    job,
  ];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && !key.startsWith("BLUEGREEN_")) env[key] = value;
  }
  // docker, podman and ssh come first on PATH as stubs that leave a mark: the test fails if any runs.
  env.PATH = `${path.join(repo, ".stubs")}:${env.PATH ?? ""}`;
  const child = spawn(process.execPath, args, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
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

describe("the GitLab CI/CD component's header", () => {
  const [header, jobs] = loadAll(readFileSync(path.join(ROOT, "templates/gitlab-ci.yml"), "utf8")) as [
    { spec: { inputs: Record<string, { default?: unknown; options?: string[]; type?: string; description?: string }> } },
    Record<string, { resource_group?: string; extends?: string; environment?: { name: string; action: string } }>,
  ];
  const inputs = header.spec.inputs;

  it("describes every input, offers the backends as options, and types flags and numbers", () => {
    for (const [name, input] of Object.entries(inputs)) expect(input.description, name).toBeTruthy();
    expect(inputs.backend?.options).toEqual(["haproxy", "k8s-service", "openshift-route", "ipLoadbalancing"]);
    for (const name of ["dry-run", "require-test"]) expect(inputs[name]?.type, name).toBe("boolean");
    for (const name of ["timeout", "test-requests", "max-p95-ms"]) expect(inputs[name]?.type, name).toBe("number");
  });

  it("names only inputs the action has (besides its own cli, image and stage)", () => {
    const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    const own = ["cli", "image", "stage"];
    expect(Object.keys(inputs).filter((name) => !own.includes(name) && !(name in action.inputs))).toEqual([]);
  });

  it("runs the npm package of the same release by default", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
    expect(inputs.cli?.default).toBe(`npx --yes ${pkg.name}@${pkg.version}`);
  });

  it("serialises all four jobs in one resource group", () => {
    for (const name of ["bluegreen-prepare", "bluegreen-test", "bluegreen-promote", "bluegreen-rollback"]) {
      expect(jobs[name]?.extends, name).toBe(".bluegreen");
      expect(jobs[name]?.environment?.name, name).toBe("$[[ inputs.environment ]]");
    }
    expect(jobs[".bluegreen"]?.resource_group).toBe("bluegreen-$[[ inputs.environment ]]");
  });
});

describe("the GitLab CI/CD component, run by gitlab-ci-local against a real HAProxy", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let repo: string;

  beforeAll(async () => {
    try {
      execFileSync("rsync", ["--version"], { stdio: "ignore" });
    } catch {
      throw new Error("gitlab-ci-local copies job artifacts with rsync: install it (apt-get install rsync).");
    }
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });

    // A consumer project: the component sits in templates/ of the same repository and is included
    // the way GitLab documents for testing a component in its own project (@$CI_COMMIT_SHA).
    repo = mkdtempSync(path.join(tmpdir(), "bluegreen-gitlab-"));
    mkdirSync(path.join(repo, "templates"));
    cpSync(path.join(ROOT, "templates/gitlab-ci.yml"), path.join(repo, "templates/gitlab-ci.yml"));
    const pipeline = {
      stages: ["deploy", "report"],
      include: [
        {
          component: "$CI_SERVER_FQDN/$CI_PROJECT_PATH/gitlab-ci@$CI_COMMIT_SHA",
          inputs: {
            backend: "haproxy",
            version: "v2",
            // The bundle of this checkout instead of the npm package: same code, no network.
            cli: `${process.execPath} ${BUNDLE}`,
            timeout: 20,
            "haproxy-socket": haproxy.socket,
            "haproxy-map": haproxy.mapFile,
            "deploy-command": `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`,
            "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
            "version-path": "/version",
            "test-requests": 20,
            "verify-url": `http://127.0.0.1:${haproxy.wwwPort}`,
          },
        },
      ],
      // A job of the user's own pipeline that reads the outputs of promote.
      "after-promote": {
        stage: "report",
        needs: ["bluegreen-promote"],
        script: [
          'echo "live=$BLUEGREEN_ACTIVE_COLOR previous=$BLUEGREEN_PREVIOUS_COLOR version=$BLUEGREEN_VERSION changed=$BLUEGREEN_CHANGED" > promoted.txt',
        ],
      },
    };
    writeFileSync(path.join(repo, ".gitlab-ci.yml"), dump(pipeline));
    writeFileSync(path.join(repo, ".gitignore"), ".gitlab-ci-local/\n.home/\n.stubs/\nbluegreen.env\npromoted.txt\n");
    mkdirSync(path.join(repo, ".stubs"));
    for (const tool of ["docker", "podman", "ssh"]) {
      writeFileSync(path.join(repo, ".stubs", tool), `#!/bin/sh\necho "${tool} $*" >> "${path.join(repo, ".stubs/used")}"\nexit 1\n`, {
        mode: 0o755,
      });
    }
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("config", "user.email", "ci@example.com");
    git("config", "user.name", "ci");
    // An https remote: gitlab-ci-local reads the project path from it (an scp-style one would run ssh -G).
    git("remote", "add", "origin", "https://gitlab.example.com/acme/shop.git");
    git("add", "-A");
    git("commit", "-q", "-m", "pipeline");
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (await (await fetch(`http://127.0.0.1:${haproxy.wwwPort}/version`)).text()).trim();

  it("lists the four jobs with promote as a blocking manual gate and rollback as an optional manual job", async () => {
    const run = await runJob(repo, "--list-json");
    expect(run.code, run.output).toBe(0);
    const jobs = JSON.parse(run.output.slice(run.output.indexOf("\n[") + 1)) as {
      name: string;
      when: string;
      allow_failure: boolean;
      stage: string;
    }[];
    const byName = Object.fromEntries(jobs.map((job) => [job.name, job]));
    expect(byName["bluegreen-prepare"]).toMatchObject({ stage: "deploy", when: "on_success" });
    expect(byName["bluegreen-test"]).toMatchObject({ stage: "deploy", when: "on_success" });
    expect(byName["bluegreen-promote"]).toMatchObject({ stage: "deploy", when: "manual", allow_failure: false });
    expect(byName["bluegreen-rollback"]).toMatchObject({ stage: "deploy", when: "manual", allow_failure: true });
  });

  it("runs prepare, test, promote and rollback; outputs reach later jobs through the dotenv report", async () => {
    const prepared = await runJob(repo, "bluegreen-prepare");
    expect(prepared.code, prepared.output).toBe(0);
    expect(prepared.output).toContain("Prepared v2 on green; production stays on blue.");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await map()).toMatch(/^preview green$/m);
    expect(green.version).toBe("v2");
    // The job must not have pulled an image or reached for docker.
    expect(prepared.output).not.toMatch(/docker|pulling/i);

    const tested = await runJob(repo, "bluegreen-test");
    expect(tested.code, tested.output).toBe(0);
    // prepare's dotenv report arrived as variables.
    expect(tested.output).toContain("bluegreen: before this job: active=blue target=green version=v2");
    expect(tested.output).toContain("promote would: set map");
    expect(await map()).toMatch(/tested=green&testedVersion=v2/);

    const promoted = await runJob(repo, "bluegreen-promote");
    expect(promoted.code, promoted.output).toBe(0);
    expect(promoted.output).toContain("Production switched from blue to green (v2).");
    expect(await map()).toMatch(/^active green$/m);
    expect(await live()).toBe("v2");

    const report = await runJob(repo, "after-promote");
    expect(report.code, report.output).toBe(0);
    expect(readFileSync(path.join(repo, "promoted.txt"), "utf8").trim()).toBe("live=green previous=blue version=v2 changed=true");

    const rolledBack = await runJob(repo, "bluegreen-rollback");
    expect(rolledBack.code, rolledBack.output).toBe(0);
    expect(rolledBack.output).toContain("Production rolled back from green to blue");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await live()).toBe("v1");
    expect(existsSync(path.join(repo, ".stubs/used")), "gitlab-ci-local ran docker, podman or ssh").toBe(false);
  });
});
