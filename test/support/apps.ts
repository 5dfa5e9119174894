import http from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Histogram, Registry } from "prom-client";

/**
 * A tiny app server standing in for one color's server: /health answers 200 (or 503 when made
 * unhealthy), /version answers the installed version, / answers "<color> <version>", and
 * POST /__deploy?version=V installs another version, and
 * paths under /fail answer 500, /slow answers after 60 ms, /flaky fails every fourth request (what a deploy-command would do).
 * /metrics is Prometheus's view (prom-client): http_requests_total{color,version,code} and
 * http_request_duration_seconds{color,version}, counting every request but /health and /metrics.
 * With `failing` set, every other path answers 500 while /health stays 200 (a shallow health
 * check): HAProxy keeps the color UP, and only the metrics (or the pages themselves) show it.
 */
export interface App {
  color: string;
  port: number;
  address: string;
  version: string;
  healthy: boolean;
  /** Requests served, for checks that no idle color got production traffic. */
  served: number;
  /** /flaky requests served; every fourth answers 500. Tests reset it to 0. */
  flaky: number;
  /** The Authorization header of the last request that had one (credentials in test-url reach the app). */
  lastAuthorization?: string;
  /** Every path but /health and /metrics answers 500 while true. */
  failing: boolean;
  close(): Promise<void>;
}

/** `host`: the address to listen on (127.0.0.2 and 127.0.0.3 give the DNS colors one port, two addresses). */
export async function startApp(color: string, version: string, port = 0, host = "127.0.0.1"): Promise<App> {
  const app = { color, version, healthy: true, served: 0, flaky: 0, failing: false } as App;
  const metrics = appMetrics();
  const server = http.createServer((req, res) => {
    app.served++;
    if (req.headers.authorization) app.lastAuthorization = req.headers.authorization;
    const url = new URL(req.url ?? "/", "http://app");
    if (url.pathname === "/metrics") {
      void metrics.registry.metrics().then((text) => {
        res.setHeader("content-type", metrics.registry.contentType);
        res.end(text);
      });
      return;
    }
    if (url.pathname !== "/health") {
      const stop = metrics.duration.startTimer({ color: app.color, version: app.version });
      const labels = { color: app.color, version: app.version };
      res.on("finish", () => {
        stop();
        metrics.requests.inc({ ...labels, code: String(res.statusCode) });
      });
    }
    if (app.failing && url.pathname !== "/health" && url.pathname !== "/__deploy") {
      res.statusCode = 500;
      res.setHeader("x-color", app.color);
      res.end("failing on purpose\n");
      return;
    }
    if (req.method === "POST" && url.pathname === "/__deploy") {
      app.version = url.searchParams.get("version") ?? app.version;
      res.end("ok\n");
      return;
    }
    if (url.pathname === "/slow") {
      setTimeout(() => res.end("slow\n"), 60);
      return;
    }
    if (url.pathname === "/flaky") {
      app.flaky++; // its own count: health checks must not shift which request fails
      res.statusCode = app.flaky % 4 === 0 ? 500 : 200;
      res.end("flaky\n");
      return;
    }
    if (url.pathname.startsWith("/fail")) {
      res.statusCode = 500;
      res.end("failing on purpose\n");
      return;
    }
    if (url.pathname === "/health") {
      res.statusCode = app.healthy ? 200 : 503;
      res.end(app.healthy ? "ok\n" : "unhealthy\n");
      return;
    }
    res.setHeader("x-color", app.color);
    res.end(url.pathname === "/version" ? `${app.version}\n` : `${app.color} ${app.version}\n`);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  app.port = (server.address() as AddressInfo).port;
  app.address = `${host}:${app.port}`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

/** One registry per app: several apps share this process, each with its own /metrics. */
function appMetrics() {
  const registry = new Registry();
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by color, version and status code.",
    labelNames: ["color", "version", "code"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer, by color and version.",
    labelNames: ["color", "version"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return { registry, requests, duration };
}

/** Asks the OS for a free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
