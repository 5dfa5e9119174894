import type {
  Backend,
  HttpRequester,
  PlanLine,
  PlanOptions,
  Readiness,
  RouteChange,
  RoutePlan,
  Router,
  RouterState,
  RunningVersion,
  RunSettings,
  ServingRestore,
  StepCheck,
  Workload,
} from "../../backend.js";
import type { Color } from "../../colors.js";
import { detail, plainChange } from "../../plan-lines.js";
import { log } from "../../platform/log.js";
import { connect, type Kube } from "./client.js";
import { deployColor } from "./deploy.js";
import { GatewayRouter } from "./gateway.js";
import type { KubernetesKind, KubernetesOptions, KubernetesSettings } from "./options.js";
import { serviceProxyRequester } from "./proxy.js";
import { servingRestore } from "./restore-scale.js";
import { Rollouts } from "./rollout.js";
import { RouteRouter } from "./route.js";
import type { TrafficRouter } from "./router.js";
import { ServiceRouter } from "./service.js";

/**
 * The k8s-service, openshift-route and k8s-gateway backends, from settings parseKubernetesSettings
 * checked: only now is @kubernetes/client-node loaded (dynamically, in connect()) and the kubeconfig read.
 */
export async function createKubernetes(settings: KubernetesSettings, run: RunSettings): Promise<Backend> {
  const kube = await connect(settings);
  const rollouts = new Rollouts(kube, settings);
  const router = new KubernetesRouter(settings.kind, createTrafficRouter(settings.kind, kube, settings, rollouts), (color) =>
    serviceProxyRequester(kube, settings, color, settings.probePath),
  );
  const workload = new KubernetesWorkload(kube, settings, rollouts, (color, version) =>
    deployColor(kube, settings, rollouts, settings.manifests, color, version, run.runCommand),
  );
  return { router, workload, close: async () => undefined };
}

function createTrafficRouter(kind: KubernetesKind, kube: Kube, options: KubernetesOptions, rollouts: Rollouts): TrafficRouter {
  switch (kind) {
    case "k8s-service":
      return new ServiceRouter(kube, options, rollouts);
    case "openshift-route":
      return new RouteRouter(kube, options, rollouts);
    case "k8s-gateway":
      return new GatewayRouter(kube, options, rollouts);
  }
}

/** A Kubernetes switch as data: the change, the steps, and the writes it makes, one line each. */
export interface KubernetesPlan extends RoutePlan {
  readonly lines: readonly PlanLine[];
}

/** The traffic face: a Service selector, a Route or an HTTPRoute, and the service proxy to test a color through. */
export class KubernetesRouter implements Router {
  /** No request counters; the routing lives in the API server, which is what survives. */
  readonly servedRequests = undefined;
  readonly durable = true;
  /** A patched Service selector, Route or HTTPRoute sends new requests to the new color at once. */
  readonly switchesAtOnce = true;

  constructor(
    readonly kind: KubernetesKind,
    private readonly traffic: TrafficRouter,
    readonly previewRequester: (color: Color) => Promise<HttpRequester & { close(): void }>,
  ) {}

  read(): Promise<RouterState> {
    return this.traffic.read();
  }

  plan(change: RouteChange, state: RouterState, options?: PlanOptions): KubernetesPlan {
    const steps = options?.steps;
    return { change, state, steps, lines: this.traffic.describe(change, state, { steps }) };
  }

  describe(plan: KubernetesPlan): PlanLine[] {
    // The object every write patches, from the first write ("PATCH service default/app ..."): the plain line names it.
    const where = /^PATCH (\S+ \S+)/.exec(plan.lines[0] ?? "")?.[1] ?? this.kind;
    // The exact writes first (what the summary and the plan output lead with), the plain words last.
    return [...plan.lines.map(detail), ...plainChange(plan.change, plan.state, where, plan.steps)];
  }

  apply(plan: KubernetesPlan, onStep?: StepCheck): Promise<void> {
    return this.traffic.apply(plan.change, plan.state, { steps: plan.steps ? [...plan.steps] : undefined, onStep });
  }
}

/** The workload face: the Deployments `<app>-blue` and `<app>-green`. */
export class KubernetesWorkload implements Workload {
  /** Pods have no fixed addresses to hand to deploy-command. */
  readonly targets = undefined;
  readonly scaleDown: ((color: Color) => Promise<string[]>) | undefined;
  readonly runningVersion: ((color: Color) => Promise<RunningVersion>) | undefined;

  constructor(
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
    private readonly rollouts: Rollouts,
    /** manifests, deploy-command or image: see deploy.ts. */
    private readonly deployTo: (color: Color, version: string) => Promise<PlanLine[]>,
  ) {
    const replicas = options.scaleDownReplicas;
    // scale-down-replicas: the old color keeps a few replicas for a quick rollback, or none.
    this.scaleDown = replicas === undefined ? undefined : (color) => rollouts.scaleDown(color, replicas);
    // Without the image input the version is a release name, not an image tag (manifests, deploy-command).
    this.runningVersion = options.image === undefined ? undefined : (color) => this.imageVersion(color);
  }

  readiness(color: Color): Promise<Readiness> {
    return this.rollouts.readiness(color);
  }

  fingerprint(color: Color): Promise<string> {
    return this.rollouts.fingerprint(color);
  }

  readonly deploy = async (color: Color, version: string): Promise<PlanLine[]> => {
    const lines = await this.deployTo(color, version);
    for (const line of lines) log.info(line); // the exact patch, in the log even where the mode keeps only a summary line
    return lines;
  };

  /** A color promote scaled down: what giving its replicas back takes. */
  readonly servingRestore = (color: Color): Promise<ServingRestore | undefined> =>
    servingRestore(this.kube, this.options, this.rollouts, color);

  private async imageVersion(color: Color): Promise<RunningVersion> {
    const running = await this.rollouts.runningVersion(color);
    return { object: `deployment ${this.options.namespace}/${this.rollouts.name(color)}`, ...running };
  }
}
