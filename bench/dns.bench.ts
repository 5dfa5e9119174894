import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nsupdateScript } from "../src/backends/dns/nsupdate-script.js";
import { waitUntilServed } from "../src/backends/dns/propagation.js";
import { type RecordSet, recordSet } from "../src/backends/dns/records.js";
import { parseTsigKey } from "../src/backends/dns/tsig-key.js";
import { planReplace, type SetKey, ZoneClient } from "../src/backends/dns/zone-client.js";
import { type BindWorld, startBind } from "../test/support/bind.js";
import { fmt, spread, table } from "./measure.js";
import { report } from "./report.js";

const RUNS = Number(process.env.BENCH_CYCLES ?? 20);

/**
 * The DNS layer against real BIND (primary + secondary, NOTIFY with no delay): one signed UPDATE with
 * prerequisites from our zone client, against nsupdate sending the same signed update (the floor), and
 * the time until the secondary serves it.
 */
describe("DNS (RFC 2136 + TSIG, real BIND)", () => {
  let world: BindWorld;
  let zone: ZoneClient;
  const keys: SetKey[] = [
    { name: "bench.example.test", type: "CNAME" },
    { name: "_bluegreen.bench.example.test", type: "TXT" },
  ];
  const desired = (i: number): RecordSet[] => {
    const color = i % 2 === 0 ? "green" : "blue";
    return [
      recordSet("bench.example.test", "CNAME", 60, [`${color}.example.test`]),
      recordSet("_bluegreen.bench.example.test", "TXT", 60, [`live=${color} run=${i}`]),
    ];
  };

  beforeAll(async () => {
    world = await startBind({ records: "blue 60 IN A 127.0.0.2\ngreen 60 IN A 127.0.0.3\nbench 60 IN CNAME blue\n" });
    const key = world.keys.updater;
    zone = new ZoneClient({
      server: world.primary,
      zone: world.zone,
      key: parseTsigKey({ keyName: key.name, algorithm: key.algorithm, secret: key.secret }),
    });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it("UPDATE: our client vs nsupdate, and the time until the secondary serves it", async () => {
    const exchange: number[] = [];
    const readUpdateReadBack: number[] = [];
    const nsupdate: number[] = [];
    const toSecondaryOurs: number[] = [];
    const toSecondaryNsupdate: number[] = [];
    const updateToEveryServer: number[] = [];
    let run = 0;
    for (let i = 0; i < RUNS; i++) {
      // Our client: read (SOA + sets), one UPDATE, read back; then wait for the secondary.
      const t0 = performance.now();
      const read = await zone.read(keys);
      const result = await zone.replace(read.sets, desired(run));
      readUpdateReadBack.push(performance.now() - t0);
      exchange.push(result.updateMs);
      const ours = await waitUntilServed({
        client: zone,
        servers: [world.primary, world.secondary],
        sets: desired(run),
        serialBefore: read.serial,
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      toSecondaryOurs.push(ours.servers[1]?.ms ?? Number.NaN);
      updateToEveryServer.push(result.updateMs + ours.ms);
      run++;

      // nsupdate: the same plan rendered as its script, signed with the same key, over TCP (-v).
      const before = await zone.read(keys);
      const script = nsupdateScript(planReplace(world.zone, before.sets, desired(run)), world.primary);
      const n = await world.nsupdate(script, world.keys.updater);
      expect(n.code, n.stderr).toBe(0);
      nsupdate.push(n.ms);
      const theirs = await waitUntilServed({
        client: zone,
        servers: [world.secondary],
        sets: desired(run),
        serialBefore: before.serial,
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      toSecondaryNsupdate.push(theirs.ms);
      run++;
    }
    expect(await world.dig(world.secondary, "bench.example.test", "CNAME")).toEqual([desired(run - 1)[0]?.records[0]?.value]);
    report(
      table(
        `DNS backend layer against BIND 9.18 (primary + secondary on 127.0.0.1, TSIG hmac-sha256), ms, median (min–max), ${RUNS} runs each`,
        ["measure", "ms"],
        [
          ["our client: UPDATE sent to answer verified (one TCP exchange)", fmt(spread(exchange), 1)],
          ["our client: read SOA + 2 sets, UPDATE, read back", fmt(spread(readUpdateReadBack), 1)],
          ["nsupdate -v, same signed update (process start to exit, the floor)", fmt(spread(nsupdate), 1)],
          ["secondary serves our update (NOTIFY + IXFR), from its answer, 5 ms polls", fmt(spread(toSecondaryOurs), 1)],
          ["our UPDATE sent until primary and secondary both serve it", fmt(spread(updateToEveryServer), 1)],
          ["secondary serves nsupdate's update, from its exit, 5 ms polls", fmt(spread(toSecondaryNsupdate), 1)],
        ],
      ),
    );
  });
});
