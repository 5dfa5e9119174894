import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { layout, readName } from "../../src/backends/dns/message-walk.js";
import { encodeName } from "../../src/backends/dns/names.js";
import { recordSet, TYPE } from "../../src/backends/dns/records.js";
import { sign, splitTsig, type TsigKey, verifyAnswer, verifyRequest } from "../../src/backends/dns/tsig.js";
import { parseTsigKey } from "../../src/backends/dns/tsig-key.js";
import { encodeUpdate } from "../../src/backends/dns/update-message.js";
import { type BindKey, type BindWorld, startBind } from "../support/bind.js";
import { type Relay, startRelay } from "./tcp-relay.js";

/**
 * Known answers for TSIG taken from BIND itself: nsupdate signs an UPDATE, a relay in front of named
 * captures it and named's signed answer, and our code must agree with both, byte for byte.
 */

const keyOf = (k: BindKey): TsigKey => parseTsigKey({ keyName: k.name, algorithm: k.algorithm, secret: k.secret });

let world: BindWorld;
let relay: Relay;

beforeAll(async () => {
  world = await startBind();
  relay = await startRelay(world.primary);
});
afterAll(async () => {
  await relay?.close();
  await world?.stop();
});

/** Runs nsupdate through the relay; returns the UPDATE it sent and named's answer. */
async function capture(key: BindKey, target: string): Promise<{ request: Buffer; answer: Buffer }> {
  const before = relay.requests.length;
  const run = await world.nsupdate(
    `server ${relay.host} ${relay.port}\nzone example.test.\nupdate delete tsig.example.test. IN CNAME\nupdate add tsig.example.test. 60 IN CNAME ${target}.example.test.\nsend\n`,
    key,
  );
  expect(run.code, run.stderr).toBe(0);
  const index = relay.requests.findIndex((m, i) => i >= before && ((m.readUInt16BE(2) >> 11) & 0xf) === 5);
  expect(index, "nsupdate sent an UPDATE through the relay").toBeGreaterThanOrEqual(0);
  return { request: relay.requests[index] as Buffer, answer: relay.answers[index] as Buffer };
}

describe.each(["updater", "updater512"] as const)("TSIG against nsupdate and named (%s)", (which) => {
  it("verifies nsupdate's MAC, reproduces its signed message byte for byte, and verifies named's signed answer", async () => {
    const bindKey = world.keys[which];
    const key = keyOf(bindKey);
    const { request, answer } = await capture(bindKey, which === "updater" ? "green" : "blue");
    const split = splitTsig(request);
    expect(split).toBeDefined();
    const tsig = split?.tsig;
    expect(tsig?.algorithm).toBe(`${bindKey.algorithm}.`);
    expect(tsig?.mac.length).toBe(bindKey.algorithm === "hmac-sha256" ? 32 : 64);
    expect(tsig?.fudge).toBe(300);
    expect(verifyRequest(request, key)).toBe(true);

    // Our signer, given the same message, key and time, writes exactly what nsupdate wrote.
    const ours = sign(split?.unsigned as Buffer, key, tsig?.timeSigned, tsig?.fudge);
    expect(ours.mac.toString("hex")).toBe(tsig?.mac.toString("hex"));
    expect(ours.message.toString("hex")).toBe(request.toString("hex"));

    // named's answer covers nsupdate's MAC first (RFC 8945 5.3), and our verifier agrees.
    const verdict = verifyAnswer(answer, key, tsig?.mac as Buffer);
    expect(verdict.kind).toBe("verified");
    expect(layout(answer).rcode).toBe(0);

    // One flipped bit in the signed part, or the wrong request MAC, and verification fails.
    const tampered = Buffer.from(answer);
    tampered[3] = (tampered[3] as number) ^ 0x08; // the RCODE: NOERROR becomes NXRRSET, the message still parses
    expect(verifyAnswer(tampered, key, tsig?.mac as Buffer).kind).toBe("rejected");
    expect(verifyAnswer(answer, key, Buffer.alloc(tsig?.mac.length ?? 32)).kind).toBe("rejected");
    const badRequest = Buffer.from(request);
    badRequest[14] = (badRequest[14] as number) ^ 0x20;
    expect(verifyRequest(badRequest, key)).toBe(false);
    expect(verifyRequest(request, { ...key, secret: Buffer.from("not the secret") })).toBe(false);
  });
});

it("writes the same records as nsupdate for the same update (names decompressed, nothing else changed)", async () => {
  const { request } = await capture(world.keys.updater, "blue");
  const unsigned = splitTsig(request)?.unsigned as Buffer;
  const ours = encodeUpdate(
    {
      zone: "example.test",
      prerequisites: [],
      updates: [
        { kind: "delete-rrset", name: "tsig.example.test", type: "CNAME" },
        { kind: "add", set: recordSet("tsig.example.test", "CNAME", 60, ["blue.example.test"]) },
      ],
    },
    unsigned.readUInt16BE(0),
  );
  expect(canonicalRecords(unsigned)).toEqual(canonicalRecords(ours));
  expect(unsigned.subarray(0, 12).toString("hex")).toBe(ours.subarray(0, 12).toString("hex"));
});

/** Each record as (owner, type, class, TTL, RDATA) with names uncompressed, so two writers' messages compare. */
function canonicalRecords(message: Buffer): string[] {
  return layout(message).records.map((r) => {
    const owner = encodeName(readName(message, r.start), true).toString("hex");
    const rdata =
      r.type === TYPE.CNAME && r.rdlength > 0
        ? encodeName(readName(message, r.rdata), true).toString("hex")
        : message.subarray(r.rdata, r.rdata + r.rdlength).toString("hex");
    return `${owner} ${r.type} ${r.klass} ${message.readUInt32BE(r.rdata - 6)} ${rdata}`;
  });
}

describe("TSIG inputs", () => {
  it("names the input at fault and never quotes the secret", () => {
    const secret = "c2VjcmV0IHNlY3JldCBzZWNyZXQ="; // base64, valid
    expect(parseTsigKey({ keyName: "k1", algorithm: "HMAC-SHA512.", secret }).algorithm).toBe("hmac-sha512");
    expect(() => parseTsigKey({ keyName: "k1", algorithm: "hmac-md5", secret })).toThrow(
      /Input "dns-tsig-algorithm": "hmac-md5" is not allowed; allowed: hmac-sha256 or hmac-sha512/,
    );
    expect(() => parseTsigKey({ keyName: "bad..name", algorithm: "hmac-sha256", secret })).toThrow(/Input "dns-tsig-key-name"/);
    const notBase64 = "this is $ecret!";
    let message = "";
    try {
      parseTsigKey({ keyName: "k1", algorithm: "hmac-sha256", secret: notBase64 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Input "DNS_TSIG_SECRET": is not base64/);
    expect(message).not.toContain("ecret!");
    expect(() => parseTsigKey({ keyName: "k1", algorithm: "hmac-sha256", secret: " " })).toThrow(/Input "DNS_TSIG_SECRET": is empty/);
  });
});
