import { describe, expect, it } from "vitest";
import { absoluteName, encodeName, isInZone, nameProblem } from "../../src/backends/dns/names.js";
import { nsupdateScript } from "../../src/backends/dns/nsupdate-script.js";
import { canonicalIpv6, encodeRdata, record, recordSet, sameRecords } from "../../src/backends/dns/records.js";
import { compareSerials, serialAtLeast, serialNewer } from "../../src/backends/dns/serial.js";
import { encodeUpdate, type UpdatePlan } from "../../src/backends/dns/update-message.js";
import { planReplace } from "../../src/backends/dns/zone-client.js";

/** Hex of ASCII text, so the expected bytes below read like the RFC's layout. */
const ascii = (text: string) => Buffer.from(text, "ascii").toString("hex");
/** A name as length-prefixed labels, written out by hand: 03 www 07 example 04 test 00. */
const WWW = `03${ascii("www")}07${ascii("example")}04${ascii("test")}00`;
const ZONE = `07${ascii("example")}04${ascii("test")}00`;

describe("UPDATE message (RFC 2136 layout, known answer)", () => {
  it("writes header, zone, prerequisites and updates byte for byte", () => {
    const plan: UpdatePlan = {
      zone: "example.test",
      prerequisites: [
        { kind: "rrset-equals", set: recordSet("www.example.test", "CNAME", 60, ["blue.example.test"]) },
        { kind: "rrset-absent", name: "_bluegreen.www.example.test.", type: "TXT" },
      ],
      updates: [
        { kind: "delete-rrset", name: "www.example.test.", type: "CNAME" },
        { kind: "add", set: recordSet("www.example.test", "CNAME", 60, ["green.example.test."]) },
      ],
    };
    const expected = [
      // Header (2.2): ID 0x1234; QR 0, Opcode 5 (UPDATE) -> 0x2800; ZOCOUNT 1, PRCOUNT 2, UPCOUNT 2, ADCOUNT 0.
      "1234 2800 0001 0002 0002 0000",
      // Zone section (2.3): ZNAME example.test., ZTYPE SOA (6), ZCLASS IN (1).
      `${ZONE} 0006 0001`,
      // 2.4.2 RRset exists (value dependent): www CNAME, class IN, TTL 0, RDLENGTH 19, blue.example.test.
      `${WWW} 0005 0001 00000000 0013 04${ascii("blue")}${ZONE}`,
      // 2.4.3 RRset does not exist: _bluegreen.www TXT (16), class NONE (254), TTL 0, RDLENGTH 0.
      `0a${ascii("_bluegreen")}${WWW} 0010 00fe 00000000 0000`,
      // 2.5.2 Delete an RRset: www CNAME, class ANY (255), TTL 0, RDLENGTH 0.
      `${WWW} 0005 00ff 00000000 0000`,
      // 2.5.1 Add to an RRset: www CNAME, class IN, TTL 60, RDLENGTH 20, green.example.test.
      `${WWW} 0005 0001 0000003c 0014 05${ascii("green")}${ZONE}`,
    ]
      .join("")
      .replaceAll(" ", "");
    expect(encodeUpdate(plan, 0x1234).toString("hex")).toBe(expected);
  });

  it("writes the other prerequisites and deletes with the classes and types of RFC 2136 2.4 and 2.5", () => {
    const plan: UpdatePlan = {
      zone: "example.test.",
      prerequisites: [
        { kind: "rrset-exists", name: "www.example.test", type: "A" },
        { kind: "name-in-use", name: "www.example.test" },
        { kind: "name-not-in-use", name: "www.example.test" },
      ],
      updates: [
        { kind: "delete-record", name: "www.example.test", type: "A", record: record("A", "192.0.2.1") },
        { kind: "delete-name", name: "www.example.test" },
      ],
    };
    const body = encodeUpdate(plan, 1)
      .subarray(12 + ZONE.length / 2 + 4)
      .toString("hex");
    expect(body).toBe(
      [
        `${WWW} 0001 00ff 00000000 0000`, // 2.4.1 RRset exists (value independent): class ANY, type A
        `${WWW} 00ff 00ff 00000000 0000`, // 2.4.4 Name is in use: type ANY, class ANY
        `${WWW} 00ff 00fe 00000000 0000`, // 2.4.5 Name is not in use: type ANY, class NONE
        `${WWW} 0001 00fe 00000000 0004 c0000201`, // 2.5.4 Delete an RR from an RRset: class NONE, TTL 0, the RR's data
        `${WWW} 00ff 00ff 00000000 0000`, // 2.5.3 Delete all RRsets from a name: type ANY, class ANY
      ]
        .join("")
        .replaceAll(" ", ""),
    );
  });

  it("refuses a value-dependent prerequisite without records (that would be 'does not exist', a different test)", () => {
    expect(() =>
      encodeUpdate(
        { zone: "example.test", prerequisites: [{ kind: "rrset-equals", set: recordSet("www.example.test", "A", 60, []) }], updates: [] },
        1,
      ),
    ).toThrow(/rrset-absent/);
  });
});

describe("record data", () => {
  it("encodes A, AAAA, CNAME and TXT (strings of at most 255 bytes)", () => {
    expect(encodeRdata("A", "127.0.0.2").toString("hex")).toBe("7f000002");
    expect(encodeRdata("AAAA", "2001:db8::1").toString("hex")).toBe("20010db8000000000000000000000001");
    expect(encodeRdata("AAAA", "::ffff:192.0.2.1").toString("hex")).toBe("00000000000000000000ffffc0000201");
    expect(encodeRdata("CNAME", "Blue.example.test").toString("hex")).toBe(`04${ascii("Blue")}${ZONE}`);
    expect(encodeRdata("TXT", "v=1").toString("hex")).toBe(`03${ascii("v=1")}`);
    const long = encodeRdata("TXT", "x".repeat(300));
    expect([long[0], long[256], long.length]).toEqual([255, 45, 302]);
    expect(() => encodeRdata("A", "2001:db8::1")).toThrow(/not an IPv4 address/);
    expect(() => encodeRdata("AAAA", "127.0.0.1")).toThrow(/not an IPv6 address/);
  });

  it("compares sets as a server does: order and duplicates ignored, names without regard to case", () => {
    const a = recordSet("www.example.test", "A", 60, ["127.0.0.2", "127.0.0.3", "127.0.0.2"]);
    expect(a.records).toHaveLength(2);
    expect(sameRecords(a, recordSet("WWW.example.test.", "A", 300, ["127.0.0.3", "127.0.0.2"]))).toBe(true);
    expect(sameRecords(a, recordSet("www.example.test", "A", 60, ["127.0.0.2"]))).toBe(false);
    expect(
      sameRecords(
        recordSet("w.example.test", "CNAME", 60, ["BLUE.example.test"]),
        recordSet("w.example.test", "CNAME", 60, ["blue.example.test."]),
      ),
    ).toBe(true);
    expect(canonicalIpv6("2001:0DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
  });
});

describe("names", () => {
  it("accepts host names and underscore labels, absolute or not, and says what is wrong with the rest", () => {
    expect(absoluteName("_bluegreen.www.example.test")).toBe("_bluegreen.www.example.test.");
    expect(encodeName("WWW.Example.test", true).toString("hex")).toBe(WWW);
    expect(nameProblem("www..example.test")).toMatch(/empty label/);
    expect(nameProblem(`${"a".repeat(64)}.example.test`)).toMatch(/label/);
    expect(nameProblem("-x.example.test")).toMatch(/not allowed/);
    expect(nameProblem(".")).toMatch(/root/);
    expect(isInZone("www.Example.test", "example.test.")).toBe(true);
    expect(isInZone("example.test", "example.test")).toBe(true);
    expect(isInZone("www.notexample.test", "example.test")).toBe(false);
  });
});

describe("SOA serial arithmetic (RFC 1982)", () => {
  it("orders serials across the wrap-around and leaves the half-circle undefined", () => {
    expect(compareSerials(1, 2)).toBe(-1);
    expect(compareSerials(2, 1)).toBe(1);
    expect(compareSerials(5, 5)).toBe(0);
    expect(compareSerials(0, 0xffffffff)).toBe(1); // 0 follows 4294967295
    expect(compareSerials(0xffffffff, 0)).toBe(-1);
    expect(compareSerials(0, 2 ** 31)).toBeUndefined();
    expect(compareSerials(2 ** 31 - 1, 0)).toBe(1);
    expect(serialAtLeast(3, 3)).toBe(true);
    expect(serialAtLeast(2, 3)).toBe(false);
    expect(serialNewer(3, 3)).toBe(false);
    expect(serialNewer(10, 0xfffffff0)).toBe(true);
  });
});

describe("planReplace and its nsupdate rendering (dry-run)", () => {
  const www = (values: string[]) => recordSet("www.example.test", "CNAME", 60, values);
  const ledger = (text?: string) => recordSet("_bluegreen.www.example.test", "TXT", 60, text === undefined ? [] : [text]);

  it("guards every set read, deletes before it adds, and skips a set that already is as asked", () => {
    const plan = planReplace(
      "example.test",
      [www(["blue.example.test"]), ledger()],
      [www(["green.example.test"]), ledger('live=green "v2"')],
    );
    expect(plan.prerequisites.map((p) => p.kind)).toEqual(["rrset-equals", "rrset-absent"]);
    expect(plan.updates.map((u) => u.kind)).toEqual(["delete-rrset", "add", "add"]);
    expect(nsupdateScript(plan, { host: "127.0.0.1", port: 5353 })).toBe(
      [
        "server 127.0.0.1 5353",
        "zone example.test.",
        "prereq yxrrset www.example.test. IN CNAME blue.example.test.",
        "prereq nxrrset _bluegreen.www.example.test. IN TXT",
        "update delete www.example.test. IN CNAME",
        "update add www.example.test. 60 IN CNAME green.example.test.",
        'update add _bluegreen.www.example.test. 60 IN TXT "live=green \\"v2\\""',
        "send",
        "",
      ].join("\n"),
    );
    const same = planReplace("example.test", [www(["blue.example.test"])], [www(["blue.example.test"])]);
    expect(same.updates).toEqual([]);
    expect(same.prerequisites).toHaveLength(1);
  });

  it("turns a CNAME into address sets: the CNAME deleted, A and AAAA added, in one plan", () => {
    const plan = planReplace(
      "example.test",
      [www(["blue.example.test"]), recordSet("www.example.test", "A", 60, []), recordSet("www.example.test", "AAAA", 60, [])],
      [www([]), recordSet("www.example.test", "A", 60, ["127.0.0.3"]), recordSet("www.example.test", "AAAA", 60, ["::1"])],
    );
    expect(plan.updates).toEqual([
      { kind: "delete-rrset", name: "www.example.test.", type: "CNAME" },
      expect.objectContaining({ kind: "add", set: expect.objectContaining({ type: "A" }) }),
      expect.objectContaining({ kind: "add", set: expect.objectContaining({ type: "AAAA" }) }),
    ]);
  });
});
