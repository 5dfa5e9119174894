import type { PlanLine, RouteChange, RouterState } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { printable } from "../../input-text.js";
import { log } from "../../platform/log.js";
import { ledgerAnnotations, ledgerFrom } from "./annotations.js";
import { call, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { CustomObjects } from "./custom-objects.js";
import type { KubernetesOptions } from "./options.js";
import type { Rollouts } from "./rollout.js";
import type { ApplyOptions, TrafficRouter } from "./router.js";
import { shiftTraffic, stepsOf, stepVersion } from "./steps.js";

/** The fields of an OpenShift Route (route.openshift.io/v1) that bluegreen reads and writes. */
interface RouteBackend {
  kind?: string;
  name: string;
  weight?: number;
}
interface Route {
  metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: { to?: RouteBackend; alternateBackends?: RouteBackend[] };
}

const ROUTES = { group: "route.openshift.io", version: "v1", plural: "routes" } as const;

/**
 * openshift-route: the production Route's spec.to names the live color's Service
 * (`<app>-blue` / `<app>-green`); an optional preview Route names the idle one. A promote may
 * shift traffic in weight steps through spec.alternateBackends.
 */
export class RouteRouter implements TrafficRouter {
  private readonly objects: CustomObjects<Route>;

  constructor(
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
    private readonly rollouts: Rollouts,
  ) {
    this.objects = new CustomObjects<Route>(kube, ROUTES, options.namespace, (name, input, verb) =>
      this.target(name, input as "route" | "preview-route", verb),
    );
  }

  private service(color: Color): string {
    return `${this.options.app}-${color}`;
  }

  private name(route: string): string {
    return `${this.options.namespace}/${route}`;
  }

  async read(): Promise<RouterState> {
    // One after the other, so that the first missing object is the one reported, always the same.
    const route = await this.objects.get(this.options.route, "route");
    const preview = await this.objects.getOptional(this.options.previewRoute, "preview-route");
    for (const color of COLORS) await this.requireService(color);
    const deployments = await this.rollouts.details();
    const live = this.colorOf(route.spec?.to?.name, "route", this.options.route);
    const previewColor = preview ? this.colorOf(preview.spec?.to?.name, "preview-route", this.options.previewRoute) : undefined;
    const warnings: string[] = [];
    const weights = describeWeights(route);
    const split = (route.spec?.alternateBackends ?? []).some((b) => (b.weight ?? 100) > 0);
    if (split) {
      warnings.push(
        `route ${this.name(this.options.route)} splits traffic (${weights}): a weighted promote did not finish, or someone set weights by hand.`,
      );
    }
    if (!preview)
      warnings.push(`no preview route ${this.name(this.options.previewRoute)}: the idle color is reached through its Service only.`);
    return {
      live,
      preview: previewColor,
      ledger: ledgerFrom(route.metadata?.annotations),
      revision: route.metadata?.resourceVersion ?? "",
      details: {
        route: this.name(this.options.route),
        weights,
        "preview route": preview ? `${this.name(this.options.previewRoute)} -> ${preview.spec?.to?.name}` : "none",
        ...deployments,
      },
      warnings,
      split,
    };
  }

  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[] {
    const route = this.name(this.options.route);
    const lines: string[] = [];
    const from = this.service(state.live);
    const to = this.service(change.live);
    if (change.live === state.live) {
      lines.push(
        `PATCH route ${route} annotations bluegreen.io/* (ledger only; spec.to stays ${from}) (resourceVersion ${state.revision})`,
      );
    } else {
      // Each write carries the resourceVersion read (first) or answered by the previous write.
      const steps = stepsOf(change, state, options);
      const version = (index: number) => stepVersion(index, state);
      for (const [index, percent] of steps.slice(0, -1).entries()) {
        lines.push(
          `PATCH route ${route} weights ${from}=${100 - percent} ${to}=${percent} (${version(index)}), then check production at ${percent}%`,
        );
      }
      lines.push(
        `PATCH route ${route} spec.to ${to} weight 100 (was ${from}), no alternateBackends, and annotations bluegreen.io/* (${version(steps.length - 1)})`,
      );
      if (steps.length > 1) lines.push(`if any step fails: PATCH route ${route} spec.to ${from} weight 100, no alternateBackends`);
    }
    if (state.preview !== undefined && state.preview !== change.preview) {
      lines.push(
        `PATCH route ${this.name(this.options.previewRoute)} spec.to ${this.service(change.preview)} (was ${this.service(state.preview)})`,
      );
    }
    return lines;
  }

  async apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void> {
    const switching = change.live !== state.live;
    let resourceVersion = state.revision;
    let previewMoved = false;
    const write = async (body: { metadata?: Record<string, unknown>; spec: Record<string, unknown> }) => {
      const patched = await this.objects.patch(this.options.route, "route", { ...body, metadata: { ...body.metadata, resourceVersion } });
      resourceVersion = patched.metadata?.resourceVersion ?? "";
    };
    try {
      await shiftTraffic(
        {
          object: `route ${this.name(this.options.route)}`,
          step: (percent) => write(this.stepBody(state.live, change.live, percent)),
          finish: async () => {
            // The preview Route follows BEFORE the final write: a run killed right after that write then
            // leaves nothing undone, while one killed before it leaves the switch pending (the record is
            // written with the final step), which the next promote or rollback finishes.
            if (switching) previewMoved = await this.pointPreview(change.preview, state, "before-switch");
            await write(this.finalBody(change));
          },
          restore: () => this.restore(state),
        },
        stepsOf(change, state, options),
        state.live,
        options?.onStep,
      );
    } catch (error) {
      // Production stays on (or went back to) the old color: the preview Route goes back with it.
      if (previewMoved) await this.pointPreviewBack(state);
      throw error;
    }
    if (!switching) await this.pointPreview(change.preview, state, "record-only");
  }

  private stepBody(old: Color, next: Color, percent: number): { metadata?: Record<string, unknown>; spec: Record<string, unknown> } {
    // spec.to stays on the old color until the last step: a reader (or a crash) mid-way still sees the old color as live.
    return {
      spec: {
        to: { kind: "Service", name: this.service(old), weight: 100 - percent },
        alternateBackends: [{ kind: "Service", name: this.service(next), weight: percent }],
      },
    };
  }

  private finalBody(change: RouteChange): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
    return {
      metadata: { annotations: ledgerAnnotations(change.ledger, change.live) },
      spec: { to: { kind: "Service", name: this.service(change.live), weight: 100 }, alternateBackends: null },
    };
  }

  /**
   * Puts all traffic back on the old color, with the record as it was before the switch (so the two
   * agree even if the final write landed late); returns what it wrote. The fresh resourceVersion also
   * makes any earlier write still in flight fail with 409 if it arrives later.
   */
  private async restore(state: RouterState): Promise<string> {
    const old = state.live;
    const fresh = await this.objects.get(this.options.route, "route");
    await this.objects.patch(this.options.route, "route", {
      metadata: { resourceVersion: fresh.metadata?.resourceVersion ?? "", annotations: ledgerAnnotations(state.ledger, old) },
      spec: { to: { kind: "Service", name: this.service(old), weight: 100 }, alternateBackends: null },
    });
    return `route ${this.name(this.options.route)}: ${this.service(old)} 100`;
  }

  /**
   * The preview Route follows the idle color; it is optional, and holds no ledger. Before a switch, a
   * preview that cannot follow is a warning: the switch of production goes on. Returns whether it moved.
   */
  private async pointPreview(color: Color, state: RouterState, when: "before-switch" | "record-only"): Promise<boolean> {
    if (state.preview === undefined || state.preview === color) return false;
    try {
      await this.objects.patch(this.options.previewRoute, "preview-route", {
        spec: { to: { kind: "Service", name: this.service(color), weight: 100 } },
      });
      return true;
    } catch (error) {
      if (when === "record-only") throw error;
      log.warn(
        `The preview route could not be pointed at ${this.service(color)} (${error instanceof Error ? error.message : String(error)}); production is switched without it.`,
      );
      return false;
    }
  }

  /** After a switch that did not happen, the preview Route goes back to the color it showed. */
  private async pointPreviewBack(state: RouterState): Promise<void> {
    if (state.preview === undefined) return;
    try {
      await this.objects.patch(this.options.previewRoute, "preview-route", {
        spec: { to: { kind: "Service", name: this.service(state.preview), weight: 100 } },
      });
    } catch (error) {
      log.warn(
        `The preview route ${this.name(this.options.previewRoute)} could not be pointed back at ${this.service(state.preview)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** The per-color Services the Routes point at must exist, or the switch would send traffic nowhere. */
  private async requireService(color: Color): Promise<void> {
    await call(
      { kind: "Service", namespace: this.options.namespace, name: this.service(color), input: "app", verb: "read" },
      this.kube.server,
      () => this.kube.core.readNamespacedService({ name: this.service(color), namespace: this.options.namespace }),
    );
  }

  private colorOf(service: string | undefined, input: string, route: string): Color {
    for (const color of COLORS) if (service === this.service(color)) return color;
    throw new InputError(
      input,
      `route ${this.name(route)} sends traffic to service "${printable(service ?? "")}"; allowed: ${this.service("blue")} or ${this.service("green")} (the app input decides those names).`,
    );
  }

  /** A Route named by its own input, or by app when that input was left to its default. */
  private target(name: string, input: "route" | "preview-route", verb: string): Target {
    const namedBy = input === "route" ? this.options.namedBy.route : this.options.namedBy.previewRoute;
    const note = namedBy === "app" ? `${input} defaults to ${input === "route" ? "app" : "<app>-preview"}` : undefined;
    return { kind: "Route", namespace: this.options.namespace, name, input: namedBy, verb, note };
  }
}

function describeWeights(route: Route): string {
  const backends = [route.spec?.to, ...(route.spec?.alternateBackends ?? [])].filter((b): b is RouteBackend => b !== undefined);
  return backends.map((b) => `${b.name}=${b.weight ?? 100}`).join(" ");
}
