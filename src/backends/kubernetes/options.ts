import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { InputError } from "../../errors.js";
import { type InputReader, optional, printable } from "../../input-text.js";
import { number, objectName } from "../../input-values.js";
import { maskSecret } from "../../platform/secrets.js";
import type { CommonSettings } from "../descriptor.js";
import { type DeployOptions, type PreviewHeader, parseDeployOptions, previewHeader } from "./deploy-options.js";
import { loadManifests, type ManifestSet } from "./manifests.js";

// This file must not import @kubernetes/client-node: every input is checked before the client loads.

export type KubernetesKind = "k8s-service" | "openshift-route" | "k8s-gateway";

/** Where the kubeconfig comes from, decided before the client is loaded. */
export type KubeconfigSource =
  | { kind: "inline"; text: string }
  | { kind: "env"; value: string }
  | { kind: "file"; path: string }
  | { kind: "in-cluster" };

export interface KubernetesOptions {
  kind: KubernetesKind;
  kubeconfig: KubeconfigSource;
  context?: string;
  namespace: string;
  app: string;
  /** k8s-service: the production Service whose selector names the live color. */
  service: string;
  /** openshift-route: the production Route and the optional preview Route; k8s-gateway: the HTTPRoutes. */
  route: string;
  previewRoute: string;
  /**
   * The input that named each object: its own input when set, else "app", from which it defaults,
   * so that a typo in app is blamed on app, not on an input the user never set.
   */
  namedBy: { service: "service" | "app"; route: "route" | "app"; previewRoute: "preview-route" | "app" };
  colorLabel: string;
  /** Image repository, without tag; required by prepare. */
  image?: string;
  container?: string;
  /** After a successful promote, scale the old color to this many replicas; undefined: leave it. */
  scaleDownReplicas?: number;
  /** How prepare puts a version on the idle color: manifests, deploy-command, image (see deploy-options.ts). */
  deploy: DeployOptions;
  /** k8s-gateway: the header that sends a request to the preview rule of the production HTTPRoute. */
  previewHeader?: PreviewHeader;
  /** Longest any wait (rollout, endpoints) may take. */
  timeoutMs: number;
  /** Longest one API request may take: min(30 s, timeout). */
  requestTimeoutMs: number;
}

/** What the k8s-service, openshift-route and k8s-gateway backends are given: their inputs, parsed and checked. */
export interface KubernetesSettings extends KubernetesOptions {
  /** The team's manifests, read and checked, when prepare deploys with them; undefined otherwise. */
  manifests: ManifestSet | undefined;
  /**
   * The path the service proxy probes before test mode uses it, so that an answer that cannot heal
   * fails at once; undefined in a dry run, which sends nothing.
   */
  probePath: string | undefined;
}

/**
 * Every input check of a Kubernetes backend, before the client library loads or the cluster is
 * contacted: the inputs, and for a prepare with manifests the manifests themselves (a bad one
 * changes nothing).
 */
export function parseKubernetesSettings(kind: KubernetesKind, read: InputReader, common: CommonSettings): KubernetesSettings {
  const options = parseKubernetesOptions(kind, read, common);
  const manifests =
    common.mode === "prepare" && options.deploy.manifests !== undefined
      ? loadManifests(options.deploy.manifests, { ...options, setsImage: options.image !== undefined })
      : undefined;
  return { ...options, manifests, probePath: common.dryRun ? undefined : common.smoke.healthPath };
}

/** A healthy API server answers in milliseconds; 30 s is generous and still bounds a hanging one. */
const REQUEST_LIMIT_MS = 30_000;

export function parseKubernetesOptions(kind: KubernetesKind, read: InputReader, config: CommonSettings): KubernetesOptions {
  const kubeconfig = kubeconfigSource(read);
  const context = optional(read("context"));
  if (context !== undefined && !/^[\x21-\x7e]{1,253}$/.test(context)) {
    throw new InputError("context", `"${printable(context)}" is not allowed; allowed: the name of a context in the kubeconfig.`);
  }
  const namespace = objectName(read, "namespace", "default");
  const app = objectName(read, "app");
  // <app>-blue and <app>-green must be names too: an RFC 1123 label has at most 63 characters.
  if (app.length > 57) {
    throw new InputError("app", `"${app}" is too long; allowed: at most 57 characters, so that "${app}-green" is a valid name.`);
  }
  const service = objectName(read, "service", app);
  const route = objectName(read, "route", app);
  const previewRoute = objectName(read, "preview-route", `${app}-preview`);
  const namedBy = {
    service: optional(read("service")) === undefined ? ("app" as const) : ("service" as const),
    route: optional(read("route")) === undefined ? ("app" as const) : ("route" as const),
    previewRoute: optional(read("preview-route")) === undefined ? ("app" as const) : ("preview-route" as const),
  };
  if (kind === "k8s-service" && (service === `${app}-blue` || service === `${app}-green`)) {
    // Its selector would be rewritten to the other color: that color's own Service would lose its pods.
    throw new InputError(
      "service",
      `"${service}" is the ${service.endsWith("-blue") ? "blue" : "green"} color's own Service; allowed: the production Service, whose selector bluegreen switches between colors (default "${app}"), never ${app}-blue or ${app}-green.`,
    );
  }
  if (kind !== "k8s-service" && previewRoute === route) {
    throw new InputError("preview-route", `must differ from route (both are "${route}").`);
  }
  const colorLabel = labelKey(read, "color-label", "environment");
  const image = imageRepository(read);
  const deploy = parseDeployOptions(read, config);
  if (config.mode === "prepare" && image === undefined && deploy.manifests === undefined && deploy.command === undefined) {
    throw new InputError(
      "image",
      `is required when mode is prepare with backend ${kind} (the image repository; prepare sets <image>:<version>), unless manifests or deploy-command says how to deploy.`,
    );
  }
  const container = optional(read("container"));
  if (container !== undefined && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(container)) {
    throw new InputError(
      "container",
      `"${printable(container)}" is not a valid container name; allowed: 1 to 63 lower-case letters, digits and "-".`,
    );
  }
  const scaleDown = optional(read("scale-down-replicas"));
  const scaleDownReplicas =
    scaleDown === undefined ? undefined : number(read, "scale-down-replicas", 0, { min: 0, max: 10_000, integer: true });
  return {
    kind,
    kubeconfig,
    context,
    namespace,
    app,
    service,
    route,
    previewRoute,
    namedBy,
    colorLabel,
    image,
    container,
    scaleDownReplicas,
    deploy,
    previewHeader: kind === "k8s-gateway" ? previewHeader(read) : undefined,
    timeoutMs: config.timeoutSeconds * 1000,
    requestTimeoutMs: Math.min(REQUEST_LIMIT_MS, config.timeoutSeconds * 1000),
  };
}

/**
 * The kubeconfig input (YAML, or base64 of it), else KUBECONFIG, ~/.kube/config, then the
 * in-cluster service account, the order kubectl uses. Its content is masked at once.
 */
export function kubeconfigSource(read: InputReader, env: NodeJS.ProcessEnv = process.env, home = homedir()): KubeconfigSource {
  const raw = read("kubeconfig");
  if (raw.trim() !== "") {
    maskSecret(raw.trim());
    const text = decodeKubeconfig(raw.trim());
    maskSecret(text);
    return { kind: "inline", text };
  }
  if (env.KUBECONFIG) return { kind: "env", value: env.KUBECONFIG };
  const file = path.join(home, ".kube", "config");
  if (existsSync(file)) return { kind: "file", path: file };
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return { kind: "in-cluster" };
  throw new InputError(
    "kubeconfig",
    "is required: no kubeconfig input, no KUBECONFIG variable, no ~/.kube/config and not running in a cluster; allowed: kubeconfig content (YAML or base64 of it).",
  );
}

/** A kubeconfig is YAML with `clusters:`; anything else is tried as base64 of one. */
function decodeKubeconfig(value: string): string {
  if (/^\s*(apiVersion|clusters|kind|contexts|current-context|users|preferences)\s*:/m.test(value) || value.startsWith("{")) return value;
  if (/^[A-Za-z0-9+/=\s_-]+$/.test(value)) {
    const decoded = Buffer.from(value.replace(/\s+/g, ""), "base64").toString("utf8");
    if (/^\s*clusters\s*:/m.test(decoded) || /"clusters"\s*:/.test(decoded)) return decoded;
  }
  throw new InputError("kubeconfig", "is neither a kubeconfig (YAML with clusters, users and contexts) nor base64 of one.");
}

/** A Kubernetes label key: optional DNS prefix and "/", then a name of up to 63 characters. */
function labelKey(read: InputReader, name: string, fallback: string): string {
  const value = optional(read(name)) ?? fallback;
  const match = /^(?:([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)\/)?([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/.exec(value);
  if (!match) {
    throw new InputError(
      name,
      `"${printable(value)}" is not a valid label key; allowed: an optional DNS prefix and "/", then 1 to 63 letters, digits, "-", "_" or "." (e.g. environment, example.com/color).`,
    );
  }
  return value;
}

/** An image repository without tag or digest: registry/path, as `docker` spells it. */
function imageRepository(read: InputReader): string | undefined {
  const value = optional(read("image"));
  if (value === undefined) return undefined;
  const pattern =
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
  if (!pattern.test(value) || value.length > 255) {
    throw new InputError(
      "image",
      `"${printable(value)}" is not allowed; allowed: an image repository without tag or digest, e.g. ghcr.io/acme/shop (the tag comes from version).`,
    );
  }
  return value;
}
