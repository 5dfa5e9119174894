import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resource } from "./kubernetes/fake-api.js";
import { useFakeCluster } from "./kubernetes/world.js";
import { KEY_INPUTS, startWorld, type World } from "./ovh/world.js";
import type { ActionRun } from "./support/action.js";
import { runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * status: read-only on every backend. Each case: a prepare (so there is something to show), then a
 * status run; the router's state is compared byte for byte before and after, and the same facts
 * are expected from all four backends.
 */

/** prepare v2, promote it, prepare v3: green (v2) live, blue (v3) prepared on the preview entry. */
async function setUp(run: (inputs: Record<string, string>) => Promise<ActionRun>): Promise<void> {
  for (const inputs of [
    { mode: "prepare", version: "v2" },
    { mode: "promote", version: "v2" },
    { mode: "prepare", version: "v3" },
  ]) {
    const result = await run(inputs);
    expect(result.code, result.stdout).toBe(0);
  }
}

/** The facts every backend's status prints in the log, in the same words. */
function expectFacts(run: ActionRun) {
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^production\s+green \(v2\)$/m);
  expect(run.stdout).toMatch(/^preview\s+blue \(v3\)$/m);
  expect(run.stdout).toMatch(/^blue ready\s+yes: .+$/m);
  expect(run.stdout).toMatch(/^green ready\s+yes: .+$/m);
  expect(run.stdout).toMatch(/^last action\s+promote to green at \d{4}-\d\d-\d\dT[\d:.]+Z \(run local:[^)]+\)$/m);
  // Blue held the release before green, but the prepare of v3 replaced it: rollback's own decision is to refuse.
  expect(run.stdout).toMatch(
    /^rollback target\s+none: Refusing to roll back to blue: it no longer runs the release that was live before, a prepare replaced it with v3 \(not promoted\)\. Production stays on green\.$/m,
  );
  expect(run.stdout).toMatch(/^prepared\s+blue \(v3\), not promoted yet$/m);
  expect(run.stdout).toMatch(/^tested\s+no passed test recorded$/m);
  expect(run.stdout).toMatch(/^bake\s+no bake open$/m);
  expect(run.stdout).toMatch(/^warnings\s+none$/m);
  expect(run.outputs).toMatchObject({
    "active-color": "green",
    "previous-color": "blue",
    "target-color": "blue",
    version: "v2",
    changed: "false",
  });
  expect(run.summary).toMatch(/^## bluegreen status \(.+\) ✅ no change$/m);
  expect(run.summary).toContain("| production | green (v2) |");
  expect(run.summary).toMatch(/```mermaid\nflowchart LR\n {2}subgraph now\["now"\]/);
  expect(run.summary).toContain("now_production ==> now_green");
  expect(run.summary).toContain("now_preview -.-> now_blue");
}

describe("status on haproxy", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  it("shows the facts and changes nothing (show map, map file and server states identical)", async () => {
    await setUp((inputs) => runAction({ ...world.inputs, ...inputs }));
    const snapshot = async () =>
      [await world.haproxy.command(`show map ${world.haproxy.mapFile}`), readFileSync(world.haproxy.mapFile, "utf8")].join("\n---\n");
    const before = await snapshot();
    const run = await runAction({ ...world.inputs, mode: "status" });
    expectFacts(run);
    expect(await snapshot()).toBe(before);
  });

  it("shows drift when someone switched by hand", async () => {
    await world.haproxy.command(`set map ${world.haproxy.mapFile} active blue`);
    try {
      const fileBefore = readFileSync(world.haproxy.mapFile, "utf8");
      const run = await runAction({ ...world.inputs, mode: "status" });
      expect(run.code).toBe(0);
      // The hand switch also left the map file behind HAProxy's memory: status says so, and repairs nothing.
      expect(run.stdout).toContain("bluegreen.map disagrees with HAProxy's memory (active: file green, HAProxy blue)");
      expect(readFileSync(world.haproxy.mapFile, "utf8")).toBe(fileBefore);
      expect(run.stdout).toMatch(
        /^warnings\s+.*The router sends production to blue, but bluegreen last set green: someone switched by hand\. The preview entry goes to blue, the live color: there is no idle color to test\.$/m,
      );
      expect(run.summary).toContain("- ⚠️ The router sends production to blue");
    } finally {
      await world.haproxy.command(`set map ${world.haproxy.mapFile} active green`);
    }
  });
});

for (const backend of ["k8s-service", "openshift-route"] as const) {
  describe(`status on ${backend}`, () => {
    const world = useFakeCluster("shop", backend);
    it("shows the facts with read-only credentials and changes nothing (every object identical)", async () => {
      await setUp((inputs) => runAction({ ...world.inputs, ...inputs }));
      await world.cluster.settle();
      const resources: Resource[] = ["deployments", "pods", "services", "endpointslices", "routes"];
      const snapshot = () => JSON.stringify(resources.map((r) => world.cluster.list(r, "default")));
      const before = snapshot();
      const seen = world.cluster.requests.length;
      // No write permission at all: status must not need one.
      for (const resource of resources) world.cluster.forbid({ verb: "patch", resource });
      try {
        const run = await runAction({ backend, kubeconfig: world.cluster.kubeconfig(), app: "shop", mode: "status" });
        expectFacts(run);
      } finally {
        world.cluster.allowAll();
      }
      expect(snapshot()).toBe(before);
      const requests = world.cluster.requests.slice(seen);
      expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
      // The RBAC docs list exactly what status reads.
      const kinds = new Set(requests.map((r) => r.path.replace(/^\/apis?\/(?:[^/]+\/)?v1\/namespaces\/default\/([^/?]+).*$/, "$1")));
      expect([...kinds].sort()).toEqual(backend === "k8s-service" ? ["deployments", "services"] : ["deployments", "routes", "services"]);
    });
  });
}

describe("status on ipLoadbalancing", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });
  it("shows the facts and changes nothing (frontends, farms, servers and tasks identical)", async () => {
    await setUp((inputs) => world.run({ ...KEY_INPUTS, ...inputs }));
    const fake = world.fake;
    const snapshot = () =>
      JSON.stringify([
        [...fake.frontends.values()],
        [...fake.live.entries()],
        [...fake.farms.values()],
        [...fake.servers.entries()],
        [...fake.tasks.values()],
        fake.pendingChanges,
      ]);
    const before = snapshot();
    const writes = fake.writes.length;
    const run = await world.run({ ...KEY_INPUTS, mode: "status" });
    expectFacts(run);
    expect(snapshot()).toBe(before);
    expect(fake.writes.length).toBe(writes);
  });
});
