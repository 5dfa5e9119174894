// An app that runs as its own process and restarts the way a service manager restarts one.
//
//   node restartable-app.mjs serve <dir> <color> <port> <version> <startup-ms>
//     waits startup-ms (a slow boot), then listens on 127.0.0.1:<port>: /health answers 200,
//     /version the version, paths under /fail 500, every other path "<color> <version>" with an
//     x-color header. It writes
//     its pid to <dir>/pid at once and the time it began to listen (epoch ms) to <dir>/listening.
//   node restartable-app.mjs restart <dir>
//     a deploy-command: stops the running app (SIGTERM, waits until it is gone), starts a new one
//     with BLUEGREEN_VERSION and the same color, port and startup delay, and returns at once,
//     long before the new one listens (as `systemctl restart` of a slow-booting app does).
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const [command, dir, ...rest] = process.argv.slice(2);

if (command === "serve") {
  const [color, port, version, startupMs] = rest;
  writeFileSync(path.join(dir, "pid"), String(process.pid));
  writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ color, port, startupMs }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://app");
    if (url.pathname === "/health") return res.end("ok\n");
    res.setHeader("x-color", color);
    if (url.pathname.startsWith("/fail")) {
      res.statusCode = 500;
      return res.end("failing on purpose\n");
    }
    res.end(url.pathname === "/version" ? `${version}\n` : `${color} ${version}\n`);
  });
  server.keepAliveTimeout = 60_000;
  process.on("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000).unref();
  });
  setTimeout(() => {
    server.listen(Number(port), "127.0.0.1", () => writeFileSync(path.join(dir, "listening"), String(Date.now())));
  }, Number(startupMs));
} else if (command === "restart") {
  const { color, port, startupMs } = JSON.parse(readFileSync(path.join(dir, "settings.json"), "utf8"));
  const old = Number(readFileSync(path.join(dir, "pid"), "utf8"));
  try {
    process.kill(old, "SIGTERM");
    for (let i = 0; i < 100 && alive(old); i++) await new Promise((r) => setTimeout(r, 20));
  } catch {
    // Already gone.
  }
  rmSync(path.join(dir, "listening"), { force: true });
  const version = process.env.BLUEGREEN_VERSION ?? "unknown";
  const child = spawn(process.execPath, [process.argv[1], "serve", dir, color, port, version, startupMs], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  writeFileSync(path.join(dir, "pid"), String(child.pid));
} else {
  console.error(`usage: restartable-app.mjs serve|restart <dir> ...`);
  process.exit(2);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
