import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { targets } from "../scripts/generate.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const FIXTURE = path.join(ROOT, "test/fixtures/file-router");
const NODE = path.join(ROOT, "node_modules/.bin/node");

/**
 * The promise of the backend descriptors, kept by trying it: a copy of the project gets a minimal
 * new backend (a router whose state is a JSON file) as its folder, one registry entry and its docs
 * page; the generator, the type check and the contract suite then run on the copy, and the copy's
 * changes must stay within those files and the generated ones.
 */
describe("adding a backend", () => {
  const copy = mkdtempSync(path.join(tmpdir(), "bluegreen-new-backend-"));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@test", "-c", "user.name=t", ...args], { cwd: copy, encoding: "utf8" });
  const run = (args: string[]) => spawnSync(NODE, args, { cwd: copy, encoding: "utf8", env: { ...process.env, CI: "true" } });

  it("touches its folder, one registry line, its docs page and the generated files; it passes the generator, the type check and the contract suite", () => {
    // The project as committed (and what this checkout adds, untracked), without the bundle.
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((file) => file !== "" && !file.startsWith("dist/"));
    for (const file of files) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      try {
        cpSync(path.join(ROOT, file), path.join(copy, file));
      } catch {
        // A file deleted in the working tree but still in the index: not part of the project now.
      }
    }
    symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "before the new backend");

    // The new backend: its folder, its docs page, and one entry in the registry.
    const folder = path.join(copy, "src/backends/file-router");
    mkdirSync(folder);
    for (const name of ["descriptor.ts", "options.ts", "index.ts", "contract-world.ts"]) {
      cpSync(path.join(FIXTURE, `${name}.txt`), path.join(folder, name));
    }
    cpSync(path.join(FIXTURE, "file-router.md.txt"), path.join(copy, "docs/file-router.md"));
    const registry = path.join(copy, "src/backends/registry.ts");
    const text = readFileSync(registry, "utf8");
    const list = /export const BACKENDS = \[([^\]]*)\] as const;/;
    expect(text, "the registry keeps its list in one line").toMatch(list);
    writeFileSync(
      registry,
      `import { fileRouter } from "./file-router/descriptor.js";\n${text.replace(list, (_, names: string) => `export const BACKENDS = [${names}, fileRouter] as const;`)}`,
    );

    const generate = run([
      "--experimental-transform-types",
      "--disable-warning=ExperimentalWarning",
      "--import",
      "./scripts/ts-resolve.mjs",
      "scripts/generate.ts",
    ]);
    expect(generate.status, generate.stderr).toBe(0);
    const typecheck = run([path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.check.json"]);
    expect(typecheck.status, typecheck.stdout + typecheck.stderr).toBe(0);
    const contract = run([
      path.join(ROOT, "node_modules/vitest/vitest.mjs"),
      "run",
      "test/contract/contract.test.ts",
      "-t",
      "contract: file-router",
      "--reporter=json",
      "--outputFile=contract.json",
    ]);
    const report = JSON.parse(readFileSync(path.join(copy, "contract.json"), "utf8")) as { numPassedTests: number; numFailedTests: number };
    rmSync(path.join(copy, "contract.json"));
    expect(contract.status, contract.stdout.slice(-3000) + contract.stderr.slice(-3000)).toBe(0);
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(5);

    // What changed: the folder, the registry, the docs page, and only files the generator writes.
    const changed = git("status", "--porcelain", "--untracked-files=all")
      .split("\n")
      .filter(Boolean)
      .map((line) => line.slice(3));
    const generated = new Set(targets().map((target) => target.file));
    const allowed = (file: string) =>
      file.startsWith("src/backends/file-router/") ||
      file === "src/backends/registry.ts" ||
      file === "docs/file-router.md" ||
      generated.has(file);
    expect(changed.filter((file) => !allowed(file))).toEqual([]);
    // The generated contract names the new backend and its input.
    const action = readFileSync(path.join(copy, "action.yml"), "utf8");
    expect(action).toContain("file-router-state:");
    expect(action).toMatch(/backend:\n {4}description: "Where production traffic is switched: .*file-router/);
    expect(readFileSync(path.join(copy, "templates/blue-green.yml"), "utf8")).toContain(
      "INPUT_FILE_ROUTER_STATE: $[[ inputs.file-router-state ]]",
    );
    expect(readFileSync(path.join(copy, "README.md"), "utf8")).toContain("| `file-router`");
    expect(changed).toContain("README.md");
  }, 300_000);
});
