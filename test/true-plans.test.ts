import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ActionRun, runAction } from "./support/action.js";
import { freePort } from "./support/apps.js";
import { serverStatuses, waitFor } from "./support/haproxy.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * Plans and targets are those of what would really happen: a refused step has no plan, test mode
 * shows the switch promote would make only when promote would make it, and status's rollback
 * target is rollback's own decision. Every case runs the bundled action against a real HAProxy.
 */
describe("plans and targets say what would really happen", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  const map = () => world.haproxy.command(`show map ${world.haproxy.mapFile}`);
  const live = async () => /\sactive (\w+)/.exec(await map())?.[1];
  const run = (inputs: Record<string, string>) => runAction({ ...world.inputs, ...inputs });
  const previewUrl = () => `http://127.0.0.1:${world.haproxy.previewPort}`;
  /** The plan lines of the log's closing report. */
  const planLines = (step: ActionRun) => step.stdout.split("\n").filter((line) => /^\s+plan:/.test(line));
  const rollbackRow = (step: ActionRun) => /^rollback target\s+(.+)$/m.exec(step.stdout)?.[1];
  const setHealth = async (color: "blue" | "green", healthy: boolean) => {
    world[color].healthy = healthy;
    await waitFor(async () => (await serverStatuses(world.haproxy, color)).every((s) => s.startsWith(healthy ? "UP" : "DOWN")), 15_000);
  };
  /** Expects a step refused before any change, with no plan anywhere: output, log or summary. */
  const expectRefusedWithoutPlan = async (step: ActionRun, sentence: string, mapBefore: string) => {
    expect(step.code, step.stdout).toBe(1);
    expect(step.stdout).toContain(`::error::${sentence}`);
    expect(step.outputs.plan).toBe("");
    expect(planLines(step)).toEqual([]);
    expect(step.summary).not.toContain("### Plan");
    expect(await map()).toBe(mapBefore);
  };

  it("a promote refused (require-test, or not ready) prints no plan and leaves the plan output empty", async () => {
    const prepared = await run({ mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs["target-color"]).toBe("green");
    const mapBefore = await map();

    // The same promote, not refused (dry run): this is the plan a refusal must not show.
    const dry = await run({ mode: "promote", version: "v2", "dry-run": "true" });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.outputs.plan).toContain("active green");
    expect(planLines(dry).length).toBeGreaterThan(0);

    const untested = await run({ mode: "promote", version: "v2", "require-test": "true" });
    await expectRefusedWithoutPlan(
      untested,
      "Refusing to promote green: No passed test is recorded for green. Run test mode first.",
      mapBefore,
    );

    await setHealth("green", false);
    try {
      const notReady = await run({ mode: "promote", version: "v2" });
      await expectRefusedWithoutPlan(notReady, "Refusing to promote green: it is not ready (", mapBefore);
    } finally {
      await setHealth("green", true);
    }
  });

  it("test mode shows the switch promote would make only when the test passed and promote would make it", async () => {
    const passed = await run({ mode: "test", "test-url": previewUrl(), "test-requests": "10" });
    expect(passed.code, passed.stdout).toBe(0);
    expect(passed.outputs.plan).toMatch(/^promote would: .*active green/);

    // A test that cannot reach the preview fails by an error, not by a failed check: no plan either.
    const unreachable = await run({ mode: "test", "test-url": `http://127.0.0.1:${await freePort()}`, "test-requests": "10" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.outputs.plan).toBe("");
    expect(unreachable.stdout).not.toContain("promote would");
    expect(unreachable.summary).not.toContain("promote would");

    const promoted = await run({ mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(await live()).toBe("green");

    // Nothing is prepared on blue now: its test may pass, but promote would not switch to it.
    const idleTest = await run({ mode: "test", "test-url": previewUrl(), "test-requests": "10" });
    expect(idleTest.code, idleTest.stdout).toBe(0);
    expect(idleTest.outputs.plan).toBe("");
    expect(idleTest.stdout).not.toContain("promote would");
    const again = await run({ mode: "promote" });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe("false");
    expect(await live()).toBe("green");
  });

  it("status's rollback target is what rollback then does: a color, nothing to do, or a refusal, in the same words", async () => {
    // Green (v2) is live after blue (its first release, never prepared by bluegreen): a rollback goes to blue.
    const before = await run({ mode: "status" });
    expect(before.code, before.stdout).toBe(0);
    expect(rollbackRow(before), "the first release was never recorded by a prepare").toBe("blue (version unknown)");

    // Refused while blue is down: no plan.
    await setHealth("blue", false);
    try {
      const notReady = await run({ mode: "rollback" });
      await expectRefusedWithoutPlan(notReady, "Refusing to roll back to blue: it is not ready (", await map());
    } finally {
      await setHealth("blue", true);
    }

    const rolledBack = await run({ mode: "rollback" });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ changed: "true", "active-color": "blue" });
    expect(await live()).toBe("blue");

    // After the rollback, a rollback does nothing: status says so, in rollback's own sentence.
    const after = await run({ mode: "status" });
    expect(after.code, after.stdout).toBe(0);
    const row = rollbackRow(after) as string;
    expect(row).toMatch(/^none: Already rolled back to blue at \d{4}-\d\d-\d\dT[\d:.]+Z; nothing changed\.$/);
    const noop = await run({ mode: "rollback" });
    expect(noop.code, noop.stdout).toBe(0);
    expect(noop.outputs).toMatchObject({ changed: "false", "active-color": "blue", plan: "" });
    expect(noop.stdout).toContain(row.slice("none: ".length));
    expect(await live()).toBe("blue");

    // Run a promote back to green, then a prepare replaces blue's release: rollback refuses, and status says that refusal.
    const repromoted = await run({ mode: "promote", version: "v2" });
    expect(repromoted.code, repromoted.stdout).toBe(0);
    const prepared = await run({ mode: "prepare", version: "v3" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const refusal =
      "Refusing to roll back to blue: it no longer runs the release that was live before, a prepare replaced it with v3 (not promoted). Production stays on green.";
    const status = await run({ mode: "status" });
    expect(rollbackRow(status)).toBe(`none: ${refusal}`);
    const mapBefore = await map();
    const fileBefore = readFileSync(world.haproxy.mapFile, "utf8");
    const refused = await run({ mode: "rollback" });
    await expectRefusedWithoutPlan(refused, refusal, mapBefore);
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toBe(fileBefore);
  });
});
