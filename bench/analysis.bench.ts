import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalysis } from "../src/analysis/analyze.js";
import { parseAnalysis } from "../src/analysis/parse.js";
import { instantQuery, type PrometheusTarget } from "../src/analysis/prometheus.js";
import { type App, startApp } from "../test/support/apps.js";
import { startLoad } from "../test/support/load.js";
import { type Prometheus, startPrometheus } from "../test/support/prometheus.js";
import { fmt, spread, table } from "./measure.js";
import { report } from "./report.js";

const ROUNDS = Number(process.env.BENCH_CYCLES ?? 20) * 5;

/**
 * What one analysis check adds to a bake round: the round trip of an instant query to a real
 * Prometheus (Debian's 2.42, on this machine) holding the test apps' metrics, and a round of two
 * checks (run in parallel).
 */
describe("analysis", () => {
  let blue: App;
  let prometheus: Prometheus;
  let load: ReturnType<typeof startLoad>;
  let target: PrometheusTarget;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    prometheus = await startPrometheus([blue.address]);
    load = startLoad(`http://${blue.address}/`, 2);
    await prometheus.waitForSeries('rate(http_requests_total{color="blue"}[5s]) > 0');
    target = { url: new URL(`${prometheus.url}/`) };
  });
  afterAll(async () => {
    await load?.stop();
    await prometheus?.stop();
    await blue?.close();
  });

  it("query round trip and a round of checks", async () => {
    const checks = parseAnalysis(
      [
        'error-rate: (sum(rate(http_requests_total{color="{{color}}",code=~"5.."}[5s])) or vector(0)) / sum(rate(http_requests_total{color="{{color}}"}[5s])) < 0.01',
        'p95: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{color="{{color}}"}[5s]))) < 0.5',
      ].join("\n"),
    );
    const one: number[] = [];
    const round: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      const result = await instantQuery(target, 'sum(rate(http_requests_total{color="blue"}[5s]))');
      one.push(performance.now() - t);
      expect(result.kind).toBe("value");
      t = performance.now();
      const results = await runAnalysis({ prometheus: target, checks, allowEmpty: false }, { color: "blue", version: "v1" });
      round.push(performance.now() - t);
      expect(results.every((r) => r.ok)).toBe(true);
    }
    report(
      table(
        `Analysis overhead against a real Prometheus (${ROUNDS} rounds, ms: median (min–max))`,
        ["what", "ms"],
        [
          ["one instant query (POST /api/v1/query)", fmt(spread(one), 1)],
          ["a round of 2 checks (parallel)", fmt(spread(round), 1)],
        ],
      ),
    );
  });
});
