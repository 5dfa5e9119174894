import { describe, expect, it } from "vitest";
import type { RouteChange, RouterState, RunningVersion, ServingRestore } from "../../src/backend.js";
import {
  checksRunningVersion,
  otherVersionRefusal,
  servingRestored,
  servingRestorePlan,
  servingRestoreRefusal,
} from "../../src/policy/workload.js";

const state: RouterState = {
  live: "blue",
  preview: "green",
  ledger: { versions: { blue: "v1", green: "v2" } },
  revision: "7",
  details: {},
  warnings: [],
};
const toGreen: RouteChange = { live: "green", preview: "blue", ledger: { versions: { blue: "v1", green: "v2" }, live: "green" } };
const running = (image: string, version?: string): RunningVersion => ({ object: "deployment default/shop-green", image, version });

describe("policy: a switch goes only to the version bluegreen put on the color", () => {
  it("checks the running version only when production moves to a color with a recorded version", () => {
    expect(checksRunningVersion(toGreen, state)).toBe(true);
    // Recording the ledger, or repairing a split, leaves production where it is.
    expect(checksRunningVersion({ ...toGreen, live: "blue" }, state)).toBe(false);
    // Installed before bluegreen: nothing recorded to compare with.
    expect(checksRunningVersion({ ...toGreen, ledger: { versions: { blue: "v1" } } }, state)).toBe(false);
  });

  it("refuses another image tag, with the object, the image and the recorded version", () => {
    expect(otherVersionRefusal(toGreen, running("registry.test/shop:hotfix", "hotfix"))).toBe(
      "Refusing to switch to green: deployment default/shop-green runs registry.test/shop:hotfix, not v2 as bluegreen recorded; nothing was changed. Run prepare again.",
    );
  });

  it("goes ahead on the recorded version, or when the tag cannot be told (a digest, several containers)", () => {
    expect(otherVersionRefusal(toGreen, running("registry.test/shop:v2", "v2"))).toBeUndefined();
    expect(otherVersionRefusal(toGreen, running("registry.test/shop@sha256:0123"))).toBeUndefined();
    expect(otherVersionRefusal({ ...toGreen, ledger: { versions: {} } }, running("registry.test/shop:x", "x"))).toBeUndefined();
  });
});

describe("policy: a color promote scaled down serves again before traffic returns to it", () => {
  const restore: ServingRestore = {
    object: "deployment default/shop-blue",
    current: 1,
    recorded: 3,
    replicas: 3,
    lines: ["PATCH deployment default/shop-blue replicas 3 (was 1; scaled down by promote from 3)"],
    apply: async () => {
      throw new Error("a policy never applies anything");
    },
  };

  it("plans the restore, then the wait and the refusal it implies", () => {
    expect(servingRestorePlan(restore, 300)).toEqual([
      "PATCH deployment default/shop-blue replicas 3 (was 1; scaled down by promote from 3)",
      "wait until deployment default/shop-blue is ready (timeout 300 s) before switching; otherwise refuse and change no routing",
    ]);
  });

  it("says the color is ready again, with what the readiness check saw", () => {
    expect(servingRestored(restore, "shop-blue: 3/3 replicas available")).toEqual([
      "PATCH deployment default/shop-blue replicas 3 (was 1; scaled down by promote from 3)",
      "deployment default/shop-blue is ready again (shop-blue: 3/3 replicas available)",
    ]);
  });

  it("refuses, saying what was scaled and that no routing changed, when it does not get ready", () => {
    expect(
      servingRestoreRefusal("blue", restore, "deployment default/shop-blue becoming ready did not happen within 5 s; last seen: 1/3."),
    ).toBe(
      "Refusing to switch traffic to blue: deployment default/shop-blue was scaled back up from 1 to 3 replicas, but deployment default/shop-blue becoming ready did not happen within 5 s; last seen: 1/3. No routing was changed; deployment default/shop-blue keeps 3 replicas.",
    );
  });
});
