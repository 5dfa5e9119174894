import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const isRoot = process.getuid?.() === 0;

/**
 * The map file, checked before any change for what the switch will do to it (a new file beside
 * it, renamed over it), and repaired with both possible causes named and the old file kept.
 */
describe("haproxy: the map file, before any change and when it disagrees", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  const memory = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => /^active (\w+)$/m.exec(await memory())?.[1] as string;
  const kept = () => readdirSync(world.haproxy.dir).filter((name) => /^bluegreen\.map\.bluegreen-before-\d{8}T\d{6}Z$/.test(name));

  // As root, access() says yes to /proc/version (root may write any file): only trying to create a file shows otherwise.
  it.skipIf(!isRoot)(
    "a map file whose directory takes no new file (/proc/version) is refused before the lock, naming haproxy-map-file",
    async () => {
      const before = await memory();
      for (const mode of ["promote", "rollback"]) {
        const run = await runAction({ ...world.inputs, mode, version: "v9", "haproxy-map-file": "/proc/version" });
        expect(run.code, run.stdout).toBe(1);
        expect(run.stdout).toContain(
          `::error::Input "haproxy-map-file": /proc/version cannot be written from this runner (a new file cannot be created beside it in /proc (ENOENT: tried version.bluegreen-`,
        );
        expect(run.stdout).toContain(
          "and the switch replaces the file by writing one there and renaming it over the file), and a switch missing from the map file is undone by the next reload of HAProxy, so nothing was changed; allowed: the path where this runner can write the map file HAProxy loads, or haproxy-persist: runtime",
        );
        // Refused before the lock: no lease was taken, the map is as it was, and the sentence is one input's.
        expect(run.stdout).not.toContain("Could not bring");
        expect(faultFree(run.stdout)).toBe(true);
        expect(await memory()).toBe(before);
      }
    },
  );

  it.skipIf(!isRoot)("status stays read-only: it does not try to write beside the map file", async () => {
    const run = await runAction({ ...world.inputs, mode: "status", "haproxy-map-file": "/proc/version" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.durable).toBe("false");
  });

  it.skipIf(!isRoot)(
    "a bind-mounted map file (a container mounting the file, not its directory) is refused before any change",
    async () => {
      const source = path.join(world.haproxy.dir, "mounted-source.map");
      copyFileSync(world.haproxy.mapFile, source);
      // The fact the check relies on: a rename over a mount point fails.
      const probe = path.join(world.haproxy.dir, "probe");
      writeFileSync(probe, "x");
      execFileSync("mount", ["--bind", source, world.haproxy.mapFile]);
      try {
        expect(() => renameSync(probe, world.haproxy.mapFile)).toThrow(/EBUSY/);
        const before = await memory();
        const run = await runAction({ ...world.inputs, mode: "rollback" });
        expect(run.code, run.stdout).toBe(1);
        expect(run.stdout).toContain(
          `::error::Input "haproxy-map-file": ${world.haproxy.mapFile} cannot be written from this runner (it is mounted on its own (a bind-mounted file): a rename over it fails (EBUSY), so mount the directory that holds it instead)`,
        );
        expect(await memory()).toBe(before);
        // status reads only, and still works with such a file.
        const status = await runAction({ ...world.inputs, mode: "status" });
        expect(status.code, status.stdout).toBe(0);
      } finally {
        execFileSync("umount", [world.haproxy.mapFile]);
      }
    },
  );

  it("a hand edit of the file, found by a rollback with nothing to roll back to: both causes named, the old file kept, the repair said in the outcome", async () => {
    const held = await live();
    const other = held === "blue" ? "green" : "blue";
    const edited = readFileSync(world.haproxy.mapFile, "utf8").replace(/^active \w+$/m, `active ${other}\n# edited by hand`);
    writeFileSync(world.haproxy.mapFile, edited);
    const run = await runAction({ ...world.inputs, mode: "rollback" });
    expect(run.code, run.stdout).toBe(1);
    const copies = kept();
    expect(copies).toHaveLength(1);
    const copy = path.join(world.haproxy.dir, copies[0] as string);
    // The old content is kept as it was, so the hand edit can be made again.
    expect(readFileSync(copy, "utf8")).toBe(edited);
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toMatch(new RegExp(`^active ${held}$`, "m"));
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toContain("# edited by hand");
    expect(run.stdout).toContain(
      `${world.haproxy.mapFile} disagreed with HAProxy's memory (active: file ${other}, HAProxy ${held}): either someone edited the file by hand (then HAProxy does not serve that edit), or a run was interrupted between its switch and its write of the file, and bluegreen cannot tell which. It was rewritten from HAProxy's memory, which production runs; the old file is kept in ${copy}`,
    );
    expect(run.stdout).toContain(
      `::error::Nothing to roll back to: the router has no record of a promote by bluegreen. This run repaired the map file only: ${world.haproxy.mapFile} was rewritten from HAProxy's memory (active: file ${other}, HAProxy ${held}), its old content kept in ${copy}.`,
    );
    expect(run.outputs.changed).toBe("false");
    expect(run.outputs.durable).toBe("true");
  });

  it("a run that otherwise has nothing to do says it repaired the file, not only that nothing changed", async () => {
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v7", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const promoted = await runAction({ ...world.inputs, mode: "promote", version: "v7" });
    expect(promoted.code, promoted.stdout).toBe(0);
    const held = await live();
    const other = held === "blue" ? "green" : "blue";
    writeFileSync(world.haproxy.mapFile, readFileSync(world.haproxy.mapFile, "utf8").replace(/^active \w+$/m, `active ${other}`));
    const before = kept().length;
    const again = await runAction({ ...world.inputs, mode: "promote", version: "v7" });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe("false");
    expect(kept()).toHaveLength(before + 1);
    expect(again.stdout).toMatch(
      new RegExp(
        `v7 is already live on ${held}; the routing was not changed\\. This run repaired the map file only: ${escapeRegExp(world.haproxy.mapFile)} was rewritten from HAProxy's memory \\(active: file ${other}, HAProxy ${held}\\), its old content kept in ${escapeRegExp(world.haproxy.mapFile)}\\.bluegreen-before-\\d{8}T\\d{6}Z\\.`,
      ),
    );
    expect(again.stdout).not.toMatch(/; nothing changed\./);
    expect(existsSync(world.haproxy.mapFile)).toBe(true);
  });
});

/** No leftover of the probe beside the map (it is removed again), and no message about a lost lock. */
function faultFree(stdout: string): boolean {
  return !/lock on the HAProxy map/.test(stdout);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
