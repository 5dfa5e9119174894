import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "./support/action.js";
import { freePort } from "./support/apps.js";
import { useHaproxyWorld } from "./support/world.js";

/**
 * Issue 11's misconfigurations and bookkeeping failures, through the bundled action on a real
 * HAProxy: every exit code and sentence must be true of the router afterwards.
 */

/** A path nothing can be written to: a directory where a file is expected. */
function unwritablePath(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-unwritable-"));
  mkdirSync(path.join(dir, "is-a-directory"));
  return path.join(dir, "is-a-directory");
}

describe("issue 11: outcomes stay true under misconfiguration", () => {
  const world = useHaproxyWorld({ inputs: { timeout: "20" } });
  const map = async () => (await world.haproxy.command(`show map ${world.haproxy.mapFile}`)).replace(/^0x[0-9a-f]+ /gm, "");
  const preview = () => `http://127.0.0.1:${world.haproxy.previewPort}`;

  it("case 8: promote on a router bluegreen never switched, with nothing prepared, fails and changes nothing", async () => {
    const before = await map();
    const run = await runAction({ ...world.inputs, mode: "promote" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("Nothing to promote: nothing was prepared (bluegreen has never switched this router)");
    expect(await map()).toBe(before);
  });

  it("case 2: prepare on haproxy without deploy-command is refused before any change; `none` is stated", async () => {
    const before = await map();
    const { "deploy-command": _, ...withoutCommand } = world.inputs;
    const refused = await runAction({ ...withoutCommand, mode: "prepare", version: "v2" });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      'Input "deploy-command": is required when mode is prepare on backend haproxy: the command that installs the version on the idle color, or "none" if it is installed already.',
    );
    expect(await map()).toBe(before);

    const stated = await runAction({ ...world.inputs, mode: "prepare", version: "v2", "deploy-command": "none" });
    expect(stated.code, stated.stdout).toBe(0);
    expect(stated.summary).toContain('deploy-command is "none": bluegreen deployed nothing and records v2 on green on your word');
    expect(stated.outputs.plan).toContain("deploy nothing (deploy-command: none)");
  });

  it("case 7: a failed test's summary and plan no longer show the switch promote would make", async () => {
    const failed = await runAction({
      ...world.inputs,
      mode: "test",
      "test-url": preview(),
      "version-path": "/version",
      version: "v9",
      "test-requests": "0",
    });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("Test of green (v9) failed");
    expect(failed.summary).not.toContain("Promote would switch");
    expect(failed.outputs.plan ?? "").not.toContain("promote would");
  });

  it("case 6: a test-url where nothing listens fails within seconds, not after the whole timeout", async () => {
    const closed = await freePort();
    const run = await runAction({ ...world.inputs, mode: "test", "test-url": `http://127.0.0.1:${closed}`, timeout: "300" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`http://127\\.0\\.0\\.1:${closed}/health refused every connection for \\d+\\.\\d s: nothing listens there`),
    );
    expect(run.ms).toBeLessThan(30_000);
  });

  it("case 7: a verify-url that already ends with health-path is refused before any change, naming the URL requested", async () => {
    const before = await map();
    const run = await runAction({ ...world.inputs, mode: "rollback", "verify-url": `http://127.0.0.1:${world.haproxy.wwwPort}/health` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `Input "verify-url": "http://127.0.0.1:${world.haproxy.wwwPort}/health" already ends with health-path "/health", which bluegreen appends itself (it would request http://127.0.0.1:${world.haproxy.wwwPort}/health/health)`,
    );
    expect(await map()).toBe(before);
  });

  it("case 14: credentials in test-url are used but never shown", async () => {
    const password = "s3cr3t-Pa55word";
    const run = await runAction({
      ...world.inputs,
      mode: "test",
      "test-url": `http://deployer:${password}@127.0.0.1:${world.haproxy.previewPort}/`,
      "test-requests": "5",
    });
    expect(run.code, run.stdout).toBe(0);
    // `::add-mask::` lines are how a step asks the GitHub runner to mask a value; the runner never shows them.
    const shown = (run.stdout + run.stderr).replace(/^::add-mask::.*$/gm, "") + run.summary + JSON.stringify(run.outputs);
    expect(run.stdout).toContain(`::add-mask::${password}`);
    expect(shown).not.toContain(password);
    expect(shown).not.toContain("deployer:");
    expect(run.stdout).toContain(`http://***@127.0.0.1:${world.haproxy.previewPort}/`);
    // The credentials reached the preview entry as Basic authentication.
    expect(world.green.lastAuthorization).toBe(`Basic ${Buffer.from(`deployer:${password}`).toString("base64")}`);
  });

  it("case 7: a misspelt INPUT_* variable gets a warning with the input it nearly names, in the log and the summary", async () => {
    // An ordinary input with a short name warns (a threshold the test would lose fails the step: bad-inputs.test.ts).
    const run = await runAction({ ...world.inputs, mode: "test", "test-url": preview(), "test-requests": "0" }, { INPUT_TIMEOUTT: "100" });
    expect(run.code, run.stdout).toBe(0);
    const sentence = '"timeoutt" (INPUT_TIMEOUTT) is not a bluegreen input and is ignored; did you mean timeout (INPUT_TIMEOUT)?';
    expect(run.stdout).toContain(sentence);
    expect(run.summary).toContain(sentence);
  });

  it("case 7: a misspelt test threshold fails the step before the test, naming the input the action reads", async () => {
    const run = await runAction(
      { ...world.inputs, mode: "test", "test-url": preview(), "test-requests": "0" },
      { INPUT_MAX_P95_MX: "100" },
    );
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(
      '::error::Input "max-p95-ms": "max_p95_mx" (INPUT_MAX_P95_MX) is not a bluegreen input, so max-p95-ms would silently keep its default and this step would run without what you set; nothing was changed: rename it max-p95-ms (INPUT_MAX-P95-MS).',
    );
  });

  it("cases 5 and 15: a summary that cannot be written does not turn a done switch into a failed step", async () => {
    const run = await runAction({ ...world.inputs, mode: "promote" }, { GITHUB_STEP_SUMMARY: unwritablePath() });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await map()).toMatch(/^active green$/m);
    expect(run.outputs).toMatchObject({ "active-color": "green", changed: "true" });
    expect(run.stdout).toContain("Production switched from blue to green (v2).");
    expect(run.stdout).toMatch(/The job summary could not be written \(.*\); the report above is complete\./);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("case 15: outputs that cannot be written fail the step with a sentence that says the switch happened", async () => {
    const run = await runAction({ ...world.inputs, mode: "rollback" }, { GITHUB_OUTPUT: unwritablePath() });
    expect(run.code).toBe(1);
    expect(await map()).toMatch(/^active blue$/m);
    expect(run.stdout).toMatch(
      /Production rolled back from green to blue\. But the step outputs could not be written \(.*\), so later jobs cannot read them\./,
    );
    expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
  });

  it("case 15: on GitLab, an unwritable dotenv report fails the step the same way, never with a crash", async () => {
    const prepared = await runAction({ ...world.inputs, mode: "prepare", version: "v3" });
    expect(prepared.code, prepared.stdout).toBe(0);
    const gitlab = {
      GITHUB_ACTIONS: "",
      GITHUB_OUTPUT: "",
      GITHUB_STEP_SUMMARY: "",
      GITLAB_CI: "true",
      BLUEGREEN_DOTENV: unwritablePath(),
    };
    // As the component runs it: the CLI door, inputs from INPUT_* variables.
    const run = await runAction(world.inputs, gitlab, undefined, ["promote"]);
    expect(run.code).toBe(1);
    expect(await map()).toMatch(/^active green$/m);
    // Said once, as the log's closing line (stdout: the CLI's log), not repeated on stderr.
    expect(run.stdout).toMatch(
      /✗ bluegreen promote \(haproxy\): Production switched from blue to green \(v3\)\. But the step outputs could not be written/,
    );
    expect(run.stderr).not.toContain("But the step outputs could not be written");
    expect(run.stderr + run.stdout).not.toMatch(/\n\s+at /);
    // Off GitHub no workflow command is printed: nothing would hide it (no ::add-mask::, ::debug::, ::error::).
    expect(run.stderr + run.stdout).not.toMatch(/^::/m);
  });

  it("case 8: a repeated promote succeeds doing nothing; a promote right after a failed prepare fails", async () => {
    const again = await runAction({ ...world.inputs, mode: "promote" });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.changed).toBe("false");
    expect(again.stdout).toContain("green was promoted already");

    const failedPrepare = await runAction({ ...world.inputs, mode: "prepare", version: "v4", "deploy-command": "false" });
    expect(failedPrepare.code).toBe(1);
    const before = await map();
    const promote = await runAction({ ...world.inputs, mode: "promote" });
    expect(promote.code).toBe(1);
    expect(promote.stdout).toContain(
      "Nothing to promote: the last prepare of blue failed, so nothing is prepared; production stays on green.",
    );
    expect(await map()).toBe(before);
    expect(readFileSync(world.haproxy.mapFile, "utf8")).toMatch(/^active green$/m);
  });
});
