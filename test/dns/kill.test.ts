import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/action.js";
import { type Relay, startRelay } from "./tcp-relay.js";
import { DEPLOY, useDnsWorld } from "./world.js";

const RECORDS = `blue 60 IN A 127.0.0.2
green 60 IN A 127.0.0.3
www 1 IN CNAME blue
preview 1 IN CNAME green
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 of a promote at every DNS exchange it makes with the primary: the process dies right after the
 * primary answered its n-th message (the primary acted; the run never learned it), for n = 1, 2, ... until
 * a run finishes unkilled. Each time, the re-run must finish the job with outputs and a sentence true of the zone.
 */
describe("dns backend: a promote killed at every exchange, then re-run", () => {
  const world = useDnsWorld({}, RECORDS);
  let relay: Relay;
  let onAnswer: (() => void) | undefined;
  beforeAll(async () => {
    relay = await startRelay(world.bind.primary, (answer) => {
      onAnswer?.();
      return answer;
    });
  });
  afterAll(() => relay?.close());

  it("finishes every killed promote with the re-run", async () => {
    const figures = { killed: 0, killedAfterSwitch: 0, reRunsFinished: 0 };
    for (let n = 1; n < 200; n++) {
      await sleep(1_100); // the last switch's old TTL (1 s) must pass before prepare may redeploy that color
      const version = `kill-${n}`;
      const prepared = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY }, world.env);
      expect(prepared.code, prepared.stdout).toBe(0);
      const target = prepared.outputs["target-color"] as string;
      let child: ChildProcess | undefined;
      let seen = 0;
      let killed = false;
      onAnswer = () => {
        if (++seen === n && child?.pid) {
          process.kill(child.pid, "SIGKILL");
          killed = true;
        }
      };
      const victim = await runAction(
        { ...world.inputs, "dns-server": `127.0.0.1:${relay.port}`, mode: "promote", version },
        world.env,
        (spawned) => {
          child = spawned;
        },
      );
      onAnswer = undefined;
      if (!killed) {
        // n is past the last exchange: this run was not killed and must have switched by itself.
        expect(victim.code, victim.stdout).toBe(0);
        expect(victim.outputs).toMatchObject({ "active-color": target, changed: "true" });
        break;
      }
      figures.killed++;
      const switchedBeforeDeath = (await world.served("www.example.test")).primary[0] === `${target}.example.test.`;
      if (switchedBeforeDeath) figures.killedAfterSwitch++;
      const again = await runAction({ ...world.inputs, mode: "promote", version }, world.env);
      expect(again.code, `killed at answer ${n}:\n${again.stdout}`).toBe(0);
      expect(again.outputs["active-color"]).toBe(target);
      expect(again.outputs.changed).toBe(switchedBeforeDeath ? "false" : "true");
      if (switchedBeforeDeath) expect(again.stdout).toContain(`already live on ${target}`);
      // The re-run's first read waited until every authoritative server serves the primary's serial.
      expect(await world.served("www.example.test")).toEqual({
        primary: [`${target}.example.test.`],
        secondary: [`${target}.example.test.`],
      });
      figures.reRunsFinished++;
    }
    expect(figures.killed).toBeGreaterThan(5);
    expect(figures.killedAfterSwitch).toBeGreaterThan(0);
    expect(figures.reRunsFinished).toBe(figures.killed);
    console.log(`kill figures: ${JSON.stringify(figures)}`);
  }, 600_000);
});
