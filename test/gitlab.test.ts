import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump, load, loadAll } from "js-yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { COMPONENT_OWN, CREDENTIALS, componentInputs, generate, NOT_ON_GITLAB } from "../scripts/gen-gitlab-docs.ts";
import { BACKEND_KINDS } from "../src/backends/registry.js";
import { writeReportFile } from "../src/platform/summary.js";
import { newReport } from "../src/report.js";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { git, gitlabCiLocal, initRepo, listJobs, usedForbiddenTools } from "./support/gitlab-ci-local.ts";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const COMPONENT = path.join(ROOT, "templates/blue-green.yml");
const ACTION = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

interface Job {
  extends?: string;
  resource_group?: string;
  interruptible?: boolean;
  needs?: string[];
  rules?: { if: string; when?: string; allow_failure?: boolean }[];
  environment?: { name: string; action: string; url?: string; deployment_tier?: string };
  variables?: Record<string, string>;
  script?: string[];
  before_script?: string[];
  artifacts?: { when?: string; expose_as?: string; paths?: string[]; reports?: { dotenv?: string } };
}

describe("the GitLab CI/CD component's header", () => {
  const [header, jobs] = loadAll(readFileSync(COMPONENT, "utf8")) as [{ spec: { component?: string[] } }, Record<string, Job>];
  const inputs = componentInputs();
  const own = COMPONENT_OWN;
  const hidden = jobs[".bluegreen-$[[ inputs.environment ]]"] as Job;

  it("describes every input, offers closed sets as options, and types flags and numbers", () => {
    for (const [name, input] of Object.entries(inputs)) expect(input.description, name).toBeTruthy();
    expect([...(inputs.backend?.options ?? [])].sort()).toEqual([...BACKEND_KINDS].sort());
    expect(inputs["ovh-protocol"]?.options).toEqual(["http", "tcp", "udp"]);
    expect(inputs["run-on"]?.options).toEqual(["default-branch", "tags", "default-branch-and-tags"]);
    for (const name of ["dry-run", "require-test", "auto-rollback"]) expect(inputs[name]?.type, name).toBe("boolean");
    for (const name of ["timeout", "test-requests", "test-concurrency", "max-p95-ms", "max-error-rate", "max-test-age", "step-wait"])
      expect(inputs[name]?.type, name).toBe("number");
    // Every regex accepts its own default (GitLab checks the value the job gets).
    for (const [name, input] of Object.entries(inputs)) {
      if (input.regex) expect(new RegExp(input.regex).test(String(input.default)), name).toBe(true);
    }
  });

  it("names only inputs the action has, besides its own", () => {
    expect(Object.keys(inputs).filter((name) => !own.includes(name) && !(name in ACTION.inputs))).toEqual([]);
  });

  it("covers every action input: as a component input, a credential variable, or one with no meaning on GitLab", () => {
    const unplaced = Object.keys(ACTION.inputs).filter(
      (name) => !(name in inputs) && !CREDENTIALS.includes(name) && !NOT_ON_GITLAB.includes(name),
    );
    // A new action input must be given a place in templates/blue-green.yml or scripts/gen-gitlab-docs.ts.
    expect(unplaced).toEqual([]);
    for (const name of CREDENTIALS) expect(inputs[name], `${name} is a credential, not an input`).toBeUndefined();
  });

  it("hands every action input to the CLI: typed ones as flags, free text as INPUT_* variables", () => {
    const flags = String(hidden.variables?.BLUEGREEN_FLAGS);
    for (const [name, input] of Object.entries(inputs)) {
      if (!(name in ACTION.inputs)) continue;
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, "_")}`;
      if (input.type === "boolean" || input.type === "number") expect(flags, name).toContain(`--${name}=$[[ inputs.${name} ]]`);
      else expect(hidden.variables?.[variable], name).toBe(`$[[ inputs.${name} ]]`);
    }
    // And nothing else: each INPUT_* variable and each flag is an action input.
    for (const key of Object.keys(hidden.variables ?? {}).filter((k) => k.startsWith("INPUT_")))
      expect(ACTION.inputs, key).toHaveProperty(key.slice(6).toLowerCase().replace(/_/g, "-"));
    for (const [, flag] of flags.matchAll(/--([a-z0-9-]+)=/g)) expect(ACTION.inputs, flag).toHaveProperty(flag as string);
  });

  it("runs exactly its own release by default: the scoped package at component.version, never a fixed or unscoped name", () => {
    expect(header.spec.component).toEqual(["version"]);
    expect(inputs.cli?.default).toBe("");
    expect(hidden.variables?.BLUEGREEN_COMPONENT_VERSION).toBe("$[[ component.version ]]");
    const setup = (hidden.before_script ?? []).join("\n");
    expect(setup).toContain('BLUEGREEN_CLI="npx --yes @bluegreen-deploy/bluegreen@$bluegreen_release"');
    expect(readFileSync(COMPONENT, "utf8")).not.toMatch(/npx[^\n]*bluegreen@\d/);
  });

  it("derives job names, resource group and environment from inputs; deploy jobs are not interruptible", () => {
    const env = "$[[ inputs.environment ]]";
    expect(hidden.resource_group).toBe(`bluegreen-${env}`);
    expect(hidden.interruptible).toBe(false);
    expect(hidden.artifacts).toMatchObject({ when: "always", expose_as: "bluegreen report", paths: ["bluegreen-report.md"] });
    const job = (mode: string) => jobs[`bluegreen-${env}-${mode}`] as Job;
    for (const mode of ["prepare", "test", "promote", "rollback"]) {
      expect(job(mode)?.extends, mode).toBe(`.bluegreen-${env}`);
      // Merge requests never; otherwise the default branch and/or tags, as run-on says.
      expect(job(mode)?.rules?.[0]).toEqual({ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: "never" });
    }
    expect(job("prepare").environment).toEqual({ name: `${env}/preview`, action: "prepare" });
    expect(job("test").environment).toEqual({ name: `${env}/preview`, action: "verify" });
    expect(job("promote").environment).toEqual({
      name: env,
      action: "start",
      url: "$[[ inputs.verify-url ]]",
      deployment_tier: "$[[ inputs.deployment-tier ]]",
    });
    // Rollback records no deployment of this pipeline's commit.
    expect(job("rollback").environment).toEqual({ name: env, action: "prepare" });
  });
});

/** The GitLab parts of the docs (the GitHub and CLI sections belong to other doors). */
function gitlabDocs(): string {
  const text = readFileSync(path.join(ROOT, "docs/pipelines.md"), "utf8");
  return text.slice(text.indexOf("## GitLab CI/CD component"), text.indexOf("## Command line"));
}
function gitlabReadme(): string {
  const text = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return text.slice(text.indexOf("- GitLab:"), text.indexOf("- Anywhere else:"));
}

describe("the docs of the GitLab component", () => {
  it("have the input and variable tables that scripts/gen-gitlab-docs.ts writes today", () => {
    const docs = readFileSync(path.join(ROOT, "docs/pipelines.md"), "utf8");
    expect(generate(docs) === docs, 'docs/pipelines.md is stale: run "node scripts/gen-gitlab-docs.ts"').toBe(true);
  });

  // Every CI/CD variable the GitLab docs, examples and component name must be one bluegreen reads
  // (an action input as INPUT_*, or a fallback action.yml names), one it writes (BLUEGREEN_<output>),
  // one the component defines for its jobs, or GitLab's own (CI_*, GITLAB_*).
  it("name no CI/CD variable and no input that the action does not read", () => {
    const files = [
      "templates/blue-green.yml",
      ...readdirSync(path.join(ROOT, "docs/examples/gitlab")).map((f) => `docs/examples/gitlab/${f}`),
    ];
    const texts: [string, string][] = [
      ...files.map((file): [string, string] => [file, readFileSync(path.join(ROOT, file), "utf8")]),
      ["docs/pipelines.md (GitLab)", gitlabDocs()],
      ["README.md (GitLab)", gitlabReadme()],
    ];
    const actionText = readFileSync(path.join(ROOT, "action.yml"), "utf8");
    const [, jobs] = loadAll(readFileSync(COMPONENT, "utf8")) as [unknown, Record<string, Job>];
    const componentVariables = Object.keys(jobs[".bluegreen-$[[ inputs.environment ]]"]?.variables ?? {});
    const written = Object.keys(ACTION.outputs).map((name) => `BLUEGREEN_${name.toUpperCase().replace(/-/g, "_")}`);
    // Read by the code itself (src/platform/outputs.ts, src/platform/summary.ts).
    const read = ["BLUEGREEN_DOTENV", "BLUEGREEN_REPORT", "KUBECONFIG"];
    const wrong: string[] = [];
    for (const [file, text] of texts) {
      for (const [name] of text.matchAll(/\b(?:INPUT_[A-Z0-9_]+|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|KUBECONFIG)\b/g)) {
        if (/^(CI|GITLAB|GITHUB)_/.test(name)) continue;
        const ok = name.startsWith("INPUT_")
          ? name.slice(6).toLowerCase().replace(/_/g, "-") in ACTION.inputs
          : actionText.includes(name) || [...written, ...read, ...componentVariables].includes(name);
        if (!ok) wrong.push(`${file}: ${name}`);
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it("include the component only with inputs it declares", () => {
    const inputs = componentInputs();
    const yamlBlocks = [
      ...[...gitlabDocs().matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string),
      ...[...gitlabReadme().matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => (m[1] as string).replace(/^ {2}/gm, "")),
      ...readdirSync(path.join(ROOT, "docs/examples/gitlab")).map((f) => readFileSync(path.join(ROOT, "docs/examples/gitlab", f), "utf8")),
    ];
    let includes = 0;
    for (const block of yamlBlocks) {
      const doc = load(block) as { include?: { component?: string; inputs?: Record<string, unknown> }[] } | undefined;
      for (const include of doc?.include ?? []) {
        if (!include.component?.includes("/blue-green@")) continue;
        includes++;
        expect(Object.keys(include.inputs ?? {}).filter((name) => !(name in inputs))).toEqual([]);
      }
    }
    expect(includes).toBeGreaterThanOrEqual(8);
  });
});

describe("the GitLab report file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-report-"));
  afterEach(() => vi.restoreAllMocks());
  const report = () => {
    const r = newReport("promote", "haproxy", false);
    r.outcome = "Production switched from blue to green (v2).";
    r.changed = true;
    r.plan.push("set map /m active green (was blue)");
    r.checks.push({ name: "health", ok: true, detail: "200" });
    return r;
  };

  it("is the Markdown report, appended to BLUEGREEN_REPORT (one job may run bluegreen twice)", async () => {
    const file = path.join(dir, "a.md");
    await writeReportFile(report(), { GITLAB_CI: "true", BLUEGREEN_REPORT: file });
    await writeReportFile(report(), { GITLAB_CI: "true", BLUEGREEN_REPORT: file });
    const text = readFileSync(file, "utf8");
    expect(text.match(/## bluegreen promote \(haproxy\) ✅ changed/g)).toHaveLength(2);
    expect(text).toContain("- `set map /m active green (was blue)`");
  });

  it("defaults to bluegreen-report.md on GitLab only", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await writeReportFile(report(), {});
      expect(existsSync(path.join(dir, "bluegreen-report.md"))).toBe(false);
      await writeReportFile(report(), { GITLAB_CI: "true" });
      expect(readFileSync(path.join(dir, "bluegreen-report.md"), "utf8")).toContain("Production switched from blue to green (v2).");
    } finally {
      process.chdir(cwd);
    }
  });

  it("is a warning, never a failure, when it cannot be written", async () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await expect(writeReportFile(report(), { GITLAB_CI: "true", BLUEGREEN_REPORT: path.join(dir, "missing/dir/r.md") })).resolves.toBe(
      undefined,
    );
    expect(out.mock.calls.map((call) => String(call[0])).join("")).toMatch(/warning: The report could not be written to .*r\.md/);
  });
});

describe("the GitLab CI/CD component in its own project (@$CI_COMMIT_SHA), run by gitlab-ci-local against a real HAProxy", () => {
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

    // The component project itself: the component sits in templates/ of the same repository and is
    // included the way GitLab documents for testing a component in its own project (@$CI_COMMIT_SHA).
    repo = mkdtempSync(path.join(tmpdir(), "bluegreen-gitlab-"));
    mkdirSync(path.join(repo, "templates"));
    cpSync(COMPONENT, path.join(repo, "templates/blue-green.yml"));
    const pipeline = {
      stages: ["deploy", "report"],
      include: [
        {
          component: "$CI_SERVER_FQDN/$CI_PROJECT_PATH/blue-green@$CI_COMMIT_SHA",
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
        needs: ["bluegreen-production-promote"],
        script: [
          'echo "live=$BLUEGREEN_ACTIVE_COLOR previous=$BLUEGREEN_PREVIOUS_COLOR version=$BLUEGREEN_VERSION changed=$BLUEGREEN_CHANGED" > promoted.txt',
        ],
      },
    };
    initRepo(repo, "https://gitlab.example.com/acme/shop.git");
    writeFileSync(path.join(repo, ".gitlab-ci.yml"), dump(pipeline));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "pipeline");
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (await (await fetch(`http://127.0.0.1:${haproxy.wwwPort}/version`)).text()).trim();
  const artifact = (job: string, file: string) => readFileSync(path.join(repo, ".gitlab-ci-local/artifacts", job, file), "utf8");

  it("lists the four jobs with promote as a blocking manual gate and rollback as an optional manual job", async () => {
    const byName = Object.fromEntries((await listJobs(repo)).map((job) => [job.name, job]));
    expect(byName["bluegreen-production-prepare"]).toMatchObject({ stage: "deploy", when: "on_success" });
    expect(byName["bluegreen-production-test"]).toMatchObject({ stage: "deploy", when: "on_success" });
    expect(byName["bluegreen-production-promote"]).toMatchObject({ stage: "deploy", when: "manual", allow_failure: false });
    expect(byName["bluegreen-production-rollback"]).toMatchObject({ stage: "deploy", when: "manual", allow_failure: true });
  });

  it("runs prepare, test, promote and rollback; outputs reach later jobs (dotenv) and each job leaves its Markdown report", async () => {
    const prepared = await gitlabCiLocal(repo, ["bluegreen-production-prepare"]);
    expect(prepared.code, prepared.output).toBe(0);
    expect(prepared.output).toContain("Prepared v2 on green; production stays on blue.");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await map()).toMatch(/^preview green$/m);
    expect(green.version).toBe("v2");
    expect(prepared.output).not.toMatch(/docker|pulling/i);
    expect(artifact("bluegreen-production-prepare", "bluegreen-report.md")).toMatch(/^## bluegreen prepare \(haproxy\) ✅ changed/);

    const tested = await gitlabCiLocal(repo, ["bluegreen-production-test"]);
    expect(tested.code, tested.output).toBe(0);
    // prepare's dotenv report arrived as variables.
    expect(tested.output).toContain("bluegreen: before this job: active=blue target=green version=v2");
    // The job log shows the switch in plain words; its report keeps the exact Runtime API steps.
    expect(tested.output).toContain("promote would: switch production blue → green and preview green → blue in map");
    expect(await map()).toMatch(/tested=green&testedVersion=v2/);
    const testReport = artifact("bluegreen-production-test", "bluegreen-report.md");
    // The test job's own report only (prepare's, downloaded into the workspace, was replaced).
    expect(testReport).toMatch(/^## bluegreen test \(haproxy\)/);
    expect(testReport).not.toContain("bluegreen prepare");
    expect(testReport).toContain("### Promote would switch");
    expect(testReport).toContain("promote would: set map");

    const promoted = await gitlabCiLocal(repo, ["bluegreen-production-promote"]);
    expect(promoted.code, promoted.output).toBe(0);
    expect(promoted.output).toContain("Production switched from blue to green (v2).");
    expect(await map()).toMatch(/^active green$/m);
    expect(await live()).toBe("v2");
    // The job re-tested green, then promoted: both in its report, only promote in its dotenv.
    const promoteReport = artifact("bluegreen-production-promote", "bluegreen-report.md");
    expect(promoteReport.indexOf("## bluegreen test")).toBeGreaterThanOrEqual(0);
    expect(promoteReport.indexOf("## bluegreen promote (haproxy) ✅ changed")).toBeGreaterThan(promoteReport.indexOf("## bluegreen test"));
    expect(
      artifact("bluegreen-production-promote", ".gitlab-ci-reports/dotenv/bluegreen.env").match(/^BLUEGREEN_ACTIVE_COLOR=/gm),
    ).toHaveLength(1);

    const report = await gitlabCiLocal(repo, ["after-promote"]);
    expect(report.code, report.output).toBe(0);
    expect(readFileSync(path.join(repo, "promoted.txt"), "utf8").trim()).toBe("live=green previous=blue version=v2 changed=true");

    const rolledBack = await gitlabCiLocal(repo, ["bluegreen-production-rollback"]);
    expect(rolledBack.code, rolledBack.output).toBe(0);
    expect(rolledBack.output).toContain("Production rolled back from green to blue");
    // Blue's v1 was installed before bluegreen, so the router holds no record of it, and the job says so.
    expect(rolledBack.output).toContain("bluegreen: production runs a version bluegreen does not know.");
    expect(rolledBack.output).toContain("GitLab records no deployment for this job");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await live()).toBe("v1");
    expect(usedForbiddenTools(repo), "gitlab-ci-local ran docker, podman or ssh").toBe(false);
  });
});

describe("the component project's own .gitlab-ci.yml", () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), "bluegreen-project-"));
    cpSync(path.join(ROOT, ".gitlab-ci.yml"), path.join(repo, ".gitlab-ci.yml"));
    writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "@bluegreen-deploy/bluegreen", version: "1.2.3" }));
    writeFileSync(
      path.join(repo, "CHANGELOG.md"),
      "# Changelog\n\n## [1.2.3] - 2025-01-02\n\n- GitLab component pinned to its release.\n\n## [1.2.2] - 2025-01-01\n\n- Older.\n",
    );
    initRepo(repo, "https://gitlab.example.com/bluegreen-deploy/bluegreen.git");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "project");
  });

  it("checks every pipeline, and releases only on a semver tag", async () => {
    expect((await listJobs(repo)).map((j) => j.name)).toEqual(["check"]);
    const tagged = { variables: { CI_COMMIT_TAG: "v1.2.3", CI_COMMIT_BRANCH: "" } };
    expect((await listJobs(repo, tagged)).map((j) => j.name).sort()).toEqual(["check", "release", "release-notes"]);
    const other = { variables: { CI_COMMIT_TAG: "nightly", CI_COMMIT_BRANCH: "" } };
    expect((await listJobs(repo, other)).map((j) => j.name)).toEqual(["check"]);
  });

  it("takes the release notes from CHANGELOG.md, and refuses a tag that is not package.json's version", async () => {
    const ok = await gitlabCiLocal(repo, ["release-notes"], { variables: { CI_COMMIT_TAG: "v1.2.3", CI_COMMIT_BRANCH: "" } });
    expect(ok.code, ok.output).toBe(0);
    expect(readFileSync(path.join(repo, ".gitlab-ci-local/artifacts/release-notes/release-notes.md"), "utf8").trim()).toBe(
      "- GitLab component pinned to its release.",
    );
    const wrong = await gitlabCiLocal(repo, ["release-notes"], { variables: { CI_COMMIT_TAG: "v1.2.4", CI_COMMIT_BRANCH: "" } });
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain("release: the tag v1.2.4 is not package.json's version 1.2.3; tag v1.2.3 instead.");
  });
});
