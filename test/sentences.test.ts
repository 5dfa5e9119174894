import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";
import { type App, startApp } from "./support/apps.js";
import { type Haproxy, startHaproxy } from "./support/haproxy.js";

const DEPLOY = `${process.execPath} ${path.join(ROOT, "scripts/deploy-demo-app.mjs")}`;

/** One sentence, one full stop: a library's message that ends with its own stop is not given a second. */
describe("messages built from a command's error end with one full stop", () => {
  let apps: App[];
  let haproxy: Haproxy;
  let common: Record<string, string>;
  let notExecutable: string;

  beforeAll(async () => {
    apps = [await startApp("blue", "v1"), await startApp("green", "v0")];
    haproxy = await startHaproxy({ blue: [apps[0]?.address as string], green: [apps[1]?.address as string] });
    common = { backend: "haproxy", "haproxy-socket": haproxy.socket, "haproxy-map": haproxy.mapFile, timeout: "10" };
    // A script a user forgot to `chmod +x`: @actions/exec refuses it with a message ending in "executable."
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-sentences-"));
    notExecutable = path.join(dir, "deploy.sh");
    writeFileSync(notExecutable, "#!/bin/sh\nexit 0\n");
    chmodSync(notExecutable, 0o644);
  });
  afterAll(async () => {
    await haproxy?.stop();
    for (const app of apps ?? []) await app.close();
  });

  it("a deploy-command that is not executable: one sentence per stop, no '..' anywhere", async () => {
    const failed = await runAction({ ...common, mode: "prepare", version: "v2", "deploy-command": notExecutable });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `::error::deploy-command could not start: Unable to locate executable file: ${notExecutable}. Please verify either the file path exists`,
    );
    expect(failed.stdout).toMatch(/the file is executable\. \S/);
    expect(failed.stdout).not.toContain("..");
    expect(failed.stderr).not.toContain("..");
    expect(failed.summary).toContain("deploy-command could not start");
    expect(failed.summary).not.toContain("..");
  });

  it("a test-command that is not executable: the failed test's sentence has one stop", async () => {
    const prepared = await runAction({ ...common, mode: "prepare", version: "v3", "deploy-command": DEPLOY });
    expect(prepared.code, prepared.stdout).toBe(0);
    const tested = await runAction({
      ...common,
      mode: "test",
      "test-url": `http://127.0.0.1:${haproxy.previewPort}`,
      "test-command": notExecutable,
    });
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(/::error::Test of \w+ \(v3\) failed: .*test-command could not start: Unable to locate executable file/);
    expect(tested.stdout).toMatch(/the file is executable\.\n/);
    expect(tested.stdout).not.toContain("..");
    expect(tested.summary).not.toContain("..");
  });
});
