import type { Color } from "./colors.js";
import type { Ledger } from "./ledger.js";

/** The router as it is now. Read only; produced by Router.read(). */
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
   * Where production traffic is, in one sentence, when the router knows more than `live` and `split`
   * say: a change configured but not yet applied (OVH: "Production is on blue; refresh task 5002,
   * still running, moves it to green when it ends"), or why it cannot be known. Said instead of the
   * generic sentence after a failed switch.
   */
  traffic?: string;
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
  /**
   * Where each server takes traffic, when the router's health view can lag a restart (HAProxy,
   * ipLoadbalancing): ready then also means each answered bluegreen's own check after the deploy.
   * Left out where the view is fresh (Kubernetes waits on observedGeneration) or nothing can be probed.
   */
  endpoints?: ProbeEndpoint[];
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

/** The routing objects a backend switches, one line each, for plans and dry-run. */
export type PlanLine = string;

/**
 * A switch as data, computed once by Router.plan() from the change and the router as read: the
 * same object feeds describe() (the plan output and dry-run) and apply() (the real change), so
 * what a dry run shows is what a real run does. Each router adds its own fields (the map entries,
 * the frontend PUTs...); modes only hand it from plan() to describe() and apply().
 */
export interface RoutePlan {
  readonly change: RouteChange;
  /** The router as read; apply() refuses with ConflictError when its revision changed since. */
  readonly state: RouterState;
  /**
   * Gradual shift (openshift-route, k8s-gateway): percentages of traffic on the new color, e.g.
   * [10, 50, 100]. Empty or absent: one step.
   */
  readonly steps?: readonly number[];
}

export interface PlanOptions {
  /** traffic-steps, for routers that can shift gradually. */
  steps?: number[];
}

/**
 * Runs after each traffic step but the last; if it throws, the router returns all traffic to the
 * old color and rethrows.
 */
export type StepCheck = (percent: number) => Promise<void>;

/**
 * The traffic face of a backend (as flagger's pkg/router): where production and the preview entry
 * go, and the record bluegreen keeps with them. A capability a router lacks is `undefined`; one it
 * has may be a method, so call it on the face (or bind it), never detached.
 */
export interface Router {
  /** The backend input's value (its descriptor's kind). */
  readonly kind: string;
  /**
   * True where a switch moves every client at once (HAProxy's map, a Kubernetes Service or route):
   * production's first answer after it is the new color's, so a verify that sees 5xx fails at once.
   * False where clients move over time (ipLoadbalancing after its refresh task; DNS caches): verify
   * keeps trying up to its limit.
   */
  readonly switchesAtOnce: boolean;
  /** Reads the router and validates the configured names exist. Never changes anything. */
  read(): Promise<RouterState>;
  /** The switch from `state` to `change`, as data. Pure: reads and writes nothing. */
  plan(change: RouteChange, state: RouterState, options?: PlanOptions): RoutePlan;
  /** The exact changes apply(plan) makes, one line each, for the plan output and dry-run. */
  describe(plan: RoutePlan): PlanLine[];
  /**
   * Carries out the plan: the routing and the ledger. Must refuse with ConflictError when the
   * router's revision is no longer `plan.state.revision`, and must leave traffic on one color
   * (old or new) on failure.
   */
  apply(plan: RoutePlan, onStep?: StepCheck): Promise<void>;
  /** Requests to a color without a test-url (Kubernetes: the API server's service proxy); undefined: test-url is needed. */
  readonly previewRequester: ((color: Color) => Promise<HttpRequester & { close?(): void }>) | undefined;
  /**
   * HTTP requests the router has sent to the color so far (HAProxy: its backend's counters), so
   * test mode can prove its load reached the idle color; undefined where the router has no counters.
   */
  readonly servedRequests: ((color: Color) => Promise<number>) | undefined;
  /**
   * Whether the routing this run leaves survives a restart or reload of the router: true for
   * API-backed routers, whose API state is what survives; HAProxy says false with
   * haproxy-persist: runtime, or when its map file does not hold the routing.
   */
  readonly durable: boolean;
  /**
   * What the run repaired besides the routing (HAProxy: the map file rewritten from memory), as a
   * sentence for the outcome, so a run that otherwise did nothing does not say "nothing changed" alone.
   */
  readonly repaired?: string;
  /**
   * Milliseconds from this run's change until every authoritative server served it (DNS: the
   * secondaries transfer the zone after NOTIFY; OVH: after the refresh). Undefined where a write is
   * served at once, and when this run changed nothing.
   */
  readonly propagatedMs?: number;
}

/** What a color's Deployment runs, as far as bluegreen can name it as a version. */
export interface RunningVersion {
  /** "deployment <namespace>/<name>", for messages. */
  object: string;
  /** The image the workload runs. */
  image: string;
  /** Its tag; undefined when that cannot be told (several containers and no container input, an image by digest). */
  version?: string;
}

/**
 * Giving a color back the capacity a promote took from it (Kubernetes: the replicas
 * scale-down-replicas removed), as data: the mode decides whether and when to apply it.
 */
export interface ServingRestore {
  /** "deployment <namespace>/<name>", for messages. */
  object: string;
  /** Replicas now, replicas recorded before the scale-down, and replicas after the restore. */
  current: number;
  recorded: number;
  replicas: number;
  /** The write apply() makes, one line each, for the plan and dry-run. */
  lines: PlanLine[];
  /** Makes the write (guarded by the version read: a concurrent change fails, never is overwritten). */
  apply(): Promise<void>;
}

/**
 * The workload face of a backend (as flagger's pkg/canary): what runs behind each color. A
 * capability a backend lacks is `undefined` (where the router only routes, the user's
 * deploy-command puts releases on the colors); one it has may be a method, so call it on the face
 * (or bind it), never detached.
 */
export interface Workload {
  /** Is every server / replica of the color ready to take traffic? */
  readiness(color: Color): Promise<Readiness>;
  /**
   * Fingerprint of what would serve the color (server addresses, image, farm servers...),
   * recorded by test and compared by promote.
   */
  fingerprint(color: Color): Promise<string>;
  /** Addresses of the color's servers, given to deploy-command (haproxy, ipLoadbalancing). */
  readonly targets: ((color: Color) => Promise<string[]>) | undefined;
  /**
   * Puts `version` on the color (Kubernetes: manifests, deploy-command or the image); returns
   * lines for the plan. Undefined where the router does not deploy: prepare runs deploy-command.
   */
  readonly deploy: ((color: Color, version: string) => Promise<PlanLine[]>) | undefined;
  /**
   * Scales the color down to what scale-down-replicas asks (Kubernetes); returns lines for the
   * report. Undefined where there is nothing to scale down.
   */
  readonly scaleDown: ((color: Color) => Promise<string[]>) | undefined;
  /**
   * The version the color runs, as its image tag. Undefined where a version is not an image tag
   * (no image input: manifests or deploy-command name releases) or the backend has no workload API;
   * what runs there is pinned by the fingerprint test records instead.
   */
  readonly runningVersion: ((color: Color) => Promise<RunningVersion>) | undefined;
  /**
   * What making the color able to carry production again takes, as a plan; resolves to undefined
   * when it can as it is. Undefined by type where a workload is never scaled down.
   */
  readonly servingRestore: ((color: Color) => Promise<ServingRestore | undefined>) | undefined;
}

/** One configured backend: its two faces, and what to release at the end of the run. */
export interface Backend {
  readonly router: Router;
  readonly workload: Workload;
  /** Releases sockets/clients. */
  close(): Promise<void>;
}

/** What a backend needs to know of the run, besides its own settings. */
export interface RunSettings {
  /** status and dry runs: repair nothing, take no lock, write nothing. */
  readOnly: boolean;
  /**
   * The step never writes the routing, not even in a real run (status): a backend asks nothing of
   * write access then (HAProxy: no writable map file). A dry run of a writing step is false here, so
   * that it refuses what the real run would refuse.
   */
  readsOnly: boolean;
  /**
   * The step reaches each server itself (deploy targets, its own health probes, the fingerprint a
   * test records): prepare, test and promote. status and rollback use the router's own view alone.
   */
  reachesServers: boolean;
  /** The step's timeout: the longest any wait may take. */
  timeoutSeconds: number;
  /** This CI run's identity, shown to a run that waits for this one's lock. */
  run: string;
  /**
   * Runs a user command (deploy-command) the way every mode does: without a shell, without
   * bluegreen's credentials. Handed in rather than imported, so no backend depends on what the
   * run withholds (the registry's credentials of every backend).
   */
  runCommand: UserCommandRunner;
}

/** Runs the user's command line for `input`, with `env` added; throws a sentence on failure. */
export type UserCommandRunner = (input: string, commandLine: string, env: Record<string, string>) => Promise<void>;

/** A server bluegreen asks itself whether it answers (readiness, where the router's view lags a restart). */
export interface ProbeEndpoint {
  /** The router's name for the server ("b1", "server 101"). */
  name: string;
  host: string;
  port: number;
  /**
   * http: GET health-path. https: the same over TLS without checking the certificate (the router's
   * CA and server name are not known here; this checks that the server answers, not who it is).
   * tcp: a connection accepted (the router speaks TCP to it, so health-path may mean nothing there).
   */
  protocol: "http" | "https" | "tcp";
}

/** Minimal HTTP GET used by smoke checks; lets a backend route them (e.g. through the API server). */
export interface HttpRequester {
  describe: string;
  get(path: string, timeoutMs: number): Promise<{ status: number; body: string }>;
}
