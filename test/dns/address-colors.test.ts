import { describe, expect, it } from "vitest";
import { runAction } from "../support/action.js";
import { DEPLOY, useDnsWorld } from "./world.js";

// Production and preview as A records of the colors' addresses (two groups of machines, no CNAME).
const RECORDS = `www 1 IN A 127.0.0.2
preview 1 IN A 127.0.0.3
`;

describe("dns backend with address colors (A record sets), through the bundled action", () => {
  const world = useDnsWorld({ "dns-blue": "127.0.0.2", "dns-green": "127.0.0.3" }, RECORDS);
  const run = (inputs: Record<string, string>) => runAction({ ...world.inputs, ...inputs }, world.env);

  it("prepares, tests and promotes by replacing the A set in one update, on both servers", async () => {
    const prepared = await run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(world.green.version).toBe("v2");
    const tested = await run({ mode: "test", "version-path": "/version", "test-requests": "20" });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.summary).toContain("preview.example.test. resolved through the primary to 127.0.0.3");
    const promoted = await run({ mode: "promote", version: "v2", "require-test": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", changed: "true" });
    expect(await world.served("www.example.test", "A")).toEqual({ primary: ["127.0.0.3"], secondary: ["127.0.0.3"] });
    expect(await world.served("preview.example.test", "A")).toEqual({ primary: ["127.0.0.2"], secondary: ["127.0.0.2"] });
    expect(await world.served("www.example.test", "CNAME")).toEqual({ primary: [], secondary: [] });
  }, 120_000);

  it("accepts a long TTL only with dns-allow-long-ttl, and warns", async () => {
    const status = await run({ mode: "status", "dns-ttl": "3600", "dns-allow-long-ttl": "true" });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/::warning::.*dns-ttl is 3600 s \(accepted by dns-allow-long-ttl\)/);
  });
});
