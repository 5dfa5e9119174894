import type { PlanLine, RouteChange, RouterState } from "../../backend.js";
import { COLORS, type Color, otherColor } from "../../colors.js";
import { InputError, RouterError, TimeoutError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { sentenceOf } from "../../sentence.js";
import { pollUntil } from "../../wait.js";
import { ledgerAnnotations, ledgerFrom } from "./annotations.js";
import { call, type Target } from "./api-errors.js";
import type { Kube } from "./client.js";
import { CustomObjects } from "./custom-objects.js";
import {
  acceptance,
  colorOf,
  describeWeights,
  type HttpRoute,
  newPreviewRule,
  previewRule,
  type RouteRule,
  ruleRoles,
  type Weights,
  weightsOf,
  withWeights,
} from "./httproute.js";
import type { KubernetesOptions } from "./options.js";
import type { Rollouts } from "./rollout.js";
import type { ApplyOptions, TrafficRouter } from "./router.js";
import { shiftTraffic, stepsOf, stepVersion } from "./steps.js";

const HTTPROUTES = { group: "gateway.networking.k8s.io", version: "v1", plural: "httproutes" } as const;

/**
 * k8s-gateway: the production HTTPRoute's rules send traffic to the Services `<app>-blue` and
 * `<app>-green` through backendRefs weights (100/0 once switched; in between during a gradual
 * promote). The preview is a rule of the same route matched by `preview-header`, or else an optional
 * second HTTPRoute (`preview-route`). A write counts only once the Gateway accepted the route's new
 * generation (status.parents[].conditions Accepted and ResolvedRefs): a route the Gateway rejected
 * is put back and never reported as switched.
 */
export class GatewayRouter implements TrafficRouter {
  private readonly objects: CustomObjects<HttpRoute>;

  constructor(
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
    private readonly rollouts: Rollouts,
  ) {
    this.objects = new CustomObjects<HttpRoute>(kube, HTTPROUTES, options.namespace, (name, input, verb) => this.target(name, input, verb));
  }

  private service(color: Color): string {
    return `${this.options.app}-${color}`;
  }

  private name(route: string): string {
    return `${this.options.namespace}/${route}`;
  }

  async read(): Promise<RouterState> {
    const route = await this.objects.get(this.options.route, "route");
    const previewRoute = this.options.previewHeader
      ? undefined
      : await this.objects.getOptional(this.options.previewRoute, "preview-route");
    for (const color of COLORS) await this.requireService(color);
    const deployments = await this.rollouts.details();
    const rules = route.spec?.rules ?? [];
    const roles = this.roles(route);
    const ledger = ledgerFrom(route.metadata?.annotations);
    const warnings: string[] = [];

    const perRule = roles.production.map((index) => weightsOf(rules[index] as RouteRule, this.options.app));
    const first = perRule[0] as Weights;
    const disagree = perRule.some((w) => w.blue !== first.blue || w.green !== first.green);
    const both = first.blue > 0 && first.green > 0;
    const none = first.blue === 0 && first.green === 0;
    // Mid-shift the old color stays live until the last step wrote the ledger: the ledger breaks the tie.
    let live: Color;
    if (first.blue > 0 !== first.green > 0) live = first.blue > 0 ? "blue" : "green";
    else if (ledger.live !== undefined) live = ledger.live;
    else live = first.green > first.blue ? "green" : "blue";
    const split = both || none || disagree;
    const weights = perRule.map((w) => describeWeights(w, this.options.app)).join("; ");
    if (split) {
      warnings.push(
        none
          ? `httproute ${this.name(this.options.route)} sends no traffic to either color (${weights}).`
          : `httproute ${this.name(this.options.route)} splits traffic (${weights}): a weighted promote did not finish, or someone set weights by hand.`,
      );
    }
    const accepted = acceptance(route);
    if (accepted.state !== "accepted") warnings.push(sentenceOf(`httproute ${this.name(this.options.route)}: ${accepted.detail}`));

    let preview: Color | undefined;
    let previewDetail: string;
    if (this.options.previewHeader) {
      const header = `${this.options.previewHeader.name}: ${this.options.previewHeader.value}`;
      const rule = roles.preview === undefined ? undefined : (rules[roles.preview] as RouteRule);
      preview = rule ? this.previewColorOf(rule) : undefined;
      previewDetail = rule ? `rule matching "${header}" -> ${preview ? this.service(preview) : "?"}` : `no rule matching "${header}" yet`;
    } else if (previewRoute) {
      const rule = (previewRoute.spec?.rules ?? []).find((r) => (r.backendRefs ?? []).some((ref) => colorOf(ref, this.options.app)));
      preview = rule ? this.previewColorOf(rule) : undefined;
      previewDetail = `${this.name(this.options.previewRoute)} -> ${preview ? this.service(preview) : "?"}`;
    } else {
      previewDetail = "none";
      warnings.push(
        `no preview HTTPRoute ${this.name(this.options.previewRoute)} and no preview-header: the idle color is reached through its Service only.`,
      );
    }
    return {
      live,
      // A header rule not written yet is created by the first write: the idle color is the preview.
      preview: preview ?? (this.options.previewHeader ? otherColor(live) : undefined),
      ledger,
      revision: route.metadata?.resourceVersion ?? "",
      details: {
        httproute: this.name(this.options.route),
        weights,
        gateway: accepted.detail,
        preview: previewDetail,
        ...deployments,
      },
      warnings,
      split,
    };
  }

  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[] {
    const route = `httproute ${this.name(this.options.route)}`;
    const from = this.service(state.live);
    const to = this.service(change.live);
    const wait = "and wait until the Gateway accepts it (Accepted, ResolvedRefs)";
    const preview =
      this.options.previewHeader && state.preview !== change.preview ? `, preview rule -> ${this.service(change.preview)}` : "";
    const lines: string[] = [];
    if (change.live === state.live) {
      const production = change.repair ? `weights ${from}=100 ${this.service(otherColor(state.live))}=0` : `weights stay`;
      lines.push(`PATCH ${route} ${production}${preview}, annotations bluegreen.io/* (resourceVersion ${state.revision}) ${wait}`);
    } else {
      const steps = stepsOf(change, state, options);
      for (const [index, percent] of steps.slice(0, -1).entries()) {
        lines.push(
          `PATCH ${route} weights ${from}=${100 - percent} ${to}=${percent} (${stepVersion(index, state)}) ${wait}, then check production at ${percent}%`,
        );
      }
      lines.push(
        `PATCH ${route} weights ${to}=100 ${from}=0${preview}, annotations bluegreen.io/* (${stepVersion(steps.length - 1, state)}) ${wait}`,
      );
      lines.push(`if any step fails or the Gateway rejects it: PATCH ${route} weights ${from}=100 ${to}=0`);
    }
    if (!this.options.previewHeader && state.preview !== undefined && state.preview !== change.preview) {
      lines.push(
        `PATCH httproute ${this.name(this.options.previewRoute)} backendRefs ${this.service(change.preview)} (was ${this.service(state.preview)})`,
      );
    }
    return lines;
  }

  async apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void> {
    const route = await this.objects.get(this.options.route, "route");
    let resourceVersion = state.revision;
    let generation = route.metadata?.generation ?? 0;
    let specChanged = false;
    const moves = change.live !== state.live || change.repair === true;
    const write = async (rules: RouteRule[], annotations?: Record<string, string | null>) => {
      const patched = await this.objects.patch(this.options.route, "route", {
        metadata: { resourceVersion, ...(annotations ? { annotations } : {}) },
        spec: { rules },
      });
      resourceVersion = patched.metadata?.resourceVersion ?? "";
      specChanged = (patched.metadata?.generation ?? 0) !== generation;
      generation = patched.metadata?.generation ?? 0;
    };
    // `percent` on the new color, the rest on the old; a repair (same color) puts 100 on it and 0 on the other.
    const split = (percent: number): Weights => {
      const weights: Weights = { blue: 0, green: 0 };
      weights[state.live] = 100 - percent;
      weights[change.live] += percent;
      return weights;
    };
    await shiftTraffic(
      {
        object: `httproute ${this.name(this.options.route)}`,
        step: (percent) => write(this.rules(route, split(percent), undefined)),
        finish: () =>
          write(
            this.rules(route, moves ? split(100) : undefined, this.options.previewHeader ? change.preview : undefined),
            ledgerAnnotations(change.ledger, change.live),
          ),
        // A write that left the spec as it was (a ledger-only record) has nothing for the Gateway to accept.
        confirm: async () => {
          if (!specChanged) return;
          // The controller's status write moved the resourceVersion on: the next step carries the one it left.
          const accepted = await this.waitAccepted(this.options.route, generation);
          resourceVersion = accepted.metadata?.resourceVersion ?? "";
        },
        restore: () => this.restore(state),
      },
      stepsOf(change, state, options),
      state.live,
      options?.onStep,
    );
    if (!this.options.previewHeader) await this.pointPreview(change.preview, state, change.live !== state.live);
  }

  /** The route's rules with the production weights (undefined: as they are) and the preview rule on a color. */
  private rules(route: HttpRoute, weights: Weights | undefined, preview: Color | undefined): RouteRule[] {
    const rules = [...(route.spec?.rules ?? [])];
    const roles = this.roles(route);
    if (weights) for (const index of roles.production) rules[index] = withWeights(rules[index] as RouteRule, this.options.app, weights);
    const header = this.options.previewHeader;
    if (preview !== undefined && header) {
      if (roles.preview !== undefined) rules[roles.preview] = previewRule(rules[roles.preview] as RouteRule, this.options.app, preview);
      else rules.push(newPreviewRule(rules[roles.production[0] as number], this.options.app, preview, header));
    }
    return rules;
  }

  /**
   * Everything back on the old color, from a fresh read, with the ledger as it was before (the last
   * step may have written the new one before the Gateway refused it); waits for the Gateway to accept it.
   */
  private async restore(state: RouterState): Promise<string> {
    const old = state.live;
    const fresh = await this.objects.get(this.options.route, "route");
    const weights = { [old]: 100, [otherColor(old)]: 0 } as Weights;
    const patched = await this.objects.patch(this.options.route, "route", {
      metadata: { resourceVersion: fresh.metadata?.resourceVersion ?? "", annotations: ledgerAnnotations(state.ledger, old) },
      spec: { rules: this.rules(fresh, weights, undefined) },
    });
    await this.waitAccepted(this.options.route, patched.metadata?.generation ?? 0);
    return `httproute ${this.name(this.options.route)}: ${describeWeights(weights, this.options.app)}`;
  }

  /**
   * Polls the route's status until the Gateway accepted `generation`; throws when it rejected it, never
   * answered, or the spec changed under it. Returns the route as last read.
   */
  private async waitAccepted(name: string, generation: number): Promise<HttpRoute> {
    const object = `httproute ${this.name(name)}`;
    let rejected: string | undefined;
    let last: HttpRoute = {};
    try {
      await pollUntil(
        `the Gateway accepting ${object} generation ${generation}`,
        this.options.timeoutMs,
        async () => {
          const route = await this.objects.get(name, name === this.options.route ? "route" : "preview-route");
          last = route;
          if ((route.metadata?.generation ?? 0) > generation) {
            throw new RouterError(
              `${object} was changed by someone else (generation ${route.metadata?.generation}) while the Gateway took it.`,
            );
          }
          const verdict = acceptance(route);
          if (verdict.state === "rejected") rejected = verdict.detail;
          return { done: verdict.state !== "pending", detail: verdict.detail };
        },
        100,
        1_000,
      );
    } catch (error) {
      if (error instanceof TimeoutError) throw new RouterError(`${error.message.replace(/\.$/, "")}; the Gateway may not serve it`);
      throw error;
    }
    if (rejected !== undefined) throw new RouterError(`the Gateway rejected ${object} generation ${generation}: ${rejected}`);
    return last;
  }

  /** The preview HTTPRoute follows the idle color; as on OpenShift, a failure after production switched is a warning. */
  private async pointPreview(color: Color, state: RouterState, productionSwitched: boolean): Promise<void> {
    if (state.preview === undefined || state.preview === color) return;
    try {
      const preview = await this.objects.get(this.options.previewRoute, "preview-route");
      const rules = (preview.spec?.rules ?? []).map((rule) =>
        (rule.backendRefs ?? []).some((ref) => colorOf(ref, this.options.app)) ? previewRule(rule, this.options.app, color) : rule,
      );
      const patched = await this.objects.patch(this.options.previewRoute, "preview-route", {
        metadata: { resourceVersion: preview.metadata?.resourceVersion ?? "" },
        spec: { rules },
      });
      if ((patched.metadata?.generation ?? 0) !== (preview.metadata?.generation ?? 0)) {
        await this.waitAccepted(this.options.previewRoute, patched.metadata?.generation ?? 0);
      }
    } catch (error) {
      if (!productionSwitched) throw error;
      log.warn(
        `Production was switched, but the preview HTTPRoute could not follow: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private roles(route: HttpRoute) {
    const roles = ruleRoles(route.spec?.rules ?? [], this.options.app, this.options.previewHeader);
    const object = this.name(route.metadata?.name ?? this.options.route);
    const [mixed] = roles.mixed;
    if (mixed !== undefined) {
      throw new InputError(
        "route",
        `httproute ${object} rule ${mixed + 1} sends traffic to ${this.service("blue")}/${this.service("green")} and to other backends; allowed: rules whose backendRefs are only ${this.service("blue")} and ${this.service("green")}.`,
      );
    }
    if (roles.production.length === 0) {
      throw new InputError(
        "route",
        `httproute ${object} has no rule whose backendRefs name ${this.service("blue")} or ${this.service("green")}; allowed: an HTTPRoute with a rule sending production to those Services (the app input decides their names).`,
      );
    }
    return roles;
  }

  private previewColorOf(rule: RouteRule): Color | undefined {
    const weights = weightsOf(rule, this.options.app);
    if (weights.blue > 0 && weights.green === 0) return "blue";
    if (weights.green > 0 && weights.blue === 0) return "green";
    return undefined;
  }

  /** Both Services must exist: a backendRef to a missing one fails ResolvedRefs and sends that share nowhere. */
  private async requireService(color: Color): Promise<void> {
    await call(
      { kind: "Service", namespace: this.options.namespace, name: this.service(color), input: "app", verb: "read" },
      this.kube.server,
      () => this.kube.core.readNamespacedService({ name: this.service(color), namespace: this.options.namespace }),
    );
  }

  private target(name: string, input: string, verb: string): Target {
    return { kind: "HTTPRoute", namespace: this.options.namespace, name, input, verb };
  }
}
