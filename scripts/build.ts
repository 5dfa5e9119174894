// Bundles src/ into dist/ with ncc, starting from an empty dist/: ncc never deletes chunks from
// earlier builds, and a stale chunk would make the committed bundle differ from a fresh one.
import { execFileSync } from "node:child_process";
import { renameSync, rmSync } from "node:fs";
import path from "node:path";

export const NCC_ARGS = ["build", "src/index.ts", "--target", "es2023", "--license", "licenses.txt", "--quiet"];

const root = path.resolve(import.meta.dirname, "..");
if (import.meta.main) {
  const out = path.join(root, "dist");
  // Build beside dist/ and swap, so dist/ is missing only for the instant of the rename.
  const next = path.join(root, `.dist-${process.pid}`);
  execFileSync(process.execPath, [path.join(root, "node_modules/@vercel/ncc/dist/ncc/cli.js"), ...NCC_ARGS, "-o", next], {
    cwd: root,
    stdio: "inherit",
  });
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
  console.log("dist/ rebuilt from src/");
}
