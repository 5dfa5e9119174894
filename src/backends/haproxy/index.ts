import { randomBytes } from "node:crypto";
import { access, constants, readFile, rename, writeFile } from "node:fs/promises";
import type { Backend, Readiness, RouteChange, RouterState } from "../../backend.js";
import { COLORS, type Color } from "../../colors.js";
import { ConflictError, InputError, RouterError } from "../../errors.js";
import type { Config, InputReader } from "../../inputs.js";
import { decodeLedger, encodeLedger } from "../../ledger.js";
import { log } from "../../platform/log.js";
import { sleep } from "../../wait.js";
import { parseShowMap, updateMapFile } from "./map.js";
import { type HaproxyOptions, parseHaproxyOptions } from "./options.js";
import { expectSilence, RuntimeApi, withoutStop } from "./runtime-api.js";
import { hasBackend, isServerReady, parseStat, type StatRow, serversOf } from "./stat.js";

/** Map keys: the two the user's frontends look up, and bluegreen's own record. */
export const ACTIVE_KEY = "active";
export const PREVIEW_KEY = "preview";
export const LEDGER_KEY = "bluegreen.ledger";
/**
 * The Runtime API has no compare-and-set, but `del map` of a key succeeds for exactly one caller.
 * Every write commits a fresh `bluegreen.rev.<nonce>` key; a writer must first delete the key it
 * read, so of two pipelines racing from the same state only one gets past that point.
 */
export const REVISION_PREFIX = "bluegreen.rev.";
const FIRST_REVISION = `${REVISION_PREFIX}none`;

export function createHaproxyBackend(read: InputReader, config: Config): Backend {
  // One Runtime API command answers in about a millisecond; never wait longer than `timeout` for one.
  return new HaproxyBackend(parseHaproxyOptions(read), Math.min(10_000, config.timeoutSeconds * 1000));
}

export class HaproxyBackend implements Backend {
  readonly kind = "haproxy" as const;
  private readonly api: RuntimeApi;

  constructor(
    private readonly options: HaproxyOptions,
    commandTimeoutMs = 10_000,
  ) {
    this.api = new RuntimeApi(options.socket, commandTimeoutMs);
  }

  async read(): Promise<RouterState> {
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
    const warnings: string[] = [];
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
      },
      warnings,
    };
  }

  async readiness(color: Color): Promise<Readiness> {
    const servers = serversOf(await this.readStat(), this.options.backends[color]);
    const up = servers.filter(isServerReady);
    const name = this.options.backends[color];
    if (servers.length === 0) return { ready: false, summary: `backend ${name} has no servers` };
    const notUp = servers.filter((s) => !isServerReady(s)).map((s) => `${s.svname} ${s.status}`);
    return {
      ready: up.length === servers.length,
      summary: `${up.length}/${servers.length} servers of ${name} UP${notUp.length ? ` (${notUp.join(", ")})` : ""}`,
    };
  }

  async fingerprint(color: Color): Promise<string> {
    const servers = serversOf(await this.readStat(), this.options.backends[color]);
    return `${this.options.backends[color]}[${servers
      .map((s) => `${s.svname}=${s.addr ?? ""}`)
      .sort()
      .join(",")}]`;
  }

  async targets(color: Color): Promise<string[]> {
    return serversOf(await this.readStat(), this.options.backends[color])
      .map((s) => s.addr ?? "")
      .filter(Boolean);
  }

  describe(change: RouteChange, state: RouterState): string[] {
    const { map, backends } = this.options;
    const lines: string[] = [];
    if (change.live !== state.live) lines.push(`set map ${map} ${ACTIVE_KEY} ${backends[change.live]} (was ${backends[state.live]})`);
    if (change.preview !== state.preview) {
      lines.push(`set map ${map} ${PREVIEW_KEY} ${backends[change.preview]} (was ${state.preview ? backends[state.preview] : "unset"})`);
    }
    lines.push(`record ${LEDGER_KEY} in ${map}, all in one atomic map version (prepare map / add map / commit map)`);
    lines.push(`write ${this.options.mapFile} so that a reload keeps the change, when the runner can reach it`);
    return lines;
  }

  /**
   * Writes every key in one atomic step: a new map version holding all current entries with ours
   * changed, committed at once. A reader never sees active and preview on the same color, and
   * production is never without an entry.
   */
  async apply(change: RouteChange, state: RouterState): Promise<void> {
    const { map, backends } = this.options;
    let current = await this.readMap();
    if (revisionOf(current) !== state.revision) throw this.conflict("since it was read");
    let revisionKey = revisionKeyOf(current);
    if (!revisionKey) {
      // First write by bluegreen: create the key to take the turn with (outside any version).
      await expectSilence(this.api, `add map ${map} ${FIRST_REVISION} 0`);
      current = await this.readMap();
      revisionKey = FIRST_REVISION;
    }
    const updates = new Map([
      [ACTIVE_KEY, backends[change.live]],
      [PREVIEW_KEY, backends[change.preview]],
      // A map entry needs a value: an empty ledger is written as "none" (decoded back as empty).
      [LEDGER_KEY, encodeLedger(change.ledger) || "none"],
      [`${REVISION_PREFIX}${randomBytes(6).toString("hex")}`, String(Date.now())],
    ]);
    const prepared = await this.api.command(`prepare map ${map}`);
    const version = /New version created:\s*(\d+)/.exec(prepared)?.[1];
    if (!version) throw new RouterError(`HAProxy refused "prepare map ${map}": ${withoutStop(prepared)}; nothing was changed.`);
    const next = new Map([...current].filter(([key]) => !key.startsWith(REVISION_PREFIX)));
    for (const [key, value] of updates) next.set(key, value);
    try {
      for (const [key, value] of next) await expectSilence(this.api, `add map @${version} ${map} ${key} ${value}`);
    } catch (error) {
      await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
      throw new RouterError(`${(error as Error).message}; the new map version was discarded and nothing was changed.`);
    }
    // Take the turn: only one writer can delete the revision key it read.
    const taken = (await this.api.command(`del map ${map} ${revisionKey}`)).trim();
    if (taken !== "") {
      await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
      if (/not found/i.test(taken)) throw this.conflict("while the switch was being prepared");
      throw new RouterError(`HAProxy refused "del map ${map} ${revisionKey}": ${withoutStop(taken)}; nothing was changed.`);
    }
    await expectSilence(this.api, `commit map @${version} ${map}`);
    try {
      await this.persist(updates);
    } catch (error) {
      // The switch itself is done and confirmed by the caller; only its copy on disk failed.
      log.warn(`The switch is live, but writing ${this.options.mapFile} failed (${(error as Error).message}): a reload would undo it.`);
    }
  }

  private conflict(when: string): ConflictError {
    return new ConflictError(
      `${this.options.map} changed ${when} (another pipeline or a hand edit); nothing was changed. Run the step again.`,
    );
  }

  /** Makes the change survive a reload: HAProxy reloads its maps from the file. */
  private async persist(updates: Map<string, string>): Promise<void> {
    const file = this.options.mapFile;
    try {
      await access(file, constants.R_OK | constants.W_OK);
    } catch {
      log.warn(
        `${file} is not writable from this runner: the switch is live in HAProxy's memory but a reload would undo it. Update ${file} where HAProxy runs, or set haproxy-map-file.`,
      );
      return;
    }
    const text = await readFile(file, "utf8");
    const temporary = `${file}.bluegreen-${process.pid}`;
    await writeFile(
      temporary,
      updateMapFile(text, updates, (key) => key.startsWith(REVISION_PREFIX)),
    );
    await rename(temporary, file); // atomic: a reload reads either the old or the new file
    log.info(`Wrote ${file} so that a reload keeps the switch.`);
  }

  private async readMap(): Promise<Map<string, string>> {
    const answer = await this.call("haproxy-map", `show map ${this.options.map}`);
    if (/Unknown map identifier/i.test(answer)) {
      throw new InputError(
        "haproxy-map",
        `HAProxy has no map "${this.options.map}"; use the path its configuration loads (see "show map").`,
      );
    }
    const entries = parseShowMap(answer);
    const unparsed = answer.split("\n").filter((line) => line.trim() !== "").length - entries.size;
    if (entries.size === 0 && unparsed > 0) {
      throw new RouterError(`HAProxy answered "show map ${this.options.map}" with "${answer.trim().slice(0, 120)}"`);
    }
    return entries;
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
      if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ENOTFOUND") {
        throw new InputError(
          "haproxy-socket",
          `cannot reach the HAProxy Runtime API at ${this.options.socketText} (${code}); allowed: a stats socket with "level admin" (unix path or host:port).`,
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
