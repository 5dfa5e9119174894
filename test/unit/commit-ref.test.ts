import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseConfig } from "../../src/inputs.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const reader = (inputs: Record<string, string>) => (name: string) =>
  ({ mode: "prepare", backend: "haproxy", version: "v1", "deploy-command": "none", ...inputs })[name] ?? "";

describe("the commit prepare records (ref)", () => {
  it("is the ref input, else GitHub's GITHUB_SHA, else GitLab's CI_COMMIT_SHA, else unknown", () => {
    expect(parseConfig(reader({ ref: "ABCDEF0123" }), { GITHUB_SHA: SHA }).ref).toBe("abcdef0123");
    expect(parseConfig(reader({}), { GITHUB_SHA: SHA, CI_COMMIT_SHA: "f".repeat(40) }).ref).toBe(SHA);
    expect(parseConfig(reader({}), { CI_COMMIT_SHA: SHA }).ref).toBe(SHA);
    expect(parseConfig(reader({}), {}).ref).toBeUndefined();
    // A CI variable that is not a commit id is not recorded as one.
    expect(parseConfig(reader({}), { GITHUB_SHA: "refs/heads/main" }).ref).toBeUndefined();
  });

  it("refuses a ref input that is not a commit id, naming the input", () => {
    for (const bad of ["main", "abc12", "0123456789abcdef0123456789abcdef01234567z", "v1.2.3"]) {
      expect(() => parseConfig(reader({ ref: bad }), {})).toThrow(InputError);
      expect(() => parseConfig(reader({ ref: bad }), {})).toThrow(/is not a commit id; allowed: 7 to 64 hexadecimal digits/);
    }
  });

  it("marks production_environment for production and prod by default, and as the input says otherwise", () => {
    expect(parseConfig(reader({}), {}).productionEnvironment).toBe(true); // environment defaults to production
    expect(parseConfig(reader({ environment: "Prod" }), {}).productionEnvironment).toBe(true);
    expect(parseConfig(reader({ environment: "staging" }), {}).productionEnvironment).toBe(false);
    expect(parseConfig(reader({ environment: "prod-eu" }), {}).productionEnvironment).toBe(false);
    expect(parseConfig(reader({ environment: "prod-eu", "production-environment": "true" }), {}).productionEnvironment).toBe(true);
    expect(parseConfig(reader({ "production-environment": "false" }), {}).productionEnvironment).toBe(false);
  });
});
