import { execFileSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { startFaultSocket } from "./support/fault-socket.js";
import { type Haproxy, runtimeCommand, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/**
 * Makes a file unwritable even for root (who ignores mode bits: `chattr +i` then), and proves it,
 * so that a test of "a read-only map file" cannot pass on a file that is writable after all.
 */
function makeReadOnly(file: string): void {
  if (process.getuid?.() === 0) execFileSync("chattr", ["+i", file]);
  else chmodSync(file, 0o444);
  expect(() => accessSync(file, constants.W_OK)).toThrow();
}

function makeWritable(file: string): void {
  if (process.getuid?.() === 0) execFileSync("chattr", ["-i", file]);
  chmodSync(file, 0o644);
}

/** Commands that only read: everything status may send. */
const READ_COMMAND = /^show (cli level|map |stat$|servers state )/;

/**
 * HAProxy 2.6 shows server addresses in `show stat` from level operator up and hides them at level
 * user; it restricts no map command by level. So prepare, test and promote (which reach each
 * server: deploy targets, probes, fingerprints) need operator; status and rollback, which go by
 * HAProxy's own view, work at user; status never needs a writable map file.
 */
describe.each(["user", "operator"] as const)("haproxy: a Runtime API socket at level %s", (level) => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let proxy: Awaited<ReturnType<typeof startFaultSocket>>;
  let inputs: Record<string, string>;
  /** The same inputs through the admin socket: the test's own setup steps. */
  let admin: Record<string, string>;
  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v1");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address], level });
    // Records every command bluegreen sends to the socket at this level.
    proxy = await startFaultSocket(haproxy.socket);
    inputs = { backend: "haproxy", "haproxy-socket": proxy.socket, "haproxy-map": haproxy.mapFile, timeout: "10" };
    admin = { ...inputs, "haproxy-socket": haproxy.adminSocket, "deploy-command": DEPLOY };
  });
  afterAll(async () => {
    await proxy?.close();
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });
  const map = async () => haproxy.command(`show map ${haproxy.mapFile}`);
  const snapshot = async () => [await map(), readFileSync(haproxy.mapFile, "utf8")].join("\n---\n");

  it("is really at that level (HAProxy says so itself), and the proxy passes it through", async () => {
    expect((await runtimeCommand(haproxy.socket, "show cli level")).trim()).toBe(level);
    expect((await runtimeCommand(proxy.socket, "show cli level")).trim()).toBe(level);
    expect((await haproxy.command("show cli level")).trim()).toBe("admin");
  });

  it("status exits 0, shows the facts, and sends only read commands, also with a read-only map file", async () => {
    // Something to show: v2 prepared and promoted through the admin socket.
    for (const step of [{ mode: "prepare" }, { mode: "promote" }]) {
      const run = await runAction({ ...admin, ...step, version: "v2" });
      expect(run.code, run.stdout).toBe(0);
    }
    for (const readOnlyFile of [false, true]) {
      if (readOnlyFile) makeReadOnly(haproxy.mapFile);
      const before = await snapshot();
      proxy.setRules([]);
      const run = await runAction({ ...inputs, mode: "status" }).finally(() => readOnlyFile && makeWritable(haproxy.mapFile));
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^production\s+green \(v2\)$/m);
      expect(run.stdout).toMatch(/^blue ready\s+yes: 1\/1 servers of blue UP$/m);
      expect(run.stdout).toMatch(/^green ready\s+yes: 1\/1 servers of green UP$/m);
      expect(run.outputs).toMatchObject({ "active-color": "green", version: "v2", changed: "false" });
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(proxy.seen.filter((command) => !READ_COMMAND.test(command))).toEqual([]);
      expect(await snapshot()).toBe(before);
    }
    // A runner without the map file at all (status from another machine): still 0, and it says what it cannot know.
    const absent = path.join(haproxy.dir, "absent", "bluegreen.map");
    proxy.setRules([]);
    const run = await runAction({ ...inputs, mode: "status", "haproxy-map-file": absent });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `${absent} cannot be read from this runner (it does not exist on this runner), so status cannot tell whether a reload of HAProxy keeps this routing.`,
    );
    expect(run.stdout).toMatch(/^production\s+green \(v2\)$/m);
    expect(proxy.seen.filter((command) => !READ_COMMAND.test(command))).toEqual([]);
  });

  if (level === "user") {
    const refusal = () =>
      `::error::Input "haproxy-socket": the Runtime API at ${proxy.socket} is at level user, where HAProxy hides server addresses from "show stat", and this step needs them (for deploy-command's BLUEGREEN_SERVERS, bluegreen's own health checks of each server, and the fingerprint test records and promote compares), so nothing was changed; allowed: a stats socket at level operator or admin (status and rollback need only level user).`;

    it.each([
      ["prepare", { version: "v3", "deploy-command": DEPLOY }],
      ["test", { "test-url": "http://127.0.0.1:1", "test-requests": "5" }],
      ["promote", { version: "v2" }],
    ] as const)("%s fails with one sentence naming the level found, the level needed and why, and changes nothing", async (mode, extra) => {
      const before = await map();
      const versions = [blue.version, green.version];
      proxy.setRules([]);
      const run = await runAction({ ...inputs, mode, ...extra });
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toContain(refusal());
      expect(run.outputs.changed ?? "false").toBe("false");
      expect(await map()).toBe(before);
      expect([blue.version, green.version]).toEqual(versions);
      // Refused at the first contact: the level was the only thing asked.
      expect(proxy.seen).toEqual(["show cli level"]);
    });
  } else {
    it("prepare, test and promote work (operator shows the addresses they need)", async () => {
      const preview = `http://127.0.0.1:${haproxy.previewPort}`;
      const steps: Record<string, string>[] = [
        { mode: "prepare", version: "v3", "deploy-command": DEPLOY },
        { mode: "test", version: "v3", "test-url": preview, "test-requests": "20" },
        { mode: "promote", version: "v3" },
      ];
      for (const step of steps) {
        const run = await runAction({ ...inputs, ...step });
        expect(run.code, run.stdout).toBe(0);
      }
      expect(blue.version).toBe("v3");
      expect(/ active (\w+)/.exec(await map())?.[1]).toBe("blue");
    });
  }

  it("rollback switches production back, by HAProxy's own view of the target", async () => {
    const liveBefore = /(?:^|\n)\S+ active (\w+)/.exec(await map())?.[1];
    const run = await runAction({ ...inputs, mode: "rollback" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.changed).toBe("true");
    const liveAfter = /(?:^|\n)\S+ active (\w+)/.exec(await map())?.[1];
    expect(liveAfter).not.toBe(liveBefore);
    expect(readFileSync(haproxy.mapFile, "utf8")).toContain(`active ${liveAfter}`);
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
