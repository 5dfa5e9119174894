import { describe, expect, it } from "vitest";
import { INPUTS } from "../../src/input-names.js";
import { closestInput, editDistance, inputTypos, SAFETY_INPUTS } from "../../src/input-typos.js";

describe("closestInput", () => {
  it.each([
    ["verfy-url", "verify-url"],
    ["helth-path", "health-path"],
    ["bake-tiem", "bake-time"],
    ["tmeout", "timeout"],
    ["haproxy-sockt", "haproxy-socket"],
    ["apps", "app"],
  ])("%s is a typo of %s", (typed, meant) => {
    expect(closestInput(typed)).toBe(meant);
  });

  it.each(["api", "ab", "x", "home", "path", "user", "token"])("%s suggests nothing (too short to be sure, or near no input)", (typed) => {
    expect(closestInput(typed)).toBeUndefined();
  });

  it("suggests nothing between two inputs equally near", () => {
    // "dns-bleen" is two edits from dns-blue and two from dns-green: either could be meant.
    expect([editDistance("dns-bleen", "dns-blue"), editDistance("dns-bleen", "dns-green")]).toEqual([2, 2]);
    expect(closestInput("dns-bleen")).toBeUndefined();
    expect(closestInput("dns-blu")).toBe("dns-blue");
  });

  it("counts a swap of two neighbours as one edit", () => {
    expect(editDistance("bake-tiem", "bake-time")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("lists only real inputs as safety inputs", () => {
    const names = new Set(INPUTS.map((input) => input.name));
    expect([...SAFETY_INPUTS].filter((name) => !names.has(name))).toEqual([]);
  });

  it("marks exactly the inputs whose typo would drop a check (their descriptors say safety: true)", () => {
    expect([...SAFETY_INPUTS].sort()).toEqual(
      [
        "dry-run",
        "verify-url",
        "health-path",
        "version-path",
        "test-url",
        "test-command",
        "test-requests",
        "test-concurrency",
        "max-p95-ms",
        "max-error-rate",
        "require-test",
        "max-test-age",
        "environment",
        "production-environment",
        "auto-rollback",
        "bake-time",
        "bake-interval",
        "analysis",
        "analysis-allow-empty",
        "prometheus-url",
        "traffic-steps",
        "step-wait",
        "scale-down-delay",
        "dns-verify-servers",
        "dns-health-passes",
      ].sort(),
    );
  });
});

describe("inputTypos", () => {
  it("fails a safety input's typo, and a long name's; warns for a short ordinary one; ignores INPUT_API", () => {
    const typos = inputTypos({ "INPUT_VERFY-URL": "x", INPUT_NAMESPAC: "x", INPUT_API: "x", "INPUT_HAPROXY-SOCKT": "x" }, "action");
    expect(typos.map(({ key, meant, fatal }) => ({ key, meant, fatal }))).toEqual([
      { key: "INPUT_VERFY-URL", meant: "verify-url", fatal: true },
      { key: "INPUT_NAMESPAC", meant: "namespace", fatal: false },
      { key: "INPUT_HAPROXY-SOCKT", meant: "haproxy-socket", fatal: true },
    ]);
    expect(typos[1]?.sentence).toBe(
      '"namespac" (INPUT_NAMESPAC) is not a bluegreen input and is ignored; did you mean namespace (INPUT_NAMESPACE)?',
    );
  });

  it("on the CLI, names the variable to set in a shell (underscores), which it reads", () => {
    const [typo] = inputTypos({ INPUT_VERFY_URL: "x", INPUT_VERIFY_URL: "y", INPUT_BAKE_TIME: "5" }, "cli");
    expect(inputTypos({ INPUT_VERIFY_URL: "y", INPUT_BAKE_TIME: "5" }, "cli")).toEqual([]);
    expect(typo?.sentence).toBe(
      "INPUT_VERFY_URL is not a bluegreen input, so verify-url would silently keep its default and this step would run without what you set; nothing was changed: rename it verify-url (INPUT_VERIFY_URL).",
    );
  });

  it("in the action, an input spelt with underscores is a typo unless the hyphen spelling is set too", () => {
    expect(inputTypos({ INPUT_BAKE_TIME: "60" }, "action").map((t) => [t.meant, t.fatal])).toEqual([["bake-time", true]]);
    expect(inputTypos({ INPUT_BAKE_TIME: "60", "INPUT_BAKE-TIME": "60" }, "action")).toEqual([]);
    expect(inputTypos({ "INPUT_BAKE-TIME": "60", INPUT_MODE: "promote" }, "action")).toEqual([]);
  });
});
