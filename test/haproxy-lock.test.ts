import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, ROOT, runAction } from "./support/action.js";
import { type FaultRule, startFaultSocket } from "./support/fault-socket.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/**
 * Races on one HAProxy map. Run A goes through a fault socket that pauses it at a chosen command
 * (holding the lock); the others run in full meanwhile. Of all of them exactly one switches, every
 * other one fails clearly or finds nothing to do, and no run that did not switch says it did.
 */
describe("haproxy: the lock on the map", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "20" } });
  let faults: Awaited<ReturnType<typeof startFaultSocket>>;
  let release = 1;
  beforeAll(async () => {
    faults = await startFaultSocket(world.haproxy.socket);
  });
  afterAll(async () => {
    await faults?.close();
  });
  const memory = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => /^active (\w+)$/m.exec(await memory())?.[1] as string;
  const prepareNext = async () => {
    const version = `v${release++}`;
    const run = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY });
    expect(run.code, run.stdout).toBe(0);
    return { version, target: /^preview (\w+)$/m.exec(await memory())?.[1] as string };
  };
  const holdsMessage = (map: string) =>
    new RegExp(`another bluegreen run holds the lock on the HAProxy map ${map} \\(local:[^,]+, expires in \\d+ s\\); nothing was changed`);

  /** Exactly one run switched; the others failed clearly or found nothing to do, and none claims a switch. */
  function expectOneSwitch(runs: ActionRun[], target: string) {
    const switched = runs.filter((r) => r.code === 0 && r.outputs.changed === "true");
    expect(switched, runs.map((r) => r.stdout).join("\n----\n")).toHaveLength(1);
    expect(switched[0]?.outputs["active-color"]).toBe(target);
    for (const other of runs.filter((r) => r !== switched[0])) {
      expect(other.outputs.changed ?? "false").toBe("false");
      expect(other.stdout).not.toMatch(/Production switched|the switch completed/);
      if (other.code === 0) expect(other.stdout).toContain(`already live on ${target}; nothing changed`);
      else
        expect(other.stdout).toMatch(
          /::error::(Promote of \w+ failed: )?(another bluegreen run holds the lock|.* changed since it was read).*nothing was changed/,
        );
    }
  }

  /** Starts run A through the fault socket, paused at `rule`'s command; resolves once it is paused there. */
  async function startPaused(
    inputs: Record<string, string>,
    pause: Omit<FaultRule, "before" | "after" | "fault">,
    when: "before" | "after",
    more: FaultRule[] = [],
  ) {
    let resume = () => {};
    let paused = () => {};
    const reached = new Promise<void>((resolve) => {
      paused = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const hold = async () => {
      paused();
      await gate;
    };
    faults.setRules([{ ...pause, fault: "pass", ...(when === "before" ? { before: hold } : { after: hold }) }, ...more]);
    const done = runAction({ ...inputs, "haproxy-socket": faults.socket });
    await Promise.race([reached, done.then((r) => Promise.reject(new Error(`A finished without pausing: ${r.stdout}`)))]);
    return { done, resume };
  }

  const points: [string, RegExp, "before" | "after"][] = [
    ["right after it took the lease", /^add map \S+ bluegreen\.lock /, "after"],
    ["right after it took the turn (deleted the revision key)", /^del map \S+ bluegreen\.rev\./, "after"],
    ["right before its commit", /^commit map/, "before"],
    ["right after its commit, before the map file is written", /^commit map/, "after"],
  ];
  for (const [name, match, when] of points) {
    for (const n of [2, 5]) {
      it(`${n} promotes, A paused ${name}: the others fail on the lock, A switches`, async () => {
        const { version, target } = await prepareNext();
        const a = await startPaused({ ...world.inputs, mode: "promote", version }, { match, nth: 1 }, when);
        const others = await Promise.all(
          Array.from({ length: n - 1 }, () => runAction({ ...world.inputs, mode: "promote", version, timeout: "2" })),
        );
        for (const other of others) {
          expect(other.code, other.stdout).toBe(1);
          expect(other.stdout).toMatch(holdsMessage(world.haproxy.mapFile));
        }
        a.resume();
        const first = await a.done;
        faults.setRules([]);
        expect(first.code, first.stdout).toBe(0);
        expectOneSwitch([first, ...others], target);
        expect(await live()).toBe(target);
        expect(await memory()).not.toMatch(/^bluegreen\.lock /m);
      });
    }
  }

  it("a run that waits out the holder re-reads the map and refuses its stale decision", async () => {
    const { version, target } = await prepareNext();
    // B goes through the same fault socket, only to be seen trying the lock that A holds.
    let waiting = () => {};
    const bWaits = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const bTries: FaultRule = { match: /^add map \S+ bluegreen\.lock /, nth: 2, fault: "pass", after: () => waiting() };
    const a = await startPaused({ ...world.inputs, mode: "promote", version }, { match: /^commit map/, nth: 1 }, "before", [bTries]);
    const b = runAction({ ...world.inputs, "haproxy-socket": faults.socket, mode: "promote", version, timeout: "20" });
    // B has read, decided, and is waiting for the lock; then A goes on and switches.
    await bWaits;
    a.resume();
    const runs = await Promise.all([a.done, b]);
    faults.setRules([]);
    expectOneSwitch(runs, target);
    expect(runs[1].code).toBe(1);
    expect(runs[1].stdout).toMatch(/changed since it was read \(another pipeline or a hand edit\); nothing was changed/);
  });

  it.each([2, 3, 5])("%i promotes started at once: exactly one switches", async (n) => {
    const { version, target } = await prepareNext();
    const runs = await Promise.all(Array.from({ length: n }, () => runAction({ ...world.inputs, mode: "promote", version })));
    expectOneSwitch(runs, target);
    expect(await live()).toBe(target);
  });

  it("a stale lease of a run that died elsewhere blocks until it expires, then the next run proceeds", async () => {
    const { version, target } = await prepareNext();
    const expires = Date.now() + 4_000;
    const ghost = `owner=ghost&run=github:acme/shop/42&host=another-machine&pid=7&expires=${expires}`;
    expect(await world.haproxy.command(`add map ${world.haproxy.mapFile} bluegreen.lock ${ghost}`)).toBe("\n");
    const before = await memory();
    const blocked = await runAction({ ...world.inputs, mode: "promote", version, timeout: "1" });
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(
      /::error::Promote of \w+ failed: another bluegreen run holds the lock on the HAProxy map \S+ \(github:acme\/shop\/42, expires in [1-4] s\); nothing was changed\. Run the step again when it has finished\. Production stays on \w+\./,
    );
    expect(await memory()).toBe(before);

    const next = await runAction({ ...world.inputs, mode: "promote", version, timeout: "20" });
    expect(next.code, next.stdout).toBe(0);
    expect(Date.now()).toBeGreaterThanOrEqual(expires);
    expect(next.outputs).toMatchObject({ changed: "true", "active-color": target });
    expect(next.stdout).toContain("Removed a stale lock on the HAProxy map");
    expect(await memory()).not.toMatch(/^bluegreen\.lock /m);
  });

  it("an expired lease is removed at once", async () => {
    const { version, target } = await prepareNext();
    const ghost = `owner=ghost&run=github:acme/shop/43&host=another-machine&pid=7&expires=${Date.now() - 1_000}`;
    expect(await world.haproxy.command(`add map ${world.haproxy.mapFile} bluegreen.lock ${ghost}`)).toBe("\n");
    const run = await runAction({ ...world.inputs, mode: "promote", version, timeout: "1" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["active-color"]).toBe(target);
    expect(await memory()).not.toMatch(/^bluegreen\.lock /m);
  });
});
