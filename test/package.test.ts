import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./support/action.js";
import { haproxyCycle, runCommand } from "./support/cli-cycle.js";

/**
 * The npm package as users get it: `npm pack` of this checkout (its dist/ must be fresh: CI runs this
 * after check-dist), installed into an empty directory the way `npx` installs it, then run through the
 * installed bin. What is tested is the tarball, not the repository.
 */
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};

/** npm as a user runs it: none of the npm_* settings of the `npm test` that started this process. */
function npm(args: string[], cwd: string): string {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^npm_/i.test(key)) env[key] = value;
  return execFileSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
  bundled: string[];
}

describe("the npm package", () => {
  let packed: PackResult;
  let app: string;
  let bin: string;
  // Node 24 first on PATH: the installed bin starts with `#!/usr/bin/env node`, as npx runs it.
  let env: Record<string, string>;

  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-pack-"));
    [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], ROOT)) as [PackResult];
    app = path.join(dir, "app");
    mkdirSync(app);
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(dir, packed.filename)], app);
    bin = path.join(app, "node_modules/.bin/bluegreen");
    env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };
  }, 120_000);

  it("is named and versioned as the release process publishes it", () => {
    expect(pkg.name).toBe("@bluegreen-deploy/bluegreen");
    expect(pkg.bin).toEqual({ bluegreen: "dist/index.js" });
    expect(packed.filename).toBe(`bluegreen-deploy-bluegreen-${pkg.version}.tgz`);
  });

  it("contains dist/, action.yml, the templates, README, LICENSE and CHANGELOG only", () => {
    const files = packed.files.map((file) => file.path).sort();
    const unexpected = files.filter(
      (file) =>
        !file.startsWith("dist/") &&
        !file.startsWith("templates/") &&
        !["package.json", "action.yml", "README.md", "LICENSE", "CHANGELOG.md"].includes(file),
    );
    expect(unexpected).toEqual([]);
    for (const needed of ["dist/index.js", "dist/package.json", "action.yml", "README.md", "LICENSE", "CHANGELOG.md"])
      expect(files).toContain(needed);
    expect(files.some((file) => file.startsWith("templates/"))).toBe(true);
    expect(packed.bundled).toEqual([]);
  });

  it("installs into an empty directory without any other package", () => {
    const modules = path.join(app, "node_modules");
    expect(readdirSync(modules).filter((name) => name !== ".bin" && name !== ".package-lock.json")).toEqual(["@bluegreen-deploy"]);
    expect(readdirSync(path.join(modules, "@bluegreen-deploy"))).toEqual(["bluegreen"]);
    const lock = JSON.parse(readFileSync(path.join(app, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).sort()).toEqual(["", "node_modules/@bluegreen-deploy/bluegreen"]);
    const installed = JSON.parse(readFileSync(path.join(modules, "@bluegreen-deploy/bluegreen/package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.optionalDependencies ?? {}).toEqual({});
    expect(installed.peerDependencies ?? {}).toEqual({});
  });

  it("its bundle loads nothing but Node.js built-in modules", () => {
    const dist = path.join(app, "node_modules/@bluegreen-deploy/bluegreen/dist");
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const loaded = new Set<string>();
    for (const name of readdirSync(dist).filter((file) => file.endsWith(".js"))) {
      const code = readFileSync(path.join(dist, name), "utf8");
      // ncc leaves external modules as createRequire(import.meta.url)("x"), static imports and import("x").
      for (const match of code.matchAll(/__WEBPACK_EXTERNAL_createRequire\(import\.meta\.url\)\("([^"]+)"\)/g))
        loaded.add(match[1] as string);
      for (const match of code.matchAll(/^import .* from "([^"]+)";?$/gm)) loaded.add(match[1] as string);
      for (const match of code.matchAll(/\bimport\("([^"./][^"]*)"\)/g)) loaded.add(match[1] as string);
    }
    expect(loaded.size).toBeGreaterThan(5); // the scan found the bundle's requires at all
    expect([...loaded].filter((name) => !builtins.has(name))).toEqual([]);
  });

  it("the installed bin prints the version and the usage", async () => {
    const version = await runCommand([bin], ["--version"], env);
    expect({ code: version.code, stdout: version.stdout }).toEqual({ code: 0, stdout: `${pkg.version}\n` });
    const usage = await runCommand([bin], [], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^Usage: bluegreen /);
  });

  it("the installed bin runs a full prepare, test, promote, rollback cycle on a real HAProxy", async () => {
    await haproxyCycle([bin], env);
  });
});

describe("what the docs tell users to run", () => {
  const docs = ["README.md", ...readdirSync(path.join(ROOT, "docs")).map((name) => `docs/${name}`)].filter((name) => name.endsWith(".md"));
  const major = pkg.version.split(".")[0] as string;

  it("is only what the release process produces: the scoped package and the OWNER/bluegreen action, this major", () => {
    const problems: string[] = [];
    for (const file of docs) {
      readFileSync(path.join(ROOT, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          const where = `${file}:${i + 1}: ${line.trim()}`;
          // The bare npm name is not the project's; "your-org" and 0.1.0 were never released.
          if (/npx (--yes )?bluegreen\b/.test(line) && !/never (run )?`npx bluegreen`/.test(line)) problems.push(`unscoped npx: ${where}`);
          if (/your-org|<owner>|\b0\.1\.0\b/.test(line)) problems.push(`unreleased name or version: ${where}`);
          for (const match of line.matchAll(/@bluegreen-deploy\/bluegreen@(\d+)/g))
            if (match[1] !== major) problems.push(`npm version of another major: ${where}`);
          for (const match of line.matchAll(/uses: ([\w.-]+)\/bluegreen@v(\d+)/g)) {
            if (match[1] !== "OWNER") problems.push(`repository other than the OWNER placeholder: ${where}`);
            if (match[2] !== major) problems.push(`action tag of another major: ${where}`);
          }
        });
    }
    expect(problems).toEqual([]);
  });

  it("explains the OWNER placeholder once, in the README", () => {
    expect(readFileSync(path.join(ROOT, "README.md"), "utf8")).toContain("`OWNER` below stands for the GitHub organisation");
  });
});
