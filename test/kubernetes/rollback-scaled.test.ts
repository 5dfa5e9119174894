import { describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
import { type ActionRun, runAction } from "../support/action.js";
import { useFakeCluster } from "./world.js";

/** Rollback to a color that promote scaled down (scale-down-replicas), through the bundled action. */
describe("k8s-service rollback to a scaled-down color", () => {
  const world = useFakeCluster("shop", "k8s-service");
  const run = (inputs: Record<string, string>): Promise<ActionRun> => runAction({ ...world.inputs, ...inputs });
  const service = () => world.cluster.get("services", "default", "shop");
  const deployment = (color: string) => world.cluster.get("deployments", "default", `shop-${color}`);
  const version = async () => (await (await fetch(`${world.production}/version`)).text()).trim();
  const writes = () => world.cluster.requests.filter((r) => r.method !== "GET");

  it("scales the old color back up and waits for it before switching; dry-run only plans it", async () => {
    expect((await run({ mode: "prepare", version: "v2" })).code).toBe(0);
    const promoted = await run({ mode: "promote", version: "v2", "scale-down-replicas": "0", "scale-down-delay": "0" });
    expect(promoted.code, promoted.stdout).toBe(0);
    await world.cluster.settle();
    expect(deployment("blue").spec.replicas).toBe(0);
    expect(deployment("blue").metadata.annotations["bluegreen.io/scaled-down-from"]).toBe("2");

    // Dry run: the plan shows the scale-up first, then the switch; nothing is written, and the
    // target's present 0 replicas do not make the dry run refuse.
    const before = writes().length;
    const dry = await runAction({
      backend: "k8s-service",
      mode: "rollback",
      kubeconfig: world.cluster.kubeconfig(),
      app: "shop",
      "dry-run": "true",
    });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.outputs.changed).toBe("false");
    const plan = dry.outputs.plan?.split("\n") ?? [];
    expect(plan[0]).toMatch(
      /^PATCH deployment default\/shop-blue replicas 2 \(was 0; scaled down by promote from 2\) and remove annotation bluegreen.io\/scaled-down-from \(resourceVersion \d+\)$/,
    );
    expect(plan[1]).toBe(
      "wait until deployment default/shop-blue is ready (timeout 300 s) before switching; otherwise refuse and change no routing",
    );
    expect(plan[2]).toMatch(/^PATCH service default\/shop selector environment=blue \(was green\)/);
    expect(writes().length).toBe(before);
    expect(deployment("blue").spec.replicas).toBe(0);

    // The real rollback: scale-up (with the resourceVersion read), ready, and only then the selector.
    const rolledBack = await runAction({ backend: "k8s-service", mode: "rollback", kubeconfig: world.cluster.kubeconfig(), app: "shop" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    const blue = deployment("blue");
    expect(blue.spec.replicas).toBe(2);
    expect(blue.metadata.annotations?.["bluegreen.io/scaled-down-from"]).toBeUndefined();
    expect(blue.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
    const newWrites = writes().slice(before);
    const scaleUp = newWrites.findIndex((r) => r.path === "/apis/apps/v1/namespaces/default/deployments/shop-blue");
    const selector = newWrites.findIndex((r) => r.path === "/api/v1/namespaces/default/services/shop");
    expect(scaleUp).toBeGreaterThanOrEqual(0);
    expect(selector).toBeGreaterThan(scaleUp);
    expect(newWrites[scaleUp]?.body).toMatchObject({
      metadata: { resourceVersion: expect.any(String), annotations: { "bluegreen.io/scaled-down-from": null } },
      spec: { replicas: 2 },
    });
    // Between the scale-up and the switch, the Deployment was read until ready.
    const between = world.cluster.requests.filter(
      (r) => r.method === "GET" && r.path === "/apis/apps/v1/namespaces/default/deployments/shop-blue",
    );
    expect(between.length).toBeGreaterThan(2);
    expect(rolledBack.outputs.plan).toContain("deployment default/shop-blue is ready again (shop-blue: 2/2 replicas available");
    expect(service().spec.selector.environment).toBe("blue");
    expect(await version()).toBe("v1");
  });

  it("refuses, with the pods' reason, when the scaled-up color cannot get ready, and changes no routing", async () => {
    // green (v2) live again, blue scaled down to 1 of 2; then blue's image breaks (by hand).
    expect((await run({ mode: "promote", version: "v2", "scale-down-replicas": "1", "scale-down-delay": "0" })).code).toBe(0);
    await world.cluster.settle();
    expect(deployment("blue").spec.replicas).toBe(1);
    expect(service().spec.selector.environment).toBe("green");
    world.cluster.edit("deployments", "default", "shop-blue", {
      spec: { template: { spec: { containers: [{ name: "web", image: "registry.test/shop:crash" }] } } },
    });
    const ledgerBefore = service().metadata.annotations["bluegreen.io/ledger"];
    const rolledBack = await runAction({
      backend: "k8s-service",
      mode: "rollback",
      kubeconfig: world.cluster.kubeconfig(),
      app: "shop",
      timeout: "2",
    });
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stdout).toMatch(
      /::error::Refusing to switch traffic to blue: deployment default\/shop-blue was scaled back up from 1 to 2 replicas, but deployment default\/shop-blue becoming ready did not happen within 2\.\d s; last seen: .*CrashLoopBackOff.* No routing was changed; deployment default\/shop-blue keeps 2 replicas\./,
    );
    expect(service().spec.selector.environment).toBe("green");
    expect(service().metadata.annotations["bluegreen.io/ledger"]).toBe(ledgerBefore);
    expect(decodeLedger(ledgerBefore).live).toBe("green");
    expect(await version()).toBe("v2");
  });
});
