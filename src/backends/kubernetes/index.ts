import type { ApplyOptions, Backend, HttpRequester, PlanLine, Readiness, RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { RefusedError } from "../../errors.js";
import type { Config, InputReader } from "../../inputs.js";
import { log } from "../../platform/log.js";
import { connect, type Kube } from "./client.js";
import { deployColor } from "./deploy.js";
import { GatewayRouter } from "./gateway.js";
import { loadManifests } from "./manifests.js";
import { type KubernetesKind, type KubernetesOptions, parseKubernetesOptions } from "./options.js";
import { serviceProxyRequester } from "./proxy.js";
import { restoreScale } from "./restore-scale.js";
import { Rollouts } from "./rollout.js";
import { RouteRouter } from "./route.js";
import type { TrafficRouter } from "./router.js";
import { ServiceRouter } from "./service.js";

/**
 * The k8s-service, openshift-route and k8s-gateway backends. Inputs are checked first; only then is
 * @kubernetes/client-node loaded (dynamically, in connect()) and the kubeconfig read.
 */
export async function createKubernetesBackend(kind: KubernetesKind, read: InputReader, config: Config): Promise<Backend> {
  const options = parseKubernetesOptions(kind, read, config);
  // The team's manifests are read and checked before the cluster is contacted: a bad one changes nothing.
  const manifests =
    config.mode === "prepare" && options.deploy.manifests !== undefined
      ? loadManifests(options.deploy.manifests, { ...options, setsImage: options.image !== undefined })
      : undefined;
  const kube = await connect(options);
  const rollouts = new Rollouts(kube, options);
  const router = createRouter(kind, kube, options, rollouts);
  const deploy = (color: Color, version: string) => deployColor(kube, options, rollouts, manifests, color, version);
  return new KubernetesBackend(
    kind,
    kube,
    options,
    rollouts,
    router,
    (color) => serviceProxyRequester(kube, options, color, config.dryRun ? undefined : config.smoke.healthPath),
    deploy,
  );
}

function createRouter(kind: KubernetesKind, kube: Kube, options: KubernetesOptions, rollouts: Rollouts): TrafficRouter {
  switch (kind) {
    case "k8s-service":
      return new ServiceRouter(kube, options, rollouts);
    case "openshift-route":
      return new RouteRouter(kube, options, rollouts);
    case "k8s-gateway":
      return new GatewayRouter(kube, options, rollouts);
  }
}

export class KubernetesBackend implements Backend {
  /** A patched Service selector, Route or HTTPRoute sends new requests to the new color at once. */
  readonly switchesAtOnce = true;

  constructor(
    readonly kind: KubernetesKind,
    private readonly kube: Kube,
    private readonly options: KubernetesOptions,
    private readonly rollouts: Rollouts,
    private readonly router: TrafficRouter,
    private readonly proxy: (color: Color) => Promise<HttpRequester & { close(): void }>,
    /** manifests, deploy-command or image: see deploy.ts. */
    private readonly deployTo: (color: Color, version: string) => Promise<PlanLine[]>,
  ) {}

  read(): Promise<RouterState> {
    return this.router.read();
  }

  readiness(color: Color): Promise<Readiness> {
    return this.rollouts.readiness(color);
  }

  fingerprint(color: Color): Promise<string> {
    return this.rollouts.fingerprint(color);
  }

  async deploy(color: Color, version: string): Promise<PlanLine[]> {
    const lines = await this.deployTo(color, version);
    for (const line of lines) log.info(line); // the exact patch, in the log even where the mode keeps only a summary line
    return lines;
  }

  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[] {
    return this.router.describe(change, state, options);
  }

  async apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void> {
    if (change.live !== state.live) await this.refuseOtherVersion(change);
    return this.router.apply(change, state, options);
  }

  /**
   * Production goes only to the version bluegreen put on the color: if someone set another image
   * by hand since, the switch is refused before anything is written.
   */
  private async refuseOtherVersion(change: RouteChange): Promise<void> {
    const expected = change.ledger.versions[change.live];
    if (expected === undefined) return; // installed before bluegreen: nothing recorded to compare with
    // Without the image input the version is a release name, not an image tag (manifests, deploy-command):
    // what runs is pinned by the fingerprint test recorded and promote compares instead.
    if (this.options.image === undefined) return;
    const running = await this.rollouts.runningVersion(change.live);
    if (running.version !== undefined && running.version !== expected) {
      throw new RefusedError(
        `Refusing to switch to ${change.live}: deployment ${this.options.namespace}/${this.rollouts.name(change.live)} runs ${running.image}, not ${expected} as bluegreen recorded; nothing was changed. Run prepare again.`,
      );
    }
  }

  previewRequester(color: Color): Promise<HttpRequester & { close(): void }> {
    return this.proxy(color);
  }

  /** A color promote scaled down gets its replicas back, and is ready, before traffic returns to it. */
  beforeSwitch(target: Color, _mode: "promote" | "rollback", dryRun: boolean): Promise<PlanLine[]> {
    return restoreScale(this.kube, this.options, this.rollouts, target, dryRun);
  }

  /** scale-down-replicas: the old color keeps a few replicas for a quick rollback, or none. */
  async afterPromote(previous: Color): Promise<string[]> {
    if (this.options.scaleDownReplicas === undefined) return [];
    return this.rollouts.scaleDown(previous, this.options.scaleDownReplicas);
  }
}
