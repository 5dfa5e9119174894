// Bundles src/ into dist/ with ncc, starting from an empty dist/: ncc never deletes chunks from
// earlier builds, and a stale chunk would make the committed bundle differ from a fresh one.
// Two entries: the action and CLI (dist/index.js), and the action's post step (dist/post/index.js),
// a bundle of its own so that the post step can never run a mode.
import { execFileSync } from "node:child_process";
import { renameSync, rmSync } from "node:fs";
import path from "node:path";

const FLAGS = ["--target", "es2023", "--license", "licenses.txt", "--quiet"];
export const NCC_ARGS = ["build", "src/index.ts", ...FLAGS];
/** The post step's entry, built into <out>/post. */
export const POST_NCC_ARGS = ["build", "src/post.ts", ...FLAGS];

const root = path.resolve(import.meta.dirname, "..");

/** Builds both bundles into out. */
export function buildInto(out: string, stdio: "inherit" | "pipe" = "inherit"): void {
  const ncc = path.join(root, "node_modules/@vercel/ncc/dist/ncc/cli.js");
  execFileSync(process.execPath, [ncc, ...NCC_ARGS, "-o", out], { cwd: root, stdio });
  execFileSync(process.execPath, [ncc, ...POST_NCC_ARGS, "-o", path.join(out, "post")], { cwd: root, stdio });
}

if (import.meta.main) {
  const out = path.join(root, "dist");
  // Build beside dist/ and swap, so dist/ is missing only for the instant of the rename.
  const next = path.join(root, `.dist-${process.pid}`);
  buildInto(next);
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
  console.log("dist/ rebuilt from src/");
}
