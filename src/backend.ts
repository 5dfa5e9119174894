import type { BackendKind } from "./backends/registry.js";
import type { Color } from "./colors.js";
import type { Ledger } from "./ledger.js";

/** The router as it is now. Read only; produced by Backend.read(). */
export interface RouterState {
  /** Color production traffic goes to. */
  live: Color;
  /** Color the preview entry goes to, when the router has one. */
  preview?: Color;
  /** What bluegreen recorded on the router (previous color, versions, last action, test). */
  ledger: Ledger;
  /**
   * Opaque marker of the routing objects' version (Kubernetes resourceVersion, the HAProxy map
   * content, the OVH frontends' farms). apply() refuses with ConflictError when it changed since.
   */
  revision: string;
  /** Human-readable facts for the summary (object names, weights, frontends...). */
  details: Record<string, string>;
  /** Inconsistencies found while reading (frontends that disagree, weights split...). */
  warnings: string[];
  /**
   * True when production is split between colors (frontends that disagree after an interrupted
   * switch, weights left between colors). `live` is then the backend's best reading, and a
   * promote or rollback that would otherwise have nothing to do moves everything to `live`.
   */
  split?: boolean;
  /**
   * A color production left that clients may still reach until `until` (ISO time): DNS resolvers keep
   * the old answer for up to its TTL. prepare refuses to redeploy it before then; `why` says so.
   */
  inUseUntil?: { color: Color; until: string; why: string };
}

export interface Readiness {
  ready: boolean;
  /** One line: "2/2 servers UP", "3/3 replicas available", or why not. */
  summary: string;
}

/** The routing bluegreen wants, written in one step where the router allows. */
export interface RouteChange {
  live: Color;
  /** Where the preview entry should go (normally the color that is not live). */
  preview: Color;
  /** The ledger to record together with the routing. */
  ledger: Ledger;
  /**
   * Write production's routing even where it already reads `live` (repairing a split). Without it,
   * a change whose `live` is the current color leaves production exactly as it is.
   */
  repair?: boolean;
}

export interface ApplyOptions {
  /**
   * Gradual shift (openshift-route, k8s-gateway): percentages of traffic on the new color, e.g. [10, 50, 100].
   * After each step but the last, onStep runs; if it throws, the backend returns all traffic
   * to the old color and rethrows.
   */
  steps?: number[];
  onStep?: (percent: number) => Promise<void>;
}

/** The routing objects a backend switches, one line each, for plans and dry-run. */
export type PlanLine = string;

export interface Backend {
  readonly kind: BackendKind;
  /** Reads the router and validates the configured names exist. Never changes anything. */
  read(): Promise<RouterState>;
  /** Is every server / replica of the color ready to take traffic? */
  readiness(color: Color): Promise<Readiness>;
  /**
   * Fingerprint of what would serve the color (server addresses, image, farm servers...),
   * recorded by test and compared by promote.
   */
  fingerprint(color: Color): Promise<string>;
  /** Addresses of the color's servers, given to deploy-command (haproxy, ipLoadbalancing). */
  targets?(color: Color): Promise<string[]>;
  /**
   * Put `version` on the color (Kubernetes: set the image). Backends whose router does not
   * deploy code leave this out and prepare runs `deploy-command` instead.
   */
  deploy?(color: Color, version: string): Promise<PlanLine[]>;
  /** The exact changes apply(change) would make, for the plan and dry-run. */
  describe(change: RouteChange, state: RouterState, options?: ApplyOptions): PlanLine[];
  /**
   * Writes the routing and the ledger. Must refuse with ConflictError when the router's revision
   * is no longer `state.revision`, and must leave traffic on one color (old or new) on failure.
   */
  apply(change: RouteChange, state: RouterState, options?: ApplyOptions): Promise<void>;
  /** URL to test a color through when no test-url is given (Kubernetes service proxy). */
  previewRequester?(color: Color): Promise<HttpRequester | undefined>;
  /**
   * Runs after a promote switched and verified production (Kubernetes: scale-down-replicas on the
   * old color). Returns lines for the report; a failure here is a warning, not a failed promote.
   */
  afterPromote?(previous: Color): Promise<string[]>;
  /**
   * Makes the target able to take production before a switch (Kubernetes: scale back up what
   * scale-down-replicas left, and wait until it is ready); throws RefusedError, with nothing routed,
   * when it cannot. With dryRun it changes nothing and returns what it would do. Returns plan lines;
   * none when there is nothing to do.
   */
  beforeSwitch?(target: Color, mode: "promote" | "rollback", dryRun: boolean): Promise<PlanLine[]>;
  /**
   * HTTP requests the router has sent to the color so far (HAProxy: its backend's counters), so
   * test mode can prove its load reached the idle color. Left out where the router has no counters.
   */
  servedRequests?(color: Color): Promise<number>;
  /**
   * Whether the routing this run leaves survives a restart or reload of the router. Left out
   * (read as true) for API-backed routers, whose API state is what survives; HAProxy says false
   * with haproxy-persist: runtime, or when its map file does not hold the routing.
   */
  readonly durable?: boolean;
  /** Releases sockets/clients. */
  close?(): Promise<void>;
}

/** Minimal HTTP GET used by smoke checks; lets a backend route them (e.g. through the API server). */
export interface HttpRequester {
  describe: string;
  get(path: string, timeoutMs: number): Promise<{ status: number; body: string }>;
}
