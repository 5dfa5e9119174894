import type { Backend, PlanOptions, Readiness, RouteChange, RoutePlan, Router, RouterState, RunSettings, Workload } from "../../backend.js";
import type { Color } from "../../colors.js";
import { ConflictError, RefusedError, RouterError } from "../../errors.js";
import { detail, plainChange } from "../../plan-lines.js";
import { log } from "../../platform/log.js";
import { redact } from "../../platform/secrets.js";
import { OvhApi } from "./api.js";
import { ApiClock } from "./api-clock.js";
import { createOvhRequester } from "./client.js";
import { Lease, LeaseStopped } from "./lease.js";
import type { IplbService, Task } from "./model.js";
import type { OvhOptions, OvhSettings } from "./options.js";
import { IplbPaths } from "./paths.js";
import { waitForIdleRefresh } from "./refresh.js";
import { type FarmView, fingerprintOf, readFarms, readinessOf, targetsOf } from "./servers.js";
import { ServiceNameCell } from "./service-cell.js";
import { type Activity, checkFarmPairs, colorOfFarm, readActivity, readSnapshot, type Snapshot, stateOf, unapplied } from "./state.js";
import { applyWrites, describeRefresh, describeWrite, planWrites, routingChanges, type Write } from "./switch.js";
import { AppliedView, describeTraffic } from "./traffic.js";

/**
 * OVHcloud IP Load Balancer: each color is a set of farms (one per port), production and preview
 * frontends point at them through defaultFarmId, and a refresh task makes changes take effect.
 */
export async function createOvh(options: OvhSettings, run: RunSettings): Promise<Backend> {
  let requester: Awaited<ReturnType<typeof createOvhRequester>>;
  try {
    requester = await createOvhRequester(options);
  } catch (error) {
    // The client's constructor checks its parameters; its message never holds a secret, but redact anyway.
    throw new RouterError(redact(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
  }
  const backend = new OvhBackend(options, new OvhApi(requester), run.timeoutSeconds);
  return { router: backend, workload: backend, close: async () => undefined };
}

/** The frontends and activity one read() saw. */
interface OvhRead {
  snapshot: Snapshot;
  activity: Activity;
  heldByOther: boolean;
}

/**
 * A switch of the Load Balancer as data: the PUTs planned from the frontends as read, and whether
 * a refresh must also finish an interrupted switch. apply() re-reads under the lock, refuses if
 * anything changed, and then makes exactly these writes.
 */
export interface OvhPlan extends RoutePlan {
  /** What read() saw at this revision; undefined when the state was not read by this backend. */
  readonly seen: OvhRead | undefined;
  readonly writes: Write[];
  readonly finish: boolean;
}

export class OvhBackend implements Router, Workload {
  readonly kind = "ipLoadbalancing" as const;
  /** Tests need a test-url, and the API has no request counters; the routing lives in the API, which is what survives. */
  readonly previewRequester = undefined;
  readonly servedRequests = undefined;
  readonly durable = true;
  /** deploy-command puts releases on the farms' servers; the Load Balancer only routes. */
  readonly deploy = undefined;
  readonly scaleDown = undefined;
  readonly runningVersion = undefined;
  readonly servingRestore = undefined;
  /** A switch reaches clients only when the refresh task has deployed it, zone by zone: verify keeps trying. */
  readonly switchesAtOnce = false;
  private readonly paths: IplbPaths;
  /** Frontends and activity as last read, by revision: describe() is synchronous and must name exact PUTs. */
  private readonly snapshots = new Map<string, OvhRead>();
  private readonly clock: ApiClock;
  private readonly cell: ServiceNameCell;
  private readonly lease: Lease;
  /** What the Load Balancer runs, as far as this run knows (see traffic.ts). */
  private readonly view = new AppliedView();
  /** The farm lists' pairing by port, checked once per run (farm ports do not move under a switch). */
  private pairsChecked?: Promise<void>;

  constructor(
    private readonly options: OvhOptions,
    private readonly api: OvhApi,
    private readonly timeoutSeconds: number,
  ) {
    this.paths = new IplbPaths(options.service, options.protocol);
    this.clock = new ApiClock(api);
    this.cell = new ServiceNameCell(api, this.paths, options);
    this.lease = new Lease(this.cell, () => this.clock.nowSeconds(), api.roundTrips);
  }

  async read(): Promise<RouterState> {
    // The service first: if it does not exist, every other path 404s and would blame the wrong input.
    // While another run holds the lock it is switching: wait for the end rather than read it half-way.
    const { text: leaseText, heldByOther } = await this.lease.awaitFree(await this.cell.read(), this.timeoutSeconds * 1000);
    const service = this.cell.service as IplbService;
    this.pairsChecked ??= checkFarmPairs(this.api, this.paths, this.options);
    const [snapshot, pairs, activity, now] = await Promise.allSettled([
      readSnapshot(this.api, this.paths, this.options),
      this.pairsChecked,
      readActivity(this.api, this.paths),
      this.clock.nowSeconds(),
    ]);
    // Whichever failed first in time, report the frontends' error before the farms', the farms' before the rest.
    for (const result of [snapshot, pairs, activity, now]) if (result.status === "rejected") throw result.reason;
    const read = {
      snapshot: (snapshot as PromiseFulfilledResult<Snapshot>).value,
      activity: (activity as PromiseFulfilledResult<Activity>).value,
      heldByOther,
    };
    await this.settleOwnTasks(read.activity);
    if (read.activity.pending === 0) this.view.nothingWaits(read.snapshot.productionColors);
    const traffic = describeTraffic({
      frontends: read.snapshot.production,
      configured: read.snapshot.productionColors,
      ...(read.activity.pending !== undefined ? { pending: read.activity.pending } : {}),
      ...(read.activity.active ? { active: read.activity.active } : {}),
      view: this.view,
    });
    const lock = this.lease.describe(leaseText, (now as PromiseFulfilledResult<number>).value);
    const state = stateOf(read.snapshot, read.activity, this.options, lock, traffic);
    if (service.state && service.state !== "ok")
      state.warnings.push(`The Load Balancer ${this.options.service} is in state ${service.state}, not ok.`);
    if (heldByOther)
      state.warnings.push(
        `Another bluegreen run still holds the lock (${state.details["bluegreen lock"]}): it may be switching right now.`,
      );
    this.snapshots.set(state.revision, read);
    return state;
  }

  async readiness(color: Color): Promise<Readiness> {
    return readinessOf(await this.farms(color), this.options.protocol);
  }

  async fingerprint(color: Color): Promise<string> {
    return fingerprintOf(await this.farms(color));
  }

  async targets(color: Color): Promise<string[]> {
    return targetsOf(await this.farms(color));
  }

  plan(change: RouteChange, state: RouterState, _options?: PlanOptions): OvhPlan {
    const seen = this.snapshots.get(state.revision);
    return {
      change,
      state,
      seen,
      writes: seen ? planWrites(seen.snapshot, change, state, this.options) : [],
      finish: seen !== undefined && this.finishesSwitch(change, seen.activity),
    };
  }

  describe(plan: OvhPlan): string[] {
    const exact = this.exactWrites(plan);
    // A plan that writes nothing says so in plain words already.
    if (plan.seen && plan.writes.length === 0 && !plan.finish) return exact;
    // The API calls are details (what the summary leads with); the plain change last, but changes of others that the refresh applies too are not.
    const shown = (line: string) => (line.startsWith("the refresh also applies") ? line : detail(line));
    return [...exact.map(shown), ...plainChange(plan.change, plan.state, `Load Balancer ${this.options.service}`)];
  }

  /** The exact API calls, in order: lock, PUTs with their bodies, refresh, release. */
  private exactWrites(plan: OvhPlan): string[] {
    const { change, seen: read, writes, finish } = plan;
    const lock = `take bluegreen's lock on ${this.options.service} (${this.cell.place}), re-read the frontends and refuse if they changed`;
    if (!read) {
      // Not read by this backend (should not happen): name the intent without pretending to exact bodies.
      return [
        lock,
        `PUT each production frontend ${this.options.frontends.join(", ")} to ${change.live}'s farms ${this.options.farms[change.live].join(", ")}`,
        ...describeRefresh(this.paths, this.timeoutSeconds),
      ];
    }
    if (writes.length === 0 && !finish) return [`no change on the Load Balancer ${this.options.service}: the frontends already match`];
    const lines = writes.map((write) => describeWrite(this.paths, write, (farmId) => colorOfFarm(this.options, farmId)));
    const pending = read.activity.pending
      ? [
          `the refresh also applies the ${read.activity.pending} change(s) already waiting on the Load Balancer (${read.activity.pendingChanges})`,
        ]
      : [];
    const release = `release the lock`;
    if (finish && writes.length === 0)
      return [lock, "no PUT: the frontends already say so", ...describeRefresh(this.paths, this.timeoutSeconds), ...pending, release];
    if (routingChanges(writes) || finish) return [lock, ...lines, ...describeRefresh(this.paths, this.timeoutSeconds), ...pending, release];
    return [
      lock,
      ...lines,
      "refresh only if the API counts the new displayName as a pending change (it does not touch traffic, but nothing is left unapplied)",
      release,
    ];
  }

  /** A repair (promote or rollback with nothing else to do) of a Load Balancer whose configuration is not applied: refresh it. */
  private finishesSwitch(change: RouteChange, activity: Activity): boolean {
    return change.repair === true && unapplied(activity);
  }

  /**
   * Lock, re-read, refuse on any change since `state`, write, refresh, release. The lock makes the
   * re-read and the writes one step for every other bluegreen run, which OVH alone cannot.
   */
  async apply(plan: OvhPlan): Promise<void> {
    const { change, state, seen: known } = plan;
    if (known && plan.writes.length === 0 && !plan.finish) return;
    const conflict = (now: string) =>
      new ConflictError(
        `The Load Balancer ${this.options.service} changed since this run read it (another pipeline or a hand edit: was "${state.revision}", now "${now}"); this run changed nothing. Run the step again.`,
      );
    if (known?.heldByOther) {
      throw new ConflictError(
        `Another bluegreen run held the lock on the Load Balancer ${this.options.service} all the while this run read it, so what it read may be half a switch; this run changed nothing. Run the step again.`,
      );
    }
    const timeoutMs = this.timeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    const expectedWrites = known ? plan.writes.length : this.options.frontends.length * 2;
    const held = await this.lease.acquire({
      deadline,
      timeoutSeconds: this.timeoutSeconds,
      // The least the switch needs, one request after another: each PUT, the refresh and one look at its task.
      reserve: { roundTrips: expectedWrites + 2, what: "switching" },
      stillValid: async () => {
        const now = await readSnapshot(this.api, this.paths, this.options);
        if (now.revision !== state.revision) throw conflict(now.revision);
      },
    });
    try {
      // A refresh running now could deploy half of what we are about to stage: let it end first.
      try {
        await waitForIdleRefresh(this.api, this.paths, Math.max(0, deadline - Date.now()), () => held.check());
      } catch (error) {
        if (error instanceof LeaseStopped) throw error;
        throw new RouterError(`${error instanceof Error ? error.message : String(error)} Nothing was changed.`);
      }
      const [fresh, activity] = await Promise.all([readSnapshot(this.api, this.paths, this.options), readActivity(this.api, this.paths)]);
      if (fresh.revision !== state.revision) throw conflict(fresh.revision);
      if (activity.pending === 0) this.view.nothingWaits(fresh.productionColors);
      const movesProduction = change.live !== state.live || change.repair === true;
      if (!movesProduction && unapplied(activity)) {
        throw new RefusedError(
          `The Load Balancer ${this.options.service} has changes no refresh applied yet (${activity.pendingChanges}), maybe from an interrupted promote or rollback; the refresh this step needs would apply them too, so nothing was changed. ` +
            "Run promote or rollback to finish or undo that switch (or refresh the Load Balancer yourself if the changes are yours), then run this step again.",
        );
      }
      const writes = planWrites(fresh, change, state, this.options);
      await applyWrites(
        {
          api: this.api,
          paths: this.paths,
          deadline,
          held,
          view: this.view,
          production: { ids: this.options.frontends, colors: fresh.productionColors },
          colorOf: (farmId) => colorOfFarm(this.options, farmId),
        },
        writes,
        // Unapplied when read: refresh even if the interrupted run's own refresh ended meanwhile, so "finished" is ours to say.
        this.finishesSwitch(change, activity) || plan.finish,
      );
    } finally {
      await held.release().catch((error: unknown) => {
        // The switch stands either way; the lease expires by itself.
        log.warn(
          `Could not release the lock on the Load Balancer ${this.options.service} (it expires by itself): ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
  }

  /**
   * Refresh tasks this run started that no longer run (the last look at them was before they ended,
   * a switch that timed out): what each one ended in says what the Load Balancer runs now.
   */
  private async settleOwnTasks(activity: Activity): Promise<void> {
    if (!activity.active) return;
    const running = new Set(activity.active.map((task) => task.id));
    const ended = this.view.unsettled().filter((id) => !running.has(id));
    const tasks = await Promise.all(ended.map((id) => this.api.get<Task>(this.paths.task(id)).catch(() => undefined)));
    tasks.forEach((task, i) => {
      if (task) this.view.ended(task);
      else this.view.lost(ended[i] as number);
    });
  }

  private farms(color: Color): Promise<FarmView[]> {
    return readFarms(this.api, this.paths, this.options.farms[color], `ovh-${color}-farms`);
  }
}
