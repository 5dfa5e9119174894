import { describe, expect, it } from "vitest";
import { decodeLedger } from "../src/ledger.js";
import { useFakeCluster } from "./kubernetes/world.js";
import { runAction } from "./support/action.js";

/** scale-down-delay: the old color keeps its replicas for a while after the switch (fake cluster, real client). */
describe("k8s-service scale-down-delay", () => {
  const world = useFakeCluster("shop", "k8s-service");
  const deployment = (color: string) => world.cluster.get("deployments", "default", `shop-${color}`);
  const service = () => world.cluster.get("services", "default", "shop");
  const selectorIs = async (color: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (service().spec.selector.environment === color) return performance.now();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`selector never became ${color}`);
  };

  it("scales the old color down only after the delay", async () => {
    expect((await runAction({ ...world.inputs, mode: "prepare", version: "v2" })).code).toBe(0);
    const runs = runAction({ ...world.inputs, mode: "promote", version: "v2", "scale-down-replicas": "0", "scale-down-delay": "3" });
    const switched = await selectorIs("green");
    // During the delay, blue keeps every replica (a rollback would find it at full size).
    await new Promise((r) => setTimeout(r, 2_000));
    expect(deployment("blue").spec.replicas).toBe(2);
    const run = await runs;
    const done = performance.now();
    expect(run.code, run.stdout).toBe(0);
    expect(done - switched).toBeGreaterThan(3_000);
    expect(deployment("blue").spec.replicas).toBe(0);
    expect(run.stdout).toContain("Waiting 3 s (scale-down-delay 3 s) before scaling blue down.");
    expect(run.outputs.plan).toContain("scaled deployment default/shop-blue from 2 to 0 replicas (kept for rollback)");
  });

  it("a rollback during the delay finds the old color at full size, and the old color is then left alone", async () => {
    await world.cluster.settle();
    expect((await runAction({ ...world.inputs, mode: "prepare", version: "v3" })).code).toBe(0); // blue: v3, replicas restored
    await world.cluster.settle();
    expect(deployment("blue").spec.replicas).toBe(2);
    const runs = runAction({ ...world.inputs, mode: "promote", version: "v3", "scale-down-replicas": "0", "scale-down-delay": "5" });
    await selectorIs("blue");
    const rolledBack = await runAction({ ...world.inputs, mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    // Nothing to scale up: green was still at full size.
    expect(rolledBack.outputs.plan).not.toMatch(/replicas/);
    expect(service().spec.selector.environment).toBe("green");
    const promoted = await runs;
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.stdout).toMatch(/Production moved to green during scale-down-delay \(run local:[^)]+\); green was not scaled down\./);
    expect(promoted.outputs["active-color"]).toBe("green");
    expect(promoted.stdout).toContain("then moved to green by another run during scale-down-delay");
    expect(deployment("green").spec.replicas).toBe(2);
    expect(decodeLedger(service().metadata.annotations["bluegreen.io/ledger"]).live).toBe("green");
  });
});
