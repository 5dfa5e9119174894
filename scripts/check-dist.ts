// Fails when dist/ is not what a fresh build of src/ produces: the action runs dist/, not src/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NCC_ARGS } from "./build.ts";

const root = path.resolve(import.meta.dirname, "..");
const fresh = mkdtempSync(path.join(tmpdir(), "bluegreen-dist-"));
try {
  execFileSync(process.execPath, [path.join(root, "node_modules/@vercel/ncc/dist/ncc/cli.js"), ...NCC_ARGS, "-o", fresh], {
    cwd: root,
    stdio: "inherit",
  });
  const committed = path.join(root, "dist");
  const names = new Set([...readdirSync(fresh), ...readdirSync(committed)]);
  const stale = [...names].filter((name) => {
    try {
      return !readFileSync(path.join(fresh, name)).equals(readFileSync(path.join(committed, name)));
    } catch {
      return true; // present on one side only
    }
  });
  if (stale.length > 0) {
    console.error(`dist/ is stale: ${stale.sort().join(", ")} differ from a fresh build. Run "npm run build" and commit dist/.`);
    process.exit(1);
  }
  console.log(`dist/ matches a fresh build of src/ (${names.size} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
