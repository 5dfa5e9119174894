import { describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import { type ActionRun, runAction } from "../support/action.js";
import { useFakeCluster } from "./world.js";

/** Everything the action printed or wrote, minus the runner's `::add-mask::` commands (which GitHub consumes). */
function published(run: ActionRun): string {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n");
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.text()).trim() };
}

describe("k8s-service backend, through the bundled action against a fake API server", () => {
  const world = useFakeCluster("shop", "k8s-service");
  const runs: ActionRun[] = [];
  const run = async (inputs: Record<string, string>) => {
    const result = await runAction({ ...world.inputs, ...inputs });
    runs.push(result);
    return result;
  };
  const service = () => world.cluster.get("services", "default", "shop");
  const ledger = () => decodeLedger(service().metadata.annotations?.["bluegreen.io/ledger"]);
  const image = (color: string) => world.cluster.get("deployments", "default", `shop-${color}`).spec.template.spec.containers[0].image;

  it("walks prepare, test, promote and rollback, each idempotent", async () => {
    // prepare: v2 on the idle color (green), rolled out and ready; production stays on blue.
    const prepared = await run({ mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(image("green")).toBe("registry.test/shop:v2");
    expect(image("blue")).toBe("registry.test/shop:v1");
    const green = world.cluster.get("deployments", "default", "shop-green");
    expect(green.status).toMatchObject({
      observedGeneration: green.metadata.generation,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      replicas: 2,
    });
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
    expect(ledger()).toMatchObject({ versions: { green: "v2" }, pending: "green" });
    expect(prepared.stdout).toContain(
      "PATCH deployment default/shop-green container web image registry.test/shop:v2 (was registry.test/shop:v0)",
    );
    const imagePatch = world.cluster.requests.find(
      (r) => r.method === "PATCH" && r.path === "/apis/apps/v1/namespaces/default/deployments/shop-green",
    );
    expect(imagePatch?.contentType).toBe("application/strategic-merge-patch+json");
    expect((await get(`${world.production}/version`)).body).toBe("v1");

    const preparedAgain = await run({ mode: "prepare", version: "v2" });
    expect(preparedAgain.code, preparedAgain.stdout).toBe(0);
    expect(preparedAgain.outputs.changed).toBe("false");
    expect(preparedAgain.stdout).toContain("already prepared on green");

    // test: no test-url, so through the API server's service proxy to shop-green:http.
    const tested = await run({
      mode: "test",
      "version-path": "/version",
      "test-requests": "40",
      "test-concurrency": "4",
      "max-p95-ms": "5000",
    });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.outputs).toMatchObject({ "target-color": "green", version: "v2", changed: "false" });
    expect(tested.stdout).toContain("/api/v1/namespaces/default/services/shop-green%3Ahttp/proxy");
    expect(tested.summary).toContain("promote would: PATCH service default/shop selector environment=green (was blue)");
    expect(ledger().tested).toMatchObject({ color: "green", version: "v2" });
    expect(
      world.cluster.requests.filter((r) => r.path.startsWith("/api/v1/namespaces/default/services/shop-green%3Ahttp/proxy/")).length,
    ).toBeGreaterThanOrEqual(40);

    // promote: one merge patch with the resourceVersion read, selector and annotations together.
    const revision = service().metadata.resourceVersion;
    const promoted = await run({
      mode: "promote",
      version: "v2",
      "require-test": "true",
      "verify-url": world.production,
      "version-path": "/version",
    });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(service().spec.selector).toEqual({ app: "shop", environment: "green" });
    expect(service().metadata.annotations).toMatchObject({
      "bluegreen.io/live-color": "green",
      "bluegreen.io/previous-color": "blue",
      "bluegreen.io/live-version": "v2",
    });
    expect(service().metadata.annotations["bluegreen.io/switched-at"]).toMatch(/^\d{4}-\d\d-\d\dT/);
    const switchPatch = world.cluster.requests.find(
      (r) => r.method === "PATCH" && r.path === "/api/v1/namespaces/default/services/shop" && JSON.stringify(r.body).includes('"selector"'),
    );
    expect(switchPatch?.contentType).toBe("application/merge-patch+json");
    expect(switchPatch?.body).toMatchObject({ metadata: { resourceVersion: revision }, spec: { selector: { environment: "green" } } });
    // The endpoints were waited for: production serves v2 right away.
    const slice = world.cluster.get("endpointslices", "default", "shop-fake1");
    expect(
      slice.endpoints.map((e: { targetRef: { name: string } }) => e.targetRef.name).every((n: string) => n.startsWith("shop-green-")),
    ).toBe(true);
    expect((await get(`${world.production}/version`)).body).toBe("v2");

    const promotedAgain = await run({ mode: "promote", version: "v2" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false" });

    // rollback: from the Service's annotations alone; no image, no version.
    const rolledBack = await runAction({ backend: "k8s-service", mode: "rollback", kubeconfig: world.cluster.kubeconfig(), app: "shop" });
    runs.push(rolledBack);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
    expect(service().metadata.annotations).toMatchObject({ "bluegreen.io/live-color": "blue", "bluegreen.io/previous-color": "green" });
    expect((await get(`${world.production}/version`)).body).toBe("v1");
    const rolledBackAgain = await run({ mode: "rollback" });
    expect(rolledBackAgain.code, rolledBackAgain.stdout).toBe(0);
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
  });

  it("dry-run prints the exact patches and writes nothing", async () => {
    const writes = () => world.cluster.requests.filter((r) => r.method !== "GET").length;
    const before = writes();
    const snapshot = JSON.stringify([service(), world.cluster.get("deployments", "default", "shop-green").spec]);
    const prepared = await run({ mode: "prepare", version: "v3", "dry-run": "true" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs.changed).toBe("false");
    expect(prepared.outputs.plan).toMatch(
      /^PATCH service default\/shop annotations bluegreen.io\/\* \(ledger only; selector stays environment=blue\) \(resourceVersion \d+\)$/m,
    );
    // green was prepared (v2) and rolled back from: the ledger still knows it; promote dry-run shows the selector patch.
    const promoted = await run({ mode: "promote", version: "v2", "dry-run": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs.changed).toBe("false");
    expect(promoted.outputs.plan).toMatch(
      /^PATCH service default\/shop selector environment=green \(was blue\) .*\(resourceVersion \d+\)$/m,
    );
    expect(writes()).toBe(before);
    expect(JSON.stringify([service(), world.cluster.get("deployments", "default", "shop-green").spec])).toBe(snapshot);
    // A dry-run test says "nothing sent": not even the probe of the service proxy goes out.
    const proxied = () => world.cluster.requests.filter((r) => r.path.includes("/proxy/")).length;
    const proxiedBefore = proxied();
    const tested = await run({ mode: "test", "dry-run": "true" });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toContain("nothing sent");
    expect(proxied()).toBe(proxiedBefore);
  });

  it("fails cleanly on a concurrent change (409) and changes nothing", async () => {
    const prepared = await run({ mode: "prepare", version: "v3" });
    expect(prepared.code, prepared.stdout).toBe(0);
    // Another pipeline edits the Service between bluegreen's read and its patch.
    world.cluster.beforeNextPatch("services", "shop", () => {
      world.cluster.edit("services", "default", "shop", { metadata: { annotations: { "other-pipeline": "was-here" } } });
    });
    const before = ledger();
    const promoted = await run({ mode: "promote", version: "v3" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      /::error::Promote of green failed: Service default\/shop was changed by someone else since it was read \(409 Conflict: Operation cannot be fulfilled on services "shop": the object has been modified; please apply your changes to the latest version and try again\); nothing was changed/,
    );
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
    expect(ledger()).toEqual(before);
    expect(service().metadata.annotations["other-pipeline"]).toBe("was-here");
  });

  it("fails a prepare whose rollout never becomes ready, with the pods' reason", async () => {
    const prepared = await run({ mode: "prepare", version: "broken", timeout: "3" });
    expect(prepared.code).toBe(1);
    expect(prepared.stdout).toMatch(
      /::error::green becoming ready did not happen within 3\.\d s; last seen: shop-green: rollout in progress: .*ImagePullBackOff \(Back-off pulling image "registry.test\/shop:broken"\)/,
    );
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
    // The old pods keep running (a rolling update never removes them before the new ones are ready).
    expect(world.cluster.get("deployments", "default", "shop-green").status.availableReplicas).toBe(2);
    // The ledger no longer vouches for green's version, so promote refuses it.
    expect(ledger().versions.green).toBeUndefined();
    const promoted = await run({ mode: "promote", version: "v3" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toContain("Version v3 is not prepared on either color");
    expect(service().spec.selector).toEqual({ app: "shop", environment: "blue" });
  });

  it("scales the old color down after a promote, and prepare restores it", async () => {
    const prepared = await run({ mode: "prepare", version: "v4" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const promoted = await run({ mode: "promote", version: "v4", "scale-down-replicas": "1", "scale-down-delay": "0" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs.plan).toContain("scaled deployment default/shop-blue from 2 to 1 replicas (kept for rollback)");
    const blue = world.cluster.get("deployments", "default", "shop-blue");
    expect(blue.spec.replicas).toBe(1);
    expect(blue.metadata.annotations["bluegreen.io/scaled-down-from"]).toBe("2");
    const next = await run({ mode: "prepare", version: "v5" });
    expect(next.code, next.stdout).toBe(0);
    const restored = world.cluster.get("deployments", "default", "shop-blue");
    expect(restored.spec.replicas).toBe(2);
    expect(restored.metadata.annotations?.["bluegreen.io/scaled-down-from"]).toBeUndefined();
    expect(restored.status.availableReplicas).toBe(2);
  });

  it("refuses to switch to a color whose image was changed by hand since prepare", async () => {
    const setImage = (tag: string) =>
      world.cluster.edit("deployments", "default", "shop-blue", {
        spec: {
          template: {
            spec: { containers: [{ name: "web", image: `registry.test/shop:${tag}`, ports: [{ containerPort: 8080, name: "http" }] }] },
          },
        },
      });
    expect(ledger()).toMatchObject({ live: "green", pending: "blue", versions: { blue: "v5" } });
    setImage("hotfix");
    await world.cluster.settle();
    try {
      const promoted = await run({ mode: "promote", version: "v5" });
      expect(promoted.code).toBe(1);
      expect(promoted.stdout).toContain(
        "Refusing to switch to blue: deployment default/shop-blue runs registry.test/shop:hotfix, not v5 as bluegreen recorded; nothing was changed.",
      );
      expect(service().spec.selector.environment).toBe("green");
    } finally {
      setImage("v5");
      await world.cluster.settle();
    }
  });

  it("explains 403 and 404 and names the input to blame", async () => {
    // service defaults to app: a typo in app is blamed on app (issue 11 case 7), an explicit service on service.
    const missing = await run({ mode: "promote", app: "nothere" });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(
      '::error::Input "app": Service default/nothere was not found (404: services "nothere" not found); check the inputs app and namespace (service defaults to app).',
    );
    expect(missing.stdout).not.toContain('Input "service"');
    const explicit = await run({ mode: "promote", service: "shop-prod" });
    expect(explicit.stdout).toContain(
      '::error::Input "service": Service default/shop-prod was not found (404: services "shop-prod" not found); check the inputs service and namespace.',
    );
    const namespace = await run({ mode: "promote", namespace: "elsewhere" });
    expect(namespace.stdout).toContain('::error::Input "app": Service elsewhere/shop was not found');
    world.cluster.forbid({ verb: "patch", resource: "services", name: "shop" });
    try {
      const live = service().spec.selector.environment;
      // v5 is prepared on the idle color: promote is the switch here (a rollback would refuse, since
      // the prepare replaced the release it would return to).
      const promoted = await run({ mode: "promote" });
      expect(promoted.code).toBe(1);
      expect(promoted.stdout).toContain(
        `the credentials may not patch Service default/shop (403 Forbidden: services "shop" is forbidden: User "system:serviceaccount:ci:deployer" cannot patch resource "services" in API group "" in the namespace "default")`,
      );
      expect(service().spec.selector.environment).toBe(live);
    } finally {
      world.cluster.allowAll();
    }
    const badLabel = await run({ mode: "promote", "color-label": "tier" });
    expect(badLabel.stdout).toContain('::error::Input "color-label": service default/shop has the selector "app=shop,environment=');
  });

  it("refuses a service input that names a color's own Service, before any request (issue 11 case 14)", async () => {
    const requests = world.cluster.requests.length;
    const before = structuredClone(world.cluster.get("services", "default", "shop-green"));
    const refused = await run({ mode: "rollback", service: "shop-green" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '::error::Input "service": "shop-green" is the green color\'s own Service; allowed: the production Service, whose selector bluegreen switches between colors (default "shop"), never shop-blue or shop-green.',
    );
    expect(world.cluster.requests.length).toBe(requests);
    expect(world.cluster.get("services", "default", "shop-green")).toEqual(before);
  });

  it("fails at once, with the API server's reason, when the service proxy answers a 404 Status (issue 11 case 6)", async () => {
    const idle = service().spec.selector.environment === "blue" ? "green" : "blue";
    const name = `shop-${idle}`;
    const selector = world.cluster.get("services", "default", name).spec.selector;
    // A Service without a selector has no Endpoints object: the proxy answers 404, and no wait heals that.
    world.cluster.edit("services", "default", name, { spec: { selector: null } });
    try {
      const tested = await run({ mode: "test", timeout: "20" });
      expect(tested.code).toBe(1);
      expect(tested.stdout).toContain(
        `::error::Input "app": the API server's service proxy for service default/${name} port http answered 404 (endpoints "${name}" not found), which waiting will not change; allowed: an app whose Service <app>-<color> exists with a selector and that port, or set test-url.`,
      );
      // Nowhere near the 20 s timeout: nothing waited for what cannot heal.
      expect(tested.ms).toBeLessThan(8_000);
    } finally {
      world.cluster.edit("services", "default", name, { spec: { selector } });
    }
    await world.cluster.settle();
    // Forbidden services/proxy is as permanent.
    world.cluster.forbid({ verb: "get", resource: "services", name, proxy: true });
    try {
      const forbidden = await run({ mode: "test", timeout: "20" });
      expect(forbidden.code).toBe(1);
      expect(forbidden.stdout).toContain(
        `::error::Input "kubeconfig": the API server's service proxy for service default/${name} port http answered 403`,
      );
      expect(forbidden.ms).toBeLessThan(8_000);
    } finally {
      world.cluster.allowAll();
    }
  });

  it("never prints the kubeconfig token", async () => {
    expect(runs.length).toBeGreaterThan(10);
    for (const each of runs) {
      expect(published(each)).not.toContain(world.cluster.token);
      expect(published(each)).not.toContain(world.cluster.token.slice(7));
    }
    const base64 = await run({ mode: "promote", kubeconfig: Buffer.from(world.cluster.kubeconfig()).toString("base64") });
    expect(base64.code, base64.stdout).toBe(0);
    expect(published(base64)).not.toContain(world.cluster.token);
  });
});
