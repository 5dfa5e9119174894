import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE, ROOT } from "./support/action.js";
import { useHaproxyWorld } from "./support/world.js";

const DIST = path.join(ROOT, "dist");

/** The dist/ chunks that hold a library, found by a string only that library's code contains. */
function chunksContaining(marker: string): string[] {
  return readdirSync(DIST).filter(
    (name) => name.endsWith(".js") && name !== "index.js" && readFileSync(path.join(DIST, name), "utf8").includes(marker),
  );
}

describe("backends load lazily", () => {
  const world = useHaproxyWorld();

  it("an HAProxy run never loads the Kubernetes or OVH client", () => {
    const kubernetes = chunksContaining("CoreV1Api");
    const ovh = chunksContaining("X-Ovh-Signature");
    // The clients live in their own chunks, not in the main bundle.
    expect(kubernetes.length).toBeGreaterThan(0);
    expect(ovh.length).toBeGreaterThan(0);
    expect(readFileSync(BUNDLE, "utf8")).not.toContain("CoreV1Api");

    const record = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-lazy-")), "loaded");
    const result = spawnSync(process.execPath, ["--import", path.join(ROOT, "test/support/loaded-modules.mjs"), BUNDLE], {
      env: {
        PATH: process.env.PATH,
        GITHUB_ACTIONS: "true", // the action's door: no arguments, inputs as INPUT_* variables
        BLUEGREEN_LOADED_MODULES: record,
        INPUT_MODE: "test",
        "INPUT_TEST-URL": "http://127.0.0.1:9/",
        INPUT_BACKEND: "haproxy",
        "INPUT_HAPROXY-SOCKET": world.haproxy.socket,
        "INPUT_HAPROXY-MAP": world.haproxy.mapFile,
        "INPUT_DRY-RUN": "true",
      },
      encoding: "utf8",
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const loaded = readFileSync(record, "utf8")
      .split("\n")
      .map((url) => path.basename(url));
    expect(loaded).toContain("index.js");
    for (const chunk of [...kubernetes, ...ovh]) expect(loaded).not.toContain(chunk);
  });
});

/**
 * The bundle's file names (index.js, 123.index.js) one run loaded, recorded by test/support/loaded-modules.mjs.
 * Spawned asynchronously: the test's apps answer from this process, so it must not block while the run sends requests.
 */
async function loadedChunks(args: string[], env: Record<string, string>): Promise<{ loaded: string[]; stdout: string }> {
  const record = path.join(mkdtempSync(path.join(tmpdir(), "bluegreen-lazy-")), "loaded");
  const child = spawn(process.execPath, ["--import", path.join(ROOT, "test/support/loaded-modules.mjs"), BUNDLE, ...args], {
    env: { PATH: process.env.PATH, ...env, BLUEGREEN_LOADED_MODULES: record },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? -1)));
  expect(code, `${args.join(" ")}: ${stdout}${stderr}`).toBe(0);
  const loaded = readFileSync(record, "utf8")
    .split("\n")
    .filter((url) => url.startsWith("file:") && url.includes("/dist/"))
    .map((url) => path.basename(new URL(url).pathname));
  expect(loaded).toContain("index.js");
  return { loaded, stdout };
}

describe("a run loads only the libraries it uses", () => {
  const world = useHaproxyWorld({ blue: "v1", green: "v2" });
  // Strings only each library's own code holds: @actions/core writes its file commands with this
  // delimiter; every undici (the one @actions/core and smoke/http.ts use, and those bundled with
  // the Kubernetes client and @actions/github) publishes this diagnostics channel.
  const actionsCore = () => chunksContaining("ghadelimiter_");
  const undici = () => chunksContaining("undici:request:create");
  const flags = () => ["--backend", "haproxy", "--haproxy-socket", world.haproxy.socket, "--haproxy-map", world.haproxy.mapFile];

  it("the bundle keeps @actions/core and undici out of index.js, in chunks of their own", () => {
    expect(actionsCore().length).toBeGreaterThan(0);
    expect(undici().length).toBeGreaterThan(0);
    const main = readFileSync(BUNDLE, "utf8");
    expect(main).not.toContain("ghadelimiter_");
    expect(main).not.toContain("undici:request:create");
  });

  it("the CLI door without a token: --help, HAProxy status, promote and rollback load neither @actions/core nor undici", async () => {
    const forbidden = [...actionsCore(), ...undici()];
    const runs: [string, string[]][] = [
      ["--help", ["--help"]],
      ["status", ["status", ...flags()]],
      ["prepare", ["prepare", ...flags(), "--version", "v2", "--deploy-command", "none"]],
      ["promote", ["promote", ...flags(), "--version", "v2"]],
      ["rollback", ["rollback", ...flags()]],
    ];
    for (const [name, args] of runs) {
      const { loaded, stdout } = await loadedChunks(args, {});
      if (name === "promote") expect(stdout).toMatch(/Production switched/);
      if (name === "rollback") expect(stdout).toMatch(/rolled back/);
      expect(
        loaded.filter((chunk) => forbidden.includes(chunk)),
        `${name} loaded ${loaded.join(", ")}`,
      ).toEqual([]);
    }
  });

  it("the CLI door loads undici, and only undici, when it sends requests (test mode through the preview)", async () => {
    const { loaded, stdout } = await loadedChunks(
      ["test", ...flags(), "--test-url", `http://127.0.0.1:${world.haproxy.previewPort}/`, "--test-requests", "20"],
      {},
    );
    expect(stdout).toMatch(/Load: 20 requests/);
    expect(loaded.filter((chunk) => undici().includes(chunk)).length).toBeGreaterThan(0);
    expect(loaded.filter((chunk) => actionsCore().includes(chunk))).toEqual([]);
  });

  it("the GitHub door (the action on a runner) loads @actions/core, and masks through it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-lazy-github-"));
    const output = path.join(dir, "output");
    writeFileSync(output, "");
    const { loaded, stdout } = await loadedChunks([], {
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: output,
      INPUT_MODE: "status",
      INPUT_BACKEND: "haproxy",
      "INPUT_HAPROXY-SOCKET": world.haproxy.socket,
      "INPUT_HAPROXY-MAP": world.haproxy.mapFile,
      // Credentials in a URL are secrets: masked on the runner through @actions/core (status sends nothing to it).
      "INPUT_VERIFY-URL": "http://user:lazy-loading-secret@127.0.0.1:9/",
    });
    expect(loaded.filter((chunk) => actionsCore().includes(chunk)).length).toBeGreaterThan(0);
    // The runner is told to hide the secret before bluegreen prints anything else, and nothing else shows it.
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("::add-mask::lazy-loading-secret");
    expect(lines.filter((line) => line.includes("lazy-loading-secret"))).toEqual(["::add-mask::lazy-loading-secret"]);
    expect(readFileSync(output, "utf8")).toMatch(/^active-color<<ghadelimiter_/m);
  });
});
