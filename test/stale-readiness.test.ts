import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { freePort } from "./support/apps.js";
import { type Haproxy, serverStatuses, startHaproxy, waitFor } from "./support/haproxy.js";
import { type LoadSample, startLoad } from "./support/load.js";

const SCRIPT = path.join(ROOT, "test/support/restartable-app.mjs");
/** The app needs this long after a (re)start before it listens. */
const STARTUP_MS = 4_000;

/** One color's app in its own process, restarted by deploy-command the way a service manager does. */
interface RestartableApp {
  dir: string;
  port: number;
  address: string;
  /** deploy-command: stops the app, starts it again with BLUEGREEN_VERSION, returns before it listens. */
  restartCommand: string;
  /** When the running process began to listen (epoch ms); undefined while it boots. */
  listeningAt(): number | undefined;
  pid(): number;
  stop(): void;
}

async function startRestartableApp(color: string, version: string): Promise<RestartableApp> {
  const dir = mkdtempSync(path.join(tmpdir(), `bluegreen-${color}-app-`));
  const port = await freePort();
  const child = spawn(process.execPath, [SCRIPT, "serve", dir, color, String(port), version, String(STARTUP_MS)], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  const listening = path.join(dir, "listening");
  const app: RestartableApp = {
    dir,
    port,
    address: `127.0.0.1:${port}`,
    restartCommand: `node ${SCRIPT} restart ${dir}`,
    listeningAt: () => (existsSync(listening) ? Number(readFileSync(listening, "utf8")) : undefined),
    pid: () => Number(readFileSync(path.join(dir, "pid"), "utf8")),
    stop: () => {
      try {
        process.kill(app.pid(), "SIGTERM");
      } catch {
        // Gone already.
      }
    },
  };
  await waitFor(async () => app.listeningAt() !== undefined, STARTUP_MS + 15_000);
  return app;
}

const failed = (samples: LoadSample[]) => samples.filter((s) => s.status !== 200);
const describeFailures = (samples: LoadSample[]) =>
  failed(samples)
    .map((s) => `${s.status || s.error} ${s.body ?? ""}`.trim())
    .join("; ");

/**
 * Issue 20, item 6, replayed: an existing HAProxy with its default checks (inter 2 s, fall 3,
 * rise 2), adopted by bluegreen under a load of 8 keep-alive clients, and a deploy-command that
 * restarts the app and returns 4 s before the app listens. HAProxy keeps calling the restarted
 * server UP meanwhile, so its view alone said "ready" while production would have answered 503.
 */
describe("readiness after a deploy that restarts the app (HAProxy's default checks, under load)", () => {
  let blue: RestartableApp;
  let green: RestartableApp;
  let haproxy: Haproxy;
  let inputs: Record<string, string>;
  const map = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => /^active (\w+)$/m.exec(await map())?.[1];

  beforeAll(async () => {
    [blue, green] = await Promise.all([startRestartableApp("blue", "v6"), startRestartableApp("green", "v5")]);
    // "check" alone: HAProxy's defaults, as an existing configuration has them.
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address], serverOptions: "check" });
    await waitFor(async () => (await serverStatuses(haproxy, "green")).every((s) => s === "UP"), 15_000);
    inputs = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "60" };
  }, 60_000);
  afterAll(async () => {
    await haproxy?.stop();
    blue?.stop();
    green?.stop();
  });

  it("prepare says ready only after the app answers, and promote switches with no failed request (or rolls back and says so)", async () => {
    const load = startLoad(`http://127.0.0.1:${haproxy.wwwPort}/`, 8, 120_000);
    // When prepare wrote its record (v7 on green): the last thing it does after "ready".
    let recordedAt: number | undefined;
    let watching = true;
    const watcher = (async () => {
      while (watching && recordedAt === undefined) {
        if (/^bluegreen\.ledger .*green=v7/m.test(await map())) recordedAt = Date.now();
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      const prepared = await runAction({ ...inputs, mode: "prepare", version: "v7", "deploy-command": green.restartCommand });
      watching = false;
      await watcher;
      expect(prepared.code, prepared.stdout).toBe(0);
      const listeningAt = green.listeningAt();
      expect(listeningAt, "the deploy-command really restarted green").toBeDefined();
      expect(recordedAt).toBeDefined();
      // Three answers 0.5 s apart, all from the new process: at least 1 s after it began to listen.
      expect((recordedAt as number) - (listeningAt as number)).toBeGreaterThanOrEqual(900);
      expect(prepared.stdout).toMatch(/✓ green ready: 1\/1 servers of green UP and answering \/health 3 times in a row/);
      const waited = Number(/wait green ready (\d+) ms/.exec(prepared.stdout)?.[1]);
      expect(waited, "prepare waited for the app's 4 s boot").toBeGreaterThanOrEqual(STARTUP_MS - 500);

      const promoted = await runAction({
        ...inputs,
        mode: "promote",
        version: "v7",
        "verify-url": `http://127.0.0.1:${haproxy.wwwPort}`,
        "version-path": "/version",
      });
      const samples = await load.stop();
      const bad = failed(samples);
      console.log(
        `stale readiness: ${samples.length} requests through production, ${bad.length} failed; prepare waited ${waited} ms for green, recorded ${(recordedAt as number) - (listeningAt as number)} ms after green listened; promote exit ${promoted.code}`,
      );
      if (promoted.code === 0) {
        expect(bad, describeFailures(samples)).toEqual([]);
        expect(promoted.stdout).toContain("Production switched from blue to green (v7).");
        expect(await live()).toBe("green");
      } else {
        // The only other truthful outcome: a failed step that returned production and says so.
        expect(promoted.stdout).toContain("traffic was returned to blue");
        expect(await live()).toBe("blue");
      }
      expect(samples.length).toBeGreaterThan(100);
    } finally {
      watching = false;
      await load.stop();
    }
  }, 120_000);

  it("promote checks afresh: a server that stopped since prepare is refused with one sentence, even while HAProxy may still call it UP", async () => {
    const prepared = await runAction({ ...inputs, mode: "prepare", version: "v8", "deploy-command": blue.restartCommand });
    expect(prepared.code, prepared.stdout).toBe(0);
    const load = startLoad(`http://127.0.0.1:${haproxy.wwwPort}/`, 8, 60_000);
    try {
      const before = await map();
      blue.stop();
      await waitFor(async () => blue.listeningAt() !== undefined && !(await answers(blue)), 5_000);
      // HAProxy needs 3 failed checks 2 s apart to call it DOWN: it usually still says UP when promote reads it, and
      // then only bluegreen's own check can refuse. On a busy machine its first failed check ("UP 2/3") may come first.
      const refused = await runAction({ ...inputs, mode: "promote", version: "v8", timeout: "3" });
      expect(refused.code).toBe(1);
      const sentence = /::error::(.*)$/m.exec(refused.stdout)?.[1] ?? "";
      const byProbe =
        /^Refusing to promote blue: it is not ready \(1\/1 servers of blue UP, but b1 at 127\.0\.0\.1:\d+ \(last: connection refused\) did not answer \/health with 2xx 3 times in a row within \d+\.\d s\)\. Production stays on green\.$/;
      const byHaproxy =
        /^Refusing to promote blue: it is not ready \(0\/1 servers of blue UP \(b1 (UP [12]\/3|DOWN)\)\)\. Production stays on green\.$/;
      expect(byProbe.test(sentence) || byHaproxy.test(sentence), sentence).toBe(true);
      console.log(`promote refused ${byProbe.test(sentence) ? "by bluegreen's own check" : "by HAProxy's view"}: ${sentence}`);
      expect(await map()).toBe(before);
      const samples = await load.stop();
      expect(failed(samples), describeFailures(samples)).toEqual([]);
    } finally {
      await load.stop();
    }
  }, 90_000);

  it("verify right after the switch fails at once on a 5xx, and promote rolls back and says so", async () => {
    // blue again: restarted, and answering.
    const prepared = await runAction({ ...inputs, mode: "prepare", version: "v9", "deploy-command": blue.restartCommand });
    expect(prepared.code, prepared.stdout).toBe(0);
    const promoted = await runAction({
      ...inputs,
      mode: "promote",
      version: "v9",
      // Every path under /fail answers 500 (health-path, /health, still answers 200 on the server itself).
      "verify-url": `http://127.0.0.1:${haproxy.wwwPort}/fail`,
    });
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      /Verification after promoting blue failed \(verify health \/health: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/fail\/health\); traffic was returned to green\./,
    );
    expect(await live()).toBe("green");
    const verifyMs = Number(/verify (\d+) ms/.exec(promoted.stdout)?.[1]);
    // Decided by the first answer, not retried until `timeout` (60 s).
    expect(verifyMs).toBeLessThan(5_000);
  }, 90_000);
});

async function answers(app: RestartableApp): Promise<boolean> {
  try {
    return (await fetch(`http://${app.address}/health`)).ok;
  } catch {
    return false;
  }
}
