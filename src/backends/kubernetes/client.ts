import { readFileSync } from "node:fs";
import type {
  AppsV1Api,
  ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  ObservableMiddleware,
} from "@kubernetes/client-node";
import { InputError } from "../../errors.js";
import { printable } from "../../input-text.js";
import { maskSecret } from "../../platform/secrets.js";
import { sentenceOf } from "../../sentence.js";
import { DEFAULT_POLICY, guardedHttpLibrary } from "./http.js";
import type { KubernetesOptions } from "./options.js";

/** Where loadFromCluster() finds the pod's service account token. */
const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/** The API clients one run needs, built from one kubeconfig. */
export interface Kube {
  config: KubeConfig;
  /** The API server URL of the current context (for messages and the service proxy). */
  server: string;
  core: CoreV1Api;
  apps: AppsV1Api;
  discovery: DiscoveryV1Api;
  custom: CustomObjectsApi;
  /** Per-call options choosing the patch strategy (the generated client defaults to JSON Patch). */
  mergePatch: ConfigurationOptions<ObservableMiddleware>;
  strategicMergePatch: ConfigurationOptions<ObservableMiddleware>;
}

/**
 * Loads @kubernetes/client-node (dynamically: an HAProxy or OVH run never loads it) and the
 * kubeconfig, picks the context, and masks every credential it holds.
 */
export async function connect(options: KubernetesOptions): Promise<Kube> {
  const k8s = await import("@kubernetes/client-node");
  const config = new k8s.KubeConfig();
  const source = options.kubeconfig;
  try {
    switch (source.kind) {
      case "inline":
        config.loadFromString(source.text);
        break;
      case "env":
        // loadFromDefault reads KUBECONFIG (a list of files, merged) the way kubectl does.
        config.loadFromDefault();
        break;
      case "file":
        config.loadFromFile(source.path);
        break;
      case "in-cluster":
        config.loadFromCluster();
        maskSecret(readIfPresent(SERVICE_ACCOUNT_TOKEN)); // the client reads it per request and never prints it: masked anyway
        break;
    }
  } catch (error) {
    const where = source.kind === "inline" ? "the kubeconfig input" : source.kind === "file" ? source.path : `KUBECONFIG (${source.kind})`;
    throw new InputError("kubeconfig", sentenceOf(`${where} could not be loaded: ${firstLine(error)}`));
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context)) {
      const known = config.getContexts().map((c) => c.name);
      throw new InputError(
        "context",
        `"${printable(options.context)}" is not in the kubeconfig; allowed values: ${known.join(", ") || "(the kubeconfig has no contexts)"}.`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  const user = config.getCurrentUser();
  if (!cluster || !user) {
    throw new InputError(
      "kubeconfig",
      `the current context "${printable(config.getCurrentContext() ?? "")}" names no cluster or no user; set context to one of: ${config
        .getContexts()
        .map((c) => c.name)
        .join(", ")}.`,
    );
  }
  for (const secret of [user.token, user.password, user.keyData, user.certData]) maskSecret(secret);
  if (!/^https?:\/\//.test(cluster.server)) {
    throw new InputError(
      "kubeconfig",
      `the cluster "${cluster.name}" has server "${printable(cluster.server)}"; allowed: an https:// URL.`,
    );
  }
  // What makeApiClient builds, but with our HTTP library: every request gets a time limit and the
  // retry policy of http.ts, so a hanging or throttling API server cannot hang the step.
  const configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: config },
    httpApi: guardedHttpLibrary(k8s, { ...DEFAULT_POLICY, limitMs: options.requestTimeoutMs }),
    middleware: [k8s.setHeaderMiddleware("User-Agent", "bluegreen (@kubernetes/client-node)")],
  });
  return {
    config,
    server: cluster.server.replace(/\/+$/, ""),
    core: new k8s.CoreV1Api(configuration),
    apps: new k8s.AppsV1Api(configuration),
    discovery: new k8s.DiscoveryV1Api(configuration),
    custom: new k8s.CustomObjectsApi(configuration),
    mergePatch: k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    strategicMergePatch: k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
  };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim();
}
