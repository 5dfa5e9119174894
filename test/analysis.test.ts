import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runAnalysis } from "../src/analysis/analyze.js";
import { parseAnalysis, renderQuery } from "../src/analysis/parse.js";
import { instantQuery, parsePrometheusTarget, reduce } from "../src/analysis/prometheus.js";
import { parseConfig } from "../src/inputs.js";
import { clearSecrets, redact } from "../src/platform/secrets.js";

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";

describe("analysis lines", () => {
  it("parses NAME: PROMQL <op> NUMBER, keeping PromQL's own comparisons in the query", () => {
    const checks = parseAnalysis(`
      # comments and blank lines are skipped
      error-rate: sum(rate(http_requests_total{color="{{color}}",code=~"5.."}[1m])) / sum(rate(http_requests_total{color="{{color}}"}[1m])) < 0.01
      p95: histogram_quantile(0.95, sum by (le) (rate(d_bucket[1m]))) <= 0.25
      busy: count(up > 0) >= 2
      tiny: x > -1.5e-3
    `);
    expect(checks.map((c) => [c.name, c.op, c.threshold])).toEqual([
      ["error-rate", "<", 0.01],
      ["p95", "<=", 0.25],
      ["busy", ">=", 2],
      ["tiny", ">", -0.0015],
    ]);
    expect(checks[2]?.query).toBe("count(up > 0)");
    expect(renderQuery(checks[0]?.query as string, { color: "green", version: "v2" })).toContain('color="green"');
  });

  it("refuses a malformed line, a repeated name and an unknown placeholder, naming the input", () => {
    expect(() => parseAnalysis("error-rate sum(x) < 1")).toThrow(
      /^Input "analysis": "error-rate sum\(x\) < 1" is not a check; allowed: one check per line/,
    );
    expect(() => parseAnalysis("a: sum(x) == 1")).toThrow(/is not a check/);
    expect(() => parseAnalysis("a: sum(x) < 1\na: sum(y) < 2")).toThrow('Input "analysis": the name "a" is used twice');
    expect(() => parseAnalysis('a: x{env="{{environment}}"} < 1')).toThrow(
      'Input "analysis": check "a" uses {{environment}}; allowed placeholders: {{color}}, {{version}}.',
    );
  });
});

describe("Prometheus answers", () => {
  it("reduces vector, scalar, empty, NaN, infinities and several series", () => {
    expect(reduce({ resultType: "vector", result: [{ metric: {}, value: [1, "0.25"] }] })).toEqual({
      kind: "value",
      value: 0.25,
      series: 1,
    });
    expect(reduce({ resultType: "scalar", result: [1, "3"] })).toEqual({ kind: "value", value: 3, series: 1 });
    expect(reduce({ resultType: "vector", result: [] })).toEqual({ kind: "empty" });
    expect(reduce({ resultType: "vector", result: [{ value: [1, "NaN"] }] })).toMatchObject({ value: Number.NaN });
    expect(reduce({ resultType: "vector", result: [{ value: [1, "+Inf"] }] })).toMatchObject({ value: Number.POSITIVE_INFINITY });
    expect(reduce({ resultType: "vector", result: [{ value: [1, "1"] }, { value: [1, "2"] }] })).toEqual({
      kind: "error",
      message: "the query returned 2 series; aggregate it to one value (sum, max, avg...)",
    });
    expect(reduce({ resultType: "matrix", result: [] })).toMatchObject({ kind: "error" });
  });
});

describe("prometheus-url and prometheus-token", () => {
  let server: http.Server | undefined;
  afterEach(() => {
    server?.close();
    clearSecrets();
  });

  /** A stand-in that answers like Prometheus and records what it was sent. */
  const fakePrometheus = async (answer: (body: string) => [number, unknown]) => {
    const seen: { authorization?: string; body: string; path?: string }[] = [];
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        seen.push({ authorization: req.headers.authorization, body, path: req.url });
        const [status, payload] = answer(body);
        res.statusCode = status;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, seen };
  };

  it("sends basic auth from the URL, masks the password, and prints the URL without it", async () => {
    const { port, seen } = await fakePrometheus(() => [200, { status: "success", data: { resultType: "scalar", result: [1, "0.5"] } }]);
    const target = parsePrometheusTarget(reader({ "prometheus-url": `http://reader:s3cret-Pass@127.0.0.1:${port}/prom` }));
    expect(target?.url.toString()).toBe(`http://127.0.0.1:${port}/prom/`);
    expect(redact("password s3cret-Pass")).toBe("password ***");
    const result = await instantQuery(target as NonNullable<typeof target>, 'up{color="blue"}');
    expect(result).toEqual({ kind: "value", value: 0.5, series: 1 });
    expect(seen[0]).toEqual({
      authorization: `Basic ${Buffer.from("reader:s3cret-Pass").toString("base64")}`,
      body: "query=up%7Bcolor%3D%22blue%22%7D",
      path: "/prom/api/v1/query",
    });
  });

  it("sends a bearer token, and turns Prometheus's error answers into one clause", async () => {
    const { port, seen } = await fakePrometheus(() => [400, { status: "error", errorType: "bad_data", error: "parse error at char 4" }]);
    const target = parsePrometheusTarget(reader({ "prometheus-url": `http://127.0.0.1:${port}`, "prometheus-token": "tok-123456789" }));
    const checks = await runAnalysis(
      { prometheus: target as NonNullable<typeof target>, checks: parseAnalysis("broken: sum(( < 1"), allowEmpty: false },
      { color: "green", version: "v2" },
    );
    expect(seen[0]?.authorization).toBe("Bearer tok-123456789");
    expect(checks).toEqual([
      {
        name: "analysis broken",
        ok: false,
        detail: `Prometheus at http://127.0.0.1:${port}/ answered HTTP 400 (bad_data: parse error at char 4); query: sum((`,
      },
    ]);
    expect(redact("tok-123456789")).toBe("***");
  });

  it("refuses bad settings before anything runs", () => {
    const base = { mode: "promote", backend: "haproxy" };
    expect(() => parseConfig(reader({ ...base, analysis: "a: x < 1" }))).toThrow(
      'Input "prometheus-url": is required when analysis is set: the Prometheus the queries go to.',
    );
    expect(() => parseConfig(reader({ ...base, "prometheus-url": "ftp://x" }))).toThrow(
      'Input "prometheus-url": uses ftp; allowed: an http:// or https:// URL.',
    );
    // The message never quotes the raw URL: it may hold a password.
    expect(() => parseConfig(reader({ ...base, "prometheus-url": "http://u:p4ssw0rd-x@[bad" }))).toThrow(
      'Input "prometheus-url": is not a URL; allowed: an http:// or https:// URL, e.g. https://prometheus.example.com/.',
    );
    expect(() => parseConfig(reader({ ...base, "prometheus-url": "http://u:p4ssw0rd-x@h/", "prometheus-token": "tok-123456789" }))).toThrow(
      'Input "prometheus-url": holds credentials and prometheus-token is set too; allowed: one of the two.',
    );
    expect(() => parseConfig(reader({ ...base, "bake-time": "-1" }))).toThrow(
      /^Input "bake-time": "-1" is not a number; allowed: a number from 0 to 86400\.$/,
    );
    expect(() => parseConfig(reader({ ...base, "bake-interval": "0" }))).toThrow(
      /^Input "bake-interval": 0 is out of range; allowed: a number from 1 to 3600\.$/,
    );
    expect(() => parseConfig(reader({ ...base, "scale-down-delay": "soon" }))).toThrow(/^Input "scale-down-delay": "soon" is not a number/);
    const config = parseConfig(reader({ ...base, "bake-time": "30", "scale-down-delay": "10" }));
    expect(config).toMatchObject({ bakeSeconds: 30, bakeIntervalSeconds: 5, scaleDownDelaySeconds: 0, analysis: undefined });
    expect(parseConfig(reader({ ...base, "scale-down-replicas": "0" })).scaleDownDelaySeconds).toBe(30);
    expect(parseConfig(reader({ ...base, mode: "status" })).mode).toBe("status");
  });
});
