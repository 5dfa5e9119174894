import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./apps.ts";
import { waitFor } from "./haproxy.ts";

/**
 * A real Prometheus server (Debian's `prometheus` package, installed by scripts/setup.sh) of the
 * test's own: its own config and data directory, on a free 127.0.0.1 port, scraping the given
 * targets every second. It does not use the package's system service (which may listen on :9090).
 */
export interface Prometheus {
  url: string;
  port: number;
  dir: string;
  /** Instant query through the HTTP API; the raw `data.result`. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Waits until the query returns at least one series (e.g. until a scrape has seen a label). */
  waitForSeries(promql: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const SCRAPE_INTERVAL_S = 1;

export async function startPrometheus(targets: string[]): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-prometheus-"));
  const port = await freePort();
  const config = path.join(dir, "prometheus.yml");
  writeFileSync(
    config,
    `global:
  scrape_interval: ${SCRAPE_INTERVAL_S}s
  scrape_timeout: ${SCRAPE_INTERVAL_S}s
  evaluation_interval: ${SCRAPE_INTERVAL_S}s
scrape_configs:
  - job_name: apps
    static_configs:
      - targets: [${targets.map((t) => JSON.stringify(t)).join(", ")}]
`,
  );
  const child = spawn(
    "prometheus",
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=1h",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (c: Buffer) => {
    log += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    log += c.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true;
  }, 30_000);
  const query = async (promql: string) => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
    const body = (await response.json()) as { status: string; data: { result: unknown } };
    if (body.status !== "success") throw new Error(`query failed: ${JSON.stringify(body)}`);
    return body.data.result as { metric: Record<string, string>; value: [number, string] }[];
  };
  return {
    url,
    port,
    dir,
    query,
    waitForSeries: (promql, timeoutMs = 20_000) => waitFor(async () => (await query(promql)).length > 0, timeoutMs),
    stop: () => stopProcess(child),
  };
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
