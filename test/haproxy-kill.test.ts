import { readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { startFaultSocket } from "./support/fault-socket.js";
import { startKillableAction } from "./support/haproxy.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const MANAGED = ["active", "preview", "bluegreen.ledger"];

/**
 * kill -9 at every Runtime API command of a promote or a rollback (before HAProxy gets it, and
 * after HAProxy applied it but before the run heard back), then a re-run of the same mode: it must
 * finish, leave the map file saying what HAProxy holds (a reload must not flip production), leave
 * no temporary file and no lease, and say what the router shows.
 */
describe("haproxy: a run killed at any point, then re-run", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "20" } });
  let faults: Awaited<ReturnType<typeof startFaultSocket>>;
  let release = 100;
  beforeAll(async () => {
    faults = await startFaultSocket(world.haproxy.socket);
  });
  afterAll(async () => {
    await faults?.close();
  });

  const entries = (text: string, pattern: RegExp) =>
    new Map(
      text
        .split("\n")
        .map((line) => pattern.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1] as string, m[2] as string]),
    );
  const memory = async () => entries(await world.haproxy.command(`show map ${world.haproxy.mapFile}`), /^0x[0-9a-f]+ (\S+) (.*)$/);
  const file = () => entries(readFileSync(world.haproxy.mapFile, "utf8"), /^(\S+)\s+(.*)$/);
  const pick = (values: Map<string, string>) => Object.fromEntries(MANAGED.map((key) => [key, values.get(key)]));
  // The temporary files of a write (`<map>.bluegreen-<pid>`); a repair's copy of the old file (`.bluegreen-before-<time>`) is kept on purpose.
  const temporaries = () => readdirSync(world.haproxy.dir).filter((name) => /^bluegreen\.map\.bluegreen-\d+$/.test(name));
  const keptCopies = () => readdirSync(world.haproxy.dir).filter((name) => /^bluegreen\.map\.bluegreen-before-\d{8}T\d{6}Z$/.test(name));
  const live = async () => (await memory()).get("active") as string;

  /** Checks everything a completed re-run promises. */
  async function expectFinished(rerun: Awaited<ReturnType<typeof runAction>>, target: string, mode: string) {
    expect(rerun.code, rerun.stdout).toBe(0);
    const held = await memory();
    expect(held.get("active")).toBe(target);
    expect(pick(file())).toEqual(pick(held));
    expect(temporaries()).toEqual([]);
    expect([...held.keys()].filter((key) => key === "bluegreen.lock")).toEqual([]);
    // The sentence matches the router.
    expect(rerun.outputs["active-color"]).toBe(target);
    expect(rerun.outputs.durable).toBe("true");
    if (rerun.outputs.changed === "true") {
      expect(rerun.stdout).toMatch(
        new RegExp(mode === "promote" ? `Production switched from \\w+ to ${target}` : `Production rolled back from \\w+ to ${target}`),
      );
    } else {
      expect(rerun.stdout).toMatch(
        new RegExp(
          mode === "promote"
            ? // A re-run that only repaired the map file says so instead of "nothing changed".
              `already live on ${target}; (nothing changed|the routing was not changed\\. This run repaired the map file only: )`
            : `(Already rolled back to ${target}|${target} is already live)`,
        ),
      );
    }
  }

  /** Runs `mode` through the fault socket and SIGKILLs it at the nth command (before or after HAProxy applied it). */
  async function killAt(mode: string, extra: Record<string, string>, nth: number, when: "before" | "after") {
    let run: ReturnType<typeof startKillableAction> | undefined;
    const kill = () => {
      const pid = run?.pid();
      if (pid) process.kill(pid, "SIGKILL");
    };
    faults.setRules([{ match: /./, nth, ...(when === "before" ? { fault: "drop", before: kill } : { fault: "pass", after: kill }) }]);
    run = startKillableAction({ ...world.inputs, "haproxy-socket": faults.socket, mode, ...extra });
    const result = await run.done;
    faults.setRules([]);
    return result;
  }

  for (const mode of ["promote", "rollback"] as const) {
    it(`finishes a ${mode} killed at every command, leaving file == memory, no temporary file, no lease`, async () => {
      let killed = 0;
      let repaired = 0;
      for (const when of ["before", "after"] as const) {
        for (let nth = 1; ; nth++) {
          const version = `v${release++}`;
          const prepared = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY });
          expect(prepared.code, prepared.stdout).toBe(0);
          let target: string;
          if (mode === "rollback") {
            // Something to roll back: promote first, then roll back to the color it left.
            const from = await live();
            const promoted = await runAction({ ...world.inputs, mode: "promote", version });
            expect(promoted.code, promoted.stdout).toBe(0);
            target = from;
          } else {
            target = (await memory()).get("preview") as string;
          }
          const extra: Record<string, string> = mode === "promote" ? { version } : {};
          const victim = await killAt(mode, extra, nth, when);
          if (victim.signal !== "SIGKILL") {
            // Past the run's last command: it finished on its own, and must have done it right.
            await expectFinished(victim, target, mode);
            break;
          }
          killed++;
          const rerun = await runAction({ ...world.inputs, mode, ...extra });
          await expectFinished(rerun, target, mode);
          if (rerun.stdout.includes("It was rewritten from HAProxy's memory")) repaired++;
        }
      }
      // Every command of the run, twice: a run has about twenty.
      expect(killed).toBeGreaterThan(30);
      // Some kills fell between HAProxy's commit and the file's rename: the window of the old bug.
      expect(repaired).toBeGreaterThan(0);
    }, 600_000);
  }

  it("finishes runs killed at random moments under way", async () => {
    for (let round = 0; round < 12; round++) {
      const version = `v${release++}`;
      const prepared = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY });
      expect(prepared.code, prepared.stdout).toBe(0);
      const target = (await memory()).get("preview") as string;
      const run = startKillableAction({ ...world.inputs, mode: "promote", version });
      // The bundle needs ~100-300 ms to load and switch: kill somewhere in that span.
      const timer = setTimeout(
        () => {
          const pid = run.pid();
          if (pid) process.kill(pid, "SIGKILL");
        },
        60 + Math.floor(Math.random() * 260),
      );
      await run.done;
      clearTimeout(timer);
      const rerun = await runAction({ ...world.inputs, mode: "promote", version });
      await expectFinished(rerun, target, "promote");
    }
  }, 120_000);

  it("removes temporary map files that killed runs left, and only those", async () => {
    const dead = path.join(world.haproxy.dir, "bluegreen.map.bluegreen-4194301");
    const notOurs = path.join(world.haproxy.dir, "bluegreen.map.backup");
    writeFileSync(dead, "active blue\n");
    writeFileSync(notOurs, "keep me\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(dead, old, old);

    const dryRun = await runAction({ ...world.inputs, mode: "promote", "dry-run": "true" });
    expect(dryRun.code, dryRun.stdout).toBe(0);
    expect(dryRun.stdout).toContain(`Temporary files of interrupted runs lie beside ${world.haproxy.mapFile}: ${dead}.`);
    expect(temporaries()).toEqual(["bluegreen.map.bluegreen-4194301"]);

    const run = await runAction({ ...world.inputs, mode: "promote" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`Removed temporary files left by interrupted runs: ${dead}.`);
    expect(temporaries()).toEqual([]);
    expect(readFileSync(notOurs, "utf8")).toBe("keep me\n");
  });

  it("rewrites a map file that disagrees with HAProxy's memory, and says so", async () => {
    const held = await memory();
    const other = held.get("active") === "blue" ? "green" : "blue";
    writeFileSync(world.haproxy.mapFile, readFileSync(world.haproxy.mapFile, "utf8").replace(/^active \w+$/m, `active ${other}`));
    const dryRun = await runAction({ ...world.inputs, mode: "promote", "dry-run": "true" });
    expect(dryRun.stdout).toContain(
      `${world.haproxy.mapFile} disagrees with HAProxy's memory (active: file ${other}, HAProxy ${held.get("active")})`,
    );
    expect(dryRun.outputs.durable).toBe("false");
    expect(file().get("active")).toBe(other);

    const edited = readFileSync(world.haproxy.mapFile, "utf8");
    const copiesBefore = keptCopies();
    const run = await runAction({ ...world.inputs, mode: "promote" });
    expect(run.code, run.stdout).toBe(0);
    const copies = keptCopies().filter((name) => !copiesBefore.includes(name));
    expect(copies).toHaveLength(1);
    const copy = path.join(world.haproxy.dir, copies[0] as string);
    expect(readFileSync(copy, "utf8")).toBe(edited);
    expect(run.summary).toContain(
      `${world.haproxy.mapFile} disagreed with HAProxy's memory (active: file ${other}, HAProxy ${held.get("active")}): either someone edited the file by hand (then HAProxy does not serve that edit), or a run was interrupted between its switch and its write of the file, and bluegreen cannot tell which. It was rewritten from HAProxy's memory, which production runs; the old file is kept in ${copy}`,
    );
    expect(run.outputs.durable).toBe("true");
    expect(pick(file())).toEqual(pick(await memory()));
    // And a reload now keeps production where it is.
    await world.haproxy.reload();
    expect(await live()).toBe(held.get("active"));
  });
});
