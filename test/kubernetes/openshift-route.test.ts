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

describe("openshift-route backend, through the bundled action against a fake API server", () => {
  const world = useFakeCluster("web", "openshift-route");
  const runs: ActionRun[] = [];
  const run = async (inputs: Record<string, string>) => {
    const result = await runAction({ ...world.inputs, ...inputs });
    runs.push(result);
    return result;
  };
  const route = (name = "web") => world.cluster.get("routes", "default", name);
  const ledger = () => decodeLedger(route().metadata.annotations?.["bluegreen.io/ledger"]);
  const routePatches = () =>
    world.cluster.requests.filter((r) => r.method === "PATCH" && r.path === "/apis/route.openshift.io/v1/namespaces/default/routes/web");
  const version = async () => (await (await fetch(`${world.production}/version`)).text()).trim();

  it("walks prepare, test, a weighted promote and rollback, each idempotent", async () => {
    const prepared = await run({ mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(world.cluster.get("deployments", "default", "web-green").spec.template.spec.containers[0].image).toBe("registry.test/web:v2");
    expect(route().spec.to).toEqual({ kind: "Service", name: "web-blue", weight: 100 });
    expect(route("web-preview").spec.to.name).toBe("web-green");
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
    expect(steps.map((r) => (r.body as K8sObject).spec)).toEqual([
      { to: { kind: "Service", name: "web-blue", weight: 90 }, alternateBackends: [{ kind: "Service", name: "web-green", weight: 10 }] },
      { to: { kind: "Service", name: "web-blue", weight: 50 }, alternateBackends: [{ kind: "Service", name: "web-green", weight: 50 }] },
      { to: { kind: "Service", name: "web-green", weight: 100 }, alternateBackends: null },
    ]);
    // Each step carries the resourceVersion the previous write answered with.
    const versions = steps.map((r) => (r.body as K8sObject).metadata.resourceVersion);
    expect(versions[0]).toBe(revision);
    expect(new Set(versions).size).toBe(3);
    expect(promoted.summary).toMatch(/\| verify health \/health at 10% \| ✅ \|/);
    expect(promoted.summary).toMatch(/\| verify health \/health at 50% \| ✅ \|/);
    expect(route().spec).toMatchObject({ to: { name: "web-green", weight: 100 } });
    expect(route().spec.alternateBackends).toBeUndefined();
    expect(route().metadata.annotations).toMatchObject({
      "bluegreen.io/live-color": "green",
      "bluegreen.io/previous-color": "blue",
      "bluegreen.io/live-version": "v2",
    });
    expect(route("web-preview").spec.to.name).toBe("web-blue");
    expect(await version()).toBe("v2");

    const promotedAgain = await run({ mode: "promote", version: "v2", "traffic-steps": "10,50,100", "step-wait": "0" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false" });

    const rolledBack = await runAction({
      backend: "openshift-route",
      mode: "rollback",
      kubeconfig: world.cluster.kubeconfig(),
      app: "web",
    });
    runs.push(rolledBack);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(route().spec.to.name).toBe("web-blue");
    expect(route("web-preview").spec.to.name).toBe("web-green");
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
        /^PATCH route default\/web weights web-blue=75 web-green=25 \(resourceVersion \d+\), then check production at 25%$/,
      ),
      "PATCH route default/web spec.to web-green weight 100 (was web-blue), no alternateBackends, and annotations bluegreen.io/* (resourceVersion of the previous step)",
      "if any step fails: PATCH route default/web spec.to web-blue weight 100, no alternateBackends",
      "PATCH route default/web-preview spec.to web-blue (was web-green)",
      // The same switch in plain words, the line the default log shows.
      "switch production blue → green in route default/web in steps of 25%, 100%",
    ]);
    expect(writes()).toBe(before);
  });

  it("returns all traffic to the old color when a weight step fails half-way", async () => {
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
      // (the log line; the ::error:: command escapes "%" as "%25")
      /bluegreen promote \(openshift-route\): Promote of green failed: the step at 50% failed \(verification at 50% failed: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/route\/default\/web\/health\); all traffic is back on blue \(route default\/web: web-blue 100\)\. Production (is|stays) on blue\./,
    );
    expect(promoted.summary).toMatch(/\| verify health \/health at 10% \| ✅ \|/);
    expect(promoted.summary).toMatch(/\| verify health \/health at 50% \| ❌ \|/);
    const bodies = routePatches()
      .slice(before)
      .map((r) => (r.body as K8sObject).spec);
    expect(bodies).toEqual([
      { to: { kind: "Service", name: "web-blue", weight: 90 }, alternateBackends: [{ kind: "Service", name: "web-green", weight: 10 }] },
      { to: { kind: "Service", name: "web-blue", weight: 50 }, alternateBackends: [{ kind: "Service", name: "web-green", weight: 50 }] },
      { to: { kind: "Service", name: "web-blue", weight: 100 }, alternateBackends: null },
    ]);
    expect(route().spec.to).toEqual({ kind: "Service", name: "web-blue", weight: 100 });
    expect(route().spec.alternateBackends).toBeUndefined();
    expect(route().metadata.annotations["bluegreen.io/live-color"]).toBe("blue");
    expect(ledger()).toMatchObject({ live: "blue", pending: "green", versions: { green: "unhealthy" } });
    expect(route("web-preview").spec.to.name).toBe("web-green");
    for (let i = 0; i < 10; i++) expect(await version()).toBe("v1");
  });

  it("fails cleanly when the Route changes under it (409)", async () => {
    const prepared = await run({ mode: "prepare", version: "v3" });
    expect(prepared.code, prepared.stdout).toBe(0);
    world.cluster.beforeNextPatch("routes", "web", () => {
      world.cluster.edit("routes", "default", "web", { metadata: { labels: { edited: "by-hand" } } });
    });
    const snapshot = JSON.stringify({ spec: route().spec, annotations: route().metadata.annotations });
    const promoted = await run({ mode: "promote", version: "v3", "traffic-steps": "10,100", "step-wait": "0" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toContain(
      '::error::Promote of green failed: Route default/web was changed by someone else since it was read (409 Conflict: Operation cannot be fulfilled on routes.route.openshift.io "web": the object has been modified; please apply your changes to the latest version and try again); nothing was changed. Run the step again.',
    );
    expect(JSON.stringify({ spec: route().spec, annotations: route().metadata.annotations })).toBe(snapshot);
  });

  it("rolls back from the readable annotations alone, and works without a preview Route", async () => {
    world.cluster.addApp({
      app: "legacy",
      images: { blue: "registry.test/legacy:v7", green: "registry.test/legacy:v8" },
      live: "green",
      backend: "openshift-route",
      previewRoute: false,
      annotations: { "bluegreen.io/live-color": "green", "bluegreen.io/previous-color": "blue" },
    });
    await world.cluster.settle();
    const rolledBack = await runAction({
      backend: "openshift-route",
      mode: "rollback",
      kubeconfig: world.cluster.kubeconfig(),
      app: "legacy",
    });
    runs.push(rolledBack);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(rolledBack.summary).toContain("no preview route default/legacy-preview");
    expect(route("legacy").spec.to.name).toBe("legacy-blue");
    expect(decodeLedger(route("legacy").metadata.annotations["bluegreen.io/ledger"])).toMatchObject({
      live: "blue",
      previous: "green",
      lastAction: "rollback",
    });
  });

  it("names the input to blame for a missing Route or Service, and for a bad input before any call", async () => {
    const missing = await run({ mode: "promote", route: "nope" });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      '::error::Input "route": Route default/nope was not found (404: routes.route.openshift.io "nope" not found)',
    );
    world.cluster.remove("services", "default", "web-green");
    try {
      const noService = await run({ mode: "promote" });
      expect(noService.stdout).toContain(
        '::error::Input "app": Service default/web-green was not found (404: services "web-green" not found)',
      );
    } finally {
      world.cluster.addApp({
        app: "web",
        images: { blue: "registry.test/web:v1", green: "registry.test/web:v3" },
        live: "blue",
        backend: "openshift-route",
      });
    }
    const requests = world.cluster.requests.length;
    const badApp = await run({ mode: "promote", app: "Web_App" });
    expect(badApp.stdout).toContain('::error::Input "app": "Web_App" is not a valid name');
    const noImage = await run({ mode: "prepare", version: "v9", image: "" });
    expect(noImage.stdout).toContain('::error::Input "image": is required when mode is prepare with backend openshift-route');
    const badSteps = await run({ mode: "promote", "traffic-steps": "50,10" });
    expect(badSteps.stdout).toContain('::error::Input "traffic-steps": "50,10" is not allowed');
    expect(world.cluster.requests.length).toBe(requests);
  });

  it("never prints the kubeconfig token", () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const each of runs) expect(published(each)).not.toContain(world.cluster.token);
  });

  it("a promote killed right at its final Route write leaves nothing for the re-run to miss (issue 11 case 10)", async () => {
    const prepared = await run({ mode: "prepare", version: "v7" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"];
    const old = target === "green" ? "blue" : "green";
    // kill -9 of the action as its final write (the production Route) reaches the API server, which applies it.
    world.cluster.killWhen({
      match: (r) => r.method === "PATCH" && r.path === "/apis/route.openshift.io/v1/namespaces/default/routes/web",
    });
    const killed = await run({ mode: "promote", version: "v7", "traffic-steps": "" });
    expect(killed.code).toBe(-1);
    expect(route().spec.to.name).toBe(`web-${target}`);
    const again = await run({ mode: "promote", version: "v7" });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ "active-color": target, "previous-color": old });
    // The preview Route shows the idle color again, not production.
    expect(route("web-preview").spec.to.name).toBe(`web-${old}`);
    expect(ledger()).toMatchObject({ live: target, previous: old, lastAction: "promote" });
    expect(ledger().pending).toBeUndefined();
    expect(await version()).toBe("v7");
  });

  it("repairs a route left split between colors by a promote that has nothing else to do", async () => {
    const live = route().spec.to.name as string;
    const other = live === "web-blue" ? "web-green" : "web-blue";
    // A weighted promote that crashed half-way left 30% on the other color.
    world.cluster.edit("routes", "default", "web", {
      spec: { to: { kind: "Service", name: live, weight: 70 }, alternateBackends: [{ kind: "Service", name: other, weight: 30 }] },
    });
    const repaired = await run({ mode: "promote" });
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.stdout).toContain(`Moved all of production to ${live.replace("web-", "")}: it was split between colors.`);
    expect(repaired.outputs.changed).toBe("true");
    expect(route().spec.to).toEqual({ kind: "Service", name: live, weight: 100 });
    expect(route().spec.alternateBackends ?? []).toEqual([]);
    const again = await run({ mode: "promote" });
    expect(again.outputs.changed).toBe("false");
  });
});
