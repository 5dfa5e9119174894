import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import { type ActionRun, runAction } from "../support/action.js";
import type { K8sObject } from "./fake-api.js";
import { SHOP_MANIFESTS } from "./manifest-fixtures.js";
import { useFakeCluster } from "./world.js";

function published(run: ActionRun): string {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n");
}

const GREETING = SHOP_MANIFESTS["deployment.yaml"];

describe("prepare from the team's manifests and with deploy-command (k8s-service), through the bundled action", () => {
  const world = useFakeCluster("shop", "k8s-service");
  const runs: ActionRun[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-manifests-"));
  /** Writes the manifests with this GREETING and returns the manifests input (absolute globs, as a workspace path would be). */
  const manifests = (greeting: string, replicas?: number) => {
    const text = GREETING.replace("value: hello", `value: ${greeting}`);
    writeFileSync(
      path.join(dir, "deployment.yaml"),
      replicas === undefined ? text : text.replace("spec:\n", `spec:\n  replicas: ${replicas}\n`),
    );
    writeFileSync(path.join(dir, "config.yaml"), SHOP_MANIFESTS["config.yaml"]);
    return `${dir}/deployment.yaml\n${dir}/*.yaml`;
  };
  const run = async (inputs: Record<string, string>, env: Record<string, string> = {}) => {
    // No image input: the version is a release name, the manifests say what runs.
    const result = await runAction({ ...world.inputs, image: "", ...inputs }, env);
    runs.push(result);
    return result;
  };
  const deployment = (color: string) => world.cluster.get("deployments", "default", `shop-${color}`);
  const env = (color: string) => deployment(color).spec.template.spec.containers[0].env;
  const greeting = (color: string) => env(color).find((e: K8sObject) => e.name === "GREETING")?.value;
  const service = () => world.cluster.get("services", "default", "shop");
  const ledger = () => decodeLedger(service().metadata.annotations?.["bluegreen.io/ledger"]);
  const applies = () => world.cluster.requests.filter((r) => r.method === "PATCH" && r.contentType === "application/apply-patch+yaml");

  /** `kubectl set env deployment/shop-<color> GREETING=<value>`: a strategic merge patch under field manager kubectl-set. */
  async function kubectlSetEnv(color: string, value: string): Promise<number> {
    const url = new URL(`/apis/apps/v1/namespaces/default/deployments/shop-${color}?fieldManager=kubectl-set`, world.cluster.url);
    const body = JSON.stringify({ spec: { template: { spec: { containers: [{ name: "web", env: [{ name: "GREETING", value }] }] } } } });
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method: "PATCH",
          ca: world.cluster.ca,
          headers: { authorization: `Bearer ${world.cluster.token}`, "content-type": "application/strategic-merge-patch+json" },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  it("ships a release that changes only an environment variable: prepare, test, promote", async () => {
    const before = applies().length;
    const prepared = await run({ mode: "prepare", version: "r2", manifests: manifests("hello") });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "r2", changed: "true" });

    // First a server-side dry run of every object, then the real applies, ConfigMap and Secret before the Deployment.
    const calls = applies()
      .slice(before)
      .map((r) => r.path);
    expect(calls).toEqual([
      "/api/v1/namespaces/default/configmaps/shop-config-green?dryRun=All&fieldManager=bluegreen&force=false",
      "/api/v1/namespaces/default/secrets/shop-secrets-green?dryRun=All&fieldManager=bluegreen&force=false",
      "/apis/apps/v1/namespaces/default/deployments/shop-green?dryRun=All&fieldManager=bluegreen&force=false",
      "/api/v1/namespaces/default/configmaps/shop-config-green?fieldManager=bluegreen&force=false",
      "/api/v1/namespaces/default/secrets/shop-secrets-green?fieldManager=bluegreen&force=false",
      "/apis/apps/v1/namespaces/default/deployments/shop-green?fieldManager=bluegreen&force=false",
    ]);
    expect(prepared.stdout).toContain(
      `APPLY (server-side, field manager bluegreen) deployment default/shop-green from ${dir}/deployment.yaml, document 1`,
    );

    // The objects in the cluster, one by one.
    expect(world.cluster.get("configmaps", "default", "shop-config-green")).toMatchObject({
      metadata: { labels: { environment: "green" } },
      data: { MODE: "fast" },
    });
    expect(world.cluster.get("secrets", "default", "shop-secrets-green")).toMatchObject({ stringData: { password: "s3cr3t-value" } });
    const green = deployment("green");
    expect(green.spec.selector.matchLabels).toEqual({ app: "shop", environment: "green" });
    expect(green.spec.template.metadata.labels).toEqual({ app: "shop", environment: "green" });
    expect(green.spec.template.spec.containers[0]).toMatchObject({
      name: "web",
      image: "registry.test/shop:v1",
      envFrom: [{ configMapRef: { name: "shop-config-green" } }],
    });
    expect(greeting("green")).toBe("hello");
    expect(green.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: "bluegreen", operation: "Apply" }));
    // The rollout was waited for, as with an image change.
    expect(green.status).toMatchObject({ observedGeneration: green.metadata.generation, updatedReplicas: 2, readyReplicas: 2 });
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
    expect(ledger()).toMatchObject({ versions: { green: "r2" }, pending: "green" });

    const tested = await run({ mode: "test", "test-requests": "10", "max-p95-ms": "5000" });
    expect(tested.code, tested.stdout).toBe(0);
    const promoted = await run({ mode: "promote", version: "r2", "require-test": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", changed: "true" });
    expect(service().spec.selector).toEqual({ app: "shop", environment: "green" });
  });

  it("refuses at promote a variable changed again after test, and says why", async () => {
    const prepared = await run({ mode: "prepare", version: "r3", manifests: manifests("bonjour") });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(greeting("blue")).toBe("bonjour");
    const tested = await run({ mode: "test", "test-requests": "10", "max-p95-ms": "5000" });
    expect(tested.code, tested.stdout).toBe(0);
    const testedTemplate = /template ([0-9a-f]{12})/.exec(ledger().tested?.fingerprint ?? "")?.[1];
    expect(testedTemplate).toBeDefined();

    expect(await kubectlSetEnv("blue", "hola")).toBe(200);
    await world.cluster.settle();
    const promoted = await run({ mode: "promote", version: "r3", "require-test": "true" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      new RegExp(
        `::error::Refusing to promote blue: blue changed since the test \\(was shop-blue\\[web=registry\\.test/shop:v1\\] template ${testedTemplate}, now shop-blue\\[web=registry\\.test/shop:v1\\] template (?!${testedTemplate})[0-9a-f]{12}\\)\\. Run test mode again\\.`,
      ),
    );
    expect(service().spec.selector).toEqual({ app: "shop", environment: "green" });
  });

  it("reports the fields another manager owns instead of forcing them, and takes them over with force-conflicts", async () => {
    const before = applies().length;
    const refused = await run({ mode: "prepare", version: "r4", manifests: manifests("bonjour") });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `::error::Server-side apply of Deployment default/shop-blue (from ${dir}/deployment.yaml, document 1) conflicts with fields another field manager set: .spec.template.spec.containers[name="web"].env[name="GREETING"].value (owned by "kubectl-set" using apps/v1). Nothing was forced, nothing was changed; remove those fields from the manifests, or set force-conflicts: true to take them over.`,
    );
    // Only dry runs reached the server; the hand edit stands.
    expect(
      applies()
        .slice(before)
        .every((r) => r.path.includes("dryRun=All")),
    ).toBe(true);
    expect(greeting("blue")).toBe("hola");

    const forced = await run({ mode: "prepare", version: "r4", manifests: manifests("bonjour"), "force-conflicts": "true" });
    expect(forced.code, forced.stdout).toBe(0);
    expect(applies().at(-1)?.path).toBe("/apis/apps/v1/namespaces/default/deployments/shop-blue?fieldManager=bluegreen&force=true");
    expect(greeting("blue")).toBe("bonjour");
    const kubectl = deployment("blue").metadata.managedFields.find((m: K8sObject) => m.manager === "kubectl-set");
    expect(JSON.stringify(kubectl?.fieldsV1 ?? {})).not.toContain("GREETING");
  });

  it("fails before any change on a kind the credentials may not apply, naming the file and document", async () => {
    world.cluster.forbid({ verb: "patch", resource: "secrets" });
    const before = applies().length;
    try {
      const refused = await run({ mode: "prepare", version: "r5", manifests: manifests("salut") });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(
        `::error::Input "manifests": ${dir}/config.yaml, document 2: the credentials may not apply Secret default/shop-secrets-blue (403 Forbidden: secrets "shop-secrets-blue" is forbidden: User "system:serviceaccount:ci:deployer" cannot patch resource "secrets" in API group "" in the namespace "default"); nothing was changed.`,
      );
    } finally {
      world.cluster.allowAll();
    }
    expect(
      applies()
        .slice(before)
        .every((r) => r.path.includes("dryRun=All")),
    ).toBe(true);
    expect(greeting("blue")).toBe("bonjour");
  });

  it("runs deploy-command without a shell with the color, version, Deployment and namespace, then waits for the rollout", async () => {
    const record = path.join(dir, "deploy-env.json");
    const caFile = path.join(dir, "ca.pem");
    writeFileSync(caFile, world.cluster.ca);
    // The command reads its cluster credentials from a file, as helm and kubectl do (KUBECONFIG):
    // an environment variable holding bluegreen's own token is withheld from user commands.
    const tokenFile = path.join(dir, "token");
    writeFileSync(tokenFile, world.cluster.token);
    const script = path.join(import.meta.dirname, "record-deploy.mjs");
    const prepared = await run(
      { mode: "prepare", version: "r6", "deploy-command": `"${process.execPath}" "${script}" "${record}"` },
      { FAKE_API: world.cluster.url, FAKE_TOKEN_FILE: tokenFile, FAKE_CA: caFile },
    );
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(JSON.parse(readFileSync(record, "utf8"))).toEqual({
      BLUEGREEN_COLOR: "blue",
      BLUEGREEN_VERSION: "r6",
      BLUEGREEN_DEPLOYMENT: "shop-blue",
      BLUEGREEN_NAMESPACE: "default",
      BLUEGREEN_BACKEND: "k8s-service",
    });
    const blue = deployment("blue");
    expect(env("blue")).toContainEqual({ name: "RELEASE", value: "r6" });
    expect(blue.status).toMatchObject({ observedGeneration: blue.metadata.generation, updatedReplicas: 2, readyReplicas: 2 });
    expect(ledger()).toMatchObject({ versions: { blue: "r6" }, pending: "blue" });
    const both = await run({ mode: "prepare", version: "r7", "deploy-command": "true", manifests: manifests("x") });
    expect(both.stdout).toContain('::error::Input "deploy-command": cannot be combined with manifests');
  });

  it("gives a color promote scaled down its replicas back before applying the manifests' count over them", async () => {
    const promoted = await run({ mode: "promote", version: "r6", "scale-down-replicas": "1" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(deployment("green").spec.replicas).toBe(1);
    await world.cluster.settle();
    const prepared = await run({ mode: "prepare", version: "r8", manifests: manifests("hello", 3) });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.stdout).toContain("PATCH deployment default/shop-green replicas 3 (restored after a scale-down)");
    const green = deployment("green");
    expect(green.spec.replicas).toBe(3);
    expect(green.metadata.annotations?.["bluegreen.io/scaled-down-from"]).toBeUndefined();
    expect(green.status).toMatchObject({ readyReplicas: 3, updatedReplicas: 3 });
  });

  it("never prints the kubeconfig token or a Secret's data", () => {
    expect(runs.length).toBeGreaterThan(8);
    for (const each of runs) {
      expect(published(each)).not.toContain(world.cluster.token);
      expect(published(each)).not.toContain("s3cr3t-value");
    }
  });
});
