import { describe, expect, it } from "vitest";
import { query, recordSetOf } from "../../src/backends/dns/query.js";
import { runAction } from "../support/action.js";
import { DEPLOY, useDnsWorld } from "./world.js";

const RECORDS = `blue 60 IN A 127.0.0.2
green 60 IN A 127.0.0.3
www 1 IN CNAME blue
preview 1 IN CNAME green
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A client that resolves the production name through the primary before every request (no cache at all:
 * the harshest client) while bluegreen switches it back and forth. The UPDATE deletes and adds in one
 * atomic step, so no query may ever find the name without a record, and no request may fail.
 */
describe("dns backend: load resolving the production name before each request, during switches", () => {
  const world = useDnsWorld({}, RECORDS);

  it("fails 0 requests across 4 switches", async () => {
    const server = world.bind.primary;
    const stats = { requests: 0, failed: 0, byColor: { blue: 0, green: 0 } as Record<string, number>, failures: [] as string[] };
    let running = true;
    const client = async () => {
      // Bounded: at most 20,000 requests per client, whatever happens to the switches.
      for (let i = 0; running && i < 20_000; i++) {
        stats.requests++;
        try {
          const cname = recordSetOf((await query(server, "www.example.test", "CNAME")).answers, "www.example.test", "CNAME");
          const target = cname.records[0]?.value;
          if (!target) throw new Error("www.example.test has no CNAME");
          const a = recordSetOf((await query(server, target, "A")).answers, target, "A").records[0]?.value;
          if (!a) throw new Error(`${target} has no A record`);
          const response = await fetch(`http://${a}:${world.port}/`, { headers: { host: "www.example.test" } });
          const body = await response.text();
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const color = body.split(" ")[0] as string;
          stats.byColor[color] = (stats.byColor[color] ?? 0) + 1;
        } catch (error) {
          stats.failed++;
          if (stats.failures.length < 5) stats.failures.push((error as Error).message);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    let switches = 0;
    try {
      for (const [i, mode] of (["promote", "rollback", "promote", "rollback"] as const).entries()) {
        await sleep(1_200); // the old TTL of the last switch
        if (mode === "promote") {
          const prepared = await runAction({ ...world.inputs, mode: "prepare", version: `load-${i}`, "deploy-command": DEPLOY }, world.env);
          expect(prepared.code, prepared.stdout).toBe(0);
        }
        const switched = await runAction({ ...world.inputs, mode }, world.env);
        expect(switched.code, switched.stdout).toBe(0);
        expect(switched.outputs.changed).toBe("true");
        switches++;
      }
      await sleep(500);
    } finally {
      running = false;
      await Promise.all(clients);
    }
    console.log(`dns load: ${JSON.stringify({ switches, ...stats })}`);
    expect(switches).toBe(4);
    expect(stats.failed, stats.failures.join("; ")).toBe(0);
    expect(stats.byColor.blue).toBeGreaterThan(0);
    expect(stats.byColor.green).toBeGreaterThan(0);
  }, 180_000);
});
