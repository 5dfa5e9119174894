import path from "node:path";
import { type FakeOvhApi, startFakeOvh } from "../ovh/fake-api.js";
import type { FakeZoneSetup } from "../ovh/fake-zone.js";
import { CREDENTIALS, KEY_INPUTS } from "../ovh/world.js";
import { type ActionRun, runAction } from "../support/action.js";
import { type App, freePort, startApp } from "../support/apps.js";

/**
 * The world of the ovh-dns tests: the fake OVH API (test/ovh/fake-api.ts) holding the zone
 * example.test, whose published records its DNS server answers on 127.0.0.1; blue's app on 127.0.0.2
 * and green's on 127.0.0.3 (one port). www is a CNAME to blue.example.test, preview one to green.
 */
export interface OvhDnsWorld {
  fake: FakeOvhApi;
  blue: App;
  green: App;
  inputs: Record<string, string>;
  env: Record<string, string>;
  runs: ActionRun[];
  run(inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun>;
  /** What the zone's DNS server serves (published) for a name and type, and what the API holds. */
  served(subDomain: string, type?: string): string[];
  configured(subDomain: string, type?: string): string[];
  close(): Promise<void>;
}

export const DEPLOY = `node ${path.join(import.meta.dirname, "../dns/deploy-app.mjs")}`;

export function zoneRecords(live: "blue" | "green" = "blue", ledger?: string): FakeZoneSetup["records"] {
  const other = live === "blue" ? "green" : "blue";
  return [
    { subDomain: "", fieldType: "NS", target: "dns200.anycast.me.", ttl: 0 },
    { subDomain: "blue", fieldType: "A", target: "127.0.0.2", ttl: 60 },
    { subDomain: "green", fieldType: "A", target: "127.0.0.3", ttl: 60 },
    { subDomain: "www", fieldType: "CNAME", target: `${live}.example.test.`, ttl: 60 },
    { subDomain: "preview", fieldType: "CNAME", target: `${other}.example.test.`, ttl: 60 },
    { subDomain: "mail", fieldType: "A", target: "192.0.2.25", ttl: 3600 },
    ...(ledger ? [{ subDomain: "_bluegreen.www", fieldType: "TXT", target: `"${ledger}"`, ttl: 60 }] : []),
  ];
}

export async function startOvhDnsWorld(records = zoneRecords(), versions = { blue: "v1", green: "v1" }): Promise<OvhDnsWorld> {
  const fake = await startFakeOvh({
    service: "unused-by-ovh-dns",
    ...CREDENTIALS,
    // The API's clock runs ahead: signatures pass only if the client learnt it from /auth/time.
    clockSkewSeconds: 90,
    frontends: [],
    farms: [],
    zone: { name: "example.test", records },
  });
  const zone = fake.zone;
  if (!zone) throw new Error("no zone");
  const port = await freePort();
  const blue = await startApp("blue", versions.blue, port, "127.0.0.2");
  const green = await startApp("green", versions.green, port, "127.0.0.3");
  const world: OvhDnsWorld = {
    fake,
    blue,
    green,
    inputs: {
      backend: "ovh-dns",
      "ovh-endpoint": fake.url,
      ...KEY_INPUTS,
      "dns-zone": "example.test",
      "dns-name": "www.example.test",
      "dns-preview-name": "preview.example.test",
      "dns-blue": "blue.example.test",
      "dns-green": "green.example.test",
      "dns-ttl": "60",
      "dns-verify-servers": zone.dnsAddress,
      "dns-health-port": String(port),
      "dns-health-passes": "2",
      timeout: "30",
    },
    env: { NODE_EXTRA_CA_CERTS: fake.caFile },
    runs: [],
    async run(inputs, env = {}) {
      const result = await runAction({ ...world.inputs, ...inputs }, { ...world.env, ...env });
      world.runs.push(result);
      return result;
    },
    served: (sub, type = "CNAME") => zone.find(sub, type, true).map((r) => r.target),
    configured: (sub, type = "CNAME") => zone.find(sub, type).map((r) => r.target),
    async close() {
      await fake.stop();
      await Promise.all([blue.close(), green.close()]);
    },
  };
  return world;
}
