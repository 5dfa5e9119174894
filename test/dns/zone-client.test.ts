import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClockSkewError,
  TsigRejectedError,
  UpdateOutcomeUnknownError,
  UpdateRefusedError,
  ZoneChangedError,
} from "../../src/backends/dns/errors.js";
import { nsupdateScript } from "../../src/backends/dns/nsupdate-script.js";
import { waitUntilServed } from "../../src/backends/dns/propagation.js";
import { query, recordSetOf } from "../../src/backends/dns/query.js";
import { type RecordSet, recordSet, type WritableType } from "../../src/backends/dns/records.js";
import { parseTsigKey } from "../../src/backends/dns/tsig-key.js";
import { planReplace, type SetKey, ZoneClient, type ZoneClientOptions } from "../../src/backends/dns/zone-client.js";
import { InputError, RouterError } from "../../src/errors.js";
import { type BindKey, type BindServer, type BindWorld, startBind } from "../support/bind.js";
import { startRelay } from "./tcp-relay.js";

/** The zone client against a real primary and secondary BIND, every answer the issue lists. */

let world: BindWorld;
beforeAll(async () => {
  world = await startBind();
});
afterAll(async () => {
  await world?.stop();
});

const keyOf = (k: BindKey) => parseTsigKey({ keyName: k.name, algorithm: k.algorithm, secret: k.secret });
const client = (options: Partial<ZoneClientOptions> = {}, server: BindServer = world.primary) =>
  new ZoneClient({ server, zone: "example.test", key: keyOf(world.keys.updater), timeoutMs: 5_000, ...options });
const set = (name: string, type: WritableType, values: string[], ttl = 60): RecordSet =>
  recordSet(`${name}.example.test`, type, ttl, values);
const fqdn = (name: string) => `${name}.example.test`;

/** The test's own setup of a name, through nsupdate (not through the code under test). */
async function given(lines: string[]): Promise<void> {
  const run = await world.nsupdate(
    `server 127.0.0.1 ${world.primary.port}\nzone example.test.\n${lines.join("\n")}\nsend\n`,
    world.keys.updater,
  );
  expect(run.code, run.stderr).toBe(0);
}

/** Production name and its ledger beside it, as the backend will read them. */
const cnameKeys = (name: string): SetKey[] => [
  { name: fqdn(name), type: "CNAME" },
  { name: fqdn(`_bluegreen.${name}`), type: "TXT" },
];

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, got a result");
}

describe("a signed UPDATE with prerequisites (compare-and-set)", () => {
  it("switches a CNAME and writes the ledger in one update; replaying it with the stale read changes nothing", async () => {
    await given(["update add switch.example.test. 60 IN CNAME blue.example.test."]);
    const zone = client();
    const read = await zone.read(cnameKeys("switch"));
    expect(read.sets.map((s) => s.records.map((r) => r.value))).toEqual([["blue.example.test."], []]);
    const desired = [set("switch", "CNAME", ["green.example.test"]), set("_bluegreen.switch", "TXT", ["live=green version=v2"])];
    const result = await zone.replace(read.sets, desired);
    expect(result.plan.prerequisites.map((p) => p.kind)).toEqual(["rrset-equals", "rrset-absent"]);
    expect(await world.dig(world.primary, fqdn("switch"), "CNAME")).toEqual(["green.example.test."]);
    expect(await world.dig(world.primary, fqdn("_bluegreen.switch"), "TXT")).toEqual(['"live=green version=v2"']);
    const serial = await world.serial(world.primary);
    expect(serial).toBe(read.serial + 1); // one update, one new version of the zone

    // The same update again, from the same (now stale) read: the prerequisites fail.
    const stale = await caught(
      zone.replace(read.sets, [set("switch", "CNAME", ["blue.example.test"]), set("_bluegreen.switch", "TXT", ["live=blue"])]),
    );
    expect(stale).toBeInstanceOf(ZoneChangedError);
    expect(stale.message).toMatch(
      /changed since they were read \(the update's prerequisite failed: (NXRRSET|YXRRSET)\); nothing was changed\./,
    );
    expect(await world.dig(world.primary, fqdn("switch"), "CNAME")).toEqual(["green.example.test."]);
    expect(await world.serial(world.primary)).toBe(serial);
  });

  it("answers YXRRSET when a set read as absent has appeared since", async () => {
    await given(["update add appear.example.test. 60 IN CNAME blue.example.test."]);
    const zone = client();
    const read = await zone.read(cnameKeys("appear"));
    await given(['update add _bluegreen.appear.example.test. 60 IN TXT "someone else"']);
    const error = await caught(zone.replace(read.sets, [set("appear", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(ZoneChangedError);
    expect(error.message).toContain("YXRRSET");
    expect(await world.dig(world.primary, fqdn("appear"), "CNAME")).toEqual(["blue.example.test."]);
  });

  it("of 5 concurrent updates from the same read, exactly one is applied; the others are told the zone changed", async () => {
    await given(["update add race.example.test. 60 IN CNAME blue.example.test."]);
    const reads = await Promise.all([0, 1, 2, 3, 4].map(() => client().read(cnameKeys("race"))));
    const outcomes = await Promise.allSettled(
      reads.map((read, i) =>
        client().replace(read.sets, [set("race", "CNAME", ["green.example.test"]), set("_bluegreen.race", "TXT", [`run=${i}`])]),
      ),
    );
    const winners = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(ZoneChangedError);
    expect(await world.dig(world.primary, fqdn("_bluegreen.race"), "TXT")).toEqual([`"run=${winners[0]}"`]);
    expect(await world.serial(world.primary)).toBe((reads[0]?.serial ?? 0) + 1);
  });

  it("replaces A and AAAA sets (lists of addresses) in one update: one new serial, both sets whole", async () => {
    await given(["update add addr.example.test. 60 IN CNAME blue.example.test."]);
    const zone = client();
    const keys: SetKey[] = [
      { name: fqdn("addr"), type: "CNAME" },
      { name: fqdn("addr"), type: "A" },
      { name: fqdn("addr"), type: "AAAA" },
    ];
    let read = await zone.read(keys);
    await zone.replace(read.sets, [
      set("addr", "CNAME", []),
      set("addr", "A", ["127.0.0.2", "127.0.0.4"]),
      set("addr", "AAAA", ["fd00::2"]),
    ]);
    expect((await world.dig(world.primary, fqdn("addr"), "A")).sort()).toEqual(["127.0.0.2", "127.0.0.4"]);
    expect(await world.dig(world.primary, fqdn("addr"), "AAAA")).toEqual(["fd00::2"]);
    expect(await world.dig(world.primary, fqdn("addr"), "CNAME")).toEqual([]);
    read = await zone.read(keys);
    const result = await zone.replace(read.sets, [
      set("addr", "CNAME", []),
      set("addr", "A", ["127.0.0.3"]),
      set("addr", "AAAA", ["fd00::3", "fd00::4"]),
    ]);
    expect(result.sets.map((s) => s.records.map((r) => r.value).sort())).toEqual([[], ["127.0.0.3"], ["fd00::3", "fd00::4"]]);
    expect(await world.dig(world.primary, fqdn("addr"), "A")).toEqual(["127.0.0.3"]);
    expect((await world.dig(world.primary, fqdn("addr"), "AAAA")).sort()).toEqual(["fd00::3", "fd00::4"]);
    expect(await world.serial(world.primary)).toBe(read.serial + 1);
  });

  it("reads back after NOERROR: a CNAME added beside other records is dropped by the server, and the client says so", async () => {
    await given(["update add beside.example.test. 60 IN A 127.0.0.2"]);
    const zone = client();
    const read = await zone.read([{ name: fqdn("beside"), type: "CNAME" }]);
    const error = await caught(zone.replace(read.sets, [set("beside", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(RouterError);
    expect(error.message).toMatch(
      /answered NOERROR to the update, but serves beside\.example\.test\. CNAME \(none\) instead of beside\.example\.test\. CNAME green\.example\.test\./,
    );
  });

  it("waits until the primary and the secondary serve the new sets (NOTIFY, then transfer) and reports the time", async () => {
    await given(["update add notify.example.test. 60 IN CNAME blue.example.test."]);
    const zone = client();
    const read = await zone.read(cnameKeys("notify"));
    const desired = [set("notify", "CNAME", ["green.example.test"]), set("_bluegreen.notify", "TXT", ["live=green"])];
    await zone.replace(read.sets, desired);
    const propagated = await waitUntilServed({
      client: zone,
      servers: [world.primary, world.secondary],
      sets: desired,
      serialBefore: read.serial,
      timeoutMs: 20_000,
    });
    expect(propagated.servers.map((s) => s.server)).toEqual([world.primary.address, world.secondary.address]);
    expect(propagated.ms).toBeGreaterThan(0);
    expect(propagated.ms).toBeLessThan(20_000);
    expect(await world.dig(world.secondary, fqdn("notify"), "CNAME")).toEqual(["green.example.test."]);
    expect(await world.serial(world.secondary)).toBeGreaterThan(read.serial);
  });

  it("says which server does not serve the sets, and what it serves, when the wait runs out", async () => {
    const zone = client();
    const read = await zone.read(cnameKeys("never"));
    const error = await caught(
      waitUntilServed({
        client: zone,
        servers: [world.secondary],
        sets: [set("never", "CNAME", ["green.example.test"])],
        serialBefore: read.serial,
        timeoutMs: 300,
      }),
    );
    expect(error.name).toBe("TimeoutError");
    expect(error.message).toMatch(
      new RegExp(`${world.secondary.address} serves serial \\d+ and never\\.example\\.test\\. CNAME \\(none\\)`),
    );
  });
});

describe("exact echo of what was read, and the dry-run script", () => {
  it("a TXT record written as several strings by someone else is echoed as read, so the prerequisite holds", async () => {
    await given(['update add _bluegreen.echo.example.test. 60 IN TXT "live=blue" "version=v1"']);
    const zone = client();
    const read = await zone.read([{ name: fqdn("_bluegreen.echo"), type: "TXT" }]);
    expect(read.sets[0]?.records.map((r) => r.rdata.toString("hex"))).toEqual([
      Buffer.concat([Buffer.from([9]), Buffer.from("live=blue"), Buffer.from([10]), Buffer.from("version=v1")]).toString("hex"),
    ]);
    await zone.replace(read.sets, [set("_bluegreen.echo", "TXT", ["live=green"])]);
    expect(await world.dig(world.primary, fqdn("_bluegreen.echo"), "TXT")).toEqual(['"live=green"']);
  });

  it("the plan rendered in nsupdate's syntax replays through nsupdate with the same prerequisites and effect", async () => {
    await given([
      "update add replay.example.test. 60 IN CNAME blue.example.test.",
      'update add _bluegreen.replay.example.test. 60 IN TXT "a" "b"',
    ]);
    const zone = client();
    const read = await zone.read(cnameKeys("replay"));
    const script = nsupdateScript(
      planReplace(world.zone, read.sets, [set("replay", "CNAME", ["green.example.test"]), set("_bluegreen.replay", "TXT", ["live=green"])]),
      world.primary,
    );
    expect(script).toContain('prereq yxrrset _bluegreen.replay.example.test. IN TXT "a" "b"');
    expect(script).not.toContain(world.keys.updater.secret);
    const first = await world.nsupdate(script, world.keys.updater);
    expect(first.code, first.stderr).toBe(0);
    expect(await world.dig(world.primary, fqdn("replay"), "CNAME")).toEqual(["green.example.test."]);
    const again = await world.nsupdate(script, world.keys.updater);
    expect(again.stderr).toMatch(/update failed: NXRRSET/);
  });
});

describe("errors, one sentence each, naming what to blame", () => {
  it("a wrong secret: BADSIG, blames the TSIG inputs, never shows the secret, changes nothing", async () => {
    await given(["update add badsig.example.test. 60 IN CNAME blue.example.test."]);
    const wrong = Buffer.alloc(32, 7).toString("base64");
    const zone = client({ key: parseTsigKey({ keyName: world.keys.updater.name, algorithm: "hmac-sha256", secret: wrong }) });
    const read = await zone.read(cnameKeys("badsig"));
    const error = await caught(zone.replace(read.sets, [set("badsig", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(TsigRejectedError);
    expect((error as TsigRejectedError).input).toBe("DNS_TSIG_SECRET");
    expect(error.message).toMatch(/TSIG BADSIG/);
    expect(error.message).toMatch(/Check DNS_TSIG_SECRET, dns-tsig-key-name and dns-tsig-algorithm\./);
    for (const secret of [wrong, world.keys.updater.secret]) {
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain(Buffer.from(secret, "base64").toString("hex"));
    }
    expect(await world.dig(world.primary, fqdn("badsig"), "CNAME")).toEqual(["blue.example.test."]);
  });

  it("an unknown key name: BADKEY, blames dns-tsig-key-name", async () => {
    const zone = client({ key: parseTsigKey({ keyName: "nobody-knows-me", algorithm: "hmac-sha256", secret: world.keys.updater.secret }) });
    const read = await zone.read(cnameKeys("badkey"));
    const error = await caught(zone.replace(read.sets, [set("badkey", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(TsigRejectedError);
    expect((error as TsigRejectedError).input).toBe("dns-tsig-key-name");
    expect(error.message).toMatch(/TSIG BADKEY/);
  });

  it("a clock an hour behind: BADTIME, reports the skew and its size", async () => {
    const zone = client({ clock: () => Math.floor(Date.now() / 1000) - 3600 });
    const read = await zone.read(cnameKeys("badtime"));
    const error = await caught(zone.replace(read.sets, [set("badtime", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(ClockSkewError);
    const skew = (error as ClockSkewError).skewSeconds ?? 0;
    expect(Math.abs(skew - 3600)).toBeLessThan(30);
    expect(error.message).toMatch(
      /TSIG BADTIME\): this runner's clock and the server's differ by 36\d\d s \(the server's clock is ahead\)/,
    );
    expect(await world.dig(world.primary, fqdn("badtime"), "CNAME")).toEqual([]);
  });

  it("a key the server knows but does not let update: REFUSED, the policy is named, the secret is not blamed", async () => {
    const zone = client({ key: keyOf(world.keys.readOnly) });
    const read = await zone.read(cnameKeys("refused"));
    const error = await caught(zone.replace(read.sets, [set("refused", "CNAME", ["green.example.test"])]));
    expect(error).toBeInstanceOf(UpdateRefusedError);
    expect(error.message).toMatch(
      /refused the update \(REFUSED\): its update policy does not let key bluegreen-read\. change refused\.example\.test\. CNAME/,
    );
    expect(error.message).not.toMatch(/Check DNS_TSIG_SECRET/);
  });

  it("a name outside the zone: NOTZONE from the server, and the same refusal before sending", async () => {
    const zone = client();
    const outside = recordSet("www.elsewhere.test", "CNAME", 60, ["green.example.test"]);
    const plan = { zone: "example.test.", prerequisites: [], updates: [{ kind: "add" as const, set: outside }] };
    const error = await caught(zone.sendPlan(plan, [], [outside]));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Input "dns-name": www\.elsewhere\.test\. CNAME: a name is outside zone example\.test\. \(NOTZONE\); nothing was changed\./,
    );
    const early = await caught(zone.replace([], [outside]));
    expect(early.message).toBe(
      'Input "dns-name": www.elsewhere.test. is outside zone example.test.; nothing was changed. Allowed: names in dns-zone.',
    );
  });

  it("a zone the server does not serve: NOTAUTH without a TSIG error blames dns-server or dns-zone", async () => {
    const zone = client({ zone: "elsewhere.test" });
    const target = recordSet("www.elsewhere.test", "CNAME", 60, ["green.example.test"]);
    const error = await caught(
      zone.sendPlan({ zone: "elsewhere.test.", prerequisites: [], updates: [{ kind: "add", set: target }] }, [], [target]),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Input "dns-server": 127\.0\.0\.1:\d+ answered NOTAUTH: it is not authoritative for zone elsewhere\.test\..*Check dns-server and dns-zone\.$/,
    );
    // Reading first (as the backend does) already says so, before any update is sent.
    const read = await caught(zone.read([{ name: "www.elsewhere.test", type: "CNAME" }]));
    expect(read.message).toMatch(
      /^Input "dns-server": 127\.0\.0\.1:\d+ refused to answer for .*elsewhere\.test\. \(REFUSED\): it does not serve zone elsewhere\.test\./,
    );
  });
});

describe("the server's answer is verified (RFC 8945 5.3)", () => {
  it("an answer altered on the way (NOERROR turned into NXRRSET) is rejected; the primary is read again and the truth told", async () => {
    await given(["update add tamper.example.test. 60 IN CNAME blue.example.test."]);
    const isUpdate = (m: Buffer) => ((m.readUInt16BE(2) >> 11) & 0xf) === 5;
    const relay = await startRelay(world.primary, (answer) => {
      if (isUpdate(answer)) answer.writeUInt16BE((answer.readUInt16BE(2) & 0xfff0) | 8, 2); // rcode NXRRSET
      return answer;
    });
    try {
      const zone = client({}, { host: relay.host, port: relay.port, address: `${relay.host}:${relay.port}` });
      const read = await zone.read(cnameKeys("tamper"));
      const error = await caught(zone.replace(read.sets, [set("tamper", "CNAME", ["green.example.test"])]));
      expect(error).toBeInstanceOf(UpdateOutcomeUnknownError);
      expect((error as UpdateOutcomeUnknownError).applied).toBe(true);
      expect(error.message).toMatch(/its answer \(NXRRSET\) cannot be trusted: its TSIG MAC does not match .*the update was applied\.$/);
      expect(await world.dig(world.primary, fqdn("tamper"), "CNAME")).toEqual(["green.example.test."]);
    } finally {
      await relay.close();
    }
  });

  it("SERVFAIL proves nothing either way: the primary is read again and what it serves is said", async () => {
    await given(["update add servfail.example.test. 60 IN CNAME blue.example.test."]);
    // Unsigned (no TSIG to break), so the relay can turn the server's REFUSED into SERVFAIL.
    const relay = await startRelay(world.primary, (answer) => {
      if (((answer.readUInt16BE(2) >> 11) & 0xf) === 5) answer.writeUInt16BE((answer.readUInt16BE(2) & 0xfff0) | 2, 2);
      return answer;
    });
    try {
      const zone = client({ key: undefined }, { host: relay.host, port: relay.port, address: `${relay.host}:${relay.port}` });
      const read = await zone.read(cnameKeys("servfail"));
      const error = await caught(zone.replace(read.sets, [set("servfail", "CNAME", ["green.example.test"])]));
      expect(error).toBeInstanceOf(UpdateOutcomeUnknownError);
      expect((error as UpdateOutcomeUnknownError).applied).toBe(false);
      expect(error.message).toMatch(
        /it answered SERVFAIL \(a failure inside the server\); read again, the primary serves servfail\.example\.test\. CNAME blue\.example\.test\.; .*: the update was not applied\.$/,
      );
    } finally {
      await relay.close();
    }
  });

  it("an update whose answer never comes: the timeout is said, and what the primary serves", async () => {
    await given(["update add silent.example.test. 60 IN CNAME blue.example.test."]);
    const relay = await startRelay(world.primary, (answer) => (((answer.readUInt16BE(2) >> 11) & 0xf) === 5 ? undefined : answer));
    try {
      const zone = client({ timeoutMs: 2_000 }, { host: relay.host, port: relay.port, address: `${relay.host}:${relay.port}` });
      const read = await zone.read(cnameKeys("silent"));
      const error = await caught(zone.replace(read.sets, [set("silent", "CNAME", ["green.example.test"])]));
      expect(error).toBeInstanceOf(UpdateOutcomeUnknownError);
      expect(error.message).toMatch(
        /did not answer within 2 s to the update of silent\.example\.test\. CNAME, .*; read again, the primary serves silent\.example\.test\. CNAME green\.example\.test\.; .*: the update was applied\.$/,
      );
    } finally {
      await relay.close();
    }
  });
});

describe("reads", () => {
  it("reads the zone from the secondary as from the primary (authoritative), and its NS set", async () => {
    const zone = client();
    const serial = await zone.serial(world.secondary);
    expect(serial).toBeGreaterThanOrEqual(1);
    expect(await zone.nameServers()).toEqual(["ns1.example.test."]);
    const www = await zone.readSet({ name: fqdn("www"), type: "CNAME" }, world.secondary);
    expect(www.records.map((r) => r.value)).toEqual(["blue.example.test."]);
  });

  it("query: a signed query gets a signed, verified, authoritative answer", async () => {
    const answer = await query(world.primary, fqdn("www"), "CNAME", { key: keyOf(world.keys.updater512) });
    expect(answer.rcode).toBe(0);
    expect(answer.authoritative).toBe(true);
    expect(recordSetOf(answer.answers, fqdn("www"), "CNAME").records.map((r) => r.value)).toEqual(["blue.example.test."]);
    const missing = await query(world.primary, fqdn("nothing-here"), "A");
    expect([missing.rcode, missing.answers.length]).toEqual([3, 0]); // NXDOMAIN
  });

  it("a name outside the zone is refused before anything is sent, naming the input", async () => {
    const zone = client({ inputOf: (name) => (name.startsWith("preview.") ? "dns-preview-name" : "dns-name") });
    const error = await caught(zone.read([{ name: "preview.elsewhere.test", type: "CNAME" }]));
    expect(error.message).toBe(
      'Input "dns-preview-name": preview.elsewhere.test. is outside zone example.test.; nothing was changed. Allowed: names in dns-zone.',
    );
  });

  it("a server that is not there: one sentence, nothing changed", async () => {
    const zone = client({}, { host: "127.0.0.1", port: 9, address: "127.0.0.1:9" });
    const error = await caught(zone.read(cnameKeys("www")));
    expect(error.message).toMatch(/^Could not read .* 127\.0\.0\.1:9 refused the connection \(nothing listens there\)\.$/);
  });
});
