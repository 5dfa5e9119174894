import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRETS, visibleText } from "../ovh/world.js";
import { DEPLOY, type OvhDnsWorld, startOvhDnsWorld } from "./world.js";

describe("ovh-dns through the bundled action, against the OVH API model and its zone's DNS server", () => {
  let world: OvhDnsWorld;
  beforeAll(async () => {
    world = await startOvhDnsWorld();
  }, 60_000);
  afterAll(async () => world?.close());

  it("walks prepare, test, promote, rollback and status; repeats change nothing; edits reach DNS only through a refresh", async () => {
    const zone = world.fake.zone;
    if (!zone) throw new Error("no zone");

    const dry = await world.run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY, "dry-run": "true" });
    expect(dry.code, dry.stdout).toBe(0);
    // The exact calls, then the refresh and what it publishes.
    expect(dry.summary).toMatch(/POST \/domain\/zone\/example\.test\/record \{"fieldType":"TXT","subDomain":"_bluegreen\.www"/);
    expect(dry.summary).toContain("POST /domain/zone/example.test/refresh: publishes every pending edit of the zone");
    expect(world.fake.writes.filter((w) => w.path.includes("/domain/zone/"))).toEqual([]);
    expect(world.green.version).toBe("v1");

    const prepared = await world.run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(world.green.version).toBe("v2");
    expect(world.blue.version).toBe("v1");
    expect(prepared.stdout).toMatch(/Every authoritative server serves the change: \d+ ms after the refresh/);
    expect(world.served("www")).toEqual(["blue.example.test."]);
    expect(world.served("preview")).toEqual(["green.example.test."]);
    expect(world.served("_bluegreen.www", "TXT").join("")).toMatch(/green=v2.*pending=green/);
    // The lock record was removed after the refresh: its removal waits for the next refresh.
    expect(world.configured("_bluegreen-lock.www", "TXT")).toEqual([]);
    const refreshesAfterPrepare = zone.refreshes;
    expect(refreshesAfterPrepare).toBe(1);

    const again = await world.run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe("false");

    const greenBefore = world.green.served;
    const blueBefore = world.blue.served;
    const tested = await world.run({
      mode: "test",
      "version-path": "/version",
      "test-requests": "30",
      "test-concurrency": "3",
      "max-p95-ms": "5000",
    });
    expect(tested.code, tested.stdout).toBe(0);
    expect(world.green.served - greenBefore).toBeGreaterThanOrEqual(31);
    expect(world.blue.served - blueBefore).toBe(0);
    expect(world.served("_bluegreen.www", "TXT").join("")).toMatch(/tested=green&testedVersion=v2/);

    const promoted = await world.run({ mode: "promote", version: "v2", "require-test": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(world.served("www")).toEqual(["green.example.test."]);
    expect(world.served("preview")).toEqual(["blue.example.test."]);
    // How long the zone's servers took to serve the refresh, as an output; a repeat that writes nothing has none.
    expect(promoted.outputs["propagation-ms"]).toMatch(/^\d+$/);
    expect(promoted.stdout).toMatch(/resolvers may keep answering www\.example\.test\. with blue for up to the old TTL \(60 s/);

    const promotedAgain = await world.run({ mode: "promote", version: "v2" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false", "propagation-ms": "" });

    const rolledBack = await world.run({ mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(world.served("www")).toEqual(["blue.example.test."]);

    const rolledBackAgain = await world.run({ mode: "rollback" });
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });

    const status = await world.run({ mode: "status" });
    expect(status.code, status.stdout).toBe(0);
    expect(status.outputs).toMatchObject({ "active-color": "blue" });
    expect(status.summary).toContain("| production | blue");
    // The unrelated record of the zone was never touched.
    expect(world.configured("mail", "A")).toEqual(["192.0.2.25"]);

    for (const run of world.runs) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
  }, 240_000);
});
