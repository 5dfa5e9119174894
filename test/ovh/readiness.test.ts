import { afterEach, describe, expect, it } from "vitest";
import { FRONTENDS, KEY_INPUTS, startWorld, type World } from "./world.js";

/**
 * The Load Balancer's health view lags a restart as HAProxy's does, so bluegreen asks the farm
 * servers themselves: here real local apps, at the addresses and ports the fake API lists.
 */
describe("ipLoadbalancing readiness: the servers themselves answer, not only the Load Balancer's view", () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it("prepare says what it checked; promote refuses a server that stopped answering while the Load Balancer still says UP", async () => {
    world = await startWorld();
    const { apps, fake } = world;
    const prepared = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2" });
    expect(prepared.code, prepared.stdout).toBe(0);
    expect(prepared.stdout).toContain("✓ green ready: 2/2 servers of farm 21, 22 ready and answering /health 3 times in a row");

    // The app behind server 201 answers 503 now; the fake Load Balancer's checks still say UP.
    apps.green80.healthy = false;
    const writes = fake.writes.length;
    const refused = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", timeout: "3" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      new RegExp(
        `::error::Refusing to promote green: it is not ready \\(2/2 servers of farm 21, 22 ready, but server 201 at 127\\.0\\.0\\.1:${apps.green80.port} \\(last: HTTP 503\\) did not answer /health with 2xx 3 times in a row within \\d+\\.\\d s\\)\\. Production stays on blue\\.`,
      ),
    );
    expect(fake.writes.length, "nothing was written").toBe(writes);
    expect(fake.liveFarm(FRONTENDS.www80)).toBe(11);

    apps.green80.healthy = true;
    const promoted = await world.run({ ...KEY_INPUTS, mode: "promote", version: "v2", "verify-url": fake.entryUrl(FRONTENDS.www80) });
    expect(promoted.code, promoted.stdout).toBe(0);
    expect(promoted.stdout).toContain("✓ green ready: 2/2 servers of farm 21, 22 ready and answering /health 3 times in a row");
    expect(fake.liveFarm(FRONTENDS.www80)).toBe(21);
  }, 90_000);

  it("prepare times out naming a server that refuses connections, whatever the Load Balancer says", async () => {
    world = await startWorld();
    const port = world.apps.green443.port;
    await world.apps.green443.close();
    const failed = await world.run({ ...KEY_INPUTS, mode: "prepare", version: "v2", timeout: "3" });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      new RegExp(
        `green becoming ready did not happen within \\d+\\.\\d s; last seen: 2/2 servers of farm 21, 22 ready, but server 202 at 127\\.0\\.0\\.1:${port} \\(last: connection refused\\) did not answer /health with 2xx 3 times in a row within \\d+\\.\\d s\\.`,
      ),
    );
    expect(world.fake.liveFarm(FRONTENDS.www80)).toBe(11);
  }, 90_000);
});
