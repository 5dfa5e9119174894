/**
 * A simulated Gateway API controller and data plane for the fake API server. Like a real
 * implementation (Envoy Gateway, Istio, Cilium...), the controller reconciles each HTTPRoute
 * (gateway.networking.k8s.io/v1) asynchronously and writes `status.parents[]` with the conditions
 * Accepted and ResolvedRefs and their observedGeneration; the data plane routes requests by the last
 * generation it accepted, never by a spec it has not processed or has rejected.
 *
 * Reasons are the Gateway API's: NoMatchingParent (no such Gateway), BackendNotFound (a Service that
 * does not exist), or any reason a test asks for with reject() (NotAllowedByListeners...).
 */

// biome-ignore lint/suspicious/noExplicitAny: API objects are free-form JSON in this fake server.
type Obj = any;

export const CONTROLLER_NAME = "gateway.bluegreen.test/fake-controller";

export interface GatewayStore {
  get(resource: "httproutes" | "services", namespace: string, name: string): Obj | undefined;
  list(resource: "httproutes", namespace?: string): Obj[];
  /** Writes the object (the status subresource): a new resourceVersion, as the real server gives. */
  putStatus(object: Obj): void;
}

export interface GatewayControl {
  /** A Gateway the controller owns; routes whose parentRefs name another one are not accepted. */
  addGateway(namespace: string, name: string): void;
  /** Rejects the route's next generations (Accepted=False): `generations` of them (default: all, until allow()). */
  reject(namespace: string, name: string, reason: string, message: string, generations?: number): void;
  allow(namespace: string, name: string): void;
  /** Stops (or restarts) reconciling: status stays at the last generation seen. */
  freeze(frozen: boolean): void;
  /** The Service the data plane sends this request to, or undefined (no route, or no rule matches). */
  pick(namespace: string, route: string, path: string, headers: Record<string, string | string[] | undefined>): string | undefined;
  /** One controller pass (the fake server runs it on a timer). */
  reconcile(): void;
}

export function gatewayController(store: GatewayStore): GatewayControl {
  const gateways = new Set<string>();
  const rejected = new Map<string, { reason: string; message: string; left: number }>();
  /** The spec the data plane serves, per route: the last generation accepted. */
  const programmed = new Map<string, { generation: number; spec: Obj }>();
  const weighted = new Map<string, Map<string, number>>();
  let frozen = false;

  function condition(type: string, ok: boolean, reason: string, message: string, generation: number): Obj {
    return {
      type,
      status: ok ? "True" : "False",
      reason,
      message,
      observedGeneration: generation,
      lastTransitionTime: new Date().toISOString(),
    };
  }

  function reconcileRoute(route: Obj): void {
    const { namespace, name } = route.metadata;
    const generation = route.metadata.generation ?? 1;
    const statuses: Obj[] = route.status?.parents ?? [];
    const parents: Obj[] = route.spec?.parentRefs ?? [];
    const upToDate =
      statuses.length === parents.length && statuses.every((s) => s.conditions?.every((c: Obj) => c.observedGeneration === generation));
    if (upToDate) return;
    const refusal = rejected.get(`${namespace}/${name}`);
    const missing = (route.spec?.rules ?? [])
      .flatMap((rule: Obj) => rule.backendRefs ?? [])
      .find((ref: Obj) => (ref.kind ?? "Service") === "Service" && !store.get("services", ref.namespace ?? namespace, ref.name));
    let allAccepted = true;
    const next = parents.map((parent) => {
      const known = gateways.has(`${parent.namespace ?? namespace}/${parent.name}`);
      const accepted = known && !refusal;
      const resolved = !missing;
      if (!accepted || !resolved) allAccepted = false;
      return {
        parentRef: { group: "gateway.networking.k8s.io", kind: "Gateway", ...parent },
        controllerName: CONTROLLER_NAME,
        conditions: [
          condition(
            "Accepted",
            accepted,
            !known ? "NoMatchingParent" : refusal ? refusal.reason : "Accepted",
            !known ? `Gateway "${parent.name}" not found` : refusal ? refusal.message : "Route is accepted",
            generation,
          ),
          condition(
            "ResolvedRefs",
            resolved,
            resolved ? "ResolvedRefs" : "BackendNotFound",
            resolved ? "Resolved all the Object references for the Route" : `Service "${missing.name}" not found`,
            generation,
          ),
        ],
      };
    });
    if (refusal && --refusal.left <= 0) rejected.delete(`${namespace}/${name}`);
    if (allAccepted && parents.length > 0) programmed.set(`${namespace}/${name}`, { generation, spec: structuredClone(route.spec) });
    store.putStatus({ ...route, status: { parents: next } });
  }

  function matches(match: Obj, path: string, headers: Record<string, string | string[] | undefined>): boolean {
    const prefix = match.path?.value ?? "/";
    const type = match.path?.type ?? "PathPrefix";
    const pathOk =
      type === "Exact" ? path === prefix : prefix === "/" || path === prefix || path.startsWith(`${prefix.replace(/\/$/, "")}/`);
    const headersOk = (match.headers ?? []).every((h: Obj) => {
      const value = headers[h.name.toLowerCase()];
      return (Array.isArray(value) ? value[0] : value) === h.value;
    });
    return pathOk && headersOk;
  }

  return {
    addGateway(namespace, name) {
      gateways.add(`${namespace}/${name}`);
    },
    reject(namespace, name, reason, message, generations = Number.POSITIVE_INFINITY) {
      rejected.set(`${namespace}/${name}`, { reason, message, left: generations });
    },
    allow(namespace, name) {
      rejected.delete(`${namespace}/${name}`);
    },
    freeze(value) {
      frozen = value;
    },
    reconcile() {
      if (frozen) return;
      for (const route of store.list("httproutes")) reconcileRoute(route);
    },
    pick(namespace, name, path, headers) {
      const served = programmed.get(`${namespace}/${name}`);
      if (!served) return undefined;
      // Gateway API precedence among matching rules: the one with the most header matches wins.
      let best: { rule: Obj; index: number; headers: number } | undefined;
      for (const [index, rule] of (served.spec.rules ?? []).entries()) {
        for (const match of rule.matches ?? [{ path: { type: "PathPrefix", value: "/" } }]) {
          if (!matches(match, path, headers)) continue;
          const count = (match.headers ?? []).length;
          if (!best || count > best.headers) best = { rule, index, headers: count };
        }
      }
      if (!best) return undefined;
      // Smooth weighted round robin (deterministic), per rule and generation.
      const refs = (best.rule.backendRefs ?? []).map((ref: Obj) => ({ name: ref.name as string, weight: (ref.weight ?? 1) as number }));
      const total = refs.reduce((sum: number, ref: { weight: number }) => sum + ref.weight, 0);
      if (total === 0) return undefined;
      const id = `${namespace}/${name}#${served.generation}#${best.index}`;
      let current = weighted.get(id);
      if (!current) {
        current = new Map();
        weighted.set(id, current);
      }
      let chosen: { name: string; weight: number } | undefined;
      for (const ref of refs) {
        current.set(ref.name, (current.get(ref.name) ?? 0) + ref.weight);
        if (!chosen || (current.get(ref.name) ?? 0) > (current.get(chosen.name) ?? 0)) chosen = ref;
      }
      if (!chosen) return undefined;
      current.set(chosen.name, (current.get(chosen.name) ?? 0) - total);
      return chosen.name;
    },
  };
}
