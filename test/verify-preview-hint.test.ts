import { describe, expect, it } from "vitest";
import { runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * verify-url set to the preview entry: after the switch the preview serves the old color, so the
 * version check sees the old release. The failure says that verify-url may be the preview's URL.
 * A real HAProxy, the bundled action.
 */
describe("a verify that sees the preview color's version", () => {
  const world = useHaproxyWorld({ blue: "v1", green: "v2" });
  const map = async () => world.haproxy.command(`show map ${world.haproxy.mapFile}`);

  it("suggests that verify-url may point at the preview entry, and production goes back", async () => {
    // A first release through bluegreen, so that both colors' versions are recorded.
    expect((await runAction({ ...world.inputs, mode: "prepare", version: "v2" })).code).toBe(0);
    expect((await runAction({ ...world.inputs, mode: "promote", version: "v2" })).code).toBe(0);
    world.blue.version = "v3";
    expect((await runAction({ ...world.inputs, mode: "prepare", version: "v3" })).code).toBe(0);

    const preview = `http://127.0.0.1:${world.haproxy.previewPort}`;
    const run = await runAction({ ...world.inputs, mode: "promote", version: "v3", "verify-url": preview, "version-path": "/version" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(
      `::error::Verification after promoting blue failed (verify version /version: expected v3, got HTTP 200 "v2" from ${preview}/version, which is what green holds, the color the preview entry serves now: verify-url may point at the preview entry rather than production); traffic was returned to green.`,
    );
    expect(await map()).toMatch(/^\S+ active green$/m);
  });

  it("says nothing of the preview when production serves another version", async () => {
    // Blue serves v4 now, though v3 is recorded: production's own answer, not the preview's.
    expect((await runAction({ ...world.inputs, mode: "prepare", version: "v3" })).code).toBe(0);
    world.blue.version = "v4";
    const production = `http://127.0.0.1:${world.haproxy.wwwPort}`;
    const run = await runAction({ ...world.inputs, mode: "promote", version: "v3", "verify-url": production, "version-path": "/version" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(`expected v3, got HTTP 200 "v4" from ${production}/version); traffic was returned to green.`);
    expect(run.stdout).not.toContain("preview entry");
  });
});
