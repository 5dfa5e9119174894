import type { RouteChange, RouterState } from "../../backend.js";
import { ConflictError, InputError, RefusedError, RouterError, TimeoutError } from "../../errors.js";
import { decodeLedger } from "../../ledger.js";
import { detail, plainChange } from "../../plan-lines.js";
import { log } from "../../platform/log.js";
import { colorOf, ROUTING_TYPES, setsFor } from "../dns/color-sets.js";
import type { DnsNames } from "../dns/options.js";
import { describeTarget } from "../dns/options.js";
import { waitUntilServed } from "../dns/propagation.js";
import { describeSet, type RecordSet, recordSet, sameRecords } from "../dns/records.js";
import { ledgerText, oldColorInUse, oldTtlOf, servedTtl } from "../dns/router.js";
import { formatServer, type ServerAddress } from "../dns/server-address.js";
import type { SetKey, ZoneClient } from "../dns/zone-client.js";
import { type HeldLease, type Lease, LeaseStopped } from "../ovh/lease.js";
import { describeWrite, orderWrites, planRecordWrites, type RecordWrite } from "./record-writes.js";
import type { ApiSet, ZoneApi } from "./zone-api.js";

/**
 * The router face of ovh-dns. Two views of the same names: what the zone's servers answer (published:
 * production, preview and the ledger as clients see them, so the state is read there) and what the
 * OVH API holds (the records bluegreen edits, published only by a refresh of the whole zone). The API
 * has no compare-and-set, so every change is made under the lease (ovh/lease.ts), after re-reading
 * both views; then one refresh, then the wait until every server serves the new sets (read back).
 */

export interface OvhDnsRun {
  timeoutMs: number;
  readOnly: boolean;
  /** The step never moves production (prepare, test): an unpublished edit of it is refused at the read. */
  keepsProduction: boolean;
  now: () => Date;
  timeoutSeconds: number;
}

interface Reading {
  serial: number;
  published: RecordSet[];
  api: ApiSet[];
  /** The names whose API records differ from what the servers answer: edits no refresh published yet. */
  unpublished: string[];
  oldTtl?: number;
  heldByOther: boolean;
}

export class OvhDnsRouter {
  private readonly readings = new Map<string, Reading>();
  /** Facts of this run's last write, shown with the state read after it. */
  private readonly notes: Record<string, string> = {};
  /** How long this run's refresh took to reach every server of the zone (ms); undefined until one did. */
  propagatedMs?: number;

  constructor(
    private readonly names: DnsNames,
    private readonly zone: ZoneApi,
    /** DNS queries to the zone's first authoritative server (the published view). */
    readonly client: ZoneClient,
    private readonly servers: ServerAddress[],
    private readonly lease: Lease,
    private readonly run: OvhDnsRun,
  ) {}

  private keys(): SetKey[] {
    const { name, previewName, ledgerName } = this.names;
    return [
      ...ROUTING_TYPES.map((type) => ({ name, type })),
      ...ROUTING_TYPES.map((type) => ({ name: previewName, type })),
      { name: ledgerName, type: "TXT" as const },
    ];
  }

  /** Both views of production, the preview and the ledger. */
  private async look(heldByOther: boolean): Promise<{ reading: Reading; revision: string; summary: string }> {
    const keys = this.keys();
    const [published, api] = await Promise.all([this.client.read(keys), Promise.all(keys.map((k) => this.zone.readSet(k.name, k.type)))]);
    const unpublished = [
      ...new Set(
        keys.filter((_, i) => !sameRecords(published.sets[i] as RecordSet, (api[i] as ApiSet).set)).map((k) => `${k.name} ${k.type}`),
      ),
    ];
    const ledgerText = published.sets[6]?.records[0]?.value;
    const reading: Reading = {
      serial: published.serial,
      published: published.sets,
      api,
      unpublished,
      oldTtl: oldTtlOf(ledgerText),
      heldByOther,
    };
    const revision = [
      `served: ${published.sets.map(describeSet).join(" | ")}`,
      `api: ${api.map((a) => `${describeSet(a.set)} #${a.records.map((r) => `${r.id}/${r.ttl}`).join(",")}`).join(" | ")}`,
    ].join(" || ");
    // What a person needs of a revision in a sentence: where the names point, and what waits unpublished.
    const summary = [
      ...published.sets
        .slice(0, 6)
        .filter((set) => set.records.length > 0)
        .map(describeSet),
      ...(unpublished.length > 0 ? [`unpublished edits of ${unpublished.join(", ")}`] : []),
    ].join("; ");
    return { reading, revision, summary };
  }

  async read(): Promise<RouterState> {
    const { name, previewName, ledgerName, colors } = this.names;
    // While another run holds the lock it is switching: wait for the end rather than read it half-way.
    const cell = this.lease.cell;
    const { text: lockText, heldByOther } = await this.lease.awaitFree(await cell.read(), this.run.timeoutMs);
    const { reading, revision } = await this.look(heldByOther);
    const production = reading.published.slice(0, 3);
    const preview = reading.published.slice(3, 6);
    const ledgerSet = reading.published[6] as RecordSet;
    const targets = `dns-blue (${describeTarget(colors.blue)}) nor dns-green (${describeTarget(colors.green)})`;
    const where = formatServer(this.servers[0] as ServerAddress);
    const live = colorOf(name, production, colors);
    if ("absent" in live)
      throw new InputError(
        "dns-name",
        `${name} has no CNAME, A or AAAA record on ${where}; nothing was changed. Create it pointing at blue (${describeTarget(colors.blue)}) first, and refresh the zone.`,
      );
    if ("elsewhere" in live)
      throw new InputError("dns-name", `${name} serves ${live.elsewhere} on ${where}, which is neither ${targets}; nothing was changed.`);
    const previewColor = colorOf(previewName, preview, colors);
    if ("elsewhere" in previewColor)
      throw new InputError(
        "dns-preview-name",
        `${previewName} serves ${previewColor.elsewhere} on ${where}, which is neither ${targets}; nothing was changed.`,
      );
    const warnings: string[] = [];
    if ("absent" in previewColor) warnings.push(`${previewName} has no record yet; prepare adds it.`);
    if (ledgerSet.records.length > 1)
      warnings.push(`${ledgerName} holds ${ledgerSet.records.length} TXT records; bluegreen reads the first.`);
    const productionUnpublished = reading.unpublished.filter((n) => n.startsWith(`${name} `));
    let traffic: string | undefined;
    if (reading.unpublished.length > 0) {
      const apiProduction = colorOf(
        name,
        reading.api.slice(0, 3).map((a) => a.set),
        colors,
      );
      const apiSays = "color" in apiProduction ? apiProduction.color : "absent" in apiProduction ? "no record" : apiProduction.elsewhere;
      warnings.push(
        `The OVH API holds edits of ${reading.unpublished.join(", ")} that the zone's servers do not serve yet (no refresh published them): the next refresh of the zone, by anyone, publishes them.`,
      );
      if (productionUnpublished.length > 0)
        traffic = `Production is on ${live.color} (what ${where} serves); the OVH API holds an unpublished edit of ${name} to ${apiSays}, which the next refresh of the zone, by anyone, publishes.`;
    }
    if (productionUnpublished.length > 0 && this.run.keepsProduction) throw new RefusedError(unpublishedProduction(productionUnpublished));
    if (heldByOther)
      warnings.push(`Another bluegreen run still holds the lock on ${this.lease.cell.subject}: it may be switching right now.`);
    const ledger = decodeLedger(ledgerSet.records[0]?.value);
    this.readings.set(revision, reading);
    const ttl = servedTtl(reading.published) ?? this.names.ttl;
    const state: RouterState = {
      live: live.color,
      preview: "color" in previewColor ? previewColor.color : undefined,
      ledger,
      revision,
      details: {
        zone: `${this.zone.zoneName} (OVH API; served by ${this.servers.map(formatServer).join(", ")}, SOA serial ${reading.serial})`,
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
        ttl: `${ttl} s served (dns-ttl ${this.names.ttl} s)`,
        unpublished: reading.unpublished.length > 0 ? reading.unpublished.join(", ") : "none of bluegreen's names",
        "bluegreen lock": this.lease.describe(lockText, Math.floor(Date.now() / 1000)),
        propagation: this.notes.propagation ?? "-",
        caches: this.notes.caches ?? "-",
      },
      warnings,
    };
    // An unpublished edit of production is half a switch: promote or rollback makes it whole (repair).
    if (productionUnpublished.length > 0) state.split = true;
    if (traffic) state.traffic = traffic;
    const inUse = oldColorInUse(ledger, live.color, reading.oldTtl, this.names.name, this.run.now());
    if (inUse) state.inUseUntil = inUse;
    return state;
  }

  private reading(state: RouterState): Reading {
    const reading = this.readings.get(state.revision);
    if (!reading) throw new Error("ovh-dns backend: the state was not read by this backend");
    return reading;
  }

  /** The sets a change writes: production (when it moves or is repaired), the preview, the ledger. */
  private desired(change: RouteChange, state: RouterState, reading: Reading): { sets: RecordSet[]; indexes: number[] } {
    const { name, previewName, ledgerName, colors, ttl } = this.names;
    const moves = change.live !== state.live || change.repair === true;
    const oldTtl = moves && change.live !== state.live ? servedTtl(reading.published) : reading.oldTtl;
    const sets = [
      ...setsFor(previewName, colors[change.preview], ttl),
      recordSet(ledgerName, "TXT", ttl, [ledgerText(change.ledger, oldTtl)]),
    ];
    const indexes = [3, 4, 5, 6];
    if (moves) {
      sets.unshift(...setsFor(name, colors[change.live], ttl));
      indexes.unshift(0, 1, 2);
    }
    return { sets, indexes };
  }

  private writesFor(change: RouteChange, state: RouterState, reading: Reading): { sets: RecordSet[]; writes: RecordWrite[] } {
    const { sets, indexes } = this.desired(change, state, reading);
    const writes = sets.flatMap((set, i) => planRecordWrites(reading.api[indexes[i] as number] as ApiSet, set, this.zone.zoneName));
    return { sets, writes: orderWrites(writes) };
  }

  describe(change: RouteChange, state: RouterState): string[] {
    const reading = this.reading(state);
    const { writes } = this.writesFor(change, state, reading);
    const paths = this.zone.paths();
    const lines = writes.map((w) => describeWrite(w, paths, (n) => this.zone.subDomain(n)));
    const pending = reading.unpublished.length > 0 ? `, ${reading.unpublished.join(", ")} included (unpublished when read)` : "";
    // The lock, API paths and bodies are details (--verbose); the plain change closes the plan. The
    // refresh stays plain: it publishes other people's pending edits too, which a user must see.
    return [
      detail(
        `take bluegreen's lock on ${this.lease.cell.subject} (${this.lease.cell.place}), re-read the records and the servers, refuse if they changed`,
      ),
      ...(lines.length > 0 ? lines.map(detail) : [detail("no record edit: the API already holds these records")]),
      `${paths.refresh}: publishes every pending edit of the zone${pending}, other people's half-done ones too`,
      detail(
        `wait until ${this.servers.map(formatServer).join(", ")} serve a serial newer than ${reading.serial} with these records, then release the lock`,
      ),
      ...plainChange(change, state, `DNS name ${this.names.name} (OVH zone ${this.zone.zoneName})`),
    ];
  }

  async apply(change: RouteChange, state: RouterState): Promise<void> {
    const known = this.reading(state);
    const conflict = (now: string) =>
      new ConflictError(
        `The zone ${this.zone.zoneName} changed since this run read it (another pipeline or a hand edit; it now serves ${now}); this run changed nothing. Run the step again.`,
      );
    if (known.heldByOther)
      throw new ConflictError(
        `Another bluegreen run held the lock on ${this.lease.cell.subject} all the while this run read it, so what it read may be half a switch; this run changed nothing. Run the step again.`,
      );
    const deadline = Date.now() + this.run.timeoutMs;
    const planned = this.writesFor(change, state, known);
    const held = await this.lease.acquire({
      deadline,
      timeoutSeconds: this.run.timeoutSeconds,
      // Each record call, the refresh, and one look at the servers, one after another at least.
      reserve: { roundTrips: planned.writes.length + 2, what: "editing the records and refreshing the zone" },
      stillValid: async () => {
        const { revision, summary } = await this.look(false);
        if (revision !== state.revision) throw conflict(summary);
      },
    });
    try {
      const { reading: fresh, revision, summary } = await this.look(false);
      if (revision !== state.revision) throw conflict(summary);
      const { sets, writes } = this.writesFor(change, state, fresh);
      const moves = change.live !== state.live || change.repair === true;
      // A refresh publishes the whole zone: an unpublished edit of production this step does not rewrite
      // would go live with it. (Other names' pending edits cannot be seen through the API: see docs/dns.md.)
      const foreign = fresh.unpublished.filter((n) => !moves && n.startsWith(`${this.names.name} `));
      if (foreign.length > 0) throw new RefusedError(unpublishedProduction(foreign));
      if (writes.length === 0 && fresh.unpublished.length === 0) return;
      for (const write of writes) await held.guard(() => this.send(write));
      await held.guard(() => this.zone.refresh());
      log.info(
        `Edited ${writes.length} record(s) of ${this.zone.zoneName} through the OVH API and asked for a refresh of the zone (it publishes every pending edit of the zone).`,
      );
      await this.waitServed(sets, fresh.serial, held);
      if (change.live !== state.live) {
        const oldTtl = servedTtl(fresh.published) ?? this.names.ttl;
        const until = new Date(this.run.now().getTime() + oldTtl * 1000).toISOString();
        const caches = `resolvers may keep answering ${this.names.name} with ${state.live} for up to the old TTL (${oldTtl} s, until ${until}), and keep-alive clients stay on ${state.live} until their connections close: ${change.live} reaches every client as long after the switch`;
        this.notes.caches = caches;
        log.info(`Switched on every authoritative server; ${caches}.`);
      }
    } finally {
      await held.release().catch((error: unknown) => {
        log.warn(
          `Could not release the lock on ${this.lease.cell.subject} (it expires by itself): ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
  }

  private async send(write: RecordWrite): Promise<void> {
    if (write.kind === "create") await this.zone.create(write.name, write.type, write.value, write.ttl);
    else if (write.kind === "update") await this.zone.update(write.id, write.type, write.value, write.ttl);
    else await this.zone.remove(write.id);
  }

  /** Read back: every server answers a newer serial with exactly the new sets (the lease is held meanwhile). */
  private async waitServed(sets: RecordSet[], serialBefore: number, held: HeldLease): Promise<void> {
    held.check();
    try {
      const done = await waitUntilServed({
        client: this.client,
        servers: this.servers,
        sets,
        serialBefore,
        timeoutMs: Math.max(1_000, this.run.timeoutMs),
        intervalMs: 100,
      });
      const line = `${Math.round(done.ms)} ms after the refresh, ${done.servers.map((s) => `${s.server} (serial ${s.serial}, ${Math.round(s.ms)} ms)`).join(", ")} served it`;
      this.notes.propagation = line;
      this.propagatedMs = Math.round(done.ms);
      log.info(`Every authoritative server serves the change: ${line}.`);
    } catch (error) {
      if (error instanceof LeaseStopped) throw error;
      if (error instanceof TimeoutError)
        throw new RouterError(
          `The OVH API took the edits and the refresh, but not every server of the zone serves them yet: ${error.message} Run the step again to wait once more.`,
        );
      throw error;
    }
  }
}

/** The one sentence of a step that would publish someone's unpublished edit of production with its own. */
function unpublishedProduction(names: string[]): string {
  return `The OVH API holds an unpublished edit of ${names.join(", ")} (maybe an interrupted promote or rollback, or a hand edit); the refresh this step needs would publish it too, so nothing was changed. Run promote or rollback to finish or undo that switch, then run this step again.`;
}
