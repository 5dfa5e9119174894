import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../support/action.js";
import { body, DEPLOY, FRONTENDS, KEY_ENV, KEY_INPUTS, SECRETS, SERVICE, startWorld, visibleText, type World } from "./world.js";

const FRONTEND = (id: number) => `/ipLoadbalancing/${SERVICE}/http/frontend/${id}`;
const REFRESH = `/ipLoadbalancing/${SERVICE}/refresh`;

/** Farms each frontend's configuration names, and the ones the Load Balancer runs. */
function farms(world: World) {
  const ids = Object.values(FRONTENDS);
  return {
    configured: ids.map((id) => world.fake.configuredFarm(id)),
    live: ids.map((id) => world.fake.liveFarm(id)),
  };
}

/** After every test: no secret in anything a run showed, and no Node warning (the client's socket listeners once leaked). */
function expectCleanOutput(world: World): void {
  expect(world.runs.length).toBeGreaterThan(0);
  for (const run of world.runs) {
    const text = visibleText(run);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(run.stderr).not.toMatch(/Warning/);
  }
}

describe("the bundle", () => {
  it("keeps the OVH client out of the main chunk (loaded only by an ipLoadbalancing run)", () => {
    const dist = path.join(ROOT, "dist");
    expect(readFileSync(path.join(dist, "index.js"), "utf8")).not.toContain("X-Ovh-Application");
    const chunks = readdirSync(dist).filter((name) => /^\d+\.index\.js$/.test(name));
    expect(chunks.some((name) => readFileSync(path.join(dist, name), "utf8").includes("X-Ovh-Application"))).toBe(true);
  });
});

describe("ipLoadbalancing backend, through the bundled action and the real node-ovh client", () => {
  let world: World;
  afterEach(async () => {
    if (world) expectCleanOutput(world);
    await world?.close();
  });

  it("walks prepare, test, promote and rollback, switching ports 80 and 443 together", async () => {
    world = await startWorld();
    const { fake, apps } = world;
    // green's first server is still starting: prepare must wait for it.
    fake.setServerState(21, 201, "DOWN");
    setTimeout(() => fake.setServerState(21, 201, "UP"), 800);
    const record = path.join(world.dir, "deploy.json");

    const prepared = await world.run({ mode: "prepare", version: "v2", "deploy-command": `node ${DEPLOY} ${record}` }, KEY_ENV);
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", version: "v2", changed: "true" });
    expect(JSON.parse(readFileSync(record, "utf8"))).toEqual({
      BLUEGREEN_SERVERS: `${apps.green80.address},${apps.green443.address}`,
      BLUEGREEN_COLOR: "green",
      BLUEGREEN_VERSION: "v2",
      BLUEGREEN_BACKEND: "ipLoadbalancing",
    });
    expect([apps.green80.version, apps.green443.version, apps.blue80.version]).toEqual(["v2", "v2", "v1"]);
    // prepare polled green's server until it came UP.
    expect(fake.requests.filter((r) => r.path.endsWith("/farm/21/server/201")).length).toBeGreaterThan(1);
    // Preview frontends point at green and the refresh applied it; production untouched.
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    expect(fake.displayName(FRONTENDS.www80)).toBe("www [bg:green=v2&pending=green]");
    expect(await body(fake.entryUrl(FRONTENDS.preview80), "/version")).toBe("v2");
    expect(await body(fake.entryUrl(FRONTENDS.preview443), "/version")).toBe("v2");
    expect(await body(fake.entryUrl(FRONTENDS.www80), "/version")).toBe("v1");

    const preparedAgain = await world.run({ mode: "prepare", version: "v2", "deploy-command": `node ${DEPLOY} ${record}` }, KEY_ENV);
    expect(preparedAgain.code, preparedAgain.stdout).toBe(0);
    expect(preparedAgain.outputs.changed).toBe("false");

    // test: through the preview frontend's listener; the pass is recorded in the ledger. The API counts that
    // displayName as a pending change, so one refresh applies it: bluegreen leaves nothing unapplied.
    const tasksBefore = fake.tasks.size;
    const tested = await world.run({
      ...KEY_INPUTS,
      mode: "test",
      "test-url": fake.entryUrl(FRONTENDS.preview80),
      "version-path": "/version",
      "test-requests": "40",
      "test-concurrency": "4",
      // Latency thresholds have tests of their own; a busy 2-core CI machine must not fail this one.
      "max-p95-ms": "5000",
    });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.outputs).toMatchObject({ "target-color": "green", version: "v2", changed: "false" });
    expect(fake.displayName(FRONTENDS.www80)).toMatch(/tested=green&testedVersion=v2/);
    expect(fake.tasks.size).toBe(tasksBefore + 1);
    expect(fake.pendingChanges).toBe(0);
    expect(tested.summary).toContain(`promote would: take bluegreen's lock on ${SERVICE}`);
    expect(tested.summary).toContain(`PUT ${FRONTEND(1)} {"defaultFarmId":21,"displayName":"www [bg:`);

    // promote: both ports to green, both previews to blue, one refresh, verified through port 80.
    const writesBefore = fake.writes.length;
    const promoted = await world.run({
      ...KEY_INPUTS,
      mode: "promote",
      version: "v2",
      "require-test": "true",
      "verify-url": fake.entryUrl(FRONTENDS.www80),
      "version-path": "/version",
    });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", "previous-color": "blue", version: "v2", changed: "true" });
    expect(farms(world)).toEqual({ configured: [21, 22, 11, 12], live: [21, 22, 11, 12] });
    const allWrites = fake.writes.slice(writesBefore);
    // A switch that outlasts a renewal period (5 s, on a loaded machine) renews its lease: the same owner, a later expiry.
    const leaseOf = (w: { body: string }) => /owner=([0-9a-f]{12})/.exec(String(JSON.parse(w.body || "{}").displayName ?? ""))?.[1];
    const renewals = allWrites.slice(1, -1).filter((w) => w.path === `/1.0/ipLoadbalancing/${SERVICE}`);
    for (const renewal of renewals) expect(leaseOf(renewal)).toBe(leaseOf(allWrites[0] as { body: string }));
    const promoteWrites = allWrites.filter((w, i) => i === 0 || i === allWrites.length - 1 || !renewals.includes(w));
    // The lock is taken (a lease in the service's displayName) before the switch and released after it.
    expect(promoteWrites.map((w) => `${w.method} ${w.path}`)).toEqual([
      `PUT /1.0/ipLoadbalancing/${SERVICE}`,
      `PUT /1.0${FRONTEND(1)}`,
      `PUT /1.0${FRONTEND(2)}`,
      `PUT /1.0${FRONTEND(3)}`,
      `PUT /1.0${FRONTEND(4)}`,
      `POST /1.0${REFRESH}`,
      `PUT /1.0/ipLoadbalancing/${SERVICE}`,
    ]);
    expect(JSON.parse(promoteWrites[0]?.body ?? "").displayName).toMatch(
      /^\[bg-lock:owner=[0-9a-f]{12}&until=\d+&host=[0-9a-f]{12}&pid=\d+\]$/,
    );
    expect(JSON.parse(promoteWrites[2]?.body ?? "")).toEqual({ defaultFarmId: 22 });
    expect(JSON.parse(promoteWrites[6]?.body ?? "")).toEqual({ displayName: "" });
    expect(await body(fake.entryUrl(FRONTENDS.www80), "/version")).toBe("v2");
    expect(await body(fake.entryUrl(FRONTENDS.www443), "/")).toBe("green v2");
    expect(fake.displayName(FRONTENDS.www80)).toMatch(/^www \[bg:live=green&previous=blue&/);
    expect(fake.displayName(FRONTENDS.www443)).toBe("www-tls");
    expect(promoted.summary).toMatch(/\| production \| blue \| green \|/);

    const promotedAgain = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promotedAgain.code, promotedAgain.stdout).toBe(0);
    expect(promotedAgain.outputs).toMatchObject({ "active-color": "green", changed: "false" });

    // rollback: from the ledger alone; a second one changes nothing.
    const rolledBack = await world.run({ ...KEY_INPUTS, mode: "rollback", "verify-url": fake.entryUrl(FRONTENDS.www443) });
    expect(rolledBack.code, rolledBack.stdout).toBe(0);
    expect(rolledBack.outputs).toMatchObject({ "active-color": "blue", "previous-color": "green", changed: "true" });
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    expect(await body(fake.entryUrl(FRONTENDS.www443), "/")).toBe("blue v1");
    const writesAfterRollback = fake.writes.length;
    const rolledBackAgain = await world.run({ ...KEY_INPUTS, mode: "rollback" });
    expect(rolledBackAgain.code, rolledBackAgain.stdout).toBe(0);
    expect(rolledBackAgain.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
    expect(fake.writes.length).toBe(writesAfterRollback);
    // Each run learnt the API's clock twice: once for the client's signatures (it is 120 s ahead: every
    // signed call passed), once for the lock's expiry times.
    expect(fake.requests.filter((r) => r.path === "/1.0/auth/time")).toHaveLength(2 * world.runs.length);
  }, 180_000); // eight runs of the bundle: over 60 s on a loaded 2-core machine

  /** A world where v2 is prepared on green (no deploy-command: the servers are assumed ready). */
  async function preparedWorld(): Promise<World> {
    const prepared = await startWorld();
    const run = await prepared.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(run.code, run.stdout).toBe(0);
    expect(farms(prepared).live).toEqual([11, 12, 21, 22]);
    return prepared;
  }

  it("dry-run prints the exact PUTs and the refresh, and sends no write", async () => {
    world = await preparedWorld();
    const { fake } = world;
    const writes = fake.writes.length;
    const ledgerBefore = fake.displayName(FRONTENDS.www80);
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", "dry-run": "true" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "blue", "target-color": "green", changed: "false" });
    const plan = promoted.outputs.plan ?? "";
    expect(plan).toMatch(
      new RegExp(
        `^PUT ${FRONTEND(1)} \\{"defaultFarmId":21,"displayName":"www \\[bg:live=green&previous=blue&green=v2&action=promote&at=[^"]+"\\} \\(production frontend, port 80: blue farm 11 -> green farm 21\\)$`,
        "m",
      ),
    );
    expect(plan).toContain(`PUT ${FRONTEND(2)} {"defaultFarmId":22} (production frontend, port 443: blue farm 12 -> green farm 22)`);
    expect(plan).toContain(`PUT ${FRONTEND(3)} {"defaultFarmId":11} (preview frontend, port 8080: green farm 21 -> blue farm 11)`);
    expect(plan).toContain(`PUT ${FRONTEND(4)} {"defaultFarmId":12} (preview frontend, port 8443: green farm 22 -> blue farm 12)`);
    expect(plan).toContain(`POST ${REFRESH}, then poll GET /ipLoadbalancing/${SERVICE}/task/{id} until done (at most 20 s`);
    expect(promoted.summary).toMatch(/Plan \(.*not applied\)/);
    expect(fake.writes.length).toBe(writes);
    expect(fake.displayName(FRONTENDS.www80)).toBe(ledgerBefore);
    expect(farms(world).configured).toEqual([11, 12, 21, 22]);
  });

  it("puts every frontend back when the refresh task ends in error", async () => {
    world = await preparedWorld();
    const { fake } = world;
    const ledgerBefore = fake.displayName(FRONTENDS.www80);
    fake.faults.refreshEndsIn = "error";
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code).toBe(1);
    const failure = `${promoted.stdout}\n${promoted.stderr}`;
    expect(failure).toMatch(/refresh task \d+ ended in error/);
    expect(failure).toContain(
      "Put back: frontend 1 (port 80) to farm 11 with its previous displayName, frontend 2 (port 443) to farm 12, frontend 3 (port 8080) to farm 21, frontend 4 (port 8443) to farm 22.",
    );
    expect(failure).toMatch(/Refreshed \(task \d+ done\)\. Production stays on blue\.\n/);
    // The configuration is as before, the Load Balancer runs it, and traffic is on blue.
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    expect(fake.displayName(FRONTENDS.www80)).toBe(ledgerBefore);
    expect(await body(fake.entryUrl(FRONTENDS.www80), "/")).toBe("blue v1");
    expect(promoted.outputs).toMatchObject({ "active-color": "blue", changed: "false" });
    // Nothing half-done is left: a promote now goes through.
    const again = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(again.code, again.stdout).toBe(0);
    expect(farms(world).live).toEqual([21, 22, 11, 12]);
  });

  it("puts back the frontends already changed when a PUT is refused half-way, and says so", async () => {
    world = await preparedWorld();
    const { fake } = world;
    const ledgerBefore = fake.displayName(FRONTENDS.www80);
    const tasks = fake.tasks.size;
    fake.faults.refusePut = 2; // frontend 1 is written, frontend 2 (port 443) is refused
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code).toBe(1);
    const failure = `${promoted.stdout}\n${promoted.stderr}`;
    expect(failure).toContain(
      `The switch stopped at PUT frontend 2 (port 443): OVH API PUT ${FRONTEND(2)} failed: HTTP 403: This call has not been granted`,
    );
    expect(failure).toContain("Put back: frontend 1 (port 80) to farm 11 with its previous displayName.");
    expect(failure).toMatch(/Refreshed \(task \d+ done; the switch had never been applied\)\. Production stays on blue\.\n/);
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    expect(fake.displayName(FRONTENDS.www80)).toBe(ledgerBefore);
    // The refused PUT was not retried (a 4xx stays refused); the put-back was refreshed once.
    expect(fake.requests.filter((r) => r.method === "PUT" && r.status === 403)).toHaveLength(1);
    expect(fake.tasks.size).toBe(tasks + 1);
  });

  it("waits for a refresh someone else started before staging its own changes", async () => {
    world = await preparedWorld();
    const { fake } = world;
    const putsBefore = fake.putTimes.length;
    const foreign = fake.startForeignRefresh(1_500);
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    const foreignDone = Date.parse(fake.tasks.get(foreign)?.doneDate ?? "");
    const ours = [...fake.tasks.values()].at(-1);
    expect(ours?.id).not.toBe(foreign);
    expect(Date.parse(ours?.creationDate ?? "")).toBeGreaterThanOrEqual(foreignDone);
    const puts = fake.putTimes.slice(putsBefore);
    expect(puts).toHaveLength(4);
    expect(puts.every((time) => time >= foreignDone)).toBe(true);
  });

  it("fails clearly on a bad signature (wrong application secret), without printing any secret", async () => {
    world = await startWorld();
    const wrongSecret = "wrongSecret-Zx81Qp0Lm2Vb";
    const run = await world.run({ ...KEY_INPUTS, "ovh-application-secret": wrongSecret, mode: "promote" });
    expect(run.code).toBe(1);
    const failure = `${run.stdout}\n${run.stderr}`;
    expect(failure).toContain("HTTP 400: Invalid signature");
    expect(failure).toContain("check ovh-application-secret and ovh-consumer-key");
    expect(visibleText(run)).not.toContain(wrongSecret);
    expect(world.fake.requests.some((r) => r.status === 400)).toBe(true);
    expect(world.fake.writes).toHaveLength(0);
  });

  it("retries a 503 and goes on; never retries other 4xx", async () => {
    world = await startWorld();
    world.fake.faults.unavailable = { pathIncludes: "/frontend/", times: 1 };
    const run = await world.run({ ...KEY_INPUTS, mode: "promote" });
    expect(run.stdout).toMatch(/HTTP 503: The service is temporarily unavailable; trying again in \d+ ms/);
    // The retried read went on to the decision: nothing is prepared on this fresh router (issue 11 case 8).
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("Nothing to promote: nothing was prepared (bluegreen has never switched this router)");
    expect(run.outputs).toMatchObject({ "active-color": "blue", changed: "false" });

    const missing = await world.run({
      ...KEY_INPUTS,
      mode: "promote",
      "ovh-frontends": "1,9",
      "ovh-blue-farms": "11,12",
      "ovh-green-farms": "21,22",
    });
    expect(missing.code).toBe(1);
    expect(`${missing.stdout}${missing.stderr}`).toContain(
      'Input "ovh-frontends": the Load Balancer loadbalancer-bluegreen-test has no http frontend 9 (OVH API GET /ipLoadbalancing/loadbalancer-bluegreen-test/http/frontend/9 failed: HTTP 404: The requested object (frontendId = 9) does not exist)',
    );
    expect(world.fake.requests.filter((r) => r.path.endsWith("/frontend/9"))).toHaveLength(1);
  });

  it("signs in with OAuth2 client credentials instead of keys", async () => {
    world = await startWorld();
    const run = await world.run({
      mode: "prepare",
      version: "v2",
      "ovh-client-id": "bg-client-id-42",
      "ovh-client-secret": SECRETS[2] as string,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(farms(world).live).toEqual([11, 12, 21, 22]);
    // One token for the run, then Bearer calls: no API key was ever sent.
    expect(world.fake.requests.filter((r) => r.path === "/auth/oauth2/token")).toHaveLength(1);
    const wrong = await world.run({ mode: "promote", "ovh-client-id": "bg-client-id-42", "ovh-client-secret": "notTheClientSecret-77" });
    expect(wrong.code).toBe(1);
    expect(`${wrong.stdout}${wrong.stderr}`).toMatch(
      /OAuth2 token request failed: .*invalid_client.*\(HTTP 401\) \(check ovh-client-id and ovh-client-secret\)/,
    );
    expect(visibleText(wrong)).not.toContain("notTheClientSecret-77");
    const both = await world.run({
      ...KEY_INPUTS,
      mode: "promote",
      "ovh-client-id": "bg-client-id-42",
      "ovh-client-secret": SECRETS[2] as string,
    });
    expect(both.code).toBe(1);
    expect(`${both.stdout}${both.stderr}`).toContain("allowed: exactly one of the two sets");
  });

  it("reports production frontends that disagree, and only a promote or rollback repairs them", async () => {
    // An earlier switch stopped half-way: port 443 already goes to green.
    world = await startWorld({
      frontends: [
        { frontendId: FRONTENDS.www80, port: "80", defaultFarmId: 11, displayName: "www" },
        { frontendId: FRONTENDS.www443, port: "443", defaultFarmId: 22 },
        { frontendId: FRONTENDS.preview80, port: "8080", defaultFarmId: 21 },
        { frontendId: FRONTENDS.preview443, port: "8443", defaultFarmId: 22 },
      ],
    });
    const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.outputs["active-color"]).toBe("blue");
    expect(prepared.summary).toContain("The production frontends disagree (1 port 80 -> blue (farm 11); 2 port 443 -> green (farm 22))");
    expect(farms(world).configured).toEqual([11, 22, 21, 22]); // prepare left production alone
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(farms(world)).toEqual({ configured: [21, 22, 11, 12], live: [21, 22, 11, 12] });
    expect(promoted.summary).not.toContain("disagree (1 port 80 -> green");
  });

  it("repairs a split production with a promote that has nothing else to do", async () => {
    world = await startWorld({
      frontends: [
        { frontendId: FRONTENDS.www80, port: "80", defaultFarmId: 11, displayName: "www" },
        { frontendId: FRONTENDS.www443, port: "443", defaultFarmId: 22 },
        { frontendId: FRONTENDS.preview80, port: "8080", defaultFarmId: 21 },
        { frontendId: FRONTENDS.preview443, port: "8443", defaultFarmId: 22 },
      ],
    });
    const dry = await world.run({ ...KEY_INPUTS, mode: "promote", "dry-run": "true" });
    expect(dry.code, dry.stdout).toBe(0);
    expect(dry.stdout).toContain("Dry run: would move all of production to blue: it was split between colors.");
    expect(farms(world).configured).toEqual([11, 22, 21, 22]);
    const repaired = await world.run({ ...KEY_INPUTS, mode: "promote" });
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.outputs).toMatchObject({ "active-color": "blue", changed: "true" });
    expect(repaired.stdout).toContain("Moved all of production to blue: it was split between colors.");
    expect(farms(world)).toEqual({ configured: [11, 12, 21, 22], live: [11, 12, 21, 22] });
    const again = await world.run({ ...KEY_INPUTS, mode: "promote" });
    expect(again.outputs.changed).toBe("false");
  });

  it("speaks tcp and udp too (udp servers have no health checks: readiness is their status)", async () => {
    for (const protocol of ["tcp", "udp"] as const) {
      world = await startWorld({ protocol });
      world.fake.setServerState(21, 201, "DOWN"); // ignored for udp, which reports no check results
      // 3 s bounds tcp's readiness wait; udp's prepare takes the lock and switches the preview, which needs more on a loaded machine.
      const timeout = protocol === "tcp" ? "3" : "20";
      const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2", "ovh-protocol": protocol, timeout });
      if (protocol === "udp") {
        expect(prepared.code, prepared.stdout).toBe(0);
        expect(farms(world).live).toEqual([11, 12, 21, 22]);
        expect(world.fake.requests.some((r) => r.path.includes("/udp/frontend/1"))).toBe(true);
      } else {
        expect(prepared.code).toBe(1);
        expect(prepared.stdout).toMatch(
          /green becoming ready did not happen within 3\.\d s; last seen: 1\/2 servers of farm 21, 22 ready \(server 201 127\.0\.0\.1:\d+: instance 1 DOWN \(L4CON\), instance 2 DOWN \(L4CON\)\)/,
        );
        expect(world.fake.requests.some((r) => r.path.includes("/tcp/farm/21/server/201"))).toBe(true);
        // Production untouched; green's version is not recorded as prepared.
        expect(farms(world).live.slice(0, 2)).toEqual([11, 12]);
        expect(world.fake.displayName(FRONTENDS.www80)).not.toContain("green=v2");
        expectCleanOutput(world);
        await world.close();
      }
    }
  });

  it("names the input when a frontend's farm belongs to neither color", async () => {
    world = await startWorld();
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", "ovh-blue-farms": "13,12" });
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain(
      'Input "ovh-blue-farms": frontend 1 (port 80), number 1 in ovh-frontends, sends traffic to farm 11, which is in neither ovh-blue-farms (13,12) nor ovh-green-farms (21,22)',
    );
  });
});
