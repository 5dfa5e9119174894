import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A tiny app server standing in for one color's server: /health answers 200 (or 503 when made
 * unhealthy), /version answers the installed version, / answers "<color> <version>", and
 * POST /__deploy?version=V installs another version, and
 * paths under /fail answer 500, /slow answers after 60 ms, /flaky fails every fourth request (what a deploy-command would do).
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
  close(): Promise<void>;
}

export async function startApp(color: string, version: string, port = 0): Promise<App> {
  const app = { color, version, healthy: true, served: 0, flaky: 0 } as App;
  const server = http.createServer((req, res) => {
    app.served++;
    if (req.headers.authorization) app.lastAuthorization = req.headers.authorization;
    const url = new URL(req.url ?? "/", "http://app");
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
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  app.port = (server.address() as AddressInfo).port;
  app.address = `127.0.0.1:${app.port}`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

/** Asks the OS for a free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
