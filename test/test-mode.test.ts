import { beforeEach, describe, expect, it } from "vitest";
import { runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

/** Test mode's thresholds fail the step, say why with the numbers, and record no pass. */
describe("test mode thresholds", () => {
  const world = useHaproxyWorld({ green: "v2" });
  const common = () => ({ ...world.inputs, mode: "test", "test-url": `http://127.0.0.1:${world.haproxy.previewPort}`, timeout: "5" });

  beforeEach(() => {
    world.green.flaky = 0;
  });
  const ledger = async () => world.haproxy.command(`show map ${world.haproxy.mapFile}`);

  it("fails on p95 latency above max-p95-ms", async () => {
    // /slow answers after 60 ms: every request is above a 20 ms limit.
    const run = await runAction({
      ...common(),
      "health-path": "/slow",
      "test-requests": "40",
      "test-concurrency": "4",
      "max-p95-ms": "20",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Test of green failed: p95 latency: p50 [\d.]+ ms, p95 [\d.]+ ms \(max 20 ms\)/);
    const p95 = Number(/p95 ([\d.]+) ms \(max 20 ms\)/.exec(run.stdout)?.[1]);
    expect(p95).toBeGreaterThanOrEqual(60);
    expect(await ledger()).not.toMatch(/tested=/);
  });

  it("fails on errors above max-error-rate and counts them", async () => {
    const run = await runAction({
      ...common(),
      "health-path": "/flaky",
      "test-requests": "100",
      "test-concurrency": "1",
      "max-p95-ms": "5000",
    });
    expect(run.code).toBe(1);
    // Every fourth /flaky request answers 500: requests 1 and 2 are the wait and the health check, then 3..102 the load.
    expect(run.stdout).toMatch(/error rate: 25\/100 failed \(25\.00%, max 0\.00%\): 25x HTTP 500/);
    expect(await ledger()).not.toMatch(/tested=/);
  });

  it("passes within a tolerated error rate, and records the pass", async () => {
    const run = await runAction({
      ...common(),
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
    const run = await runAction({ ...common(), "test-requests": "0", "test-command": "node -e process.exit(7)" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("test-command: test-command exited with code 7.");
  });
});
