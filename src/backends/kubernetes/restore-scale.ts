import type { ServingRestore } from "../../backend.js";
import type { Color } from "../../colors.js";
import type { Kube } from "./client.js";
import { writeAndConfirm } from "./confirm-write.js";
import { DEFAULT_POLICY } from "./http.js";
import type { KubernetesOptions } from "./options.js";
import { type Rollouts, SCALED_FROM_ANNOTATION } from "./rollout.js";

/**
 * What giving a color back the replicas promote took from it (scale-down-replicas) takes: the count
 * it had, recorded in `bluegreen.io/scaled-down-from`, written with the resourceVersion read.
 * Undefined when the color was not scaled down. The caller decides when to apply it, and waits
 * for the rollout: one replica left for a quick rollback cannot carry production's full load.
 */
export async function servingRestore(
  kube: Kube,
  options: KubernetesOptions,
  rollouts: Rollouts,
  color: Color,
): Promise<ServingRestore | undefined> {
  const deployment = await rollouts.get(color);
  const recorded = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
  if (!Number.isInteger(recorded) || recorded <= 0) return undefined;
  const name = rollouts.name(color);
  const object = `deployment ${options.namespace}/${name}`;
  const current = deployment.spec?.replicas ?? 1;
  // Someone may have scaled it up by hand since: never scale it down here.
  const replicas = Math.max(current, recorded);
  const resourceVersion = deployment.metadata?.resourceVersion ?? "";
  // The resourceVersion makes a concurrent change (an autoscaler, a hand edit) fail with 409
  // rather than be overwritten, and lets http.ts retry this write once safely.
  const body = {
    metadata: { resourceVersion, annotations: { [SCALED_FROM_ANNOTATION]: null } },
    spec: { replicas },
  };
  const params = { name, namespace: options.namespace };
  return {
    object,
    current,
    recorded,
    replicas,
    lines: [
      `PATCH ${object} replicas ${replicas} (was ${current}; scaled down by promote from ${recorded}) and remove annotation ${SCALED_FROM_ANNOTATION} (resourceVersion ${resourceVersion})`,
    ],
    apply: async () => {
      await writeAndConfirm({
        target: { kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "scale up" },
        server: kube.server,
        body,
        send: () => kube.apps.patchNamespacedDeployment({ ...params, body }, kube.mergePatch),
        read: () => kube.apps.readNamespacedDeployment(params),
        settleMs: DEFAULT_POLICY.settleMs,
      });
    },
  };
}
