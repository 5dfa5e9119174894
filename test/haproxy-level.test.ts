import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, runtimeCommand, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/**
 * Below level admin, HAProxy hides server addresses from `show stat`: deploy-command got an empty
 * BLUEGREEN_SERVERS, deployed nothing, and every mode reported success. Now the first contact
 * checks the level and refuses, before anything is deployed or changed.
 */
describe.each(["user", "operator"] as const)("haproxy: a Runtime API socket at level %s", (level) => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let inputs: Record<string, string>;
  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v1");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address], level });
    inputs = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "5" };
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });
  const map = async () => haproxy.command(`show map ${haproxy.mapFile}`);
  const refusal = () =>
    `::error::Input "haproxy-socket": the Runtime API at ${haproxy.socket} is at level ${level}, where HAProxy hides server addresses from "show stat", so nothing was changed; allowed: a stats socket with "level admin".`;

  it("is really at that level (HAProxy says so itself)", async () => {
    expect((await runtimeCommand(haproxy.socket, "show cli level")).trim()).toBe(level);
    expect((await haproxy.command("show cli level")).trim()).toBe("admin");
  });

  it.each([
    ["prepare", { version: "v2", "deploy-command": DEPLOY }],
    ["test", { "test-url": "http://127.0.0.1:1", "test-requests": "5" }],
    ["promote", { version: "v2" }],
    ["rollback", {}],
  ] as const)("%s fails with one sentence naming haproxy-socket, and changes nothing", async (mode, extra) => {
    const before = await map();
    const run = await runAction({ ...inputs, mode, ...extra });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(refusal());
    expect(run.outputs.changed ?? "false").toBe("false");
    expect(await map()).toBe(before);
    expect([blue.version, green.version]).toEqual(["v1", "v1"]);
  });
});

describe("haproxy: a color with no servers", () => {
  let blue: App;
  let haproxy: Haproxy;
  let inputs: Record<string, string>;
  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    haproxy = await startHaproxy({ blue: [blue.address], green: [] });
    inputs = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "2" };
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
  });

  it("is never ready: prepare refuses to run deploy-command with no servers, and the map stays as it was", async () => {
    const before = await haproxy.command(`show map ${haproxy.mapFile}`);
    const marker = path.join(haproxy.dir, "deployed");
    const run = await runAction({
      ...inputs,
      mode: "prepare",
      version: "v2",
      "deploy-command": `node -e require('fs').writeFileSync('${marker}','')`,
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("Backend green has no servers in HAProxy: deploy-command would have nowhere to deploy.");
    expect(existsSync(marker)).toBe(false);
    // The failed prepare only forgets green's version; production and preview are untouched.
    const after = await haproxy.command(`show map ${haproxy.mapFile}`);
    expect(/ active (\w+)/.exec(after)?.[1]).toBe(/ active (\w+)/.exec(before)?.[1]);
    expect(/ preview (\w+)/.exec(after)?.[1]).toBe(/ preview (\w+)/.exec(before)?.[1]);
  });

  it("is never ready: prepare waits for servers that do not exist and fails", async () => {
    const run = await runAction({ ...inputs, mode: "prepare", version: "v3", "deploy-command": "none" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("backend green has no servers");
  });
});
