import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
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
