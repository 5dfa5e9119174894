import { TimeoutError } from "../../errors.js";
import { startProgress } from "../../platform/progress.js";
import { describeSet, type RecordSet, sameRecords } from "./records.js";
import { serialNewer } from "./serial.js";
import { formatServer, type ServerAddress } from "./server-address.js";
import { formatSeconds } from "./tcp.js";
import type { ZoneClient } from "./zone-client.js";

/**
 * Waits until every given authoritative server (the primary included: inline signing re-signs after the
 * UPDATE has been answered) serves the new sets: its SOA serial is newer than the one read before the
 * update (RFC 1982 arithmetic), and each set is exactly the new one.
 */

export interface PropagationWait {
  client: ZoneClient;
  servers: ServerAddress[];
  /** The sets as they must be served. */
  sets: RecordSet[];
  /** The SOA serial read before the update: a server that serves the update serves a newer one. */
  serialBefore: number;
  timeoutMs: number;
  /** Between two polls of one server (default 50 ms). */
  intervalMs?: number;
}

export interface Propagated {
  /** From the start of the wait until the last server served the sets. */
  ms: number;
  servers: { server: string; ms: number; serial: number }[];
}

export async function waitUntilServed(wait: PropagationWait): Promise<Propagated> {
  const t0 = performance.now();
  const deadline = t0 + wait.timeoutMs;
  const interval = wait.intervalMs ?? 50;
  const last = new Map<string, string>();
  let served = 0;
  const progress = startProgress((seconds) => `DNS propagation: ${served}/${wait.servers.length} servers serve the change, ${seconds} s`);
  const servers = await Promise.all(
    wait.servers.map(async (server) => {
      const where = formatServer(server);
      for (;;) {
        const seen = await observe(wait, server).catch((error: Error) => ({ serial: undefined, sets: undefined, failure: error.message }));
        if (
          seen.serial !== undefined &&
          seen.sets &&
          serialNewer(seen.serial, wait.serialBefore) &&
          wait.sets.every((s, i) => sameRecords(s, seen.sets[i] as RecordSet))
        ) {
          served++;
          return { server: where, ms: performance.now() - t0, serial: seen.serial };
        }
        last.set(
          where,
          "failure" in seen
            ? `could not be read (${seen.failure})`
            : `serves serial ${seen.serial} and ${seen.sets?.map(describeSet).join("; ")}`,
        );
        if (performance.now() + interval > deadline) return undefined;
        await new Promise((r) => setTimeout(r, interval));
      }
    }),
  ).finally(() => progress.stop());
  const late = wait.servers.map(formatServer).filter((where) => !servers.some((s) => s?.server === where));
  if (late.length > 0)
    throw new TimeoutError(
      `After ${formatSeconds(wait.timeoutMs)}, ${late.map((where) => `${where} ${last.get(where) ?? "was not read"}`).join("; ")} (wanted: a serial newer than ${wait.serialBefore} and ${wait.sets.map(describeSet).join("; ")}).`,
    );
  const done = servers as { server: string; ms: number; serial: number }[];
  return { ms: Math.max(0, ...done.map((s) => s.ms)), servers: done };
}

async function observe(wait: PropagationWait, server: ServerAddress): Promise<{ serial: number; sets: RecordSet[] }> {
  const [serial, ...sets] = await Promise.all([wait.client.serial(server), ...wait.sets.map((s) => wait.client.readSet(s, server))]);
  return { serial: serial as number, sets: sets as RecordSet[] };
}
