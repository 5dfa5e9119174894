import { readFileSync } from "node:fs";
import path from "node:path";
import * as exec from "@actions/exec";
import { describe, expect, it } from "vitest";
import { commandWords, shellOperatorProblem } from "../src/command-line.js";
import { runAction } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

/** A program that writes the arguments it was given as JSON, to show what @actions/exec really passes. */
const ECHO_ARGS = `${process.execPath} -e "process.stdout.write(JSON.stringify(process.argv.slice(1)))"`;

async function argumentsReceived(line: string): Promise<string[]> {
  let out = "";
  await exec.exec(`${ECHO_ARGS} ${line}`, [], { silent: true, listeners: { stdout: (data) => (out += data.toString()) } });
  return JSON.parse(out) as string[];
}

describe("commandWords splits a command line as @actions/exec does", () => {
  it.each([
    "./deploy.sh && echo done",
    "helm upgrade app ./chart --set a=b;c --set-string x=1|2",
    "kubectl get pods -o jsonpath={.items[?(@.x>1)]}",
    'bash -c "./deploy.sh && echo \\"done\\""',
    "bash -c './deploy.sh && echo done'",
    'say "hi there"   twice  ',
    'a "" b',
  ])("%s", async (line) => {
    const received = await argumentsReceived(line);
    expect(commandWords(line).map((word) => word.text)).toEqual(received);
  });
});

describe("shell operators in command inputs", () => {
  it.each([
    ["./deploy.sh && echo done", '"&&"'],
    ["./a.sh || ./b.sh", '"||"'],
    ["./a.sh ; ./b.sh", '";"'],
    ["./a.sh | tee log", '"|"'],
    ["./a.sh > log", '">"'],
    ["./a.sh >> log", '">>"'],
    ["./a.sh < input", '"<"'],
  ])("%s is refused, naming %s and the shell to use", (line, operator) => {
    const problem = shellOperatorProblem(line) ?? "";
    expect(problem).toContain(`operator ${operator} as a whole argument`);
    expect(problem).toContain(`bash -c "${line}"`);
  });

  it("allows the same characters inside an argument, and a quoted operator", () => {
    for (const line of [
      "helm upgrade app ./chart --set a=b;c",
      "kubectl get pods -o jsonpath={.items[?(@.x>1)]}",
      'grep -c "|" access.log',
      'bash -c "./deploy.sh && echo done"',
      "./deploy.sh --filter=a|b --out=>x",
    ]) {
      expect({ line, problem: shellOperatorProblem(line) }).toEqual({ line, problem: undefined });
    }
  });

  it("the fix it suggests runs both commands through @actions/exec", async () => {
    const problem = shellOperatorProblem("echo one && echo two") ?? "";
    const fix = /e\.g\. (bash -c ".*?"), or/.exec(problem)?.[1] ?? "";
    expect(fix).toBe('bash -c "echo one && echo two"');
    let out = "";
    await exec.exec(fix, [], { silent: true, listeners: { stdout: (data) => (out += data.toString()) } });
    expect(out).toBe("one\ntwo\n");
  });
});

describe("a deploy-command with operators inside its arguments runs (real HAProxy, bundled action)", () => {
  const world = useHaproxyWorld({ green: "v1" });

  it("prepare runs it and the program gets each argument intact", async () => {
    const record = path.join(world.haproxy.dir, "args.json");
    const script = `require('fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))`;
    const command = `${process.execPath} -e "${script}" ${record} --set a=b;c jsonpath={.items[?(@.x>1)]} "&&"`;
    const run = await runAction({ ...world.inputs, mode: "prepare", version: "v1", "deploy-command": command });
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(readFileSync(record, "utf8"))).toEqual(["--set", "a=b;c", "jsonpath={.items[?(@.x>1)]}", "&&"]);
  });
});
