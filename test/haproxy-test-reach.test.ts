import { describe, expect, it } from "vitest";
import type { Router, RouterState, Workload } from "../src/backend.js";
import type { Config } from "../src/inputs.js";
import { test as testMode } from "../src/modes/test.js";
import { warnings } from "../src/platform/log.js";
import { newReport } from "../src/report.js";
import { runAction } from "./support/action.js";
import { startApp } from "./support/apps.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * A test aimed at production passed and recorded a passed test for the idle color. Now test mode
 * reads the idle color's own request counters in HAProxy before and after its requests, and fails
 * when they did not reach it.
 */
describe("haproxy: test mode proves its requests reached the idle color", () => {
  const world = useHaproxyWorld({ green: "v2", inputs: { timeout: "5", "max-p95-ms": "5000" } });
  const memory = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");

  it.each([
    ["with a load", "50"],
    ["with the health check only", "0"],
  ])("fails when test-url points at production (%s), and records no test", async (_name, requests) => {
    const before = await memory();
    const run = await runAction({
      ...world.inputs,
      mode: "test",
      "test-url": `http://127.0.0.1:${world.haproxy.wwwPort}`,
      "test-requests": requests,
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(
      /::error::Test of green failed: reached green: the test traffic did not reach green \(did test-url point at production\?\): green's backend counted 0 of the \d+ test requests\./,
    );
    expect(run.summary).toContain("| reached green | ❌ |");
    expect(await memory()).toBe(before);
    expect(before).not.toMatch(/tested=/);
  });

  it("passes through the preview entry, counting at least the requests it sent, and records the test", async () => {
    const run = await runAction({
      ...world.inputs,
      mode: "test",
      "test-url": `http://127.0.0.1:${world.haproxy.previewPort}`,
      "test-requests": "50",
    });
    expect(run.code, run.stdout).toBe(0);
    const counted = Number(/✓ reached green: green's backend counted (\d+) requests during the test \(50 sent\)/.exec(run.stdout)?.[1]);
    expect(counted).toBeGreaterThanOrEqual(50);
    expect(await memory()).toMatch(/tested=green/);
  });
});

describe("test mode on a router without request counters", () => {
  it("says plainly that it could not tell which color answered when version-path is not set", async () => {
    const app = await startApp("green", "v2");
    try {
      const state: RouterState = {
        live: "blue",
        preview: "green",
        ledger: { versions: { green: "v2" } },
        revision: "1",
        details: {},
        warnings: [],
      };
      let recorded: unknown;
      // An in-memory router with no counters (as OVH has none): only the policy in test mode is under test.
      const router: Router = {
        kind: "ipLoadbalancing",
        switchesAtOnce: false,
        read: async () => state,
        plan: (change, read) => ({ change, state: read }),
        describe: () => ["switch"],
        apply: async (plan) => {
          recorded = plan.change.ledger.tested;
        },
        previewRequester: undefined,
        servedRequests: undefined,
        durable: true,
      };
      const workload: Workload = {
        readiness: async () => ({ ready: true, summary: "ok" }),
        fingerprint: async () => "farm[1]",
        targets: undefined,
        deploy: undefined,
        scaleDown: undefined,
        runningVersion: undefined,
        servingRestore: undefined,
      };
      const config = {
        mode: "test",
        backend: "ipLoadbalancing",
        dryRun: false,
        timeoutSeconds: 5,
        smoke: {
          testUrl: new URL(`http://${app.address}`),
          healthPath: "/health",
          requests: 5,
          concurrency: 1,
          maxP95Ms: 5000,
          maxErrorRate: 0,
        },
        autoRollback: true,
        maxTestAgeSeconds: 0,
        requireTest: false,
        stepWaitSeconds: 0,
      } as Config;
      const report = newReport("test", "ipLoadbalancing", false);
      await testMode({ config, router, workload, report, run: "local", now: () => new Date() });
      // Said through the one warning channel, which main.ts puts in the log, the summary and the GitLab report.
      expect(warnings()).toContain(
        "Test mode could not tell which color answered the test: backend ipLoadbalancing has no request counters and version-path is not set; set version-path to prove the answers came from green.",
      );
      expect(report.checks).toContainEqual({
        name: "reached green",
        ok: true,
        detail:
          "not proven: could not tell which color answered the test: backend ipLoadbalancing has no request counters and version-path is not set",
      });
      expect(recorded).toMatchObject({ color: "green", version: "v2" });
    } finally {
      await app.close();
    }
  });
});
