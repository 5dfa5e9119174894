import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INPUTS } from "../src/input-names.js";
import { BUNDLE, ROOT } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const OUTPUT_NAMES = [
  "active-color",
  "previous-color",
  "target-color",
  "version",
  "changed",
  "plan",
  "durable",
  "ref",
  "environment-url",
  "deployment-id",
  "propagation-ms",
];

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs the bundle as a person would, `node dist/index.js <args>`, outside any CI (no GITHUB_*, INPUT_*, GITLAB_CI). */
async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && key !== "GITLAB_CI" && key !== "CI")
      env[key] = value;
  }
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [BUNDLE, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  const outputs: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /^([a-z-]+)=(.*)$/.exec(line);
    if (match && OUTPUT_NAMES.includes(match[1] as string)) outputs[match[1] as string] = match[2] as string;
  }
  return { code, stdout, stderr, outputs };
}

interface ActionInput {
  description: string;
  required?: boolean;
  default?: unknown;
}

describe("the CLI's input list", () => {
  const action = load(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, ActionInput> };

  it("names exactly the inputs of action.yml", () => {
    const listed = new Set(INPUTS.map((input) => input.name));
    const declared = Object.keys(action.inputs);
    const missing = declared.filter((name) => !listed.has(name));
    const extra = [...listed].filter((name) => !declared.includes(name));
    expect(
      { missing, extra },
      "src/input-names.ts must list every input of action.yml (same name, description, default): the CLI's flags and --help come from it",
    ).toEqual({ missing: [], extra: [] });
    expect(listed.size, "an input is listed twice in src/input-names.ts").toBe(INPUTS.length);
  });

  it("has action.yml's description, default and required flag for each input", () => {
    for (const input of INPUTS) {
      const declared = action.inputs[input.name] as ActionInput;
      expect({ name: input.name, description: input.description }).toEqual({ name: input.name, description: declared.description });
      expect({ name: input.name, default: input.default }).toEqual({
        name: input.name,
        default: declared.default === undefined ? undefined : String(declared.default),
      });
      expect({ name: input.name, required: input.required ?? false }).toEqual({ name: input.name, required: declared.required ?? false });
      const isBoolean = declared.default === "true" || declared.default === "false" || typeof declared.default === "boolean";
      expect({ name: input.name, boolean: input.boolean ?? false }).toEqual({ name: input.name, boolean: isBoolean });
    }
  });
});

describe("CLI usage", () => {
  it("--help lists the common flags, and with a backend that backend's flags, in short lines; exits 0", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: bluegreen <prepare\|test\|promote\|rollback\|status> --backend <name>/);
    const firstWords = (input: (typeof INPUTS)[number]) => input.descriptor.description.slice(0, 30);
    for (const input of INPUTS.filter((i) => i.name !== "mode" && !i.backends)) {
      expect(run.stdout).toContain(`--${input.name}`);
      expect(run.stdout).toContain(firstWords(input));
    }
    // Another backend's flags are not listed; the backends are, by name.
    expect(run.stdout).not.toContain("--haproxy-socket");
    expect(run.stdout).toContain("Backends: ipLoadbalancing, k8s-service, openshift-route, haproxy, k8s-gateway, dns");
    expect(run.stdout).toContain("Exit codes: 0 success, 1 the step failed");
    const lines = run.stdout.trimEnd().split("\n");
    // 37 lines when written; live-version, notify and notify-format are three more common flags.
    expect(lines.length).toBeLessThanOrEqual(40);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);

    const haproxy = await cli(["--help", "haproxy"]);
    expect(haproxy.code).toBe(0);
    for (const input of INPUTS.filter((i) => i.backends?.includes("haproxy"))) {
      expect(haproxy.stdout).toContain(`--${input.name}`);
      expect(haproxy.stdout).toContain(firstWords(input));
    }
    expect(haproxy.stdout).not.toContain("--kubeconfig");
    expect((await cli(["promote", "-h"])).code).toBe(0);
  });

  it("--version alone prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    const run = await cli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [["promote", "--backend", "haproxy", "--haproxy-sockett", "/x"], /unknown flag --haproxy-sockett \(did you mean --haproxy-socket\?\)/],
    [
      ["promote", "--frobnicate"],
      /unknown flag --frobnicate; flags are the action's inputs \(bluegreen --help lists them\), e\.g\. --backend haproxy\./,
    ],
    [["promote", "--backend"], /--backend needs a value, e\.g\. --backend haproxy\./],
    [["promote", "--backend", "--dry-run"], /--backend needs a value \(got the flag --dry-run; write --backend=--dry-run/],
    [["promote", "--version"], /--version needs a value, e\.g\. --version v2 \(bluegreen's own version: bluegreen --version, alone\)\./],
    [["--backend", "haproxy"], /the mode is missing; write it first: .*e\.g\. bluegreen status --backend haproxy\./],
    [["deploy", "--backend", "haproxy"], /unknown mode "deploy"; modes: prepare, test, promote, rollback/],
    [["promte", "--backend", "haproxy"], /unknown mode "promte"; .*did you mean bluegreen promote --backend haproxy\?/],
    [
      ["--promote", "--backend", "haproxy"],
      /unknown flag --promote; the mode is written without dashes, e\.g\. bluegreen promote --backend haproxy\./,
    ],
    [["promote", "rollback"], /unexpected argument "rollback": the mode is given once, .*e\.g\. bluegreen rollback --backend haproxy\./],
    [
      ["promote", "--backend", "haproxy", "--backend=haproxy"],
      /--backend is given twice \("haproxy", then "haproxy"\); give it once, e\.g\. --backend haproxy\./,
    ],
    [["promote", "--mode", "promote"], /--mode is given twice/],
    [["promote", "-x"], /"-x" is not a flag; flags look like --name value or --name=value, e\.g\. --backend haproxy\./],
    [
      ["promote", "--dry-run", "yes"],
      /--dry-run takes no value \("yes"\); write --dry-run or --dry-run=true \(--dry-run=false to turn it off\)\./,
    ],
    [["--dry-run", "yes", "promote"], /--dry-run takes no value \("yes"\)/],
    [["promote", "--dry-run=yes"], /--dry-run=yes is not allowed: --dry-run takes true or false; write --dry-run or --dry-run=false\./],
    [
      ["prepare", "--deploy-command", "./deploy.sh", "v2"],
      /unexpected argument "v2" after --deploy-command \.\/deploy\.sh: a flag takes one value; quote a value with spaces, e\.g\. --deploy-command "\.\/deploy\.sh v2"\./,
    ],
    [
      ["promote", "--github-token", "abc", "secretpart"],
      /unexpected argument after --github-token: .*INPUT_GITHUB_TOKEN=\.\.\. bluegreen promote/,
    ],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Run "bluegreen --help"');
    expect(run.stdout).toBe("");
    // A word that may be part of a secret is never repeated.
    expect(run.stderr).not.toContain("secretpart");
  });

  it("no arguments outside a GitHub runner prints the usage and exits 2", async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^Usage: bluegreen <prepare\|test\|promote\|rollback\|status> --backend <name>/);
    // Even with inputs in the environment: without GITHUB_ACTIONS=true this is not the action's door.
    const withInputs = await cli([], { INPUT_MODE: "promote", INPUT_BACKEND: "haproxy" });
    expect(withInputs.code).toBe(2);
    expect(withInputs.stderr).toMatch(/^Usage: bluegreen /);
  });

  it("no arguments on a GitHub runner runs the action from INPUT_* variables", async () => {
    const run = await cli([], { GITHUB_ACTIONS: "true", INPUT_MODE: "deploy", INPUT_BACKEND: "haproxy" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::Input "mode": "deploy" is not allowed; allowed values: prepare, test, promote, rollback, status.',
    );
    expect(run.stderr).not.toContain("Usage:");
  });

  it("a misspelt safety input in the environment fails the step before the router is read, naming the variable to set", async () => {
    // No HAProxy at that socket: the typo is found first, so nothing is even contacted.
    const run = await cli(["promote", "--backend", "haproxy", "--haproxy-socket", "/nonexistent.sock", "--haproxy-map", "/x.map"], {
      INPUT_VERFY_URL: "http://127.0.0.1:9/",
      INPUT_API: "1",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Input "verify-url": INPUT_VERFY_URL is not a bluegreen input, so verify-url would silently keep its default and this step would run without what you set; nothing was changed: rename it verify-url (INPUT_VERIFY_URL).',
    );
    expect(run.stdout).not.toContain("cannot reach the HAProxy Runtime API");
    // INPUT_API is one letter from app, but too short to call a typo: another tool's variable is left alone.
    expect(run.stdout + run.stderr).not.toContain("INPUT_API");
  });

  it("an invalid input value fails the step (exit 1) with the action's sentence", async () => {
    const run = await cli(["promote", "--backend", "nginx"]);
    expect(run.code).toBe(1);
    // Once: the log's closing line (no second "error:" line on stderr).
    expect(run.stderr).not.toContain('Input "backend"');
    expect(run.stdout).toContain(
      'Input "backend": "nginx" is not allowed; allowed values: ipLoadbalancing, k8s-service, openshift-route, haproxy, k8s-gateway, dns, ovh-dns.',
    );
  });
});

describe("CLI against a real HAProxy", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (await (await fetch(`http://127.0.0.1:${haproxy.wwwPort}/version`)).text()).trim();

  it("runs prepare, test, promote (dry-run first) and rollback with flags", async () => {
    // Both flag spellings; the map path comes from the environment as a GitLab variable would pass it.
    // --output env: stdout is only the step outputs, the log goes to stderr.
    const common = ["--backend", "haproxy", `--haproxy-socket=${haproxy.socket}`, "--timeout", "20", "--output", "env"];
    const env = { INPUT_HAPROXY_MAP: haproxy.mapFile };

    const prepared = await cli(["prepare", ...common, "--version", "v2", "--deploy-command", DEPLOY], env);
    expect(prepared.code, prepared.stdout + prepared.stderr).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(await map()).toMatch(/^preview green$/m);
    // The outputs are all stdout holds, in a fixed order.
    expect(
      prepared.stdout
        .trimEnd()
        .split("\n")
        .map((line) => line.split("=")[0]),
    ).toEqual(OUTPUT_NAMES);
    expect(prepared.stderr).toContain("bluegreen prepare (haproxy): Prepared v2 on green; production stays on blue.");

    const tested = await cli(
      ["test", ...common, "--test-url", `http://127.0.0.1:${haproxy.previewPort}`, "--version-path=/version", "--test-requests", "20"],
      env,
    );
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    // The switch in plain words by default; the Runtime API's steps with --verbose.
    expect(tested.stderr).toContain("promote would: switch production blue → green and preview green → blue in map bluegreen.map");
    expect(tested.stderr).not.toContain("set map");
    const verbose = await cli(
      ["test", ...common, "--test-url", `http://127.0.0.1:${haproxy.previewPort}`, "--test-requests", "5", "--verbose"],
      env,
    );
    expect(verbose.code, verbose.stderr).toBe(0);
    expect(verbose.stderr).toContain("promote would: set map");
    expect(verbose.stderr).toContain("; switch production blue → green and preview green → blue in map bluegreen.map");

    // A bare boolean flag: --dry-run means true. Nothing changes, the exact switch is shown.
    const dry = await cli(["promote", ...common, "--dry-run", "--require-test", "true"], env);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", changed: "false" });
    expect(dry.outputs.plan).toContain("set map");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await live()).toBe("v1");

    const promoted = await cli(["promote", ...common, "--require-test", "--verify-url", `http://127.0.0.1:${haproxy.wwwPort}`], env);
    expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(await map()).toMatch(/^active green$/m);
    expect(await live()).toBe("v2");

    const rolledBack = await cli(["rollback", ...common], env);
    expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(await map()).toMatch(/^active blue$/m);
    expect(await live()).toBe("v1");
    // No GitHub workflow commands outside GitHub: the outputs are plain lines.
    expect(rolledBack.stdout).not.toContain("::set-output");

    // After the rollback nothing is prepared, but green still holds v2: the refusal says how to take it back at once.
    const refused = await cli(["promote", ...common], env);
    expect(refused.code).toBe(1);
    // --output env: stdout holds the outputs only; the sentence is the log's, on stderr.
    expect(refused.stderr).toContain(
      "Nothing to promote: nothing was prepared since the last rollback; production stays on blue. Run prepare first, or set version to v2 (--version v2) to promote the v2 that green holds, at once.",
    );
    const atOnce = await cli(["promote", ...common, "--version", "v2"], env);
    expect(atOnce.code, atOnce.stdout + atOnce.stderr).toBe(0);
    expect(await live()).toBe("v2");
    // Back to blue for the next test.
    expect((await cli(["rollback", ...common], env)).code).toBe(0);
    expect(await live()).toBe("v1");
  });

  it("exits 1 when the step fails, and still prints the outputs it knows", async () => {
    const run = await cli([
      "promote",
      "--backend",
      "haproxy",
      "--haproxy-socket",
      haproxy.socket,
      "--haproxy-map",
      haproxy.mapFile,
      "--version",
      "v9",
      "--output",
      "env",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Version v9 is not prepared on either color");
    expect(run.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
  });
});
