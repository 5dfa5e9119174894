import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeLedger } from "../src/ledger.js";
import { ROOT, runAction } from "./support/action.js";
import { type App, freePort } from "./support/apps.js";
import { startLoad } from "./support/load.js";
import { type Prometheus, SCRAPE_INTERVAL_S, startPrometheus } from "./support/prometheus.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/** Share of the color's (and version's) requests over the last 3 s that were not 5xx. */
const SUCCESS_RATE =
  'success-rate: sum(rate(http_requests_total{color="{{color}}",version="{{version}}",code!~"5.."}[3s])) / sum(rate(http_requests_total{color="{{color}}",version="{{version}}"}[3s])) >= 0.95';

/** Bake window and metric analysis on a real HAProxy, scraped by a real Prometheus. */
describe("bake window and analysis (real HAProxy, real Prometheus)", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  let prometheus: Prometheus;
  let release = 1;
  let loads: ReturnType<typeof startLoad>[] = [];

  beforeAll(async () => {
    prometheus = await startPrometheus([world.blue.address, world.green.address]);
    await prometheus.waitForSeries('up{job="apps"} == 1');
  });
  afterAll(async () => {
    await prometheus?.stop();
  });
  afterEach(async () => {
    world.blue.failing = false;
    world.green.failing = false;
    for (const load of loads) await load.stop();
    loads = [];
  });

  const map = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (/^active (\w+)$/m.exec(await map()) as RegExpExecArray)[1] as "blue" | "green";
  const ledger = async () => decodeLedger(/^bluegreen\.ledger (\S+)$/m.exec(await map())?.[1]);
  const app = (color: string): App => (color === "blue" ? world.blue : world.green);
  const analysisInputs = (extra: Record<string, string> = {}) => ({
    ...world.inputs,
    "prometheus-url": prometheus.url,
    analysis: SUCCESS_RATE,
    ...extra,
  });
  const www = () => `http://127.0.0.1:${world.haproxy.wwwPort}`;
  const preview = () => `http://127.0.0.1:${world.haproxy.previewPort}`;

  /** Production and preview both have traffic, as a real service has; Prometheus has seen the new version. */
  const prepareAndTest = async () => {
    const version = `v${++release}`;
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = (await live()) === "blue" ? "green" : "blue";
    loads.push(startLoad(`${www()}/`, 4), startLoad(`${preview()}/`, 2));
    await prometheus.waitForSeries(`rate(http_requests_total{color="${target}",version="${version}"}[3s]) > 0`);
    const tested = await runAction({
      ...analysisInputs(),
      mode: "test",
      "test-url": preview(),
      "test-requests": "50",
      "max-p95-ms": "5000",
    });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.summary).toMatch(
      /\| analysis success-rate \| ✅ \| 1, wanted >= 0\.95; query: sum\(rate\(http_requests_total\{color="(blue|green)",version="v\d+"/,
    );
    expect(tested.summary).toContain("```mermaid\nflowchart LR");
    return { version, target };
  };

  /** Polls the map until production is on `color`; resolves with the time it saw it. */
  const whenLive = async (color: string, timeoutMs = 30_000): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await live()) === color) return performance.now();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`production never went to ${color}`);
  };

  it("a healthy promote passes every check of its bake window, then clears the open-window record", async () => {
    const { version, target } = await prepareAndTest();
    const old = await live();
    const run = await runAction({
      ...analysisInputs({ "verify-url": www(), "version-path": "/version", "bake-time": "4", "bake-interval": "1" }),
      mode: "promote",
      version,
      // Every round of the bake is in the log with verbose (by default: the bake's one check, and a failed round).
      verbose: "true",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs["active-color"]).toBe(target);
    expect(await live()).toBe(target);
    const record = await ledger();
    expect(record.bake).toBeUndefined(); // the final write removed it
    expect(record).toMatchObject({ live: target, previous: old, lastAction: "promote" });
    // Every round checked health, version and the analysis on production's new color.
    const rounds = run.stdout.match(/bake [\d.]+ s: ✓ analysis success-rate: 1, wanted >= 0\.95/g) ?? [];
    expect(rounds.length).toBeGreaterThanOrEqual(4);
    expect(run.stdout).toMatch(new RegExp(`bake [\\d.]+ s: ✓ verify version /version: serves ${version}`));
    expect(run.stdout).toMatch(/✓ prometheus reachable/);
    expect(run.summary).toMatch(/### Bake of (blue|green) \(4 s, a check every 1 s\): completed \(4 checks over 4 s\)/);
    expect(run.summary).toContain("```mermaid\ntimeline");
    expect(run.summary).toMatch(/subgraph after\["after"\][\s\S]*after_production ==> after_(blue|green)/);
    const samples = await Promise.all(loads.map((l) => l.stop()));
    loads = [];
    expect(samples.flat().filter((s) => s.status !== 200)).toEqual([]);
  });

  it("rolls back inside the window when the new color starts answering 5xx 2 s after the switch; every request gets an answer", async () => {
    const { version, target } = await prepareAndTest();
    const old = await live();
    const interval = 2;
    const runs = runAction({
      ...analysisInputs({ "verify-url": www(), "version-path": "/version", "bake-time": "10", "bake-interval": String(interval) }),
      mode: "promote",
      version,
    });
    const switched = await whenLive(target);
    await new Promise((r) => setTimeout(r, 2_000));
    app(target).failing = true;
    const failedAt = performance.now();
    const back = await whenLive(old);
    const run = await runs;
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::The bake of ${target} failed at [\\d.]+ s of the 10 s bake \\(verify version /version: expected ${version}, got HTTP 500 "failing on purpose".*\\); traffic was returned to ${old} in \\d+ ms\\.`,
      ),
    );
    expect(run.outputs["active-color"]).toBe(old);
    // Back on the old color within one bake-interval (the next check) plus the switch (1 s allowed).
    expect(back - failedAt).toBeLessThan(interval * 1000 + 1_000);
    expect(back - switched).toBeLessThan(10_000);
    const record = await ledger();
    expect(record).toMatchObject({ live: old, lastAction: "rollback" });
    expect(record.bake).toBeUndefined();
    expect(run.summary).toMatch(/### Bake of (blue|green) \(10 s, a check every 2 s\): failed at [\d.]+ s/);
    expect(run.summary).toMatch(/timeline[\s\S]*❌ verify version/);

    // Every request of the whole run got an HTTP answer; the only errors are the failing color's own 500s.
    const samples = (await Promise.all(loads.map((l) => l.stop()))).flat();
    loads = [];
    expect(samples.length).toBeGreaterThan(500);
    expect(samples.filter((s) => s.status === 0)).toEqual([]);
    const errors = samples.filter((s) => s.status !== 200);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((s) => s.status === 500 && s.color === target && s.body?.startsWith("failing on purpose"))).toBe(true);
  });

  it("the analysis alone catches 5xx that a shallow health check misses, and names the failed check", async () => {
    const { version, target } = await prepareAndTest();
    const old = await live();
    const interval = 1;
    const runs = runAction({
      ...analysisInputs({ "verify-url": www(), "bake-time": "10", "bake-interval": String(interval) }),
      mode: "promote",
      version,
    });
    await whenLive(target);
    await new Promise((r) => setTimeout(r, 2_000));
    app(target).failing = true;
    const failedAt = performance.now();
    const back = await whenLive(old);
    const run = await runs;
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::The bake of ${target} failed at [\\d.]+ s of the 10 s bake \\(analysis success-rate: 0\\.\\d+, wanted >= 0\\.95; query: .*\\); traffic was returned to ${old}`,
      ),
    );
    // Prometheus sees the 5xx at its next scrape; the rate needs one more: two scrape intervals of lag.
    expect(back - failedAt).toBeLessThan(interval * 1000 + 2 * SCRAPE_INTERVAL_S * 1000 + 1_000);
    const samples = (await Promise.all(loads.map((l) => l.stop()))).flat();
    loads = [];
    expect(samples.filter((s) => s.status === 0)).toEqual([]);
  });

  it("a query with no data fails test mode clearly, unless analysis-allow-empty is true", async () => {
    const missing = 'missing: sum(rate(no_such_metric_total{color="{{color}}"}[1m])) < 1';
    const common = {
      ...world.inputs,
      "prometheus-url": prometheus.url,
      analysis: missing,
      mode: "test",
      "test-url": preview(),
      "test-requests": "5",
    };
    const before = await map();
    const failed = await runAction(common);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::Test of (blue|green)( \(v\d+\))? failed: analysis missing: no data \(set analysis-allow-empty: true to accept that\), wanted < 1; query: sum\(rate\(no_such_metric_total\{color="(blue|green)"\}\[1m\]\)\)\./,
    );
    expect(await map()).toBe(before); // no test recorded
    const allowed = await runAction({ ...common, "analysis-allow-empty": "true" });
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(allowed.stdout).toContain("no data (allowed by analysis-allow-empty)");
  });

  it("Prometheus unreachable: test mode fails clearly, and promote refuses before any switch", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    // Basic-auth credentials in the URL: used, masked, and the URL is printed without them.
    const password = "pr0m-Secret-9xQ";
    const withCredentials = closed.replace("http://", `http://ci-reader:${password}@`);
    const inputs = { ...world.inputs, "prometheus-url": withCredentials, analysis: SUCCESS_RATE };
    const before = await map();
    const tested = await runAction({ ...inputs, mode: "test", "test-url": preview(), "test-requests": "5" });
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(
      new RegExp(`::error::Test of (blue|green).* failed: analysis success-rate: Prometheus at ${closed} did not answer: ECONNREFUSED`),
    );
    const version = `v${++release}`;
    expect((await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY })).code).toBe(0);
    const prepared = await map();
    expect(prepared).not.toBe(before);
    const promoted = await runAction({ ...inputs, mode: "promote", version, "bake-time": "10" });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      new RegExp(
        `::error::Refusing to promote (blue|green): the bake's analysis cannot run \\(Prometheus at ${closed} did not answer: ECONNREFUSED\\)\\. Production stays on (blue|green)\\.`,
      ),
    );
    expect(await map()).toBe(prepared);
    for (const run of [tested, promoted]) {
      // ::add-mask:: lines are the runner's masking commands: consumed by the runner, never displayed.
      const stdout = run.stdout
        .split("\n")
        .filter((line) => !line.startsWith("::add-mask::"))
        .join("\n");
      expect(run.stdout).toContain(`::add-mask::${password}`);
      expect([stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join("\n")).not.toContain(password);
    }
  });

  it("a promote cancelled during the bake leaves production on the new color, recorded as not completed; status shows it", async () => {
    const { version, target } = await prepareAndTest();
    let signal: (() => void) | undefined;
    const runs = runAction(
      { ...analysisInputs({ "verify-url": www(), "bake-time": "60", "bake-interval": "1" }), mode: "promote", version },
      {},
      (child) => {
        signal = () => child.kill("SIGTERM");
      },
    );
    await whenLive(target);
    await new Promise((r) => setTimeout(r, 1_500));
    const cancelledAt = performance.now();
    signal?.();
    const run = await runs;
    expect(performance.now() - cancelledAt).toBeLessThan(5_000);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `::error::Cancelled at [\\d.]+ s of the 60 s bake: production stays on ${target}, recorded on the router as promoted with the bake not completed\\.`,
      ),
    );
    expect(await live()).toBe(target);
    expect((await ledger()).bake?.state).toBe("cancelled");

    const status = await runAction({ ...world.inputs, mode: "status" });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/bake\s+promoted, bake not completed \(the step was cancelled during the window/);
    expect(status.summary).toMatch(/\| bake \| promoted, bake not completed/);
  });

  it("rollback with bake-time only checks: a failure fails the step and leaves production where it is", async () => {
    const target = (await ledger()).previous as "blue" | "green";
    const from = await live();
    expect(target).not.toBe(from);
    loads.push(startLoad(`${www()}/`, 4), startLoad(`${preview()}/`, 2));
    await prometheus.waitForSeries(`rate(http_requests_total{color="${target}",code="200"}[3s]) > 0`);
    const runs = runAction({ ...analysisInputs({ "verify-url": www(), "bake-time": "8", "bake-interval": "1" }), mode: "rollback" });
    await whenLive(target);
    app(target).failing = true;
    const run = await runs;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`::error::Rolled back to ${target}, but the bake check at [\\d.]+ s of the 8 s bake failed: analysis success-rate`),
    );
    expect(await live()).toBe(target); // no automatic flip back
    expect((await ledger()).bake?.state).toBe("failed");
    expect(run.stdout).not.toContain("auto-rollback");
  });
});
