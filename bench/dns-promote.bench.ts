import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nsupdateScript } from "../src/backends/dns/nsupdate-script.js";
import { recordSet } from "../src/backends/dns/records.js";
import { parseTsigKey } from "../src/backends/dns/tsig-key.js";
import { planReplace, ZoneClient } from "../src/backends/dns/zone-client.js";
import { type App, freePort, startApp } from "../test/support/apps.js";
import { type BindWorld, startBind } from "../test/support/bind.js";
import { fmt, spread, table, timeAction } from "./measure.js";
import { report } from "./report.js";

const RUNS = Number(process.env.BENCH_CYCLES ?? 20);
const DEPLOY = `node ${new URL("../test/dns/deploy-app.mjs", import.meta.url).pathname}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * backend: dns end to end: a promote of the bundled action, process start to exit (the switch confirmed on
 * the primary and the secondary), against nsupdate sending the same signed update (the floor, which
 * confirms nothing).
 */
describe("dns backend: promote, process start to confirmed switch (real BIND)", () => {
  let world: BindWorld;
  let apps: App[] = [];
  let inputs: Record<string, string>;
  let env: Record<string, string>;

  beforeAll(async () => {
    world = await startBind({
      records: "blue 60 IN A 127.0.0.2\ngreen 60 IN A 127.0.0.3\nwww 1 IN CNAME blue\npreview 1 IN CNAME green\n",
    });
    const port = await freePort();
    apps = [await startApp("blue", "v1", port, "127.0.0.2"), await startApp("green", "v1", port, "127.0.0.3")];
    inputs = {
      backend: "dns",
      "dns-server": world.primary.address,
      "dns-zone": "example.test",
      "dns-name": "www.example.test",
      "dns-preview-name": "preview.example.test",
      "dns-blue": "blue.example.test",
      "dns-green": "green.example.test",
      "dns-ttl": "1",
      "dns-tsig-key-name": world.keys.updater.name,
      "dns-verify-servers": world.secondary.address,
      "dns-health-port": String(port),
      timeout: "30",
    };
    env = { DNS_TSIG_SECRET: world.keys.updater.secret };
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await world?.stop();
  });

  it("promote vs nsupdate", async () => {
    const promote: number[] = [];
    const nsupdate: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await sleep(1_100); // the old TTL (1 s) before prepare may redeploy the color production left
      const prepared = await timeAction({ ...inputs, mode: "prepare", version: `b${i}`, "deploy-command": DEPLOY }, undefined, env);
      expect(prepared.code, prepared.stdout).toBe(0);
      const promoted = await timeAction({ ...inputs, mode: "promote", version: `b${i}` }, undefined, env);
      expect(promoted.code, promoted.stdout).toBe(0);
      promote.push(promoted.totalMs);
      // The floor: nsupdate sending the same kind of conditional update (a CNAME flip of another name).
      const zone = new ZoneClient({
        server: world.primary,
        zone: world.zone,
        key: parseTsigKey({ keyName: world.keys.updater.name, algorithm: "hmac-sha256", secret: world.keys.updater.secret }),
      });
      const read = await zone.read([{ name: "floor.example.test", type: "CNAME" }]);
      const plan = planReplace(world.zone, read.sets, [
        recordSet("floor.example.test", "CNAME", 1, [i % 2 ? "blue.example.test" : "green.example.test"]),
      ]);
      const n = await world.nsupdate(nsupdateScript(plan, world.primary), world.keys.updater);
      expect(n.code, n.stderr).toBe(0);
      nsupdate.push(n.ms);
    }
    report(
      table(
        `backend dns: promote of the bundled action vs nsupdate (BIND 9.18 primary + secondary), ms, median (min–max), ${RUNS} runs`,
        ["measure", "ms"],
        [
          ["promote: process start to exit, switch confirmed on primary and secondary", fmt(spread(promote))],
          ["nsupdate -v: one signed conditional update, process start to exit (confirms nothing)", fmt(spread(nsupdate))],
        ],
      ),
    );
  });
});
