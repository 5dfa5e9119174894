import { randomBytes } from "node:crypto";
import { ConflictError } from "../../errors.js";
import { printable } from "../../input-text.js";
import { log } from "../../platform/log.js";
import { machineKey, processAlive } from "../../platform/machine.js";
import { sleep } from "../../wait.js";
import { type MapEntry, parseMapEntries } from "./map.js";
import { expectSilence, type RuntimeApi, withoutStop } from "./runtime-api.js";

/**
 * A lock on the router itself, because the Runtime API has no compare-and-set. Every taker adds a
 * `bluegreen.lock` entry (`add map` keeps duplicate keys in insertion order, and both `show map`
 * and a lookup see the oldest first) and reads the map back: the run whose entry comes first,
 * unexpired, holds the lock; the others remove their own entry. Entries are removed by reference
 * (`del map <map> #<ref>`), never by key, so nobody removes another run's entry by mistake. A
 * holder that died leaves an entry that expires, so it blocks nobody for longer than LEASE_MS.
 * No frontend looks this key up: the lock is never visible as routing.
 */
export const LOCK_KEY = "bluegreen.lock";

/** How long a lease lasts. A switch under the lock takes milliseconds; this bounds a dead holder. */
export const LEASE_MS = 30_000;

/**
 * A holder commits only while at least this much of its lease is left: enough for the commit and
 * the map file write, each bounded by the Runtime API command timeout (10 s at most).
 */
export const COMMIT_MARGIN_MS = 15_000;

/**
 * The commit itself is written to the socket only while at least this much of the lease (as the
 * other runs see it) is left. A holder that stalled after taking its turn (SIGSTOP, a frozen VM,
 * a long GC pause) may have lost the lock meanwhile: it finds out from its own clock, in the same
 * callback that writes the command, so no stall before that write can let a stale commit through.
 * The margin also covers clocks of two runners that differ by up to this much.
 */
export const SEND_MARGIN_MS = 10_000;

export interface Lease {
  /** Random per run: tells this run's entries from every other run's. */
  owner: string;
  /** The CI run, for the message another run shows while it waits. */
  run: string;
  /** Where the holder runs (boot id and pid namespace), so a dead holder on the same machine is seen at once. */
  host?: string;
  pid?: number;
  /** Epoch milliseconds. */
  expires: number;
}

export function encodeLease(lease: Lease): string {
  const params = new URLSearchParams({ owner: lease.owner, run: lease.run, expires: String(lease.expires) });
  if (lease.host) params.set("host", lease.host);
  if (lease.pid !== undefined) params.set("pid", String(lease.pid));
  return params.toString();
}

/** Reads a lease entry's value; anything malformed reads as already expired (nothing a run can wait for). */
export function decodeLease(text: string): Lease {
  const params = new URLSearchParams(text);
  const expires = Number(params.get("expires"));
  const pid = Number(params.get("pid"));
  return {
    owner: params.get("owner") ?? "",
    run: params.get("run") ?? "",
    host: params.get("host") || undefined,
    pid: params.has("pid") && Number.isInteger(pid) && pid > 0 ? pid : undefined,
    expires: Number.isFinite(expires) ? expires : 0,
  };
}

interface LeaseEntry extends MapEntry {
  lease: Lease;
}

export class MapLock {
  readonly owner = randomBytes(8).toString("hex");
  private readonly host = machineKey();
  /** Expiry of this run's lease entry as the last confirm() read it from the map: what other runs go by. */
  private confirmedUntil = 0;

  constructor(
    private readonly api: RuntimeApi,
    /** Sends a read-only command, retried on a dropped connection. */
    private readonly read: (line: string) => Promise<string>,
    private readonly map: string,
    /** Names the router in messages: "the HAProxy map <map>". */
    private readonly router: string,
    private readonly run: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes the lock, waiting at most `waitMs` for another holder to finish (or for its lease to
   * expire). Throws ConflictError naming the holder when it cannot; nothing was changed then.
   */
  async acquire(waitMs: number): Promise<void> {
    const deadline = this.now() + waitMs;
    let delay = 50;
    for (;;) {
      const holder = await this.tryTake();
      if (holder === undefined) return;
      if (this.now() + delay > deadline) {
        const left = Math.max(0, Math.ceil((holder.expires - this.now()) / 1000));
        throw new ConflictError(
          `another bluegreen run holds the lock on ${this.router} (${printable(holder.run || holder.owner)}, expires in ${left} s); nothing was changed. Run the step again when it has finished.`,
        );
      }
      // Jitter, so that runs that collided do not collide again in step.
      await sleep(delay + Math.floor(Math.random() * delay));
      delay = Math.min(delay * 2, 1_000);
    }
  }

  /**
   * Right before a commit: proves the lock is still ours, with enough lease left to finish. A
   * holder that stalled past its lease may have lost the lock to another run; it must not commit.
   */
  async confirm(): Promise<void> {
    const holder = await this.holder();
    const mine = holder?.lease.owner === this.owner;
    if (!mine || (holder as LeaseEntry).lease.expires - this.now() < COMMIT_MARGIN_MS) {
      throw new ConflictError(
        `this run's lock on ${this.router} ${mine ? "is about to expire" : "was lost (it outlived its lease)"} before the commit; nothing was changed. Run the step again.`,
      );
    }
    this.confirmedUntil = (holder as LeaseEntry).lease.expires;
  }

  /**
   * Why this run must not send its commit now, or undefined when it may: called right before the
   * command is written. Only the clock is read, so nothing can stall between this check and the write.
   */
  commitRefusal(what = "its commit"): string | undefined {
    const left = this.confirmedUntil - this.now();
    if (left >= SEND_MARGIN_MS) return undefined;
    const state = left > 0 ? `had only ${Math.floor(left / 1000)} s left` : `had expired ${Math.ceil(-left / 1000)} s earlier`;
    return `this run's lease on ${this.router} ${state} when ${what} was due (the run was paused or slowed), so another run may hold the lock`;
  }

  /** The CI run of the first lease in these map entries that is not this run's (who committed over it), if any. */
  otherRunIn(entries: MapEntry[]): string | undefined {
    const lease = entries
      .filter((e) => e.key === LOCK_KEY)
      .map((e) => decodeLease(e.value))
      .find((l) => l.owner !== this.owner);
    return lease ? printable(lease.run || lease.owner) : undefined;
  }

  /** Whether these map entries hold leases of runs that died or expired (left by a killed run). */
  staleIn(entries: MapEntry[]): boolean {
    return entries.some((entry) => entry.key === LOCK_KEY && this.stale(decodeLease(entry.value)));
  }

  /** The value of this run's lease entry, for carrying it into a new map version that replaces the current one. */
  entryValue(): string {
    return encodeLease(this.lease());
  }

  /** Removes every entry of this run (best effort: an entry left behind expires on its own). */
  async release(): Promise<void> {
    try {
      for (const entry of await this.entries()) {
        if (entry.lease.owner === this.owner) await this.api.command(`del map ${this.map} #${entry.ref}`);
      }
    } catch (error) {
      log.warn(`Could not release the lock on ${this.router} (${(error as Error).message}); it expires within ${LEASE_MS / 1000} s.`);
    }
  }

  private lease(): Lease {
    return { owner: this.owner, run: this.run, host: this.host, pid: process.pid, expires: this.now() + LEASE_MS };
  }

  /** One attempt: adds our entry, reads the map back. Undefined when we hold the lock; else the holder (our entry removed). */
  private async tryTake(): Promise<Lease | undefined> {
    await expectSilence(this.api, `add map ${this.map} ${LOCK_KEY} ${encodeLease(this.lease())}`);
    const holder = await this.holder();
    if (holder?.lease.owner === this.owner) return undefined;
    await this.release();
    // Our entry may be gone without a holder: a holder's commit replaced the map version meanwhile.
    return holder?.lease ?? { owner: "a run that just committed", run: "", expires: this.now() };
  }

  /**
   * The first live lease in the map. Expired leases, and leases of dead processes on this machine,
   * that come before it are removed (by reference), so a crashed holder blocks nobody for long.
   */
  private async holder(): Promise<LeaseEntry | undefined> {
    for (const entry of await this.entries()) {
      if (entry.lease.owner === this.owner || !this.stale(entry.lease)) return entry;
      const answer = withoutStop(await this.api.command(`del map ${this.map} #${entry.ref}`));
      if (answer === "") log.info(`Removed a stale lock on ${this.router} left by ${printable(entry.lease.run || entry.lease.owner)}.`);
    }
    return undefined;
  }

  private stale(lease: Lease): boolean {
    if (lease.expires <= this.now()) return true;
    // Same machine and pid namespace: a holder whose process is gone will never release its lease.
    return (
      lease.host !== undefined &&
      lease.host === this.host &&
      lease.pid !== undefined &&
      lease.pid !== process.pid &&
      !processAlive(lease.pid)
    );
  }

  private async entries(): Promise<LeaseEntry[]> {
    const answer = await this.read(`show map ${this.map}`);
    return parseMapEntries(answer)
      .filter((entry) => entry.key === LOCK_KEY)
      .map((entry) => ({ ...entry, lease: decodeLease(entry.value) }));
  }
}
