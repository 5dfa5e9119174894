import { describe, expect, it } from "vitest";
import { parseShowMap, updateMapFile } from "../../src/backends/haproxy/map.js";
import { isServerReady, parseStat, serversOf } from "../../src/backends/haproxy/stat.js";

describe("HAProxy answers", () => {
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
});
