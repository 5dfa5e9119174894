import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { type GatewayControl, gatewayController } from "./fake-gateway.js";
import { recordUpdate, serverSideApply, updateManager } from "./fake-ssa.js";
import { killBundledActions } from "./kill.js";
import { mergePatch, strategicMergePatch } from "./patch.js";
import { makeCertificates } from "./tls.js";

/**
 * A local Kubernetes API server, faithful for what bluegreen touches: Deployments (apps/v1) whose
 * status catches up with their spec over a few hundred ms, the Pods they own, Services and the
 * EndpointSlices that follow their selectors, OpenShift Routes (route.openshift.io/v1), and the
 * service proxy. GET and list (labelSelector), merge and strategic-merge patches, resourceVersion
 * on every write with 409 on a stale one, and Status bodies for 401, 403, 404, 409 and 415 as the
 * real server writes them. Bearer-token auth. HTTPS on 127.0.0.1 only. fault() makes chosen requests
 * hang, drop their connection, or answer 429/5xx (before or after applying them).
 *
 * Pods behave by image tag: `...:broken` never pulls (ImagePullBackOff), `...:crash` crash-loops,
 * `...:unhealthy` gets ready but answers /health with 500. A pod answers /health, /version (its tag)
 * and / through the service proxy and through a plain-HTTP "ingress" that routes like the cluster:
 * `/svc/<ns>/<service>/...` through a Service's endpoints, `/route/<ns>/<route>/...` through a
 * Route's weights (smooth weighted round robin, deterministic).
 */

// biome-ignore lint/suspicious/noExplicitAny: API objects are free-form JSON in this fake server.
export type K8sObject = any;

export type Resource = "deployments" | "pods" | "services" | "endpointslices" | "routes" | "configmaps" | "secrets" | "httproutes";

interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Strategic merge patch is for built-in types only. */
  strategic: boolean;
}

const RESOURCES: Record<Resource, ResourceInfo> = {
  deployments: { group: "apps", version: "v1", kind: "Deployment", strategic: true },
  pods: { group: "", version: "v1", kind: "Pod", strategic: true },
  services: { group: "", version: "v1", kind: "Service", strategic: true },
  endpointslices: { group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", strategic: true },
  routes: { group: "route.openshift.io", version: "v1", kind: "Route", strategic: false },
  configmaps: { group: "", version: "v1", kind: "ConfigMap", strategic: true },
  secrets: { group: "", version: "v1", kind: "Secret", strategic: true },
  // Gateway API HTTPRoutes (a CRD with a status subresource): generation counts spec changes.
  httproutes: { group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute", strategic: false },
};

/** Resources whose metadata.generation follows their spec, as the real server keeps it. */
const GENERATION: ReadonlySet<Resource> = new Set(["deployments", "httproutes"]);

export interface RequestRecord {
  method: string;
  path: string;
  contentType?: string;
  status: number;
  body?: unknown;
}

export interface ForbidRule {
  verb: "get" | "list" | "patch";
  resource: Resource;
  name?: string;
  /** true: only the services/proxy subresource; false: only the object itself; unset: both. */
  proxy?: boolean;
}

/** A failure the fake API injects into matching requests, to test time limits and retries. */
export interface Fault {
  method: "GET" | "PATCH";
  /** Path without the query, e.g. /api/v1/namespaces/default/services/shop. */
  path: string;
  /**
   * "hang": never answer; "reset": drop the connection; a number: answer that status with a Status
   * body; "late": hold the request `delayMs`, then handle it (a PATCH is applied) and answer, long
   * after a client with a shorter deadline gave up (a slow admission webhook, a slow etcd).
   */
  answer: "hang" | "reset" | "late" | number;
  /** For "late": how long the request is held before it is handled. */
  delayMs?: number;
  /** Handle the request first (a PATCH is applied), then fail the answer: a lost response. */
  afterApply?: boolean;
  /** Retry-After header, in seconds, sent with a status. */
  retryAfter?: number;
  /** How many matching requests fail; default 1. */
  times?: number;
}

/** When a matching request arrives, the bundled action that sent it is killed with SIGKILL. */
export interface KillRule {
  /** Which request: e.g. the Nth of a run, or a given PATCH. */
  match: (request: RequestRecord, index: number) => boolean;
  /** Handle the request anyway (a PATCH that reached the server is applied); false drops it unanswered. Default true. */
  handle?: boolean;
}

export interface AppSetup {
  namespace?: string;
  app: string;
  /** Image per color, e.g. { blue: "registry.test/shop:v1", green: "registry.test/shop:v0" }. */
  images: { blue: string; green: string };
  replicas?: number;
  colorLabel?: string;
  live: "blue" | "green";
  /** k8s-service: the production Service; openshift-route: Routes; k8s-gateway: an HTTPRoute on Gateway "web-gateway". */
  backend: "k8s-service" | "openshift-route" | "k8s-gateway";
  previewRoute?: boolean;
  /** Extra containers in each pod (to test the container input). */
  sidecar?: boolean;
  annotations?: Record<string, string>;
}

export interface FakeCluster {
  url: string;
  ingressUrl: string;
  token: string;
  ca: string;
  requests: RequestRecord[];
  /** Called as each API request arrives, before it is handled (the benchmark timestamps the first one). */
  onRequest?: (request: RequestRecord) => void;
  kubeconfig(options?: { token?: string; namespace?: string }): string;
  get(resource: Resource, namespace: string, name: string): K8sObject | undefined;
  list(resource: Resource, namespace: string): K8sObject[];
  /** Creates or replaces an object as a client write would: new resourceVersion. */
  put(resource: Resource, object: K8sObject): K8sObject;
  /** Merge-patches an object as another client would (a hand edit, another pipeline). */
  edit(resource: Resource, namespace: string, name: string, patch: K8sObject): K8sObject;
  remove(resource: Resource, namespace: string, name: string): void;
  forbid(rule: ForbidRule): void;
  allowAll(): void;
  /** Runs `fn` just before the next PATCH of that object is handled (to race it). */
  beforeNextPatch(resource: Resource, name: string, fn: () => void): void;
  /** Fails the next matching requests (hang, reset, or a status such as 429 or 503). */
  fault(fault: Fault): void;
  clearFaults(): void;
  /** Kills the bundled action when a matching request arrives (once); the pids killed are in `killed`. */
  killWhen(rule: KillRule): void;
  killed: number[];
  /** Stops the EndpointSlice controller for a Service (its endpoints then never follow the selector). */
  freezeEndpoints(service: string, frozen: boolean): void;
  addApp(setup: AppSetup): void;
  /** The simulated Gateway API controller and data plane (HTTPRoute status, routing by accepted generation). */
  gateway: GatewayControl;
  /** Waits until the controllers have settled (Deployments rolled out, endpoints up to date). */
  settle(maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The simulated delays, in ms; the defaults are what the tests run with. */
export interface ClusterTiming {
  /** A new pod's containers are ready this long after it is created. */
  readyAfterMs?: number;
  /** Period of the Deployment controller (and kubelet) loop. */
  controllerTickMs?: number;
  /** Period of the EndpointSlice controller loop: how late endpoints follow a Service's selector. */
  endpointsTickMs?: number;
}

export async function startFakeCluster(timing: ClusterTiming = {}): Promise<FakeCluster> {
  const READY_AFTER_MS = timing.readyAfterMs ?? 300;
  const CONTROLLER_TICK_MS = timing.controllerTickMs ?? 50;
  const ENDPOINTS_TICK_MS = timing.endpointsTickMs ?? 150;
  const certificates = makeCertificates();
  const token = `sha256~${randomBytes(24).toString("base64url")}`;
  const store = new Map<string, K8sObject>();
  const requests: RequestRecord[] = [];
  let forbidden: ForbidRule[] = [];
  const patchHooks = new Map<string, () => void>();
  let faults: Fault[] = [];
  let killRule: KillRule | undefined;
  const killed: number[] = [];
  const frozenEndpoints = new Set<string>();
  const roundRobin = new Map<string, number>();
  const weighted = new Map<string, { version: string; current: Map<string, number> }>();
  let revision = 1000;
  let podCounter = 0;

  const key = (resource: Resource, namespace: string, name: string) => `${resource}/${namespace}/${name}`;
  const get = (resource: Resource, namespace: string, name: string) => store.get(key(resource, namespace, name));
  const list = (resource: Resource, namespace: string) =>
    [...store.entries()].filter(([k]) => k.startsWith(`${resource}/${namespace}/`)).map(([, v]) => v);

  function put(resource: Resource, object: K8sObject): K8sObject {
    const info = RESOURCES[resource];
    object.apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    object.kind = info.kind;
    object.metadata.namespace ??= "default";
    object.metadata.uid ??= randomBytes(8).toString("hex");
    object.metadata.creationTimestamp ??= new Date().toISOString();
    object.metadata.resourceVersion = String(++revision);
    if (GENERATION.has(resource)) object.metadata.generation ??= 1;
    store.set(key(resource, object.metadata.namespace, object.metadata.name), object);
    return object;
  }

  /** A write through the API: bumps generation when the spec changed (as the real server does for Deployments). */
  function write(resource: Resource, before: K8sObject, after: K8sObject): K8sObject {
    if (JSON.stringify(before) === JSON.stringify(after)) return before; // a no-op patch keeps the resourceVersion
    if (GENERATION.has(resource) && JSON.stringify(before.spec) !== JSON.stringify(after.spec)) {
      after.metadata.generation = (before.metadata.generation ?? 1) + 1;
    }
    return put(resource, after);
  }

  function edit(resource: Resource, namespace: string, name: string, patch: K8sObject): K8sObject {
    const before = get(resource, namespace, name);
    if (!before) throw new Error(`no ${resource} ${namespace}/${name}`);
    return write(resource, before, mergePatch(structuredClone(before), patch));
  }

  // ---------------------------------------------------------------- controllers

  const templateHash = (template: K8sObject) => createHash("sha256").update(JSON.stringify(template)).digest("hex").slice(0, 10);
  const tagOf = (image: string) => image.slice(image.lastIndexOf(":") + 1);
  const matches = (labels: Record<string, string> | undefined, selector: Record<string, string>) =>
    Object.entries(selector).every(([k, v]) => labels?.[k] === v);

  function podStatus(pod: K8sObject, now: number): K8sObject {
    const age = now - Date.parse(pod.metadata.creationTimestamp);
    const containers: K8sObject[] = pod.spec.containers;
    const statuses = containers.map((c) => {
      const tag = tagOf(c.image);
      if (age < READY_AFTER_MS)
        return {
          name: c.name,
          image: c.image,
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: "ContainerCreating" } },
        };
      if (tag === "broken") {
        return {
          name: c.name,
          image: c.image,
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}"` } },
        };
      }
      if (tag === "crash") {
        return {
          name: c.name,
          image: c.image,
          ready: false,
          restartCount: 3,
          started: false,
          state: {
            waiting: { reason: "CrashLoopBackOff", message: `back-off 40s restarting failed container=${c.name} pod=${pod.metadata.name}` },
          },
          lastState: { terminated: { reason: "Error", exitCode: 1 } },
        };
      }
      return {
        name: c.name,
        image: c.image,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: pod.metadata.creationTimestamp } },
      };
    });
    const ready = statuses.every((s) => s.ready);
    return {
      phase: "Running",
      podIP: pod.status?.podIP,
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Ready", status: ready ? "True" : "False", ...(ready ? {} : { reason: "ContainersNotReady" }) },
      ],
      containerStatuses: statuses,
    };
  }

  const podReady = (pod: K8sObject) => pod.status?.conditions?.some((c: K8sObject) => c.type === "Ready" && c.status === "True") ?? false;

  /** The Deployment controller and the kubelet, folded into one loop. */
  function reconcileDeployments(): void {
    const now = Date.now();
    for (const [k, deployment] of store) {
      if (!k.startsWith("deployments/")) continue;
      const { namespace, name } = deployment.metadata;
      const hash = templateHash(deployment.spec.template);
      const wanted = deployment.spec.replicas ?? 1;
      const owned = list("pods", namespace).filter((p) => p.metadata.labels?.["fake.bluegreen/owner"] === name);
      const current = owned.filter((p) => p.metadata.labels["pod-template-hash"] === hash);
      for (let i = current.length; i < wanted; i++) {
        const pod = put("pods", {
          metadata: {
            name: `${name}-${hash.slice(0, 8)}-${(++podCounter).toString(36).padStart(5, "0")}`,
            namespace,
            labels: { ...deployment.spec.template.metadata.labels, "pod-template-hash": hash, "fake.bluegreen/owner": name },
          },
          spec: structuredClone(deployment.spec.template.spec),
          status: { podIP: `10.1.${(podCounter >> 8) & 255}.${podCounter & 255}` },
        });
        current.push(pod);
      }
      for (const extra of current.splice(wanted)) store.delete(key("pods", namespace, extra.metadata.name));
      for (const pod of current) {
        const status = podStatus(pod, now);
        if (JSON.stringify(status) !== JSON.stringify(pod.status)) put("pods", { ...pod, status });
      }
      const fresh = list("pods", namespace).filter((p) => p.metadata.labels?.["fake.bluegreen/owner"] === name);
      const updated = fresh.filter((p) => p.metadata.labels["pod-template-hash"] === hash);
      const updatedReady = updated.filter(podReady).length;
      // Rolling update: old pods go once the new ones are all ready (a broken rollout keeps them).
      if (updatedReady >= wanted) {
        for (const old of fresh.filter((p) => p.metadata.labels["pod-template-hash"] !== hash))
          store.delete(key("pods", namespace, old.metadata.name));
      }
      const pods = list("pods", namespace).filter((p) => p.metadata.labels?.["fake.bluegreen/owner"] === name);
      const ready = pods.filter(podReady).length;
      const status = {
        observedGeneration: deployment.metadata.generation,
        replicas: pods.length,
        updatedReplicas: updated.length,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(wanted - ready > 0 ? { unavailableReplicas: wanted - ready } : {}),
        conditions: [
          {
            type: "Available",
            status: ready >= wanted ? "True" : "False",
            reason: ready >= wanted ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
          },
          { type: "Progressing", status: "True", reason: updatedReady >= wanted ? "NewReplicaSetAvailable" : "ReplicaSetUpdated" },
        ],
      };
      if (JSON.stringify(status) !== JSON.stringify(deployment.status)) put("deployments", { ...deployment, status });
    }
  }

  /** The EndpointSlice controller: one slice per Service, listing the pods its selector matches. */
  function reconcileEndpoints(): void {
    for (const [k, service] of store) {
      if (!k.startsWith("services/")) continue;
      const { namespace, name } = service.metadata;
      if (frozenEndpoints.has(name) || !service.spec.selector) continue;
      const pods = list("pods", namespace)
        .filter((p) => matches(p.metadata.labels, service.spec.selector))
        .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      const endpoints = pods.map((p) => ({
        addresses: [p.status.podIP],
        conditions: { ready: podReady(p), serving: podReady(p), terminating: false },
        targetRef: { kind: "Pod", namespace, name: p.metadata.name, uid: p.metadata.uid },
      }));
      const sliceName = `${name}-fake1`;
      const existing = get("endpointslices", namespace, sliceName);
      const ports = (service.spec.ports ?? []).map((p: K8sObject) => ({
        name: p.name ?? "",
        port: p.targetPort ?? p.port,
        protocol: "TCP",
      }));
      if (existing && JSON.stringify(existing.endpoints) === JSON.stringify(endpoints)) continue;
      put("endpointslices", {
        metadata: {
          name: sliceName,
          namespace,
          labels: { "kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" },
        },
        addressType: "IPv4",
        endpoints,
        ports,
      });
    }
  }

  const gateway = gatewayController({
    get: (resource, namespace, name) => get(resource, namespace, name),
    list: (resource) => [...store.entries()].filter(([k]) => k.startsWith(`${resource}/`)).map(([, v]) => v),
    putStatus: (object) => put("httproutes", object),
  });
  const deploymentTimer = setInterval(reconcileDeployments, CONTROLLER_TICK_MS);
  const gatewayTimer = setInterval(() => gateway.reconcile(), CONTROLLER_TICK_MS);
  const endpointsTimer = setInterval(reconcileEndpoints, ENDPOINTS_TICK_MS);

  // ---------------------------------------------------------------- the pods' "application"

  function servingPods(namespace: string, service: string): K8sObject[] {
    const slice = get("endpointslices", namespace, `${service}-fake1`);
    return (slice?.endpoints ?? [])
      .filter((e: K8sObject) => e.conditions.ready)
      .map((e: K8sObject) => get("pods", namespace, e.targetRef.name))
      .filter(Boolean);
  }

  function answerAsApp(res: http.ServerResponse, pod: K8sObject, path: string): void {
    const tag = tagOf(pod.spec.containers[0].image);
    res.setHeader("x-pod", pod.metadata.name);
    if (path === "/health") {
      const healthy = tag !== "unhealthy";
      res.writeHead(healthy ? 200 : 500).end(healthy ? "ok\n" : "unhealthy\n");
    } else if (path === "/version") {
      res.writeHead(200).end(`${tag}\n`);
    } else {
      res.writeHead(200).end(`${pod.metadata.name} ${tag}\n`);
    }
  }

  function pickRoundRobin(pods: K8sObject[], id: string): K8sObject | undefined {
    const n = roundRobin.get(id) ?? 0;
    roundRobin.set(id, n + 1);
    return pods[n % pods.length];
  }

  /** Smooth weighted round robin over a Route's backends (what HAProxy does for OpenShift routes). */
  function pickRouteBackend(route: K8sObject): string | undefined {
    const backends: { name: string; weight: number }[] = [route.spec.to, ...(route.spec.alternateBackends ?? [])].map((b: K8sObject) => ({
      name: b.name,
      weight: b.weight ?? 100,
    }));
    const id = `${route.metadata.namespace}/${route.metadata.name}`;
    let state = weighted.get(id);
    if (!state || state.version !== route.metadata.resourceVersion) {
      state = { version: route.metadata.resourceVersion, current: new Map() };
      weighted.set(id, state);
    }
    const total = backends.reduce((sum, b) => sum + b.weight, 0);
    if (total === 0) return undefined;
    let best: { name: string; weight: number } | undefined;
    for (const b of backends) {
      state.current.set(b.name, (state.current.get(b.name) ?? 0) + b.weight);
      if (!best || (state.current.get(b.name) ?? 0) > (state.current.get(best.name) ?? 0)) best = b;
    }
    if (!best) return undefined;
    state.current.set(best.name, (state.current.get(best.name) ?? 0) - total);
    return best.name;
  }

  // ---------------------------------------------------------------- HTTP

  const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => ({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
  /** "services", "deployments.apps", "routes.route.openshift.io": how the API names a resource in messages. */
  const qualified = (resource: Resource) => (RESOURCES[resource].group ? `${resource}.${RESOURCES[resource].group}` : resource);
  const details = (resource: Resource, name: string) => ({
    name,
    ...(RESOURCES[resource].group ? { group: RESOURCES[resource].group } : {}),
    kind: resource,
  });

  function parsePath(
    pathname: string,
  ): { resource: Resource; namespace: string; name?: string; proxy?: { port: string; path: string } } | undefined {
    const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let rest: string[];
    if (parts[0] === "api" && parts[1] === "v1") rest = parts.slice(2);
    else if (parts[0] === "apis" && parts.length >= 3) {
      const group = parts[1];
      const found = Object.entries(RESOURCES).find(([r, info]) => info.group === group && info.version === parts[2] && parts[5] === r);
      if (!found) return undefined;
      rest = parts.slice(3);
    } else return undefined;
    if (rest[0] !== "namespaces" || !rest[1] || !rest[2]) return undefined;
    const resource = rest[2] as Resource;
    if (!(resource in RESOURCES)) return undefined;
    const group = parts[0] === "api" ? "" : parts[1];
    if (RESOURCES[resource].group !== group) return undefined;
    const namePart = rest[3];
    if (rest[4] === "proxy" && resource === "services" && namePart) {
      const [name, port = ""] = namePart.split(":");
      return { resource, namespace: rest[1], name, proxy: { port, path: `/${rest.slice(5).join("/")}` } };
    }
    if (rest.length > 4) return undefined;
    return { resource, namespace: rest[1], name: namePart };
  }

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const index = faults.findIndex((f) => f.method === method && f.path === path);
    const fault = faults[index];
    if (!fault) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) faults.splice(index, 1);
    else faults[index] = { ...fault, times: left };
    return fault;
  }

  /** Answers as the fault says; a hung request is never answered (close() drops its socket). */
  function injectFault(fault: Fault, res: http.ServerResponse, record: RequestRecord): void {
    if (fault.answer === "hang" || fault.answer === "late") return;
    if (fault.answer === "reset") {
      record.status = -1;
      res.socket?.destroy();
      return;
    }
    const code = fault.answer;
    const reasons: Record<number, [string, string]> = {
      429: ["TooManyRequests", "Too many requests, please try again later."],
      500: ["InternalError", "Internal error occurred: injected fault"],
      503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
      504: ["Timeout", "Timeout: request did not complete within requested timeout - context deadline exceeded"],
    };
    const [reason, message] = reasons[code] ?? ["InternalError", "injected fault"];
    record.status = code;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    res.writeHead(code, headers).end(JSON.stringify(status(code, reason, message)));
  }

  /**
   * Why the API server's service proxy cannot pick an endpoint, as kube-apiserver's ResourceLocation
   * for services/proxy answers: a port number is looked up in the Service (404 when the Service is
   * missing, 503 "no service port N found" when it has no such port), then the Endpoints object of
   * the Service is read (404 `endpoints "x" not found` when there is none: no such Service, or one
   * without a selector), and a Service whose Endpoints hold no address answers 503.
   */
  function proxyFailure(namespace: string, name: string, port: string): { code: number; body: unknown } | undefined {
    const service = get("services", namespace, name);
    if (/^\d+$/.test(port)) {
      if (!service) return { code: 404, body: status(404, "NotFound", `services "${name}" not found`, details("services", name)) };
      if (!(service.spec.ports ?? []).some((p: K8sObject) => String(p.port) === port)) {
        return { code: 503, body: status(503, "ServiceUnavailable", `no service port ${port} found for service "${name}"`) };
      }
    }
    // The Endpoints controller keeps an Endpoints object for each Service that has a selector.
    if (!service?.spec?.selector) {
      return { code: 404, body: status(404, "NotFound", `endpoints "${name}" not found`, { name, kind: "endpoints" }) };
    }
    const slice = get("endpointslices", namespace, `${name}-fake1`);
    if (!slice?.endpoints?.length) {
      return { code: 503, body: status(503, "ServiceUnavailable", `no endpoints available for service "${name}"`) };
    }
    // A port name the endpoints do not carry: no subset matches, and the answer names the whole id.
    if (port !== "" && !/^\d+$/.test(port) && !(service.spec.ports ?? []).some((p: K8sObject) => p.name === port)) {
      return { code: 503, body: status(503, "ServiceUnavailable", `no endpoints available for service "${name}:${port}"`) };
    }
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const record: RequestRecord = { method: req.method ?? "", path: url.pathname + url.search, status: 0 };
    if (req.headers["content-type"]) record.contentType = req.headers["content-type"];
    requests.push(record);
    cluster.onRequest?.(record);
    if (killRule?.match(record, requests.length - 1)) {
      const rule = killRule;
      killRule = undefined;
      killed.push(...killBundledActions());
      if (rule.handle === false) {
        record.status = -1;
        res.socket?.destroy();
        return;
      }
    }
    const fault = takeFault(record.method, url.pathname);
    // A late request is read in full at once (the client may be gone when it is finally handled).
    let early: string | undefined;
    if (fault?.answer === "late") {
      early = await readBody(req);
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
    } else if (fault && !fault.afterApply) {
      injectFault(fault, res, record);
      return;
    }
    const send = (code: number, body: unknown) => {
      if (fault && fault.answer !== "late") {
        injectFault(fault, res, record);
        return;
      }
      record.status = code;
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(401, status(401, "Unauthorized", "Unauthorized"));
      return;
    }
    const target = parsePath(url.pathname);
    if (!target) {
      send(404, status(404, "NotFound", "the server could not find the requested resource"));
      return;
    }
    const { resource, namespace, name } = target;
    const verb = req.method === "GET" ? (name ? "get" : "list") : req.method === "PATCH" ? "patch" : undefined;
    if (!verb || (verb !== "get" && target.proxy)) {
      send(405, status(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`));
      return;
    }
    const denied = forbidden.find(
      (r) =>
        r.verb === verb &&
        r.resource === resource &&
        (r.name === undefined || r.name === name) &&
        (r.proxy === undefined || r.proxy === (target.proxy !== undefined)),
    );
    if (denied) {
      const group = RESOURCES[resource].group;
      send(
        403,
        status(
          403,
          "Forbidden",
          `${name ? `${qualified(resource)} "${name}"` : qualified(resource)} is forbidden: User "system:serviceaccount:ci:deployer" cannot ${target.proxy ? "get" : verb} resource "${resource}${target.proxy ? "/proxy" : ""}" in API group "${group}" in the namespace "${namespace}"`,
          details(resource, name ?? ""),
        ),
      );
      return;
    }
    if (verb === "patch" && (req.headers["content-type"] ?? "").split(";")[0]?.trim() === "application/apply-patch+yaml") {
      const text = await readBody(req);
      record.body = text;
      record.contentType = "application/apply-patch+yaml";
      const hook = patchHooks.get(`${resource}/${name}`);
      if (hook) {
        patchHooks.delete(`${resource}/${name}`);
        hook();
      }
      const info = RESOURCES[resource];
      const current = get(resource, namespace, name as string);
      const outcome = serverSideApply(current, text, {
        manager: url.searchParams.get("fieldManager"),
        force: url.searchParams.get("force") === "true",
        apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
        kind: info.kind,
        name: name as string,
        namespace,
      });
      if (!outcome.ok) {
        const extra = outcome.causes ? { ...details(resource, name as string), causes: outcome.causes } : undefined;
        send(outcome.code, status(outcome.code, outcome.reason, outcome.message, extra));
        return;
      }
      const expected = outcome.object.metadata.resourceVersion;
      if (current && expected !== undefined && expected !== current.metadata.resourceVersion) {
        send(
          409,
          status(
            409,
            "Conflict",
            `Operation cannot be fulfilled on ${qualified(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
            details(resource, name as string),
          ),
        );
        return;
      }
      if (url.searchParams.get("dryRun") === "All") {
        send(current ? 200 : 201, outcome.object);
        return;
      }
      if (!current) {
        if (resource === "deployments") outcome.object.status = {};
        send(201, put(resource, outcome.object));
        return;
      }
      send(200, write(resource, current, outcome.object));
      return;
    }
    if (verb === "list") {
      const selector = url.searchParams.get("labelSelector");
      const wanted = Object.fromEntries(
        (selector ?? "")
          .split(",")
          .filter(Boolean)
          .map((pair) => pair.split("=", 2) as [string, string]),
      );
      const items = list(resource, namespace).filter((o) => matches(o.metadata.labels, wanted));
      const info = RESOURCES[resource];
      send(200, {
        kind: `${info.kind}List`,
        apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
        metadata: { resourceVersion: String(revision) },
        items,
      });
      return;
    }
    if (target.proxy) {
      const failure = proxyFailure(namespace, name as string, target.proxy.port);
      if (failure) {
        send(failure.code, failure.body);
        return;
      }
      const pod = pickRoundRobin(servingPods(namespace, name as string), `${namespace}/${name}`);
      if (!pod) {
        send(503, status(503, "ServiceUnavailable", `no endpoints available for service "${name}:${target.proxy.port}"`));
        return;
      }
      record.status = 200;
      answerAsApp(res, pod, target.proxy.path);
      return;
    }
    const object = get(resource, namespace, name as string);
    if (!object) {
      send(404, status(404, "NotFound", `${qualified(resource)} "${name}" not found`, details(resource, name as string)));
      return;
    }
    if (verb === "get") {
      send(200, object);
      return;
    }
    // PATCH
    const text = early ?? (await readBody(req));
    record.body = JSON.parse(text || "null");
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim();
    const strategic = contentType === "application/strategic-merge-patch+json";
    if (!(contentType === "application/merge-patch+json" || (strategic && RESOURCES[resource].strategic))) {
      const accepted = RESOURCES[resource].strategic
        ? "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"
        : "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";
      send(
        415,
        status(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted}`),
      );
      return;
    }
    const hook = patchHooks.get(`${resource}/${name}`);
    if (hook) {
      patchHooks.delete(`${resource}/${name}`);
      hook();
    }
    const current = get(resource, namespace, name as string);
    const patch = structuredClone(record.body) as K8sObject;
    const expected = patch?.metadata?.resourceVersion;
    if (expected !== undefined && expected !== current.metadata.resourceVersion) {
      send(
        409,
        status(
          409,
          "Conflict",
          `Operation cannot be fulfilled on ${qualified(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          details(resource, name as string),
        ),
      );
      return;
    }
    if (patch?.metadata) delete patch.metadata.resourceVersion;
    // A status subresource: writes to the main resource leave status alone.
    if (resource === "httproutes" && patch) delete patch.status;
    const next = strategic ? strategicMergePatch(structuredClone(current), patch) : mergePatch(structuredClone(current), patch);
    // An Update: the patching manager takes over the fields it changed.
    const info = RESOURCES[resource];
    (next as K8sObject).metadata.managedFields = recordUpdate(
      current,
      next,
      updateManager(url.searchParams.get("fieldManager"), req.headers["user-agent"]),
      info.group ? `${info.group}/${info.version}` : info.version,
    );
    if ((next as K8sObject).metadata.managedFields.length === 0) delete (next as K8sObject).metadata.managedFields;
    send(200, write(resource, current, next as K8sObject));
  }

  const server = https.createServer({ key: certificates.key, cert: certificates.cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(status(500, "InternalError", String(error))));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  const ingress = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [kind, namespace = "", name = "", ...rest] = url.pathname.split("/").filter(Boolean);
    const path = `/${rest.join("/")}`;
    let service: string | undefined = name;
    if (kind === "route") {
      const route = get("routes", namespace, name);
      service = route ? pickRouteBackend(route) : undefined;
    } else if (kind === "httproute") {
      service = gateway.pick(namespace, name, path, req.headers);
    }
    const pod = service ? pickRoundRobin(servingPods(namespace, service), `${namespace}/${service}`) : undefined;
    if (!pod) {
      res.writeHead(503).end("no server available\n");
      return;
    }
    answerAsApp(res, pod, path);
  });
  await new Promise<void>((resolve) => ingress.listen(0, "127.0.0.1", resolve));

  /** An HTTPRoute on Gateway "web-gateway" sending production to the live color (weights 100/0), as a team would write it. */
  function addHttpRoute(setup: AppSetup, namespace: string): void {
    gateway.addGateway(namespace, "web-gateway");
    const ref = (color: string, weight: number) => ({ group: "", kind: "Service", name: `${setup.app}-${color}`, port: 80, weight });
    const idle = setup.live === "blue" ? "green" : "blue";
    put("httproutes", {
      metadata: { name: setup.app, namespace, annotations: setup.annotations },
      spec: {
        parentRefs: [{ name: "web-gateway" }],
        hostnames: [`${setup.app}.example.test`],
        rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [ref(setup.live, 100), ref(idle, 0)] }],
      },
    });
    if (setup.previewRoute !== false) {
      put("httproutes", {
        metadata: { name: `${setup.app}-preview`, namespace },
        spec: {
          parentRefs: [{ name: "web-gateway" }],
          hostnames: [`${setup.app}-preview.example.test`],
          rules: [{ backendRefs: [{ group: "", kind: "Service", name: `${setup.app}-${idle}`, port: 80 }] }],
        },
      });
    }
  }

  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cluster: FakeCluster = {
    url,
    ingressUrl: `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`,
    token,
    ca: certificates.ca,
    requests,
    kubeconfig(options = {}) {
      return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: fake",
        "  cluster:",
        `    server: ${url}`,
        `    certificate-authority-data: ${Buffer.from(certificates.ca).toString("base64")}`,
        "users:",
        "- name: deployer",
        "  user:",
        `    token: ${options.token ?? token}`,
        "contexts:",
        "- name: fake",
        "  context:",
        "    cluster: fake",
        "    user: deployer",
        `    namespace: ${options.namespace ?? "default"}`,
        "current-context: fake",
        "",
      ].join("\n");
    },
    get,
    list,
    put,
    gateway,
    edit,
    remove(resource, namespace, name) {
      store.delete(key(resource, namespace, name));
    },
    forbid(rule) {
      forbidden.push(rule);
    },
    allowAll() {
      forbidden = [];
    },
    fault(fault) {
      faults.push(fault);
    },
    clearFaults() {
      faults = [];
      killRule = undefined;
    },
    killWhen(rule) {
      killRule = rule;
    },
    killed,
    beforeNextPatch(resource, name, fn) {
      patchHooks.set(`${resource}/${name}`, fn);
    },
    freezeEndpoints(service, frozen) {
      if (frozen) frozenEndpoints.add(service);
      else frozenEndpoints.delete(service);
    },
    addApp(setup) {
      const namespace = setup.namespace ?? "default";
      const colorLabel = setup.colorLabel ?? "environment";
      for (const color of ["blue", "green"] as const) {
        const labels = { app: setup.app, [colorLabel]: color };
        const containers: K8sObject[] = [{ name: "web", image: setup.images[color], ports: [{ containerPort: 8080, name: "http" }] }];
        if (setup.sidecar) containers.push({ name: "proxy", image: "registry.test/envoy:1.30" });
        put("deployments", {
          metadata: { name: `${setup.app}-${color}`, namespace, labels },
          spec: {
            replicas: setup.replicas ?? 2,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers } },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
          },
          status: {},
        });
        put("services", {
          metadata: { name: `${setup.app}-${color}`, namespace, labels: { app: setup.app } },
          spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }], type: "ClusterIP" },
        });
      }
      if (setup.backend === "k8s-service") {
        put("services", {
          metadata: { name: setup.app, namespace, labels: { app: setup.app }, annotations: setup.annotations },
          spec: {
            selector: { app: setup.app, [colorLabel]: setup.live },
            ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
            type: "ClusterIP",
          },
        });
      } else if (setup.backend === "k8s-gateway") {
        addHttpRoute(setup, namespace);
      } else {
        put("routes", {
          metadata: { name: setup.app, namespace, annotations: setup.annotations },
          spec: {
            host: `${setup.app}.apps.test`,
            to: { kind: "Service", name: `${setup.app}-${setup.live}`, weight: 100 },
            port: { targetPort: "http" },
          },
        });
        if (setup.previewRoute !== false) {
          const idle = setup.live === "blue" ? "green" : "blue";
          put("routes", {
            metadata: { name: `${setup.app}-preview`, namespace },
            spec: {
              host: `${setup.app}-preview.apps.test`,
              to: { kind: "Service", name: `${setup.app}-${idle}`, weight: 100 },
              port: { targetPort: "http" },
            },
          });
        }
      }
    },
    async settle(maxMs = 10_000) {
      // Settled: nothing written for longer than a pod takes to get ready plus an endpoints tick.
      // (Waiting for "quiet" rather than a fixed time keeps tests right on a loaded machine.)
      const quietMs = READY_AFTER_MS + ENDPOINTS_TICK_MS + 50;
      const deadline = Date.now() + maxMs;
      let seen = revision;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, CONTROLLER_TICK_MS));
        if (revision !== seen) {
          seen = revision;
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= quietMs) return;
      }
    },
    async close() {
      clearInterval(deploymentTimer);
      clearInterval(endpointsTimer);
      clearInterval(gatewayTimer);
      server.closeAllConnections();
      ingress.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => ingress.close(() => resolve())),
      ]);
    },
  };
  return cluster;
}
