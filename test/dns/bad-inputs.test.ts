import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAction } from "../support/action.js";
import { DEPLOY, useDnsWorld } from "./world.js";

/** The ::error:: line of a run: the one sentence the step fails with. */
const errorOf = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("::error::"));

describe("dns backend: bad inputs get one sentence naming the input, before any change", () => {
  const world = useDnsWorld();

  async function refused(inputs: Record<string, string>, env?: Record<string, string>) {
    const serial = await world.bind.serial(world.bind.primary);
    const green = world.green.version;
    const run = await runAction({ ...world.inputs, mode: "prepare", version: "v9", "deploy-command": DEPLOY, ...inputs }, env ?? world.env);
    expect(run.code).toBe(1);
    // Nothing changed: the zone's serial, and green's app (deploy-command never ran).
    expect(await world.bind.serial(world.bind.primary)).toBe(serial);
    expect(world.green.version).toBe(green);
    const errors = errorOf(run.stdout);
    expect(errors, run.stdout).toHaveLength(1);
    return errors[0] as string;
  }

  it("a wrong TSIG secret blames the secret (BADSIG), before deploy-command runs", async () => {
    const error = await refused({}, { DNS_TSIG_SECRET: randomBytes(32).toString("base64") });
    expect(error).toMatch(/BADSIG/);
    expect(error).toMatch(/DNS_TSIG_SECRET/);
  });

  it("a name outside the zone", async () => {
    expect(await refused({ "dns-name": "www.elsewhere.test" })).toBe(
      '::error::Input "dns-name": www.elsewhere.test. is outside zone example.test.; nothing was changed. Allowed: names in dns-zone.',
    );
  });

  it("a TTL of 86400 s, unless dns-allow-long-ttl accepts it", async () => {
    expect(await refused({ "dns-ttl": "86400" })).toMatch(
      /^::error::Input "dns-ttl": 86400 s means resolvers may keep sending clients to the old color for up to 86400 s after each switch \(and a rollback takes as long\); allowed: 1 to 300 s, or set dns-allow-long-ttl: true to accept it\.$/,
    );
  });

  it("a CNAME color for a production name at the zone's apex", async () => {
    expect(await refused({ "dns-name": "example.test" })).toMatch(
      /^::error::Input "dns-blue": is a host name, which makes a CNAME record, but dns-name is the zone's apex example\.test\., where a CNAME is impossible/,
    );
  });

  it("a production name pointing at neither color", async () => {
    const key = world.bind.keys.updater;
    const script = (target: string) =>
      `server 127.0.0.1 ${world.bind.primary.port}\nzone example.test\nupdate delete www.example.test CNAME\nupdate add www.example.test 60 CNAME ${target}\nsend\n`;
    expect((await world.bind.nsupdate(script("other.example.test"), key)).code).toBe(0);
    try {
      expect(await refused({})).toBe(
        '::error::Input "dns-name": www.example.test. serves www.example.test. CNAME other.example.test., which is neither dns-blue (CNAME blue.example.test.) nor dns-green (CNAME green.example.test.); nothing was changed.',
      );
    } finally {
      expect((await world.bind.nsupdate(script("blue.example.test"), key)).code).toBe(0);
    }
  });

  it("a key the server does not know blames dns-tsig-key-name (BADKEY)", async () => {
    expect(await refused({ "dns-tsig-key-name": "nobody" })).toMatch(/BADKEY/);
  });
});
