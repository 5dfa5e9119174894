import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

/** Test mode's thresholds fail the step, say why with the numbers, and record no pass. */
describe("test mode thresholds", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let common: Record<string, string>;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v2");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    common = {
      mode: "test",
      backend: "haproxy",
      "haproxy-socket": haproxy.socket,
      "haproxy-map": haproxy.mapFile,
      "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
      timeout: "5",
    };
  });
  afterAll(async () => {
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  const ledger = async () => haproxy.command(`show map ${haproxy.mapFile}`);

  it("fails on p95 latency above max-p95-ms", async () => {
    // /slow answers after 60 ms: every request is above a 20 ms limit.
    const run = await runAction({ ...common, "health-path": "/slow", "test-requests": "40", "test-concurrency": "4", "max-p95-ms": "20" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Test of green failed: p95 latency: p50 [\d.]+ ms, p95 [\d.]+ ms \(max 20 ms\)/);
    const p95 = Number(/p95 ([\d.]+) ms \(max 20 ms\)/.exec(run.stdout)?.[1]);
    expect(p95).toBeGreaterThanOrEqual(60);
    expect(await ledger()).not.toMatch(/tested=/);
  });

  it("fails on errors above max-error-rate and counts them", async () => {
    const run = await runAction({
      ...common,
      "health-path": "/flaky",
      "test-requests": "100",
      "test-concurrency": "1",
      "max-p95-ms": "5000",
    });
    expect(run.code).toBe(1);
    // Every fourth request of the app answers 500 (the first one waited for readiness already).
    expect(run.stdout).toMatch(/error rate: 2[45]\/100 failed \(2[45]\.00%, max 0\.00%\): 2[45]x HTTP 500/);
    expect(await ledger()).not.toMatch(/tested=/);
  });

  it("passes within a tolerated error rate, and records the pass", async () => {
    const run = await runAction({
      ...common,
      "health-path": "/flaky",
      "test-requests": "100",
      "test-concurrency": "1",
      "max-p95-ms": "5000",
      "max-error-rate": "0.3",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(
      /Load: 100 requests, 1 concurrent, \d+ req\/s; p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms; 2[45] errors \(2[45]x HTTP 500\)/,
    );
    expect(await ledger()).toMatch(/tested=green/);
  });

  it("fails when test-command fails, with its exit code", async () => {
    const run = await runAction({ ...common, "test-requests": "0", "test-command": "node -e process.exit(7)" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("test-command: test-command exited with code 7.");
  });
});
