import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ActionRun, runAction } from "./action.ts";
import { freePort } from "./apps.ts";

export interface Haproxy {
  dir: string;
  /** The Runtime API socket given to bluegreen (at the setup's level). */
  socket: string;
  /** A socket at level admin, for the test's own commands whatever the setup's level. */
  adminSocket: string;
  mapFile: string;
  configFile: string;
  /** Production entry (frontend www) and preview entry (frontend preview). */
  wwwPort: number;
  previewPort: number;
  /** Runtime API command, for assertions. */
  command(line: string): Promise<string>;
  /** Graceful reload (master-worker mode, SIGUSR2): maps are reloaded from the file. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export interface HaproxySetup {
  blue: string[];
  green: string[];
  /** Initial map content. */
  map?: string;
  blueBackend?: string;
  greenBackend?: string;
  /** Level of `socket` (default admin); the test's own commands always go through an admin socket. */
  level?: "admin" | "operator" | "user";
  /** What follows each server's address (default "check inter 100ms fall 3 rise 1"; "check" alone: HAProxy's defaults). */
  serverOptions?: string;
}

/**
 * Starts a real HAProxy configured the way the README tells users to: production and preview
 * frontends route through one map, the Runtime API on a unix socket at level admin.
 */
export async function startHaproxy(setup: HaproxySetup): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-haproxy-"));
  const level = setup.level ?? "admin";
  const adminSocket = path.join(dir, "admin.sock");
  const socket = level === "admin" ? adminSocket : path.join(dir, `${level}.sock`);
  const mapFile = path.join(dir, "bluegreen.map");
  const configFile = path.join(dir, "haproxy.cfg");
  const [wwwPort, previewPort] = [await freePort(), await freePort()];
  const blue = setup.blueBackend ?? "blue";
  const green = setup.greenBackend ?? "green";
  writeFileSync(mapFile, setup.map ?? `# bluegreen routing\nactive ${blue}\npreview ${green}\n`);
  const servers = (prefix: string, addresses: string[]) =>
    addresses
      .map((address, i) => `  server ${prefix}${i + 1} ${address} ${setup.serverOptions ?? "check inter 100ms fall 3 rise 1"}`)
      .join("\n");
  writeFileSync(
    configFile,
    `global
  stats socket ${adminSocket} mode 600 level admin
${level === "admin" ? "" : `  stats socket ${socket} mode 600 level ${level}\n`}  stats timeout 10s
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  # Checks every 100 ms, each allowed 2 s: a busy test process must not look like a dead server.
  timeout check 2s
  option http-keep-alive
frontend www
  bind 127.0.0.1:${wwwPort}
  use_backend %[str(active),map(${mapFile})]
  default_backend nowhere
frontend preview
  bind 127.0.0.1:${previewPort}
  use_backend %[str(preview),map(${mapFile})]
  default_backend nowhere
backend ${blue}
  option httpchk GET /health
${servers("b", setup.blue)}
backend ${green}
  option httpchk GET /health
${servers("g", setup.green)}
backend nowhere
  http-request return status 503 content-type text/plain string "no backend"
`,
  );
  const child = spawn("haproxy", ["-W", "-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (c: Buffer) => {
    log += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    log += c.toString();
  });
  const command = (line: string) => runtimeCommand(adminSocket, line);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${log}`);
    if (!existsSync(socket) || !existsSync(adminSocket)) return false;
    const stat = await command("show stat").catch(() => "");
    return stat.includes(",BACKEND,");
  }, 10_000);
  return {
    dir,
    socket,
    adminSocket,
    mapFile,
    configFile,
    wwwPort,
    previewPort,
    command,
    reload: () => reloadMaster(child, command),
    stop: () => stopProcess(child),
  };
}

async function reloadMaster(child: ChildProcess, command: (l: string) => Promise<string>): Promise<void> {
  const pidOf = async () => /^Pid: (\d+)$/m.exec(await command("show info").catch(() => ""))?.[1];
  const before = await pidOf();
  child.kill("SIGUSR2");
  // The new worker re-creates the socket; wait until it answers (the old one may answer for a while on a busy machine).
  await waitFor(async () => {
    const pid = await pidOf();
    return pid !== undefined && pid !== before;
  }, 10_000);
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export function runtimeCommand(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket, () => connection.end(`${line}\n`));
    let answer = "";
    connection.on("data", (c: Buffer) => {
      answer += c.toString();
    });
    connection.on("error", reject);
    connection.on("close", () => resolve(answer));
  });
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** Status of every server of a backend, from `show stat`. */
export async function serverStatuses(h: Haproxy, backend: string): Promise<string[]> {
  const stat = await h.command("show stat");
  const lines = stat.split("\n");
  const header = (lines[0] ?? "").replace(/^#\s*/, "").split(",");
  const status = header.indexOf("status");
  return lines
    .slice(1)
    .map((l) => l.split(","))
    .filter((cells) => cells[0] === backend && cells[1] !== "BACKEND" && cells[1] !== "FRONTEND" && cells.length > status)
    .map((cells) => cells[status] as string);
}

/** A bundled-action run that can be killed: its pid (once spawned) and its result. */
export interface KillableRun {
  pid(): number | undefined;
  done: Promise<ActionRun & { signal: NodeJS.Signals | null }>;
}

/**
 * Runs the bundled action like runAction, but exposes the process so a test can SIGKILL it at a
 * chosen moment (from a fault-socket hook, or a timer). `signal` says how it ended.
 */
export function startKillableAction(inputs: Record<string, string>): KillableRun {
  let child: ChildProcess | undefined;
  let signal: NodeJS.Signals | null = null;
  const done = runAction(inputs, {}, (spawned) => {
    child = spawned;
    spawned.on("exit", (_code, how) => {
      signal = how;
    });
  }).then((run) => ({ ...run, signal }));
  return { pid: () => child?.pid, done };
}
