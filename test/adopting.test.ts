import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, runAction } from "./support/action.js";
import { type App, freePort, startApp } from "./support/apps.js";
import { runtimeCommand, waitFor } from "./support/haproxy.js";
import type { LoadSample } from "./support/load.js";

/**
 * docs/adopting.md's HAProxy path, replayed from the doc's own blocks (```<lang> id=<name>): a
 * classic `default_backend app_v1` HAProxy in master-worker mode under load (busy keep-alive
 * clients and idle ones that wait between requests), the one-time reload to the map
 * configuration, then prepare with live-version, test and promote through the bundled action.
 * Not one request may fail, and status must show the live version.
 */
const DOC = readFileSync(path.join(ROOT, "docs/adopting.md"), "utf8");
const execFileAsync = promisify(execFile);
const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/** The doc's marked blocks by id. */
function blocks(): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of DOC.matchAll(/^```\w+ id=([\w-]+)\n([\s\S]*?)^```$/gm)) found.set(match[1] as string, match[2] as string);
  return found;
}

/**
 * Keep-alive clients, one connection each, that wait `pauseMs` between requests: 0 for busy ones,
 * about a second for idle ones (whose connection is idle in HAProxy when the reload comes). Each
 * failure says whether it came on a kept-alive connection. Bounded by `maxMs`.
 */
function startClients(url: string, clients: number, pauseMs: number, maxMs = 180_000) {
  const samples: LoadSample[] = [];
  let running = true;
  const deadline = Date.now() + maxMs;
  const agents = Array.from({ length: clients }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const one = (agent: http.Agent) =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = http.get(url, { agent }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on("end", () => {
          const sample: LoadSample = {
            start,
            end: performance.now(),
            status: res.statusCode ?? 0,
            color: String(res.headers["x-color"] ?? ""),
          };
          if (res.statusCode !== 200) sample.body = body.slice(0, 80);
          samples.push(sample);
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", (error) => {
        samples.push({
          start,
          end: performance.now(),
          status: 0,
          color: "",
          error: `${error.message}${req.reusedSocket ? " (reused)" : " (new)"}`,
        });
        resolve();
      });
    });
  const loops = agents.map(async (agent, i) => {
    // Spread the clients over the pause, so some are always idle and some about to send.
    await new Promise((r) => setTimeout(r, (pauseMs * i) / clients));
    while (running && Date.now() < deadline) {
      await one(agent);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  });
  return {
    samples,
    async stop(): Promise<LoadSample[]> {
      running = false;
      await Promise.all(loops);
      for (const agent of agents) agent.destroy();
      return samples;
    },
  };
}

describe("docs/adopting.md, HAProxy: from a classic default_backend setup under load", () => {
  const doc = blocks();
  let blue: App;
  let green: App;
  let haproxy: ChildProcess | undefined;
  let log = "";
  let dir: string;
  let ports: { www: number; preview: number };
  /** The doc's placeholders and what they are on this machine: each must occur in the doc. */
  let places: [string, string][];
  const local = (text: string) => places.reduce((t, [from, to]) => t.split(from).join(to), text);

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    dir = mkdtempSync(path.join(tmpdir(), "bluegreen-adopt-"));
    ports = { www: await freePort(), preview: await freePort() };
    places = [
      ["/run/haproxy/admin.sock", path.join(dir, "admin.sock")],
      ["/run/haproxy-master.sock", path.join(dir, "master.sock")],
      ["/etc/haproxy/haproxy.cfg", path.join(dir, "haproxy.cfg")],
      ["/etc/haproxy/bluegreen.map", path.join(dir, "bluegreen.map")],
      ["10.0.0.11:8080", blue.address],
      ["10.0.0.21:8080", green.address],
      ["bind :80\n", `bind 127.0.0.1:${ports.www}\n`],
      ["bind :8888\n", `bind 127.0.0.1:${ports.preview}\n`],
      ["http://preview.internal:8888", `http://127.0.0.1:${ports.preview}`],
      ["http://www.internal", `http://127.0.0.1:${ports.www}`],
      ["./deploy.sh", DEPLOY],
    ];
  });
  afterAll(async () => {
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((r) => haproxy?.once("exit", r));
      haproxy.kill("SIGTERM");
      await exited;
    }
    await blue?.close();
    await green?.close();
  });

  it("has every block the replay needs, and each placeholder the test swaps is in them", () => {
    expect([...doc.keys()].sort()).toEqual(["after", "before", "diff", "map", "reload", "steps"]);
    const all = [...doc.values()].join("\n");
    for (const [from] of places) expect(all, from).toContain(from);
  });

  it("its diff is exactly the change from the before block to the after block", () => {
    const lines = (doc.get("diff") as string).replace(/\n$/, "").split("\n");
    const side = (keep: string) =>
      `${lines
        .filter((l) => l === "" || l[0] === " " || l[0] === keep)
        .map((l) => l.slice(1))
        .join("\n")}\n`;
    expect(side("-")).toBe(doc.get("before"));
    expect(side("+")).toBe(doc.get("after"));
  });

  it("reloads once and promotes the first time with 0 failed requests; status then shows the live version", async () => {
    const config = path.join(dir, "haproxy.cfg");
    const admin = path.join(dir, "admin.sock");
    const master = path.join(dir, "master.sock");
    writeFileSync(config, local(doc.get("before") as string));
    // Master-worker mode with a master CLI, as the doc's systemd setup runs it (-db: in the foreground).
    haproxy = spawn("haproxy", ["-W", "-db", "-S", master, "-f", config], { stdio: ["ignore", "pipe", "pipe"] });
    haproxy.stdout?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    haproxy.stderr?.on("data", (c: Buffer) => {
      log += c.toString();
    });
    await waitFor(async () => {
      if (haproxy?.exitCode !== null) throw new Error(`haproxy exited: ${log}`);
      return (await runtimeCommand(admin, "show stat").catch(() => "")).includes("app_v1,BACKEND");
    }, 15_000);
    const www = `http://127.0.0.1:${ports.www}/`;
    const busy = startClients(www, 10, 0);
    const idle = startClients(www, 20, 1_000);
    await new Promise((r) => setTimeout(r, 2_000));

    // The one-time reload: the map first, then the new configuration, then the doc's commands.
    writeFileSync(path.join(dir, "bluegreen.map"), local(doc.get("map") as string));
    writeFileSync(config, local(doc.get("after") as string));
    const reloadAt = performance.now();
    // Asynchronously: the load keeps running through the reload (a synchronous call would stop it).
    const { stdout: reload } = await execFileAsync("bash", ["-e", "-c", local(doc.get("reload") as string)]);
    expect(reload).toMatch(/worker/);
    // The new worker answers for the map: the reload took.
    await waitFor(async () => /active app_v1/.test(await runtimeCommand(admin, `show map ${path.join(dir, "bluegreen.map")}`)), 15_000);
    // Every idle client has sent at least once more since the reload (its old connection was closed after one answer).
    await new Promise((r) => setTimeout(r, 3_000));

    const steps = parse(local(doc.get("steps") as string)) as { with: Record<string, string> }[];
    expect(steps.map((s) => s.with.mode)).toEqual(["prepare", "test", "promote"]);
    const runs = [];
    for (const step of steps) {
      const run = await runAction({ ...step.with, timeout: "60" });
      runs.push(run);
      expect(run.code, `${step.with.mode}: ${run.stdout}`).toBe(0);
    }
    expect(runs[0]?.stdout).toContain("record v1 as the version blue (production) runs, on the step's word (live-version)");
    expect(green.version).toBe("v2");
    await new Promise((r) => setTimeout(r, 2_000));
    const samples = [...(await busy.stop()), ...(await idle.stop())];
    const idleSamples = idle.samples;

    const failed = samples.filter((s) => s.status !== 200);
    // Each failure with its time from the start of the reload, in ms, and whether it came on a kept-alive connection.
    expect(failed.slice(0, 5).map((s) => ({ at: Math.round(s.start - reloadAt), error: s.error, status: s.status, body: s.body }))).toEqual(
      [],
    );
    expect(samples.length).toBeGreaterThan(1_000);
    // Idle clients were there on both sides of the reload.
    expect(idleSamples.filter((s) => s.start < reloadAt).length).toBeGreaterThanOrEqual(20);
    expect(idleSamples.filter((s) => s.start > reloadAt).length).toBeGreaterThanOrEqual(40);
    // Production was blue (app_v1) before the promote and green (app_v2) after it.
    expect(samples.filter((s) => s.start < reloadAt).every((s) => s.color === "blue")).toBe(true);
    const last = [...samples].sort((a, b) => b.end - a.end).slice(0, 20);
    expect(last.every((s) => s.color === "green")).toBe(true);
    console.log(
      `adopting: ${samples.length} requests (${idleSamples.length} from idle keep-alive clients), ${failed.length} failed, through the reload, prepare, test and promote`,
    );

    const status = await runAction({ ...(steps[0]?.with as Record<string, string>), mode: "status" });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/^production\s+green \(v2\)$/m);
    expect(status.stdout).toMatch(/^rollback target\s+blue \(v1\)$/m);
    expect(status.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "false" });

    // Left in a later prepare, live-version must agree with the record: v1 contradicts green's v2, refused before any deploy.
    const map = () => runtimeCommand(admin, `show map ${path.join(dir, "bluegreen.map")}`);
    const before = await map();
    const again = await runAction({ ...(steps[0]?.with as Record<string, string>), version: "v3" });
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toContain(
      "Refusing live-version v1: the router's record says green, the live color, runs v2, and live-version only fills in a version bluegreen has not recorded yet (adopting a live router); leave it out. Nothing was changed.",
    );
    expect(await map()).toBe(before);
    expect(blue.version).toBe("v1");
  });

  it("a map value naming no backend answers the fallback's explicit 503, never a color", async () => {
    const admin = path.join(dir, "admin.sock");
    const map = path.join(dir, "bluegreen.map");
    const before = /(?:^|\n)\S+ preview (\S+)/.exec(await runtimeCommand(admin, `show map ${map}`))?.[1] as string;
    expect(before).toBe("app_v1");
    expect((await runtimeCommand(admin, `set map ${map} preview app_v9`)).trim()).toBe("");
    try {
      const answer = await fetch(`http://127.0.0.1:${ports.preview}/`);
      expect(answer.status).toBe(503);
      expect(await answer.text()).toBe("bluegreen: map value names no backend");
    } finally {
      await runtimeCommand(admin, `set map ${map} preview ${before}`);
    }
  });
});
