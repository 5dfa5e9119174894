import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOY, type OvhDnsWorld, startOvhDnsWorld, zoneRecords } from "./world.js";

/**
 * A refresh publishes every pending edit of the zone. An edit of production that nobody published (a
 * hand edit, another tool's half-done change) is reported by status, refused by a step that would
 * publish it without meaning to (prepare), and made whole by a rollback (the split it is).
 */
describe("ovh-dns: an unpublished edit of production", () => {
  let world: OvhDnsWorld;
  beforeAll(async () => {
    world = await startOvhDnsWorld(
      zoneRecords("green", "live=green&previous=blue&blue=v1&green=v2&action=promote&at=2026-01-01T00%3A00%3A00.000Z"),
      { blue: "v1", green: "v2" },
    );
    const zone = world.fake.zone;
    const www = zone && [...zone.records.values()].find((r) => r.subDomain === "www" && r.fieldType === "CNAME");
    if (!www) throw new Error("no www");
    // Someone points production at blue through the API and never refreshes.
    www.target = "blue.example.test.";
  }, 60_000);
  afterAll(async () => world?.close());

  it("status reports it: production is what the servers serve, the edit waits for anyone's refresh", async () => {
    const status = await world.run({ mode: "status" });
    expect(status.code, status.stdout).toBe(0);
    expect(status.outputs["active-color"]).toBe("green");
    expect(status.stdout).toContain(
      "The OVH API holds edits of www.example.test. CNAME that the zone's servers do not serve yet (no refresh published them): the next refresh of the zone, by anyone, publishes them.",
    );
  });

  it("prepare refuses before any change: its refresh would publish the edit too", async () => {
    const before = world.fake.writes.length;
    const blueVersion = world.blue.version;
    const run = await world.run({ mode: "prepare", version: "v3", "deploy-command": DEPLOY });
    expect(run.code, run.stdout).toBe(1);
    expect(world.fake.writes.slice(before)).toEqual([]);
    expect(world.fake.zone?.refreshes).toBe(0);
    expect(world.served("www")).toEqual(["green.example.test."]);
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error::"));
    expect(errors).toEqual([
      "::error::The OVH API holds an unpublished edit of www.example.test. CNAME (maybe an interrupted promote or rollback, or a hand edit); the refresh this step needs would publish it too, so nothing was changed. Run promote or rollback to finish or undo that switch, then run this step again.",
    ]);
    // deploy-command never ran.
    expect(world.blue.version).toBe(blueVersion);
  });

  it("rollback makes it whole on what the servers serve, through one refresh", async () => {
    const run = await world.run({ mode: "rollback" });
    expect(run.code, run.stdout).toBe(0);
    expect(world.served("www")).toEqual(["blue.example.test."]);
    expect(world.configured("www")).toEqual(world.served("www"));
    expect(world.fake.zone?.refreshes).toBe(1);
  });
});
