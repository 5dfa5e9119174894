import type { V1Deployment } from "@kubernetes/client-node";
import type { UserCommandRunner } from "../../backend.js";
import type { Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { call, explain, statusCode } from "./api-errors.js";
import { serverSideApply } from "./apply.js";
import type { Kube } from "./client.js";
import type { ManifestSet } from "./manifests.js";
import type { KubernetesOptions } from "./options.js";
import { renderManifests } from "./render.js";
import { type Rollouts, SCALED_FROM_ANNOTATION } from "./rollout.js";

/**
 * Puts `version` on the color's Deployment `<app>-<color>`, the way the inputs say: the team's
 * manifests rendered for the color and applied server-side, or deploy-command (Helm, Kustomize,
 * kubectl), or only the image tag. `image` combines with the first two: the tag is set after.
 * Returns lines for the log and the plan; prepare then waits for the rollout.
 */
export async function deployColor(
  kube: Kube,
  options: KubernetesOptions,
  rollouts: Rollouts,
  manifests: ManifestSet | undefined,
  color: Color,
  version: string,
  /** The run's user-command runner (no shell, no bluegreen credentials). */
  runCommand: UserCommandRunner,
): Promise<string[]> {
  const deployment = rollouts.name(color);
  if (manifests !== undefined) {
    const rendered = renderManifests(manifests, color, { ...options, version });
    // Replicas first: promote's scale-down was an update by another field manager, so applying the
    // manifests' count over it would be a conflict. Given back the count the apply will set, it is not.
    const scaledFrom = await scaledDownFrom(kube, options, rollouts, color);
    const wanted = manifests.deployment.object.spec?.replicas;
    const restored = await restoreReplicas(kube, options, rollouts, color, scaledFrom, typeof wanted === "number" ? wanted : undefined);
    const result = await serverSideApply(kube, rendered, options.deploy.forceConflicts);
    return [...restored, ...result.lines];
  }
  if (options.deploy.command !== undefined) {
    await runCommand("deploy-command", options.deploy.command, {
      BLUEGREEN_COLOR: color,
      BLUEGREEN_VERSION: version,
      BLUEGREEN_DEPLOYMENT: deployment,
      BLUEGREEN_NAMESPACE: options.namespace,
      BLUEGREEN_BACKEND: options.kind,
    });
    const lines = [
      `ran deploy-command with BLUEGREEN_COLOR=${color} BLUEGREEN_VERSION=${version} BLUEGREEN_DEPLOYMENT=${deployment} BLUEGREEN_NAMESPACE=${options.namespace}`,
    ];
    // The command may have created or replaced the Deployment: it must be there now, under that name.
    const after = await call(
      { kind: "Deployment", namespace: options.namespace, name: deployment, input: "deploy-command", verb: "read (after deploy-command)" },
      kube.server,
      () => kube.apps.readNamespacedDeployment({ name: deployment, namespace: options.namespace }),
    );
    if (options.image !== undefined) lines.push(...(await rollouts.setImage(color, version)));
    else lines.push(`deployment ${options.namespace}/${deployment} at generation ${after.metadata?.generation ?? "?"}`);
    return lines;
  }
  if (options.image === undefined) {
    throw new InputError("image", `is required to deploy with backend ${options.kind}, unless manifests or deploy-command is set.`);
  }
  return rollouts.setImage(color, version);
}

/** The replicas a promote's scale-down-replicas recorded on the Deployment; undefined when none, or no Deployment yet. */
async function scaledDownFrom(kube: Kube, options: KubernetesOptions, rollouts: Rollouts, color: Color): Promise<number | undefined> {
  const name = rollouts.name(color);
  let current: V1Deployment;
  try {
    current = await kube.apps.readNamespacedDeployment({ name, namespace: options.namespace });
  } catch (error) {
    if (statusCode(error) === 404) return undefined; // the manifests create it
    throw explain(error, { kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "read" }, kube.server);
  }
  const recorded = Number(current.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
  return Number.isInteger(recorded) && recorded > 0 ? recorded : undefined;
}

/**
 * A color promote scaled down gets its replicas back (the manifests' count when they set one), with a
 * merge patch, not in the apply: a replica count bluegreen applied once would be owned by it, and
 * reset when a later apply leaves it out.
 */
async function restoreReplicas(
  kube: Kube,
  options: KubernetesOptions,
  rollouts: Rollouts,
  color: Color,
  scaledFrom: number | undefined,
  manifestReplicas: number | undefined,
): Promise<string[]> {
  if (scaledFrom === undefined) return [];
  const name = rollouts.name(color);
  const replicas = manifestReplicas ?? scaledFrom;
  const body = { metadata: { annotations: { [SCALED_FROM_ANNOTATION]: null } }, spec: { replicas } };
  await call({ kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "scale up" }, kube.server, () =>
    kube.apps.patchNamespacedDeployment({ name, namespace: options.namespace, body }, kube.mergePatch),
  );
  return [`PATCH deployment ${options.namespace}/${name} replicas ${replicas} (restored after a scale-down)`];
}
