import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { waitFor } from "./support/haproxy.js";
import { startLoad } from "./support/load.js";
import { useHaproxyWorld } from "./support/world.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

describe("haproxy backend: safety", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "10" } });
  let release = 10;
  afterEach(() => {
    world.blue.healthy = true;
    world.green.healthy = true;
  });

  const map = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const live = async () => (/^active (\w+)$/m.exec(await map()) as RegExpExecArray)[1];
  const appOf = (color: string) => (color === "blue" ? world.blue : world.green);
  const idle = async () => ((await live()) === "blue" ? "green" : "blue");
  /** Waits until HAProxy's checks see the color's servers in the wanted state. */
  const settle = (color: string, status: string) =>
    waitFor(
      async () => (await world.haproxy.command("show stat")).includes(`,${status},`) && (await haproxyStatus(color)) === status,
      5_000,
    );
  const haproxyStatus = async (color: string) => {
    const stat = await world.haproxy.command("show stat");
    const header = (stat.split("\n")[0] ?? "").replace(/^#\s*/, "").split(",");
    const row = stat.split("\n").find((l) => l.startsWith(`${color},`) && !l.startsWith(`${color},BACKEND`));
    return row?.split(",")[header.indexOf("status")];
  };
  const prepareNext = async () => {
    const version = `v${release++}`;
    const run = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": DEPLOY });
    expect(run.code, run.stdout).toBe(0);
    return version;
  };

  it("refuses to promote a color whose servers are down, and changes nothing", async () => {
    const version = await prepareNext();
    const target = await idle();
    appOf(target).healthy = false;
    await settle(target, "DOWN");
    const before = await map();
    const run = await runAction({ ...world.inputs, mode: "promote", version });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`::error::Refusing to promote ${target}: it is not ready \\(0/1 servers of ${target} UP \\(\\w+1 DOWN\\)\\)`),
    );
    expect(await map()).toBe(before);
    appOf(target).healthy = true;
    await settle(target, "UP");
  });

  it("returns traffic when the check after promote fails (auto-rollback)", async () => {
    const version = await prepareNext();
    const old = await live();
    const run = await runAction({
      ...world.inputs,
      mode: "promote",
      version,
      // The servers answer health-path (/health), so promote's own check of them passes; production's
      // check goes under /fail, where they answer 500.
      "verify-url": `http://127.0.0.1:${world.haproxy.wwwPort}/fail`,
      "version-path": "/version",
      timeout: "2",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`traffic was returned to ${old}`);
    expect(run.outputs["active-color"]).toBe(old);
    expect(await live()).toBe(old);
    expect(await map()).toMatch(/action=rollback/);
  });

  it("forgets the idle color's version when a prepare fails half-way, so nothing promotes it", async () => {
    const version = await prepareNext();
    const target = await idle();
    const failed = await runAction({ ...world.inputs, mode: "prepare", version: "broken", "deploy-command": `node -e process.exit(3)` });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `deploy-command exited with code 3. Production stays on ${await live()}; ${target}'s version is now recorded as unknown`,
    );
    expect(failed.outputs.changed).toBe("true");
    const refused = await runAction({ ...world.inputs, mode: "promote", version });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`Version ${version} is not prepared on either color \\(.*${target}: unknown`));
  });

  it("runs user commands without a shell: metacharacters reach the command as plain text", async () => {
    const marker = path.join(world.haproxy.dir, "pwned");
    const printer = `node -e console.log(JSON.stringify(process.argv.slice(1))) -- ;touch ${marker} $(id) \`id\``;
    const version = `v${release++}`;
    const run = await runAction({ ...world.inputs, mode: "prepare", version, "deploy-command": printer });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`[";touch","${marker}","$(id)","\`id\`"]`);
    expect(existsSync(marker)).toBe(false);
  });

  it("warns when someone switched by hand", async () => {
    const current = await live();
    const other = current === "blue" ? "green" : "blue";
    expect(await world.haproxy.command(`set map ${world.haproxy.mapFile} active ${other}`)).toBe("\n");
    const run = await runAction({ ...world.inputs, mode: "promote", "dry-run": "true" });
    expect(run.stdout).toContain(`The router sends production to ${other}, but bluegreen last set ${current}`);
    expect(await world.haproxy.command(`set map ${world.haproxy.mapFile} active ${current}`)).toBe("\n");
  });

  it("lets exactly one of two simultaneous promotes switch", async () => {
    const version = await prepareNext();
    const target = await idle();
    const [a, b] = await Promise.all([
      runAction({ ...world.inputs, mode: "promote", version }),
      runAction({ ...world.inputs, mode: "promote", version }),
    ]);
    const switched = [a, b].filter((r) => r.code === 0 && r.outputs.changed === "true");
    expect(switched, `${a.stdout}\n---\n${b.stdout}`).toHaveLength(1);
    const other = switched[0] === a ? b : a;
    // The loser either found nothing to do or failed clearly on the conflict.
    if (other.code === 0) expect(other.outputs.changed).toBe("false");
    else expect(other.stdout).toMatch(/changed (since it was read|while the switch was being prepared)/);
    expect(await live()).toBe(target);
    expect(await map()).toMatch(new RegExp(`^preview ${target === "blue" ? "green" : "blue"}$`, "m"));
  });

  it("drops no request, and serves none from the idle color, over 20 promote/rollback cycles under load", async () => {
    const windows: { from: number; to: number; color: string }[] = [];
    const load = startLoad(`http://127.0.0.1:${world.haproxy.wwwPort}/`, 20);
    let settledSince = performance.now();
    let color = await live();
    for (let cycle = 0; cycle < 20; cycle++) {
      const version = await prepareNext();
      for (const mode of ["promote", "rollback"] as const) {
        const switchStart = performance.now();
        windows.push({ from: settledSince, to: switchStart, color: color as string });
        const run = await runAction({ ...world.inputs, mode, ...(mode === "promote" ? { version } : {}) });
        expect(run.code, run.stdout).toBe(0);
        expect(run.outputs.changed).toBe("true");
        settledSince = performance.now();
        color = run.outputs["active-color"];
        await new Promise((r) => setTimeout(r, 100)); // let the new color serve a while
      }
    }
    windows.push({ from: settledSince, to: performance.now(), color: color as string });
    const samples = await load.stop();

    expect(samples.length).toBeGreaterThan(2_000);
    expect(samples.filter((s) => s.status !== 200)).toEqual([]);
    // A request that started and ended between two switches was served by the color live then.
    const wrong = samples.filter((s) => windows.some((w) => s.start > w.from && s.end < w.to && s.color !== w.color));
    expect(wrong).toEqual([]);
    // And the windows really had traffic in them, for both colors.
    const counted = new Set(samples.filter((s) => windows.some((w) => s.start > w.from && s.end < w.to)).map((s) => s.color));
    expect([...counted].sort()).toEqual(["blue", "green"]);
    // 60 runs of the action; each prepare and promote also checks the target's server itself (3 answers 0.5 s apart).
  }, 300_000);
});
