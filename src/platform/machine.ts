import { createHash } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";

/**
 * This machine's identity for leases: a digest of the kernel's boot id and this process's pid
 * namespace. Two processes that share both see the same pids, so one can tell whether the other
 * is still alive, and a re-run on the machine of a killed holder frees its lease at once. A digest,
 * not the ids themselves: leases are written where other people read them. Undefined where /proc
 * does not say (then a dead holder is only seen when its lease expires).
 */
export function machineId(): string | undefined {
  const key = machineKey();
  return key === undefined ? undefined : createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/**
 * The same identity in clear, "<boot id>.<pid namespace>" (HAProxy's lease keeps it in the map, which
 * only the socket's holders read). Undefined where /proc does not say.
 */
export function machineKey(): string | undefined {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const namespace = /\[(\d+)\]/.exec(readlinkSync("/proc/self/ns/pid"))?.[1];
    return boot && namespace ? `${boot}.${namespace}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this machine (and pid namespace) still runs. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
