import { describe, expect, it } from "vitest";
import { SECRETS, visibleText } from "../ovh/world.js";
import { startOvhDnsWorld, zoneRecords } from "./world.js";

/**
 * The OVH API has no compare-and-set: exactly-once switching rests on the lease (ovh/lease.ts) kept
 * in a TXT record of the zone. N promotes start together (the model holds their first zone read until
 * all have asked, so they all read the same state); production's published CNAME changes once.
 */
describe("ovh-dns races: promotes started together switch exactly once", () => {
  for (const racers of [2, 3]) {
    it(`${racers} promotes`, async () => {
      const world = await startOvhDnsWorld(zoneRecords("blue", "blue=v1&green=v2&pending=green"), { blue: "v1", green: "v2" });
      try {
        const zone = world.fake.zone;
        if (!zone) throw new Error("no zone");
        world.fake.gate = { method: "GET", route: "/domain/zone/example.test", count: racers, waiting: [] };
        const runs = await Promise.all(Array.from({ length: racers }, () => world.run({ mode: "promote", version: "v2" })));
        const switched = runs.filter((r) => r.code === 0 && r.outputs.changed === "true");
        const lines = runs.map(
          (r) =>
            `exit ${r.code} changed=${r.outputs.changed}: ${r.stdout
              .split("\n")
              .filter((l) => /::error::|nothing changed|changed nothing/.test(l))
              .join(" / ")}`,
        );
        expect(switched.length, lines.join("\n")).toBe(1);
        // The others changed nothing: a conflict (exit 1, "changed nothing"), or a repeat that found it done.
        for (const r of runs.filter((r) => !switched.includes(r))) {
          expect(r.outputs.changed ?? "false", lines.join("\n")).toBe("false");
          if (r.code !== 0) expect(r.stdout).toMatch(/this run changed nothing|nothing was changed/);
        }
        // Production's published CNAME changed once: blue, then green.
        expect(zone.servedChanges("www", "CNAME")).toEqual(["blue.example.test.", "green.example.test."]);
        expect(world.served("www")).toEqual(["green.example.test."]);
        expect(world.configured("_bluegreen-lock.www", "TXT")).toEqual([]);
        for (const run of runs) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
      } finally {
        await world.close();
      }
    }, 180_000);
  }
});
