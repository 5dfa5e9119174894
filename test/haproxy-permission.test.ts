import { spawn } from "node:child_process";
import { chmodSync, chownSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLE } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/**
 * A Runtime API socket this user may not open (EACCES) is a file permission: the sentence names the
 * socket's owner, group and mode (or the directory in the way), never the socket's level. Root opens
 * any file, so as root the bundle runs as nobody (spawn's uid/gid); as another user, the socket's own
 * mode is taken away instead.
 */
const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

async function status(haproxy: Haproxy): Promise<{ code: number; out: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && key !== "GITLAB_CI" && key !== "CI")
      env[key] = value;
  }
  // status reads only: haproxy-persist runtime, so that the map file's permissions are not in question.
  const args = ["status", "--backend", "haproxy", "--haproxy-socket", haproxy.socket, "--haproxy-map", haproxy.mapFile];
  const child = spawn(process.execPath, [BUNDLE, ...args, "--haproxy-persist", "runtime"], {
    env: { ...env, HOME: "/tmp" },
    cwd: "/tmp",
    stdio: ["ignore", "pipe", "pipe"],
    ...(asRoot ? NOBODY : {}),
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  return { code, out };
}

describe("an HAProxy socket this user may not open", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  it.runIf(asRoot)("names the directory on the path this user cannot enter", async () => {
    // startHaproxy's directory is mkdtemp's 0700, owned by root.
    expect(statSync(haproxy.dir).mode & 0o777).toBe(0o700);
    const run = await status(haproxy);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain(
      `cannot open the HAProxy Runtime API at ${haproxy.socket}: permission denied (EACCES), a file permission, not the socket's level: a directory on its path, ${haproxy.dir} (owned by root:root with mode 0700 (rwx------)), cannot be entered by this runner's user nobody (uid 65534; groups nogroup);`,
    );
  });

  it("names the socket's owner, group and mode, and the fix; with the permission given, the same run reads the router", async () => {
    const socketMode = statSync(haproxy.socket).mode & 0o777;
    if (asRoot) chmodSync(haproxy.dir, 0o755);
    else chmodSync(haproxy.socket, 0o000);
    const run = await status(haproxy);
    expect(run.code, run.out).toBe(1);
    const owner = asRoot ? "root:root with mode 0600 (rw-------)" : "with mode 00 (---------)";
    expect(run.out).toContain(`permission denied (EACCES), a file permission, not the socket's level: the socket is owned by `);
    expect(run.out).toContain(owner);
    expect(run.out).toContain(
      `allowed: run bluegreen as a user that may write the socket (its owner, or a member of its group), or set "user", "group" or "mode" on HAProxy's "stats socket" line.`,
    );
    expect(run.out).not.toMatch(/level admin|at level/);

    // The diagnosis is the whole story: giving this user the socket makes the same command work.
    if (asRoot) chownSync(haproxy.socket, NOBODY.uid, NOBODY.gid);
    else chmodSync(haproxy.socket, socketMode);
    const fixed = await status(haproxy);
    expect(fixed.code, fixed.out).toBe(0);
    expect(fixed.out).toContain(path.basename(haproxy.mapFile));
  });
});
