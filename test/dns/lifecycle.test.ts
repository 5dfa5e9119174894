import { describe, expect, it } from "vitest";
import { runAction } from "../support/action.js";
import { DEPLOY, useDnsWorld } from "./world.js";

describe("dns backend through the bundled action, against a real BIND primary and secondary", () => {
  const world = useDnsWorld();
  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction({ ...world.inputs, ...inputs }, { ...world.env, ...env });

  it("walks prepare, test, promote, rollback and status; each repeat changes nothing; the secret appears nowhere", async () => {
    const secret = world.bind.keys.updater.secret;
    const runs = [];

    const dry = await run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY, "dry-run": "true" });
    runs.push(dry);
    expect(dry.code, dry.stdout).toBe(0);
    // The exact UPDATE in nsupdate's syntax, prerequisites first.
    expect(dry.summary).toMatch(/prereq yxrrset www\.example\.test\. IN CNAME blue\.example\.test\./);
    expect(dry.summary).toMatch(/update add _bluegreen\.www\.example\.test\. 1 IN TXT/);
    expect(world.green.version).toBe("v1");

    const prepared = await run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    runs.push(prepared);
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(world.green.version).toBe("v2");
    expect(world.blue.version).toBe("v1");
    expect(prepared.stdout).toMatch(/2\/2 addresses|1\/1 addresses of green \(127\.0\.0\.3:\d+\) answered http \/health 2 times in a row/);
    expect(prepared.stdout).toMatch(/Every authoritative server serves the change: \d+ ms after the update/);
    expect(await world.served("www.example.test")).toEqual({ primary: ["blue.example.test."], secondary: ["blue.example.test."] });
    expect(await world.served("preview.example.test")).toEqual({ primary: ["green.example.test."], secondary: ["green.example.test."] });
    expect(await world.ledger()).toMatch(/green=v2.*pending=green/);

    const preparedAgain = await run({ mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    runs.push(preparedAgain);
    expect(preparedAgain.code, preparedAgain.stdout).toBe(0);
    expect(preparedAgain.outputs.changed).toBe("false");

    const greenBefore = world.green.served;
    const blueBefore = world.blue.served;
    const tested = await run({
      mode: "test",
      "version-path": "/version",
      "test-requests": "50",
      "test-concurrency": "4",
      "max-p95-ms": "5000",
    });
    runs.push(tested);
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.outputs).toMatchObject({ "target-color": "green", version: "v2" });
    // Every test request reached green's address; blue got none.
    expect(world.green.served - greenBefore).toBeGreaterThanOrEqual(51);
    expect(world.blue.served - blueBefore).toBe(0);
    expect(tested.summary).toContain("preview.example.test. resolved through the primary to 127.0.0.3");
    expect(await world.ledger()).toMatch(/tested=green&testedVersion=v2/);

    const promoted = await run({ mode: "promote", version: "v2", "require-test": "true" });
    runs.push(promoted);
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(await world.served("www.example.test")).toEqual({ primary: ["green.example.test."], secondary: ["green.example.test."] });
    expect(await world.served("preview.example.test")).toEqual({ primary: ["blue.example.test."], secondary: ["blue.example.test."] });
    // The zone file gave www's old CNAME a TTL of 60 s: that is how long resolvers may keep it.
    expect(promoted.stdout).toMatch(/resolvers may keep answering www\.example\.test\. with blue for up to the old TTL \(60 s/);
    expect(promoted.summary).toMatch(/propagation/);
    // The wait the log reports, as an output: a whole number of ms; a repeat that writes nothing has none.
    expect(promoted.outputs["propagation-ms"]).toMatch(/^\d+$/);

    const promotedAgain = await run({ mode: "promote", version: "v2" });
    runs.push(promotedAgain);
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false", "propagation-ms": "" });

    const rolledBack = await run({ mode: "rollback" });
    runs.push(rolledBack);
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(await world.served("www.example.test")).toEqual({ primary: ["blue.example.test."], secondary: ["blue.example.test."] });
    // promote wrote green's CNAME with dns-ttl 1.
    expect(rolledBack.stdout).toMatch(
      /with green for up to the old TTL \(1 s, until \S+\).*blue reaches every client as long after the switch/,
    );

    const rolledBackAgain = await run({ mode: "rollback" });
    runs.push(rolledBackAgain);
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });

    // status needs no key: no secret given at all.
    const status = await runAction({ ...world.inputs, mode: "status" }, {});
    runs.push(status);
    expect(status.code, status.stdout).toBe(0);
    expect(status.outputs).toMatchObject({ "active-color": "blue" });
    expect(status.summary).toContain("| production | blue");
    expect(status.summary).toMatch(/blue ready \| yes: 1\/1 addresses of blue \(127\.0\.0\.2:\d+\) answered http \/health/);

    for (const r of runs) {
      // "::add-mask::" is the command that tells the GitHub runner to mask it; the runner never shows that line.
      const stdout = r.stdout.replace(/^::add-mask::.*$/gm, "");
      for (const text of [stdout, r.stderr, r.summary, JSON.stringify(r.outputs)]) expect(text).not.toContain(secret);
    }
  }, 180_000);

  it("refuses to redeploy the color production left until its old TTL has passed", async () => {
    const inputs = { "dns-ttl": "60" };
    const prepared = await run({ ...inputs, mode: "prepare", version: "v3", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as "blue" | "green";
    const promoted = await run({ ...inputs, mode: "promote", version: "v3" });
    expect(promoted.code, promoted.stdout).toBe(0);
    // The rollback leaves the color promote wrote with a TTL of 60 s: resolvers may keep it for 60 s.
    const rolledBack = await run({ ...inputs, mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    const live = rolledBack.outputs["active-color"] as string;
    expect(rolledBack.outputs["previous-color"]).toBe(target);
    const before = world[target].version;
    const refused = await run({ ...inputs, mode: "prepare", version: "v4", "deploy-command": DEPLOY });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      new RegExp(
        `Refusing to prepare ${target} before \\S+: resolvers may keep answering www\\.example\\.test\\. with ${target} for up to the old TTL \\(60 s\\)`,
      ),
    );
    expect(world[target].version).toBe(before);
    expect((await world.served("www.example.test")).primary).toEqual([`${live}.example.test.`]);
  }, 120_000);
});
