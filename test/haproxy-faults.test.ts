import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type Fault, startFaultSocket } from "./support/fault-socket.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/**
 * The Runtime API failing at each step of a promote (each write, and the re-read before it) must
 * leave production on one color, old or new, with preview on the other, and the step must say which.
 */
describe("haproxy: faults in the middle of a promote", () => {
  const world = useHaproxyWorld({ green: "v1" });
  let faults: Awaited<ReturnType<typeof startFaultSocket>>;
  const common = () => ({ ...world.inputs, "haproxy-socket": faults.socket, timeout: "2" });
  let release = 100;
  beforeAll(async () => {
    faults = await startFaultSocket(world.haproxy.socket);
  });
  afterAll(async () => {
    await faults?.close();
  });

  const routing = async () => {
    const map = await world.haproxy.command(`show map ${world.haproxy.mapFile}`);
    return { active: /\sactive (\w+)/.exec(map)?.[1], preview: /\spreview (\w+)/.exec(map)?.[1] };
  };

  // The promote's commands in order: show cli level, show map (the map file check), show map/show
  // stat (read), show stat (readiness), then under the lock: add map bluegreen.lock (take it), show
  // map (read it back), show map (re-read before writing), prepare map, add map @N (one per entry),
  // show map (confirm the lock), del map bluegreen.rev.* (the turn), commit map, show map (for the
  // map file), del map #<ref> (release the lock).
  const steps: [string, RegExp, number][] = [
    ["taking the lock", /^add map \S+ bluegreen\.lock /, 1],
    ["reading the lock back", /^show map/, 3],
    ["the re-read before writing", /^show map/, 4],
    ["prepare map", /^prepare map/, 1],
    ["the first add map", /^add map @/, 1],
    ["the third add map", /^add map @/, 3],
    ["confirming the lock", /^show map/, 5],
    ["taking the turn (del map)", /^del map \S+ bluegreen\.rev\./, 1],
    ["commit map", /^commit map/, 1],
    ["reading the map for the file", /^show map/, 6],
    ["releasing the lock", /^del map \S+ #/, 1],
  ];
  const kinds: Fault[] = ["drop", "refuse", "hang"];
  const matrix = steps.flatMap(([name, match, nth]) => kinds.map((fault) => [`${fault} at ${name}`, match, nth, fault] as const));

  it.each(matrix)("%s", async (_name, match, nth, fault) => {
    faults.setRules([]);
    const version = `v${release++}`;
    const prepared = await runAction({ ...common(), mode: "prepare", version, "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const before = await routing();

    faults.setRules([{ match, nth, fault }]);
    const promoted = await runAction({ ...common(), mode: "promote", version });
    expect(
      faults.seen.some((c) => match.test(c)),
      faults.seen.join("\n"),
    ).toBe(true);
    const after = await routing();

    // Never split, never nowhere: active and preview are the two colors.
    expect([after.active, after.preview].sort()).toEqual(["blue", "green"]);
    if (promoted.code === 0) {
      // A read that was retried may let the promote succeed; then it must really have switched.
      expect(after.active).toBe(before.preview);
      expect(promoted.outputs["active-color"]).toBe(after.active);
    } else {
      expect(promoted.stdout).toMatch(new RegExp(`Production (stays on|is on) ${after.active}`));
      if (process.env.SHOW_FAULTS) console.log(_name, "=>", /^::error::(.*)$/m.exec(promoted.stdout)?.[1]);
      expect(promoted.outputs["active-color"] ?? after.active).toBe(after.active);
    }
    // Whatever happened, the next run sees a consistent router and can finish the job.
    faults.setRules([]);
    const retried = await runAction({ ...common(), mode: "promote", version });
    expect(retried.code, retried.stdout).toBe(0);
    expect((await routing()).active).toBe(before.preview);
  });
});
