import { appendFileSync } from "node:fs";
import path from "node:path";

const FILE = path.join(import.meta.dirname, "results.md");

/** Prints a result table and appends it to bench/results.md (started by global-setup.ts). */
export function report(markdown: string): void {
  appendFileSync(FILE, `${markdown}\n`);
  console.log(markdown);
}
