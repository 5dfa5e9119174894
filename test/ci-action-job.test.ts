import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load } from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runAction } from "./support/action.js";

/**
 * Runs ci.yml's `action` job here, step by step, the way the runner would: `uses: ./` steps through the
 * bundle with INPUT_* variables and GITHUB_OUTPUT (test/support/action.ts), `run:` steps with `bash -e`,
 * $GITHUB_ENV carried to later steps, `${{ env.X }}`, `${{ steps.ID.outputs.X }}` and `${{ runner.temp }}`
 * substituted. Only the machine setup is skipped (checkout, setup-node, apt: this machine has them).
 * What runs is the workflow file itself, so the job cannot drift from what was tested.
 */
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  if?: string;
}

const SKIPPED = ["actions/checkout@v4", "actions/setup-node@v4", "HAProxy from apt"];
const FIXTURE = path.join(ROOT, "scripts/ci-haproxy-fixture.ts");

const workflow = load(readFileSync(path.join(ROOT, ".github/workflows/ci.yml"), "utf8")) as {
  jobs: Record<string, { steps: Step[] }>;
};

class Runner {
  readonly temp = mkdtempSync(path.join(tmpdir(), "bluegreen-ci-job-"));
  readonly env: Record<string, string> = {};
  readonly outputs: Record<string, Record<string, string>> = {};
  readonly log: string[] = [];

  /** `${{ ... }}` with the three contexts the job uses; anything else fails the test (add it here first). */
  expand(text: string): string {
    return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      let match = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
      if (match) return this.env[match[1] as string] ?? "";
      match = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)$/.exec(expression);
      if (match) return this.outputs[match[1] as string]?.[match[2] as string] ?? "";
      if (expression === "runner.temp") return this.temp;
      throw new Error(`ci.yml uses the expression "${expression}", which this local runner does not know`);
    });
  }

  /** The runner's environment: no CI markers from the test process, the job's env, the runner's files. */
  baseEnv(githubEnv: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !key.startsWith("INPUT_") && !key.startsWith("GITHUB_") && key !== "GITLAB_CI") env[key] = value;
    }
    return { ...env, ...this.env, GITHUB_ACTIONS: "true", GITHUB_ENV: githubEnv, RUNNER_TEMP: this.temp, GITHUB_WORKSPACE: ROOT };
  }

  async step(step: Step): Promise<{ code: number; output: string }> {
    const githubEnv = path.join(this.temp, `env-${this.log.length}`);
    writeFileSync(githubEnv, "");
    let result: { code: number; output: string };
    if (step.uses === "./") {
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([name, value]) => [name, this.expand(String(value))]));
      const run = await runAction(inputs, { ...this.baseEnv(githubEnv) });
      if (step.id) this.outputs[step.id] = run.outputs;
      result = { code: run.code, output: run.stdout + run.stderr };
    } else if (step.run !== undefined) {
      const script = path.join(this.temp, `step-${this.log.length}.sh`);
      writeFileSync(script, this.expand(step.run));
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, this.expand(String(value))]));
      // GitHub's default shell on Linux: `bash -e {0}`, in the workspace.
      const child = spawn("bash", ["-e", script], { cwd: ROOT, env: { ...this.baseEnv(githubEnv), ...stepEnv } });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
      result = { code, output };
    } else {
      throw new Error(`step ${JSON.stringify(step)} is neither "uses: ./" nor "run:"`);
    }
    // $GITHUB_ENV: NAME=value lines become the environment of the later steps.
    for (const line of readFileSync(githubEnv, "utf8").split("\n")) {
      const at = line.indexOf("=");
      if (at > 0) this.env[line.slice(0, at)] = line.slice(at + 1);
    }
    this.log.push(`${step.name ?? step.id ?? step.uses}: exit ${result.code}`);
    return result;
  }
}

describe("ci.yml's action job, run locally", () => {
  const runner = new Runner();
  afterAll(() => {
    // Whatever happened, leave no HAProxy behind.
    spawnSync(process.execPath, [FIXTURE, "stop", path.join(runner.temp, "fixture")]);
  });

  it("runs the action with uses: ./ through prepare, test, promote and rollback against a real HAProxy", async () => {
    const steps = workflow.jobs.action?.steps ?? [];
    const skipped = steps.filter((step) => SKIPPED.includes(step.uses ?? step.name ?? ""));
    expect(skipped.map((step) => step.uses ?? step.name)).toEqual(SKIPPED);
    const modes = steps.filter((step) => step.uses === "./").map((step) => step.with?.mode);
    expect(modes).toEqual(["prepare", "test", "promote", "rollback"]);

    let failed = false;
    for (const step of steps.filter((s) => !skipped.includes(s))) {
      if (failed && step.if !== "always()") continue;
      const result = await runner.step(step);
      expect.soft(result.code, `${step.name ?? step.id}:\n${result.output}`).toBe(0);
      if (result.code !== 0) failed = true;
    }
    // Every step ran (the checks included) and the fixture was stopped at the end.
    expect(runner.log).toHaveLength(steps.length - SKIPPED.length);
    expect(runner.log.at(-1)).toBe("Stop HAProxy and the apps: exit 0");
  });
});

describe("the fixture's router check", () => {
  it("fails with both states when the router differs, passes when it matches, and stops cleanly", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-fixture-")), "fixture");
    const node = (...args: string[]) => spawnSync(process.execPath, [FIXTURE, ...args], { encoding: "utf8" });
    try {
      const started = node("start", dir);
      expect(started.status, started.stderr).toBe(0);
      const socket = /^BLUEGREEN_FIXTURE_SOCKET=(.+)$/m.exec(started.stdout)?.[1];
      expect(socket).toBeTruthy();

      const wrong = node("assert", dir, "active=green preview=blue production=v2 preview-serves=v1");
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain(
        'router state is "active=blue preview=green production=v1 preview-serves=v0", expected "active=green preview=blue production=v2 preview-serves=v1"',
      );
      expect(node("assert", dir, "active=blue preview=green production=v1 preview-serves=v0").status).toBe(0);
    } finally {
      const stopped = node("stop", dir);
      expect(stopped.status, stopped.stderr).toBe(0);
    }
    expect(node("state", dir).status).toBe(1); // nothing runs any more
  });
});
