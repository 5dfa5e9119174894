import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../src/backends/registry.js";
import { isOlder, NODE_MINIMUM, nodeMinimum, nodeVersionProblem, requestedBackend } from "../src/node-version.js";
import { FRONTENDS, KEY_ENV, startWorld, type World } from "./ovh/world.js";
import { BUNDLE } from "./support/action.js";
import { haproxyCycle, runCommand } from "./support/cli-cycle.js";

/**
 * The machine's own Node (Debian's /usr/bin/node, 20.x here), not the project's Node 24: the Node a
 * user who runs `npx` on a distribution gets. BLUEGREEN_OLD_NODE points elsewhere on other machines.
 */
const OLD_NODE = process.env.BLUEGREEN_OLD_NODE ?? "/usr/bin/node";
const oldVersion = existsSync(OLD_NODE) ? execFileSync(OLD_NODE, ["-p", "process.versions.node"], { encoding: "utf8" }).trim() : "";
// The tests below need a Node that runs bluegreen but not its Kubernetes backends (20.x up to 22.18).
const haveOldNode = oldVersion !== "" && !isOlder(oldVersion, NODE_MINIMUM) && isOlder(oldVersion, nodeMinimum("k8s-service"));

describe("the Node.js check (in-process)", () => {
  it("compares versions numerically", () => {
    expect(isOlder("20.20.2", "22.19.0")).toBe(true);
    expect(isOlder("22.18.9", "22.19.0")).toBe(true);
    expect(isOlder("22.19.0", "22.19.0")).toBe(false);
    expect(isOlder("v22.20.0", "22.19.0")).toBe(false);
    expect(isOlder("24.21.0", "22.19.0")).toBe(false);
    expect(isOlder("100.0.0", "22.19.0")).toBe(false);
    expect(isOlder("9.11.2", "20.0.0")).toBe(true);
    expect(isOlder("25.0.0-nightly20261101", "24.0.0")).toBe(false);
  });

  it("is asked of every backend whose descriptor needs a newer Node.js (k8s-gateway too)", () => {
    const needing = BACKENDS.filter((backend) => backend.node).map((backend) => backend.kind);
    expect(needing).toEqual(["k8s-service", "openshift-route", "k8s-gateway"]);
    for (const kind of needing)
      expect(nodeVersionProblem("20.20.2", kind), kind).toMatch(new RegExp(`^Node\\.js 20\\.20\\.2 is too old for backend "${kind}"`));
  });

  it("names the version found, the version needed and the backend, in one sentence", () => {
    expect(nodeVersionProblem("20.20.2", "k8s-service")).toBe(
      'Node.js 20.20.2 is too old for backend "k8s-service": it needs Node.js 22.19.0 or newer (its Kubernetes client, @kubernetes/client-node, does not load on older versions); the dns, haproxy, ipLoadbalancing and ovh-dns backends run on Node.js 20.0.0 and newer.',
    );
    expect(nodeVersionProblem("22.18.0", "openshift-route")).toMatch(
      /^Node\.js 22\.18\.0 is too old for backend "openshift-route": it needs Node\.js 22\.19\.0/,
    );
    expect(nodeVersionProblem("18.20.4", "haproxy")).toBe("Node.js 18.20.4 is too old for bluegreen: it needs Node.js 20.0.0 or newer.");
    expect(nodeVersionProblem("18.20.4", undefined)).toMatch(/too old for bluegreen/);
    for (const [version, backend] of [
      ["20.20.2", "haproxy"],
      ["20.0.0", "ipLoadbalancing"],
      ["20.20.2", undefined],
      ["20.20.2", "nginx"], // an unknown backend is the input check's business, with its own sentence
      ["22.19.0", "k8s-service"],
      ["24.21.0", "openshift-route"],
    ] as const) {
      expect(nodeVersionProblem(version, backend), `${version} ${backend}`).toBeUndefined();
    }
  });

  it("reads the backend the way the run will: --backend, --backend=, then INPUT_BACKEND", () => {
    expect(requestedBackend(["promote", "--backend", "k8s-service"], {})).toBe("k8s-service");
    expect(requestedBackend(["promote", "--backend=openshift-route"], { INPUT_BACKEND: "haproxy" })).toBe("openshift-route");
    expect(requestedBackend(["promote"], { INPUT_BACKEND: " k8s-service " })).toBe("k8s-service");
    expect(requestedBackend([], { INPUT_BACKEND: "" })).toBeUndefined();
    expect(requestedBackend([], {})).toBeUndefined();
  });
});

describe.skipIf(!haveOldNode)(`bluegreen on the machine's Node.js ${oldVersion || "(none found)"} (${OLD_NODE})`, () => {
  const kubeconfig = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-node-")), "kubeconfig");
  beforeAll(() => {
    // A cluster that does not exist: the run must stop at the Node check, long before any request.
    writeFileSync(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t0ken-never-sent}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n",
    );
  });

  const sentence = (backend: string) =>
    `Node.js ${oldVersion} is too old for backend "${backend}": it needs Node.js 22.19.0 or newer (its Kubernetes client, @kubernetes/client-node, does not load on older versions); the dns, haproxy, ipLoadbalancing and ovh-dns backends run on Node.js 20.0.0 and newer.`;

  it.each(BACKENDS.filter((backend) => backend.node).map((backend) => backend.kind))(
    "the CLI with --backend %s prints one sentence and exits 2, no stack trace",
    async (backend) => {
      const run = await runCommand([OLD_NODE, BUNDLE], ["promote", "--backend", backend, "--app", "shop"], { KUBECONFIG: kubeconfig });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`bluegreen: ${sentence(backend)}\n`);
      // Before the check existed, the Kubernetes client died inside undici on Node 20.
      expect(run.stderr).not.toMatch(/reading 'bind'|\n\s+at /);
    },
  );

  it("INPUT_BACKEND counts too (a GitLab variable), and the action door says it as a GitHub error", async () => {
    const fromEnv = await runCommand([OLD_NODE, BUNDLE], ["prepare", "--app", "shop"], { INPUT_BACKEND: "k8s-service" });
    expect({ code: fromEnv.code, stderr: fromEnv.stderr }).toEqual({ code: 2, stderr: `bluegreen: ${sentence("k8s-service")}\n` });

    const action = await runCommand([OLD_NODE, BUNDLE], [], {
      GITHUB_ACTIONS: "true",
      INPUT_MODE: "promote",
      INPUT_BACKEND: "openshift-route",
      INPUT_APP: "shop",
      KUBECONFIG: kubeconfig,
    });
    expect({ code: action.code, stdout: action.stdout, stderr: action.stderr }).toEqual({
      code: 2,
      stdout: `::error::${sentence("openshift-route")}\n`,
      stderr: "",
    });
  });

  it("--version and --help work (no backend is loaded)", async () => {
    expect((await runCommand([OLD_NODE, BUNDLE], ["--version"])).code).toBe(0);
    const help = await runCommand([OLD_NODE, BUNDLE], ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Node.js: 20.0.0 or newer; k8s-service, openshift-route and k8s-gateway need 22.19.0 or newer.");
  });

  it("runs a full HAProxy cycle (prepare, test, promote, rollback)", async () => {
    await haproxyCycle([OLD_NODE, BUNDLE]);
  });

  describe("ipLoadbalancing", () => {
    let world: World;
    afterAll(async () => {
      await world?.close();
    });

    it("promotes and rolls back through the OVH client", async () => {
      world = await startWorld();
      // This test gives its own deploy-command to prepare: not the world's "none".
      const { "deploy-command": _none, ...inputs } = world.inputs;
      // --output env: stdout holds the step outputs alone (name=value lines), the log goes to stderr.
      const flags = [...Object.entries(inputs).flatMap(([name, value]) => [`--${name}`, value]), "--output", "env"];
      const env = { ...world.env, ...KEY_ENV };
      // The farm the Load Balancer applies on port 80 (after the refresh), not only the configured one.
      const live = () => world.fake.liveFarm(FRONTENDS.www80);
      expect(live()).toBe(11);

      // Prepare with the deploy command, then promote: production moves to green's farms.
      const deploy = `${process.execPath} ${path.join(import.meta.dirname, "ovh/record-deploy.mjs")} ${path.join(world.dir, "deploy.json")}`;
      const prepared = await runCommand([OLD_NODE, BUNDLE], ["prepare", ...flags, "--version", "v2", "--deploy-command", deploy], env);
      expect(prepared.code, prepared.stdout + prepared.stderr).toBe(0);
      const promoted = await runCommand([OLD_NODE, BUNDLE], ["promote", ...flags, "--version", "v2"], env);
      expect(promoted.code, promoted.stdout + promoted.stderr).toBe(0);
      expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", changed: "true" });
      expect(live()).toBe(21);

      const rolledBack = await runCommand([OLD_NODE, BUNDLE], ["rollback", ...flags], env);
      expect(rolledBack.code, rolledBack.stdout + rolledBack.stderr).toBe(0);
      expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", changed: "true" });
      expect(live()).toBe(11);
    });
  });
});
