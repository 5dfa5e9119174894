import type { Color } from "../../colors.js";
import { RefusedError, TimeoutError } from "../../errors.js";
import { pollUntil } from "../../wait.js";
import type { Kube } from "./client.js";
import { writeAndConfirm } from "./confirm-write.js";
import { DEFAULT_POLICY } from "./http.js";
import type { KubernetesOptions } from "./options.js";
import { type Rollouts, SCALED_FROM_ANNOTATION } from "./rollout.js";

/**
 * Before traffic goes back to a color that promote scaled down (scale-down-replicas), give it back
 * the replicas it had, recorded in `bluegreen.io/scaled-down-from`, and wait until its rollout is
 * ready: one replica left for a quick rollback cannot carry production's full load, and none
 * cannot carry any. If it does not get ready within `timeout`, refuse: routing is not touched.
 * With dryRun, only says what it would do. Returns lines for the plan.
 */
export async function restoreScale(
  kube: Kube,
  options: KubernetesOptions,
  rollouts: Rollouts,
  color: Color,
  dryRun: boolean,
): Promise<string[]> {
  const deployment = await rollouts.get(color);
  const recorded = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
  if (!Number.isInteger(recorded) || recorded <= 0) return [];
  const object = `deployment ${options.namespace}/${rollouts.name(color)}`;
  const current = deployment.spec?.replicas ?? 1;
  // Someone may have scaled it up by hand since: never scale it down here.
  const replicas = Math.max(current, recorded);
  const resourceVersion = deployment.metadata?.resourceVersion ?? "";
  const seconds = Math.round(options.timeoutMs / 1000);
  const lines = [
    `PATCH ${object} replicas ${replicas} (was ${current}; scaled down by promote from ${recorded}) and remove annotation ${SCALED_FROM_ANNOTATION} (resourceVersion ${resourceVersion})`,
    `wait until ${object} is ready (timeout ${seconds} s) before switching; otherwise refuse and change no routing`,
  ];
  if (dryRun) return lines;

  // The resourceVersion makes a concurrent change (an autoscaler, a hand edit) fail with 409
  // rather than be overwritten, and lets http.ts retry this write once safely.
  const body = {
    metadata: { resourceVersion, annotations: { [SCALED_FROM_ANNOTATION]: null } },
    spec: { replicas },
  };
  const params = { name: rollouts.name(color), namespace: options.namespace };
  await writeAndConfirm({
    target: { kind: "Deployment", namespace: options.namespace, name: rollouts.name(color), input: "app", verb: "scale up" },
    server: kube.server,
    body,
    send: () => kube.apps.patchNamespacedDeployment({ ...params, body }, kube.mergePatch),
    read: () => kube.apps.readNamespacedDeployment(params),
    settleMs: DEFAULT_POLICY.settleMs,
  });
  try {
    const ready = await pollUntil(`${object} becoming ready`, options.timeoutMs, async () => {
      const readiness = await rollouts.readiness(color);
      return { done: readiness.ready, detail: readiness.summary };
    });
    return [...lines.slice(0, 1), `${object} is ready again (${ready.detail})`];
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new RefusedError(
      `Refusing to switch traffic to ${color}: ${object} was scaled back up from ${current} to ${replicas} replicas, but ${error.message.replace(/\.$/, "")}. No routing was changed; ${object} keeps ${replicas} replicas.`,
    );
  }
}
