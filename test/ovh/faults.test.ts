import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clearSecrets, maskSecret } from "../../src/platform/secrets.js";
import { commandEnvironment } from "../../src/platform/user-command.js";
import { ROOT } from "../support/action.js";
import { CREDENTIALS, FRONTENDS, KEY_ENV, KEY_INPUTS, SECRETS, SERVICE, startWorld, visibleText, type World } from "./world.js";

const DUMP_ENV = path.join(ROOT, "test/ovh/dump-env.mjs");
const ALL_FRONTENDS = Object.values(FRONTENDS);

/** Configured and applied farm of every frontend: compared before and after each run. */
function routing(world: World) {
  return ALL_FRONTENDS.map((id) => ({ id, configured: world.fake.configuredFarm(id), live: world.fake.liveFarm(id) }));
}

function noSecrets(world: World): void {
  for (const run of world.runs) for (const secret of SECRETS) expect(visibleText(run)).not.toContain(secret);
}

describe("ipLoadbalancing faults and inputs, through the bundled action", () => {
  let world: World;
  afterEach(async () => {
    if (world) noSecrets(world);
    await world?.close();
  });

  it("does not wait on a refresh the task list still shows but that reads done when fetched (case 6)", async () => {
    // The list lags ten minutes behind the tasks: a finished refresh stays listed as todo.
    world = await startWorld({ taskListLagMs: 600_000 });
    const { fake } = world;
    const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const foreign = fake.startForeignRefresh(100);
    const stale = `/1.0/ipLoadbalancing/${SERVICE}/task/${foreign}`;
    while (fake.tasks.get(foreign)?.status !== "done") await new Promise((resolve) => setTimeout(resolve, 50));
    const requestsBefore = fake.requests.length;
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "20" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect(routing(world).map((f) => f.live)).toEqual([21, 22, 11, 12]);
    // The list still returned the finished task; bluegreen fetched it and believed the task.
    const listed = fake.requests.slice(requestsBefore).filter((r) => r.path.includes("/task?") && r.path.includes("status=todo"));
    expect(listed.length).toBeGreaterThan(0);
    expect(fake.requests.slice(requestsBefore).some((r) => r.path === stale)).toBe(true);
  });

  it("fails at once, naming the reason, when a refresh task may not be read (403), and changes nothing", async () => {
    world = await startWorld();
    const { fake } = world;
    const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const before = routing(world);
    const putsBefore = fake.requests.filter((r) => r.method === "PUT" && r.path.includes("/frontend/")).length;
    fake.startForeignRefresh(60_000);
    fake.faults.forbidden = { pathIncludes: "/task/", times: 1_000 };
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "60" });
    expect(promoted.code).toBe(1);
    const text = `${promoted.stdout}\n${promoted.stderr}`;
    expect(text).toMatch(/HTTP 403: This call has not been granted/);
    expect(text).toContain("Nothing was changed. Production stays on blue.");
    // It did not sit out the 60 s timeout on an error that cannot heal.
    expect(promoted.ms).toBeLessThan(30_000);
    expect(routing(world)).toEqual(before);
    expect(fake.requests.filter((r) => r.method === "PUT" && r.path.includes("/frontend/")).length).toBe(putsBefore);
    expect(fake.service.displayName ?? "").not.toContain("bg-lock");
  });

  it("refuses green farms listed in the other port's order, before any change (case 14)", async () => {
    world = await startWorld();
    const before = routing(world);
    const run = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2", "ovh-green-farms": "22,21" });
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain(
      'Input "ovh-green-farms": green farm 22 (port 443) is paired with blue farm 11 (port 80) for frontend 1; allowed: farms listed in the order of ovh-frontends',
    );
    expect(world.fake.writes).toEqual([]);
    expect(routing(world)).toEqual(before);
    // The production frontends name farms at the wrong position of the list: also refused.
    const swapped = await world.run({ ...KEY_INPUTS, mode: "promote", "ovh-blue-farms": "12,11", "ovh-green-farms": "22,21" });
    expect(swapped.code).toBe(1);
    expect(`${swapped.stdout}${swapped.stderr}`).toContain(
      'Input "ovh-blue-farms": frontend 1 (port 80), number 1 in ovh-frontends, sends traffic to farm 11, which is number 2 in ovh-blue-farms (12,11)',
    );
    expect(world.fake.writes).toEqual([]);
  });

  it("blames an unknown ovh-service on ovh-service, not on the frontends (case 14)", async () => {
    world = await startWorld();
    const run = await world.run({ ...KEY_INPUTS, mode: "promote", "ovh-service": "loadbalancer-nosuchservice" });
    expect(run.code).toBe(1);
    const text = `${run.stdout}${run.stderr}`;
    expect(text).toContain('Input "ovh-service": the OVH API knows no Load Balancer "loadbalancer-nosuchservice" for these credentials');
    expect(text).not.toContain('Input "ovh-frontends"');
    expect(world.fake.writes).toEqual([]);
  });

  it("turns a credential with a line break or control character into an input error, never a stack trace (case 14)", async () => {
    world = await startWorld();
    const cases: [Record<string, string>, Record<string, string>, string, string][] = [
      [{ ...KEY_INPUTS, "ovh-consumer-key": `${CREDENTIALS.consumerKey}\nX-Injected: 1` }, {}, "ovh-consumer-key", "a line break"],
      [{}, { ...KEY_ENV, OVH_APPLICATION_SECRET: `${CREDENTIALS.appSecret}\r\nmore` }, "ovh-application-secret", "a line break"],
      [{ ...KEY_INPUTS, "ovh-application-key": `${CREDENTIALS.appKey}\u0007` }, {}, "ovh-application-key", "a control character"],
      [
        { "ovh-client-id": "bg-client-id-42", "ovh-client-secret": `${CREDENTIALS.clientSecret}\nsecond-line` },
        {},
        "ovh-client-secret",
        "a line break",
      ],
    ];
    for (const [inputs, env, input, what] of cases) {
      const run = await world.run({ ...inputs, mode: "promote" }, env);
      expect(run.code, run.stderr).toBe(1);
      const text = `${run.stdout}\n${run.stderr}`;
      expect(text).toContain(`Input "${input}": the value`);
      expect(text).toContain(`contains ${what}; allowed: the credential exactly as OVH issued it, on one line`);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // Not quoted anywhere a user sees (the ::add-mask:: lines are the runner's, consumed, never shown).
      expect(visibleText(run)).not.toMatch(/X-Injected|second-line|more\b/);
    }
    expect(world.fake.requests).toEqual([]);
  });

  it("keeps OVH credentials and registered secrets out of deploy-command's environment (case 17)", async () => {
    world = await startWorld();
    const dump = path.join(world.dir, "env.json");
    const run = await world.run(
      { mode: "prepare", version: "v2", "deploy-command": `node ${DUMP_ENV} ${dump}` },
      { ...KEY_ENV, OVH_CLIENT_SECRET: "unused-client-secret-77", SOME_TOKEN_COPY: `token=${CREDENTIALS.consumerKey}`, KEEP_ME: "yes" },
    );
    expect(run.code, run.stdout).toBe(0);
    const env = JSON.parse(readFileSync(dump, "utf8")) as Record<string, string>;
    for (const name of ["OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY", "OVH_CLIENT_SECRET", "SOME_TOKEN_COPY"]) {
      expect(env[name], name).toBeUndefined();
    }
    const text = JSON.stringify(env);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(Object.keys(env).filter((key) => key.startsWith("INPUT_"))).toEqual([]);
    expect(env).toMatchObject({ KEEP_ME: "yes", BLUEGREEN_COLOR: "green", BLUEGREEN_VERSION: "v2", BLUEGREEN_BACKEND: "ipLoadbalancing" });
    expect(run.stdout).toContain(
      "Not passed to deploy-command (credentials bluegreen keeps to itself): OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CLIENT_SECRET, OVH_CONSUMER_KEY, SOME_TOKEN_COPY.",
    );
  });

  it("waits for a lock another run holds, and fails clearly, changing nothing, when it is still held at the timeout (case 12)", async () => {
    world = await startWorld();
    const { fake } = world;
    const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const before = routing(world);
    const ledgerBefore = fake.displayName(FRONTENDS.www80);
    // A run elsewhere holds the lock for another five minutes.
    fake.service.displayName = `my lb [bg-lock:owner=0123456789ab&until=${fake.apiTime() + 300}]`;
    const blocked = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "3" });
    expect(blocked.code).toBe(1);
    const text = `${blocked.stdout}${blocked.stderr}`;
    expect(text).toContain(
      "Another bluegreen run (0123456789ab) holds the lock on the Load Balancer loadbalancer-bluegreen-test: waiting until it is done.",
    );
    expect(text).toContain(
      "Another bluegreen run held the lock on the Load Balancer loadbalancer-bluegreen-test all the while this run read it, so what it read may be half a switch; this run changed nothing.",
    );
    expect(routing(world)).toEqual(before);
    expect(fake.displayName(FRONTENDS.www80)).toBe(ledgerBefore);
    expect(fake.service.displayName).toMatch(/^my lb \[bg-lock:owner=0123456789ab&/);
    // Once it expires (the holder died), the next run takes the lock over and switches; the user's name stays.
    fake.advanceClock(301);
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(routing(world).map((f) => f.live)).toEqual([21, 22, 11, 12]);
    expect(fake.service.displayName).toBe("my lb");
  });

  it("refuses prepare while changes wait for a refresh (an interrupted switch), instead of applying them behind the user's back", async () => {
    world = await startWorld();
    const { fake } = world;
    // An interrupted promote of v2: frontend 1 staged to green with the record, never refreshed.
    const frontend = fake.frontends.get(FRONTENDS.www80);
    if (!frontend) throw new Error("no frontend 1");
    frontend.defaultFarmId = 21;
    frontend.displayName = "www [bg:live=green&previous=blue&blue=v1&green=v2&action=promote]";
    fake.pendingChanges = 1;
    const before = routing(world);
    const run = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v3" });
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain("has changes no refresh applied yet (gra: 1)");
    expect(routing(world)).toEqual(before);
    expect(fake.tasks.size).toBe(0);
    // A promote with nothing else to do finishes it: one refresh, and the data plane follows.
    const repaired = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2" });
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(repaired.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect(routing(world).map((f) => [f.configured, f.live])).toEqual([
      [21, 21],
      [22, 22],
      [11, 11],
      [12, 12],
    ]);
    expect(fake.pendingChanges).toBe(0);
  });
});

describe("a user command's environment", () => {
  afterEach(() => clearSecrets());

  it("drops INPUT_*, the OVH credential variables and any variable holding a registered secret", () => {
    maskSecret("kube-token-5Jd8Qa2");
    const { env, withheld } = commandEnvironment({
      PATH: "/usr/bin",
      INPUT_OVH_CONSUMER_KEY: "x",
      OVH_APPLICATION_SECRET: "s",
      ovh_consumer_key: "c",
      OVH_ENDPOINT: "ovh-eu",
      BEARER: "Authorization: Bearer kube-token-5Jd8Qa2",
    });
    expect(env).toEqual({ PATH: "/usr/bin", OVH_ENDPOINT: "ovh-eu" });
    expect(withheld.sort()).toEqual(["BEARER", "OVH_APPLICATION_SECRET", "ovh_consumer_key"]);
  });
});
