import { readdirSync, readFileSync } from "node:fs";

/** The variable that marks the processes of one run, so a test can kill exactly those. */
export const TAG_VARIABLE = "BLUEGREEN_TEST_KILL_TAG";

/**
 * SIGKILLs every process of ours whose environment carries TAG_VARIABLE=tag (the bundled action and
 * anything it started), at once and synchronously: the fake API calls this from inside a request.
 */
export function killTagged(tag: string): number {
  const marker = `${TAG_VARIABLE}=${tag}`;
  let killed = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, "latin1");
    } catch {
      continue; // not ours, or already gone
    }
    if (!environ.split("\0").includes(marker)) continue;
    try {
      process.kill(Number(entry), "SIGKILL");
      killed++;
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}
