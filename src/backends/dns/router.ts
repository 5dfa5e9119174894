import type { RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { InputError, RouterError, TimeoutError } from "../../errors.js";
import { decodeLedger, encodeLedger } from "../../ledger.js";
import { detail, plainChange } from "../../plan-lines.js";
import { log } from "../../platform/log.js";
import { colorOf, ROUTING_TYPES, setsFor } from "./color-sets.js";
import { resolveNameServer } from "./name-servers.js";
import { isInZone, sameName } from "./names.js";
import { nsupdateScript } from "./nsupdate-script.js";
import { type DnsOptions, describeTarget } from "./options.js";
import { waitUntilServed } from "./propagation.js";
import { describeSet, type RecordSet, recordSet } from "./records.js";
import { formatServer, type ServerAddress } from "./server-address.js";
import { planReplace, type SetKey, ZoneClient } from "./zone-client.js";

/**
 * The router face of the dns backend: the production, preview and ledger record sets, read from the
 * primary, changed by one conditional UPDATE (prerequisites: exactly what was read), then the wait until
 * every authoritative server serves the change.
 */

export interface DnsRouterRun {
  /** The longest propagation wait. */
  timeoutMs: number;
  /** status and dry-run never wait for, nor change, anything. */
  readOnly: boolean;
  now: () => Date;
}

interface Reading {
  serial: number;
  sets: RecordSet[];
  /** The TTL production's records had before the last switch, as the ledger TXT recorded it. */
  oldTtl?: number;
}

/**
 * The ledger TXT carries one fact of DNS's own after the common ledger: the TTL the records had before the
 * last switch (how long resolvers may keep the old answer), e.g. "...&dnsOldTtl=60".
 */
const OLD_TTL_KEY = "dnsOldTtl";

export function oldTtlOf(text: string | undefined): number | undefined {
  const value = Number(new URLSearchParams(text ?? "").get(OLD_TTL_KEY) ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function ledgerText(ledger: RouteChange["ledger"], oldTtl: number | undefined): string {
  const text = encodeLedger(ledger);
  if (oldTtl === undefined) return text || "none";
  return text ? `${text}&${OLD_TTL_KEY}=${oldTtl}` : `${OLD_TTL_KEY}=${oldTtl}`;
}

export class DnsRouter {
  readonly client: ZoneClient;
  /** The sets each revision was read as: apply's prerequisites and describe's plan come from them. */
  private readonly readings = new Map<string, Reading>();
  private servers?: Promise<ServerAddress[]>;
  private settled?: Promise<string>;
  /** Facts of this run's last write, shown with the state read after it. */
  private readonly notes: Record<string, string> = {};
  /** How long this run's UPDATE took to reach every authoritative server (ms); undefined until one did. */
  propagatedMs?: number;

  constructor(
    private readonly options: DnsOptions,
    private readonly run: DnsRouterRun,
  ) {
    this.client = new ZoneClient({
      server: options.server,
      zone: options.zone,
      key: options.key,
      secretSource: options.secretSource,
      inputOf: (name) => (sameName(name, options.previewName) ? "dns-preview-name" : "dns-name"),
    });
  }

  private keys(): SetKey[] {
    const { name, previewName, ledgerName } = this.options;
    return [
      ...ROUTING_TYPES.map((type) => ({ name, type })),
      ...ROUTING_TYPES.map((type) => ({ name: previewName, type })),
      { name: ledgerName, type: "TXT" },
    ];
  }

  async read(): Promise<RouterState> {
    const { name, previewName, ledgerName, colors } = this.options;
    const reading = await this.client.read(this.keys());
    const production = reading.sets.slice(0, 3);
    const preview = reading.sets.slice(3, 6);
    const ledgerSet = reading.sets[6] as RecordSet;
    const targets = `dns-blue (${describeTarget(colors.blue)}) nor dns-green (${describeTarget(colors.green)})`;
    const live = colorOf(name, production, colors);
    if ("absent" in live)
      throw new InputError(
        "dns-name",
        `${name} has no CNAME, A or AAAA record on ${formatServer(this.options.server)}; nothing was changed. Create it pointing at blue (${describeTarget(colors.blue)}) first.`,
      );
    if ("elsewhere" in live)
      throw new InputError("dns-name", `${name} serves ${live.elsewhere}, which is neither ${targets}; nothing was changed.`);
    const previewColor = colorOf(previewName, preview, colors);
    if ("elsewhere" in previewColor)
      throw new InputError(
        "dns-preview-name",
        `${previewName} serves ${previewColor.elsewhere}, which is neither ${targets}; nothing was changed.`,
      );
    const warnings: string[] = [];
    if ("absent" in previewColor) warnings.push(`${previewName} has no record yet; prepare adds it.`);
    if (ledgerSet.records.length > 1)
      warnings.push(`${ledgerName} holds ${ledgerSet.records.length} TXT records; bluegreen reads the first.`);
    const ledgerText = ledgerSet.records[0]?.value;
    const ledger = decodeLedger(ledgerText);
    const oldTtl = oldTtlOf(ledgerText);
    const revision = reading.sets.map(describeSet).join(" | ");
    this.readings.set(revision, { ...reading, oldTtl });
    const ttl = servedTtl(reading.sets) ?? this.options.ttl;
    const state: RouterState = {
      live: live.color,
      preview: "color" in previewColor ? previewColor.color : undefined,
      ledger,
      revision,
      details: {
        zone: `${this.options.zone} (primary ${formatServer(this.options.server)}, SOA serial ${reading.serial})`,
        production: production
          .filter((s) => s.records.length > 0)
          .map(describeSet)
          .join("; "),
        preview:
          preview
            .filter((s) => s.records.length > 0)
            .map(describeSet)
            .join("; ") || "(none)",
        ledger: `TXT ${ledgerName} (public: anyone can query it)`,
        ttl: `${ttl} s served (dns-ttl ${this.options.ttl} s)`,
        ...(await this.settledNote()),
        // Present before the write too, so the summary's before/after table shows them.
        propagation: this.notes.propagation ?? "-",
        caches: this.notes.caches ?? "-",
      },
      warnings,
    };
    const inUse = oldColorInUse(ledger, live.color, oldTtl, this.options.name, this.run.now());
    if (inUse) state.inUseUntil = inUse;
    return state;
  }

  /** The sets a change writes: production (only when it moves or is repaired), the preview, the ledger. */
  private desired(change: RouteChange, state: RouterState): RecordSet[] {
    const { name, previewName, ledgerName, colors, ttl } = this.options;
    const reading = this.reading(state);
    const moves = change.live !== state.live || change.repair === true;
    // A switch records the TTL the old records had; other writes keep what the last switch recorded.
    const oldTtl = moves ? servedTtl(reading.sets) : reading.oldTtl;
    const sets = [
      ...setsFor(previewName, colors[change.preview], ttl),
      // A TXT record needs text: an empty ledger is written as "none" (decoded back as empty).
      recordSet(ledgerName, "TXT", ttl, [ledgerText(change.ledger, oldTtl)]),
    ];
    if (moves) sets.unshift(...setsFor(name, colors[change.live], ttl));
    return sets;
  }

  private reading(state: RouterState): Reading {
    const reading = this.readings.get(state.revision);
    // Every state handed to describe/apply came from read(); a miss is a bug, not a user's mistake.
    if (!reading) throw new Error("dns backend: the state was not read by this backend");
    return reading;
  }

  describe(change: RouteChange, state: RouterState): string[] {
    const reading = this.reading(state);
    const plan = planReplace(this.options.zone, reading.sets, this.desired(change, state));
    const script = nsupdateScript(plan, this.options.server).trim().split("\n");
    return [
      detail(`one TSIG-signed UPDATE (nsupdate syntax, replayable with nsupdate -k <keyfile>): ${script.join(" / ")}`),
      detail(
        `then wait until ${this.options.verifyServers ? "dns-verify-servers" : "the primary and every server of the zone's NS set"} serve a serial newer than ${reading.serial} with these records`,
      ),
      ...plainChange(change, state, `DNS name ${this.options.name}`),
    ];
  }

  async apply(change: RouteChange, state: RouterState): Promise<void> {
    if (!this.options.key)
      throw new InputError(
        "dns-tsig-key-name",
        `and a secret (DNS_TSIG_SECRET or dns-tsig-secret) are required to change the zone; nothing was changed.`,
      );
    const reading = this.reading(state);
    const desired = this.desired(change, state);
    const servers = await this.authoritativeServers();
    const plan = planReplace(this.options.zone, reading.sets, desired);
    if (plan.updates.length === 0) return;
    const result = await this.client.replace(reading.sets, desired);
    log.info(`The primary applied the update in ${Math.round(result.updateMs)} ms and serves it (read back).`);
    let propagated: Awaited<ReturnType<typeof waitUntilServed>>;
    try {
      propagated = await waitUntilServed({
        client: this.client,
        servers,
        sets: desired,
        serialBefore: reading.serial,
        timeoutMs: this.run.timeoutMs,
      });
    } catch (error) {
      if (error instanceof TimeoutError)
        throw new RouterError(
          `The primary serves the change, but not every authoritative server does: ${error.message} Run the step again to wait once more.`,
        );
      throw error;
    }
    const line = `${Math.round(propagated.ms)} ms after the update, ${propagated.servers.map((s) => `${s.server} (serial ${s.serial}, ${Math.round(s.ms)} ms)`).join(", ")} served it`;
    this.notes.propagation = line;
    this.propagatedMs = Math.round(propagated.ms);
    log.info(`Every authoritative server serves the change: ${line}.`);
    if (change.live !== state.live) {
      const oldTtl = servedTtl(reading.sets) ?? this.options.ttl;
      const until = new Date(this.run.now().getTime() + oldTtl * 1000).toISOString();
      const caches = `resolvers may keep answering ${this.options.name} with ${state.live} for up to the old TTL (${oldTtl} s, until ${until}), and keep-alive clients stay on ${state.live} until their connections close: ${change.live} reaches every client as long after the switch`;
      this.notes.caches = caches;
      log.info(`Switched on every authoritative server; ${caches}.`);
    }
  }

  /** The primary, then dns-verify-servers or the zone's NS set (port 53), without duplicates. */
  authoritativeServers(): Promise<ServerAddress[]> {
    this.servers ??= this.findServers();
    return this.servers;
  }

  private async findServers(): Promise<ServerAddress[]> {
    const found = [this.options.server, ...(this.options.verifyServers ?? (await this.nameServerAddresses()))];
    return found.filter((server, i) => found.findIndex((s) => formatServer(s) === formatServer(server)) === i);
  }

  private async nameServerAddresses(): Promise<ServerAddress[]> {
    const names = await this.client.nameServers();
    log.info(
      `Waiting for the zone's NS set (${names.join(", ")}) on port 53; a name served by anycast is proven only at the instance this runner reaches.`,
    );
    const addresses = await Promise.all(
      names.map(async (ns) => {
        if (isInZone(ns, this.options.zone)) {
          const [a, aaaa] = await Promise.all([
            this.client.readSet({ name: ns, type: "A" }),
            this.client.readSet({ name: ns, type: "AAAA" }),
          ]);
          return [...a.records, ...aaaa.records].map((r) => r.value);
        }
        return resolveNameServer(ns);
      }),
    );
    return addresses.flat().map((host) => ({ host, port: 53 }));
  }

  /**
   * Once per run, before a change: every authoritative server serves at least the primary's serial. A
   * run killed after its UPDATE left the propagation wait undone; this is where its re-run does it.
   */
  private settledNote(): Promise<Record<string, string>> {
    if (this.run.readOnly) return Promise.resolve({});
    this.settled ??= this.settle();
    return this.settled.then((note) => ({ servers: note }));
  }

  private async settle(): Promise<string> {
    await this.checkKey();
    const [servers, serial] = await Promise.all([this.authoritativeServers(), this.client.serial()]);
    try {
      const done = await waitUntilServed({
        client: this.client,
        servers,
        sets: [],
        serialBefore: (serial - 1) >>> 0,
        timeoutMs: this.run.timeoutMs,
      });
      return `${servers.length} authoritative servers serve serial ${serial} or newer (checked in ${Math.round(done.ms)} ms)`;
    } catch (error) {
      if (error instanceof TimeoutError)
        throw new RouterError(
          `Not every authoritative server serves the primary's serial ${serial} yet (list the reachable ones in dns-verify-servers if this runner cannot reach the NS set on port 53): ${error.message} Nothing was changed.`,
        );
      throw error;
    }
  }

  /**
   * Proves the TSIG key before anything is changed (deploy-command included): a signed UPDATE whose only
   * prerequisite always holds (the apex is in use) and that changes nothing, so BADSIG, BADKEY, BADTIME,
   * NOTAUTH and NOTZONE come back with their one sentence now rather than after a deploy. (The update
   * policy, REFUSED, is checked by the server after the prerequisites, so only a real write shows it.)
   */
  private async checkKey(): Promise<void> {
    if (!this.options.key) return;
    await this.client.sendPlan(
      { zone: this.options.zone, prerequisites: [{ kind: "name-in-use", name: this.options.zone }], updates: [] },
      [],
      [],
    );
  }
}

/** The TTL production's records are served with (the first three sets read), if it has any. */
export function servedTtl(sets: RecordSet[]): number | undefined {
  return sets.slice(0, 3).find((s) => s.records.length > 0)?.ttl;
}

/**
 * After a switch, resolvers may answer with the old color for up to the TTL it had: that color is
 * still in use until then (the switch time is the ledger's `at`). Undefined once that time has passed.
 */
export function oldColorInUse(
  ledger: RouterState["ledger"],
  live: Color,
  oldTtl: number | undefined,
  name: string,
  now: Date,
): RouterState["inUseUntil"] {
  if (oldTtl === undefined || !ledger.at || !ledger.previous || ledger.live !== live || ledger.previous === live) return undefined;
  const until = Date.parse(ledger.at) + oldTtl * 1000;
  if (!Number.isFinite(until) || until <= now.getTime()) return undefined;
  return {
    color: ledger.previous,
    until: new Date(until).toISOString(),
    why: `resolvers may keep answering ${name} with ${ledger.previous} for up to the old TTL (${oldTtl} s) after the switch at ${ledger.at}`,
  };
}
