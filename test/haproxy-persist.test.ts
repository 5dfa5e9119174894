import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/**
 * Makes a file or directory unwritable for this process's children. Root ignores permission bits,
 * so as root the immutable attribute stands in for them (it refuses writes, renames and new files).
 */
function lockDown(target: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync("chattr", ["+i", target]);
    return () => execFileSync("chattr", ["-i", target]);
  }
  chmodSync(target, 0o555);
  return () => chmodSync(target, 0o755);
}

async function get(port: number, pathname: string): Promise<string> {
  return (await (await fetch(`http://127.0.0.1:${port}${pathname}`)).text()).trim();
}

/**
 * A switch that a reload undoes used to exit 0 with a warning. Now durability is checked before
 * anything changes: an unwritable map file refuses the step, unless haproxy-persist: runtime says
 * the user accepts it, and then the output durable=false and the summary say so.
 */
describe("haproxy: the map file must be writable, or the user accepts a runtime-only switch", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let inputs: Record<string, string>;
  let restore: (() => void) | undefined;
  let release = 1;
  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    inputs = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "5" };
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });
  const memory = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => /^active (\w+)$/m.exec(await memory())?.[1];
  const prepareNext = async () => {
    const version = `v${++release}`;
    const run = await runAction({ ...inputs, mode: "prepare", version, "deploy-command": DEPLOY });
    expect(run.code, run.stdout).toBe(0);
    return version;
  };

  it("says durable=true when the switch is written to the map file", async () => {
    const version = await prepareNext();
    const run = await runAction({ ...inputs, mode: "promote", version });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ changed: "true", durable: "true" });
    expect(readFileSync(haproxy.mapFile, "utf8")).toMatch(new RegExp(`^active ${await live()}$`, "m"));
  });

  it.each([
    ["the map file is not writable", () => haproxy.mapFile, "it is not writable (EPERM)"],
    [
      "its directory takes no new file (the atomic rename)",
      () => haproxy.dir,
      `its directory ${"DIR"} does not accept new files (EPERM), and the file is replaced atomically by a rename`,
    ],
  ])("refuses before any change when %s", async (_name, target, reason) => {
    const version = await prepareNext();
    const before = await memory();
    const fileBefore = readFileSync(haproxy.mapFile, "utf8");
    restore = lockDown(target());
    const expected =
      process.getuid?.() === 0 ? reason.replace("DIR", haproxy.dir) : reason.replace("DIR", haproxy.dir).replace("EPERM", "EACCES");
    for (const mode of ["promote", "rollback"]) {
      const run = await runAction({ ...inputs, mode, ...(mode === "promote" ? { version } : {}) });
      expect(run.code, run.stdout).toBe(1);
      expect(run.stdout).toContain(
        `::error::Input "haproxy-map-file": ${haproxy.mapFile} cannot be written from this runner (${expected})`,
      );
      expect(run.stdout).toContain("or haproxy-persist: runtime to accept a switch that lives only in HAProxy's memory");
      expect(await memory()).toBe(before);
      expect(readFileSync(haproxy.mapFile, "utf8")).toBe(fileBefore);
    }
  });

  it("with haproxy-persist: runtime switches, says durable=false in the outputs and the summary, and a reload reverts it", async () => {
    const version = await prepareNext();
    const old = (await live()) as string;
    const target = old === "blue" ? "green" : "blue";
    const fileBefore = readFileSync(haproxy.mapFile, "utf8");
    restore = lockDown(haproxy.mapFile);
    const run = await runAction({ ...inputs, mode: "promote", version, "haproxy-persist": "runtime" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ "active-color": target, changed: "true", durable: "false" });
    expect(await live()).toBe(target);
    expect(await get(haproxy.wwwPort, "/version")).toBe(version);
    // The summary says it twice: the state table and a warning.
    expect(run.summary).toContain(`| durable | no: haproxy-persist is runtime, ${haproxy.mapFile} is not written |`);
    expect(run.summary).toContain(
      `⚠️ haproxy-persist is runtime: changes live only in HAProxy's memory and ${haproxy.mapFile} is not written, so a reload of HAProxy returns the routing to what that file says.`,
    );
    expect(run.stdout).toContain("haproxy-persist is runtime");
    expect(readFileSync(haproxy.mapFile, "utf8")).toBe(fileBefore);

    // The revert the user accepted: a reload loads the file, which still says the old color.
    restore();
    restore = undefined;
    await haproxy.reload();
    expect(await live()).toBe(old);
    expect(await get(haproxy.wwwPort, "/version")).not.toBe(version);

    // A later run with haproxy-persist: file finds the file agreeing with HAProxy again.
    const after = await runAction({ ...inputs, mode: "promote", version, "dry-run": "true" });
    expect(after.outputs.durable).toBe("true");
  });

  it("rejects any other haproxy-persist value before anything is read", async () => {
    const run = await runAction({ ...inputs, mode: "promote", "haproxy-persist": "disk" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input "haproxy-persist": "disk" is not allowed; allowed values: file, runtime.');
  });
});
