import { beforeAll, describe, expect, it } from "vitest";
import { runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * Every bad input fails before anything changes, with one sentence naming the input and what is
 * allowed. Each case runs the bundled action against a real HAProxy whose map must stay as it was.
 */
describe("bad input is refused before any change", () => {
  const world = useHaproxyWorld({ green: "v1" });
  const valid = () => ({ ...world.inputs, mode: "promote", version: "v2" });
  beforeAll(async () => {
    // A prepared green, so that a valid promote would switch: any case that slipped through would show.
    const prepared = await runAction({ ...valid(), mode: "prepare" });
    expect(prepared.code, prepared.stdout).toBe(0);
  });

  const cases: [string, Record<string, string>, string, RegExp][] = [
    ["mode empty", { mode: "" }, "mode", /is required; allowed values: prepare, test, promote, rollback/],
    ["mode unknown", { mode: "deploy" }, "mode", /"deploy" is not allowed; allowed values: prepare, test, promote, rollback/],
    ["mode hostile", { mode: "promote; rm -rf /" }, "mode", /is not allowed; allowed values/],
    ["backend empty", { backend: "" }, "backend", /allowed values: ipLoadbalancing, k8s-service, openshift-route, haproxy/],
    ["backend unknown", { backend: "nginx" }, "backend", /"nginx" is not allowed/],
    ["version with shell metacharacters", { version: "v1;rm -rf /" }, "version", /is not a valid() version/],
    ["version with command substitution", { version: "$(reboot)" }, "version", /is not a valid() version/],
    ["version with a path", { version: "../../etc/passwd" }, "version", /is not a valid() version/],
    ["version with a newline", { version: "v2\n::set-output name=x::y" }, "version", /is not a valid() version/],
    ["version too long", { version: "v".repeat(200) }, "version", /1 to 128 letters/],
    ["version starting with a dash", { version: "-rf" }, "version", /not starting with "." or "-"/],
    ["prepare without version", { mode: "prepare", version: "" }, "version", /is required when mode is prepare/],
    ["live-version with a shell metacharacter", { mode: "prepare", "live-version": "v1;id" }, "live-version", /is not a valid() version/],
    ["timeout not a number", { timeout: "soon" }, "timeout", /is not a number; allowed: a number from 1 to 86400/],
    ["timeout negative", { timeout: "-5" }, "timeout", /is not a number/],
    ["timeout zero", { timeout: "0" }, "timeout", /out of range; allowed: a number from 1 to 86400/],
    ["dry-run not boolean", { "dry-run": "yes" }, "dry-run", /allowed values: true, false/],
    ["auto-rollback not boolean", { "auto-rollback": "maybe" }, "auto-rollback", /allowed values: true, false/],
    ["require-test not boolean", { "require-test": "1" }, "require-test", /allowed values: true, false/],
    ["test-requests fractional", { "test-requests": "1.5" }, "test-requests", /is not a whole number/],
    ["test-concurrency zero", { "test-concurrency": "0" }, "test-concurrency", /out of range; allowed: a whole number from 1 to 1000/],
    ["max-error-rate above 1", { "max-error-rate": "2" }, "max-error-rate", /out of range; allowed: a number from 0 to 1/],
    ["max-p95-ms not a number", { "max-p95-ms": "fast" }, "max-p95-ms", /is not a number/],
    ["max-test-age negative", { "max-test-age": "-1" }, "max-test-age", /is not a number/],
    ["test-url not http", { "test-url": "ftp://127.0.0.1/" }, "test-url", /allowed: an http:\/\/ or https:\/\/ URL/],
    ["test-url not a URL", { "test-url": "preview please" }, "test-url", /is not a URL/],
    ["verify-url script", { "verify-url": "javascript:alert(1)" }, "verify-url", /allowed: an http:\/\/ or https:\/\/ URL/],
    ["health-path without slash", { "health-path": "health" }, "health-path", /a URL path starting with "\/"/],
    ["health-path with spaces", { "health-path": "/a b" }, "health-path", /without spaces/],
    [
      "traffic-steps on haproxy",
      { "traffic-steps": "10,50,100" },
      "traffic-steps",
      /only allowed with backend openshift-route or k8s-gateway, not haproxy/,
    ],
    ["haproxy-socket missing", { "haproxy-socket": "" }, "haproxy-socket", /is required for backend haproxy/],
    [
      "haproxy-socket unreachable",
      { "haproxy-socket": "/nonexistent/admin.sock" },
      "haproxy-socket",
      /cannot reach the HAProxy Runtime API .*ENOENT/,
    ],
    [
      "haproxy-socket bad port",
      { "haproxy-socket": "127.0.0.1:99999" },
      "haproxy-socket",
      /allowed: an absolute unix socket path or host:port/,
    ],
    ["haproxy-socket hostile", { "haproxy-socket": "$(id)" }, "haproxy-socket", /is not allowed/],
    ["haproxy-map missing", { "haproxy-map": "" }, "haproxy-map", /is required for backend haproxy/],
    ["haproxy-map relative", { "haproxy-map": "bluegreen.map" }, "haproxy-map", /allowed: an absolute file path/],
    ["haproxy-map with a command", { "haproxy-map": "/tmp/x.map;clear map /tmp/x.map" }, "haproxy-map", /allowed: an absolute file path/],
    [
      "haproxy-map unknown to HAProxy",
      { "haproxy-map": "/etc/haproxy/other.map" },
      "haproxy-map",
      /HAProxy has no map "\/etc\/haproxy\/other.map"; the maps it has are \/\S+\/bluegreen\.map \(from "show map"\)/,
    ],
    [
      "blue-backend unknown",
      { "blue-backend": "nosuch" },
      "blue-backend",
      /HAProxy has no backend "nosuch"; backends it has: blue, green, nowhere/,
    ],
    ["green-backend with a space", { "green-backend": "green two" }, "green-backend", /an HAProxy backend name/],
    ["green-backend same as blue", { "green-backend": "blue" }, "green-backend", /must differ from blue-backend/],
    // A misspelt safety input fails with the right name, rather than running without the check.
    [
      "verify-url misspelt",
      { "verfy-url": "http://127.0.0.1:9/" },
      "verify-url",
      /^Input "verify-url": "verfy-url" \(INPUT_VERFY-URL\) is not a bluegreen input, .*nothing was changed: rename it verify-url \(INPUT_VERIFY-URL\)\.$/,
    ],
    // The worst typo: the dry run the user asked for would be a real promote.
    ["dry-run misspelt", { "dry-rn": "true" }, "dry-run", /"dry-rn" \(INPUT_DRY-RN\) is not a bluegreen input.*rename it dry-run/],
    ["bake-time letters swapped", { "bake-tiem": "60" }, "bake-time", /rename it bake-time \(INPUT_BAKE-TIME\)/],
    // The runner reads INPUT_BAKE-TIME; `with: bake_time:` sets INPUT_BAKE_TIME, which it never reads.
    [
      "bake-time with underscores",
      { bake_time: "60" },
      "bake-time",
      /"bake_time" \(INPUT_BAKE_TIME\) is spelt with underscores.*rename it bake-time/,
    ],
    // A long name can only be a typo: failing is sure.
    ["haproxy-socket misspelt", { "haproxy-sockt": "/x.sock" }, "haproxy-socket", /rename it haproxy-socket \(INPUT_HAPROXY-SOCKET\)/],
    [
      "deploy-command with && as an argument",
      { mode: "prepare", "deploy-command": "./deploy.sh && echo done" },
      "deploy-command",
      /holds the shell operator "&&" as a whole argument, .*name the shell, e\.g\. bash -c "\.\/deploy\.sh && echo done"/,
    ],
    [
      "test-command with a pipe and a redirection",
      { mode: "test", "test-url": "http://127.0.0.1:9/", "test-command": "curl -s http://x | grep ok > out.txt" },
      "test-command",
      /holds the shell operators "\|", ">" as whole arguments/,
    ],
  ];

  it.each(cases)("%s", async (_name, override, input, message) => {
    const before = await world.haproxy.command(`show map ${world.haproxy.mapFile}`);
    const run = await runAction({ ...valid(), ...override });
    expect(run.code).toBe(1);
    const error = /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? "";
    expect(error).toContain(`Input "${input}"`);
    expect(error).toMatch(message);
    expect(run.outputs.changed ?? "false").toBe("false");
    expect(await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).toBe(before);
  });

  it("a map HAProxy does not have is answered with the exact path of the map it has", async () => {
    const run = await runAction({ ...valid(), "haproxy-map": `${world.haproxy.mapFile}.old` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::Input "haproxy-map": HAProxy has no map "${world.haproxy.mapFile}.old"; the maps it has are ${world.haproxy.mapFile} (from "show map"); allowed: the path of the map its use_backend rules read, as listed there.`,
    );
  });

  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
});
