import { appendFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const FILE = path.join(import.meta.dirname, "results.md");
let started = false;

/** Prints a result table and appends it to bench/results.md (rewritten by each `npm run bench`). */
export function report(markdown: string): void {
  if (!started) {
    started = true;
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    writeFileSync(FILE, `# bluegreen benchmark\n\n${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} x ${cpu}\n`);
  }
  appendFileSync(FILE, `${markdown}\n`);
  console.log(markdown);
}
