import { describe, expect, it } from "vitest";
import { decodeLease } from "../../src/backends/ovh/lease.js";
import { killTagged, TAG_VARIABLE } from "../ovh/kill.js";
import { SECRETS, visibleText } from "../ovh/world.js";
import { startOvhDnsWorld, zoneRecords } from "./world.js";

/**
 * kill -9 at every write a promote and a rollback make to the zone (each POST, PUT and DELETE, and the
 * refresh: when it arrives, so it never takes effect, and just before its answer, so it took effect but
 * the run never learns it); then the same mode again, as a pipeline retry would. The re-run must leave
 * the zone's server serving the target on production, the API holding exactly what is served on
 * bluegreen's names (nothing half-done left for someone else's refresh), and no lock record.
 */

type Mode = "promote" | "rollback";
const START: Record<Mode, () => ReturnType<typeof zoneRecords>> = {
  promote: () => zoneRecords("blue", "blue=v1&green=v2&pending=green"),
  rollback: () => zoneRecords("green", "live=green&previous=blue&blue=v1&green=v2&action=promote&at=2026-01-01T00%3A00%3A00.000Z"),
};
const TARGET: Record<Mode, "blue" | "green"> = { promote: "green", rollback: "blue" };
const inputs = (mode: Mode) => ({ mode, ...(mode === "promote" ? { version: "v2" } : {}) });
const isZoneWrite = (method: string, path: string) => method !== "GET" && path.includes("/domain/zone/");

async function zoneWritesOfOneRun(mode: Mode): Promise<number> {
  const world = await startOvhDnsWorld(START[mode](), { blue: "v1", green: "v2" });
  try {
    const run = await world.run(inputs(mode));
    expect(run.code, run.stdout).toBe(0);
    return world.fake.writes.filter((w) => isZoneWrite(w.method, w.path)).length;
  } finally {
    await world.close();
  }
}

async function killAndRerun(mode: Mode, n: number, at: "arrival" | "answer"): Promise<string> {
  const world = await startOvhDnsWorld(START[mode](), { blue: "v1", green: "v2" });
  const { fake } = world;
  const zone = fake.zone;
  if (!zone) throw new Error("no zone");
  const tag = `ovh-dns-${mode}-${at}-${n}-${process.pid}`;
  let seen = 0;
  let killedAt = "";
  const hook = (method: string, path: string) => {
    if (!isZoneWrite(method, path) || ++seen !== n) return;
    killedAt = `${method} ${path}`;
    killTagged(tag);
  };
  if (at === "arrival") fake.onRequest = hook;
  else fake.beforeAnswer = hook;
  const label = () => `${mode} killed at ${at} of zone write ${n} (${killedAt})`;
  try {
    const killed = await world.run(inputs(mode), { [TAG_VARIABLE]: tag });
    fake.onRequest = undefined;
    fake.beforeAnswer = undefined;
    expect(killed.code, label()).not.toBe(0);
    const again = await world.run(inputs(mode));
    const text = visibleText(again);
    expect(again.code, `${label()}\n${text}`).toBe(0);
    const target = TARGET[mode];
    const idle = target === "green" ? "blue" : "green";
    expect(again.outputs["active-color"], label()).toBe(target);
    expect(world.served("www"), label()).toEqual([`${target}.example.test.`]);
    expect(world.served("preview"), label()).toEqual([`${idle}.example.test.`]);
    for (const [sub, type] of [
      ["www", "CNAME"],
      ["preview", "CNAME"],
      ["_bluegreen.www", "TXT"],
    ] as const)
      expect(world.configured(sub, type), `${label()}: ${sub} ${type} left unpublished`).toEqual(world.served(sub, type));
    expect(world.served("_bluegreen.www", "TXT").join(""), label()).toMatch(new RegExp(`live=${target}&`));
    // Production's published record changed once: the target was never left and came back.
    expect(zone.servedChanges("www", "CNAME"), label()).toEqual([`${idle}.example.test.`, `${target}.example.test.`]);
    // No lock is held: none left, or only the killed run's (a re-run with nothing to do takes no lock),
    // whose process is gone or whose lease expired.
    for (const text of world.configured("_bluegreen-lock.www", "TXT")) {
      const lease = decodeLease(text.replace(/^"|"$/g, ""));
      if (lease && lease.until > fake.apiTime()) expect(alive(lease.pid ?? process.pid), label()).toBe(false);
    }
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    return `${label()}: re-run changed=${again.outputs.changed}`;
  } finally {
    await world.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("ovh-dns crash consistency: kill -9 at every zone write, then run the same mode again", () => {
  for (const mode of ["promote", "rollback"] as const) {
    it(`${mode}: the re-run finishes the switch, and the zone serves what it reports`, async () => {
      const writes = await zoneWritesOfOneRun(mode);
      // A lock record, production, preview and the ledger, the refresh, the lock's removal.
      expect(writes).toBeGreaterThanOrEqual(6);
      const points = Array.from({ length: writes }, (_, i) => i + 1).flatMap((n) => [
        { n, at: "arrival" as const },
        { n, at: "answer" as const },
      ]);
      const results: string[] = [];
      for (let i = 0; i < points.length; i += 2)
        results.push(...(await Promise.all(points.slice(i, i + 2).map((p) => killAndRerun(mode, p.n, p.at)))));
      console.log(results.join("\n"));
      expect(results.length).toBe(points.length);
      expect(results.some((line) => line.endsWith("changed=true"))).toBe(true);
    }, 900_000);
  }
});
