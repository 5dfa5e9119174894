import { readdirSync, readFileSync } from "node:fs";

/**
 * SIGKILLs the bundled action processes this test process started (children of this process whose
 * command line runs dist/index.js), as `kill -9` would: no handler runs, no answer is read. The test
 * helpers spawn the action as a direct child, so a fake API server in the same process can kill the
 * run it is serving at the exact request a test chooses. Returns the pids killed.
 */
export function killBundledActions(): number[] {
  const killed: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so parse after the last ")".
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!command.some((arg) => arg.endsWith("dist/index.js"))) continue;
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // The process ended while we looked: nothing to kill.
    }
  }
  return killed;
}
