import { describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import { type ActionRun, runAction } from "../support/action.js";
import type { K8sObject } from "./fake-api.js";
import { useFakeCluster } from "./world.js";

function published(run: ActionRun): string {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n");
}

const ref = (color: string, weight: number) => ({ group: "", kind: "Service", name: `web-${color}`, port: 80, weight });

describe("k8s-gateway backend (Gateway API HTTPRoute), through the bundled action against a fake API server and gateway controller", () => {
  const world = useFakeCluster("web", "k8s-gateway");
  const runs: ActionRun[] = [];
  const run = async (inputs: Record<string, string>) => {
    const result = await runAction({ ...world.inputs, ...inputs });
    runs.push(result);
    return result;
  };
  const route = (name = "web") => world.cluster.get("httproutes", "default", name);
  const backendRefs = (name = "web") => route(name).spec.rules[0].backendRefs;
  const ledger = () => decodeLedger(route().metadata.annotations?.["bluegreen.io/ledger"]);
  const routePatches = () =>
    world.cluster.requests.filter(
      (r) => r.method === "PATCH" && r.path === "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/web",
    );
  const version = async (headers: Record<string, string> = {}) =>
    (await (await fetch(`${world.production}/version`, { headers })).text()).trim();
  const accepted = (name = "web") =>
    route(name).status.parents.every((p: K8sObject) =>
      p.conditions.every((c: K8sObject) => c.status === "True" && c.observedGeneration === route(name).metadata.generation),
    );

  it("walks prepare, test, a weighted promote and rollback, each idempotent, waiting for the Gateway each time", async () => {
    expect(await version()).toBe("v1");
    const prepared = await run({ mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(world.cluster.get("deployments", "default", "web-green").spec.template.spec.containers[0].image).toBe("registry.test/web:v2");
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    expect(backendRefs("web-preview").map((r: K8sObject) => r.name)).toEqual(["web-green"]);
    expect(ledger()).toMatchObject({ versions: { green: "v2" }, pending: "green" });

    const tested = await run({ mode: "test", "version-path": "/version", "test-requests": "20", "max-p95-ms": "5000" });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toContain("/api/v1/namespaces/default/services/web-green%3Ahttp/proxy");
    expect(ledger().tested).toMatchObject({ color: "green", version: "v2" });

    const before = routePatches().length;
    const revision = route().metadata.resourceVersion;
    const promoted = await run({
      mode: "promote",
      version: "v2",
      "require-test": "true",
      "traffic-steps": "10,50,100",
      "step-wait": "0",
      "verify-url": world.production,
      "version-path": "/version",
    });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    const steps = routePatches().slice(before);
    expect(steps.map((r) => r.contentType)).toEqual(Array(3).fill("application/merge-patch+json"));
    expect(steps.map((r) => (r.body as K8sObject).spec.rules[0].backendRefs)).toEqual([
      [ref("blue", 90), ref("green", 10)],
      [ref("blue", 50), ref("green", 50)],
      [ref("blue", 0), ref("green", 100)],
    ]);
    // Every write carries a resourceVersion: the first the one read, the next ones the one the
    // controller's status write left (so each step also proves the Gateway took the one before).
    const versions = steps.map((r) => (r.body as K8sObject).metadata.resourceVersion);
    expect(versions[0]).toBe(revision);
    expect(new Set(versions).size).toBe(3);
    expect(promoted.summary).toMatch(/\| verify health \/health at 10% \| ✅ \|/);
    expect(promoted.summary).toMatch(/\| verify health \/health at 50% \| ✅ \|/);
    expect(route().metadata.annotations).toMatchObject({
      "bluegreen.io/live-color": "green",
      "bluegreen.io/previous-color": "blue",
      "bluegreen.io/live-version": "v2",
    });
    expect(accepted()).toBe(true);
    expect(backendRefs("web-preview").map((r: K8sObject) => r.name)).toEqual(["web-blue"]);
    for (let i = 0; i < 5; i++) expect(await version()).toBe("v2");

    const promotedAgain = await run({ mode: "promote", version: "v2", "traffic-steps": "10,50,100", "step-wait": "0" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false" });

    const rolledBack = await runAction({ backend: "k8s-gateway", mode: "rollback", kubeconfig: world.cluster.kubeconfig(), app: "web" });
    runs.push(rolledBack);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    expect(backendRefs("web-preview").map((r: K8sObject) => r.name)).toEqual(["web-green"]);
    expect(await version()).toBe("v1");
    const rolledBackAgain = await run({ mode: "rollback" });
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
  });

  it("dry-run shows each weight step and writes nothing", async () => {
    const writes = () => world.cluster.requests.filter((r) => r.method !== "GET").length;
    const before = writes();
    const promoted = await run({ mode: "promote", version: "v2", "traffic-steps": "25,100", "dry-run": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs.changed).toBe("false");
    expect((promoted.outputs.plan ?? "").split("\n")).toEqual([
      expect.stringMatching(
        /^PATCH httproute default\/web weights web-blue=75 web-green=25 \(resourceVersion \d+\) and wait until the Gateway accepts it \(Accepted, ResolvedRefs\), then check production at 25%$/,
      ),
      "PATCH httproute default/web weights web-green=100 web-blue=0, annotations bluegreen.io/* (resourceVersion of the previous step) and wait until the Gateway accepts it (Accepted, ResolvedRefs)",
      "if any step fails or the Gateway rejects it: PATCH httproute default/web weights web-blue=100 web-green=0",
      "PATCH httproute default/web-preview backendRefs web-blue (was web-green)",
      // The same switch in plain words, the line the default log shows.
      "switch production blue → green in httproute default/web in steps of 25%, 100%",
    ]);
    expect(writes()).toBe(before);
  });

  it("returns all traffic to the old color when a 10,50,100 promote fails at 50%", async () => {
    // Pods of this version get ready but answer /health with 500: production checks fail once they get traffic.
    const prepared = await run({ mode: "prepare", version: "unhealthy" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const before = routePatches().length;
    const promoted = await run({
      mode: "promote",
      version: "unhealthy",
      "traffic-steps": "10,50,100",
      "step-wait": "0",
      "verify-url": world.production,
    });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      /bluegreen promote \(k8s-gateway\): Promote of green failed: the step at 50% failed \(verification at 50% failed: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/httproute\/default\/web\/health\); all traffic is back on blue \(httproute default\/web: web-blue=100 web-green=0\)\. Production stays on blue\./,
    );
    expect(promoted.summary).toMatch(/\| verify health \/health at 10% \| ✅ \|/);
    expect(promoted.summary).toMatch(/\| verify health \/health at 50% \| ❌ \|/);
    expect(
      routePatches()
        .slice(before)
        .map((r) => (r.body as K8sObject).spec.rules[0].backendRefs),
    ).toEqual([
      [ref("blue", 90), ref("green", 10)],
      [ref("blue", 50), ref("green", 50)],
      [ref("blue", 100), ref("green", 0)],
    ]);
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    expect(accepted()).toBe(true);
    expect(route().metadata.annotations["bluegreen.io/live-color"]).toBe("blue");
    expect(ledger()).toMatchObject({ live: "blue", pending: "green", versions: { green: "unhealthy" } });
    for (let i = 0; i < 10; i++) expect(await version()).toBe("v1");
  });

  it("never reports a route the Gateway rejected as switched: it puts the old weights back", async () => {
    const prepared = await run({ mode: "prepare", version: "v3" });
    expect(prepared.code, prepared.stdout).toBe(0);
    world.cluster.gateway.reject("default", "web", "NotAllowedByListeners", "No listener of Gateway web-gateway allows this route", 1);
    const promoted = await run({ mode: "promote", version: "v3", "verify-url": world.production });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      /Promote of green failed: the step at 100% failed \(the Gateway rejected httproute default\/web generation \d+: gateway web-gateway: Accepted=False \(NotAllowedByListeners: No listener of Gateway web-gateway allows this route\)\); all traffic is back on blue \(httproute default\/web: web-blue=100 web-green=0\)\. Production stays on blue\./,
    );
    expect(promoted.outputs).toMatchObject({ "active-color": "blue" });
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    expect(accepted()).toBe(true);
    // The ledger the refused step wrote is put back too: blue is live, green still pending.
    expect(ledger()).toMatchObject({ live: "blue", pending: "green" });
    expect(await version()).toBe("v1");
  });

  it("says the Gateway never took the route when its controller does not answer, and puts the weights back", async () => {
    world.cluster.gateway.freeze(true);
    try {
      const promoted = await run({ mode: "promote", version: "v3", timeout: "2" });
      expect(promoted.code).toBe(1);
      expect(promoted.stdout).toContain("the Gateway accepting httproute default/web generation");
      expect(promoted.stdout).toMatch(/did not happen within 2\.\d s/);
    } finally {
      world.cluster.gateway.freeze(false);
    }
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    await world.cluster.settle();
    expect(accepted()).toBe(true);
    expect(await version()).toBe("v1");
  });

  it("fails cleanly when the HTTPRoute changes under it (409)", async () => {
    world.cluster.beforeNextPatch("httproutes", "web", () => {
      world.cluster.edit("httproutes", "default", "web", { metadata: { labels: { edited: "by-hand" } } });
    });
    const snapshot = JSON.stringify({ spec: route().spec, annotations: route().metadata.annotations });
    const promoted = await run({ mode: "promote", version: "v3", "traffic-steps": "10,100", "step-wait": "0" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toContain(
      '::error::Promote of green failed: HTTPRoute default/web was changed by someone else since it was read (409 Conflict: Operation cannot be fulfilled on httproutes.gateway.networking.k8s.io "web": the object has been modified; please apply your changes to the latest version and try again); nothing was changed. Run the step again.',
    );
    expect(JSON.stringify({ spec: route().spec, annotations: route().metadata.annotations })).toBe(snapshot);
  });

  it("reads the HTTPRoute back when a step's answer is lost and its safe retry is refused, and goes on when it shows the step", async () => {
    const path = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/web";
    world.cluster.fault({ method: "PATCH", path, answer: 503, afterApply: true });
    let promoted: Awaited<ReturnType<typeof run>>;
    try {
      promoted = await run({ mode: "promote", version: "v3", "traffic-steps": "10,100", "step-wait": "0" });
    } finally {
      world.cluster.clearFaults();
    }
    // The write was applied though its answer was lost: read again, the HTTPRoute shows it, so the
    // step is not a guess (issue 11 case 13) and the shift goes on to 100%.
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.stdout).toMatch(
      /::warning::The API server answered 503 and the retry \(carrying the resourceVersion read\) was refused with 409 Conflict, trying to patch HTTPRoute default\/web; read again, HTTPRoute default\/web shows the change applied\./,
    );
    expect(promoted.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect(backendRefs()).toEqual([ref("blue", 0), ref("green", 100)]);
    expect(accepted()).toBe(true);
    expect(await version()).toBe("v3");
    // Back to blue for the tests that follow.
    const rolledBack = await run({ mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
  });

  it("routes the preview by header in the production HTTPRoute with preview-header", async () => {
    world.cluster.addApp({
      app: "api",
      images: { blue: "registry.test/api:v1", green: "registry.test/api:v0" },
      live: "blue",
      backend: "k8s-gateway",
      previewRoute: false,
    });
    await world.cluster.settle();
    const api = (mode: string, extra: Record<string, string> = {}) =>
      run({ app: "api", image: "registry.test/api", "preview-header": "X-Bluegreen: preview", mode, ...extra });
    const prepared = await api("prepare", { version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const rules = world.cluster.get("httproutes", "default", "api").spec.rules;
    expect(rules).toEqual([
      {
        matches: [{ path: { type: "PathPrefix", value: "/" } }],
        backendRefs: [
          { group: "", kind: "Service", name: "api-blue", port: 80, weight: 100 },
          { group: "", kind: "Service", name: "api-green", port: 80, weight: 0 },
        ],
      },
      {
        matches: [{ path: { type: "PathPrefix", value: "/" }, headers: [{ type: "Exact", name: "x-bluegreen", value: "preview" }] }],
        backendRefs: [{ group: "", kind: "Service", name: "api-green", port: 80 }],
      },
    ]);
    const url = `${world.cluster.ingressUrl}/httproute/default/api/version`;
    const get = async (headers: Record<string, string> = {}) => (await (await fetch(url, { headers })).text()).trim();
    expect(await get({ "x-bluegreen": "preview" })).toBe("v2");
    expect(await get()).toBe("v1");

    const promoted = await api("promote", { version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    const after = world.cluster.get("httproutes", "default", "api").spec.rules;
    expect(after[0].backendRefs.map((r: K8sObject) => [r.name, r.weight])).toEqual([
      ["api-blue", 0],
      ["api-green", 100],
    ]);
    expect(after[1].backendRefs.map((r: K8sObject) => r.name)).toEqual(["api-blue"]);
    expect(await get()).toBe("v2");
    expect(await get({ "x-bluegreen": "preview" })).toBe("v1");
  });

  it("names the input to blame for a missing HTTPRoute or a foreign rule, and for a bad input before any call", async () => {
    const missing = await run({ mode: "promote", route: "nope" });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      '::error::Input "route": HTTPRoute default/nope was not found (404: httproutes.gateway.networking.k8s.io "nope" not found)',
    );
    world.cluster.put("httproutes", {
      metadata: { name: "mixed", namespace: "default" },
      spec: {
        parentRefs: [{ name: "web-gateway" }],
        rules: [{ backendRefs: [ref("blue", 90), { group: "", kind: "Service", name: "legacy", port: 80, weight: 10 }] }],
      },
    });
    const mixed = await run({ mode: "promote", route: "mixed" });
    expect(mixed.stdout).toContain(
      '::error::Input "route": httproute default/mixed rule 1 sends traffic to web-blue/web-green and to other backends',
    );
    const requests = world.cluster.requests.length;
    const badHeader = await run({ mode: "promote", "preview-header": "x bluegreen preview" });
    expect(badHeader.stdout).toContain('::error::Input "preview-header": "x bluegreen preview" is not allowed');
    const badSteps = await run({ mode: "promote", "traffic-steps": "50,10" });
    expect(badSteps.stdout).toContain('::error::Input "traffic-steps": "50,10" is not allowed');
    const samePreview = await run({ mode: "promote", "preview-route": "web" });
    expect(samePreview.stdout).toContain('::error::Input "preview-route": must differ from route');
    expect(world.cluster.requests.length).toBe(requests);
  });

  it("never prints the kubeconfig token", () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const each of runs) expect(published(each)).not.toContain(world.cluster.token);
  });

  it("repairs an HTTPRoute left split between colors by a promote that has nothing else to do", async () => {
    // A weighted promote that crashed half-way left 30% on green (and nothing pending to promote).
    world.cluster.edit("httproutes", "default", "web", {
      metadata: { annotations: { "bluegreen.io/ledger": null } },
      spec: { parentRefs: [{ name: "web-gateway" }], rules: [{ backendRefs: [ref("blue", 70), ref("green", 30)] }] },
    });
    await world.cluster.settle();
    const repaired = await run({ mode: "promote" });
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toContain("Moved all of production to blue: it was split between colors.");
    expect(repaired.outputs.changed).toBe("true");
    expect(backendRefs()).toEqual([ref("blue", 100), ref("green", 0)]);
    expect(accepted()).toBe(true);
    const again = await run({ mode: "promote" });
    expect(again.outputs.changed).toBe("false");
  });
});
