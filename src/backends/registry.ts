import type { Backend, BackendKind, RunSettings } from "../backend.js";
import type { Config, InputReader } from "../inputs.js";
import { runIdentity } from "../platform/detect.js";
import { parseHaproxySettings } from "./haproxy/options.js";
import { parseOvhSettings } from "./ovh/options.js";

/**
 * Creates the configured backend: its settings are parsed and checked first (every input error
 * before any I/O), then its implementation is imported, only when chosen, so an HAProxy run never
 * loads the Kubernetes or OVH client, and created from those settings and the run's.
 */
export async function createBackend(read: InputReader, config: Config): Promise<Backend> {
  const kind: BackendKind = config.backend;
  const run = runSettings(config);
  switch (kind) {
    case "haproxy": {
      const settings = parseHaproxySettings(read, config);
      const { createHaproxy } = await import("./haproxy/index.js");
      return createHaproxy(settings, run);
    }
    case "k8s-service":
    case "openshift-route":
    case "k8s-gateway": {
      // Imported when chosen too: checking the manifests needs a YAML parser no other backend loads.
      const { parseKubernetesSettings } = await import("./kubernetes/options.js");
      const settings = parseKubernetesSettings(kind, read, config);
      const { createKubernetes } = await import("./kubernetes/index.js");
      return createKubernetes(settings, run);
    }
    case "ipLoadbalancing": {
      const settings = parseOvhSettings(read, config);
      const { createOvh } = await import("./ovh/index.js");
      return createOvh(settings, run);
    }
  }
}

/** What every backend is told about the run: never the whole Config, never the mode. */
export function runSettings(config: Config): RunSettings {
  return {
    // status is read-only like a dry run: it reports what it finds, and repairs nothing.
    readOnly: config.dryRun || config.mode === "status",
    timeoutSeconds: config.timeoutSeconds,
    run: runIdentity(),
  };
}
