import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Backend, PlanOptions, Readiness, RouteChange, RoutePlan, Router, RouterState, RunSettings, Workload } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { ConflictError, InputError, RefusedError, RouterError } from "../../errors.js";
import { printable } from "../../input-text.js";
import { decodeLedger, encodeLedger } from "../../ledger.js";
import { detail } from "../../plan-lines.js";
import { runIdentity } from "../../platform/detect.js";
import { log } from "../../platform/log.js";
import { sleep } from "../../wait.js";
import { LEASE_MS, LOCK_KEY, MapLock } from "./lease.js";
import { firstValues, type MapEntry, parseMapEntries, parseMapFile, parseMapList } from "./map.js";
import { differences, keepCopy, removeFiles, rewriteMapFile, staleTemporaries, unreadableReason, unwritableReason } from "./map-file.js";
import type { HaproxyOptions, HaproxySettings } from "./options.js";
import { expectSilence, NotSentError, RuntimeApi, withoutStop } from "./runtime-api.js";
import { permissionSentence } from "./socket-access.js";
import {
  hasBackend,
  isServerReady,
  parseStat,
  probeEndpointsOf,
  requestsServed,
  type StatRow,
  serversOf,
  serversUsingSsl,
} from "./stat.js";

/** Map keys: the two the user's frontends look up, and bluegreen's own record. */
export const ACTIVE_KEY = "active";
export const PREVIEW_KEY = "preview";
export const LEDGER_KEY = "bluegreen.ledger";
/** The entries bluegreen owns and keeps in the map file: the routing and its record. */
const MANAGED_KEYS = [ACTIVE_KEY, PREVIEW_KEY, LEDGER_KEY];
/**
 * Every write commits a fresh `bluegreen.rev.<nonce>` key and must first delete the key it read
 * (`del map` of a key succeeds for exactly one caller): a second guard behind the lock, so a
 * revision read before another run's commit never matches after it.
 */
export const REVISION_PREFIX = "bluegreen.rev.";
const FIRST_REVISION = `${REVISION_PREFIX}none`;

/** A map file that disagrees with HAProxy's memory: the two causes no run can tell apart. */
const BOTH_CAUSES =
  "either someone edited the file by hand (then HAProxy does not serve that edit), or a run was interrupted between its switch and its write of the file, and bluegreen cannot tell which";

/** bluegreen's bookkeeping entries that never belong in the map file: revisions and leases. */
const isBookkeeping = (key: string) => key.startsWith(REVISION_PREFIX) || key === LOCK_KEY;

/** What the backend needs to know about the run, besides its own inputs. */
export interface HaproxyRun {
  /** Longest wait for one Runtime API command. */
  commandTimeoutMs: number;
  /** Longest wait for another run's lock (its switch, or its lease's expiry). */
  lockWaitMs: number;
  /** A dry run changes nothing, not even the map file. */
  dryRun: boolean;
  /** The CI run, shown to a run that waits for this one's lock. */
  run: string;
  /** The step never writes (status): no writable map file is asked for. */
  readsOnly: boolean;
  /** The step reaches each server itself (deploy targets, probes, fingerprints): it needs their addresses. */
  reachesServers: boolean;
}

/** The haproxy backend: one Runtime API client is both faces (the map routes, the servers are the workload). */
export function createHaproxy(settings: HaproxySettings, run: RunSettings): Backend {
  const timeoutMs = run.timeoutSeconds * 1000;
  const backend = new HaproxyBackend(settings, {
    // One Runtime API command answers in about a millisecond; never wait longer than `timeout` for one.
    commandTimeoutMs: Math.min(10_000, timeoutMs),
    // Long enough for a dead holder's lease to expire, never longer than the step's timeout.
    lockWaitMs: Math.min(timeoutMs, LEASE_MS + 5_000),
    // status is read-only like a dry run: it reports a map file that disagrees, and repairs nothing.
    dryRun: run.readOnly,
    run: run.run,
    readsOnly: run.readsOnly,
    reachesServers: run.reachesServers,
  });
  return { router: backend, workload: backend, close: async () => undefined };
}

/**
 * A switch of the HAProxy map as data: the values the three entries get (written in one map
 * version), and which of them move, for the plan.
 */
export interface HaproxyPlan extends RoutePlan {
  readonly entries: { readonly [ACTIVE_KEY]: string; readonly [PREVIEW_KEY]: string; readonly [LEDGER_KEY]: string };
  /** The backends production and the preview entry move between; absent when they stay. */
  readonly moves: {
    readonly active?: { readonly from: string; readonly to: string };
    readonly preview?: { readonly from: string | undefined; readonly to: string };
  };
}

export class HaproxyBackend implements Router, Workload {
  readonly kind = "haproxy" as const;
  /** Tests need a test-url: the preview entry is a frontend the user configured. */
  readonly previewRequester = undefined;
  /** deploy-command puts releases on the servers; HAProxy only routes. */
  readonly deploy = undefined;
  readonly scaleDown = undefined;
  readonly runningVersion = undefined;
  readonly servingRestore = undefined;
  /** One map entry routes every new request: the first answer after a switch is the new color's. */
  readonly switchesAtOnce = true;
  private readonly api: RuntimeApi;
  private readonly lock: MapLock;
  /** Temporary map files older than this were left by runs that died. */
  private readonly started = Date.now();
  private contact?: Promise<void>;
  /** What the first contact found or repaired, shown with every state read. */
  private readonly notes: string[] = [];
  /** The map file holds what HAProxy holds (checked at the first contact, kept by every write). */
  private fileAgrees = false;
  /** What the first contact repaired (the map file rewritten from memory), as a sentence; empty when nothing. */
  private repair = "";

  constructor(
    private readonly options: HaproxyOptions,
    private readonly run: HaproxyRun = {
      commandTimeoutMs: 10_000,
      lockWaitMs: LEASE_MS + 5_000,
      dryRun: false,
      run: runIdentity(),
      readsOnly: false,
      reachesServers: true,
    },
  ) {
    this.api = new RuntimeApi(options.socket, run.commandTimeoutMs);
    this.lock = new MapLock(
      this.api,
      (line) => retryTransient(() => this.api.command(line)),
      options.map,
      `the HAProxy map ${options.map}`,
      run.run,
    );
  }

  /** Why the map file could not be read by a step that only reads (status); empty when it could. */
  private fileUnread = "";

  /** A sentence saying what this run repaired besides the routing (the map file), for its outcome; empty when nothing. */
  get repaired(): string {
    return this.repair;
  }

  /** Will the routing this run leaves survive a reload of HAProxy? Only when the map file says the same. */
  get durable(): boolean {
    return this.options.persist === "file" && this.fileAgrees;
  }

  async read(): Promise<RouterState> {
    await this.preflight();
    const [entries, stat] = await Promise.all([this.readMap(), this.readStat()]);
    for (const color of COLORS) {
      if (!hasBackend(stat, this.options.backends[color])) {
        throw new InputError(
          `${color}-backend`,
          `HAProxy has no backend "${this.options.backends[color]}"; backends it has: ${backendNames(stat).join(", ")}.`,
        );
      }
    }
    const activeBackend = entries.get(ACTIVE_KEY);
    if (activeBackend === undefined) {
      throw new InputError(
        "haproxy-map",
        `${this.options.map} has no "${ACTIVE_KEY}" entry; add the line "${ACTIVE_KEY} ${this.options.backends.blue}" to the map file.`,
      );
    }
    const live = this.colorOf(activeBackend, ACTIVE_KEY);
    const previewBackend = entries.get(PREVIEW_KEY);
    const preview = previewBackend === undefined ? undefined : this.colorOf(previewBackend, PREVIEW_KEY);
    const warnings = [...this.notes];
    if (preview === undefined) warnings.push(`${this.options.map} has no "${PREVIEW_KEY}" entry yet; prepare adds it.`);
    return {
      live,
      preview,
      ledger: decodeLedger(entries.get(LEDGER_KEY)),
      revision: revisionOf(entries),
      details: {
        map: this.options.map,
        [ACTIVE_KEY]: activeBackend,
        [PREVIEW_KEY]: previewBackend ?? "-",
        ...Object.fromEntries(COLORS.map((c) => [`${c} servers`, this.serverSummary(stat, c)])),
        durable:
          this.options.persist === "runtime"
            ? `no: haproxy-persist is runtime, ${this.options.mapFile} is not written`
            : this.fileUnread
              ? `unknown: ${this.options.mapFile} cannot be read from this runner (${this.fileUnread})`
              : `${this.fileAgrees ? "yes" : "no"}: ${this.options.mapFile} ${this.fileAgrees ? "holds" : "does not hold"} this routing`,
      },
      warnings,
    };
  }

  /**
   * HAProxy's view, and where each server takes traffic: a restarted server stays UP here until
   * its checks fail `fall` times, so the mode checks the servers themselves (see modes/readiness.ts).
   */
  async readiness(color: Color): Promise<Readiness> {
    await this.preflight();
    const servers = serversOf(await this.readStat(), this.options.backends[color]);
    const up = servers.filter(isServerReady);
    const name = this.options.backends[color];
    if (servers.length === 0) return { ready: false, summary: `backend ${name} has no servers` };
    const notUp = servers.filter((s) => !isServerReady(s)).map((s) => `${s.svname} ${s.status}`);
    const summary = `${up.length}/${servers.length} servers of ${name} UP${notUp.length ? ` (${notUp.join(", ")})` : ""}`;
    if (up.length !== servers.length) return { ready: false, summary };
    // status and rollback go by HAProxy's view alone: they probe no server, so need no addresses (level user).
    if (!this.run.reachesServers) return { ready: true, summary };
    const ssl = serversUsingSsl(await this.call("haproxy-socket", `show servers state ${name}`));
    const { endpoints, unknown } = probeEndpointsOf(servers, ssl);
    if (unknown.length > 0) {
      return {
        ready: false,
        summary: `${summary}, but HAProxy shows no address for ${unknown.join(", ")}, so bluegreen cannot check them`,
      };
    }
    return { ready: true, summary, endpoints };
  }

  async fingerprint(color: Color): Promise<string> {
    await this.preflight();
    const servers = serversOf(await this.readStat(), this.options.backends[color]);
    return `${this.options.backends[color]}[${servers
      .map((s) => `${s.svname}=${s.addr ?? ""}`)
      .sort()
      .join(",")}]`;
  }

  /** The color's server addresses for deploy-command; never an empty or partial list. */
  async targets(color: Color): Promise<string[]> {
    await this.preflight();
    const name = this.options.backends[color];
    const servers = serversOf(await this.readStat(), name);
    if (servers.length === 0)
      throw new RefusedError(`Backend ${name} has no servers in HAProxy: deploy-command would have nowhere to deploy.`);
    const hidden = servers.filter((s) => !s.addr).map((s) => s.svname);
    if (hidden.length > 0) {
      throw new RefusedError(
        `HAProxy shows no address for ${hidden.join(", ")} of backend ${name}: deploy-command would not know where to deploy.`,
      );
    }
    return servers.map((s) => s.addr as string);
  }

  /** HTTP requests HAProxy routed to the color's backend so far (test mode proves its load reached it). */
  async servedRequests(color: Color): Promise<number> {
    await this.preflight();
    const name = this.options.backends[color];
    const count = requestsServed(await this.readStat(), name);
    if (count === undefined) throw new RouterError(`HAProxy's "show stat" has no request counters for backend ${name}.`);
    return count;
  }

  plan(change: RouteChange, state: RouterState, _options?: PlanOptions): HaproxyPlan {
    const { backends } = this.options;
    return {
      change,
      state,
      entries: {
        [ACTIVE_KEY]: backends[change.live],
        [PREVIEW_KEY]: backends[change.preview],
        // A map entry needs a value: an empty ledger is written as "none" (decoded back as empty).
        [LEDGER_KEY]: encodeLedger(change.ledger) || "none",
      },
      moves: {
        ...(change.live !== state.live ? { active: { from: backends[state.live], to: backends[change.live] } } : {}),
        ...(change.preview !== state.preview
          ? { preview: { from: state.preview ? backends[state.preview] : undefined, to: backends[change.preview] } }
          : {}),
      },
    };
  }

  describe(plan: HaproxyPlan): string[] {
    const { map } = this.options;
    const { active, preview } = plan.moves;
    const { change, state } = plan;
    const where = `in map ${path.basename(map)}`;
    // The exact Runtime API steps (details: what the summary and the plan output lead with), then in plain words.
    const lines: string[] = [];
    if (active) lines.push(detail(`set map ${map} ${ACTIVE_KEY} ${active.to} (was ${active.from})`));
    if (preview) lines.push(detail(`set map ${map} ${PREVIEW_KEY} ${preview.to} (was ${preview.from ?? "unset"})`));
    lines.push(detail(`record ${LEDGER_KEY} in ${map}, all in one atomic map version (prepare map / add map / commit map)`));
    lines.push(
      detail(
        `hold the lock on ${map} (a ${LOCK_KEY} lease entry) from the check that the map did not change since it was read until the end`,
      ),
    );
    lines.push(
      detail(
        this.options.persist === "file"
          ? `write ${this.options.mapFile} from HAProxy's memory so that a reload keeps the change, then release the lock`
          : `leave ${this.options.mapFile} as it is (haproxy-persist: runtime): a reload of HAProxy undoes this change; release the lock`,
      ),
    );
    // One line for the two entries: they change together, in one atomic map version.
    const previewMove = preview ? `preview ${state.preview ?? "unset"} → ${change.preview}` : "";
    if (active) lines.push(`switch production ${state.live} → ${change.live}${previewMove ? ` and ${previewMove}` : ""} ${where}`);
    else if (preview) lines.push(`point ${previewMove} ${where}`);
    else lines.push(`record the release record (versions, last action) ${where}, routing unchanged`);
    return lines;
  }

  /**
   * Under the lock: re-reads the map and refuses when it changed since `state` was read, then
   * writes every key in one atomic step (a new map version holding all current entries with ours
   * changed, committed at once), then the map file. A reader never sees active and preview on
   * the same color, and production is never without an entry.
   */
  async apply(plan: HaproxyPlan): Promise<void> {
    await this.preflight();
    await this.lock.acquire(this.run.lockWaitMs);
    try {
      await this.applyLocked(plan);
    } finally {
      await this.lock.release();
    }
  }

  private async applyLocked(plan: HaproxyPlan): Promise<void> {
    const { map } = this.options;
    let current = await this.readMap();
    if (revisionOf(current) !== plan.state.revision) throw this.conflict("since it was read");
    let revisionKey = revisionKeyOf(current);
    if (!revisionKey) {
      // First write by bluegreen (or after a reload): create the key to take the turn with.
      await expectSilence(this.api, `add map ${map} ${FIRST_REVISION} 0`);
      current = await this.readMap();
      revisionKey = FIRST_REVISION;
    }
    // This run's own revision key: the read-back after the commit looks for it.
    const ownRevision = `${REVISION_PREFIX}${randomBytes(6).toString("hex")}`;
    const updates = new Map([
      ...Object.entries(plan.entries),
      [ownRevision, String(Date.now())],
      // The new version replaces the current one: carry this run's lease, so the lock holds until the file is written.
      [LOCK_KEY, this.lock.entryValue()],
    ]);
    const prepared = await this.api.command(`prepare map ${map}`);
    const version = /New version created:\s*(\d+)/.exec(prepared)?.[1];
    if (!version) throw new RouterError(`HAProxy refused "prepare map ${map}": ${withoutStop(prepared)}; nothing was changed.`);
    const next = new Map([...current].filter(([key]) => !isBookkeeping(key)));
    for (const [key, value] of updates) next.set(key, value);
    const discard = () => this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
    try {
      for (const [key, value] of next) await expectSilence(this.api, `add map @${version} ${map} ${key} ${value}`);
      // A holder that stalled past its lease may have lost the lock: it must not commit.
      await this.lock.confirm();
    } catch (error) {
      await discard();
      throw error instanceof ConflictError
        ? error
        : new RouterError(`${(error as Error).message}; the new map version was discarded and nothing was changed.`);
    }
    // Take the turn: only one writer can delete the revision key it read.
    const taken = (await this.api.command(`del map ${map} ${revisionKey}`)).trim();
    if (taken !== "") {
      await discard();
      if (/not found/i.test(taken)) throw this.conflict("while the switch was being prepared");
      throw new RouterError(`HAProxy refused "del map ${map} ${revisionKey}": ${withoutStop(taken)}; nothing was changed.`);
    }
    const held = await this.commit(version, ownRevision);
    if (this.options.persist === "runtime") return;
    this.fileAgrees = false;
    try {
      await this.writeFileFromMemory(held, () => this.lock.commitRefusal("its write of the map file"));
    } catch (error) {
      throw new RouterError(
        `The change is live in HAProxy, but writing ${this.options.mapFile} failed (${(error as Error).message}), so a reload of HAProxy would undo it; run the step again to rewrite the file from HAProxy's memory.`,
      );
    }
  }

  /**
   * Commits the prepared version, then reads the map back: what HAProxy holds afterwards decides
   * what this run says, not the commit's answer alone. HAProxy refuses a commit of a version older
   * than the current one, but accepts a newer one on top of any other: so a commit of this run's
   * that arrived late (after another run took the lock) may land and then be replaced, and the
   * read-back is the only way to know. Returns the map as read back, holding this run's version.
   */
  private async commit(version: string, ownRevision: string): Promise<Map<string, string>> {
    const { map } = this.options;
    let answer: string;
    try {
      // Written only while the lease has time left: a run that stalled since its turn must not commit.
      answer = (await this.api.command(`commit map @${version} ${map}`, () => this.lock.commitRefusal())).trim();
    } catch (error) {
      if (error instanceof NotSentError) {
        await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
        throw new ConflictError(`${error.message}: this run did not commit, and nothing was changed by it. Run the step again.`);
      }
      // The command may or may not have reached HAProxy: the map says whether it landed.
      const entries = await this.readEntries();
      if (firstValues(entries).has(ownRevision)) return firstValues(entries);
      const other = revisionKeyOf(firstValues(entries));
      const why = withoutStop((error as Error).message);
      throw new RouterError(
        other
          ? `this run's commit of map version @${version} got no answer (${why}) and HAProxy now holds another run's commit${this.byRun(entries)}, so whether this run's commit landed before it cannot be told; the map file is left to that run.`
          : `this run's commit of map version @${version} got no answer (${why}) and the map read back does not hold that version: the switch is not live (a command HAProxy has not run yet could still make it live, until a newer commit voids it).`,
      );
    }
    if (/out of range/i.test(answer)) {
      throw new ConflictError(
        `another bluegreen run committed a newer version of ${map} before this run's commit arrived (HAProxy answered "${withoutStop(answer)}"), so this run's switch was not committed; nothing was changed by this run.`,
      );
    }
    if (answer !== "")
      throw new RouterError(`HAProxy refused "commit map @${version} ${map}": ${withoutStop(answer)}; nothing was changed.`);
    const entries = await this.readEntries();
    const held = firstValues(entries);
    if (!held.has(ownRevision)) {
      throw new RouterError(
        `this run's commit landed in HAProxy, but another bluegreen run's commit${this.byRun(entries)} replaced it right after, so HAProxy holds that run's routing and record, not this run's (that run writes the map file).`,
      );
    }
    return held;
  }

  /** " (<CI run>)" naming the run whose commit the map holds: from its ledger, else from a lease that is not ours. */
  private byRun(entries: MapEntry[]): string {
    const run = decodeLedger(firstValues(entries).get(LEDGER_KEY)).run || this.lock.otherRunIn(entries);
    return run ? ` (${printable(run)})` : "";
  }

  /**
   * The first contact, once per run, before anything is read or changed: the socket must be at
   * the level the step needs, and (haproxy-persist: file) the map file must be writable and agree with HAProxy.
   */
  private preflight(): Promise<void> {
    this.contact ??= this.firstContact();
    return this.contact;
  }

  private async firstContact(): Promise<void> {
    await this.checkLevel();
    const file = this.options.mapFile;
    if (this.options.persist === "runtime") {
      this.notes.push(
        `haproxy-persist is runtime: changes live only in HAProxy's memory and ${file} is not written, so a reload of HAProxy returns the routing to what that file says.`,
      );
      return;
    }
    if (this.run.readsOnly) {
      // status writes nothing, so it asks nothing of the file but to compare it when it can be read.
      this.fileUnread = await unreadableReason(file);
      if (this.fileUnread) {
        this.notes.push(
          `${file} cannot be read from this runner (${this.fileUnread}), so status cannot tell whether a reload of HAProxy keeps this routing.`,
        );
        return;
      }
      return this.reconcileFile();
    }
    // Only a run that may write the file tries to (dry runs stay read-only, but refuse what the real run would).
    const reason = await unwritableReason(file, !this.run.dryRun);
    if (reason) {
      // A map HAProxy does not know is the mistake to name first (haproxy-map-file defaults to it).
      await this.readEntries();
      throw new InputError(
        "haproxy-map-file",
        `${file} cannot be written from this runner (${reason}), and a switch missing from the map file is undone by the next reload of HAProxy, so nothing was changed; allowed: the path where this runner can write the map file HAProxy loads, or haproxy-persist: runtime to accept a switch that lives only in HAProxy's memory.`,
      );
    }
    await this.reconcileFile();
  }

  /**
   * The level the step needs, asked of HAProxy itself (`show cli level`). Every command bluegreen
   * sends is answered at level user (checked on HAProxy 2.6.12: show map/stat/servers state, and
   * the map writes too, which HAProxy does not restrict by level); what user lacks is the server
   * addresses in `show stat`, which only a step that reaches the servers needs.
   */
  private async checkLevel(): Promise<void> {
    const level = (await this.call("haproxy-socket", "show cli level")).trim();
    if (level === "admin" || level === "operator") return;
    if (level === "user") {
      if (!this.run.reachesServers) return;
      throw new InputError(
        "haproxy-socket",
        `the Runtime API at ${this.options.socketText} is at level user, where HAProxy hides server addresses from "show stat", and this step needs them (for deploy-command's BLUEGREEN_SERVERS, bluegreen's own health checks of each server, and the fingerprint test records and promote compares), so nothing was changed; allowed: a stats socket at level operator or admin (status and rollback need only level user).`,
      );
    }
    throw new InputError(
      "haproxy-socket",
      `cannot tell the level of the Runtime API at ${this.options.socketText}: "show cli level" answered "${printable(withoutStop(level))}" (HAProxy 2.0 and later answer admin, operator or user), so nothing was changed; allowed: a stats socket at level operator or admin (user for status and rollback) on HAProxy 2.0 or later.`,
    );
  }

  /**
   * A run killed between HAProxy's commit and the file's rename leaves the file behind HAProxy's
   * memory (a reload would flip production), and one killed mid-write leaves a temporary file.
   * Repairs both under the lock, so no running switch is disturbed: the file is rewritten from
   * memory and the stale temporary files are removed. A dry run only says what it found.
   */
  private async reconcileFile(): Promise<void> {
    const file = this.options.mapFile;
    const check = async () => {
      const entries = await this.readEntries();
      return {
        entries,
        leftovers: await staleTemporaries(file, this.started),
        differ: differences(parseMapFile(await readFile(file, "utf8")), managed(firstValues(entries))),
      };
    };
    const first = await check();
    // A killed run may also leave its lease: taking the lock once removes it.
    const staleLease = this.lock.staleIn(first.entries);
    if (first.leftovers.length === 0 && first.differ.length === 0 && !staleLease) {
      this.fileAgrees = true;
      return;
    }
    if (this.run.dryRun) {
      if (first.differ.length > 0) {
        this.notes.push(
          `${file} disagrees with HAProxy's memory (${first.differ.join("; ")}): ${BOTH_CAUSES}; a run that is not a dry run rewrites it from memory and keeps the old file beside it.`,
        );
      }
      if (first.leftovers.length > 0)
        this.notes.push(`Temporary files of interrupted runs lie beside ${file}: ${first.leftovers.join(", ")}.`);
      this.fileAgrees = first.differ.length === 0;
      return;
    }
    // A disagreement may be another run's switch between its commit and its file write: wait for its lock.
    await this.lock.acquire(this.run.lockWaitMs);
    try {
      const { leftovers, differ } = await check();
      await removeFiles(leftovers);
      if (leftovers.length > 0) log.info(`Removed temporary files left by interrupted runs: ${leftovers.join(", ")}.`);
      if (differ.length > 0) {
        // Either cause is possible, and a hand edit must be redoable: keep the old file before replacing it.
        const kept = await keepCopy(file);
        await this.writeFileFromMemory();
        this.repair = `${file} was rewritten from HAProxy's memory (${differ.join("; ")}), its old content kept in ${kept}.`;
        this.notes.push(
          `${file} disagreed with HAProxy's memory (${differ.join("; ")}): ${BOTH_CAUSES}. It was rewritten from HAProxy's memory, which production runs; the old file is kept in ${kept}, so a hand edit can be made again (with set map on the Runtime API and in the file, or through bluegreen).`,
        );
      }
    } catch (error) {
      if (error instanceof ConflictError) throw error;
      throw new RouterError(`Could not bring ${file} in line with HAProxy's memory (${(error as Error).message}); nothing was changed.`);
    } finally {
      await this.lock.release();
    }
    this.fileAgrees = true;
  }

  /**
   * Writes bluegreen's entries as HAProxy holds them (`held`, or read now) into the map file, under
   * the lock. `refusal` is asked right before the rename: a run that lost its lock meanwhile must
   * not put its older view over the file another holder writes.
   */
  private async writeFileFromMemory(held?: Map<string, string>, refusal?: () => string | undefined): Promise<void> {
    await rewriteMapFile(this.options.mapFile, managed(held ?? (await this.readMap())), isBookkeeping, refusal);
    this.fileAgrees = true;
    log.detail(`Wrote ${this.options.mapFile} so that a reload keeps what HAProxy serves.`);
  }

  private conflict(when: string): ConflictError {
    return new ConflictError(
      `${this.options.map} changed ${when} (another pipeline or a hand edit); nothing was changed. Run the step again.`,
    );
  }

  private async readMap(): Promise<Map<string, string>> {
    return firstValues(await this.readEntries());
  }

  private async readEntries(): Promise<MapEntry[]> {
    const answer = await this.call("haproxy-map", `show map ${this.options.map}`);
    if (/Unknown map identifier/i.test(answer)) throw new InputError("haproxy-map", await this.noSuchMap());
    const entries = parseMapEntries(answer);
    const unparsed = answer.split("\n").filter((line) => line.trim() !== "").length - entries.length;
    if (entries.length === 0 && unparsed > 0) {
      throw new RouterError(`HAProxy answered "show map ${this.options.map}" with "${answer.trim().slice(0, 120)}"`);
    }
    return entries;
  }

  /** The map is not HAProxy's: the sentence lists the maps it has ("show map"), so the right path can be copied. */
  private async noSuchMap(): Promise<string> {
    const maps = parseMapList(await this.call("haproxy-map", "show map")).map(printable);
    const has = maps.length === 0 ? "it loads no map at all" : `the maps it has are ${maps.join(", ")}`;
    return `HAProxy has no map "${this.options.map}"; ${has} (from "show map"); allowed: the path of the map its use_backend rules read, as listed there.`;
  }

  private async readStat(): Promise<StatRow[]> {
    return parseStat(await this.call("haproxy-socket", "show stat"));
  }

  /**
   * Sends a read command, retried on a dropped connection (reads are safe to repeat; writes are
   * not, and are never retried). A socket that cannot be reached is an input error: nothing changed yet.
   */
  private async call(input: string, line: string): Promise<string> {
    try {
      return await retryTransient(() => this.api.command(line));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EACCES" && "path" in this.options.socket) {
        throw new InputError(
          "haproxy-socket",
          `cannot open the HAProxy Runtime API at ${this.options.socketText}: permission denied (EACCES), a file permission, not the socket's level: ${await permissionSentence(this.options.socket.path)}; allowed: run bluegreen as a user that may write the socket (its owner, or a member of its group), or set "user", "group" or "mode" on HAProxy's "stats socket" line.`,
        );
      }
      if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ENOTFOUND") {
        throw new InputError(
          "haproxy-socket",
          `cannot reach the HAProxy Runtime API at ${this.options.socketText} (${code}); allowed: a stats socket (unix path or host:port) at level operator or admin, or user for status and rollback.`,
        );
      }
      throw new RouterError(`HAProxy Runtime API (${input}) failed: ${(error as Error).message}`);
    }
  }

  private colorOf(backend: string, key: string): Color {
    if (backend === this.options.backends.blue) return "blue";
    if (backend === this.options.backends.green) return "green";
    throw new InputError(
      "haproxy-map",
      `the map entry "${key}" points to backend "${backend}", which is neither blue-backend (${this.options.backends.blue}) nor green-backend (${this.options.backends.green}).`,
    );
  }

  private serverSummary(stat: StatRow[], color: Color): string {
    const servers = serversOf(stat, this.options.backends[color]);
    return servers.map((s) => `${s.svname} ${s.status}`).join(", ") || "none";
  }
}

const TRANSIENT = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);

async function retryTransient<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      const transient = TRANSIENT.has(code) || /gave no answer|without an answer/.test((error as Error).message);
      if (!transient || attempt >= attempts) throw error;
      await sleep(50 * 2 ** attempt);
    }
  }
}

/** bluegreen's own entries as HAProxy holds them: what the map file must agree on. */
function managed(entries: Map<string, string>): Map<string, string> {
  return new Map(MANAGED_KEYS.filter((key) => entries.has(key)).map((key) => [key, entries.get(key) as string]));
}

function revisionOf(entries: Map<string, string>): string {
  const values = [ACTIVE_KEY, PREVIEW_KEY, LEDGER_KEY].map((key) => `${key}=${entries.get(key) ?? ""}`);
  return [revisionKeyOf(entries) ?? "", ...values].join(" ");
}

function revisionKeyOf(entries: Map<string, string>): string | undefined {
  return [...entries.keys()].find((key) => key.startsWith(REVISION_PREFIX));
}

function backendNames(stat: StatRow[]): string[] {
  return stat.filter((row) => row.svname === "BACKEND").map((row) => row.pxname ?? "");
}
