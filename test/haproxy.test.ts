import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

async function get(port: number, pathname: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`);
  return { status: response.status, body: await response.text() };
}

describe("haproxy backend, through the bundled action", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "20" } });

  const map = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");

  it("walks prepare, test, promote and rollback, each idempotent", async () => {
    // prepare: v2 goes on the idle color (green), preview points at it, production stays blue.
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(world.green.version).toBe("v2");
    expect(world.blue.version).toBe("v1");
    expect(await map()).toMatch(/^active blue$/m);
    expect(await map()).toMatch(/^preview green$/m);
    expect((await get(world.haproxy.previewPort, "/version")).body.trim()).toBe("v2");
    expect((await get(world.haproxy.wwwPort, "/version")).body.trim()).toBe("v1");
    expect(prepared.summary).toContain("bluegreen prepare (haproxy)");

    const preparedAgain = await runAction({ ...world.inputs, mode: "prepare", version: "v2", "deploy-command": DEPLOY });
    expect(preparedAgain.code, preparedAgain.stdout).toBe(0);
    expect(preparedAgain.outputs.changed).toBe("false");
    expect(preparedAgain.stdout).toContain("already prepared on green");

    // test: health, version and a light load through the preview entry.
    const tested = await runAction({
      ...world.inputs,
      mode: "test",
      "test-url": `http://127.0.0.1:${world.haproxy.previewPort}`,
      "version-path": "/version",
      "test-requests": "200",
      "test-concurrency": "8",
      "max-p95-ms": "5000", // thresholds have their own test (test-mode.test.ts)
    });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.outputs).toMatchObject({ "target-color": "green", version: "v2", changed: "false" });
    expect(tested.stdout).toMatch(/200 requests, 8 concurrent, \d+ req\/s; p50 [\d.]+ ms, p95 [\d.]+ ms/);
    expect(tested.summary).toContain("promote would: set map");
    expect(await map()).toMatch(/tested=green&testedVersion=v2/);

    // promote: production to green, preview to blue, in one step; the map file is written too.
    const promoted = await runAction({
      ...world.inputs,
      mode: "promote",
      version: "v2",
      "require-test": "true",
      "verify-url": `http://127.0.0.1:${world.haproxy.wwwPort}`,
      "version-path": "/version",
    });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect((await get(world.haproxy.wwwPort, "/version")).body.trim()).toBe("v2");
    expect((await get(world.haproxy.previewPort, "/version")).body.trim()).toBe("v1");
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toMatch(/^active green$/m);
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toContain("# bluegreen routing");
    expect(promoted.summary).toMatch(/\| production \| blue \| green \|/);

    const promotedAgain = await runAction({ ...world.inputs, mode: "promote", version: "v2" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false" });
    expect(promotedAgain.stdout).toContain("already live on green");
    const promotedNoVersion = await runAction({ ...world.inputs, mode: "promote" });
    expect(promotedNoVersion.outputs).toMatchObject({ "active-color": "green", changed: "false" });

    // rollback: from the ledger alone, back to blue; a second rollback changes nothing.
    const rolledBack = await runAction({ ...world.inputs, mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    // blue's v1 was installed before bluegreen, so the ledger does not know its version.
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", version: "", changed: "true" });
    expect((await get(world.haproxy.wwwPort, "/version")).body.trim()).toBe("v1");
    const rolledBackAgain = await runAction({ ...world.inputs, mode: "rollback" });
    expect(rolledBackAgain.code, rolledBackAgain.stdout).toBe(0);
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
    expect(rolledBackAgain.stdout).toContain("Already rolled back to blue");
    expect((await get(world.haproxy.wwwPort, "/version")).body.trim()).toBe("v1");
  });

  it("keeps the switch across an HAProxy reload", async () => {
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v3", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const promoted = await runAction({ ...world.inputs, mode: "promote", version: "v3" });
    expect(promoted.code, promoted.stdout).toBe(0);
    const live = promoted.outputs["active-color"] as string;
    await world.haproxy.reload();
    expect(await map()).toMatch(new RegExp(`^active ${live}$`, "m"));
    expect((await get(world.haproxy.wwwPort, "/version")).body.trim()).toBe("v3");
  });

  it("refuses to switch when the runner cannot write the map file, before any change", async () => {
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v5", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const before = await map();
    const promoted = await runAction({ ...world.inputs, mode: "promote", version: "v5", "haproxy-map-file": "/nonexistent/bluegreen.map" });
    expect(promoted.code, promoted.stdout).toBe(1);
    expect(promoted.stdout).toContain(
      '::error::Input "haproxy-map-file": /nonexistent/bluegreen.map cannot be written from this runner (it does not exist on this runner)',
    );
    expect(promoted.stdout).toContain("haproxy-persist: runtime");
    expect(await map()).toBe(before);
  });

  it("dry-run prints the exact plan and changes nothing", async () => {
    const before = await map();
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v4", "deploy-command": DEPLOY, "dry-run": "true" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs.changed).toBe("false");
    const idle = /^active blue$/m.test(before) ? "green" : "blue";
    expect(prepared.outputs["target-color"]).toBe(idle);
    expect(prepared.outputs.plan).toMatch(
      new RegExp(`^run deploy-command for ${idle} with BLUEGREEN_COLOR=${idle} BLUEGREEN_VERSION=v4$`, "m"),
    );
    expect(prepared.outputs.plan).toMatch(/^record bluegreen.ledger in /m);
    expect(await map()).toBe(before);
    expect([world.blue.version, world.green.version]).not.toContain("v4");
  });
});
