import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type FaultRule, startFaultSocket } from "./support/fault-socket.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `node ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;
const SUPPORT = path.join(ROOT, "test/support");
/** Preloads (NODE_OPTIONS) that give a run a real stall or a wrong clock; see the files. */
const stalled = (ms: number) => ({
  NODE_OPTIONS: `--import=${path.join(SUPPORT, "stall-after-turn.mjs")}`,
  BLUEGREEN_TEST_STALL_MS: String(ms),
});
const clockAhead = (ms: number) => ({
  NODE_OPTIONS: `--import=${path.join(SUPPORT, "clock-skew.mjs")}`,
  BLUEGREEN_TEST_CLOCK_SKEW_MS: String(ms),
});

/** A real HAProxy in front of two apps, with a fault socket both runs go through; one per test, so tests run at once. */
async function stage() {
  const blue = await startApp("blue", "v1");
  const green = await startApp("green", "v0");
  const haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
  const faults = await startFaultSocket(haproxy.socket);
  const inputs = {
    backend: "haproxy",
    "haproxy-socket": faults.socket,
    "haproxy-map": haproxy.mapFile,
    "deploy-command": "none",
    timeout: "60",
  };
  return { blue, green, haproxy, faults, inputs, close: () => closeStage(haproxy, faults, [blue, green]) };
}

async function closeStage(haproxy: Haproxy, faults: { close(): Promise<void> }, apps: App[]) {
  await faults.close();
  await haproxy.stop();
  for (const app of apps) await app.close();
}

type Stage = Awaited<ReturnType<typeof stage>>;
type Delivery = "before B's turn" | "between B's turn and commit" | "after B's commit";

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const memory = async (s: Stage) => {
  const answer = await s.haproxy.command(`show map ${s.haproxy.mapFile}`);
  return new Map([...answer.matchAll(/^0x[0-9a-f]+ (\S+) (.*)$/gm)].reverse().map((m) => [m[1] as string, m[2] as string]));
};
const fileSays = (s: Stage, key: string) => new RegExp(`^${key} (.*)$`, "m").exec(readFileSync(s.haproxy.mapFile, "utf8"))?.[1];

/** Production blue (v1), green prepared with v2: a promote switches to green. */
async function preparedForPromote(s: Stage) {
  const prepared = await runAction({
    ...s.inputs,
    "haproxy-socket": s.haproxy.socket,
    mode: "prepare",
    version: "v2",
    "deploy-command": DEPLOY,
  });
  expect(prepared.code, prepared.stdout).toBe(0);
}

/** Production green (v2) after a promote from blue (v1): a rollback goes back to blue, a prepare of v3 targets blue. */
async function promotedOnce(s: Stage) {
  await preparedForPromote(s);
  const promoted = await runAction({ ...s.inputs, "haproxy-socket": s.haproxy.socket, mode: "promote", version: "v2" });
  expect(promoted.code, promoted.stdout).toBe(0);
}

/** The router afterwards: production and preview on two colors, no lease left, the file saying what HAProxy holds. */
async function expectSettled(s: Stage, live: string) {
  const held = await memory(s);
  expect(held.get("active")).toBe(live);
  expect([held.get("active"), held.get("preview")].sort()).toEqual(["blue", "green"]);
  expect(held.has("bluegreen.lock")).toBe(false);
  for (const key of ["active", "preview", "bluegreen.ledger"]) expect(fileSays(s, key), key).toBe(held.get(key));
  return held;
}

const TURN_A = /^del map \S+ bluegreen\.rev\.[0-9a-f]{12}$/;
/** The second run reads the map after the first took its turn: no revision key is left, it takes its turn on this one. */
const TURN_B = /^del map \S+ bluegreen\.rev\.none$/;

/**
 * A holder that stalls after its turn (`del map bluegreen.rev.*`) and before its commit, while a
 * second run takes its expired lease. HAProxy 2.6 refuses a commit of a version older than the
 * current one, not one that arrives between the other run's turn and its commit; so the stalled
 * run checks its lease on its own clock right before it writes the commit, and every run reads
 * the map back after its commit. Both interleavings are forced here, against a promote and a
 * rollback, through the bundled action and a real HAProxy: every run's exit code, outputs and
 * sentence must be true of the router afterwards.
 */
describe("haproxy: a holder that stalls between its turn and its commit", () => {
  /**
   * A really stalled run: frozen (timers and all) for 33 s right after its turn, so its 30 s lease
   * expires and B takes the lock. B's `hold` command is held until A, resumed, has decided.
   */
  async function frozenA(
    s: Stage,
    a: Record<string, string>,
    b: Record<string, string>,
    hold: FaultRule["match"],
    when: "before" | "after",
  ) {
    const aExited = gate();
    let reachedHold = false;
    // Until A, resumed, has decided: it discards its version (clear map) rather than commit, or it exits.
    // (Not until its exit: a failed prepare writes once more, under the lock B holds.)
    const aDecided = waitUntil(() => s.faults.seen.some((c) => c.startsWith("clear map")), 100_000).catch(() => undefined);
    const hook = async () => {
      reachedHold = true;
      await Promise.race([aExited.opened, aDecided]);
    };
    s.faults.setRules([{ match: hold, nth: 1, fault: "pass", ...(when === "before" ? { before: hook } : { after: hook }) }]);
    const aRun = runAction({ ...s.inputs, ...a }, stalled(33_000)).then((run) => {
      aExited.open();
      return run;
    });
    // B starts once A took its turn, so it reads the map A left, and waits for A's lease.
    await waitUntil(() => s.faults.seen.some((c) => TURN_A.test(c)));
    const bRun = runAction({ ...s.inputs, ...b });
    const [first, second] = await Promise.all([aRun, bRun]);
    return { a: first, b: second, reachedHold };
  }

  for (const [name, hold, when] of [
    ["before B's turn", TURN_B, "before"],
    ["between B's turn and B's commit", TURN_B, "after"],
  ] as const) {
    // The frozen runs mostly wait out a lease: they run at once; the races on a skewed clock, one by one.
    it.concurrent(`promote against promote, A frozen 33 s after its turn and resumed ${name}: A does not commit, B switches once`, async () => {
      const s = await stage();
      try {
        await preparedForPromote(s);
        const { a, b, reachedHold } = await frozenA(s, { mode: "promote", version: "v2" }, { mode: "promote", version: "v2" }, hold, when);
        expect(reachedHold).toBe(true);
        // B waited out A's lease, then switched.
        expect(b.code, b.stdout).toBe(0);
        expect(b.stdout).toContain("Removed a stale lock on the HAProxy map");
        expect(b.outputs).toMatchObject({ changed: "true", "active-color": "green", durable: "true" });
        expect(b.stdout).toContain("Production switched from blue to green");
        // A found on its own clock that its lease had run out: it never sent its commit.
        expect(a.code, a.stdout).toBe(1);
        expect(a.outputs.changed).toBe("false");
        expect(a.stdout).toMatch(
          /::error::Promote of green failed: this run's lease on the HAProxy map \S+ had expired \d+ s earlier when its commit was due \(the run was paused or slowed\), so another run may hold the lock: this run did not commit, and nothing was changed by it\. Run the step again\. Production (stays on blue|is on green, switched by another run, not by this one)\./,
        );
        expect(a.stdout).not.toMatch(/Production switched/);
        expect(s.faults.seen.filter((c) => c.startsWith("commit map"))).toHaveLength(1);
        await expectSettled(s, "green");
      } finally {
        await s.close();
      }
    }, 180_000);
  }

  it.concurrent("prepare against rollback, A frozen 33 s after its turn and resumed between the rollback's turn and its commit: the rollback stands", async () => {
    const s = await stage();
    try {
      await promotedOnce(s);
      const { a, b, reachedHold } = await frozenA(s, { mode: "prepare", version: "v3" }, { mode: "rollback" }, TURN_B, "after");
      expect(reachedHold).toBe(true);
      expect(b.code, b.stdout).toBe(0);
      expect(b.outputs).toMatchObject({ changed: "true", "active-color": "blue" });
      expect(b.stdout).toContain("Production rolled back from green to blue");
      expect(a.code, a.stdout).toBe(1);
      // (A's changed output may be true: a failed prepare then records its color's version as unknown, a
      // ledger-only write made under the lock after the rollback, which leaves the routing as the rollback set it.)
      expect(a.stdout).toMatch(
        /had expired \d+ s earlier when its commit was due .* this run did not commit, and nothing was changed by it/,
      );
      const held = await expectSettled(s, "blue");
      expect(held.get("bluegreen.ledger")).toMatch(/rollback/);
      expect(held.get("bluegreen.ledger")).not.toMatch(/v3/);
    } finally {
      await s.close();
    }
  }, 180_000);

  /**
   * What the clock check cannot see: B's clock runs 29 s ahead of A's, so B takes A's lease 1 s
   * after A took it, while A, on its own clock, still has most of it and sends its commit. A's
   * commit is held on its way and delivered at the chosen point of B's switch.
   */
  async function skewedRace(s: Stage, a: Record<string, string>, b: Record<string, string>, deliverAt: Delivery) {
    const aHeld = gate();
    const deliver = gate();
    const aLanded = gate();
    const bCommitted = gate();
    const deliverA = async () => {
      deliver.open();
      await aLanded.opened;
    };
    const aCommit: FaultRule = {
      match: /^commit map/,
      nth: 1,
      fault: "pass",
      before: async () => {
        aHeld.open();
        await deliver.opened;
      },
      after: async () => {
        aLanded.open();
        // Landing between B's turn and its commit: A's answer (so its read-back) comes after B's commit.
        if (deliverAt === "between B's turn and commit") await bCommitted.opened;
      },
    };
    const bTurn: FaultRule = { match: TURN_B, nth: 1, fault: "pass" };
    if (deliverAt === "before B's turn") bTurn.before = deliverA;
    if (deliverAt === "between B's turn and commit") bTurn.after = deliverA;
    const bCommit: FaultRule = {
      match: /^commit map/,
      nth: 2,
      fault: "pass",
      after: async () => {
        bCommitted.open();
        if (deliverAt === "after B's commit") await deliverA();
      },
    };
    // B starts with A (a runner starts in its own time) but its first command waits until A took its
    // turn and sent its commit, so B reads the map A left.
    const bFirst: FaultRule = { match: /^show cli level$/, nth: 2, fault: "pass", before: () => aHeld.opened };
    s.faults.setRules([aCommit, bTurn, bCommit, bFirst]);
    const aRun = runAction({ ...s.inputs, ...a });
    await waitUntil(() => s.faults.seen.includes("show cli level"));
    const bRun = runAction({ ...s.inputs, ...b }, clockAhead(29_000));
    const [first, second] = await Promise.all([aRun, bRun]);
    return { a: first, b: second };
  }

  it("promote against promote, A's commit arriving before B's turn: A switches, B's turn fails and says so", async () => {
    const s = await stage();
    try {
      await preparedForPromote(s);
      const { a, b } = await skewedRace(s, { mode: "promote", version: "v2" }, { mode: "promote", version: "v2" }, "before B's turn");
      expect(a.code, a.stdout).toBe(0);
      expect(a.outputs).toMatchObject({ changed: "true", "active-color": "green", durable: "true" });
      expect(a.stdout).toContain("Production switched from blue to green");
      expect(b.code, b.stdout).toBe(1);
      expect(b.outputs.changed).toBe("false");
      expect(b.stdout).toMatch(
        /::error::Promote of green failed: \S+ changed while the switch was being prepared \(another pipeline or a hand edit\); nothing was changed\. Run the step again\. Production is on green, switched by another run, not by this one\./,
      );
      await expectSettled(s, "green");
    } finally {
      await s.close();
    }
  }, 90_000);

  it("promote against promote, A's commit landing between B's turn and B's commit: B's replaces it, and A says exactly that", async () => {
    const s = await stage();
    try {
      await preparedForPromote(s);
      const { a, b } = await skewedRace(
        s,
        { mode: "promote", version: "v2" },
        { mode: "promote", version: "v2" },
        "between B's turn and commit",
      );
      expect(b.code, b.stdout).toBe(0);
      expect(b.outputs).toMatchObject({ changed: "true", "active-color": "green", durable: "true" });
      expect(a.code, a.stdout).toBe(1);
      // A's commit did move production (blue to green) before B's replaced it with the same routing.
      expect(a.outputs).toMatchObject({ changed: "true", "active-color": "green" });
      expect(a.stdout).toMatch(
        /::error::Promote of green failed: this run's commit landed in HAProxy, but another bluegreen run's commit \(local:[^)]+\) replaced it right after, so HAProxy holds that run's routing and record, not this run's \(that run writes the map file\)\. Production is on green\./,
      );
      expect(a.stdout).not.toMatch(/Production switched/);
      await expectSettled(s, "green");
    } finally {
      await s.close();
    }
  }, 90_000);

  it("promote against promote, A's commit arriving after B's: HAProxy refuses it, and A says it did not commit", async () => {
    const s = await stage();
    try {
      await preparedForPromote(s);
      const { a, b } = await skewedRace(s, { mode: "promote", version: "v2" }, { mode: "promote", version: "v2" }, "after B's commit");
      expect(b.code, b.stdout).toBe(0);
      expect(b.outputs).toMatchObject({ changed: "true", "active-color": "green" });
      expect(a.code, a.stdout).toBe(1);
      expect(a.outputs.changed).toBe("false");
      expect(a.stdout).toMatch(
        /::error::Promote of green failed: another bluegreen run committed a newer version of \S+ before this run's commit arrived \(HAProxy answered "Version number out of range"\), so this run's switch was not committed; nothing was changed by this run\. Production is on green, switched by another run, not by this one\./,
      );
      await expectSettled(s, "green");
    } finally {
      await s.close();
    }
  }, 90_000);

  for (const [name, deliverAt, aSays] of [
    [
      "landing between the rollback's turn and its commit",
      "between B's turn and commit",
      /this run's commit landed in HAProxy, but another bluegreen run's commit \(local:[^)]+\) replaced it right after, so HAProxy holds that run's routing and record, not this run's/,
    ],
    [
      "arriving after the rollback's commit",
      "after B's commit",
      /another bluegreen run committed a newer version of \S+ before this run's commit arrived \(HAProxy answered "Version number out of range"\), so this run's switch was not committed/,
    ],
  ] as [string, Delivery, RegExp][]) {
    it(`prepare against rollback, the prepare's commit ${name}: it never lands on top of the rollback's`, async () => {
      const s = await stage();
      try {
        await promotedOnce(s);
        const { a, b } = await skewedRace(s, { mode: "prepare", version: "v3" }, { mode: "rollback" }, deliverAt);
        expect(b.code, b.stdout).toBe(0);
        expect(b.outputs).toMatchObject({ changed: "true", "active-color": "blue" });
        expect(b.stdout).toContain("Production rolled back from green to blue");
        expect(a.code, a.stdout).toBe(1);
        expect(a.stdout).toMatch(aSays);
        const held = await expectSettled(s, "blue");
        expect(held.get("bluegreen.ledger")).toMatch(/rollback/);
        expect(held.get("bluegreen.ledger")).not.toMatch(/v3/);
      } finally {
        await s.close();
      }
    }, 90_000);
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
