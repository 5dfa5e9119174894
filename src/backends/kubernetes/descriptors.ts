import type { InputReader } from "../../input-text.js";
import type { BackendCapabilities, CommonSettings, InputDescriptor, NodeRequirement } from "../descriptor.js";
import { defineBackend } from "../descriptor.js";
import type { KubernetesKind } from "./options.js";

// The three Kubernetes backends share one implementation (index.ts) and most inputs: each input
// below is one object, listed by every kind that reads it, so the generated docs name the right kinds.

const NAME_PATTERN = "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$";

const kubeconfig: InputDescriptor = {
  name: "kubeconfig",
  description:
    "kubeconfig content (YAML, or base64 of it); pass it from a secret, it is masked. Default: KUBECONFIG, ~/.kube/config, then the in-cluster service account.",
  secret: true,
  env: ["KUBECONFIG"],
  gitlab: "variable",
};
const context: InputDescriptor = {
  name: "context",
  description: "kubeconfig context to use (default: the current one).",
  gitlab: { description: "kubeconfig context (default: the current one)." },
};
const namespace: InputDescriptor = {
  name: "namespace",
  description: "namespace of the Deployments, Services and Routes.",
  default: "default",
  gitlab: { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
};
const app: InputDescriptor = {
  name: "app",
  description: "base name; Deployments and Services <app>-blue and <app>-green, pods labelled app=<app> and <color-label>=blue|green.",
  gitlab: { description: "base name of <app>-blue and <app>-green.", pattern: NAME_PATTERN },
};
const service: InputDescriptor = {
  name: "service",
  description: "the production Service whose selector holds <color-label>: <live color> (default: app).",
  gitlab: { description: "the production Service (default: app).", pattern: NAME_PATTERN },
};
const route: InputDescriptor = {
  name: "route",
  description:
    "the production Route, whose spec.to is <app>-blue or <app>-green; k8s-gateway: the production HTTPRoute, whose backendRefs weights send traffic to them (default: app).",
  gitlab: { description: "the production Route (default: app).", pattern: NAME_PATTERN },
};
const previewRoute: InputDescriptor = {
  name: "preview-route",
  description:
    "the preview Route or HTTPRoute pointed at the idle color (default: <app>-preview; optional, may not exist; k8s-gateway ignores it when preview-header is set).",
  gitlab: { description: "the preview Route (default: <app>-preview).", pattern: NAME_PATTERN },
};
const colorLabel: InputDescriptor = {
  name: "color-label",
  description: "the label whose value names the color.",
  default: "environment",
  gitlab: { pattern: "^\\S+$" },
};
const image: InputDescriptor = {
  name: "image",
  description:
    "image repository without tag (e.g. ghcr.io/acme/shop); prepare sets <image>:<version>, after rendering manifests or running deploy-command when those are set. Required by prepare unless one of them is.",
  gitlab: {
    description: "image repository without tag; prepare sets <image>:<version>. (The jobs' own image is job-image.)",
    pattern: "^\\S*$",
  },
};
const container: InputDescriptor = {
  name: "container",
  description: "the container prepare updates (default: the only one; required when pods have several).",
  modes: ["prepare", "test", "promote"],
  gitlab: { description: "the container prepare updates (default: the only one)." },
};
const trafficSteps: InputDescriptor = {
  name: "traffic-steps",
  safety: true,
  description:
    "promote in weight steps, percentages on the new color ending at 100 (e.g. 10,50,100); verify-url is checked at each step and any failure returns all traffic to the old color.",
  modes: ["promote"],
  gitlab: { description: "promote in weight steps, percentages ending at 100 (e.g. 10,50,100).", pattern: "^([0-9]{1,3}(,[0-9]{1,3})*)?$" },
};
const stepWait: InputDescriptor = {
  name: "step-wait",
  safety: true,
  description: "seconds to wait at each traffic step before checking.",
  default: "30",
  type: "number",
  modes: ["promote"],
};
const scaleDownReplicas: InputDescriptor = {
  name: "scale-down-replicas",
  description:
    "after a successful promote, scale the old color to this many replicas (kept for rollback; the next prepare restores the count). Empty: leave it.",
  gitlab: { description: "replicas the old color keeps after a promote (empty: leave it).", pattern: "^([0-9]+)?$" },
};
const scaleDownDelay: InputDescriptor = {
  name: "scale-down-delay",
  safety: true,
  description:
    "seconds after promote before the old color is scaled to scale-down-replicas, and only if production is still on the new color (30 when scale-down-replicas is set).",
  default: "30",
  type: "number",
  modes: ["promote"],
  gitlab: { description: "seconds after a promote before the old color is scaled down (with scale-down-replicas)." },
};
const manifests: InputDescriptor = {
  name: "manifests",
  description:
    "prepare: paths or globs of YAML (one per line): a Deployment named <app> and the ConfigMaps/Secrets it uses, written for one color; rendered for the idle color (names -<color>, color label, references rewritten) and applied with server-side apply (field manager bluegreen).",
  modes: ["prepare"],
  gitlab: {
    description:
      "paths or globs of the app's color-neutral YAML (a Deployment, its ConfigMaps/Secrets), one per line; prepare renders them for the idle color and applies them server-side.",
  },
};
const forceConflicts: InputDescriptor = {
  name: "force-conflicts",
  description:
    "manifests: true takes over fields another field manager owns (server-side apply force); false reports the conflicting fields and changes nothing.",
  default: "false",
  type: "boolean",
  modes: ["prepare"],
  gitlab: { description: "take over fields another field manager owns when applying manifests." },
};
const previewHeader: InputDescriptor = {
  name: "preview-header",
  description:
    'the preview is a rule of the production HTTPRoute matching this header, e.g. "x-bluegreen: preview" (created if missing). Empty: the preview-route HTTPRoute, if it exists.',
  gitlab: {
    description:
      "preview through a header-matched rule of the production HTTPRoute (e.g. x-bluegreen: preview) instead of a second HTTPRoute.",
  },
};

/** Every kind: the cluster, the app's objects, and how prepare deploys. */
const shared = [kubeconfig, context, namespace, app] as const;
const workload = [colorLabel, image, container, scaleDownReplicas, manifests, forceConflicts, scaleDownDelay] as const;

/** @kubernetes/client-node 2 brings undici 8, which declares `engines: node >=22.19.0` (zlib's zstd, new in 22.19). */
const node: NodeRequirement = {
  minimum: "22.19.0",
  reason: "its Kubernetes client, @kubernetes/client-node, does not load on older versions",
};

const capabilities = (overrides: Partial<BackendCapabilities>): BackendCapabilities => ({
  deploysWorkload: true,
  trafficSteps: false,
  headerPreview: false,
  statusAccess: "get on the Deployments, Services and Routes of the namespace",
  ...overrides,
});

/** The settings of the kind they are parsed for (its options module brings a YAML parser for manifests). */
const settingsOf = (kind: KubernetesKind) => () =>
  import("./options.js").then(
    (module) => (read: InputReader, common: CommonSettings) => module.parseKubernetesSettings(kind, read, common),
  );
const load = () => import("./index.js").then((module) => module.createKubernetes);

// KUBECONFIG is not withheld from deploy-command: Helm, Kustomize and kubectl there need the same cluster.
export const k8sService = defineBackend({
  kind: "k8s-service",
  title: "Kubernetes",
  switchedBy: "the production Service's selector (`environment: green`), with `resourceVersion`",
  docs: "docs/kubernetes.md",
  inputs: [...shared, service, ...workload],
  credentialEnv: [],
  node,
  capabilities: capabilities({ statusAccess: "get on the Deployments and the Service of the namespace" }),
  settings: settingsOf("k8s-service"),
  load,
});

export const openshiftRoute = defineBackend({
  kind: "openshift-route",
  title: "OpenShift",
  switchedBy: "the Route's `spec.to` (and `alternateBackends` weights for a gradual shift)",
  docs: "docs/kubernetes.md",
  inputs: [...shared, route, previewRoute, ...workload, trafficSteps, stepWait],
  credentialEnv: [],
  node,
  capabilities: capabilities({ trafficSteps: true, statusAccess: "get on the Deployments and the Routes of the namespace" }),
  settings: settingsOf("openshift-route"),
  load,
});

export const k8sGateway = defineBackend({
  kind: "k8s-gateway",
  title: "Gateway API",
  switchedBy: "a Gateway API HTTPRoute's `backendRefs` weights, once the Gateway accepted them",
  docs: "docs/kubernetes.md",
  inputs: [...shared, route, previewRoute, previewHeader, ...workload, trafficSteps, stepWait],
  credentialEnv: [],
  node,
  capabilities: capabilities({
    trafficSteps: true,
    headerPreview: true,
    statusAccess: "get on the Deployments and the HTTPRoutes of the namespace",
  }),
  settings: settingsOf("k8s-gateway"),
  load,
});
