import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump, load, loadAll } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type GitServer, publishComponent, startGitServer } from "./support/git-http.ts";
import { git, gitlabCiLocal, initRepo, listJobs, usedForbiddenTools } from "./support/gitlab-ci-local.ts";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/**
 * templates/gitlab-ci.yml: the classic include template for GitLab 16.6 up to 18.5, generated from
 * the component (test/generated.test.ts checks it is fresh). Here: that it is the component's jobs,
 * that its default cli is this package's release, that it uses only what GitLab 16.6 knows, and a
 * full cycle through gitlab-ci-local, included with `include: project:` at a tag of a git server.
 */
const CLASSIC = path.join(ROOT, "templates/gitlab-ci.yml");
const COMPONENT = path.join(ROOT, "templates/blue-green.yml");
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

interface Input {
  description?: string;
  default?: unknown;
  type?: string;
  options?: unknown[];
  regex?: string;
}
type Jobs = Record<string, Record<string, unknown>>;
const parse = (file: string) =>
  loadAll(readFileSync(file, "utf8")) as [{ spec: { inputs: Record<string, Input>; component?: unknown } }, Jobs];
const [classicHeader, classicJobs] = parse(CLASSIC);
const [componentHeader, componentJobs] = parse(COMPONENT);
const HIDDEN = ".bluegreen-$[[ inputs.environment ]]";

describe("the classic include template (GitLab 16.6 to 18.5)", () => {
  it("runs the npm package of the release it ships in by default: package.json's name and version", () => {
    expect(classicHeader.spec.inputs.cli?.default).toBe(`npx --yes ${PACKAGE.name}@${PACKAGE.version}`);
    const text = readFileSync(CLASSIC, "utf8");
    // The header's include example names the same release tag.
    expect(text).toContain(`ref: v${PACKAGE.version}`);
    expect(text).toMatch(/^# Needs GitLab 16\.6 or later/m);
  });

  it("has the component's inputs, and the component's jobs, except what needs spec: component", () => {
    const { cli: classicCli, ...classicInputs } = classicHeader.spec.inputs;
    const { cli: componentCli, ...componentInputs } = componentHeader.spec.inputs;
    expect(classicInputs).toEqual(componentInputs);
    expect(componentCli?.default).toBe("");
    expect(classicCli?.description).toBeTruthy();
    expect(classicHeader.spec.component).toBeUndefined();

    expect(Object.keys(classicJobs)).toEqual(Object.keys(componentJobs));
    for (const name of Object.keys(componentJobs)) {
      if (name === HIDDEN) continue;
      expect(classicJobs[name], name).toEqual(componentJobs[name]);
    }
    const { variables: classicVariables, before_script: classicSetup, ...classicHidden } = classicJobs[HIDDEN] as Record<string, unknown>;
    const {
      variables: componentVariables,
      before_script: componentSetup,
      ...componentHidden
    } = componentJobs[HIDDEN] as Record<string, unknown>;
    expect(classicHidden).toEqual(componentHidden);
    const { BLUEGREEN_COMPONENT_VERSION, ...rest } = componentVariables as Record<string, string>;
    expect(BLUEGREEN_COMPONENT_VERSION).toBe("$[[ component.version ]]");
    expect(classicVariables).toEqual(rest);
    // The setup differs only in how an empty cli is handled; the bluegreen() function is the same.
    expect((classicSetup as string[]).length).toBe((componentSetup as string[]).length);
    expect((classicSetup as string[]).join("\n")).toContain('bluegreen() { eval "$BLUEGREEN_CLI \\"\\$@\\""; }');
    expect((classicSetup as string[]).join("\n")).not.toMatch(/component\.version|BLUEGREEN_COMPONENT_VERSION/);
  });

  it("is included in the docs and its own header only with inputs it declares, at a release tag", () => {
    const docs = readFileSync(path.join(ROOT, "docs/pipelines.md"), "utf8");
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    // The header's example, uncommented.
    const header = readFileSync(CLASSIC, "utf8").match(/^# {3}include:\n(?:# {3,}.*\n)+/m)?.[0] ?? "";
    blocks.push(header.replace(/^# {3}/gm, ""));
    let includes = 0;
    for (const block of blocks) {
      const doc = load(block) as
        | { include?: { project?: string; remote?: string; file?: string; ref?: string; inputs?: object }[] }
        | undefined;
      for (const include of doc?.include ?? []) {
        if (!(include.file ?? include.remote ?? "").endsWith("templates/gitlab-ci.yml")) continue;
        includes++;
        expect(Object.keys(include.inputs ?? {}).filter((name) => !(name in classicHeader.spec.inputs))).toEqual([]);
        // At a release tag: the default cli is that release's package.
        if (include.project) expect(include.ref).toMatch(/^v\d+\.\d+\.\d+$/);
        else expect(include.remote).toMatch(/\/-\/raw\/v\d+\.\d+\.\d+\//);
      }
    }
    expect(includes).toBe(2);
  });

  /*
   * What GitLab 16.6 knows, with where each fact comes from. gitlab-ci-local implements today's
   * GitLab, so a green run there says nothing about an older one: this list is the check.
   * - spec:inputs and include:inputs: GitLab 15.11 (beta), GA 17.0 (doc/ci/yaml/inputs.md, history:
   *   "Introduced in GitLab 15.11 as a beta feature", "Made generally available in GitLab 17.0");
   *   include with inputs on project/remote/local from 16.0 (issue 18's survey of the floors).
   * - spec:inputs:default: 15.11 (doc/ci/yaml/index.md, spec:inputs:default history).
   * - spec:inputs:description: 16.5 (doc/ci/yaml/index.md: "Introduced in GitLab 16.5", gitlab-org/gitlab#415637).
   * - spec:inputs:regex: 16.5 (doc/ci/yaml/index.md: "Introduced in GitLab 16.5", gitlab-org/gitlab#410836, MR !132574).
   * - spec:inputs:options: 16.6 (doc/ci/yaml/index.md: "Introduced in GitLab 16.6", gitlab-org/gitlab#393401).
   * - spec:inputs:type: 16.6 (gitlab-org/gitlab#390458; the keyword reference keeps no version note for it).
   *   Not `array` (a later type) and not `rules` on inputs (17.x).
   * - spec:component: 18.6 (the component's pin): forbidden here.
   * - interpolation functions ($[[ inputs.x | expand_vars ]]): forbidden too (none needed).
   * - job keywords: stage, image, script, before_script, variables, extends (11.3), needs (12.2),
   *   rules with if/when/allow_failure (12.3, 12.8), interruptible (12.3), resource_group (12.7),
   *   artifacts with when/paths/expose_as (12.5)/reports:dotenv (12.9), environment with name/url/
   *   action/deployment_tier (13.10): all in the keyword reference of 16.x without a later version note.
   * - environment:action start/prepare/stop/verify/access: the reference's table (verify and access
   *   carry no version note: older than the history GitLab keeps; not 17.7's auto_stop_in for them).
   */
  const INPUT_KEYS = ["description", "default", "type", "options", "regex"];
  const INPUT_TYPES = ["string", "number", "boolean"];
  const JOB_KEYS = [
    "stage",
    "image",
    "script",
    "before_script",
    "variables",
    "extends",
    "needs",
    "rules",
    "interruptible",
    "resource_group",
    "artifacts",
    "environment",
  ];
  const RULE_KEYS = ["if", "when", "allow_failure"];
  const ARTIFACT_KEYS = ["when", "paths", "expose_as", "reports"];
  const REPORT_KEYS = ["dotenv"];
  const ENVIRONMENT_KEYS = ["name", "url", "action", "deployment_tier"];
  const ENVIRONMENT_ACTIONS = ["start", "prepare", "stop", "verify", "access"];

  it("uses only keywords GitLab 16.6 knows", () => {
    const unknown: string[] = [];
    const only = (where: string, value: unknown, allowed: string[]) => {
      for (const key of Object.keys((value ?? {}) as object)) if (!allowed.includes(key)) unknown.push(`${where}.${key}`);
    };
    only("header", classicHeader, ["spec"]);
    only("spec", classicHeader.spec, ["inputs"]);
    for (const [name, input] of Object.entries(classicHeader.spec.inputs)) {
      only(`spec.inputs.${name}`, input, INPUT_KEYS);
      if (input.type !== undefined && !INPUT_TYPES.includes(input.type)) unknown.push(`spec.inputs.${name}.type: ${input.type}`);
      // 16.6 allows regex only on string inputs, and options only on string or number ones.
      if (input.regex !== undefined && input.type !== undefined && input.type !== "string")
        unknown.push(`spec.inputs.${name}.regex on ${input.type}`);
      if (input.options !== undefined && input.type === "boolean") unknown.push(`spec.inputs.${name}.options on boolean`);
    }
    for (const [name, job] of Object.entries(classicJobs)) {
      only(name, job, JOB_KEYS);
      for (const [index, rule] of ((job.rules ?? []) as object[]).entries()) only(`${name}.rules[${index}]`, rule, RULE_KEYS);
      only(`${name}.artifacts`, job.artifacts, ARTIFACT_KEYS);
      only(`${name}.artifacts.reports`, (job.artifacts as { reports?: object } | undefined)?.reports, REPORT_KEYS);
      if (typeof job.environment === "object") {
        only(`${name}.environment`, job.environment, ENVIRONMENT_KEYS);
        const action = (job.environment as { action?: string }).action;
        if (action !== undefined && !ENVIRONMENT_ACTIONS.includes(action)) unknown.push(`${name}.environment.action: ${action}`);
      }
    }
    expect(unknown).toEqual([]);
    // Every interpolation is a declared input, plain: no component.*, no functions.
    const text = readFileSync(CLASSIC, "utf8");
    const blocks = [...text.matchAll(/\$\[\[(.*?)\]\]/g)].map((match) => (match[1] as string).trim());
    expect(blocks.length).toBeGreaterThan(50);
    for (const block of blocks) {
      const match = /^inputs\.([a-z0-9-]+)$/.exec(block);
      expect(match, `$[[ ${block} ]]`).not.toBeNull();
      expect(classicHeader.spec.inputs, block).toHaveProperty(match?.[1] as string);
    }
  });
});

describe("a project including templates/gitlab-ci.yml at a release tag (include: project:), run by gitlab-ci-local", () => {
  let server: GitServer;
  let repo: string;
  let stubs: string;
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  const tag = `v${PACKAGE.version}`;

  // gitlab-ci-local runs whole jobs: generous limits for a loaded 2-core machine.
  beforeAll(async () => {
    execFileSync("rsync", ["--version"], { stdio: "ignore" });
    server = await startGitServer(mkdtempSync(path.join(tmpdir(), "bluegreen-git-")));
    // The bluegreen project as a GitLab instance serves it: templates/gitlab-ci.yml at the release tag.
    publishComponent(server, "bluegreen-deploy/bluegreen", CLASSIC, [tag], "templates/gitlab-ci.yml");
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    // npx as the runner finds it, minus the registry: it records what it was asked to run and runs
    // this checkout's bundle instead (no network in tests).
    stubs = mkdtempSync(path.join(tmpdir(), "bluegreen-npx-"));
    writeFileSync(
      path.join(stubs, "npx"),
      `#!/bin/sh\necho "$1 $2" >> "${path.join(stubs, "npx-calls")}"\nshift 2\nexec "${process.execPath}" "${BUNDLE}" "$@"\n`,
      { mode: 0o755 },
    );
    const pipeline = {
      stages: ["deploy"],
      include: [
        {
          project: "bluegreen-deploy/bluegreen",
          ref: tag,
          file: "/templates/gitlab-ci.yml",
          inputs: {
            backend: "haproxy",
            version: "v2",
            timeout: 20,
            "test-requests": 20,
            "haproxy-socket": haproxy.socket,
            "haproxy-map": haproxy.mapFile,
            "deploy-command": `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`,
            "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
            "verify-url": `http://127.0.0.1:${haproxy.wwwPort}`,
            "version-path": "/version",
          },
        },
      ],
    };
    repo = mkdtempSync(path.join(tmpdir(), "bluegreen-classic-"));
    initRepo(repo, `${server.url}/acme/shop.git`);
    writeFileSync(path.join(repo, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "pipeline");
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
    await server?.close();
  });

  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (await (await fetch(`http://127.0.0.1:${haproxy.wwwPort}/version`)).text()).trim();
  const npxCalls = () => readFileSync(path.join(stubs, "npx-calls"), "utf8").trim().split("\n");

  it("gets the four jobs on the default branch, promote a blocking manual gate; a feature branch gets none", async () => {
    const byName = Object.fromEntries((await listJobs(repo)).map((job) => [job.name, job]));
    expect(Object.keys(byName).sort()).toEqual(
      ["bluegreen-production-prepare", "bluegreen-production-test", "bluegreen-production-promote", "bluegreen-production-rollback"].sort(),
    );
    expect(byName["bluegreen-production-promote"]).toMatchObject({ when: "manual", allow_failure: false });
    expect(byName["bluegreen-production-rollback"]).toMatchObject({ when: "manual", allow_failure: true, needs: [] });
    // The included file is the one at the tag, as gitlab-ci-local fetched it.
    const fetched = path.join(repo, ".gitlab-ci-local/includes", server.fqdn.split(":")[0] as string, "bluegreen-deploy/bluegreen", tag);
    expect(readFileSync(path.join(fetched, "templates/gitlab-ci.yml"), "utf8")).toBe(readFileSync(CLASSIC, "utf8"));

    const feature = mkdtempSync(path.join(tmpdir(), "bluegreen-classic-feature-"));
    execFileSync("git", ["clone", "-q", repo, feature]);
    git(feature, "remote", "set-url", "origin", `${server.url}/acme/shop.git`);
    git(feature, "checkout", "-q", "-b", "feature/login");
    expect((await listJobs(feature)).map((job) => job.name)).toEqual([]);
    const mergeRequest = await listJobs(repo, { variables: { CI_PIPELINE_SOURCE: "merge_request_event" } });
    expect(mergeRequest.map((job) => job.name)).toEqual([]);
  }, 180_000);

  it("runs prepare, test, promote and rollback with the default cli: the npm package of this release", async () => {
    const prepared = await gitlabCiLocal(repo, ["bluegreen-production-prepare"], { path: [stubs] });
    expect(prepared.code, prepared.output).toBe(0);
    expect(prepared.output).toContain("Prepared v2 on green; production stays on blue.");
    expect(await map()).toMatch(/^active blue$/m);
    expect(green.version).toBe("v2");

    const tested = await gitlabCiLocal(repo, ["bluegreen-production-test"], { path: [stubs] });
    expect(tested.code, tested.output).toBe(0);
    // prepare's dotenv report reached the next job as variables.
    expect(tested.output).toContain("bluegreen: before this job: active=blue target=green version=v2");
    // The job log shows the switch promote would make in plain words (the exact map writes are details, in the report).
    expect(tested.output).toContain("promote would: switch production blue → green and preview green → blue in map");

    const promoted = await gitlabCiLocal(repo, ["bluegreen-production-promote"], { path: [stubs] });
    expect(promoted.code, promoted.output).toBe(0);
    expect(promoted.output).toContain("Production switched from blue to green (v2).");
    expect(await map()).toMatch(/^active green$/m);
    expect(await live()).toBe("v2");

    const rolledBack = await gitlabCiLocal(repo, ["bluegreen-production-rollback"], { path: [stubs] });
    expect(rolledBack.code, rolledBack.output).toBe(0);
    expect(rolledBack.output).toContain("Production rolled back from green to blue");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await live()).toBe("v1");

    // prepare, test, the promote job's test and promote, rollback: each this exact release.
    expect(npxCalls()).toEqual(Array(5).fill(`--yes ${PACKAGE.name}@${PACKAGE.version}`));
    expect(usedForbiddenTools(repo), "gitlab-ci-local ran docker, podman or ssh").toBe(false);
  }, 300_000);

  it("is also included with include: remote: and inputs (the file served over HTTP)", async () => {
    const files = http.createServer((request, response) => {
      if (request.url === `/bluegreen-deploy/bluegreen/-/raw/${tag}/templates/gitlab-ci.yml`) response.end(readFileSync(CLASSIC));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = files.address() as AddressInfo;
      const other = mkdtempSync(path.join(tmpdir(), "bluegreen-classic-remote-"));
      initRepo(other, `${server.url}/acme/remote.git`);
      const pipeline = {
        include: [
          {
            remote: `http://127.0.0.1:${port}/bluegreen-deploy/bluegreen/-/raw/${tag}/templates/gitlab-ci.yml`,
            inputs: { environment: "staging", backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile },
          },
        ],
      };
      writeFileSync(path.join(other, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
      git(other, "add", "-A");
      git(other, "commit", "-q", "-m", "pipeline");
      expect((await listJobs(other)).map((job) => job.name).sort()).toEqual(
        ["bluegreen-staging-prepare", "bluegreen-staging-promote", "bluegreen-staging-rollback", "bluegreen-staging-test"].sort(),
      );
    } finally {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  }, 120_000);

  it("with cli set empty, stops with one sentence and exit code 2 before touching the router", async () => {
    const other = mkdtempSync(path.join(tmpdir(), "bluegreen-classic-empty-"));
    initRepo(other, `${server.url}/acme/other.git`);
    const pipeline = {
      include: [
        {
          project: "bluegreen-deploy/bluegreen",
          ref: tag,
          file: "/templates/gitlab-ci.yml",
          inputs: { backend: "haproxy", cli: "", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile },
        },
      ],
    };
    writeFileSync(path.join(other, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
    git(other, "add", "-A");
    git(other, "commit", "-q", "-m", "pipeline");
    const before = await haproxy.command(`show map ${haproxy.mapFile}`);
    const calls = npxCalls().length;
    const run = await gitlabCiLocal(other, ["bluegreen-production-prepare"], { path: [stubs] });
    expect(run.output).toContain("bluegreen: the cli input is empty: leave it out to run the npm package of this template's release");
    expect(run.output).toMatch(/bluegreen-production-prepare finished in .* FAIL 2/);
    expect(await haproxy.command(`show map ${haproxy.mapFile}`)).toBe(before);
    expect(npxCalls()).toHaveLength(calls);
  }, 120_000);
});
