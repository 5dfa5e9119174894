import type { Backend, BackendKind } from "../backend.js";
import type { Config, InputReader } from "../inputs.js";

/**
 * Creates the configured backend. Each backend is imported only when chosen, so an HAProxy run
 * never loads the Kubernetes or OVH client. Backends validate their own inputs before any I/O.
 */
export async function createBackend(read: InputReader, config: Config): Promise<Backend> {
  const kind: BackendKind = config.backend;
  switch (kind) {
    case "haproxy": {
      const { createHaproxyBackend } = await import("./haproxy/index.js");
      return createHaproxyBackend(read, config);
    }
    case "k8s-service":
    case "openshift-route":
    case "k8s-gateway": {
      const { createKubernetesBackend } = await import("./kubernetes/index.js");
      return createKubernetesBackend(kind, read, config);
    }
    case "ipLoadbalancing": {
      const { createOvhBackend } = await import("./ovh/index.js");
      return createOvhBackend(read, config);
    }
  }
}
