import { randomBytes } from "node:crypto";
import { ConflictError, RouterError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { sleep } from "../../wait.js";
import type { OvhApi } from "./api.js";
import type { IplbService } from "./model.js";
import type { IplbPaths } from "./paths.js";

/**
 * A lock on the Load Balancer itself, because OVH has no compare-and-set: a lease (owner, expiry)
 * kept in the service's displayName, after the user's own name: `my-lb [bg-lock:owner=1a2b&until=1767225600]`.
 * That field is "for you" in OVH's words: it is no part of the configuration a refresh deploys, so
 * taking the lock neither touches traffic nor leaves a pending change.
 *
 * Taking it is Fischer's timed mutual exclusion: read the lease; if it is free (absent, expired or
 * ours) write ours; wait SETTLE; read again; ours means held. Two runs that both saw it free both
 * write, and the later write wins: the earlier writer sees the later lease after its wait, provided
 * every write lands within SETTLE of the read that found the lock free. bluegreen measures that
 * (read sent to write answered) and does not claim the lock when it took longer. The remaining
 * window is a write that lands later than its answer says, or an API whose reads lag its writes
 * by more than SETTLE.
 *
 * The expiry is on the API's clock (GET /auth/time), which every runner shares. The holder renews
 * the lease every RENEW_MS, so a run killed while holding it blocks others for at most TTL.
 */
export const LEASE = {
  ttlSeconds: 60,
  renewMs: 15_000,
  settleMs: 1_500,
  /** Pause between two looks at a lease someone else holds. */
  pollMs: 1_000,
};

const LEASE_SUFFIX = /\s*\[bg-lock:([^\]]*)\]\s*$/;

export interface Lease {
  owner: string;
  /** Expiry, in seconds since the epoch on the API's clock. */
  until: number;
}

export function splitServiceName(name: string | null | undefined): { userName: string; lease?: Lease } {
  const text = name ?? "";
  const match = LEASE_SUFFIX.exec(text);
  if (!match) return { userName: text };
  const params = new URLSearchParams(match[1]);
  const owner = params.get("owner") ?? "";
  const until = Number(params.get("until"));
  const userName = text.slice(0, match.index);
  // A malformed lease holds nothing: no owner could ever release it.
  return owner && Number.isFinite(until) ? { userName, lease: { owner, until } } : { userName };
}

export function joinServiceName(userName: string, lease?: Lease): string {
  if (!lease) return userName;
  const text = `[bg-lock:${new URLSearchParams({ owner: lease.owner, until: String(lease.until) }).toString()}]`;
  return userName === "" ? text : `${userName} ${text}`;
}

/** How the lock looks now, for the summary's details. */
export function describeLock(service: IplbService, apiNowSeconds: number): string {
  const { lease } = splitServiceName(service.displayName);
  if (!lease) return "free";
  const when = new Date(lease.until * 1000).toISOString();
  return lease.until <= apiNowSeconds
    ? `free (an expired lease of run ${lease.owner}, until ${when})`
    : `held by run ${lease.owner} until ${when}`;
}

/** A held lock: renewed in the background until release(). */
export interface HeldLock {
  readonly owner: string;
  release(): Promise<void>;
}

export class RouterLock {
  /** This run's name in the lease: random, so two runs on one runner (or one pid) never share it. */
  readonly owner = randomBytes(6).toString("hex");
  /** API clock minus ours, in ms; learnt once. */
  private skewMs?: number;

  constructor(
    private readonly api: OvhApi,
    private readonly paths: IplbPaths,
    private readonly service: string,
  ) {}

  /** The API's clock, in seconds (GET /auth/time once, then our clock plus the difference). */
  async apiNow(): Promise<number> {
    if (this.skewMs === undefined) {
      const before = Date.now();
      const time = await this.api.get<number>("/auth/time");
      if (typeof time !== "number") throw new RouterError(`OVH API GET /auth/time answered ${JSON.stringify(time)}, not a time.`);
      this.skewMs = time * 1000 - (before + Date.now()) / 2;
    }
    return Math.floor((Date.now() + this.skewMs) / 1000);
  }

  /**
   * Waits (up to `timeoutMs`) until no other run holds the lock, so that a read never sees a switch
   * half-way through its PUTs and refresh; answers the service as last read. Never takes the lock,
   * and never fails for it: after the wait, the state is read as it is (and said to be held).
   */
  async awaitFree(first: IplbService, timeoutMs: number): Promise<{ service: IplbService; heldByOther: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let service = first;
    let logged = false;
    for (;;) {
      const { lease } = splitServiceName(service.displayName);
      const busy = lease !== undefined && lease.owner !== this.owner && lease.until > (await this.apiNow());
      if (!busy) return { service, heldByOther: false };
      if (Date.now() + LEASE.pollMs > deadline) return { service, heldByOther: true };
      if (!logged)
        log.info(`Another bluegreen run (${lease.owner}) holds the lock on the Load Balancer ${this.service}: waiting until it is done.`);
      logged = true;
      await sleep(LEASE.pollMs);
      service = await this.read();
    }
  }

  /**
   * Takes the lock, waiting up to `timeoutMs` while another run holds it. Throws ConflictError
   * (nothing changed) when it is still held then.
   */
  async acquire(timeoutMs: number, stillValid: () => Promise<void> = async () => {}): Promise<HeldLock> {
    const deadline = Date.now() + timeoutMs;
    let attempt = 0;
    for (;;) {
      attempt++;
      const started = performance.now();
      const before = await this.read();
      const now = await this.apiNow();
      const { userName, lease } = splitServiceName(before.displayName);
      if (lease && lease.owner !== this.owner && lease.until > now) {
        const pause = LEASE.pollMs + Math.floor(Math.random() * 500);
        if (Date.now() + pause > deadline) {
          throw new ConflictError(
            `Another bluegreen run (${lease.owner}) holds the lock on the Load Balancer ${this.service} until ${new Date(lease.until * 1000).toISOString()}; nothing was changed. ` +
              "If that run was killed, its lease expires then; run this step again afterwards.",
          );
        }
        if (attempt === 1) log.info(`Waiting for the lock on the Load Balancer ${this.service}: run ${lease.owner} holds it.`);
        await sleep(pause);
        // What the holder writes may already make this run's plan stale: then fail now, not after the wait.
        await stillValid();
        continue;
      }
      const mine: Lease = { owner: this.owner, until: now + LEASE.ttlSeconds };
      await this.write(joinServiceName(userName, mine));
      const elapsed = performance.now() - started;
      await sleep(LEASE.settleMs);
      const after = splitServiceName((await this.read()).displayName).lease;
      if (elapsed <= LEASE.settleMs && after?.owner === this.owner) return this.held();
      if (Date.now() > deadline) {
        throw new ConflictError(
          `Could not take the lock on the Load Balancer ${this.service} within ${Math.round(timeoutMs / 1000)} s (other runs kept taking it); nothing was changed. Run this step again.`,
        );
      }
      // Lost to a later writer, or our write was too slow to be sure of: try again after a random pause.
      if (elapsed > LEASE.settleMs) log.info(`The lock write took ${Math.round(elapsed)} ms, too long to be sure of it: trying again.`);
      await sleep(Math.floor(Math.random() * LEASE.pollMs));
    }
  }

  private held(): HeldLock {
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = this.renew().then(
        (ok) => {
          if (!ok && !lost) {
            lost = true;
            log.warn(`The lock on the Load Balancer ${this.service} was taken over by another run while this one held it.`);
          }
        },
        (error: unknown) =>
          log.info(
            `Could not renew the lock on the Load Balancer ${this.service}: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    }, LEASE.renewMs);
    timer.unref();
    return {
      owner: this.owner,
      release: async () => {
        clearInterval(timer);
        await renewing;
        const { userName, lease } = splitServiceName((await this.read()).displayName);
        // Never clear a lease that is not ours: it would free the lock under its holder.
        if (lease?.owner === this.owner) await this.write(userName);
      },
    };
  }

  private async renew(): Promise<boolean> {
    const { userName, lease } = splitServiceName((await this.read()).displayName);
    if (lease?.owner !== this.owner) return false;
    await this.write(joinServiceName(userName, { owner: this.owner, until: (await this.apiNow()) + LEASE.ttlSeconds }));
    return true;
  }

  private read(): Promise<IplbService> {
    return this.api.get<IplbService>(this.paths.service());
  }

  private write(displayName: string): Promise<void> {
    return this.api.put(this.paths.service(), { displayName });
  }
}
