import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteChange, RouterState, StepCheck } from "../../src/backend.js";
import { createBackend } from "../../src/backends/create.js";
import type { Color } from "../../src/colors.js";
import { ConflictError, InputError, RouterError } from "../../src/errors.js";
import { type Config, type InputReader, parseConfig } from "../../src/inputs.js";
import { decodeLedger, type Ledger } from "../../src/ledger.js";
import { freePort } from "../support/apps.js";
import { type FakeCluster, startFakeCluster } from "./fake-api.js";

/**
 * The backend modules in-process, with the real @kubernetes/client-node against the fake API
 * server: the cases that are awkward to set up through a whole action run.
 */
/** The backend's two faces as one object, for the cases below: a switch is planned, then applied. */
async function createKubernetesBackend(_kind: string, read: InputReader, config: Config) {
  const { router, workload } = await createBackend(read, config);
  return {
    read: () => router.read(),
    apply: (change: RouteChange, state: RouterState, options?: { steps?: number[]; onStep?: StepCheck }) =>
      router.apply(router.plan(change, state, { steps: options?.steps }), options?.onStep),
    deploy: workload.deploy,
    readiness: (color: Color) => workload.readiness(color),
  };
}
type Backend = Awaited<ReturnType<typeof createKubernetesBackend>>;

describe("kubernetes backend modules against the fake API server", () => {
  let cluster: FakeCluster;

  beforeAll(async () => {
    cluster = await startFakeCluster();
    cluster.addApp({
      app: "shop",
      images: { blue: "registry.test/shop:v1", green: "registry.test/shop:v0" },
      live: "blue",
      backend: "k8s-service",
    });
    cluster.addApp({
      app: "web",
      images: { blue: "registry.test/web:v1", green: "registry.test/web:v0" },
      live: "green",
      backend: "openshift-route",
    });
    await cluster.settle();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  async function backend(kind: "k8s-service" | "openshift-route", inputs: Record<string, string> = {}): Promise<Backend> {
    const all: Record<string, string> = {
      mode: "promote",
      backend: kind,
      kubeconfig: cluster.kubeconfig(),
      app: kind === "k8s-service" ? "shop" : "web",
      timeout: "5",
      ...inputs,
    };
    const read = (name: string) => all[name] ?? "";
    const config: Config = parseConfig(read);
    return createKubernetesBackend(kind, read, config);
  }

  it("reads the live color from the Service selector and the idle one as preview", async () => {
    const state = await (await backend("k8s-service")).read();
    expect(state).toMatchObject({
      live: "blue",
      preview: "green",
      revision: cluster.get("services", "default", "shop").metadata.resourceVersion,
    });
    expect(state.details.selector).toBe("app=shop,environment=blue");
    expect(state.details["green deployment"]).toContain("2/2 replicas available");
  });

  it("reads the live color from the Route's spec.to, the preview from the preview Route", async () => {
    const state = await (await backend("openshift-route")).read();
    expect(state).toMatchObject({ live: "green", preview: "blue", warnings: [] });
    expect(state.details.weights).toBe("web-green=100");
  });

  it("puts all traffic back on the old color when the check after the first weight step fails", async () => {
    const kube = await backend("openshift-route");
    const state = await kube.read();
    const seen: number[] = [];
    const failure = await kube
      .apply({ live: "blue", preview: "green", ledger: { ...state.ledger, live: "blue", previous: "green" } }, state, {
        steps: [10, 100],
        onStep: async (percent) => {
          seen.push(percent);
          expect(cluster.get("routes", "default", "web").spec.alternateBackends).toEqual([
            { kind: "Service", name: "web-blue", weight: 10 },
          ]);
          throw new Error("verification at 10% failed: HTTP 500");
        },
      })
      .catch((error: unknown) => error);
    expect(seen).toEqual([10]);
    expect((failure as Error).message).toBe(
      "the step at 10% failed (verification at 10% failed: HTTP 500); all traffic is back on green (route default/web: web-green 100).",
    );
    const route = cluster.get("routes", "default", "web");
    expect(route.spec.to).toEqual({ kind: "Service", name: "web-green", weight: 100 });
    expect(route.spec.alternateBackends).toBeUndefined();
    // The record written with the restore agrees with the routing: the switch did not happen.
    expect(route.metadata.annotations?.["bluegreen.io/live-color"]).toBe("green");
  });

  it("refuses with a ConflictError when the Service changed after the read, and changes nothing", async () => {
    const kube = await backend("k8s-service");
    const state = await kube.read();
    cluster.edit("services", "default", "shop", { metadata: { labels: { touched: "by-hand" } } });
    const before = structuredClone(cluster.get("services", "default", "shop"));
    const ledger: Ledger = { ...state.ledger, live: "green", previous: "blue" };
    const failure = await kube.apply({ live: "green", preview: "blue", ledger }, state).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as Error).message).toMatch(/Service default\/shop was changed by someone else.*nothing was changed/);
    expect(cluster.get("services", "default", "shop")).toEqual(before);
  });

  it("puts the selector back when the endpoints never follow it", async () => {
    const kube = await backend("k8s-service", { timeout: "1" });
    const state = await kube.read();
    cluster.freezeEndpoints("shop", true);
    try {
      const failure = await kube
        .apply({ live: "green", preview: "blue", ledger: { ...state.ledger, live: "green", previous: "blue" } }, state)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RouterError);
      expect((failure as Error).message).toMatch(
        /endpoints of service default\/shop holding only green pods did not happen.*put back to environment=blue/,
      );
    } finally {
      cluster.freezeEndpoints("shop", false);
    }
    const service = cluster.get("services", "default", "shop");
    expect(service.spec.selector).toEqual({ app: "shop", environment: "blue" });
    expect(decodeLedger(service.metadata.annotations["bluegreen.io/ledger"]).live).not.toBe("green");
  });

  it("puts the selector back when the endpoints cannot be read", async () => {
    const kube = await backend("k8s-service");
    const state = await kube.read();
    cluster.forbid({ verb: "list", resource: "endpointslices" });
    try {
      await expect(
        kube.apply({ live: "green", preview: "blue", ledger: { ...state.ledger, live: "green", previous: "blue" } }, state),
      ).rejects.toThrow(
        /^Could not confirm the endpoints of service default\/shop: Input "kubeconfig": the credentials may not list endpoint slices of Service default\/shop \(403 Forbidden: endpointslices\.discovery\.k8s\.io is forbidden: .*\); grant the deployer's role that permission; the selector was put back to environment=blue\.$/,
      );
    } finally {
      cluster.allowAll();
    }
    expect(cluster.get("services", "default", "shop").spec.selector).toEqual({ app: "shop", environment: "blue" });
  });

  it("reports pod reasons when a rollout cannot finish", async () => {
    const kube = await backend("k8s-service", { mode: "prepare", version: "broken", image: "registry.test/shop" });
    const lines = await kube.deploy?.("green", "broken");
    expect(lines?.[0]).toBe(
      "PATCH deployment default/shop-green container web image registry.test/shop:broken (was registry.test/shop:v0)",
    );
    await cluster.settle();
    const readiness = await kube.readiness("green");
    expect(readiness.ready).toBe(false);
    expect(readiness.summary).toMatch(/rollout in progress: 2\/2 replicas available \(2 updated, 2 ready, 4 total\)/);
    expect(readiness.summary).toContain('ImagePullBackOff (Back-off pulling image "registry.test/shop:broken")');
    await kube.deploy?.("green", "crash");
    await cluster.settle();
    expect((await kube.readiness("green")).summary).toMatch(
      /web: CrashLoopBackOff \(back-off 40s restarting failed container=web pod=shop-green-/,
    );
    // Put it back for the other tests.
    await kube.deploy?.("green", "v0");
    await cluster.settle();
    expect((await kube.readiness("green")).ready).toBe(true);
  });

  it("needs the container input when the pods have several containers", async () => {
    cluster.addApp({
      app: "duo",
      images: { blue: "registry.test/duo:v1", green: "registry.test/duo:v1" },
      live: "blue",
      backend: "k8s-service",
      sidecar: true,
    });
    const kube = await backend("k8s-service", { app: "duo", mode: "prepare", version: "v2", image: "registry.test/duo" });
    await expect(kube.deploy?.("green", "v2")).rejects.toThrow(
      /Input "container": is required: duo-green has several containers; allowed values: web, proxy/,
    );
    const named = await backend("k8s-service", {
      app: "duo",
      mode: "prepare",
      version: "v2",
      image: "registry.test/duo",
      container: "web",
    });
    await named.deploy?.("green", "v2");
    const containers = cluster.get("deployments", "default", "duo-green").spec.template.spec.containers;
    // Strategic merge patch: the sidecar is kept, only web's image changes.
    expect(containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`)).toEqual([
      "web=registry.test/duo:v2",
      "proxy=registry.test/envoy:1.30",
    ]);
  });

  it("explains an unreachable or untrusted API server, and an unknown context, as kubeconfig problems", async () => {
    const read = (kubeconfig: string, extra: Record<string, string> = {}) => {
      const all: Record<string, string> = { mode: "promote", backend: "k8s-service", app: "shop", kubeconfig, ...extra };
      return (name: string) => all[name] ?? "";
    };
    const open = async (kubeconfig: string, extra: Record<string, string> = {}) => {
      const reader = read(kubeconfig, extra);
      return (await createKubernetesBackend("k8s-service", reader, parseConfig(reader))).read();
    };
    const port = await freePort(); // nothing listens there
    const closed = cluster.kubeconfig().replace(cluster.url, `https://127.0.0.1:${port}`);
    await expect(open(closed)).rejects.toThrow(
      new RegExp(
        `^Input "kubeconfig": cannot reach the API server at https://127.0.0.1:${port} to read Service default/shop: .*ECONNREFUSED`,
      ),
    );
    const untrusted = cluster.kubeconfig().replace(/certificate-authority-data: .*/, "insecure-skip-tls-verify: false");
    await expect(open(untrusted)).rejects.toThrow(
      /^Input "kubeconfig": cannot reach the API server at https:\/\/127.0.0.1:\d+ to read Service default\/shop: .*certificate/,
    );
    await expect(open(cluster.kubeconfig(), { context: "staging" })).rejects.toThrow(
      /^Input "context": "staging" is not in the kubeconfig; allowed values: fake\./,
    );
  });

  it("refuses a switch to a selector that matches no pod, and changes nothing", async () => {
    cluster.addApp({
      app: "ghost",
      images: { blue: "registry.test/ghost:v1", green: "registry.test/ghost:v1" },
      live: "blue",
      backend: "k8s-service",
    });
    cluster.edit("services", "default", "ghost", { spec: { selector: { tier: "web" } } });
    const kube = await backend("k8s-service", { app: "ghost" });
    const state = await kube.read();
    const before = structuredClone(cluster.get("services", "default", "ghost"));
    await expect(kube.apply({ live: "green", preview: "blue", ledger: state.ledger }, state)).rejects.toThrow(
      "No pod in namespace default matches app=ghost,environment=green,tier=web, the selector service default/ghost would get; nothing was changed.",
    );
    expect(cluster.get("services", "default", "ghost")).toEqual(before);
  });

  it("names the input to blame for a missing object, 401 and 403", async () => {
    await expect((await backend("k8s-service", { app: "nothere" })).read()).rejects.toThrow(
      /Input "app": Service default\/nothere was not found \(404: services "nothere" not found\); check the inputs app and namespace \(service defaults to app\)\./,
    );
    await expect(
      createKubernetesBackend(
        "k8s-service",
        (n) =>
          ({ mode: "test", backend: "k8s-service", app: "shop", kubeconfig: cluster.kubeconfig({ token: "sha256~wrong-token" }) })[n] ?? "",
        parseConfig((n) => ({ mode: "test", backend: "k8s-service" })[n] ?? ""),
      ).then((b) => b.read()),
    ).rejects.toThrow(/Input "kubeconfig": the API server at https:\/\/127.0.0.1:\d+ rejected the credentials \(401 Unauthorized\)/);
    cluster.forbid({ verb: "get", resource: "services", name: "shop" });
    try {
      const failure = await (await backend("k8s-service")).read().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InputError);
      expect((failure as Error).message).toContain(
        'Input "kubeconfig": the credentials may not read Service default/shop (403 Forbidden: services "shop" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource "services" in API group "" in the namespace "default")',
      );
    } finally {
      cluster.allowAll();
    }
  });
});
