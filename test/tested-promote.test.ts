import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/** Promote only what was tested: test mode's record on the router is what promote checks. */
describe("promote checks what test mode recorded", () => {
  let apps: App[];
  let haproxy: Haproxy;
  let common: Record<string, string>;
  let release = 1;

  beforeAll(async () => {
    apps = [await startApp("blue", "v0"), await startApp("green", "v0"), await startApp("green", "v0")];
    haproxy = await startHaproxy({ blue: [apps[0]?.address as string], green: [apps[1]?.address as string] });
    common = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "10" };
  });
  afterAll(async () => {
    await haproxy?.stop();
    for (const app of apps ?? []) await app.close();
  });

  const live = async () => /\sactive (\w+)/.exec(await haproxy.command(`show map ${haproxy.mapFile}`))?.[1];
  const prepareAndTest = async (withTest = true) => {
    const version = `r${release++}`;
    const prepared = await runAction({ ...common, mode: "prepare", version, "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout + prepared.stderr).toBe(0);
    if (withTest) {
      const tested = await runAction({
        ...common,
        mode: "test",
        "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
        "test-requests": "20",
        "max-p95-ms": "5000",
      });
      expect(tested.code, tested.stdout).toBe(0);
    }
    return version;
  };

  it("refuses a color never tested when require-test is true, and warns otherwise", async () => {
    const version = await prepareAndTest(false);
    const before = await live();
    const refused = await runAction({ ...common, mode: "promote", version, "require-test": "true" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Refusing to promote (blue|green): No passed test is recorded for \1\. Run test mode first\./);
    expect(await live()).toBe(before);
    const allowed = await runAction({ ...common, mode: "promote", version });
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain("Promoting anyway (require-test is false)");
  });

  it("refuses when the tested color's servers changed since the test", async () => {
    const version = await prepareAndTest();
    const before = await live();
    const idle = before === "blue" ? "green" : "blue";
    const server = idle === "blue" ? "blue/b1" : "green/g1";
    const spare = apps[2] as App;
    const original = (idle === "blue" ? apps[0] : apps[1]) as App;
    // Someone points the idle backend's server at another address after the test passed.
    expect((await haproxy.command(`set server ${server} addr 127.0.0.1 port ${spare.port}`)).trim()).toMatch(
      /changed from|no need to change/,
    );
    try {
      const refused = await runAction({ ...common, mode: "promote", version, "require-test": "true" });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(
        new RegExp(`Refusing to promote ${idle}: ${idle} changed since the test \\(was .*${original.port}.*, now .*${spare.port}.*\\)`),
      );
      expect(await live()).toBe(before);
    } finally {
      await haproxy.command(`set server ${server} addr 127.0.0.1 port ${original.port}`);
    }
    const promoted = await runAction({ ...common, mode: "promote", version, "require-test": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
  });

  it("refuses a test older than max-test-age", async () => {
    const version = await prepareAndTest();
    const before = await live();
    await new Promise((r) => setTimeout(r, 2_100));
    const refused = await runAction({ ...common, mode: "promote", version, "max-test-age": "1" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/the test is \d+ s old \(max-test-age 1 s\)/);
    expect(await live()).toBe(before);
    const promoted = await runAction({ ...common, mode: "promote", version, "max-test-age": "600" });
    expect(promoted.code, promoted.stdout).toBe(0);
  });

  it("refuses when the version prepared after the test is not the one tested", async () => {
    await prepareAndTest();
    // A newer prepare on the same idle color voids the test of the older version.
    const newer = `r${release++}`;
    expect((await runAction({ ...common, mode: "prepare", version: newer, "deploy-command": DEPLOY })).code).toBe(0);
    const refused = await runAction({ ...common, mode: "promote", version: newer, "require-test": "true" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/No passed test is recorded for/);
  });

  it("a failed test records nothing, so promote still refuses", async () => {
    const version = `r${release++}`;
    expect((await runAction({ ...common, mode: "prepare", version, "deploy-command": DEPLOY })).code).toBe(0);
    const failed = await runAction({
      ...common,
      mode: "test",
      "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
      "version-path": "/version",
      version: "not-this-one",
      timeout: "2",
    });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/Test of (blue|green) \(not-this-one\) failed: version \/version: expected not-this-one/);
    const refused = await runAction({ ...common, mode: "promote", version, "require-test": "true" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/No passed test is recorded for/);
  });
});
