// A real HAProxy with two tiny apps on 127.0.0.1 (blue v1 live, green v0 idle), configured as the README
// tells users, for CI's `uses: ./` job (.github/workflows/ci.yml) and for running that job locally
// (test/ci-action-job.test.ts). It runs in the background between workflow steps.
//
//   node scripts/ci-haproxy-fixture.ts start <dir>    starts it; prints BLUEGREEN_FIXTURE_*=... lines (for $GITHUB_ENV)
//   node scripts/ci-haproxy-fixture.ts state <dir>    prints "active=blue preview=green production=v1 preview-serves=v0"
//   node scripts/ci-haproxy-fixture.ts assert <dir> "<state>"   exit 1 with both states when they differ
//   node scripts/ci-haproxy-fixture.ts stop <dir>     stops HAProxy and the apps
// The state is read from the router itself: the map HAProxy holds (Runtime API `show map`) and what the
// production and preview entries answer on /version.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startApp } from "../test/support/apps.ts";
import { runtimeCommand, startHaproxy } from "../test/support/haproxy.ts";

const root = path.resolve(import.meta.dirname, "..");
const ENV_FILE = "fixture.env";
const PID_FILE = "fixture.pid";

interface Fixture {
  BLUEGREEN_FIXTURE_SOCKET: string;
  BLUEGREEN_FIXTURE_MAP: string;
  BLUEGREEN_FIXTURE_WWW: string;
  BLUEGREEN_FIXTURE_PREVIEW: string;
  BLUEGREEN_FIXTURE_DEPLOY: string;
}

function fail(message: string): never {
  console.error(`ci-haproxy-fixture: ${message}`);
  process.exit(1);
}

function readFixture(dir: string): Fixture {
  const file = path.join(dir, ENV_FILE);
  if (!existsSync(file)) fail(`no fixture running in ${dir} (run "start" first)`);
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values as unknown as Fixture;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs in the background: HAProxy and the apps live as long as this process. */
async function serve(dir: string): Promise<void> {
  const blue = await startApp("blue", "v1");
  const green = await startApp("green", "v0");
  const haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
  const fixture: Fixture = {
    BLUEGREEN_FIXTURE_SOCKET: haproxy.socket,
    BLUEGREEN_FIXTURE_MAP: haproxy.mapFile,
    BLUEGREEN_FIXTURE_WWW: `http://127.0.0.1:${haproxy.wwwPort}`,
    BLUEGREEN_FIXTURE_PREVIEW: `http://127.0.0.1:${haproxy.previewPort}`,
    // The deploy-command of prepare: asks the demo app of the target color to serve BLUEGREEN_VERSION.
    BLUEGREEN_FIXTURE_DEPLOY: `${process.execPath} ${path.join(root, "scripts/deploy-demo-app.mjs")}`,
  };
  const stop = async () => {
    await haproxy.stop();
    await blue.close();
    await green.close();
    rmSync(path.join(dir, ENV_FILE), { force: true });
    rmSync(path.join(dir, PID_FILE), { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  writeFileSync(path.join(dir, PID_FILE), String(process.pid));
  // Written last and renamed into place: its presence means everything answers.
  const text = `${Object.entries(fixture)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`;
  writeFileSync(path.join(dir, `${ENV_FILE}.tmp`), text);
  renameSync(path.join(dir, `${ENV_FILE}.tmp`), path.join(dir, ENV_FILE));
}

async function start(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (existsSync(path.join(dir, ENV_FILE))) fail(`a fixture already runs in ${dir} (run "stop" first)`);
  const log = openSync(path.join(dir, "fixture.log"), "a");
  const child = spawn(process.execPath, [import.meta.filename, "serve", dir], { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  const deadline = Date.now() + 20_000;
  while (!existsSync(path.join(dir, ENV_FILE))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) process.kill(child.pid as number, "SIGTERM");
      fail(`it did not start; its log (${path.join(dir, "fixture.log")}):\n${readFileSync(path.join(dir, "fixture.log"), "utf8")}`);
    }
    await sleep(50);
  }
  process.stdout.write(readFileSync(path.join(dir, ENV_FILE), "utf8"));
}

async function state(dir: string): Promise<string> {
  const fixture = readFixture(dir);
  const map = (await runtimeCommand(fixture.BLUEGREEN_FIXTURE_SOCKET, `show map ${fixture.BLUEGREEN_FIXTURE_MAP}`)).replace(
    /^0x[0-9a-f]+ /gm,
    "",
  );
  const answer = async (url: string) => {
    const response = await fetch(`${url}/version`);
    return response.ok ? (await response.text()).trim() : `HTTP-${response.status}`;
  };
  const entry = (key: string) => new RegExp(`^${key} (\\S+)$`, "m").exec(map)?.[1] ?? "(none)";
  return [
    `active=${entry("active")}`,
    `preview=${entry("preview")}`,
    `production=${await answer(fixture.BLUEGREEN_FIXTURE_WWW)}`,
    `preview-serves=${await answer(fixture.BLUEGREEN_FIXTURE_PREVIEW)}`,
  ].join(" ");
}

async function stop(dir: string): Promise<void> {
  const pidFile = path.join(dir, PID_FILE);
  if (!existsSync(pidFile)) {
    console.log(`ci-haproxy-fixture: nothing runs in ${dir}`);
    return;
  }
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (alive(pid)) process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (alive(pid)) {
    if (Date.now() > deadline) fail(`process ${pid} did not stop within 10 s`);
    await sleep(50);
  }
  rmSync(pidFile, { force: true });
  rmSync(path.join(dir, ENV_FILE), { force: true });
  console.log(`ci-haproxy-fixture: stopped (pid ${pid})`);
}

const [command, dir, expected] = process.argv.slice(2);
if (!dir) fail("usage: node scripts/ci-haproxy-fixture.ts start|state|assert|stop <dir> [state]");
const where = path.resolve(dir);
switch (command) {
  case "serve":
    await serve(where);
    break;
  case "start":
    await start(where);
    break;
  case "state":
    console.log(await state(where));
    break;
  case "assert": {
    const actual = await state(where);
    if (actual !== expected) fail(`router state is "${actual}", expected "${expected}"`);
    console.log(`router state: ${actual}`);
    break;
  }
  case "stop":
    await stop(where);
    break;
  default:
    fail(`unknown command "${command}"; commands: start, state, assert, stop`);
}
// Done, except for "serve", which lives on; fetch's idle keep-alive connections would hold the others a while.
if (command !== "serve") process.exit();
