import { randomBytes } from "node:crypto";
import { BluegreenError, ConflictError, TimeoutError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { machineId, processAlive } from "../../platform/machine.js";
import { type CancelSignal, cancellableSleep, cancelSignal, onCancel } from "../../platform/signals.js";
import { sleep } from "../../wait.js";
import type { RoundTrips } from "./round-trips.js";

/**
 * A lock for an API without compare-and-set (OVH): a lease (owner, expiry, where its holder runs)
 * kept in one cell the API reads and writes, such as the Load Balancer's displayName or a record
 * of a DNS zone. Taking it is Fischer's timed mutual exclusion: read the cell; if the lease is
 * free (absent, expired, ours, or left by a dead process of this machine) write ours; wait SETTLE;
 * read again; ours means held. Two runs that both saw it free both write, and the later write
 * wins: the earlier writer sees the later lease after its wait, provided every write lands within
 * SETTLE of the read that found the lease free. Each run measures that (read sent to write
 * answered) and claims nothing when it took longer.
 *
 * Every timing follows the API's round trip as this run measures it (see leaseTimings), so a slow
 * API still lets a run in, and a fast one keeps the lease short: a holder that died blocks others
 * for one short TTL, or not at all on its own machine, and a holder that is cancelled (SIGINT,
 * SIGTERM) stops writing and frees the lease before the runner kills it.
 */

/** Where a lease is kept: one value the API reads and writes, beside whatever else the object holds. */
export interface LeaseCell {
  /** Names what the lease locks, in sentences: "the Load Balancer loadbalancer-x". */
  readonly subject: string;
  /** Where the lease is kept, for plans: "a lease in /ipLoadbalancing/loadbalancer-x's displayName". */
  readonly place: string;
  /** The lease text the cell holds now ("" when none), read through the API. */
  read(): Promise<string>;
  /** Writes the lease text ("" removes it) through the API, keeping whatever else the object holds. */
  write(text: string): Promise<void>;
}

export interface LeaseRecord {
  /** Random per run. */
  owner: string;
  /** Expiry, in seconds since the epoch on the API's clock. */
  until: number;
  /** The holder's machine (see machineId) and process, so a re-run there sees a dead holder at once. */
  host?: string;
  pid?: number;
}

export function encodeLease(record: LeaseRecord): string {
  const params = new URLSearchParams({ owner: record.owner, until: String(record.until) });
  if (record.host) params.set("host", record.host);
  if (record.pid !== undefined) params.set("pid", String(record.pid));
  return params.toString();
}

/** A malformed lease holds nothing: no owner could ever release it. */
export function decodeLease(text: string): LeaseRecord | undefined {
  if (text === "") return undefined;
  const params = new URLSearchParams(text);
  const owner = params.get("owner") ?? "";
  const until = Number(params.get("until"));
  if (!owner || !params.has("until") || !Number.isFinite(until)) return undefined;
  const pid = Number(params.get("pid"));
  return {
    owner,
    until,
    ...(params.get("host") ? { host: params.get("host") as string } : {}),
    ...(params.has("pid") && Number.isInteger(pid) && pid > 0 ? { pid } : {}),
  };
}

/** The lower bounds of the timings, for an API that answers in milliseconds. */
export const LEASE_FLOORS = {
  settleMs: 1_500,
  renewEveryMs: 5_000,
  /** How far two runs' views of the API's clock may differ (each learns it once, to the second). */
  clockMarginMs: 2_000,
  pollMs: 1_000,
};

export interface LeaseTimings {
  /** The round trip they are built on: the slowest of the recent ones. */
  roundTripMs: number;
  /** A claim: the read that finds the lease free, then the write of ours. */
  claimMs: number;
  /** The wait between writing the lease and reading it back: twice a claim, so a peer up to twice as slow is seen. */
  settleMs: number;
  /** A renewal: a read (is it still ours?) and a write. */
  renewalMs: number;
  renewEveryMs: number;
  /** The lease's length: two renewal periods and a renewal, plus the clock margin, so one lost renewal loses nothing. */
  ttlSeconds: number;
  /** Pause between two looks at a lease someone else holds. */
  pollMs: number;
}

/** Every timing of the lease, from the API's round trip (ms) as measured. */
export function leaseTimings(roundTripMs: number): LeaseTimings {
  const roundTrip = Math.max(0, Math.round(roundTripMs));
  const claimMs = 2 * roundTrip;
  const renewalMs = 2 * roundTrip;
  const renewEveryMs = Math.max(LEASE_FLOORS.renewEveryMs, 2 * renewalMs);
  return {
    roundTripMs: roundTrip,
    claimMs,
    settleMs: Math.max(LEASE_FLOORS.settleMs, 2 * claimMs),
    renewalMs,
    renewEveryMs,
    ttlSeconds: Math.ceil((2 * renewEveryMs + renewalMs + LEASE_FLOORS.clockMarginMs) / 1000),
    pollMs: Math.max(LEASE_FLOORS.pollMs, roundTrip),
  };
}

/** A run under the lease stopped writing: it was cancelled, or it lost the lease. Nothing is put back then. */
export class LeaseStopped extends BluegreenError {
  constructor(
    message: string,
    readonly reason: "cancelled" | "lost",
  ) {
    super(message);
  }
}

/** How a lease stands against this run. */
type Verdict =
  | { kind: "free" }
  | { kind: "ours"; record: LeaseRecord }
  | { kind: "expired"; record: LeaseRecord }
  | { kind: "orphaned"; record: LeaseRecord & { pid: number } }
  | { kind: "held"; record: LeaseRecord };

export interface AcquireOptions {
  /** Date.now() by which the lease must be taken and the work under it done. */
  deadline: number;
  /** The timeout input, for the sentence that says the API is too slow for it. */
  timeoutSeconds: number;
  /** The work under the lease: the API requests it makes one after another at least, and what it is. */
  reserve: { roundTrips: number; what: string };
  /** Called while another run holds the lease: throws when what it writes makes this run's plan stale. */
  stillValid?: () => Promise<void>;
}

/** A held lease: renewed in the background until release(). */
export interface HeldLease {
  readonly owner: string;
  /**
   * Runs one write under the lease: first makes sure the lease is still this run's (the first time
   * by reading it, later by its renewals), and throws LeaseStopped instead once the run was
   * cancelled or lost the lease.
   */
  guard<T>(write: () => Promise<T>): Promise<T>;
  /** Throws LeaseStopped once the run was cancelled or lost the lease: waits under the lease call it. */
  check(): void;
  /** Frees the lease, if it is still this run's. */
  release(): Promise<void>;
}

export class Lease {
  /** This run's name in the lease: random, so two runs on one runner (or one pid) never share it. */
  readonly owner = randomBytes(6).toString("hex");
  private readonly host = machineId();

  constructor(
    readonly cell: LeaseCell,
    /** The API's clock, in seconds. */
    readonly clock: () => Promise<number>,
    private readonly trips: RoundTrips,
  ) {}

  timings(): LeaseTimings {
    return leaseTimings(this.trips.slowestMs());
  }

  /** How the lease in `text` stands, for the summary's details. */
  describe(text: string, now: number): string {
    const verdict = this.judge(text, now);
    if (verdict.kind === "free") return "free";
    const { owner, until } = verdict.record;
    const when = new Date(until * 1000).toISOString();
    if (verdict.kind === "expired") return `free (an expired lease of run ${owner}, until ${when})`;
    if (verdict.kind === "orphaned") return `free (left by run ${owner}, whose process ${verdict.record.pid} on this machine is gone)`;
    return `held by ${verdict.kind === "ours" ? "this run" : `run ${owner}`} until ${when}`;
  }

  /**
   * Waits (up to `timeoutMs`) until no other run holds the lease, so that a read never sees a
   * switch half-way; answers the cell's text as last read. Never takes the lease, and never fails
   * for it: after the wait, the state is read as it is (and said to be held).
   */
  async awaitFree(first: string, timeoutMs: number): Promise<{ text: string; heldByOther: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let text = first;
    let logged = false;
    for (;;) {
      const verdict = this.judge(text, await this.clock());
      this.noteOrphan(verdict);
      if (verdict.kind !== "held") return { text, heldByOther: false };
      const { pollMs } = this.timings();
      if (Date.now() + pollMs > deadline) return { text, heldByOther: true };
      if (!logged)
        log.info(`Another bluegreen run (${verdict.record.owner}) holds the lock on ${this.cell.subject}: waiting until it is done.`);
      logged = true;
      await sleep(pollMs);
      text = await this.cell.read();
    }
  }

  /**
   * Takes the lease, waiting while another run holds it. Throws ConflictError (nothing changed)
   * when it is still held at the deadline, TimeoutError when the API is too slow for the claim and
   * the work to fit before the deadline, LeaseStopped when the run is cancelled meanwhile.
   */
  async acquire(options: AcquireOptions): Promise<HeldLease> {
    let cancelledBy: CancelSignal | undefined = cancelSignal();
    const stopListening = onCancel((signal) => {
      cancelledBy ??= signal;
    });
    let wrote = false;
    try {
      for (let attempt = 1; ; attempt++) {
        if (cancelledBy) throw this.cancelledBeforeHold(cancelledBy);
        const t = this.timings();
        // The claim at its slowest (it must be sure), the work at the typical pace (bursts of parallel reads inflate the slowest).
        const needMs = t.claimMs + t.settleMs + t.roundTripMs + this.trips.typicalMs() * options.reserve.roundTrips;
        if (Date.now() + needMs > options.deadline) throw this.tooSlow(t, needMs, options);
        const started = performance.now();
        const text = await this.cell.read();
        const now = await this.clock();
        const verdict = this.judge(text, now);
        this.noteOrphan(verdict);
        if (verdict.kind === "held") {
          const pause = t.pollMs + Math.floor(Math.random() * 500);
          if (Date.now() + pause > options.deadline) {
            throw new ConflictError(
              `Another bluegreen run (${verdict.record.owner}) holds the lock on ${this.cell.subject} until ${new Date(verdict.record.until * 1000).toISOString()}; nothing was changed. ` +
                "If that run was killed, its lease expires then; run this step again afterwards.",
            );
          }
          if (attempt === 1) log.info(`Waiting for the lock on ${this.cell.subject}: run ${verdict.record.owner} holds it.`);
          if (await cancellableSleep(pause)) continue;
          // What the holder writes may already make this run's plan stale: then fail now, not after the wait.
          await options.stillValid?.();
          continue;
        }
        const sentAt = performance.now();
        wrote = true;
        await this.cell.write(encodeLease(this.record(now + t.ttlSeconds)));
        const elapsed = performance.now() - started;
        await cancellableSleep(t.settleMs);
        const after = decodeLease(await this.cell.read());
        if (cancelledBy) continue; // the top of the loop says so; the catch below frees the lease
        if (elapsed <= t.settleMs && after?.owner === this.owner) {
          stopListening();
          return new Holding(this, sentAt, t);
        }
        if (elapsed > t.settleMs) {
          log.info(
            `The lock write took ${Math.round(elapsed)} ms, more than the ${t.settleMs} ms this run waits for other writers: trying again, with timings set from the slowest round trip seen (${this.trips.slowestMs()} ms).`,
          );
        }
        // Lost to a later writer, or too slow to be sure of it: try again after a random pause.
        await cancellableSleep(Math.floor(Math.random() * t.pollMs));
      }
    } catch (error) {
      // Never leave this run's lease behind when it gives up.
      if (wrote) await this.clearIfOurs().catch(() => undefined);
      throw error;
    } finally {
      stopListening();
    }
  }

  /** The cell's lease, decoded. */
  async readRecord(): Promise<LeaseRecord | undefined> {
    return decodeLease(await this.cell.read());
  }

  /** A lease of this run, until `until` (API seconds). */
  record(until: number): LeaseRecord {
    return { owner: this.owner, until, ...(this.host ? { host: this.host } : {}), pid: process.pid };
  }

  /** Removes the lease if it is this run's (never another's: that would free the lock under its holder). */
  async clearIfOurs(): Promise<boolean> {
    if ((await this.readRecord())?.owner !== this.owner) return false;
    await this.cell.write("");
    return true;
  }

  private judge(text: string, now: number): Verdict {
    const record = decodeLease(text);
    if (!record) return { kind: "free" };
    if (record.owner === this.owner) return { kind: "ours", record };
    if (record.until <= now) return { kind: "expired", record };
    // Same machine and pid namespace: a holder whose process is gone will never release its lease.
    const { host, pid } = record;
    if (host !== undefined && host === this.host && pid !== undefined && pid !== process.pid && !processAlive(pid))
      return { kind: "orphaned", record: { ...record, pid } };
    return { kind: "held", record };
  }

  private noteOrphan(verdict: Verdict): void {
    if (verdict.kind !== "orphaned") return;
    log.info(
      `The lock on ${this.cell.subject} was left by run ${verdict.record.owner}, whose process (pid ${verdict.record.pid}) on this machine is gone: it holds nothing.`,
    );
  }

  private cancelledBeforeHold(signal: CancelSignal): LeaseStopped {
    return new LeaseStopped(`Cancelled by ${signal} before the lock on ${this.cell.subject} was taken; nothing was changed.`, "cancelled");
  }

  private tooSlow(t: LeaseTimings, needMs: number, options: AcquireOptions): TimeoutError {
    const left = Math.max(0, Math.floor((options.deadline - Date.now()) / 1000));
    const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
    return new TimeoutError(
      `The OVH API answers in about ${this.trips.typicalMs()} ms per request here (up to ${t.roundTripMs} ms over the last ${this.trips.sampleSize()}): taking the lock on ${this.cell.subject} (a read, a write, a ${seconds(t.settleMs)} wait and a read) and ${options.reserve.what} (${options.reserve.roundTrips} requests one after another at least) need about ${seconds(needMs)}, more than the ${left} s left of timeout (${options.timeoutSeconds} s), so nothing was changed; raise timeout above ${options.timeoutSeconds + Math.ceil(needMs / 1000) - left} s.`,
    );
  }
}

/** A lease this run holds: renewed in the background, checked before each write, freed on a cancel signal. */
class Holding implements HeldLease {
  readonly owner: string;
  /** performance.now() until which this run surely holds the lease, whatever the other runs' clocks say. */
  private horizon = 0;
  private timer?: NodeJS.Timeout;
  /** Renewals and the release, one after another: a renewal must never land after the release. */
  private queue: Promise<unknown> = Promise.resolve();
  private confirmed = false;
  private writing = 0;
  private drained?: () => void;
  private stopped?: LeaseStopped;
  private releasing?: Promise<void>;
  private readonly stopListening: () => void;

  constructor(
    private readonly lease: Lease,
    sentAt: number,
    timings: LeaseTimings,
  ) {
    this.owner = lease.owner;
    this.extend(sentAt, timings);
    this.schedule(timings.renewEveryMs);
    const early = cancelSignal();
    this.stopListening = onCancel((signal) => this.cancel(signal));
    if (early) this.cancel(early);
  }

  check(): void {
    if (this.stopped) throw this.stopped;
  }

  async guard<T>(write: () => Promise<T>): Promise<T> {
    // Counted before any wait, so that a cancel that comes meanwhile waits for this write or stops it.
    this.writing++;
    try {
      this.check();
      if (!this.confirmed) {
        // A slower run's claim that landed after this run's check shows here, before anything is written.
        await this.serially(() => this.confirm());
        this.confirmed = true;
      }
      if (performance.now() + this.lease.timings().roundTripMs * 2 > this.horizon) await this.serially(() => this.renew());
      this.check();
      if (performance.now() > this.horizon) this.lose("it expired before this run could renew it");
      this.check();
      return await write();
    } finally {
      this.writing--;
      if (this.writing === 0) this.drained?.();
    }
  }

  release(): Promise<void> {
    clearTimeout(this.timer);
    this.releasing ??= this.serially(() => this.free()).then(() => undefined);
    return this.releasing.finally(() => this.stopListening());
  }

  /**
   * Removes the lease. While this run surely holds it (not lost, within its horizon) no other run
   * writes the cell, so the write needs no read first: a cancelled run frees it one round trip sooner.
   */
  private async free(): Promise<boolean> {
    const surelyOurs = (!this.stopped || this.stopped.reason === "cancelled") && performance.now() < this.horizon;
    if (!surelyOurs) return this.lease.clearIfOurs();
    await this.lease.cell.write("");
    return true;
  }

  private cancel(signal: CancelSignal): void {
    if (this.stopped) return;
    this.stopped = new LeaseStopped(
      `Cancelled by ${signal} while holding the lock on ${this.lease.cell.subject}: the lock was freed, and nothing more was written.`,
      "cancelled",
    );
    clearTimeout(this.timer);
    if (this.releasing) return;
    // Let a write already sent land first (bounded: the runner kills the step 10 s after SIGINT).
    const bound = this.lease.timings().roundTripMs + 1_000;
    const drained = this.writing === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.drained = resolve));
    this.releasing = Promise.race([drained, sleep(bound)])
      .then(() => this.serially(() => this.free()))
      .then(
        (freed) => log.info(`${signal}: ${freed ? "freed" : "no longer held"} the lock on ${this.lease.cell.subject}.`),
        (error: unknown) =>
          log.warn(
            `${signal}: could not free the lock on ${this.lease.cell.subject} (${error instanceof Error ? error.message : String(error)}); it expires by itself.`,
          ),
      );
  }

  private lose(why: string): void {
    if (this.stopped) return;
    this.stopped = new LeaseStopped(`This run lost the lock on ${this.lease.cell.subject} (${why}), so it wrote nothing more.`, "lost");
    clearTimeout(this.timer);
    log.warn(this.stopped.message);
  }

  private extend(sentAt: number, t: LeaseTimings): void {
    // The expiry was taken from the API's clock (to the second) when the write was sent; other runs' clocks may run ahead.
    this.horizon = sentAt + t.ttlSeconds * 1000 - LEASE_FLOORS.clockMarginMs - 1000 - t.roundTripMs;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      void this.serially(() => this.renew()).catch((error: unknown) =>
        log.info(`Could not renew the lock on ${this.lease.cell.subject}: ${error instanceof Error ? error.message : String(error)}`),
      );
      if (!this.stopped && !this.releasing) this.schedule(this.lease.timings().renewEveryMs);
    }, ms);
    this.timer.unref();
  }

  /** Reads the lease: still ours? */
  private async confirm(): Promise<boolean> {
    if (this.stopped || this.releasing) return false;
    const record = await this.lease.readRecord();
    if (record?.owner === this.owner) return true;
    this.lose("another run took it over: it had expired, or a slower run's claim landed late");
    return false;
  }

  /** Reads the lease (still ours?) and writes it again with a new expiry. */
  private async renew(): Promise<void> {
    if (!(await this.confirm())) return;
    const now = await this.lease.clock();
    if (this.stopped || this.releasing) return;
    const t = this.lease.timings();
    const sentAt = performance.now();
    await this.lease.cell.write(encodeLease(this.lease.record(now + t.ttlSeconds)));
    this.extend(sentAt, t);
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
