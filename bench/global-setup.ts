import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Starts bench/results.md once per `npm run bench`; every bench file then appends its tables. */
export default function setup(): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  writeFileSync(
    path.join(import.meta.dirname, "results.md"),
    `# bluegreen benchmark\n\n${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} x ${cpu}, load average ${os.loadavg()[0]?.toFixed(2)} at start\n`,
  );
}
