import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeLedger } from "../../src/ledger.js";
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
  const warnings = (run: ActionRun) =>
    run.stdout
      .split("\n")
      .filter((line) => line.startsWith("::warning::"))
      .join("\n");
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
    // A 5xx may hide a write that was applied: the Deployment is read again and what it shows is said.
    expect(prepared.stdout).toContain(
      "::error::The API server answered 503 (the server is currently unable to handle the request), trying to patch Deployment default/shop-green; read again 1 s later, Deployment default/shop-green does not show the change, but the API server may still apply it: bluegreen cannot tell whether it will.",
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

  it("reads the Service again when the answer to the switch is lost, and reports the switch it shows", async () => {
    expect(selector()).toBe("green");
    // The patch is applied, its answer lost (500); the retry finds the resourceVersion moved on (409).
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: 500, afterApply: true });
    const rolledBack = await run({ mode: "rollback" });
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([500, 409]);
    // The Service shows this run's record and selector: the rollback happened, and says so.
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(warnings(rolledBack)).toContain(
      "::warning::The API server answered 500 and the retry (carrying the resourceVersion read) was refused with 409 Conflict, trying to patch Service default/shop; read again, Service default/shop shows the change applied.",
    );
    expect(rolledBack.stdout).not.toContain("changed by someone else since it was read");
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", changed: "true" });
    expect(selector()).toBe("blue");
    expect(decodeLedger(ledger())).toMatchObject({ live: "blue", lastAction: "rollback" });
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

  it("says it cannot tell, with what the Service shows, when both attempts of the switch hang", async () => {
    const live = selector();
    const before = ledger();
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: "hang", times: 2 });
    const promoted = await run({ mode: "promote", version: "v2", timeout: "2" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toContain(
      "::error::Promote of green failed: The API server did not answer within 2 s (the per-request limit), trying to patch Service default/shop; read again 1 s later, Service default/shop does not show the change, but the API server may still apply it: bluegreen cannot tell whether it will. Check Service default/shop before running the step again.",
    );
    // Two attempts of the limit, a settle between and a read after: bounded, nowhere near a hang.
    expect(promoted.ms).toBeLessThan(2 * 2_000 + 2 * 1_000 + 4_000);
    expect(attempts("PATCH", SERVICE, from)).toHaveLength(2);
    expect(selector()).toBe(live);
    expect(ledger()).toBe(before);
  });

  it("re-sends a switch whose answer never came, once, after a settle: it is applied exactly once", async () => {
    const from = cluster.requests.length;
    cluster.fault({ method: "PATCH", path: SERVICE, answer: "hang" });
    const promoted = await run({ mode: "promote", version: "v2", timeout: "2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([0, 200]);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect(selector()).toBe("green");
  });

  it("a switch the API server applies after the client gave up is read back and reported as done (case 13)", async () => {
    expect(selector()).toBe("green");
    const from = cluster.requests.length;
    // Applied 2.5 s after it arrived, with a 2 s per-request limit: the retry 1 s after the timeout meets 409.
    cluster.fault({ method: "PATCH", path: SERVICE, answer: "late", delayMs: 2_500 });
    const rolledBack = await run({ mode: "rollback", timeout: "2" });
    expect(attempts("PATCH", SERVICE, from).map((r) => r.status)).toEqual([200, 409]);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(warnings(rolledBack)).toContain(
      "::warning::The API server did not answer within 2 s and the retry (carrying the resourceVersion read) was refused with 409 Conflict, trying to patch Service default/shop; read again, Service default/shop shows the change applied.",
    );
    expect(rolledBack.stdout).not.toContain("may or may not");
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", changed: "true" });
    await cluster.settle();
    // What the step said is what production settled on.
    expect(selector()).toBe("blue");
    expect(decodeLedger(ledger())).toMatchObject({ live: "blue", lastAction: "rollback" });
  });

  it("blames a connection reset in the middle of a run on the connection, not on the kubeconfig (case 16)", async () => {
    const live = selector();
    const before = ledger();
    // The Service is read fine; every attempt to read a Deployment afterwards has its connection reset.
    cluster.fault({ method: "GET", path: GREEN, answer: "reset", times: 4 });
    const failed = await run({ mode: "rollback" });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::The connection to the API server at https:\/\/127\.0\.0\.1:\d+ broke \([^)]+\) while trying to read Deployment default\/shop-green \(GET \/apis\/apps\/v1\/namespaces\/default\/deployments\/shop-green\), after earlier requests of this step were answered; nothing was changed\./,
    );
    expect(failed.stdout).not.toContain('Input "kubeconfig"');
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
