import { describe, expect, it } from "vitest";
import { type ActionRun, runAction } from "../support/action.js";
import { DEPLOY, useDnsWorld } from "./world.js";

// TTL 1 s on the routing records: the next round's prepare may redeploy the color production left 1 s later.
const RECORDS = `blue 60 IN A 127.0.0.2
green 60 IN A 127.0.0.3
www 1 IN CNAME blue
preview 1 IN CNAME green
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("dns backend: racing runs, against a real BIND (compare-and-set by UPDATE prerequisites)", () => {
  const world = useDnsWorld({}, RECORDS);
  const run = (inputs: Record<string, string>) => runAction({ ...world.inputs, ...inputs }, world.env);
  const live = async () => ((await world.served("www.example.test")).primary[0] ?? "").replace(".example.test.", "");

  const rounds: { racers: number; switched: number; conflicts: number; noops: number }[] = [];

  it.each([2, 3, 5])(
    "of %i racing promotes, exactly one switches; every run's outputs and sentence are true of the zone",
    async (n) => {
      await sleep(1_200); // the old TTL of the previous round's switch
      const version = `race-${n}`;
      const prepared = await run({ mode: "prepare", version, "deploy-command": DEPLOY });
      expect(prepared.code, prepared.stdout).toBe(0);
      const from = prepared.outputs["active-color"] as string;
      const target = prepared.outputs["target-color"] as string;
      const runs = await Promise.all(Array.from({ length: n }, () => run({ mode: "promote", version })));
      const switched = runs.filter((r) => r.code === 0 && r.outputs.changed === "true");
      const conflicts = runs.filter((r) => r.code !== 0);
      const noops = runs.filter((r) => r.code === 0 && r.outputs.changed === "false");
      expect(switched, runs.map((r) => r.stdout).join("\n----\n")).toHaveLength(1);
      expect(await live()).toBe(target);
      expect((await world.served("www.example.test")).secondary).toEqual([`${target}.example.test.`]);
      for (const r of switched) expect(r.outputs).toMatchObject({ "active-color": target, "previous-color": from });
      for (const r of noops) {
        expect(r.outputs).toMatchObject({ "active-color": target, changed: "false" });
        expect(r.stdout).toContain(`already live on ${target}`);
      }
      for (const r of conflicts) {
        // The loser read before the winner wrote: its UPDATE's prerequisite failed, nothing of its own was written.
        expect(r.stdout).toMatch(
          /changed since they were read \(the update's prerequisite failed: (NXRRSET|YXRRSET)\); nothing was changed/,
        );
        expect(r.stdout).toContain(`Production is on ${target}, switched by another run, not by this one.`);
        expect(r.outputs.changed ?? "false").toBe("false");
      }
      rounds.push({ racers: n, switched: switched.length, conflicts: conflicts.length, noops: noops.length });
    },
    120_000,
  );

  it("a promote against a rollback: one of them wins, and the zone is where the last winner's outputs say", async () => {
    await sleep(1_200);
    const prepared = await run({ mode: "prepare", version: "duel", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const from = prepared.outputs["active-color"] as string;
    const target = prepared.outputs["target-color"] as string;
    const [promoted, rolledBack] = (await Promise.all([run({ mode: "promote", version: "duel" }), run({ mode: "rollback" })])) as [
      ActionRun,
      ActionRun,
    ];
    const now = await live();
    // The promote switches (its rival never writes before it: a rollback sees the pending release on its
    // target and refuses, or loses the compare-and-set); a rollback that read after the promote rolls it back.
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": target, changed: "true" });
    if (rolledBack.code === 0 && rolledBack.outputs.changed === "true") {
      expect(rolledBack.outputs).toMatchObject({ "active-color": from, "previous-color": target });
      expect(now).toBe(from);
    } else {
      expect(rolledBack.code).toBe(1);
      expect(rolledBack.stdout).toMatch(/Refusing to roll back|changed since they were read/);
      expect(now).toBe(target);
    }
    console.log(
      `race rounds: ${JSON.stringify(rounds)}; duel: promote changed, rollback ${rolledBack.outputs.changed === "true" ? "rolled it back" : "refused"}`,
    );
  }, 120_000);
});
