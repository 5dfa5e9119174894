import { createHash } from "node:crypto";
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import type { Readiness } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { call, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { writeAndConfirm } from "./confirm-write.js";
import { DEFAULT_POLICY } from "./http.js";
import type { KubernetesOptions } from "./options.js";

/** Remembers, on a scaled-down Deployment, how many replicas it had, so prepare can restore them. */
export const SCALED_FROM_ANNOTATION = "bluegreen.io/scaled-down-from";

/** Container waiting reasons worth showing: the pod will not become ready by itself. */
const WAITING_REASONS_SHOWN = new Set(["ContainerCreating", "PodInitializing"]);

/** The Deployments `<app>-blue` / `<app>-green`: readiness as `kubectl rollout status` sees it, image, scale. */
export class Rollouts {
  constructor(
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
  ) {}

  name(color: Color): string {
    return `${this.options.app}-${color}`;
  }

  async get(color: Color): Promise<V1Deployment> {
    return call(this.target(color, "read"), this.kube.server, () =>
      this.kube.apps.readNamespacedDeployment({ name: this.name(color), namespace: this.options.namespace }),
    );
  }

  /** One line per color for the summary; reading both also proves both Deployments exist. */
  async details(): Promise<Record<string, string>> {
    const details: Record<string, string> = {};
    for (const color of COLORS) {
      const deployment = await this.get(color);
      details[`${color} deployment`] = `${this.name(color)}: ${rolloutStatus(deployment).summary}, ${imagesOf(deployment).join(", ")}`;
    }
    return details;
  }

  async readiness(color: Color): Promise<Readiness> {
    const deployment = await this.get(color);
    const verdict = rolloutStatus(deployment);
    const name = this.name(color);
    if (verdict.ready) return { ready: true, summary: `${name}: ${verdict.summary}, image ${imagesOf(deployment).join(", ")}` };
    const reasons = await this.podReasons(deployment);
    return { ready: false, summary: `${name}: ${verdict.summary}${reasons.length ? `; pods: ${reasons.join("; ")}` : ""}` };
  }

  /** Why the Deployment's pods are not ready: ImagePullBackOff, CrashLoopBackOff, Unschedulable... */
  async podReasons(deployment: V1Deployment): Promise<string[]> {
    const selector = labelSelector(deployment.spec?.selector?.matchLabels ?? {});
    if (!selector) return [];
    const pods = await call(
      { ...this.target("blue", "list pods of"), kind: "Deployment", name: deployment.metadata?.name ?? "" },
      this.kube.server,
      () => this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: selector }),
    );
    return pods.items.flatMap(podReasons).slice(0, 5);
  }

  /**
   * What would serve the color: its images and a hash of its pod template. Replica counts are
   * left out on purpose, so that an autoscaler does not void a test.
   */
  async fingerprint(color: Color): Promise<string> {
    const deployment = await this.get(color);
    const template = createHash("sha256")
      .update(stableJson(deployment.spec?.template ?? {}))
      .digest("hex")
      .slice(0, 12);
    return `${this.name(color)}[${imagesOf(deployment).join(",")}] template ${template}`;
  }

  /** The container prepare updates: the `container` input, or the only one. */
  containerOf(deployment: V1Deployment): { name: string; image: string } {
    const containers = deployment.spec?.template?.spec?.containers ?? [];
    const names = containers.map((c) => c.name);
    const wanted = this.options.container;
    if (wanted !== undefined) {
      const found = containers.find((c) => c.name === wanted);
      if (!found)
        throw new InputError(
          "container",
          `"${wanted}" is not a container of ${deployment.metadata?.name}; allowed values: ${names.join(", ")}.`,
        );
      return { name: found.name, image: found.image ?? "" };
    }
    const [only, ...others] = containers;
    if (!only) throw new InputError("app", `${deployment.metadata?.name} has no containers.`);
    if (others.length > 0) {
      throw new InputError(
        "container",
        `is required: ${deployment.metadata?.name} has several containers; allowed values: ${names.join(", ")}.`,
      );
    }
    return { name: only.name, image: only.image ?? "" };
  }

  /**
   * The version the color's container runs (its image tag), or undefined when that cannot be told:
   * several containers and no `container` input, or an image by digest.
   */
  async runningVersion(color: Color): Promise<{ image: string; version?: string }> {
    const deployment = await this.get(color);
    let image: string;
    try {
      image = this.containerOf(deployment).image;
    } catch (error) {
      if (error instanceof InputError) return { image: imagesOf(deployment).join(", ") };
      throw error;
    }
    const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(image.split("@")[0] ?? "")?.[1];
    return { image, version: image.includes("@") ? undefined : tag };
  }

  /**
   * Sets `<image>:<version>` on the container with a strategic merge patch (containers merge by
   * name, as `kubectl set image` does), restoring the replicas a promote scaled down.
   */
  async setImage(color: Color, version: string): Promise<string[]> {
    const deployment = await this.get(color);
    const container = this.containerOf(deployment);
    const image = `${this.options.image}:${version}`;
    const scaledFrom = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
    const body: Record<string, unknown> = { spec: { template: { spec: { containers: [{ name: container.name, image }] } } } };
    const lines = [
      `PATCH deployment ${this.options.namespace}/${this.name(color)} container ${container.name} image ${image} (was ${container.image})`,
    ];
    if (Number.isInteger(scaledFrom) && scaledFrom > 0) {
      body.metadata = { annotations: { [SCALED_FROM_ANNOTATION]: null } };
      (body.spec as Record<string, unknown>).replicas = scaledFrom;
      lines.push(`PATCH deployment ${this.options.namespace}/${this.name(color)} replicas ${scaledFrom} (restored after a scale-down)`);
    }
    await this.write(color, "patch", body, true);
    return lines;
  }

  /** Scales the old color down after a promote, remembering its replicas for the next prepare. */
  async scaleDown(color: Color, replicas: number): Promise<string[]> {
    const deployment = await this.get(color);
    const current = deployment.spec?.replicas ?? 1;
    if (current === replicas) return [`deployment ${this.options.namespace}/${this.name(color)} already has ${replicas} replicas`];
    const remembered = deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION] ?? String(current);
    const body = { metadata: { annotations: { [SCALED_FROM_ANNOTATION]: remembered } }, spec: { replicas } };
    await this.write(color, "scale", body, false);
    return [`scaled deployment ${this.options.namespace}/${this.name(color)} from ${current} to ${replicas} replicas (kept for rollback)`];
  }

  /** A patch of the color's Deployment; when its outcome is unknown, the Deployment is read again to tell. */
  write(color: Color, verb: string, body: Record<string, unknown>, strategic: boolean): Promise<V1Deployment> {
    const params = { name: this.name(color), namespace: this.options.namespace };
    return writeAndConfirm({
      target: this.target(color, verb),
      server: this.kube.server,
      body,
      strategic,
      send: () =>
        this.kube.apps.patchNamespacedDeployment({ ...params, body }, strategic ? this.kube.strategicMergePatch : this.kube.mergePatch),
      read: () => this.kube.apps.readNamespacedDeployment(params),
      settleMs: DEFAULT_POLICY.settleMs,
    });
  }

  private target(color: Color, verb: string): Target {
    return { kind: "Deployment", namespace: this.options.namespace, name: this.name(color), input: "app", verb };
  }
}

/**
 * Rollout complete, as `kubectl rollout status` decides: the controller saw the latest spec,
 * every replica runs the new template, and all of them are ready and available.
 */
export function rolloutStatus(deployment: V1Deployment): { ready: boolean; summary: string } {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const counts = `${available}/${wanted} replicas available (${updated} updated, ${ready} ready, ${total} total)`;
  if (wanted === 0) return { ready: false, summary: "scaled to 0 replicas" };
  const generation = deployment.metadata?.generation ?? 0;
  if ((status.observedGeneration ?? 0) < generation) {
    return { ready: false, summary: `the controller has not seen the latest spec yet (generation ${generation}); ${counts}` };
  }
  const stalled = status.conditions?.find((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded");
  if (stalled) return { ready: false, summary: `rollout stalled (ProgressDeadlineExceeded); ${counts}` };
  const done = updated === wanted && total === wanted && ready === wanted && available === wanted;
  return { ready: done, summary: done ? counts : `rollout in progress: ${counts}` };
}

export function imagesOf(deployment: V1Deployment): string[] {
  return (deployment.spec?.template?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ""}`);
}

/** One line per pod that will not get ready by itself. */
export function podReasons(pod: V1Pod): string[] {
  const name = pod.metadata?.name ?? "?";
  const reasons: string[] = [];
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && !WAITING_REASONS_SHOWN.has(waiting.reason)) {
      reasons.push(`${name} ${status.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message.slice(0, 160)})` : ""}`);
    }
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    if (!waiting && terminated?.reason && terminated.reason !== "Completed") {
      reasons.push(`${name} ${status.name}: ${terminated.reason} (exit code ${terminated.exitCode})`);
    }
  }
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (unschedulable)
    reasons.push(`${name}: ${unschedulable.reason ?? "Unschedulable"}${unschedulable.message ? ` (${unschedulable.message})` : ""}`);
  return reasons;
}

export function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

/** JSON with sorted keys, so that a hash does not depend on the API's field order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
