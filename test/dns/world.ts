import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type App, freePort, startApp } from "../support/apps.js";
import { type BindWorld, startBind } from "../support/bind.js";

/**
 * The world of the dns backend's end-to-end tests: a primary and a secondary BIND (test/support/bind.ts),
 * blue's app on 127.0.0.2 and green's on 127.0.0.3 (one port, two addresses), and the inputs a pipeline
 * would give. blue.example.test and green.example.test are the colors' A records; www (production) is a
 * CNAME to blue, preview a CNAME to green.
 */
export interface DnsWorld {
  bind: BindWorld;
  blue: App;
  green: App;
  port: number;
  inputs: Record<string, string>;
  env: Record<string, string>;
  /** What the primary and the secondary serve for a name (dig +short). */
  served(name: string, type?: string): Promise<{ primary: string[]; secondary: string[] }>;
  /** The ledger TXT as the primary serves it. */
  ledger(): Promise<string>;
}

export const DEPLOY = `node ${path.join(import.meta.dirname, "deploy-app.mjs")}`;

export function useDnsWorld(overrides: Record<string, string> = {}, records?: string): DnsWorld {
  const world = {} as DnsWorld;
  beforeAll(async () => {
    world.bind = await startBind({ records });
    world.port = await freePort();
    world.blue = await startApp("blue", "v1", world.port, "127.0.0.2");
    world.green = await startApp("green", "v1", world.port, "127.0.0.3");
    world.inputs = {
      backend: "dns",
      "dns-server": world.bind.primary.address,
      "dns-zone": "example.test",
      "dns-name": "www.example.test",
      "dns-preview-name": "preview.example.test",
      "dns-blue": "blue.example.test",
      "dns-green": "green.example.test",
      "dns-ttl": "1",
      "dns-tsig-key-name": world.bind.keys.updater.name,
      "dns-verify-servers": world.bind.secondary.address,
      "dns-health-port": String(world.port),
      "dns-health-passes": "2",
      timeout: "20",
      ...overrides,
    };
    world.env = { DNS_TSIG_SECRET: world.bind.keys.updater.secret };
    world.served = async (name, type = "CNAME") => ({
      primary: await world.bind.dig(world.bind.primary, name, type),
      secondary: await world.bind.dig(world.bind.secondary, name, type),
    });
    world.ledger = async () => (await world.bind.dig(world.bind.primary, "_bluegreen.www.example.test", "TXT")).join(" ");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([world.blue?.close(), world.green?.close()]);
    await world.bind?.stop();
  });
  return world;
}
