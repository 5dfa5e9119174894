import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../src/backends/kubernetes/manifests.js";
import { renderManifests } from "../../src/backends/kubernetes/render.js";
import type { K8sObject } from "./fake-api.js";
import { SHOP_MANIFESTS } from "./manifest-fixtures.js";

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-manifests-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const rules = { app: "shop", namespace: "default", setsImage: false };

describe("manifests: read and checked before any change", () => {
  it("reads globs and paths, in file order, and renders each object for a color", () => {
    const dir = dirWith(SHOP_MANIFESTS);
    const set = loadManifests(["*.yaml"], rules, dir);
    expect(set.deployment).toMatchObject({ file: "deployment.yaml", index: 1, name: "shop" });
    expect(set.configs.map((c) => [c.file, c.index, c.kind, c.name])).toEqual([
      ["config.yaml", 1, "ConfigMap", "shop-config"],
      ["config.yaml", 2, "Secret", "shop-secrets"],
    ]);

    const rendered = renderManifests(set, "green", { app: "shop", namespace: "default", colorLabel: "environment", version: "r2" });
    expect(rendered.map((r) => `${r.kind}/${r.name}`)).toEqual([
      "ConfigMap/shop-config-green",
      "Secret/shop-secrets-green",
      "Deployment/shop-green",
    ]);
    const [configMap, secret, deployment] = rendered.map((r) => r.object) as [K8sObject, K8sObject, K8sObject];
    expect(configMap).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "shop-config-green", namespace: "default", labels: { environment: "green" } },
      data: { MODE: "fast" },
    });
    expect(secret).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shop-secrets-green", namespace: "default", labels: { environment: "green" } },
      type: "Opaque",
      stringData: { password: "s3cr3t-value" },
    });
    expect(deployment.metadata).toEqual({ name: "shop-green", namespace: "default", labels: { app: "shop", environment: "green" } });
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: "shop", environment: "green" } });
    expect(deployment.spec.template.metadata.labels).toEqual({ app: "shop", environment: "green" });
    const pod = deployment.spec.template.spec;
    const web = pod.containers[0];
    expect(web.image).toBe("registry.test/shop:v1"); // no image input: the manifest's image stands
    expect(web.envFrom).toEqual([{ configMapRef: { name: "shop-config-green" } }]);
    expect(web.env).toEqual([
      { name: "GREETING", value: "hello" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "shop-secrets-green", key: "password" } } },
      // Not in the manifests: a cluster-wide ConfigMap both colors share keeps its name.
      { name: "SHARED", valueFrom: { configMapKeyRef: { name: "cluster-wide", key: "shared" } } },
    ]);
    expect(pod.volumes).toEqual([
      { name: "config", configMap: { name: "shop-config-green" } },
      { name: "tls", secret: { secretName: "shop-secrets-green" } },
      {
        name: "bundle",
        projected: { sources: [{ configMap: { name: "shop-config-green" } }, { secret: { name: "shop-secrets-green" } }] },
      },
    ]);
    expect(pod.imagePullSecrets).toEqual([{ name: "registry-login" }]);
    // The source set is left as it was: blue renders from the same, untouched documents.
    expect(set.deployment.object.metadata.name).toBe("shop");
    const blue = renderManifests(set, "blue", {
      app: "shop",
      namespace: "default",
      colorLabel: "environment",
      image: "registry.test/shop",
      version: "v7",
    });
    expect(blue.at(-1)?.object.spec.template.spec.containers[0].image).toBe("registry.test/shop:v7");
    expect(blue.at(-1)?.object.spec.selector.matchLabels).toEqual({ app: "shop", environment: "blue" });
  });

  it.each([
    [
      "not YAML",
      { "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\nkind: [unclosed\n" },
      /^Input "manifests": a\.yaml, document 2 is not valid YAML: .* at line 6, column 1\.$/,
    ],
    [
      "no Deployment",
      { "a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" },
      /^Input "manifests": no Deployment in 1 documents \(a\.yaml\); allowed: one Deployment named "shop"/,
    ],
    [
      "two Deployments",
      {
        "a.yaml": SHOP_MANIFESTS["deployment.yaml"],
        "b.yaml": `---\n${SHOP_MANIFESTS["deployment.yaml"].replace("name: shop\n", "name: worker\n")}`,
      },
      /^Input "manifests": b\.yaml, document 1 is a Deployment named "worker"; allowed: "shop"/,
    ],
    [
      "another kind",
      {
        "a.yaml": `${SHOP_MANIFESTS["deployment.yaml"]}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: admin}\n`,
      },
      /^Input "manifests": a\.yaml, document 2 has kind "ClusterRole"; allowed: Deployment \(apps\/v1\), ConfigMap and Secret \(v1\)\.$/,
    ],
    [
      "another namespace",
      { "a.yaml": SHOP_MANIFESTS["deployment.yaml"].replace("  name: shop\n", "  name: shop\n  namespace: prod\n") },
      /^Input "manifests": a\.yaml, document 1 is in namespace "prod"; allowed: none, or "default"/,
    ],
    [
      "a selector the template does not carry",
      { "a.yaml": SHOP_MANIFESTS["deployment.yaml"].replace("matchLabels: { app: shop }", "matchLabels: { app: shop, tier: web }") },
      /^Input "manifests": a\.yaml, document 1 has selector tier=web that its pod template's labels do not carry/,
    ],
    ["a pattern matching nothing", { "a.yaml": SHOP_MANIFESTS["deployment.yaml"] }, /^Input "manifests": "k8s\/\*\.yml" matches no file/],
  ])("refuses %s, naming the file and the document", (_name, files, message) => {
    const dir = dirWith(files);
    const patterns = _name === "a pattern matching nothing" ? ["a.yaml", "k8s/*.yml"] : Object.keys(files);
    expect(() => loadManifests(patterns, rules, dir)).toThrow(message);
  });

  it("needs the container input with image when the pod has several containers", () => {
    const dir = dirWith({
      "a.yaml": SHOP_MANIFESTS["deployment.yaml"].replace(
        "        - name: web\n",
        "        - name: proxy\n          image: registry.test/envoy:1.30\n        - name: web\n",
      ),
    });
    expect(() => loadManifests(["a.yaml"], { ...rules, setsImage: true }, dir)).toThrow(
      /^Input "container": is required with image: the Deployment in a\.yaml, document 1 has several containers; allowed values: proxy, web\.$/,
    );
    expect(() => loadManifests(["a.yaml"], { ...rules, setsImage: true, container: "sidecar" }, dir)).toThrow(
      /^Input "container": "sidecar" is not a container of the Deployment in a\.yaml, document 1; allowed values: proxy, web\.$/,
    );
    const set = loadManifests(["a.yaml"], { ...rules, setsImage: true, container: "web" }, dir);
    const [deployment] = renderManifests(set, "blue", {
      app: "shop",
      namespace: "default",
      colorLabel: "environment",
      image: "registry.test/shop",
      container: "web",
      version: "v9",
    }).map((r) => r.object);
    expect(deployment?.spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual([
      "registry.test/envoy:1.30",
      "registry.test/shop:v9",
    ]);
  });
});
