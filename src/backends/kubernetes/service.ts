import type { V1Service } from "@kubernetes/client-node";
import type { PlanLine, RouteChange, RouterState } from "../../backend.js";
import { type Color, isColor, otherColor } from "../../colors.js";
import { InputError, RefusedError, RouterError, TimeoutError } from "../../errors.js";
import { printable } from "../../input-text.js";
import { pollUntil } from "../../wait.js";
import { ledgerAnnotations, ledgerFrom } from "./annotations.js";
import { call, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { writeAndConfirm } from "./confirm-write.js";
import { DEFAULT_POLICY } from "./http.js";
import type { KubernetesOptions } from "./options.js";
import { labelSelector, type Rollouts } from "./rollout.js";
import type { TrafficRouter } from "./router.js";

/**
 * k8s-service: production is the Service `<service>`, whose selector holds `<color-label>: <live>`.
 * There is no preview object: the idle color is reached through its own Service `<app>-<color>`,
 * so read() reports the idle color as the preview.
 */
export class ServiceRouter implements TrafficRouter {
  constructor(
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
    private readonly rollouts: Rollouts,
  ) {}

  private get object(): string {
    return `${this.options.namespace}/${this.options.service}`;
  }

  async read(): Promise<RouterState> {
    // The Service first: when it is missing, that is the error to report, not a missing Deployment.
    const service = await this.get();
    const deployments = await this.rollouts.details();
    const selector = service.spec?.selector ?? {};
    const live = this.liveColor(selector);
    return {
      live,
      preview: otherColor(live),
      ledger: ledgerFrom(service.metadata?.annotations),
      revision: service.metadata?.resourceVersion ?? "",
      details: { service: this.object, selector: labelSelector(selector), ...deployments },
      warnings: [],
    };
  }

  describe(change: RouteChange, state: RouterState): PlanLine[] {
    const { colorLabel } = this.options;
    if (change.live === state.live) {
      return [
        `PATCH service ${this.object} annotations bluegreen.io/* (ledger only; selector stays ${colorLabel}=${state.live}) (resourceVersion ${state.revision})`,
      ];
    }
    return [
      `PATCH service ${this.object} selector ${colorLabel}=${change.live} (was ${state.live}) and annotations bluegreen.io/*, in one merge patch (resourceVersion ${state.revision})`,
      `wait until the endpoints of service ${this.object} are only ${change.live} pods (timeout ${Math.round(this.options.timeoutMs / 1000)} s); otherwise put the selector back to ${colorLabel}=${state.live}`,
    ];
  }

  /**
   * One merge patch carrying the selector, the ledger annotations and the resourceVersion read:
   * the API answers 409 if anyone changed the Service since, and nothing is half-written.
   */
  async apply(change: RouteChange, state: RouterState): Promise<void> {
    const switching = change.live !== state.live;
    // The other selector labels as they are (if the Service changed since the read, the patch below answers 409).
    const selector = { ...(switching ? (await this.get()).spec?.selector : {}), [this.options.colorLabel]: change.live };
    if (switching) await this.refuseEmptySelector(selector);
    const patched = await this.patch(change.live, change.ledger, state.revision, switching);
    if (!switching) return;
    try {
      await this.waitForEndpoints(change.live, selector);
    } catch (error) {
      // Endpoints not confirmed (timeout, or the list itself refused): production goes back to the old color.
      const why =
        error instanceof TimeoutError
          ? error.message
          : `Could not confirm the endpoints of service ${this.object}: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, "")};`;
      const back = await this.patch(state.live, state.ledger, patched.metadata?.resourceVersion ?? "", true).then(
        () => `the selector was put back to ${this.options.colorLabel}=${state.live}`,
        (restoreError: unknown) =>
          `putting the selector back to ${state.live} FAILED too (${restoreError instanceof Error ? restoreError.message : String(restoreError)}): check service ${this.object}`,
      );
      throw new RouterError(`${why} ${back}.`);
    }
  }

  private async patch(live: Color, ledger: RouteChange["ledger"], resourceVersion: string, withSelector: boolean): Promise<V1Service> {
    const body: Record<string, unknown> = {
      metadata: { resourceVersion, annotations: ledgerAnnotations(ledger, live) },
    };
    if (withSelector) body.spec = { selector: { [this.options.colorLabel]: live } };
    // When the answer is lost, the Service is read again: its annotations name this run's record.
    return writeAndConfirm({
      target: this.target("patch"),
      server: this.kube.server,
      body,
      send: () =>
        this.kube.core.patchNamespacedService(
          { name: this.options.service, namespace: this.options.namespace, body },
          this.kube.mergePatch,
        ),
      read: () => this.kube.core.readNamespacedService({ name: this.options.service, namespace: this.options.namespace }),
      settleMs: DEFAULT_POLICY.settleMs,
    });
  }

  /** A selector that matches no pod would take production down: refuse before changing anything. */
  private async refuseEmptySelector(selector: Record<string, string>): Promise<void> {
    const text = labelSelector(selector);
    const pods = await call({ ...this.target("list pods for"), kind: "Service" }, this.kube.server, () =>
      this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: text }),
    );
    if (pods.items.length === 0) {
      throw new RefusedError(
        `No pod in namespace ${this.options.namespace} matches ${text}, the selector service ${this.object} would get; nothing was changed.`,
      );
    }
  }

  /** Endpoints follow the selector asynchronously: wait until they hold only the new color's pods. */
  private async waitForEndpoints(color: Color, selector: Record<string, string>): Promise<void> {
    const text = labelSelector(selector);
    await pollUntil(
      `the endpoints of service ${this.object} holding only ${color} pods`,
      this.options.timeoutMs,
      async () => {
        const [pods, slices] = await Promise.all([
          call(this.target("list pods for"), this.kube.server, () =>
            this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: text }),
          ),
          call({ ...this.target("list endpoint slices of"), kind: "Service" }, this.kube.server, () =>
            this.kube.discovery.listNamespacedEndpointSlice({
              namespace: this.options.namespace,
              labelSelector: `kubernetes.io/service-name=${this.options.service}`,
            }),
          ),
        ]);
        const wanted = new Set(pods.items.map((pod) => pod.metadata?.name));
        // An endpoint takes traffic unless it is explicitly not ready (terminating pods say so).
        const serving = slices.items.flatMap((slice) => slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
        const names = serving.map((e) => e.targetRef?.name ?? e.addresses.join(","));
        const others = names.filter((name) => !wanted.has(name));
        const done = names.length > 0 && others.length === 0;
        const detail =
          names.length === 0
            ? "no ready endpoints"
            : `${names.length - others.length} of ${names.length} ready endpoints are ${color} pods${others.length ? ` (others: ${others.slice(0, 5).join(", ")})` : ""}`;
        return { done, detail };
      },
      100,
      1_000,
    );
  }

  private liveColor(selector: Record<string, string>): Color {
    const value = selector[this.options.colorLabel];
    if (!isColor(value)) {
      throw new InputError(
        "color-label",
        `service ${this.object} has the selector "${printable(labelSelector(selector))}", with no "${this.options.colorLabel}: blue|green"; allowed: the selector label whose value names the live color.`,
      );
    }
    return value;
  }

  private async get(): Promise<V1Service> {
    return call(this.target("read"), this.kube.server, () =>
      this.kube.core.readNamespacedService({ name: this.options.service, namespace: this.options.namespace }),
    );
  }

  private target(verb: string): Target {
    const input = this.options.namedBy.service;
    const note = input === "app" ? "service defaults to app" : undefined;
    return { kind: "Service", namespace: this.options.namespace, name: this.options.service, input, verb, note };
  }
}
