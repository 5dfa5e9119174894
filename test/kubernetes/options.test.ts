import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { kubeconfigSource, parseKubernetesOptions } from "../../src/backends/kubernetes/options.js";
import { parseConfig } from "../../src/inputs.js";
import { clearSecrets, redact } from "../../src/platform/secrets.js";
import { ROOT } from "../support/action.js";

const KUBECONFIG =
  "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1\nusers:\n- name: u\n  user:\n    token: secret-token-123456\ncontexts: []\n";

function parse(inputs: Record<string, string>, kind: "k8s-service" | "openshift-route" = "k8s-service") {
  const all: Record<string, string> = { mode: "promote", backend: kind, kubeconfig: KUBECONFIG, app: "shop", ...inputs };
  const read = (name: string) => all[name] ?? "";
  return parseKubernetesOptions(kind, read, parseConfig(read));
}

describe("kubernetes options", () => {
  afterEach(() => clearSecrets());

  it("applies the documented defaults", () => {
    expect(parse({})).toMatchObject({
      namespace: "default",
      app: "shop",
      service: "shop",
      route: "shop",
      previewRoute: "shop-preview",
      colorLabel: "environment",
      image: undefined,
      container: undefined,
      scaleDownReplicas: undefined,
      timeoutMs: 300_000,
      kubeconfig: { kind: "inline", text: KUBECONFIG.trim() },
    });
    expect(parse({ "color-label": "example.com/color", "scale-down-replicas": "0", image: "ghcr.io/acme/shop" })).toMatchObject({
      colorLabel: "example.com/color",
      scaleDownReplicas: 0,
      image: "ghcr.io/acme/shop",
    });
  });

  it("rejects every bad input by name, with the allowed values", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ app: "" }, /^Input "app": is required/],
      [{ app: "Shop" }, /^Input "app": "Shop" is not a valid name; allowed: 1 to 63 lower-case/],
      [{ app: "../../etc/passwd" }, /^Input "app": "..\/..\/etc\/passwd" is not a valid name; allowed: 1 to 63 lower-case/],
      [{ app: "shop;kubectl delete ns prod" }, /^Input "app": .* is not a valid name/],
      [{ app: "a".repeat(58) }, /^Input "app": .* is too long; allowed: at most 57 characters/],
      [{ namespace: "prod/x" }, /^Input "namespace": "prod\/x" is not a valid name/],
      [{ service: "-x" }, /^Input "service":/],
      [{ "color-label": "bad label" }, /^Input "color-label": "bad label" is not a valid label key; allowed:/],
      [{ image: "ghcr.io/acme/shop:v1" }, /^Input "image": .* allowed: an image repository without tag or digest/],
      [{ container: "Web" }, /^Input "container": "Web" is not a valid container name/],
      [
        { "scale-down-replicas": "-1" },
        /^Input "scale-down-replicas": "-1" is not a whole number; allowed: a whole number from 0 to 10000/,
      ],
      [{ mode: "prepare", version: "v1" }, /^Input "image": is required when mode is prepare with backend k8s-service/],
      [{ kubeconfig: "not a kubeconfig!" }, /^Input "kubeconfig": is neither a kubeconfig .* nor base64 of one/],
      [{ context: "a b" }, /^Input "context": "a b" is not allowed/],
    ];
    for (const [inputs, message] of cases) expect(() => parse(inputs), JSON.stringify(inputs)).toThrow(message);
    expect(() => parse({ "preview-route": "shop" }, "openshift-route")).toThrow(/^Input "preview-route": must differ from route/);
  });

  it("accepts base64 of a kubeconfig and masks both forms", () => {
    const encoded = Buffer.from(KUBECONFIG).toString("base64");
    expect(parse({ kubeconfig: encoded }).kubeconfig).toEqual({ kind: "inline", text: KUBECONFIG });
    expect(redact(`token: secret-token-123456 and ${encoded}`)).not.toContain("secret-token-123456");
    expect(redact(encoded)).toBe("***");
  });

  it("finds the kubeconfig the way kubectl does: KUBECONFIG, ~/.kube/config, then in-cluster", () => {
    const none = () => "";
    const home = mkdtempSync(path.join(tmpdir(), "bluegreen-home-"));
    expect(kubeconfigSource(none, { KUBECONFIG: "/a:/b" }, home)).toEqual({ kind: "env", value: "/a:/b" });
    expect(kubeconfigSource(none, { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" }, home)).toEqual({
      kind: "in-cluster",
    });
    expect(() => kubeconfigSource(none, {}, home)).toThrow(/^Input "kubeconfig": is required: no kubeconfig input, no KUBECONFIG variable/);
    mkdirSync(path.join(home, ".kube"));
    writeFileSync(path.join(home, ".kube", "config"), KUBECONFIG);
    expect(kubeconfigSource(none, { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" }, home)).toEqual({
      kind: "file",
      path: path.join(home, ".kube", "config"),
    });
  });

  it("keeps the Kubernetes client out of the main bundle (an HAProxy run never loads it)", () => {
    const main = readFileSync(path.join(ROOT, "dist/index.js"), "utf8");
    expect(main).not.toContain("loadFromClusterAndUser");
    const chunks = readdirSync(path.join(ROOT, "dist")).filter((name) => /^\d+\.index\.js$/.test(name));
    expect(chunks.some((name) => readFileSync(path.join(ROOT, "dist", name), "utf8").includes("loadFromClusterAndUser"))).toBe(true);
  });
});
