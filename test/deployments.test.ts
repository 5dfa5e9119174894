import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, ROOT, runAction, runPost, startAction } from "./support/action.js";
import { type App, freePort, startApp } from "./support/apps.js";
import { type Deployment, type GithubApi, SHA, startGithubApi, TOKEN } from "./support/github-api.js";
import { type Haproxy, serverStatuses, startHaproxy, waitFor } from "./support/haproxy.js";

const DEPLOY = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
/** What the runner sets for a step: the run's commit, and which run, attempt, job and step this is. */
function githubEnv(apiUrl: string, sha = SHA.c, step = "bluegreen"): Record<string, string> {
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: sha,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_JOB: "promote",
    GITHUB_ACTION: step,
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
  expect(JSON.stringify(run.state)).not.toContain(TOKEN);
}

function states(deployment: Deployment | undefined): string[] {
  return (deployment?.statuses ?? []).map((s) => s.state);
}

describe("GitHub Deployments from promote and rollback", () => {
  let blue: App;
  let green: App;
  let haproxy: Haproxy;
  let api: GithubApi;
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
  const live = async () => (await haproxy.command(`show map ${haproxy.mapFile}`)).match(/active (\w+)/)?.[1];

  it("records promote and rollback with the commit and version each sends production to, and inactivates what they replaced", async () => {
    const older = api.seed("prod-eu");
    const other = api.seed("staging");
    // Release v2, built from commit a.
    const prepared = await runAction(
      { ...common, mode: "prepare", version: "v2", "deploy-command": DEPLOY, ...withToken },
      githubEnv(api.url, SHA.a),
    );
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "target-color": "green", version: "v2", ref: SHA.a, "deployment-id": "" });
    expect(api.received, "prepare records nothing").toEqual([]);
    expect(await haproxy.command(`show map ${haproxy.mapFile}`)).toContain(`greenRef=${SHA.a}`);

    const promoted = await runAction({ ...common, mode: "promote", version: "v2", ...withToken }, githubEnv(api.url, SHA.a));
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", version: "v2", ref: SHA.a });
    expectNoToken(promoted);
    for (const request of api.received) expect(request.authorization).toBe(`token ${TOKEN}`);
    expect(api.creates()[0]?.body).toMatchObject({
      ref: SHA.a,
      environment: "prod-eu",
      task: "deploy",
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      // prod-eu is not "production" or "prod": not a production environment unless the input says so.
      production_environment: false,
      payload: { tool: "bluegreen", mode: "promote", color: "green", from: "blue", version: "v2", ref: SHA.a },
    });
    const promoteRecord = api.deployments.at(-1) as Deployment;
    expect(promoted.outputs["deployment-id"]).toBe(String(promoteRecord.id));
    expect(promoted.state.deployment, "the post step can find the record").toContain(`"id":${promoteRecord.id}`);
    expect(states(promoteRecord)).toEqual(["in_progress", "success"]);
    expect(promoteRecord.statuses[1]?.description).toBe("green live: v2 (was blue)");
    expect(promoteRecord.statuses[0]?.log_url).toBe("https://github.example/acme/shop/actions/runs/4242");
    // The replaced deployment of the same environment goes inactive; another environment is left alone.
    expect(states(older)).toEqual(["success", "inactive"]);
    expect(states(other)).toEqual(["success"]);

    // A repeated promote changes nothing, so it records nothing.
    const count = api.deployments.length;
    const again = await runAction({ ...common, mode: "promote", version: "v2", ...withToken }, githubEnv(api.url, SHA.a));
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ changed: "false", "deployment-id": "", ref: SHA.a });
    expect(api.deployments.length).toBe(count);

    // Release v3 from commit b, promoted with a verify-url that carries credentials.
    const v3 = await runAction({ ...common, mode: "prepare", version: "v3", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.b));
    expect(v3.outputs).toMatchObject({ "target-color": "blue", ref: SHA.b });
    const verifyUrl = `http://deploy:Verify-Pass-123@127.0.0.1:${haproxy.wwwPort}/`;
    const promotedV3 = await runAction(
      { ...common, mode: "promote", version: "v3", "verify-url": verifyUrl, ...withToken },
      githubEnv(api.url, SHA.b),
    );
    expect(promotedV3.code, promotedV3.stdout).toBe(0);
    const v3Record = api.deployments.at(-1) as Deployment;
    expect(v3Record.ref).toBe(SHA.b);
    expect(promotedV3.outputs["environment-url"]).toBe(`http://127.0.0.1:${haproxy.wwwPort}/`);
    expect(v3Record.statuses.at(-1)).toMatchObject({ state: "success", environment_url: `http://127.0.0.1:${haproxy.wwwPort}/` });
    expect(JSON.stringify(api.received)).not.toContain("Verify-Pass-123");
    expect(states(promoteRecord)).toEqual(["in_progress", "success", "inactive"]);

    // A rollback dispatched from a newer commit (c) restores v2: its record names commit a and v2.
    const rolledBack = await runAction({ ...common, mode: "rollback", ...withToken }, githubEnv(api.url, SHA.c));
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expectNoToken(rolledBack);
    expect(await live()).toBe("green");
    expect(rolledBack.outputs).toMatchObject({ "active-color": "green", "target-color": "green", version: "v2", ref: SHA.a });
    const rollbackRecord = api.deployments.at(-1) as Deployment;
    expect(api.creates().at(-1)?.body).toMatchObject({
      ref: SHA.a,
      task: "deploy:rollback",
      environment: "prod-eu",
      payload: { mode: "rollback", color: "green", from: "blue", version: "v2", ref: SHA.a },
    });
    expect(api.creates().at(-1)?.body.description).toBe(`bluegreen rollback: green (v2, ${SHA.a.slice(0, 12)})`);
    expect(rolledBack.outputs["deployment-id"]).toBe(String(rollbackRecord.id));
    expect(states(rollbackRecord)).toEqual(["in_progress", "success"]);
    expect(states(v3Record)).toEqual(["in_progress", "success", "inactive"]);
  });

  it("marks production_environment from the production-environment input, and refuses a bad value or ref before any change", async () => {
    const mapBefore = await haproxy.command(`show map ${haproxy.mapFile}`);
    const bad = await runAction({ ...common, mode: "rollback", ...withToken, "production-environment": "yes" }, githubEnv(api.url));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Input "production-environment": "yes" is not allowed; allowed values: true, false.');
    const badRef = await runAction(
      { ...common, mode: "prepare", version: "v9", "deploy-command": DEPLOY, ref: "main" },
      githubEnv(api.url),
    );
    expect(badRef.code).toBe(1);
    expect(badRef.stdout).toContain('Input "ref": "main" is not a commit id; allowed: 7 to 64 hexadecimal digits (a commit SHA).');
    expect(await haproxy.command(`show map ${haproxy.mapFile}`)).toBe(mapBefore);

    // Blue still holds v3 (commit b): promote it again, recorded for environment "production".
    const toProduction = await runAction(
      { ...common, mode: "promote", version: "v3", "github-token": TOKEN, environment: "production" },
      githubEnv(api.url),
    );
    expect(toProduction.code, toProduction.stdout).toBe(0);
    expect(await live()).toBe("blue");
    expect(api.creates().at(-1)?.body).toMatchObject({ environment: "production", production_environment: true, ref: SHA.b });

    const v4 = await runAction({ ...common, mode: "prepare", version: "v4", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.c));
    expect(v4.code, v4.stdout).toBe(0);
    const explicit = await runAction(
      { ...common, mode: "promote", version: "v4", ...withToken, "production-environment": "true" },
      githubEnv(api.url),
    );
    expect(explicit.code, explicit.stdout).toBe(0);
    expect(api.creates().at(-1)?.body).toMatchObject({ environment: "prod-eu", production_environment: true, ref: SHA.c });
  });

  it("records a refused promote as failure, and dry-run records nothing", async () => {
    const prepared = await runAction({ ...common, mode: "prepare", version: "v5", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as string;
    expect(prepared.outputs.ref, "outside CI and without the ref input, no commit is known").toBe("");
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
      // No commit on record for v5: a promote names the run's commit, as the pipeline promotes what it prepared.
      expect(record.ref).toBe(SHA.c);
      expect(states(record)).toEqual(["in_progress", "failure"]);
      expect(record.statuses[1]?.description).toContain(`Refusing to promote ${target}`);
      expect(refused.outputs["deployment-id"]).toBe(String(record.id));
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
    expect(promoted.outputs["deployment-id"]).toBe("");
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

  it("ends the record with what production runs: a switch whose step outputs were lost is recorded success, the replaced release inactive", async () => {
    const prepared = await runAction({ ...common, mode: "prepare", version: "v6", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.a));
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as string;
    const from = await live();
    const replaced = api.deployments.filter((d) => d.environment === "prod-eu" && states(d).at(-1) === "success");
    expect(replaced.length, "a release of prod-eu is recorded live before the switch").toBe(1);
    const posted = api.received.length;
    // The step outputs cannot be written (a directory): the step fails after routing changed, and
    // says that the switch happened (a summary that cannot be written only warns).
    const promoted = await runAction(
      { ...common, mode: "promote", version: "v6", ...withToken },
      { ...githubEnv(api.url, SHA.a), GITHUB_OUTPUT: haproxy.dir },
    );
    expect(promoted.code).toBe(1);
    expect(promoted.stdout).toMatch(
      new RegExp(`::error::Production switched from ${from} to ${target} \\(v6\\)\\. But the step outputs could not be written \\(EISDIR`),
    );
    expect(await live()).toBe(target);
    const record = api.deployments.at(-1) as Deployment;
    expect(record.ref).toBe(SHA.a);
    // The statuses the API received, in order: this record in_progress then success, then the
    // release it replaced inactive. The record says what production runs, and that the outputs were lost.
    const statusPosts = api.received
      .slice(posted)
      .filter((r) => r.method === "POST" && r.path.endsWith("/statuses"))
      .map((r) => `${r.path.split("/")[5]} ${String(r.body.state)}`);
    expect(statusPosts).toEqual([`${record.id} in_progress`, `${record.id} success`, `${replaced[0]?.id} inactive`]);
    expect(states(record)).toEqual(["in_progress", "success"]);
    expect(record.statuses[1]?.description).toBe(
      `${target} live: v6 (was ${from}). The step's outputs were lost (they could not be written), so the step failed.`,
    );
    expect(states(replaced[0]).at(-1)).toBe("inactive");
    expect(replaced[0]?.statuses.at(-1)?.description).toBe(`replaced by deployment ${record.id}`);
    // What the post step would send again, had GitHub not taken it: the same final status.
    expect(promoted.state["deployment-outcome"]).toContain('"state":"success"');
  });

  it("after a failed verification, records what production runs: failure after the automatic rollback, success when it stays", async () => {
    const failing = await startApp("verify-fails", "none");
    failing.healthy = false; // production's health through verify-url never passes
    try {
      const verifyUrl = `http://${failing.address}/`;
      const replaced = () => api.deployments.filter((d) => d.environment === "prod-eu" && states(d).at(-1) === "success");
      for (const [version, autoRollback] of [
        ["v6b", "true"],
        ["v6c", "false"],
      ] as const) {
        const prepared = await runAction({ ...common, mode: "prepare", version, "deploy-command": DEPLOY }, githubEnv(api.url, SHA.b));
        expect(prepared.code, prepared.stdout).toBe(0);
        const target = prepared.outputs["target-color"] as string;
        const from = (await live()) as string;
        const liveRecords = replaced();
        expect(liveRecords.length, "one release of prod-eu is recorded live before the switch").toBe(1);
        const promoted = await runAction(
          { ...common, mode: "promote", version, "verify-url": verifyUrl, timeout: "3", "auto-rollback": autoRollback, ...withToken },
          githubEnv(api.url, SHA.b),
        );
        expect(promoted.code).toBe(1);
        const record = api.deployments.at(-1) as Deployment;
        if (autoRollback === "true") {
          // Traffic went back: the release recorded live before stays the live one.
          expect(await live()).toBe(from);
          expect(promoted.stdout).toContain(`traffic was returned to ${from}.`);
          expect(states(record)).toEqual(["in_progress", "failure"]);
          expect(replaced().map((d) => d.id)).toEqual(liveRecords.map((d) => d.id));
        } else {
          // Production stays on the new release: the record says so, with why the step failed.
          expect(await live()).toBe(target);
          expect(states(record)).toEqual(["in_progress", "success"]);
          expect(record.statuses[1]?.description).toMatch(
            new RegExp(
              `^${target} live: ${version} \\(was ${from}\\)\\. The step failed after the switch: Production is on ${target} but verification failed`,
            ),
          );
          expect(states(liveRecords[0]).at(-1)).toBe("inactive");
          expect(replaced().map((d) => d.id)).toEqual([record.id]);
        }
      }
    } finally {
      await failing.close();
    }
  });

  it("records no rollback rather than one naming the wrong commit when the restored release's commit is unknown", async () => {
    // Two releases prepared outside CI (no commit), then a rollback from a CI run with a token.
    for (const version of ["v7", "v8"]) {
      const prepared = await runAction({ ...common, mode: "prepare", version, "deploy-command": DEPLOY });
      expect(prepared.code, prepared.stdout).toBe(0);
      const promoted = await runAction({ ...common, mode: "promote", version });
      expect(promoted.code, promoted.stdout).toBe(0);
    }
    const creates = api.creates().length;
    const rolledBack = await runAction({ ...common, mode: "rollback", ...withToken }, githubEnv(api.url));
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ changed: "true", version: "v7", ref: "", "deployment-id": "" });
    expect(api.creates().length).toBe(creates);
    expect(rolledBack.stdout).toContain("the commit that built v7 on");
    expect(rolledBack.summary).toContain("no deployment was recorded for this rollback rather than one naming the wrong commit");
  });

  it("post step: ends a record that a cancelled job left in_progress, and sends a final status main could not", async () => {
    // Production takes connections but never answers: promote waits in verify for its first answer until it is cancelled
    // (a 5xx would decide at once: HAProxy switches every client at once).
    const slow = await startSilentServer();
    try {
      const prepared = await runAction({ ...common, mode: "prepare", version: "v9", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.b));
      expect(prepared.code, prepared.stdout).toBe(0);
      const target = prepared.outputs["target-color"] as string;
      const creates = api.creates().length;
      const inputs = { ...common, mode: "promote", version: "v9", "verify-url": `http://${slow.address}/`, timeout: "120", ...withToken };
      const step = startAction(inputs, githubEnv(api.url, SHA.b, "promote-step"));
      await waitFor(async () => api.creates().length > creates && states(api.deployments.at(-1)).includes("in_progress"), 20_000);
      await waitFor(async () => (await live()) === target, 20_000);
      // The runner cancels a job (or ends it at timeout-minutes) with SIGINT: no finally runs.
      step.child.kill("SIGINT");
      const cancelled = await step.done;
      expect(cancelled.code).not.toBe(0);
      const record = api.deployments.at(-1) as Deployment;
      expect(states(record)).toEqual(["in_progress"]);

      // Without the saved state (a runner that kept none), the post step finds its record by step identity.
      const post = await runPost(inputs, githubEnv(api.url, SHA.b, "promote-step"));
      expect(post.code, post.stdout).toBe(0);
      expect(states(record)).toEqual(["in_progress", "error"]);
      expect(record.statuses[1]?.description).toBe(
        "Job cancelled or timed out during promote; traffic may be on either color: check with bluegreen status or re-run.",
      );
      expect(post.stdout).toContain(`GitHub deployment ${record.id} was left in_progress by a job that stopped during promote`);
      expectNoToken(post);
      // With the saved state it finds the same record, already final: nothing more is sent.
      expect(cancelled.state.deployment).toContain(`"id":${record.id}`);
      const statusPosts = api.received.filter((r) => r.method === "POST").length;
      const again = await runPost(inputs, githubEnv(api.url, SHA.b, "promote-step"), cancelled.state);
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toContain(`GitHub deployment ${record.id} is already error; nothing to finish.`);
      expect(api.received.filter((r) => r.method === "POST").length).toBe(statusPosts);
      // Another step of the same job, which recorded nothing, leaves it alone.
      const otherStep = await runPost(inputs, githubEnv(api.url, SHA.b, "another-step"));
      expect(otherStep.stdout).toContain("this step recorded no GitHub deployment; nothing to finish.");
    } finally {
      await slow.close();
    }

    // main decides success but GitHub does not take the status: the post step sends it again.
    const prepared = await runAction({ ...common, mode: "prepare", version: "v10", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.c));
    expect(prepared.code, prepared.stdout).toBe(0);
    api.failNextStatus.add("success");
    const inputs = { ...common, mode: "promote", version: "v10", ...withToken };
    const promoted = await runAction(inputs, githubEnv(api.url, SHA.c));
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.stdout).toContain("GitHub deployment: status success failed");
    const record = api.deployments.at(-1) as Deployment;
    expect(states(record)).toEqual(["in_progress"]);
    const replaced = api.deployments.filter((d) => d.environment === "prod-eu" && states(d).at(-1) === "success");
    expect(replaced.length, "the release promote replaced still shows success").toBeGreaterThan(0);
    const post = await runPost(inputs, githubEnv(api.url, SHA.c), promoted.state);
    expect(post.code, post.stdout).toBe(0);
    expect(states(record)).toEqual(["in_progress", "success"]);
    for (const older of replaced) expect(states(older).at(-1)).toBe("inactive");
    expect(record.statuses[1]?.description).toMatch(/ live: v10 \(was /);

    // prepare and test never record, so their post step sends nothing at all.
    const requests = api.received.length;
    const quiet = await runPost({ ...common, mode: "prepare", version: "v11", ...withToken }, githubEnv(api.url));
    expect(quiet.code).toBe(0);
    expect(api.received.length).toBe(requests);
  });

  it("refuses a rollback to a color a prepare has replaced since the last switch, and records nothing", async () => {
    // Production runs v10; the color it left (v9) now gets v11, prepared and waiting for approval.
    const prepared = await runAction({ ...common, mode: "prepare", version: "v11", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.a));
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as string;
    const liveColor = await live();
    const mapBefore = await haproxy.command(`show map ${haproxy.mapFile}`);
    const creates = api.creates().length;
    const rolledBack = await runAction({ ...common, mode: "rollback", ...withToken }, githubEnv(api.url));
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stdout).toContain(
      `Refusing to roll back to ${target}: it no longer runs the release that was live before, a prepare replaced it with v11 (not promoted). Production stays on ${liveColor}.`,
    );
    expect(await haproxy.command(`show map ${haproxy.mapFile}`)).toBe(mapBefore);
    expect(api.creates().length).toBe(creates);
  });

  it("forgets a color's commit with its version when a prepare fails", async () => {
    const prepared = await runAction({ ...common, mode: "prepare", version: "v12", "deploy-command": DEPLOY }, githubEnv(api.url, SHA.b));
    expect(prepared.code, prepared.stdout).toBe(0);
    const target = prepared.outputs["target-color"] as string;
    expect(await haproxy.command(`show map ${haproxy.mapFile}`)).toContain(`${target}Ref=${SHA.b}`);
    const failed = await runAction(
      { ...common, mode: "prepare", version: "v13", "deploy-command": "/bin/false" },
      githubEnv(api.url, SHA.c),
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${target}'s version is now recorded as unknown`);
    const map = await haproxy.command(`show map ${haproxy.mapFile}`);
    expect(map).not.toContain(`${target}=`);
    expect(map).not.toContain(`${target}Ref=`);
  });
});

/** A server that accepts connections and never answers a request. */
async function startSilentServer(): Promise<{ address: string; close(): Promise<void> }> {
  const server = http.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
