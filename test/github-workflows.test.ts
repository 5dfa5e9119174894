import { execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INPUTS } from "../src/input-names.js";
import { ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type GithubApi, SHA, startGithubApi, TOKEN } from "./support/github-api.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/**
 * The GitHub workflows bluegreen ships: docs/examples/github/<backend>/ (to copy) and this
 * repository's own pair in .github/workflows/. Checked three ways: GitHub's own workflow parser and
 * actionlint (scripts/lint-workflows.ts); their wiring against action.yml and the promises the docs
 * make (rollback never queues behind a release, a failed promote rolls back in the approved job);
 * and the HAProxy example's steps run by a real Actions client, @github/local-action, against a real
 * HAProxy and a local model of GitHub's Deployments API.
 */

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: { name: string; deployment?: boolean; url?: string };
  concurrency?: unknown;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean; queue?: string };
  jobs: Record<string, Job>;
}

const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: Record<string, string>;
};
const EXAMPLES = path.join(ROOT, "docs/examples/github");
const BACKENDS = { haproxy: "haproxy", kubernetes: "k8s-service", openshift: "openshift-route", ovh: "ipLoadbalancing" };
const SECRET_INPUTS = INPUTS.filter((input) => input.secret).map((input) => input.name);

const read = (file: string) => load(readFileSync(file, "utf8")) as Workflow;
const isBluegreen = (step: Step) => step.uses === "./" || /^OWNER\/bluegreen@v1$/.test(step.uses ?? "");
const bluegreenSteps = (job: Job) => job.steps.filter(isBluegreen);
const modeOf = (step: Step) => step.with?.mode;

/** The release and rollback workflows of every example, and this repository's own pair. */
const PAIRS = [
  ...Object.keys(BACKENDS).map((dir) => ({ name: `docs/examples/github/${dir}`, dir: path.join(EXAMPLES, dir) })),
  { name: ".github/workflows", dir: path.join(ROOT, ".github/workflows") },
];

describe("the GitHub workflows: wiring and the promises the docs make", () => {
  it("ships a release and a rollback workflow for each backend, and nothing else in docs/examples/github", () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(Object.keys(BACKENDS).sort());
    for (const dir of Object.keys(BACKENDS)) {
      expect(readdirSync(path.join(EXAMPLES, dir)).sort()).toEqual(["blue-green-rollback.yml", "blue-green.yml"]);
    }
  });

  it.each(PAIRS)("$name: every bluegreen step uses action.yml's inputs and outputs, and secrets come from secrets", ({ dir }) => {
    for (const file of ["blue-green.yml", "blue-green-rollback.yml"]) {
      const workflow = read(path.join(dir, file));
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const ids = new Set(bluegreenSteps(job).map((step) => step.id));
        for (const step of bluegreenSteps(job)) {
          const unknown = Object.keys(step.with ?? {}).filter((name) => !(name in action.inputs));
          expect(unknown, `${file} ${jobName}: inputs that action.yml does not have`).toEqual([]);
          expect(["prepare", "test", "promote", "rollback"]).toContain(modeOf(step));
          for (const name of SECRET_INPUTS) {
            const value = step.with?.[name];
            if (value !== undefined) expect(value, `${file} ${jobName}: ${name}`).toMatch(/^\$\{\{ (secrets\.[A-Z_]+|github\.token) \}\}$/);
          }
        }
        const text = JSON.stringify(job);
        for (const [, id, output] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          if (ids.has(id)) expect(Object.keys(action.outputs), `${file} ${jobName}: steps.${id}.outputs.${output}`).toContain(output);
        }
        for (const [, need, output] of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          expect(
            Object.keys(workflow.jobs[need as string]?.outputs ?? {}),
            `${file} ${jobName}: needs.${need}.outputs.${output}`,
          ).toContain(output);
          expect([job.needs].flat(), `${file} ${jobName} reads ${need}'s outputs, so it needs it`).toContain(need);
        }
      }
    }
  });

  it.each(PAIRS)("$name: releases run whole, one at a time; promote waits for approval and rolls back in the approved job", ({ dir }) => {
    const release = read(path.join(dir, "blue-green.yml"));
    expect(Object.keys(release.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(release.concurrency).toMatchObject({ group: expect.any(String), "cancel-in-progress": false });
    const { promote, prepare, test } = release.jobs as Record<string, Job>;
    expect(promote?.environment).toMatchObject({ name: "production", deployment: false });
    // Only promote waits for the reviewers: the jobs that run unattended are on another environment.
    for (const [name, job] of Object.entries(release.jobs)) {
      if (name !== "promote") expect(job.environment?.name, name).not.toBe("production");
    }
    expect(bluegreenSteps(prepare as Job).map(modeOf)).toEqual(["prepare"]);
    expect(bluegreenSteps(test as Job).map(modeOf)).toEqual(["test"]);
    const [promoteStep, rollbackStep, ...more] = bluegreenSteps(promote as Job);
    expect(more).toEqual([]);
    expect(promoteStep?.with).toMatchObject({ mode: "promote", "require-test": "true", "github-token": `\${{ github.token }}` });
    expect(promoteStep?.id).toBe("promote");
    // The automatic rollback is a step of the approved job, not a job of its own that would ask again.
    expect(rollbackStep?.with?.mode).toBe("rollback");
    expect(rollbackStep?.if).toBe("failure() && steps.promote.outputs.active-color == needs.prepare.outputs.target-color");
    expect(
      Object.values(release.jobs)
        .flatMap(bluegreenSteps)
        .filter((s) => modeOf(s) === "rollback"),
    ).toEqual([rollbackStep]);
  });

  it.each(PAIRS)("$name: a dispatched rollback never queues behind a release or its approval", ({ dir }) => {
    const release = read(path.join(dir, "blue-green.yml"));
    const rollback = read(path.join(dir, "blue-green-rollback.yml"));
    expect(Object.keys(rollback.on)).toEqual(["workflow_dispatch"]);
    // Its own group (a release's run holds the release group while it waits for approval), and
    // queue: max so that no later request or push cancels a waiting rollback.
    expect(rollback.concurrency).toEqual({ group: expect.any(String), "cancel-in-progress": false, queue: "max" });
    expect(rollback.concurrency?.group).not.toBe(release.concurrency?.group);
    const jobs = Object.values(rollback.jobs);
    expect(jobs).toHaveLength(1);
    const [job] = jobs as [Job];
    expect(job.needs).toBeUndefined();
    expect(job.concurrency).toBeUndefined();
    expect(job.environment?.name, "no required reviewers in the way").not.toBe("production");
    expect(bluegreenSteps(job).map(modeOf)).toEqual(["rollback"]);
  });

  it.each(Object.entries(BACKENDS))("docs/examples/github/%s: every bluegreen step names backend %s", (dir, backend) => {
    for (const file of ["blue-green.yml", "blue-green-rollback.yml"]) {
      const workflow = read(path.join(EXAMPLES, dir, file));
      for (const step of Object.values(workflow.jobs).flatMap(bluegreenSteps)) expect(step.with?.backend).toBe(backend);
    }
  });

  it("this repository's own pair is the HAProxy example with uses: ./ (same inputs, step for step)", () => {
    for (const file of ["blue-green.yml", "blue-green-rollback.yml"]) {
      const example = read(path.join(EXAMPLES, "haproxy", file));
      const own = read(path.join(ROOT, ".github/workflows", file));
      expect(Object.keys(own.jobs)).toEqual(Object.keys(example.jobs));
      for (const name of Object.keys(example.jobs)) {
        const strip = (job: Job) => bluegreenSteps(job).map(({ uses: _, ...step }) => step);
        expect(strip(own.jobs[name] as Job), `${file} ${name}`).toEqual(strip(example.jobs[name] as Job));
        expect(bluegreenSteps(own.jobs[name] as Job).every((step) => step.uses === "./")).toBe(true);
      }
      expect(own.concurrency).toEqual(example.concurrency);
    }
  });

  it("action.yml runs a post step of its own bundle, always", () => {
    expect(action.runs).toMatchObject({ using: "node24", main: "dist/index.js", post: "dist/post/index.js", "post-if": "always()" });
  });

  it("passes GitHub's workflow parser and actionlint (scripts/lint-workflows.ts)", async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(ROOT, "scripts/lint-workflows.ts")], { cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/action\.yml and \d+ workflows checked, 0 findings\./);
  }, 120_000);
});

/** The result of one step run by local-action: exit code, log, the outputs it set, and whether the step failed. */
interface LocalRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  /**
   * local-action exits 0 even when the step fails: its core.setFailed records the failure and prints
   * `::error::<sentence>`, the only `::error::` bluegreen ever prints (src/platform/log.ts fail()).
   */
  failed: boolean;
}

const LOCAL_ACTION = path.join(ROOT, "node_modules/@github/local-action/bin/local-action.js");

/**
 * Runs one step through @github/local-action: it reads action.yml, loads the inputs from a dotenv
 * file, replaces @actions/core and @actions/github with its own implementations, runs src/main.ts's
 * run() and then the post step's run() (src/platform/deployment-post.ts) in one process, as a job does.
 */
async function localAction(inputs: Record<string, string>, env: Record<string, string>): Promise<LocalRun> {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-local-action-"));
  const lines = [
    ...Object.entries(inputs).map(([name, value]) => `INPUT_${name.toUpperCase()}=${value}`),
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    `GITHUB_OUTPUT=${path.join(dir, "output")}`,
    `GITHUB_STEP_SUMMARY=${path.join(dir, "summary")}`,
  ];
  writeFileSync(path.join(dir, "output"), "");
  writeFileSync(path.join(dir, "summary"), "");
  writeFileSync(path.join(dir, ".env"), `${lines.join("\n")}\n`);
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(INPUT_|GITHUB_|STATE_)/.test(key) && key !== "GITLAB_CI") clean[key] = value;
  }
  // local-action starts tsx through npm: Node 24 first on PATH. GITHUB_API_URL also in its own
  // environment: its @actions/github stub reads the API address when it loads, before the dotenv file.
  Object.assign(clean, { PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`, GITHUB_API_URL: env.GITHUB_API_URL ?? "" });
  const child = spawn(
    process.execPath,
    [LOCAL_ACTION, "run", ROOT, "src/main.ts", path.join(dir, ".env"), "--post", path.join(ROOT, "src/platform/deployment-post.ts")],
    { cwd: ROOT, env: clean, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  const outputs: Record<string, string> = {};
  // Its core.setOutput prints `::set-output name=<name>::<value>` (the value's first line).
  for (const [, name, value] of stdout.matchAll(/::set-output name=([\w-]+)::(.*)/g)) outputs[name as string] = value as string;
  return { code, stdout, outputs, failed: /^::error::/m.test(stdout) };
}

/**
 * The `${{ ... }}` expressions of the HAProxy example, from a table: any expression the table does
 * not hold fails the test, so the example cannot grow one this test does not model.
 */
function resolve(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    if (!(expression in context)) throw new Error(`the test does not model the expression ${expression}`);
    return context[expression] as string;
  });
}

/** The two `if:` forms the example uses: `failure()` and `a == b` joined by `&&`. */
function condition(expression: string, context: Record<string, string>, failed: boolean): boolean {
  return expression.split("&&").every((clause) => {
    const text = clause.trim();
    if (text === "failure()") return failed;
    const equal = /^([\w.-]+) == ([\w.-]+)$/.exec(text);
    if (!equal) throw new Error(`the test does not model the condition ${text}`);
    return resolve(`\${{ ${equal[1]} }}`, context) === resolve(`\${{ ${equal[2]} }}`, context);
  });
}

describe("the HAProxy example's steps, run by @github/local-action against a real HAProxy", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let api: GithubApi;
  let context: Record<string, string>;
  let env: Record<string, string>;
  const release = read(path.join(EXAMPLES, "haproxy/blue-green.yml"));
  const rollback = read(path.join(EXAMPLES, "haproxy/blue-green-rollback.yml"));
  const stepOf = (job: Job, id: string) => bluegreenSteps(job).find((step) => step.id === id) as Step;
  const live = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).match(/^\S+ active (\w+)$/m)?.[1];

  beforeAll(async () => {
    expect(existsSync(LOCAL_ACTION), "npm install puts @github/local-action in node_modules").toBe(true);
    blue = await startApp("blue", "v0");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    api = await startGithubApi();
    // The repository's deploy.sh: installs the version on the servers bluegreen names.
    const deploy = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-deploy-")), "deploy.sh");
    writeFileSync(deploy, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "scripts/deploy-demo-app.mjs")}"\n`);
    chmodSync(deploy, 0o755);
    context = {
      "github.token": TOKEN,
      "vars.BLUEGREEN_HAPROXY_SOCKET": haproxy.socket,
      "vars.BLUEGREEN_HAPROXY_MAP": haproxy.mapFile,
      "vars.BLUEGREEN_PREVIEW_URL": `http://127.0.0.1:${haproxy.previewPort}`,
      "vars.BLUEGREEN_PRODUCTION_URL": `http://127.0.0.1:${haproxy.wwwPort}`,
    };
    env = {
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: "acme/shop",
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_RUN_ATTEMPT: "1",
    };
    // Its own path for the repository's deploy.sh: the one thing of the example not taken literally.
    context["./deploy.sh"] = deploy;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  /** One bluegreen step of the example, its `with:` resolved in the run's context. */
  const runStep = (step: Step, sha: string, run: string, job: string, overrides: Record<string, string> = {}) => {
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.with ?? {})) {
      inputs[name] =
        value === "./deploy.sh" ? (context["./deploy.sh"] as string) : resolve(String(value), { ...context, "github.sha": sha });
    }
    return localAction(
      { ...inputs, ...overrides },
      { ...env, GITHUB_SHA: sha, GITHUB_RUN_ID: run, GITHUB_JOB: job, GITHUB_ACTION: step.id ?? job },
    );
  };

  /** prepare, test and promote of the release workflow for commit sha; returns the promote job's context. */
  const releaseRun = async (sha: string, run: string, promoteOverrides: Record<string, string> = {}, beforePromote = () => {}) => {
    const jobs = release.jobs as Record<string, Job>;
    const prepared = await runStep(stepOf(jobs.prepare as Job, "prepare"), sha, run, "prepare");
    expect([prepared.code, prepared.failed], prepared.stdout).toEqual([0, false]);
    const runContext: Record<string, string> = { ...context, "github.sha": sha };
    for (const [name, value] of Object.entries(prepared.outputs)) runContext[`steps.prepare.outputs.${name}`] = value;
    for (const [name, value] of Object.entries(jobs.prepare?.outputs ?? {}))
      runContext[`needs.prepare.outputs.${name}`] = resolve(value, runContext);
    context = { ...context, ...runContext };
    const [testStep] = bluegreenSteps(jobs.test as Job);
    const tested = await runStep(testStep as Step, sha, run, "test");
    expect([tested.code, tested.failed], tested.stdout).toEqual([0, false]);
    beforePromote();
    const promoted = await runStep(stepOf(jobs.promote as Job, "promote"), sha, run, "promote", promoteOverrides);
    for (const [name, value] of Object.entries(promoted.outputs)) context[`steps.promote.outputs.${name}`] = value;
    return { prepared, tested, promoted };
  };

  it("prepare, test and promote: traffic moves to the new commit's color, recorded with that commit", async () => {
    expect(await live()).toBe("blue");
    const { prepared, promoted } = await releaseRun(SHA.a, "501");
    expect(prepared.outputs).toMatchObject({ "target-color": "green", version: SHA.a, ref: SHA.a });
    expect(green.version, "deploy.sh installed the commit on green").toBe(SHA.a);
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({
      "active-color": "green",
      ref: SHA.a,
      "environment-url": `http://127.0.0.1:${haproxy.wwwPort}/`,
    });
    expect(await live()).toBe("green");
    const record = api.deployments.at(-1);
    expect(record).toMatchObject({ ref: SHA.a, environment: "production", production_environment: true, task: "deploy" });
    expect(promoted.outputs["deployment-id"]).toBe(String(record?.id));
    // local-action ran the post step after main: the record was final already, so it sent nothing.
    expect(promoted.stdout).toContain(`GitHub deployment ${record?.id} is already success; nothing to finish.`);
    expect(record?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    // The rollback step of the promote job stays out of a successful promote.
    expect(condition(stepOf(release.jobs.promote as Job, "rollback").if as string, context, false)).toBe(false);
  }, 180_000);

  it("a failed promote that left production on the new color is rolled back by the approved job's next step", async () => {
    // The team runs promote with auto-rollback off; the new release fails production's check.
    const broken = SHA.b;
    const { promoted } = await releaseRun(broken, "502", { "auto-rollback": "false" }, () => {
      blue.version = "not-what-was-tested"; // production's /version check after the switch fails
    });
    expect(promoted.failed, promoted.stdout).toBe(true);
    expect(promoted.stdout).toMatch(/::error::.*verification failed/i);
    expect(promoted.outputs["active-color"]).toBe("blue");
    expect(await live()).toBe("blue");
    const rollbackStep = stepOf(release.jobs.promote as Job, "rollback");
    expect(condition(rollbackStep.if as string, context, true), "the rollback step runs").toBe(true);
    const rolledBack = await runStep(rollbackStep, broken, "502", "promote");
    expect([rolledBack.code, rolledBack.failed], rolledBack.stdout).toEqual([0, false]);
    expect(await live()).toBe("green");
    expect(rolledBack.outputs).toMatchObject({ "active-color": "green", version: SHA.a, ref: SHA.a });
    // Its record names the release it restored: commit a, from a run of commit b.
    expect(api.deployments.at(-1)).toMatchObject({ ref: SHA.a, task: "deploy:rollback", payload: { version: SHA.a, ref: SHA.a } });
  }, 180_000);

  it("the rollback workflow's step sends production back to the release before, naming its commit", async () => {
    // A good release c, promoted; then a person runs the rollback workflow.
    const { promoted } = await releaseRun(SHA.c, "503");
    expect([promoted.code, promoted.failed], promoted.stdout).toEqual([0, false]);
    const target = promoted.outputs["active-color"];
    expect(await live()).toBe(target);
    const [step] = bluegreenSteps(Object.values(rollback.jobs)[0] as Job);
    const rolledBack = await runStep(step as Step, SHA.c, "504", "rollback");
    expect([rolledBack.code, rolledBack.failed], rolledBack.stdout).toEqual([0, false]);
    expect(await live()).not.toBe(target);
    expect(rolledBack.outputs).toMatchObject({ version: SHA.a, ref: SHA.a, changed: "true" });
    expect(api.deployments.at(-1)).toMatchObject({ ref: SHA.a, task: "deploy:rollback" });
  }, 180_000);
});
