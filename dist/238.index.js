export const id = 238;
export const ids = [238];
export const modules = {

/***/ 73238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createOvhDns: () => (/* binding */ createOvhDns)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/backends/dns/faces.ts
var faces = __webpack_require__(29103);
// EXTERNAL MODULE: ./src/backends/dns/name-servers.ts
var name_servers = __webpack_require__(41379);
// EXTERNAL MODULE: ./src/backends/dns/names.ts
var dns_names = __webpack_require__(47281);
// EXTERNAL MODULE: ./src/backends/dns/options.ts + 1 modules
var options = __webpack_require__(20854);
// EXTERNAL MODULE: ./src/backends/dns/workload.ts
var dns_workload = __webpack_require__(26200);
// EXTERNAL MODULE: ./src/backends/dns/zone-client.ts + 7 modules
var zone_client = __webpack_require__(12681);
// EXTERNAL MODULE: ./src/backends/ovh/api.ts + 1 modules
var ovh_api = __webpack_require__(63918);
// EXTERNAL MODULE: ./src/backends/ovh/api-clock.ts
var api_clock = __webpack_require__(25670);
// EXTERNAL MODULE: ./src/backends/ovh/client.ts
var ovh_client = __webpack_require__(55506);
// EXTERNAL MODULE: ./src/backends/ovh/lease.ts
var ovh_lease = __webpack_require__(57267);
// EXTERNAL MODULE: ./src/backends/dns/records.ts
var dns_records = __webpack_require__(26283);
;// CONCATENATED MODULE: ./src/backends/ovh-dns/zone-api.ts



class ZoneApi {
    api;
    /** The zone as the API names it: no trailing dot. */
    zoneName;
    zone;
    constructor(api, zone) {
        this.api = api;
        this.zone = (0,dns_names/* absoluteName */.Tu)(zone);
        this.zoneName = this.zone.replace(/\.$/, "");
    }
    base() {
        return `/domain/zone/${encodeURIComponent(this.zoneName)}`;
    }
    /** "www" for www.example.com. in example.com., "" for the apex. */
    subDomain(name) {
        const absolute = (0,dns_names/* absoluteName */.Tu)(name);
        if ((0,dns_names/* sameName */.q)(absolute, this.zone))
            return "";
        return absolute.slice(0, absolute.length - this.zone.length - 1);
    }
    /** The zone object; a 404 is dns-zone's fault (not a zone of this account), said before anything else is read. */
    async info() {
        try {
            return await this.api.get(this.base());
        }
        catch (error) {
            if (error instanceof errors/* RouterError */.KJ && error.status === 404)
                throw new errors/* InputError */.dz("dns-zone", `${this.zoneName} is no DNS zone of this OVH account (GET ${this.base()} answered 404); nothing was changed. Allowed: a zone listed by GET /domain/zone.`);
            throw error;
        }
    }
    /** The records of `name` and `type`: ids listed by the API's filter, then each record read. */
    async readSet(name, type) {
        const subDomain = this.subDomain(name);
        const ids = await this.api.get(`${this.base()}/record`, { fieldType: type, subDomain });
        const records = (await Promise.all(ids.map((id) => this.api.get(`${this.base()}/record/${id}`).catch((error) => {
            // Deleted between the list and the read (another run's release of its lock): it is gone.
            if (error instanceof errors/* RouterError */.KJ && error.status === 404)
                return undefined;
            throw error;
        })))).filter((r) => r !== undefined && r.fieldType === type && r.subDomain === subDomain);
        records.sort((a, b) => a.id - b.id);
        const values = records.map((r) => valueOfTarget(type, r.target, this.zone));
        return { set: (0,dns_records/* recordSet */.O_)(name, type, records[0]?.ttl ?? 0, values), records };
    }
    create(name, type, value, ttl) {
        return this.api.post(`${this.base()}/record`, {
            fieldType: type,
            subDomain: this.subDomain(name),
            target: targetOf(type, value),
            ttl,
        });
    }
    update(id, type, value, ttl) {
        return this.api.put(`${this.base()}/record/${id}`, { target: targetOf(type, value), ttl });
    }
    remove(id) {
        return this.api.delete(`${this.base()}/record/${id}`);
    }
    /** Publishes every pending edit of the zone (the API answers nothing to follow: the servers show the result). */
    refresh() {
        return this.api.post(`${this.base()}/refresh`);
    }
    /** The request lines describe() shows for these calls. */
    paths() {
        return {
            record: `${this.base()}/record`,
            refresh: `POST ${this.base()}/refresh`,
        };
    }
}
/**
 * The API's target of a value: a CNAME's host absolute (with its dot, or the API reads it relative to
 * the zone), a TXT record's text as quoted character-strings of at most 255 bytes (zone-file syntax).
 */
function targetOf(type, value) {
    if (type === "CNAME")
        return (0,dns_names/* absoluteName */.Tu)(value);
    if (type !== "TXT")
        return value;
    const chunks = [];
    for (let i = 0; i < value.length; i += 255)
        chunks.push(value.slice(i, i + 255));
    return (chunks.length > 0 ? chunks : [""]).map((c) => `"${c.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}
/** The value of an API target: the inverse of targetOf (a relative CNAME target is made absolute in the zone). */
function valueOfTarget(type, target, zone) {
    if (type === "CNAME")
        return target.endsWith(".") ? target : `${target}.${zone}`;
    if (type !== "TXT")
        return target;
    const strings = [...target.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
    return strings.length > 0 ? strings.join("") : target;
}

;// CONCATENATED MODULE: ./src/backends/ovh-dns/lock-cell.ts


/**
 * The zone's lease cell: a TXT record `_bluegreen-lock.<dns-name>` edited through the API (a zone has
 * no free-text field such as a Load Balancer's displayName). The API has no compare-and-set, and two
 * runs that both find no record both create one: the cell is then the record with the highest id (the
 * API numbers records as it creates them), so every run reads the same winner, and a write goes to that
 * record. Removing the lease deletes every lock record, a loser's leftovers included.
 *
 * Lock edits are edits of the zone like any other: a refresh publishes them (a lease is public text,
 * as the ledger is), and the removal waits for the zone's next refresh. Nobody queries this name.
 */
class LockRecordCell {
    zone;
    ttl;
    subject;
    place;
    name;
    /** The record ids as last read, highest last. */
    ids = [];
    constructor(zone, dnsName, ttl) {
        this.zone = zone;
        this.ttl = ttl;
        this.name = `_bluegreen-lock.${dnsName}`;
        this.subject = `the zone ${zone.zoneName} (${dnsName})`;
        this.place = `a lease in the TXT record ${this.name}, edited through the API`;
    }
    async read() {
        const { records } = await this.zone.readSet(this.name, "TXT");
        this.ids = records.map((r) => r.id);
        const last = records.at(-1);
        return last ? valueOfTarget("TXT", last.target, "") : "";
    }
    async write(text) {
        if (text === "") {
            // Read afresh: a record created since the last read is a lease of this run's too (a retried claim).
            await this.read();
            await Promise.all(this.ids.map((id) => this.zone.remove(id).catch((error) => {
                // Already deleted (another run's release of its leftovers): gone is what was asked.
                if (!(error instanceof errors/* RouterError */.KJ && error.status === 404))
                    throw error;
            })));
            this.ids = [];
            return;
        }
        const last = this.ids.at(-1);
        if (last !== undefined)
            return this.zone.update(last, "TXT", text, this.ttl);
        const created = await this.zone.create(this.name, "TXT", text, this.ttl);
        if (typeof created?.id === "number")
            this.ids = [created.id];
    }
}

// EXTERNAL MODULE: ./src/ledger.ts
var src_ledger = __webpack_require__(58730);
// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
// EXTERNAL MODULE: ./src/backends/dns/color-sets.ts
var color_sets = __webpack_require__(12902);
// EXTERNAL MODULE: ./src/backends/dns/propagation.ts + 1 modules
var propagation = __webpack_require__(98687);
// EXTERNAL MODULE: ./src/backends/dns/router.ts + 1 modules
var router = __webpack_require__(83383);
// EXTERNAL MODULE: ./src/backends/dns/server-address.ts
var server_address = __webpack_require__(99635);
;// CONCATENATED MODULE: ./src/backends/ovh-dns/record-writes.ts



function same(type, a, b) {
    if (type === "CNAME")
        return (0,dns_names/* sameName */.q)(a, b);
    return (0,dns_records/* record */.g1)(type, a).value === (0,dns_records/* record */.g1)(type, b).value;
}
function planRecordWrites(current, desired, zone) {
    const { type, name, ttl } = desired;
    const existing = current.records.map((r) => ({ id: r.id, ttl: r.ttl, value: valueOfTarget(type, r.target, zone) }));
    const wanted = desired.records.map((r) => r.value);
    const keptIds = new Set();
    const missing = [];
    for (const value of wanted) {
        const kept = existing.find((e) => !keptIds.has(e.id) && e.ttl === ttl && same(type, e.value, value));
        if (kept)
            keptIds.add(kept.id);
        else
            missing.push(value);
    }
    const spare = existing.filter((e) => !keptIds.has(e.id));
    const writes = [];
    spare.forEach((e, i) => {
        const value = missing[i];
        if (value === undefined)
            writes.push({ kind: "delete", id: e.id, name, type, value: e.value });
        else
            writes.push({ kind: "update", id: e.id, name, type, value, ttl });
    });
    for (const value of missing.slice(spare.length))
        writes.push({ kind: "create", name, type, value, ttl });
    return writes;
}
/** Deletes first, then rewrites, then creates: an API that refuses a CNAME beside other data never sees both. */
function orderWrites(writes) {
    const rank = { delete: 0, update: 1, create: 2 };
    return [...writes].sort((a, b) => rank[a.kind] - rank[b.kind]);
}
/** One line per call, as describe() shows it: the exact request and body. */
function describeWrite(write, paths, subDomain) {
    switch (write.kind) {
        case "create":
            return `POST ${paths.record} ${JSON.stringify({ fieldType: write.type, subDomain: subDomain(write.name), target: targetOf(write.type, write.value), ttl: write.ttl })}`;
        case "update":
            return `PUT ${paths.record}/${write.id} ${JSON.stringify({ target: targetOf(write.type, write.value), ttl: write.ttl })} (${write.name} ${write.type})`;
        case "delete":
            return `DELETE ${paths.record}/${write.id} (${write.name} ${write.type} ${write.value})`;
    }
}

;// CONCATENATED MODULE: ./src/backends/ovh-dns/router.ts












class OvhDnsRouter {
    names;
    zone;
    client;
    servers;
    lease;
    run;
    readings = new Map();
    /** Facts of this run's last write, shown with the state read after it. */
    notes = {};
    /** How long this run's refresh took to reach every server of the zone (ms); undefined until one did. */
    propagatedMs;
    constructor(names, zone, 
    /** DNS queries to the zone's first authoritative server (the published view). */
    client, servers, lease, run) {
        this.names = names;
        this.zone = zone;
        this.client = client;
        this.servers = servers;
        this.lease = lease;
        this.run = run;
    }
    keys() {
        const { name, previewName, ledgerName } = this.names;
        return [
            ...color_sets/* ROUTING_TYPES */.Fx.map((type) => ({ name, type })),
            ...color_sets/* ROUTING_TYPES */.Fx.map((type) => ({ name: previewName, type })),
            { name: ledgerName, type: "TXT" },
        ];
    }
    /** Both views of production, the preview and the ledger. */
    async look(heldByOther) {
        const keys = this.keys();
        const [published, api] = await Promise.all([this.client.read(keys), Promise.all(keys.map((k) => this.zone.readSet(k.name, k.type)))]);
        const unpublished = [
            ...new Set(keys.filter((_, i) => !(0,dns_records/* sameRecords */.P0)(published.sets[i], api[i].set)).map((k) => `${k.name} ${k.type}`)),
        ];
        const ledgerText = published.sets[6]?.records[0]?.value;
        const reading = {
            serial: published.serial,
            published: published.sets,
            api,
            unpublished,
            oldTtl: (0,router/* oldTtlOf */.lt)(ledgerText),
            heldByOther,
        };
        const revision = [
            `served: ${published.sets.map(dns_records/* describeSet */.iG).join(" | ")}`,
            `api: ${api.map((a) => `${(0,dns_records/* describeSet */.iG)(a.set)} #${a.records.map((r) => `${r.id}/${r.ttl}`).join(",")}`).join(" | ")}`,
        ].join(" || ");
        // What a person needs of a revision in a sentence: where the names point, and what waits unpublished.
        const summary = [
            ...published.sets
                .slice(0, 6)
                .filter((set) => set.records.length > 0)
                .map(dns_records/* describeSet */.iG),
            ...(unpublished.length > 0 ? [`unpublished edits of ${unpublished.join(", ")}`] : []),
        ].join("; ");
        return { reading, revision, summary };
    }
    async read() {
        const { name, previewName, ledgerName, colors } = this.names;
        // While another run holds the lock it is switching: wait for the end rather than read it half-way.
        const cell = this.lease.cell;
        const { text: lockText, heldByOther } = await this.lease.awaitFree(await cell.read(), this.run.timeoutMs);
        const { reading, revision } = await this.look(heldByOther);
        const production = reading.published.slice(0, 3);
        const preview = reading.published.slice(3, 6);
        const ledgerSet = reading.published[6];
        const targets = `dns-blue (${(0,options.describeTarget)(colors.blue)}) nor dns-green (${(0,options.describeTarget)(colors.green)})`;
        const where = (0,server_address/* formatServer */.x)(this.servers[0]);
        const live = (0,color_sets/* colorOf */.HN)(name, production, colors);
        if ("absent" in live)
            throw new errors/* InputError */.dz("dns-name", `${name} has no CNAME, A or AAAA record on ${where}; nothing was changed. Create it pointing at blue (${(0,options.describeTarget)(colors.blue)}) first, and refresh the zone.`);
        if ("elsewhere" in live)
            throw new errors/* InputError */.dz("dns-name", `${name} serves ${live.elsewhere} on ${where}, which is neither ${targets}; nothing was changed.`);
        const previewColor = (0,color_sets/* colorOf */.HN)(previewName, preview, colors);
        if ("elsewhere" in previewColor)
            throw new errors/* InputError */.dz("dns-preview-name", `${previewName} serves ${previewColor.elsewhere} on ${where}, which is neither ${targets}; nothing was changed.`);
        const warnings = [];
        if ("absent" in previewColor)
            warnings.push(`${previewName} has no record yet; prepare adds it.`);
        if (ledgerSet.records.length > 1)
            warnings.push(`${ledgerName} holds ${ledgerSet.records.length} TXT records; bluegreen reads the first.`);
        const productionUnpublished = reading.unpublished.filter((n) => n.startsWith(`${name} `));
        let traffic;
        if (reading.unpublished.length > 0) {
            const apiProduction = (0,color_sets/* colorOf */.HN)(name, reading.api.slice(0, 3).map((a) => a.set), colors);
            const apiSays = "color" in apiProduction ? apiProduction.color : "absent" in apiProduction ? "no record" : apiProduction.elsewhere;
            warnings.push(`The OVH API holds edits of ${reading.unpublished.join(", ")} that the zone's servers do not serve yet (no refresh published them): the next refresh of the zone, by anyone, publishes them.`);
            if (productionUnpublished.length > 0)
                traffic = `Production is on ${live.color} (what ${where} serves); the OVH API holds an unpublished edit of ${name} to ${apiSays}, which the next refresh of the zone, by anyone, publishes.`;
        }
        if (productionUnpublished.length > 0 && this.run.keepsProduction)
            throw new errors/* RefusedError */.fk(unpublishedProduction(productionUnpublished));
        if (heldByOther)
            warnings.push(`Another bluegreen run still holds the lock on ${this.lease.cell.subject}: it may be switching right now.`);
        const ledger = (0,src_ledger/* decodeLedger */.iN)(ledgerSet.records[0]?.value);
        this.readings.set(revision, reading);
        const ttl = (0,router/* servedTtl */.iI)(reading.published) ?? this.names.ttl;
        const state = {
            live: live.color,
            preview: "color" in previewColor ? previewColor.color : undefined,
            ledger,
            revision,
            details: {
                zone: `${this.zone.zoneName} (OVH API; served by ${this.servers.map(server_address/* formatServer */.x).join(", ")}, SOA serial ${reading.serial})`,
                production: production
                    .filter((s) => s.records.length > 0)
                    .map(dns_records/* describeSet */.iG)
                    .join("; "),
                preview: preview
                    .filter((s) => s.records.length > 0)
                    .map(dns_records/* describeSet */.iG)
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
        if (productionUnpublished.length > 0)
            state.split = true;
        if (traffic)
            state.traffic = traffic;
        const inUse = (0,router/* oldColorInUse */.Ll)(ledger, live.color, reading.oldTtl, this.names.name, this.run.now());
        if (inUse)
            state.inUseUntil = inUse;
        return state;
    }
    reading(state) {
        const reading = this.readings.get(state.revision);
        if (!reading)
            throw new Error("ovh-dns backend: the state was not read by this backend");
        return reading;
    }
    /** The sets a change writes: production (when it moves or is repaired), the preview, the ledger. */
    desired(change, state, reading) {
        const { name, previewName, ledgerName, colors, ttl } = this.names;
        const moves = change.live !== state.live || change.repair === true;
        const oldTtl = moves && change.live !== state.live ? (0,router/* servedTtl */.iI)(reading.published) : reading.oldTtl;
        const sets = [
            ...(0,color_sets/* setsFor */.nO)(previewName, colors[change.preview], ttl),
            (0,dns_records/* recordSet */.O_)(ledgerName, "TXT", ttl, [(0,router/* ledgerText */.PK)(change.ledger, oldTtl)]),
        ];
        const indexes = [3, 4, 5, 6];
        if (moves) {
            sets.unshift(...(0,color_sets/* setsFor */.nO)(name, colors[change.live], ttl));
            indexes.unshift(0, 1, 2);
        }
        return { sets, indexes };
    }
    writesFor(change, state, reading) {
        const { sets, indexes } = this.desired(change, state, reading);
        const writes = sets.flatMap((set, i) => planRecordWrites(reading.api[indexes[i]], set, this.zone.zoneName));
        return { sets, writes: orderWrites(writes) };
    }
    describe(change, state) {
        const reading = this.reading(state);
        const { writes } = this.writesFor(change, state, reading);
        const paths = this.zone.paths();
        const lines = writes.map((w) => describeWrite(w, paths, (n) => this.zone.subDomain(n)));
        const pending = reading.unpublished.length > 0 ? `, ${reading.unpublished.join(", ")} included (unpublished when read)` : "";
        // The lock, API paths and bodies are details (--verbose); the plain change closes the plan. The
        // refresh stays plain: it publishes other people's pending edits too, which a user must see.
        return [
            (0,plan_lines/* detail */._0)(`take bluegreen's lock on ${this.lease.cell.subject} (${this.lease.cell.place}), re-read the records and the servers, refuse if they changed`),
            ...(lines.length > 0 ? lines.map(plan_lines/* detail */._0) : [(0,plan_lines/* detail */._0)("no record edit: the API already holds these records")]),
            `${paths.refresh}: publishes every pending edit of the zone${pending}, other people's half-done ones too`,
            (0,plan_lines/* detail */._0)(`wait until ${this.servers.map(server_address/* formatServer */.x).join(", ")} serve a serial newer than ${reading.serial} with these records, then release the lock`),
            ...(0,plan_lines/* plainChange */.tr)(change, state, `DNS name ${this.names.name} (OVH zone ${this.zone.zoneName})`),
        ];
    }
    async apply(change, state) {
        const known = this.reading(state);
        const conflict = (now) => new errors/* ConflictError */.fK(`The zone ${this.zone.zoneName} changed since this run read it (another pipeline or a hand edit; it now serves ${now}); this run changed nothing. Run the step again.`);
        if (known.heldByOther)
            throw new errors/* ConflictError */.fK(`Another bluegreen run held the lock on ${this.lease.cell.subject} all the while this run read it, so what it read may be half a switch; this run changed nothing. Run the step again.`);
        const deadline = Date.now() + this.run.timeoutMs;
        const planned = this.writesFor(change, state, known);
        const held = await this.lease.acquire({
            deadline,
            timeoutSeconds: this.run.timeoutSeconds,
            // Each record call, the refresh, and one look at the servers, one after another at least.
            reserve: { roundTrips: planned.writes.length + 2, what: "editing the records and refreshing the zone" },
            stillValid: async () => {
                const { revision, summary } = await this.look(false);
                if (revision !== state.revision)
                    throw conflict(summary);
            },
        });
        try {
            const { reading: fresh, revision, summary } = await this.look(false);
            if (revision !== state.revision)
                throw conflict(summary);
            const { sets, writes } = this.writesFor(change, state, fresh);
            const moves = change.live !== state.live || change.repair === true;
            // A refresh publishes the whole zone: an unpublished edit of production this step does not rewrite
            // would go live with it. (Other names' pending edits cannot be seen through the API: see docs/dns.md.)
            const foreign = fresh.unpublished.filter((n) => !moves && n.startsWith(`${this.names.name} `));
            if (foreign.length > 0)
                throw new errors/* RefusedError */.fk(unpublishedProduction(foreign));
            if (writes.length === 0 && fresh.unpublished.length === 0)
                return;
            for (const write of writes)
                await held.guard(() => this.send(write));
            await held.guard(() => this.zone.refresh());
            log/* log */.Rm.info(`Edited ${writes.length} record(s) of ${this.zone.zoneName} through the OVH API and asked for a refresh of the zone (it publishes every pending edit of the zone).`);
            await this.waitServed(sets, fresh.serial, held);
            if (change.live !== state.live) {
                const oldTtl = (0,router/* servedTtl */.iI)(fresh.published) ?? this.names.ttl;
                const until = new Date(this.run.now().getTime() + oldTtl * 1000).toISOString();
                const caches = `resolvers may keep answering ${this.names.name} with ${state.live} for up to the old TTL (${oldTtl} s, until ${until}), and keep-alive clients stay on ${state.live} until their connections close: ${change.live} reaches every client as long after the switch`;
                this.notes.caches = caches;
                log/* log */.Rm.info(`Switched on every authoritative server; ${caches}.`);
            }
        }
        finally {
            await held.release().catch((error) => {
                log/* log */.Rm.warn(`Could not release the lock on ${this.lease.cell.subject} (it expires by itself): ${error instanceof Error ? error.message : String(error)}`);
            });
        }
    }
    async send(write) {
        if (write.kind === "create")
            await this.zone.create(write.name, write.type, write.value, write.ttl);
        else if (write.kind === "update")
            await this.zone.update(write.id, write.type, write.value, write.ttl);
        else
            await this.zone.remove(write.id);
    }
    /** Read back: every server answers a newer serial with exactly the new sets (the lease is held meanwhile). */
    async waitServed(sets, serialBefore, held) {
        held.check();
        try {
            const done = await (0,propagation/* waitUntilServed */.P)({
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
            log/* log */.Rm.info(`Every authoritative server serves the change: ${line}.`);
        }
        catch (error) {
            if (error instanceof ovh_lease/* LeaseStopped */.EG)
                throw error;
            if (error instanceof errors/* TimeoutError */.MU)
                throw new errors/* RouterError */.KJ(`The OVH API took the edits and the refresh, but not every server of the zone serves them yet: ${error.message} Run the step again to wait once more.`);
            throw error;
        }
    }
}
/** The one sentence of a step that would publish someone's unpublished edit of production with its own. */
function unpublishedProduction(names) {
    return `The OVH API holds an unpublished edit of ${names.join(", ")} (maybe an interrupted promote or rollback, or a hand edit); the refresh this step needs would publish it too, so nothing was changed. Run promote or rollback to finish or undo that switch, then run this step again.`;
}

;// CONCATENATED MODULE: ./src/backends/ovh-dns/backend.ts
















/**
 * backend: ovh-dns. The zone's records through the OVH API (node-ovh), under the same lease as
 * ipLoadbalancing; what clients see read from the zone's own servers (dns-verify-servers, or the
 * name servers the API lists for the zone), as backend dns reads its primary; the workload face is
 * backend dns's (addresses, health probes), resolving through those servers.
 */
async function createOvhDns(settings, run) {
    const { names } = settings;
    (0,options.warnOfLongTtl)(names.ttl);
    let requester;
    try {
        requester = await (0,ovh_client/* createOvhRequester */.u)(settings.connection);
    }
    catch (error) {
        throw new errors/* RouterError */.KJ((0,secrets/* redact */.E$)(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
    }
    const api = new ovh_api/* OvhApi */.SM(requester);
    const zone = new ZoneApi(api, names.zone);
    // First: a zone this account does not have is dns-zone's fault, said before anything else.
    const info = await zone.info();
    const servers = names.verifyServers ?? (await nameServerAddresses(info.nameServers ?? []));
    const first = servers[0];
    const client = new zone_client/* ZoneClient */.W({
        server: first,
        zone: names.zone,
        inputOf: (name) => ((0,dns_names/* sameName */.q)(name, names.previewName) ? "dns-preview-name" : "dns-name"),
    });
    const clock = new api_clock/* ApiClock */.L(api);
    const lease = new ovh_lease/* Lease */.nD(new LockRecordCell(zone, names.name, names.ttl), () => clock.nowSeconds(), api.roundTrips);
    const records = new OvhDnsRouter(names, zone, client, servers, lease, {
        timeoutMs: run.timeoutSeconds * 1000,
        timeoutSeconds: run.timeoutSeconds,
        readOnly: run.readOnly,
        keepsProduction: settings.keepsProduction,
        now: () => new Date(),
    });
    // The workload is backend dns's: it resolves the colors' names through the zone's first server.
    const dnsOptions = { ...names, server: first, secretSource: "", key: undefined };
    const colorsView = new dns_workload/* DnsWorkload */.x(dnsOptions, client, settings.healthPath);
    const { router, workload } = (0,faces/* dnsFaces */.q)("ovh-dns", records, colorsView, client, names);
    return { router, workload, close: async () => undefined };
}
/** The zone's name servers (as the API lists them) on port 53, found through this runner's resolver. */
async function nameServerAddresses(nameServers) {
    if (nameServers.length === 0)
        throw new errors/* InputError */.dz("dns-verify-servers", "is required: the OVH API lists no name server for this zone. List the servers to read and wait for.");
    log/* log */.Rm.info(`Reading the zone from its name servers (${nameServers.join(", ")}) on port 53; a name served by anycast is proven only at the instance this runner reaches.`);
    const addresses = await Promise.all(nameServers.map(async (ns) => {
        return (0,name_servers/* resolveNameServer */.R)((0,dns_names/* absoluteName */.Tu)(ns).replace(/\.$/, ""));
    }));
    return addresses.flat().map((host) => ({ host, port: 53 }));
}


/***/ })

};
