import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, runAction } from "../support/action.js";
import { type FakeCluster, startFakeCluster } from "./fake-api.js";

const SERVICE = "/api/v1/namespaces/default/services/shop";
const GREEN = "/apis/apps/v1/namespaces/default/deployments/shop-green";

/**
 * An API server that hangs, throttles or fails, through the bundled action: every request has its
 * own time limit (min(30 s, timeout)), reads are retried with backoff, writes only when safe.
 */
describe("k8s-service against a failing API server", () => {
  let cluster: FakeCluster;
  let common: Record<string, string>;
  const run = (inputs: Record<string, string>): Promise<ActionRun> => runAction({ ...common, ...inputs });
  const selector = () => cluster.get("services", "default", "shop").spec.selector.environment;
  const ledger = () => cluster.get("services", "default", "shop").metadata.annotations?.["bluegreen.io/ledger"];
  const attempts = (method: string, path: string, from: number) =>
    cluster.requests.slice(from).filter((r) => r.method === method && r.path === path);

  beforeAll(async () => {
    cluster = await startFakeCluster();
    cluster.addApp({
      app: "shop",
      images: { blue: "registry.test/shop:v1", green: "registry.test/shop:v0" },
      live: "blue",
      backend: "k8s-service",
    });
    await cluster.settle();
    common = { backend: "k8s-service", kubeconfig: cluster.kubeconfig(), app: "shop", image: "registry.test/shop", timeout: "20" };
  });
  afterEach(() => cluster.clearFaults());
  afterAll(async () => {
    await cluster?.close();
  });

  it("does not retry a write without resourceVersion: one 503 on the image patch fails prepare", async () => {
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: GREEN, answer: 503 });
    const prepared = await run({ mode: "prepare", version: "v2" });
    expect(prepared.code).toBe(1);
    expect(attempts("PATCH", GREEN, from).map((r) => r.status)).toEqual([503]);
    expect(prepared.stdout).toContain(
      "::error::The API server answered 503 to patch Deployment default/shop-green: the server is currently unable to handle the request.",
    );
    expect(cluster.get("deployments", "default", "shop-green").spec.template.spec.containers[0].image).toBe("registry.test/shop:v0");
  });

  it("retries reads on 503 and 429 (Retry-After) and a resourceVersion patch once on 503", async () => {
    expect((await run({ mode: "prepare", version: "v2" })).code).toBe(0);
    const from = cluster.requests.length;
    cluster.fault({ method: "GET", path: SERVICE, answer: 503, times: 2 });
    cluster.fault({ method: "GET", path: GREEN, answer: 429, retryAfter: 1 });
    cluster.fault({ method: "PATCH", path: SERVICE, answer: 503 });
    const promoted = await run({ mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(selector()).toBe("green");
    expect(
      attempts("GET", SERVICE, from)
        .map((r) => r.status)
        .slice(0, 3),
    ).toEqual([503, 503, 200]);
    expect(
      attempts("GET", GREEN, from)
        .map((r) => r.status)
        .slice(0, 2),
    ).toEqual([429, 200]);
    // The switch carried the resourceVersion read: the one retry could not apply it twice.
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([503, 200]);
  });

  it("gives up on a read after 4 attempts and says so", async () => {
    cluster.fault({ method: "GET", path: SERVICE, answer: 503, times: 4 });
    const failed = await run({ mode: "rollback" });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      "::error::The API server answered 503 to read Service default/shop (after 4 attempts): the server is currently unable to handle the request.",
    );
    expect(selector()).toBe("green");
  });

  it("reports a lost answer to the switch as ambiguous, never as someone else's change", async () => {
    expect(selector()).toBe("green");
    // The patch is applied, its answer lost (500); the retry finds the resourceVersion moved on (409).
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: 500, afterApply: true });
    const rolledBack = await run({ mode: "rollback" });
    expect(rolledBack.code).toBe(1);
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([500, 409]);
    expect(rolledBack.stdout).toContain(
      "::error::Rollback to blue failed: Could not tell whether patch Service default/shop was applied: the API server answered 500, and the retry (safe: it carries the resourceVersion read) was refused with 409 Conflict",
    );
    expect(rolledBack.stdout).not.toContain("changed by someone else since it was read");
    // It was applied: production is on blue, and the record says so.
    expect(selector()).toBe("blue");
  });

  it("fails within the per-request limit when the API server never answers a read, and changes nothing", async () => {
    const live = selector();
    const before = ledger();
    cluster.fault({ method: "GET", path: SERVICE, answer: "hang" });
    const failed = await run({ mode: "rollback", timeout: "2" });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::The API server at https:\/\/127\.0\.0\.1:\d+ did not answer within 2 s \(the per-request limit\) to read Service default\/shop \(GET \/api\/v1\/namespaces\/default\/services\/shop\); nothing was changed\./,
    );
    // The limit, plus the process's own start and stop; nowhere near a hang.
    expect(failed.ms).toBeGreaterThanOrEqual(2_000);
    expect(failed.ms).toBeLessThan(2_000 + 4_000);
    expect(selector()).toBe(live);
    expect(ledger()).toBe(before);
  });

  it("fails within the limit when the switch itself hangs, says it may have been applied, and routing is unchanged", async () => {
    const live = selector();
    const before = ledger();
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: "hang" });
    const promoted = await run({ mode: "promote", version: "v2", timeout: "2" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      /::error::Promote of green failed: The API server at https:\/\/127\.0\.0\.1:\d+ did not answer within 2 s \(the per-request limit\) to patch Service default\/shop \(PATCH \/api\/v1\/namespaces\/default\/services\/shop\); the change may or may not have been applied; check Service default\/shop before running the step again\. Production stays on blue\./,
    );
    expect(promoted.ms).toBeLessThan(2_000 + 4_000);
    // A timed-out write is not retried.
    expect(attempts("PATCH", SERVICE, from)).toHaveLength(1);
    expect(selector()).toBe(live);
    expect(ledger()).toBe(before);
  });

  it("sends the switch again, once, after a connection reset: its resourceVersion makes that safe", async () => {
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: "reset" });
    const promoted = await run({ mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([-1, 200]);
    expect(selector()).toBe("green");
  });
});
