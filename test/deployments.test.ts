import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, ROOT, runAction } from "./support/action.js";
import { type App, freePort, startApp } from "./support/apps.js";
import { type Haproxy, serverStatuses, startHaproxy, waitFor } from "./support/haproxy.js";

const DEPLOY = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const TOKEN = "ghs_FakeTokenForTheLocalApi0123456789";

interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

interface Deployment {
  id: number;
  environment: string;
  statuses: { state: string; description?: string }[];
}

/**
 * The GitHub REST endpoints bluegreen uses, on 127.0.0.1: create a deployment, create a status,
 * list an environment's deployments and a deployment's statuses (newest first, as GitHub does).
 */
async function startGithubApi(options: { failCreate?: boolean } = {}) {
  const received: Received[] = [];
  const deployments: Deployment[] = [];
  let nextId = 100;
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://api");
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      received.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization, body });
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      const statuses = /^\/repos\/acme\/shop\/deployments\/(\d+)\/statuses$/.exec(url.pathname);
      if (req.method === "POST" && url.pathname === "/repos/acme/shop/deployments") {
        if (options.failCreate) return reply(500, { message: "Server Error" });
        const deployment = { id: nextId++, environment: String(body.environment), statuses: [] };
        deployments.push(deployment);
        return reply(201, { id: deployment.id, environment: deployment.environment, ref: body.ref });
      }
      if (req.method === "GET" && url.pathname === "/repos/acme/shop/deployments") {
        const environment = url.searchParams.get("environment");
        const list = deployments.filter((d) => !environment || d.environment === environment).reverse();
        return reply(
          200,
          list.map((d) => ({ id: d.id, environment: d.environment })),
        );
      }
      const deployment = statuses ? deployments.find((d) => d.id === Number(statuses[1])) : undefined;
      if (statuses && !deployment) return reply(404, { message: "Not Found" });
      if (deployment && req.method === "POST") {
        deployment.statuses.push({ state: String(body.state), description: body.description as string | undefined });
        return reply(201, { id: deployment.statuses.length, state: body.state });
      }
      if (deployment && req.method === "GET") return reply(200, [...deployment.statuses].reverse());
      reply(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    deployments,
    /** A deployment made before bluegreen (by hand, or another tool), still active. */
    seed(environment: string): Deployment {
      const deployment = { id: nextId++, environment, statuses: [{ state: "success" }] };
      deployments.push(deployment);
      return deployment;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function githubEnv(apiUrl: string): Record<string, string> {
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_RUN_ID: "4242",
  };
}

/** The token may appear only in the runner's `::add-mask::` command, which the runner consumes. */
function expectNoToken(run: ActionRun): void {
  const stdout = run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");
  expect(stdout).not.toContain(TOKEN);
  expect(run.stderr).not.toContain(TOKEN);
  expect(run.summary).not.toContain(TOKEN);
  expect(JSON.stringify(run.outputs)).not.toContain(TOKEN);
}

describe("GitHub Deployments from promote and rollback", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let api: Awaited<ReturnType<typeof startGithubApi>>;
  let common: Record<string, string>;

  beforeAll(async () => {
    blue = await startApp("blue", "v1");
    green = await startApp("green", "v0");
    haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
    api = await startGithubApi();
    common = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "20" };
  });
  afterAll(async () => {
    await api?.close();
    await haproxy?.stop();
    await blue?.close();
    await green?.close();
  });

  const withToken = { "github-token": TOKEN, environment: "prod-eu" };

  it("records promote and rollback, their statuses, and inactivates what they replaced", async () => {
    const older = api.seed("prod-eu");
    const other = api.seed("staging");
    const prepared = await runAction(
      { ...common, mode: "prepare", version: "v2", "deploy-command": DEPLOY, ...withToken },
      githubEnv(api.url),
    );
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(api.received, "prepare records nothing").toEqual([]);

    const promoted = await runAction({ ...common, mode: "promote", version: "v2", ...withToken }, githubEnv(api.url));
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs["active-color"]).toBe("green");
    expectNoToken(promoted);
    for (const request of api.received) expect(request.authorization).toBe(`token ${TOKEN}`);

    const create = api.received.find((r) => r.method === "POST" && r.path === "/repos/acme/shop/deployments");
    expect(create?.body).toMatchObject({
      ref: "0123456789abcdef0123456789abcdef01234567",
      environment: "prod-eu",
      task: "deploy",
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: true,
      payload: { tool: "bluegreen", mode: "promote", color: "green", from: "blue", version: "v2" },
    });
    const promoteRecord = api.deployments.find((d) => d.id !== older.id && d.id !== other.id) as Deployment;
    expect(promoteRecord.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(promoteRecord.statuses[1]?.description).toBe("green live: v2 (was blue)");
    const statusBodies = api.received.filter((r) => r.path.endsWith(`/deployments/${promoteRecord.id}/statuses`) && r.method === "POST");
    expect(statusBodies[0]?.body.log_url).toBe("https://github.example/acme/shop/actions/runs/4242");
    // The replaced deployment of the same environment goes inactive; another environment is left alone.
    expect(older.statuses.map((s) => s.state)).toEqual(["success", "inactive"]);
    expect(other.statuses.map((s) => s.state)).toEqual(["success"]);

    // A repeated promote changes nothing, so it records nothing.
    const count = api.deployments.length;
    const again = await runAction({ ...common, mode: "promote", version: "v2", ...withToken }, githubEnv(api.url));
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe("false");
    expect(api.deployments.length).toBe(count);

    const rolledBack = await runAction({ ...common, mode: "rollback", ...withToken }, githubEnv(api.url));
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expectNoToken(rolledBack);
    const rollbackRecord = api.deployments.at(-1) as Deployment;
    expect(rollbackRecord.id).not.toBe(promoteRecord.id);
    const rollbackCreate = api.received.filter((r) => r.method === "POST" && r.path === "/repos/acme/shop/deployments").at(-1);
    expect(rollbackCreate?.body).toMatchObject({
      task: "deploy:rollback",
      environment: "prod-eu",
      payload: { color: "blue", from: "green" },
    });
    expect(rollbackRecord.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(promoteRecord.statuses.map((s) => s.state)).toEqual(["in_progress", "success", "inactive"]);
  });

  it("records a refused promote as failure, and dry-run records nothing", async () => {
    const prepared = await runAction({ ...common, mode: "prepare", version: "v3", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as string;
    const app = target === "green" ? green : blue;

    const before = api.received.length;
    const dry = await runAction({ ...common, mode: "promote", "dry-run": "true", ...withToken }, githubEnv(api.url));
    expect(dry.code, dry.stdout).toBe(0);
    expect(api.received.length, "dry-run sends nothing to GitHub").toBe(before);
    expectNoToken(dry);

    app.healthy = false;
    try {
      await waitFor(async () => (await serverStatuses(haproxy, target)).every((s) => s.startsWith("DOWN")), 10_000);
      const refused = await runAction({ ...common, mode: "promote", ...withToken }, githubEnv(api.url));
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`Refusing to promote ${target}: it is not ready`);
      expectNoToken(refused);
      const record = api.deployments.at(-1) as Deployment;
      expect(record.statuses.map((s) => s.state)).toEqual(["in_progress", "failure"]);
      expect(record.statuses[1]?.description).toContain(`Refusing to promote ${target}`);
    } finally {
      app.healthy = true;
    }
  });

  it("never lets an unreachable or failing GitHub API block or fail the switch", async () => {
    await waitFor(async () => (await serverStatuses(haproxy, "green")).every((s) => s.startsWith("UP")), 10_000);
    await waitFor(async () => (await serverStatuses(haproxy, "blue")).every((s) => s.startsWith("UP")), 10_000);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const promoted = await runAction({ ...common, mode: "promote", ...withToken }, githubEnv(closed));
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs.changed).toBe("true");
    expect(promoted.stdout).toMatch(/GitHub deployment: create failed \(.*\); the switch is not affected\./);
    expect(promoted.summary).toContain("GitHub deployment: create failed");
    expectNoToken(promoted);

    const failing = await startGithubApi({ failCreate: true });
    try {
      const rolledBack = await runAction({ ...common, mode: "rollback", ...withToken }, githubEnv(failing.url));
      expect(rolledBack.code, rolledBack.stdout).toBe(0);
      expect(rolledBack.outputs.changed).toBe("true");
      expect(rolledBack.stdout).toContain("GitHub deployment: create failed");
      expectNoToken(rolledBack);
    } finally {
      await failing.close();
    }
  });
});
