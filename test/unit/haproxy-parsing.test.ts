import { describe, expect, it } from "vitest";
import { decodeLease, encodeLease } from "../../src/backends/haproxy/lease.js";
import { parseMapEntries, parseMapFile, parseMapList, parseShowMap, updateMapFile } from "../../src/backends/haproxy/map.js";
import { differences } from "../../src/backends/haproxy/map-file.js";
import { isServerReady, parseStat, requestsServed, serversOf } from "../../src/backends/haproxy/stat.js";

describe("HAProxy answers", () => {
  it("lists the map files of `show map` without an argument (HAProxy 2.6.12's answer)", () => {
    const answer = [
      "# id (file) description",
      "2 (/tmp/t/bluegreen.map) pattern loaded from file '/tmp/t/bluegreen.map' used by map at file '/tmp/t/h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=1",
      "3 (/tmp/t/other.map) pattern loaded from file '/tmp/t/other.map' used by map at file '/tmp/t/h.cfg' line 11. curr_ver=0 next_ver=0 entry_cnt=1",
      "",
    ].join("\n");
    expect(parseMapList(answer)).toEqual(["/tmp/t/bluegreen.map", "/tmp/t/other.map"]);
    expect(parseMapList("# id (file) description\n\n")).toEqual([]);
  });

  it("parses show map, keeping the first of repeated keys (the one HAProxy matches)", () => {
    const entries = parseShowMap("0x55d1 active blue\n0x55d2 preview green\n0x55d3 active green\n\n");
    expect([...entries]).toEqual([
      ["active", "blue"],
      ["preview", "green"],
    ]);
  });

  it("rewrites a map file keeping comments and other entries, appending new keys, dropping old revisions", () => {
    const text = "# routing\nactive   blue\nother x\nbluegreen.rev.abc 1\npreview green\n";
    const updates = new Map([
      ["active", "green"],
      ["preview", "blue"],
      ["bluegreen.rev.def", "2"],
    ]);
    expect(updateMapFile(text, updates, (key) => key.startsWith("bluegreen.rev."))).toBe(
      "# routing\nactive   green\nother x\npreview blue\nbluegreen.rev.def 2\n",
    );
  });

  it("reads server status from show stat by header name", () => {
    const csv = [
      "# pxname,svname,qcur,status,addr",
      "www,FRONTEND,,OPEN,",
      "green,g1,0,UP,127.0.0.1:8081",
      "green,g2,0,UP 1/3,127.0.0.1:8082",
      "green,g3,0,no check,127.0.0.1:8083",
      "green,BACKEND,0,UP,",
      "blue,b1,0,MAINT,127.0.0.1:8080",
    ].join("\n");
    const green = serversOf(parseStat(csv), "green");
    expect(green.map((s) => s.svname)).toEqual(["g1", "g2", "g3"]);
    expect(green.map(isServerReady)).toEqual([true, false, true]);
    expect(green[0]?.addr).toBe("127.0.0.1:8081");
    expect(serversOf(parseStat(csv), "blue").map(isServerReady)).toEqual([false]);
  });

  it("keeps duplicate map keys in HAProxy's order, with their references", () => {
    expect(parseMapEntries("0x1 bluegreen.lock owner=a&expires=1\n0x2 bluegreen.lock owner=b&expires=2\n")).toEqual([
      { ref: "0x1", key: "bluegreen.lock", value: "owner=a&expires=1" },
      { ref: "0x2", key: "bluegreen.lock", value: "owner=b&expires=2" },
    ]);
  });

  it("reads a map file as HAProxy loads it, and names the keys that disagree with memory", () => {
    const file = parseMapFile("# routing\n  active   blue  \npreview green\nactive green\n\n");
    expect([...file]).toEqual([
      ["active", "blue"],
      ["preview", "green"],
    ]);
    const memory = new Map([
      ["active", "green"],
      ["preview", "green"],
      ["bluegreen.ledger", "live=green"],
    ]);
    expect(differences(file, memory)).toEqual(["active: file blue, HAProxy green", "bluegreen.ledger: file (none), HAProxy live=green"]);
  });

  it("round-trips a lease, and reads a malformed one as expired", () => {
    const lease = { owner: "ab12", run: "github:acme/shop/42", host: "boot.4026531836", pid: 77, expires: 1_700_000_000_000 };
    expect(decodeLease(encodeLease(lease))).toEqual(lease);
    expect(decodeLease("garbage")).toMatchObject({ owner: "", expires: 0 });
  });

  it("counts a backend's routed requests from req_tot, or its responses by class", () => {
    const header = "# pxname,svname,stot,req_tot,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other\n";
    expect(requestsServed(parseStat(`${header}green,g1,5,,0,5,0,0,0,0\ngreen,BACKEND,9,7,0,6,0,0,1,0\n`), "green")).toBe(7);
    expect(requestsServed(parseStat(`${header}green,BACKEND,9,,0,6,0,0,1,0\n`), "green")).toBe(7);
    expect(requestsServed(parseStat(`${header}blue,BACKEND,9,7,0,6,0,0,1,0\n`), "green")).toBeUndefined();
  });
});
