import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS, SECRETS, visibleText } from "../ovh/world.js";
import { DEPLOY, type OvhDnsWorld, startOvhDnsWorld, zoneRecords } from "./world.js";

/** The ::error:: line of a run: the one sentence the step fails with. */
const errorOf = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::error::"));

describe("ovh-dns: bad inputs get one sentence naming the input, before any change", () => {
  let world: OvhDnsWorld;
  beforeAll(async () => {
    world = await startOvhDnsWorld(zoneRecords("blue"), { blue: "v1", green: "v1" });
  }, 60_000);
  afterAll(async () => world?.close());

  async function refused(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<string> {
    const before = world.fake.writes.length;
    const green = world.green.version;
    const run = await world.run({ mode: "prepare", version: "v9", "deploy-command": DEPLOY, ...inputs }, env);
    expect(run.code, run.stdout).toBe(1);
    // Nothing changed: no write reached the API, and deploy-command never ran.
    expect(world.fake.writes.slice(before)).toEqual([]);
    expect(world.green.version).toBe(green);
    for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
    const errors = errorOf(run.stdout);
    expect(errors, run.stdout).toHaveLength(1);
    return errors[0] as string;
  }

  it("a zone this account does not have blames dns-zone", async () => {
    expect(await refused({ "dns-zone": "other.test", "dns-name": "www.other.test", "dns-preview-name": "preview.other.test" })).toBe(
      '::error::Input "dns-zone": other.test is no DNS zone of this OVH account (GET /domain/zone/other.test answered 404); nothing was changed. Allowed: a zone listed by GET /domain/zone.',
    );
  });

  it("a TTL under OVH's minimum of 60 s, or over 300 s", async () => {
    expect(await refused({ "dns-ttl": "30" })).toBe(
      '::error::Input "dns-ttl": 30 is out of range; allowed: a whole number from 60 to 2147483647.',
    );
    expect(await refused({ "dns-ttl": "86400" })).toMatch(
      /^::error::Input "dns-ttl": 86400 s means resolvers may keep sending clients to the old color .*allowed: 60 to 300 s/,
    );
  });

  it("a name outside the zone", async () => {
    expect(await refused({ "dns-name": "www.elsewhere.test" })).toBe(
      '::error::Input "dns-name": www.elsewhere.test. is outside zone example.test.; nothing was changed. Allowed: names in dns-zone.',
    );
  });

  it("no credentials, or a wrong application secret (the signature), blame the OVH credential inputs", async () => {
    const none = await refused({ "ovh-application-key": "", "ovh-application-secret": "", "ovh-consumer-key": "" });
    expect(none).toMatch(/^::error::Input "ovh-application-key": no OVH credentials were given/);
    const wrong = await refused({ "ovh-application-secret": `${CREDENTIALS.appSecret}-wrong` });
    expect(wrong).toMatch(/Invalid signature.*check ovh-application-secret and ovh-consumer-key/);
  });

  it("a production name pointing at neither color", async () => {
    const zone = world.fake.zone;
    if (!zone) throw new Error("no zone");
    const www = zone.published.find((r) => r.subDomain === "www" && r.fieldType === "CNAME");
    if (!www) throw new Error("no www");
    const saved = www.target;
    www.target = "other.example.test.";
    try {
      expect(await refused({})).toMatch(
        /^::error::Input "dns-name": www\.example\.test\. serves www\.example\.test\. CNAME other\.example\.test\. on 127\.0\.0\.1:\d+, which is neither dns-blue \(CNAME blue\.example\.test\.\) nor dns-green \(CNAME green\.example\.test\.\); nothing was changed\.$/,
      );
    } finally {
      www.target = saved;
    }
  });
});
