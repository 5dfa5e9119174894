export const id = 208;
export const ids = [208];
export const modules = {

/***/ 12902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fx: () => (/* binding */ ROUTING_TYPES),
/* harmony export */   HN: () => (/* binding */ colorOf),
/* harmony export */   nO: () => (/* binding */ setsFor)
/* harmony export */ });
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36411);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(47281);
/* harmony import */ var _records_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26283);



/**
 * Pure translation between a color and the record sets of a name: a CNAME, or A and AAAA sets. A name
 * is written as all three sets at once (the ones a color does not use empty), so a switch between a
 * CNAME color and an address color removes what the other left.
 */
const ROUTING_TYPES = ["CNAME", "A", "AAAA"];
/** The three sets that make `name` point at `target`. */
function setsFor(name, target, ttl) {
    return ROUTING_TYPES.map((type) => {
        const values = target.kind === "cname" ? (type === "CNAME" ? [target.host] : []) : type === "A" ? target.v4 : type === "AAAA" ? target.v6 : [];
        return (0,_records_js__WEBPACK_IMPORTED_MODULE_0__/* .recordSet */ .O_)(name, type, ttl, values);
    });
}
/** Which color the sets of `name` (as read: CNAME, A, AAAA) point at, if any. */
function colorOf(name, sets, colors) {
    const own = sets.filter((s) => (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .sameName */ .q)(s.name, name) && ROUTING_TYPES.includes(s.type));
    if (own.every((s) => s.records.length === 0))
        return { absent: true };
    for (const color of _colors_js__WEBPACK_IMPORTED_MODULE_2__/* .COLORS */ .lm) {
        const wanted = setsFor(name, colors[color], 0);
        if (wanted.every((w) => (0,_records_js__WEBPACK_IMPORTED_MODULE_0__/* .sameRecords */ .P0)(w, own.find((s) => s.type === w.type) ?? w)))
            return { color };
    }
    return {
        elsewhere: own
            .filter((s) => s.records.length > 0)
            .map(_records_js__WEBPACK_IMPORTED_MODULE_0__/* .describeSet */ .iG)
            .join("; "),
    };
}


/***/ }),

/***/ 29103:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ dnsFaces)
/* harmony export */ });
/* harmony import */ var _color_sets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12902);

/**
 * The two faces of a DNS backend, the same whoever writes the records: clients move over time
 * (resolvers keep the old answer for up to its TTL, so verify keeps trying), the zone is the state
 * (it survives any restart), and the workload is the colors' addresses and their health probes.
 */
function dnsFaces(kind, records, colors, client, options) {
    /** The preview name resolved through the zone's server (never a cache), checked to be the color's addresses. */
    const previewRequester = async (color) => {
        const sets = await Promise.all(_color_sets_js__WEBPACK_IMPORTED_MODULE_0__/* .ROUTING_TYPES */ .Fx.map((type) => client.readSet({ name: options.previewName, type })));
        const reading = (0,_color_sets_js__WEBPACK_IMPORTED_MODULE_0__/* .colorOf */ .HN)(options.previewName, sets, options.colors);
        const addresses = "color" in reading ? await colors.addresses(reading.color) : sets.flatMap((s) => s.records.map((r) => r.value));
        return colors.previewRequester(color, addresses);
    };
    const router = {
        kind,
        switchesAtOnce: false,
        read: () => records.read(),
        // The change and the sets as read are the whole plan: describe and apply build the same writes from them.
        plan: (change, state) => ({ change, state }),
        describe: (plan) => records.describe(plan.change, plan.state),
        apply: (plan) => records.apply(plan.change, plan.state),
        previewRequester,
        servedRequests: undefined,
        durable: true,
        // Read after apply: the propagation wait's length, for the propagation-ms output.
        get propagatedMs() {
            return records.propagatedMs;
        },
    };
    const workload = {
        readiness: (color) => colors.readiness(color),
        fingerprint: (color) => colors.fingerprint(color),
        targets: (color) => colors.targets(color),
        // deploy-command puts releases on the colors' hosts; DNS only points at them.
        deploy: undefined,
        scaleDown: undefined,
        runningVersion: undefined,
        servingRestore: undefined,
    };
    return { router, workload };
}


/***/ }),

/***/ 41379:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ resolveNameServer)
/* harmony export */ });
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40610);
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_dns__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);


/**
 * The addresses of a zone's name server that lives outside the zone, found like any name: through
 * this runner's resolver (the zone's own servers are not authoritative for it).
 */
async function resolveNameServer(ns) {
    const [v4, v6] = await Promise.all([node_dns__WEBPACK_IMPORTED_MODULE_0__.promises.resolve4(ns).catch(() => []), node_dns__WEBPACK_IMPORTED_MODULE_0__.promises.resolve6(ns).catch(() => [])]);
    if (v4.length + v6.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz("dns-verify-servers", `the zone's name server ${ns} has no address this runner can resolve; list the servers to wait for.`);
    return [...v4, ...v6];
}


/***/ }),

/***/ 98687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  P: () => (/* binding */ waitUntilServed)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/platform/progress.ts
var platform_progress = __webpack_require__(73444);
// EXTERNAL MODULE: ./src/backends/dns/records.ts
var records = __webpack_require__(26283);
;// CONCATENATED MODULE: ./src/backends/dns/serial.ts
/**
 * SOA serial arithmetic (RFC 1982, SERIAL_BITS = 32): serials wrap around, so "newer" means "less than
 * 2^31 ahead", and two serials exactly 2^31 apart are not comparable at all.
 */
const HALF = 2 ** 31;
const MODULUS = 2 ** 32;
/** -1 when a precedes b, 1 when a follows b, 0 when equal, undefined when RFC 1982 leaves it undefined. */
function compareSerials(a, b) {
    if (a === b)
        return 0;
    const ahead = (((a - b) % MODULUS) + MODULUS) % MODULUS; // how far a is ahead of b, modulo 2^32
    if (ahead === HALF)
        return undefined;
    return ahead < HALF ? 1 : -1;
}
/** `serial` is `floor` or newer. */
function serialAtLeast(serial, floor) {
    const order = compareSerials(serial, floor);
    return order === 0 || order === 1;
}
/** `serial` is strictly newer than `older`. */
function serialNewer(serial, older) {
    return compareSerials(serial, older) === 1;
}

// EXTERNAL MODULE: ./src/backends/dns/server-address.ts
var server_address = __webpack_require__(99635);
// EXTERNAL MODULE: ./src/backends/dns/tcp.ts
var tcp = __webpack_require__(31422);
;// CONCATENATED MODULE: ./src/backends/dns/propagation.ts






async function waitUntilServed(wait) {
    const t0 = performance.now();
    const deadline = t0 + wait.timeoutMs;
    const interval = wait.intervalMs ?? 50;
    const last = new Map();
    let served = 0;
    const progress = (0,platform_progress/* startProgress */.o)((seconds) => `DNS propagation: ${served}/${wait.servers.length} servers serve the change, ${seconds} s`);
    const servers = await Promise.all(wait.servers.map(async (server) => {
        const where = (0,server_address/* formatServer */.x)(server);
        for (;;) {
            const seen = await observe(wait, server).catch((error) => ({ serial: undefined, sets: undefined, failure: error.message }));
            if (seen.serial !== undefined &&
                seen.sets &&
                serialNewer(seen.serial, wait.serialBefore) &&
                wait.sets.every((s, i) => (0,records/* sameRecords */.P0)(s, seen.sets[i]))) {
                served++;
                return { server: where, ms: performance.now() - t0, serial: seen.serial };
            }
            last.set(where, "failure" in seen
                ? `could not be read (${seen.failure})`
                : `serves serial ${seen.serial} and ${seen.sets?.map(records/* describeSet */.iG).join("; ")}`);
            if (performance.now() + interval > deadline)
                return undefined;
            await new Promise((r) => setTimeout(r, interval));
        }
    })).finally(() => progress.stop());
    const late = wait.servers.map(server_address/* formatServer */.x).filter((where) => !servers.some((s) => s?.server === where));
    if (late.length > 0)
        throw new errors/* TimeoutError */.MU(`After ${(0,tcp/* formatSeconds */.Xo)(wait.timeoutMs)}, ${late.map((where) => `${where} ${last.get(where) ?? "was not read"}`).join("; ")} (wanted: a serial newer than ${wait.serialBefore} and ${wait.sets.map(records/* describeSet */.iG).join("; ")}).`);
    const done = servers;
    return { ms: Math.max(0, ...done.map((s) => s.ms)), servers: done };
}
async function observe(wait, server) {
    const [serial, ...sets] = await Promise.all([wait.client.serial(server), ...wait.sets.map((s) => wait.client.readSet(s, server))]);
    return { serial: serial, sets: sets };
}


/***/ }),

/***/ 83383:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DD: () => (/* binding */ DnsRouter),
  PK: () => (/* binding */ ledgerText),
  Ll: () => (/* binding */ oldColorInUse),
  lt: () => (/* binding */ oldTtlOf),
  iI: () => (/* binding */ servedTtl)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/ledger.ts
var src_ledger = __webpack_require__(58730);
// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/backends/dns/color-sets.ts
var color_sets = __webpack_require__(12902);
// EXTERNAL MODULE: ./src/backends/dns/name-servers.ts
var name_servers = __webpack_require__(41379);
// EXTERNAL MODULE: ./src/backends/dns/names.ts
var dns_names = __webpack_require__(47281);
;// CONCATENATED MODULE: ./src/backends/dns/nsupdate-script.ts
/**
 * The same plan in nsupdate's input syntax, for dry-run: people can read it, and replay it with
 * `nsupdate -v -k <keyfile>` (or `-y`); the secret is never part of it.
 */
function nsupdateScript(plan, server) {
    const lines = [`server ${server.host} ${server.port}`, `zone ${plan.zone}`];
    for (const p of plan.prerequisites) {
        switch (p.kind) {
            case "rrset-equals":
                for (const r of p.set.records)
                    lines.push(`prereq yxrrset ${p.set.name} IN ${p.set.type} ${presentation(p.set.type, r)}`);
                break;
            case "rrset-exists":
                lines.push(`prereq yxrrset ${p.name} IN ${p.type}`);
                break;
            case "rrset-absent":
                lines.push(`prereq nxrrset ${p.name} IN ${p.type}`);
                break;
            case "name-in-use":
                lines.push(`prereq yxdomain ${p.name}`);
                break;
            case "name-not-in-use":
                lines.push(`prereq nxdomain ${p.name}`);
                break;
        }
    }
    for (const u of plan.updates) {
        switch (u.kind) {
            case "add":
                for (const r of u.set.records)
                    lines.push(`update add ${u.set.name} ${u.set.ttl} IN ${u.set.type} ${presentation(u.set.type, r)}`);
                break;
            case "delete-rrset":
                lines.push(`update delete ${u.name} IN ${u.type}`);
                break;
            case "delete-record":
                lines.push(`update delete ${u.name} IN ${u.type} ${presentation(u.type, u.record)}`);
                break;
            case "delete-name":
                lines.push(`update delete ${u.name}`);
                break;
        }
    }
    lines.push("send", "");
    return lines.join("\n");
}
/** A record's value as nsupdate reads it: TXT text quoted, in strings of at most 255 bytes. */
function presentation(type, record) {
    if (type !== "TXT")
        return record.value;
    const strings = [];
    for (let i = 0; i < record.rdata.length;) {
        const length = record.rdata[i] ?? 0;
        strings.push(quoteTxt(record.rdata.subarray(i + 1, i + 1 + length)));
        i += 1 + length;
    }
    return strings.join(" ");
}
/** A character-string in master-file syntax: quotes and backslashes escaped, other non-printables as \DDD. */
function quoteTxt(bytes) {
    let out = '"';
    for (const byte of bytes) {
        if (byte === 0x22 || byte === 0x5c)
            out += `\\${String.fromCharCode(byte)}`;
        else if (byte < 0x20 || byte > 0x7e)
            out += `\\${byte.toString().padStart(3, "0")}`;
        else
            out += String.fromCharCode(byte);
    }
    return `${out}"`;
}

// EXTERNAL MODULE: ./src/backends/dns/options.ts + 1 modules
var options = __webpack_require__(20854);
// EXTERNAL MODULE: ./src/backends/dns/propagation.ts + 1 modules
var propagation = __webpack_require__(98687);
// EXTERNAL MODULE: ./src/backends/dns/records.ts
var records = __webpack_require__(26283);
// EXTERNAL MODULE: ./src/backends/dns/server-address.ts
var server_address = __webpack_require__(99635);
// EXTERNAL MODULE: ./src/backends/dns/zone-client.ts + 7 modules
var zone_client = __webpack_require__(12681);
;// CONCATENATED MODULE: ./src/backends/dns/router.ts













/**
 * The ledger TXT carries one fact of DNS's own after the common ledger: the TTL the records had before the
 * last switch (how long resolvers may keep the old answer), e.g. "...&dnsOldTtl=60".
 */
const OLD_TTL_KEY = "dnsOldTtl";
function oldTtlOf(text) {
    const value = Number(new URLSearchParams(text ?? "").get(OLD_TTL_KEY) ?? Number.NaN);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
}
function ledgerText(ledger, oldTtl) {
    const text = (0,src_ledger/* encodeLedger */.KX)(ledger);
    if (oldTtl === undefined)
        return text || "none";
    return text ? `${text}&${OLD_TTL_KEY}=${oldTtl}` : `${OLD_TTL_KEY}=${oldTtl}`;
}
class DnsRouter {
    options;
    run;
    client;
    /** The sets each revision was read as: apply's prerequisites and describe's plan come from them. */
    readings = new Map();
    servers;
    settled;
    /** Facts of this run's last write, shown with the state read after it. */
    notes = {};
    /** How long this run's UPDATE took to reach every authoritative server (ms); undefined until one did. */
    propagatedMs;
    constructor(options, run) {
        this.options = options;
        this.run = run;
        this.client = new zone_client/* ZoneClient */.W({
            server: options.server,
            zone: options.zone,
            key: options.key,
            secretSource: options.secretSource,
            inputOf: (name) => ((0,dns_names/* sameName */.q)(name, options.previewName) ? "dns-preview-name" : "dns-name"),
        });
    }
    keys() {
        const { name, previewName, ledgerName } = this.options;
        return [
            ...color_sets/* ROUTING_TYPES */.Fx.map((type) => ({ name, type })),
            ...color_sets/* ROUTING_TYPES */.Fx.map((type) => ({ name: previewName, type })),
            { name: ledgerName, type: "TXT" },
        ];
    }
    async read() {
        const { name, previewName, ledgerName, colors } = this.options;
        const reading = await this.client.read(this.keys());
        const production = reading.sets.slice(0, 3);
        const preview = reading.sets.slice(3, 6);
        const ledgerSet = reading.sets[6];
        const targets = `dns-blue (${(0,options.describeTarget)(colors.blue)}) nor dns-green (${(0,options.describeTarget)(colors.green)})`;
        const live = (0,color_sets/* colorOf */.HN)(name, production, colors);
        if ("absent" in live)
            throw new errors/* InputError */.dz("dns-name", `${name} has no CNAME, A or AAAA record on ${(0,server_address/* formatServer */.x)(this.options.server)}; nothing was changed. Create it pointing at blue (${(0,options.describeTarget)(colors.blue)}) first.`);
        if ("elsewhere" in live)
            throw new errors/* InputError */.dz("dns-name", `${name} serves ${live.elsewhere}, which is neither ${targets}; nothing was changed.`);
        const previewColor = (0,color_sets/* colorOf */.HN)(previewName, preview, colors);
        if ("elsewhere" in previewColor)
            throw new errors/* InputError */.dz("dns-preview-name", `${previewName} serves ${previewColor.elsewhere}, which is neither ${targets}; nothing was changed.`);
        const warnings = [];
        if ("absent" in previewColor)
            warnings.push(`${previewName} has no record yet; prepare adds it.`);
        if (ledgerSet.records.length > 1)
            warnings.push(`${ledgerName} holds ${ledgerSet.records.length} TXT records; bluegreen reads the first.`);
        const ledgerText = ledgerSet.records[0]?.value;
        const ledger = (0,src_ledger/* decodeLedger */.iN)(ledgerText);
        const oldTtl = oldTtlOf(ledgerText);
        const revision = reading.sets.map(records/* describeSet */.iG).join(" | ");
        this.readings.set(revision, { ...reading, oldTtl });
        const ttl = servedTtl(reading.sets) ?? this.options.ttl;
        const state = {
            live: live.color,
            preview: "color" in previewColor ? previewColor.color : undefined,
            ledger,
            revision,
            details: {
                zone: `${this.options.zone} (primary ${(0,server_address/* formatServer */.x)(this.options.server)}, SOA serial ${reading.serial})`,
                production: production
                    .filter((s) => s.records.length > 0)
                    .map(records/* describeSet */.iG)
                    .join("; "),
                preview: preview
                    .filter((s) => s.records.length > 0)
                    .map(records/* describeSet */.iG)
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
        if (inUse)
            state.inUseUntil = inUse;
        return state;
    }
    /** The sets a change writes: production (only when it moves or is repaired), the preview, the ledger. */
    desired(change, state) {
        const { name, previewName, ledgerName, colors, ttl } = this.options;
        const reading = this.reading(state);
        const moves = change.live !== state.live || change.repair === true;
        // A switch records the TTL the old records had; other writes keep what the last switch recorded.
        const oldTtl = moves ? servedTtl(reading.sets) : reading.oldTtl;
        const sets = [
            ...(0,color_sets/* setsFor */.nO)(previewName, colors[change.preview], ttl),
            // A TXT record needs text: an empty ledger is written as "none" (decoded back as empty).
            (0,records/* recordSet */.O_)(ledgerName, "TXT", ttl, [ledgerText(change.ledger, oldTtl)]),
        ];
        if (moves)
            sets.unshift(...(0,color_sets/* setsFor */.nO)(name, colors[change.live], ttl));
        return sets;
    }
    reading(state) {
        const reading = this.readings.get(state.revision);
        // Every state handed to describe/apply came from read(); a miss is a bug, not a user's mistake.
        if (!reading)
            throw new Error("dns backend: the state was not read by this backend");
        return reading;
    }
    describe(change, state) {
        const reading = this.reading(state);
        const plan = (0,zone_client/* planReplace */._)(this.options.zone, reading.sets, this.desired(change, state));
        const script = nsupdateScript(plan, this.options.server).trim().split("\n");
        return [
            (0,plan_lines/* detail */._0)(`one TSIG-signed UPDATE (nsupdate syntax, replayable with nsupdate -k <keyfile>): ${script.join(" / ")}`),
            (0,plan_lines/* detail */._0)(`then wait until ${this.options.verifyServers ? "dns-verify-servers" : "the primary and every server of the zone's NS set"} serve a serial newer than ${reading.serial} with these records`),
            ...(0,plan_lines/* plainChange */.tr)(change, state, `DNS name ${this.options.name}`),
        ];
    }
    async apply(change, state) {
        if (!this.options.key)
            throw new errors/* InputError */.dz("dns-tsig-key-name", `and a secret (DNS_TSIG_SECRET or dns-tsig-secret) are required to change the zone; nothing was changed.`);
        const reading = this.reading(state);
        const desired = this.desired(change, state);
        const servers = await this.authoritativeServers();
        const plan = (0,zone_client/* planReplace */._)(this.options.zone, reading.sets, desired);
        if (plan.updates.length === 0)
            return;
        const result = await this.client.replace(reading.sets, desired);
        log/* log */.Rm.info(`The primary applied the update in ${Math.round(result.updateMs)} ms and serves it (read back).`);
        let propagated;
        try {
            propagated = await (0,propagation/* waitUntilServed */.P)({
                client: this.client,
                servers,
                sets: desired,
                serialBefore: reading.serial,
                timeoutMs: this.run.timeoutMs,
            });
        }
        catch (error) {
            if (error instanceof errors/* TimeoutError */.MU)
                throw new errors/* RouterError */.KJ(`The primary serves the change, but not every authoritative server does: ${error.message} Run the step again to wait once more.`);
            throw error;
        }
        const line = `${Math.round(propagated.ms)} ms after the update, ${propagated.servers.map((s) => `${s.server} (serial ${s.serial}, ${Math.round(s.ms)} ms)`).join(", ")} served it`;
        this.notes.propagation = line;
        this.propagatedMs = Math.round(propagated.ms);
        log/* log */.Rm.info(`Every authoritative server serves the change: ${line}.`);
        if (change.live !== state.live) {
            const oldTtl = servedTtl(reading.sets) ?? this.options.ttl;
            const until = new Date(this.run.now().getTime() + oldTtl * 1000).toISOString();
            const caches = `resolvers may keep answering ${this.options.name} with ${state.live} for up to the old TTL (${oldTtl} s, until ${until}), and keep-alive clients stay on ${state.live} until their connections close: ${change.live} reaches every client as long after the switch`;
            this.notes.caches = caches;
            log/* log */.Rm.info(`Switched on every authoritative server; ${caches}.`);
        }
    }
    /** The primary, then dns-verify-servers or the zone's NS set (port 53), without duplicates. */
    authoritativeServers() {
        this.servers ??= this.findServers();
        return this.servers;
    }
    async findServers() {
        const found = [this.options.server, ...(this.options.verifyServers ?? (await this.nameServerAddresses()))];
        return found.filter((server, i) => found.findIndex((s) => (0,server_address/* formatServer */.x)(s) === (0,server_address/* formatServer */.x)(server)) === i);
    }
    async nameServerAddresses() {
        const names = await this.client.nameServers();
        log/* log */.Rm.info(`Waiting for the zone's NS set (${names.join(", ")}) on port 53; a name served by anycast is proven only at the instance this runner reaches.`);
        const addresses = await Promise.all(names.map(async (ns) => {
            if ((0,dns_names/* isInZone */.eI)(ns, this.options.zone)) {
                const [a, aaaa] = await Promise.all([
                    this.client.readSet({ name: ns, type: "A" }),
                    this.client.readSet({ name: ns, type: "AAAA" }),
                ]);
                return [...a.records, ...aaaa.records].map((r) => r.value);
            }
            return (0,name_servers/* resolveNameServer */.R)(ns);
        }));
        return addresses.flat().map((host) => ({ host, port: 53 }));
    }
    /**
     * Once per run, before a change: every authoritative server serves at least the primary's serial. A
     * run killed after its UPDATE left the propagation wait undone; this is where its re-run does it.
     */
    settledNote() {
        if (this.run.readOnly)
            return Promise.resolve({});
        this.settled ??= this.settle();
        return this.settled.then((note) => ({ servers: note }));
    }
    async settle() {
        await this.checkKey();
        const [servers, serial] = await Promise.all([this.authoritativeServers(), this.client.serial()]);
        try {
            const done = await (0,propagation/* waitUntilServed */.P)({
                client: this.client,
                servers,
                sets: [],
                serialBefore: (serial - 1) >>> 0,
                timeoutMs: this.run.timeoutMs,
            });
            return `${servers.length} authoritative servers serve serial ${serial} or newer (checked in ${Math.round(done.ms)} ms)`;
        }
        catch (error) {
            if (error instanceof errors/* TimeoutError */.MU)
                throw new errors/* RouterError */.KJ(`Not every authoritative server serves the primary's serial ${serial} yet (list the reachable ones in dns-verify-servers if this runner cannot reach the NS set on port 53): ${error.message} Nothing was changed.`);
            throw error;
        }
    }
    /**
     * Proves the TSIG key before anything is changed (deploy-command included): a signed UPDATE whose only
     * prerequisite always holds (the apex is in use) and that changes nothing, so BADSIG, BADKEY, BADTIME,
     * NOTAUTH and NOTZONE come back with their one sentence now rather than after a deploy. (The update
     * policy, REFUSED, is checked by the server after the prerequisites, so only a real write shows it.)
     */
    async checkKey() {
        if (!this.options.key)
            return;
        await this.client.sendPlan({ zone: this.options.zone, prerequisites: [{ kind: "name-in-use", name: this.options.zone }], updates: [] }, [], []);
    }
}
/** The TTL production's records are served with (the first three sets read), if it has any. */
function servedTtl(sets) {
    return sets.slice(0, 3).find((s) => s.records.length > 0)?.ttl;
}
/**
 * After a switch, resolvers may answer with the old color for up to the TTL it had: that color is
 * still in use until then (the switch time is the ledger's `at`). Undefined once that time has passed.
 */
function oldColorInUse(ledger, live, oldTtl, name, now) {
    if (oldTtl === undefined || !ledger.at || !ledger.previous || ledger.live !== live || ledger.previous === live)
        return undefined;
    const until = Date.parse(ledger.at) + oldTtl * 1000;
    if (!Number.isFinite(until) || until <= now.getTime())
        return undefined;
    return {
        color: ledger.previous,
        until: new Date(until).toISOString(),
        why: `resolvers may keep answering ${name} with ${ledger.previous} for up to the old TTL (${oldTtl} s) after the switch at ${ledger.at}`,
    };
}


/***/ }),

/***/ 31422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bg: () => (/* binding */ ExchangeFailed),
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   cv: () => (/* binding */ exchange)
/* harmony export */ });
/* unused harmony export DEFAULT_TIMEOUT_MS */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _server_address_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99635);


/**
 * One DNS exchange over TCP (RFC 1035 4.2.2, RFC 7766): the message with a two-byte length in front,
 * one answer back the same way. TCP, never UDP: an UPDATE and its signed answer must not be truncated,
 * and a connection tells "refused" apart from "lost".
 */
/** How the exchange failed; `sent` says whether the whole request left this process (an UPDATE may then have been applied). */
class ExchangeFailed extends Error {
    reason;
    sent;
    constructor(reason, sent, message) {
        super(message);
        this.reason = reason;
        this.sent = sent;
    }
}
const DEFAULT_TIMEOUT_MS = 5_000;
function exchange(server, message, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const where = (0,_server_address_js__WEBPACK_IMPORTED_MODULE_1__/* .formatServer */ .x)(server);
    return new Promise((resolve, reject) => {
        let sent = false;
        let received = Buffer.alloc(0);
        let settled = false;
        const socket = node_net__WEBPACK_IMPORTED_MODULE_0___default().createConnection({ host: server.host, port: server.port });
        const finish = (error, answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            if (error)
                reject(error);
            else
                resolve(answer);
        };
        const timer = setTimeout(() => finish(new ExchangeFailed("timeout", sent, `${where} did not answer within ${formatSeconds(timeoutMs)}`)), timeoutMs);
        socket.setNoDelay(true);
        socket.on("connect", () => {
            const length = Buffer.alloc(2);
            length.writeUInt16BE(message.length, 0);
            socket.write(Buffer.concat([length, message]), () => {
                sent = true;
            });
        });
        socket.on("data", (chunk) => {
            received = Buffer.concat([received, chunk]);
            if (received.length < 2)
                return;
            const length = received.readUInt16BE(0);
            if (received.length >= 2 + length)
                finish(undefined, Buffer.from(received.subarray(2, 2 + length)));
        });
        socket.on("end", () => finish(new ExchangeFailed("closed", sent, `${where} closed the connection without a complete answer`)));
        socket.on("error", (error) => {
            if (error.code === "ECONNREFUSED")
                finish(new ExchangeFailed("refused", false, `${where} refused the connection (nothing listens there)`));
            else
                finish(new ExchangeFailed("network", sent, `the connection to ${where} failed (${error.code ?? error.message})`));
        });
    });
}
function formatSeconds(ms) {
    return `${Math.round(ms / 100) / 10} s`;
}


/***/ }),

/***/ 26200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ DnsWorkload)
/* harmony export */ });
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40610);
/* harmony import */ var node_dns__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_dns__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(46752);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _smoke_http_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(77933);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(40910);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(47281);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(20854);










/**
 * The workload face of the dns backend. DNS knows nothing of the servers behind a name, so a color's
 * readiness is its own addresses answering health-path, several times in a row, on the scheme and port
 * the user names; test mode sends its requests to the addresses the preview name resolves to.
 */
/** Longest chain of CNAMEs followed inside the zone. */
const MAX_CNAME_HOPS = 8;
class DnsWorkload {
    options;
    client;
    healthPath;
    constructor(options, client, healthPath) {
        this.options = options;
        this.client = client;
        this.healthPath = healthPath;
    }
    /**
     * The color's addresses: its own list, or its host name resolved through the zone's primary when it is
     * in the zone (never a cache), else through this runner's ordinary resolver.
     */
    async addresses(color) {
        return this.resolveTarget(this.options.colors[color]);
    }
    async resolveTarget(target) {
        if (target.kind === "addresses")
            return [...target.v4, ...target.v6];
        let host = target.host;
        for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            if (!(0,_names_js__WEBPACK_IMPORTED_MODULE_9__/* .isInZone */ .eI)(host, this.options.zone)) {
                const [v4, v6] = await Promise.all([node_dns__WEBPACK_IMPORTED_MODULE_0__.promises.resolve4(host).catch(() => []), node_dns__WEBPACK_IMPORTED_MODULE_0__.promises.resolve6(host).catch(() => [])]);
                return [...v4, ...v6];
            }
            const [a, aaaa, cname] = await Promise.all(["A", "AAAA", "CNAME"].map((type) => this.client.readSet({ name: host, type })));
            const values = [...a.records, ...aaaa.records].map((r) => r.value);
            if (values.length > 0)
                return values;
            const next = cname.records[0]?.value;
            if (!next)
                return [];
            host = next;
        }
        return [];
    }
    /** "127.0.0.3:8080", "[::1]:443": where deploy-command and the checks reach the color. */
    endpoint(address) {
        return `${(0,node_net__WEBPACK_IMPORTED_MODULE_3__.isIP)(address) === 6 ? `[${address}]` : address}:${this.options.health.port}`;
    }
    async targets(color) {
        const addresses = await this.addresses(color);
        if (addresses.length === 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RefusedError */ .fk(`${color} (${(0,_options_js__WEBPACK_IMPORTED_MODULE_8__.describeTarget)(this.options.colors[color])}) resolves to no address: deploy-command would have nowhere to deploy.`);
        return addresses.map((a) => this.endpoint(a));
    }
    async fingerprint(color) {
        return `${(0,_options_js__WEBPACK_IMPORTED_MODULE_8__.describeTarget)(this.options.colors[color])}=[${(await this.addresses(color)).sort().join(",")}]`;
    }
    /** Every address answers health-path with 2xx, healthPasses times in a row. */
    async readiness(color) {
        const addresses = await this.addresses(color);
        const { scheme } = this.options.health;
        if (addresses.length === 0)
            return { ready: false, summary: `${color} (${(0,_options_js__WEBPACK_IMPORTED_MODULE_8__.describeTarget)(this.options.colors[color])}) resolves to no address` };
        const passes = this.options.healthPasses;
        for (let pass = 1; pass <= passes; pass++) {
            const results = await Promise.all(addresses.map((a) => this.probe(a, this.options.name)));
            const bad = results.map((r, i) => (r === undefined ? undefined : `${this.endpoint(addresses[i])} ${r}`)).filter(Boolean);
            if (bad.length > 0)
                return {
                    ready: false,
                    summary: `${addresses.length - bad.length}/${addresses.length} addresses of ${color} answer ${scheme} ${this.healthPath} (${bad.join(", ")})`,
                };
            if (pass < passes)
                await (0,_wait_js__WEBPACK_IMPORTED_MODULE_7__/* .sleep */ .y)(200);
        }
        return {
            ready: true,
            summary: `${addresses.length}/${addresses.length} addresses of ${color} (${addresses.map((a) => this.endpoint(a)).join(", ")}) answered ${scheme} ${this.healthPath} ${passes} times in a row`,
        };
    }
    /** undefined when the address answered health-path with 2xx; else why not. */
    async probe(address, hostName) {
        const { scheme, port } = this.options.health;
        const host = hostName.replace(/\.$/, "");
        try {
            const answer = await (0,_smoke_http_js__WEBPACK_IMPORTED_MODULE_6__/* .getOnce */ .I)(scheme === "https" ? (node_https__WEBPACK_IMPORTED_MODULE_2___default().request) : (node_http__WEBPACK_IMPORTED_MODULE_1___default().request), `${scheme}://${this.endpoint(address)}${this.healthPath}`, {
                headers: { host: port === (scheme === "https" ? 443 : 80) ? host : `${host}:${port}`, "user-agent": "bluegreen" },
                agent: false,
                // The TLS server name is the DNS name, not the address connected to (https.request reads it).
                ...{ servername: host },
            }, 5_000);
            return answer.status >= 200 && answer.status < 300 ? undefined : `answered ${answer.status}`;
        }
        catch (error) {
            return `failed (${error.message})`;
        }
    }
    /**
     * Requests to the addresses `previewAddresses` (the preview name as the primary serves it), with the
     * preview name as Host and TLS server name; refused when they are not all the color's own addresses.
     */
    async previewRequester(color, previewAddresses) {
        const own = await this.addresses(color);
        const { previewName } = this.options;
        const foreign = previewAddresses.filter((a) => !own.includes(a));
        if (previewAddresses.length === 0 || foreign.length > 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RefusedError */ .fk(`${previewName} resolves on the primary to ${previewAddresses.join(", ") || "no address"}, which are not all ${color}'s addresses (${own.join(", ")}): a test through it would not prove that ${color} answered.`);
        const { scheme, port } = this.options.health;
        const host = previewName.replace(/\.$/, "");
        const hostHeader = port === (scheme === "https" ? 443 : 80) ? host : `${host}:${port}`;
        const pools = previewAddresses.map((a) => new undici__WEBPACK_IMPORTED_MODULE_4__.Pool(`${scheme}://${this.endpoint(a)}`, { connections: 16, connect: scheme === "https" ? { servername: host } : undefined }));
        let next = 0;
        return {
            describe: `${scheme}://${hostHeader} (${previewName} resolved through the primary to ${previewAddresses.map((a) => this.endpoint(a)).join(", ")}, all ${color}'s)`,
            async get(path, timeoutMs) {
                const pool = pools[next++ % pools.length];
                const { statusCode, body } = await pool.request({
                    path: `/${path.replace(/^\/+/, "")}`,
                    method: "GET",
                    headers: { host: hostHeader, "user-agent": "bluegreen" },
                    headersTimeout: timeoutMs,
                    bodyTimeout: timeoutMs,
                });
                return { status: statusCode, body: await body.text() };
            },
            close() {
                for (const pool of pools)
                    void pool.destroy();
            },
        };
    }
}


/***/ }),

/***/ 12681:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  W: () => (/* binding */ ZoneClient),
  _: () => (/* binding */ planReplace)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/backends/dns/errors.ts

/**
 * The typed errors of the DNS layer, one sentence each, each naming what to blame. They extend the
 * project's errors (src/errors.ts) so that main.ts reports them like any other backend's.
 */
/** The server rejected the TSIG key: BADSIG blames the secret, BADKEY the key's name or algorithm. */
class TsigRejectedError extends errors/* InputError */.dz {
    tsigError;
    constructor(input, message, 
    /** "BADSIG" or "BADKEY". */
    tsigError) {
        super(input, message);
        this.tsigError = tsigError;
    }
}
/** BADTIME: the clocks of this runner and the server are further apart than the TSIG fudge. */
class ClockSkewError extends errors/* RouterError */.KJ {
    skewSeconds;
    constructor(message, 
    /** The server's clock minus this runner's, in seconds, when the server told its time. */
    skewSeconds) {
        super(message, 9);
        this.skewSeconds = skewSeconds;
    }
}
/** A prerequisite failed (NXRRSET, YXRRSET, NXDOMAIN, YXDOMAIN): someone changed the sets since they were read. */
class ZoneChangedError extends errors/* ConflictError */.fK {
}
/** REFUSED: the server's update policy does not let this key change these names or types. */
class UpdateRefusedError extends errors/* RouterError */.KJ {
}
/** The update's outcome cannot be known from its answer (timeout, lost connection, SERVFAIL, an answer that failed TSIG); the message says what the primary serves now. */
class UpdateOutcomeUnknownError extends errors/* RouterError */.KJ {
    applied;
    constructor(message, 
    /** true: the primary serves the new sets; false: it serves the old ones; undefined: neither, or it could not be read. */
    applied, status) {
        super(message, status);
        this.applied = applied;
    }
}

// EXTERNAL MODULE: ./src/backends/dns/names.ts
var names = __webpack_require__(47281);
// EXTERNAL MODULE: ./node_modules/dns-packet/index.js
var dns_packet = __webpack_require__(14894);
;// CONCATENATED MODULE: ./src/backends/dns/message-walk.ts
/**
 * Just enough of a DNS message reader to find where each record starts: TSIG signs the message
 * "as it was before the TSIG record was added", so verifying means cutting the last additional
 * record off at its exact offset. dns-packet decodes records but does not tell where they are.
 */
class MalformedMessage extends Error {
}
/** Offset just past the (possibly compressed) name that starts at `offset`. */
function skipName(message, offset) {
    let at = offset;
    for (;;) {
        const length = message[at];
        if (length === undefined)
            throw new MalformedMessage("a name runs past the end of the message");
        if ((length & 0xc0) === 0xc0)
            return at + 2; // a compression pointer ends the name
        if (length === 0)
            return at + 1;
        at += 1 + length;
    }
}
/** The name at `offset`, compression pointers followed (at most 64 of them, against loops). */
function readName(message, offset) {
    const labels = [];
    let at = offset;
    for (let jumps = 0; jumps < 64;) {
        const length = message[at];
        if (length === undefined)
            throw new MalformedMessage("a name runs past the end of the message");
        if ((length & 0xc0) === 0xc0) {
            at = ((length & 0x3f) << 8) | (message[at + 1] ?? 0);
            jumps++;
            continue;
        }
        if (length === 0)
            return `${labels.join(".")}.`;
        if (at + 1 + length > message.length)
            throw new MalformedMessage("a label runs past the end of the message");
        labels.push(message.toString("latin1", at + 1, at + 1 + length));
        at += 1 + length;
    }
    throw new MalformedMessage("a name has a compression loop");
}
function layout(message) {
    if (message.length < 12)
        throw new MalformedMessage(`the message is ${message.length} bytes long, shorter than a header`);
    const counts = [message.readUInt16BE(4), message.readUInt16BE(6), message.readUInt16BE(8), message.readUInt16BE(10)];
    let at = 12;
    for (let i = 0; i < counts[0]; i++)
        at = skipName(message, at) + 4;
    const records = [];
    const total = counts[1] + counts[2] + counts[3];
    for (let i = 0; i < total; i++) {
        const start = at;
        at = skipName(message, at);
        if (at + 10 > message.length)
            throw new MalformedMessage("a record runs past the end of the message");
        const rdlength = message.readUInt16BE(at + 8);
        const position = {
            start,
            type: message.readUInt16BE(at),
            klass: message.readUInt16BE(at + 2),
            rdata: at + 10,
            rdlength,
            end: at + 10 + rdlength,
        };
        if (position.end > message.length)
            throw new MalformedMessage("a record's data runs past the end of the message");
        records.push(position);
        at = position.end;
    }
    const flags = message.readUInt16BE(2);
    return { id: message.readUInt16BE(0), flags, rcode: flags & 0xf, counts, records };
}

// EXTERNAL MODULE: ./src/backends/dns/records.ts
var dns_records = __webpack_require__(26283);
// EXTERNAL MODULE: ./src/backends/dns/tcp.ts
var tcp = __webpack_require__(31422);
;// CONCATENATED MODULE: ./src/backends/dns/tsig.ts




/** TSIG error codes (RFC 8945 3, 5.2; the IANA "TSIG/TKEY RR Error Values"). */
const TSIG_ERROR = { BADSIG: 16, BADKEY: 17, BADTIME: 18, BADTRUNC: 22 };
/** Fudge: how far apart signer's and verifier's clocks may be, in seconds (RFC 8945 recommends 300). */
const FUDGE = 300;
const HASH = {
    "hmac-sha256": { hash: "sha256", length: 32 },
    "hmac-sha512": { hash: "sha512", length: 64 },
};
/** Signs `message` (ARCOUNT not counting the TSIG record yet): returns it with the TSIG record appended. */
function sign(message, key, timeSigned = nowSeconds(), fudge = FUDGE) {
    const id = message.readUInt16BE(0);
    const fields = {
        keyName: key.name,
        algorithm: `${key.algorithm}.`,
        timeSigned,
        fudge,
        originalId: id,
        error: 0,
        otherData: Buffer.alloc(0),
    };
    const mac = hmac(key, [message, variables(fields)]);
    const signed = Buffer.concat([message, tsigRecord({ ...fields, mac })]);
    signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
    return { message: signed, mac, timeSigned };
}
/** Cuts the TSIG record off a message; undefined when its last record is not a TSIG record. */
function splitTsig(message) {
    const { records, counts } = layout(message);
    const last = records.at(-1);
    if (!last || counts[3] === 0 || last.type !== dns_records/* TYPE */.ZE.TSIG)
        return undefined;
    const tsig = parseTsig(message, last.start, last.rdata, last.end);
    const unsigned = Buffer.from(message.subarray(0, last.start));
    unsigned.writeUInt16BE(counts[3] - 1, 10);
    unsigned.writeUInt16BE(tsig.originalId, 0);
    return { unsigned, tsig };
}
/**
 * Verifies an answer to a request signed with `key` whose MAC was `requestMac` (RFC 8945 5.3: the
 * answer's MAC covers the request's MAC, then the answer, then the TSIG variables). `now` in seconds.
 */
function verifyAnswer(answer, key, requestMac, now = nowSeconds()) {
    let split;
    try {
        split = splitTsig(answer);
    }
    catch (error) {
        return { kind: "rejected", reason: `its TSIG record cannot be read (${error.message})` };
    }
    if (!split)
        return { kind: "rejected", reason: "it carries no TSIG record, though the request was signed" };
    const { unsigned, tsig } = split;
    if (tsig.mac.length === 0 && (tsig.error === TSIG_ERROR.BADSIG || tsig.error === TSIG_ERROR.BADKEY))
        return { kind: "unsigned-error", tsig };
    if (!(0,names/* sameName */.q)(tsig.keyName, key.name) || !(0,names/* sameName */.q)(tsig.algorithm, `${key.algorithm}.`))
        return {
            kind: "rejected",
            reason: `it is signed with key ${tsig.keyName} (${tsig.algorithm}), not ${(0,names/* absoluteName */.Tu)(key.name)} (${key.algorithm})`,
            tsig,
        };
    const expected = hmac(key, [u16(requestMac.length), requestMac, unsigned, variables(tsig)]);
    if (!macMatches(tsig.mac, expected))
        return { kind: "rejected", reason: "its TSIG MAC does not match (the answer was altered, or not signed with this key)", tsig };
    // A BADTIME answer is signed with the server's clock by definition far from ours: its time is the point.
    if (tsig.error !== TSIG_ERROR.BADTIME && Math.abs(now - tsig.timeSigned) > tsig.fudge)
        return {
            kind: "rejected",
            reason: `it was signed at ${tsig.timeSigned}, ${Math.abs(now - tsig.timeSigned)} s from this runner's clock (fudge ${tsig.fudge} s)`,
            tsig,
        };
    return { kind: "verified", tsig };
}
/** Verifies a signed request as a server would (RFC 8945 5.2); true when its MAC is right. Used by tests. */
function verifyRequest(request, key) {
    const split = splitTsig(request);
    if (!split || !sameName(split.tsig.keyName, key.name))
        return false;
    return macMatches(split.tsig.mac, hmac(key, [split.unsigned, variables(split.tsig)]));
}
/** The server's clock from a BADTIME answer's other data (6 bytes, RFC 8945 5.2.3), in seconds. */
function serverTime(tsig) {
    return tsig.otherData.length === 6 ? readU48(tsig.otherData, 0) : undefined;
}
/** A full-length MAC, or one truncated to no less than half and 10 bytes (RFC 8945 5.2.2.1). */
function macMatches(given, expected) {
    if (given.length > expected.length || given.length < Math.max(10, expected.length / 2))
        return false;
    return (0,external_node_crypto_.timingSafeEqual)(given, expected.subarray(0, given.length));
}
function hmac(key, parts) {
    const mac = (0,external_node_crypto_.createHmac)(HASH[key.algorithm].hash, key.secret);
    for (const part of parts)
        mac.update(part);
    return mac.digest();
}
/** The TSIG variables (RFC 8945 4.3.3): names in canonical form, class ANY, TTL 0. */
function variables(t) {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt16BE(dns_records/* CLASS */.tp.ANY, 0);
    fixed.writeUInt32BE(0, 2);
    return Buffer.concat([
        (0,names/* encodeName */.aA)(t.keyName, true),
        fixed,
        (0,names/* encodeName */.aA)(t.algorithm, true),
        u48(t.timeSigned),
        u16(t.fudge),
        u16(t.error),
        u16(t.otherData.length),
        t.otherData,
    ]);
}
function tsigRecord(t) {
    const rdata = Buffer.concat([
        (0,names/* encodeName */.aA)(t.algorithm, true),
        u48(t.timeSigned),
        u16(t.fudge),
        u16(t.mac.length),
        t.mac,
        u16(t.originalId),
        u16(t.error),
        u16(t.otherData.length),
        t.otherData,
    ]);
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(dns_records/* TYPE */.ZE.TSIG, 0);
    fixed.writeUInt16BE(dns_records/* CLASS */.tp.ANY, 2);
    fixed.writeUInt32BE(0, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    return Buffer.concat([(0,names/* encodeName */.aA)(t.keyName, true), fixed, rdata]);
}
function parseTsig(message, start, rdata, end) {
    const keyName = readName(message, start);
    const algorithm = readName(message, rdata);
    let at = skipName(message, rdata);
    const need = (n) => {
        if (at + n > end)
            throw new MalformedMessage("the TSIG record is shorter than its fields");
    };
    need(10);
    const timeSigned = readU48(message, at);
    const fudge = message.readUInt16BE(at + 6);
    const macSize = message.readUInt16BE(at + 8);
    at += 10;
    need(macSize + 6);
    const mac = Buffer.from(message.subarray(at, at + macSize));
    at += macSize;
    const originalId = message.readUInt16BE(at);
    const error = message.readUInt16BE(at + 2);
    const otherLength = message.readUInt16BE(at + 4);
    at += 6;
    need(otherLength);
    const otherData = Buffer.from(message.subarray(at, at + otherLength));
    return { keyName, algorithm, timeSigned, fudge, mac, originalId, error, otherData };
}
function u16(value) {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value, 0);
    return b;
}
function u48(value) {
    const b = Buffer.alloc(6);
    b.writeUIntBE(value, 0, 6);
    return b;
}
function readU48(buffer, offset) {
    return buffer.readUIntBE(offset, 6);
}
function nowSeconds() {
    return Math.floor(Date.now() / 1000);
}

;// CONCATENATED MODULE: ./src/backends/dns/query.ts







class UnexpectedAnswer extends Error {
}
/** Sends `message` (its id already set), signed with `key` when given, and checks that the answer is its answer. */
async function send(server, message, options = {}) {
    const clock = options.clock ?? nowSeconds;
    const signed = options.key ? sign(message, options.key, clock()) : undefined;
    const answer = await (0,tcp/* exchange */.cv)(server, signed ? signed.message : message, options.timeoutMs);
    const parsed = layout(answer);
    const id = message.readUInt16BE(0);
    if (parsed.id !== id || (parsed.flags & 0x8000) === 0)
        throw new UnexpectedAnswer(`the answer is not a response to message ${id}`);
    if (!options.key || !signed)
        return { answer, layout: parsed };
    return { answer, layout: parsed, signature: verifyAnswer(answer, options.key, signed.mac, clock()), timeSigned: signed.timeSigned };
}
/** One query over TCP. Signed when `key` is given (then an answer that fails verification throws). */
async function query(server, name, type, options = {}) {
    const id = (0,external_node_crypto_.randomInt)(0, 0x10000);
    const message = dns_packet.encode({ type: "query", id, flags: 0, questions: [{ name: (0,names/* absoluteName */.Tu)(name), type, class: "IN" }] });
    const { answer, layout: parsed, signature } = await send(server, message, options);
    if (signature && signature.kind !== "verified")
        throw new UnexpectedAnswer(`the answer's TSIG ${signature.kind === "rejected" ? `was rejected: ${signature.reason}` : `says ${signature.tsig.error}`}`);
    const decoded = dns_packet.decode(signature ? (splitTsig(answer)?.unsigned ?? answer) : answer);
    return {
        rcode: parsed.rcode,
        authoritative: (parsed.flags & 0x0400) !== 0,
        answers: decoded.answers ?? [],
        authorities: decoded.authorities ?? [],
    };
}
/** The records of `type` owned by `name` among `answers` (a CNAME chain's other links left out). */
function recordSetOf(answers, name, type) {
    const owned = answers.filter((a) => a.type === type && (0,names/* sameName */.q)(a.name, name));
    const records = owned.map((a) => decodeRecord(type, a.data));
    const ttls = owned.map((a) => ("ttl" in a && typeof a.ttl === "number" ? a.ttl : 0));
    return { name: (0,names/* absoluteName */.Tu)(name), type, ttl: ttls.length > 0 ? Math.min(...ttls) : 0, records };
}
function decodeRecord(type, data) {
    switch (type) {
        case "A":
        case "CNAME":
            return (0,dns_records/* record */.g1)(type, String(data));
        case "AAAA":
            return (0,dns_records/* record */.g1)(type, (0,dns_records/* canonicalIpv6 */.GK)(String(data)));
        case "TXT": {
            // Kept as served, strings and all, so a prerequisite echoes exactly what was read.
            const strings = (Array.isArray(data) ? data : [data]).map((s) => (Buffer.isBuffer(s) ? s : Buffer.from(s)));
            return { value: Buffer.concat(strings).toString("utf8"), rdata: (0,dns_records/* txtRdata */.fm)(strings) };
        }
    }
}

;// CONCATENATED MODULE: ./src/backends/dns/rcodes.ts
/** Response codes (RFC 1035 4.1.1, RFC 2136 2.2). */
const RCODE = {
    NOERROR: 0,
    FORMERR: 1,
    SERVFAIL: 2,
    NXDOMAIN: 3,
    NOTIMP: 4,
    REFUSED: 5,
    YXDOMAIN: 6,
    YXRRSET: 7,
    NXRRSET: 8,
    NOTAUTH: 9,
    NOTZONE: 10,
};
function rcodeName(code) {
    return Object.entries(RCODE).find(([, value]) => value === code)?.[0] ?? `RCODE ${code}`;
}
const TSIG_ERRORS = {
    16: "BADSIG",
    17: "BADKEY",
    18: "BADTIME",
    19: "BADMODE",
    20: "BADNAME",
    21: "BADALG",
    22: "BADTRUNC",
};
function tsigErrorName(code) {
    return TSIG_ERRORS[code] ?? `TSIG error ${code}`;
}

// EXTERNAL MODULE: ./src/backends/dns/server-address.ts
var server_address = __webpack_require__(99635);
;// CONCATENATED MODULE: ./src/backends/dns/update-answer.ts




/** Turns the answer to an UPDATE into a verdict, one sentence per failure, naming what to blame. */
function judgeUpdateAnswer(exchanged, c) {
    const { rcode } = exchanged.layout;
    const signature = exchanged.signature;
    if (signature?.kind === "rejected")
        return { kind: "unknown", why: `its answer (${rcodeName(rcode)}) cannot be trusted: ${signature.reason} (RFC 8945 5.3)` };
    if (signature?.kind === "unsigned-error")
        return { kind: "failed", error: tsigError(signature.tsig.error, c) };
    if (signature?.kind === "verified" && signature.tsig.error !== 0) {
        if (signature.tsig.error === TSIG_ERROR.BADTIME) {
            const server = serverTime(signature.tsig);
            const skew = server !== undefined && c.timeSigned !== undefined ? server - c.timeSigned : undefined;
            const size = skew === undefined ? "by more than the fudge" : `by ${Math.abs(skew)} s (the server's clock is ${skew > 0 ? "ahead" : "behind"})`;
            return {
                kind: "failed",
                error: new ClockSkewError(`The DNS server at ${c.server} rejected the update as signed at the wrong time (TSIG BADTIME): this runner's clock and the server's differ ${size}, more than the ${signature.tsig.fudge} s TSIG allows; nothing was changed. Synchronise the clocks (NTP); the TSIG inputs are not at fault.`, skew),
            };
        }
        return { kind: "failed", error: tsigError(signature.tsig.error, c) };
    }
    const nothing = "nothing was changed";
    switch (rcode) {
        case RCODE.NOERROR:
            return { kind: "applied" };
        case RCODE.NXRRSET:
        case RCODE.YXRRSET:
        case RCODE.NXDOMAIN:
        case RCODE.YXDOMAIN:
            return {
                kind: "failed",
                error: new ZoneChangedError(`The records of ${c.subjects} changed since they were read (the update's prerequisite failed: ${rcodeName(rcode)}); ${nothing}. Another run or person changed the zone: run the step again to read it anew.`, rcode),
            };
        case RCODE.NOTAUTH:
            return {
                kind: "failed",
                error: new errors/* InputError */.dz("dns-server", `${c.server} answered NOTAUTH: it is not authoritative for zone ${c.zone} (not the zone's primary, or dns-zone is not the zone's apex); ${nothing}. Check dns-server and dns-zone.`),
            };
        case RCODE.REFUSED:
            return {
                kind: "failed",
                error: new UpdateRefusedError(`The DNS server at ${c.server} refused the update (REFUSED): its update policy does not let ${c.key ? `key ${c.key.name}` : "unsigned requests"} change ${c.subjects}; ${nothing}. Allow it in the zone's allow-update or update-policy (the secret is not at fault: a wrong one is answered BADSIG).`, rcode),
            };
        case RCODE.NOTZONE:
            return {
                kind: "failed",
                error: new errors/* InputError */.dz(c.nameInput, `${c.subjects}: a name is outside zone ${c.zone} (NOTZONE); ${nothing}. Allowed: names in dns-zone.`),
            };
        case RCODE.SERVFAIL:
            return { kind: "unknown", why: "it answered SERVFAIL (a failure inside the server)", status: rcode };
        default:
            return {
                kind: "failed",
                error: new errors/* RouterError */.KJ(`The DNS server at ${c.server} answered ${rcodeName(rcode)} to the update of ${c.subjects}; ${nothing}.`, rcode),
            };
    }
}
function tsigError(code, c) {
    const key = c.key ? `key ${c.key.name} (${c.key.algorithm})` : "the key";
    if (code === TSIG_ERROR.BADSIG)
        return new TsigRejectedError(c.secretSource, `the DNS server at ${c.server} rejected the signature of ${key} (NOTAUTH, TSIG BADSIG): the secret is not the one the server holds for that key; nothing was changed. Check ${c.secretSource}, dns-tsig-key-name and dns-tsig-algorithm.`, "BADSIG");
    if (code === TSIG_ERROR.BADKEY)
        return new TsigRejectedError("dns-tsig-key-name", `the DNS server at ${c.server} does not know ${key} (NOTAUTH, TSIG BADKEY): no key of that name and algorithm is defined there; nothing was changed. Check dns-tsig-key-name and dns-tsig-algorithm.`, "BADKEY");
    return new errors/* RouterError */.KJ(`The DNS server at ${c.server} rejected the signature of ${key} (${tsigErrorName(code)}); nothing was changed.`, code);
}

;// CONCATENATED MODULE: ./src/backends/dns/update-message.ts


/** Opcode UPDATE (5) in the header's flags word (RFC 2136 2.2). */
const UPDATE_FLAGS = 5 << 11;
/** The unsigned UPDATE message with message id `id`. */
function encodeUpdate(plan, id) {
    const prerequisites = plan.prerequisites.flatMap(prerequisiteRecords);
    const updates = plan.updates.flatMap(updateRecords);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    header.writeUInt16BE(UPDATE_FLAGS, 2);
    header.writeUInt16BE(1, 4); // ZOCOUNT: exactly one zone (RFC 2136 2.3)
    header.writeUInt16BE(prerequisites.length, 6); // PRCOUNT
    header.writeUInt16BE(updates.length, 8); // UPCOUNT
    header.writeUInt16BE(0, 10); // ADCOUNT (TSIG is added by the signer)
    const zone = Buffer.concat([(0,names/* encodeName */.aA)(plan.zone), update_message_u16(dns_records/* TYPE */.ZE.SOA), update_message_u16(dns_records/* CLASS */.tp.IN)]);
    return Buffer.concat([header, zone, ...prerequisites, ...updates]);
}
function prerequisiteRecords(p) {
    switch (p.kind) {
        case "rrset-equals":
            if (p.set.records.length === 0)
                throw new Error(`A value-dependent prerequisite needs records; use rrset-absent for ${p.set.name} ${p.set.type}.`);
            return p.set.records.map((r) => rr(p.set.name, dns_records/* TYPE */.ZE[p.set.type], dns_records/* CLASS */.tp.IN, 0, r.rdata));
        case "rrset-exists":
            return [rr(p.name, dns_records/* TYPE */.ZE[p.type], dns_records/* CLASS */.tp.ANY, 0)];
        case "rrset-absent":
            return [rr(p.name, dns_records/* TYPE */.ZE[p.type], dns_records/* CLASS */.tp.NONE, 0)];
        case "name-in-use":
            return [rr(p.name, dns_records/* TYPE */.ZE.ANY, dns_records/* CLASS */.tp.ANY, 0)];
        case "name-not-in-use":
            return [rr(p.name, dns_records/* TYPE */.ZE.ANY, dns_records/* CLASS */.tp.NONE, 0)];
    }
}
function updateRecords(u) {
    switch (u.kind) {
        case "add":
            return u.set.records.map((r) => rr(u.set.name, dns_records/* TYPE */.ZE[u.set.type], dns_records/* CLASS */.tp.IN, u.set.ttl, r.rdata));
        case "delete-rrset":
            return [rr(u.name, dns_records/* TYPE */.ZE[u.type], dns_records/* CLASS */.tp.ANY, 0)];
        case "delete-record":
            return [rr(u.name, dns_records/* TYPE */.ZE[u.type], dns_records/* CLASS */.tp.NONE, 0, u.record.rdata)];
        case "delete-name":
            return [rr(u.name, dns_records/* TYPE */.ZE.ANY, dns_records/* CLASS */.tp.ANY, 0)];
    }
}
/** One resource record: NAME TYPE CLASS TTL RDLENGTH RDATA (RFC 1035 4.1.3); no RDATA means RDLENGTH 0. */
function rr(name, type, klass, ttl, rdata = Buffer.alloc(0)) {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(type, 0);
    fixed.writeUInt16BE(klass, 2);
    fixed.writeUInt32BE(ttl, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    return Buffer.concat([(0,names/* encodeName */.aA)(name), fixed, rdata]);
}
function update_message_u16(value) {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value, 0);
    return b;
}

;// CONCATENATED MODULE: ./src/backends/dns/zone-client.ts











class ZoneClient {
    options;
    zone;
    where;
    constructor(options) {
        this.options = options;
        this.zone = (0,names/* absoluteName */.Tu)(options.zone);
        this.where = (0,server_address/* formatServer */.x)(options.server);
    }
    /** The SOA serial and the given sets, read from the primary (in parallel, one TCP query each). */
    async read(keys) {
        for (const key of keys)
            this.checkInZone(key.name);
        const [serial, ...sets] = await Promise.all([this.serial(), ...keys.map((k) => this.readSet(k))]);
        return { serial: serial, sets: sets };
    }
    /** The zone's SOA serial as `server` (default: the primary) serves it. */
    async serial(server = this.options.server) {
        const answer = await this.ask(server, this.zone, "SOA");
        const soa = answer.answers.find((a) => a.type === "SOA" && (0,names/* sameName */.q)(a.name, this.zone));
        if (soa?.type !== "SOA" || soa.data.serial === undefined)
            throw new errors/* InputError */.dz("dns-zone", `${(0,server_address/* formatServer */.x)(server)} serves no SOA record for ${this.zone}: it is not the zone's apex there. Check dns-zone and dns-server.`);
        return soa.data.serial;
    }
    /** The zone's NS names, as the primary serves them. */
    async nameServers() {
        const answer = await this.ask(this.options.server, this.zone, "NS");
        return answer.answers
            .filter((a) => a.type === "NS" && (0,names/* sameName */.q)(a.name, this.zone))
            .map((a) => (0,names/* absoluteName */.Tu)(String(a.data)));
    }
    async readSet(key, server = this.options.server) {
        const answer = await this.ask(server, key.name, key.type);
        return recordSetOf(answer.answers, key.name, key.type);
    }
    /**
     * Replaces the sets `desired` in one UPDATE whose prerequisites are the sets `observed` exactly as read
     * (an empty one: "does not exist"). A desired set with no records deletes that set.
     */
    async replace(observed, desired) {
        const plan = planReplace(this.zone, observed, desired);
        for (const set of [...observed, ...desired])
            this.checkInZone(set.name);
        return this.sendPlan(plan, observed, desired);
    }
    /** Sends a plan as it is (no check of its names), judges the answer, reads the sets back. */
    async sendPlan(plan, observed, desired) {
        const subjects = describeSubjects([...observed, ...desired]);
        const message = encodeUpdate(plan, (0,external_node_crypto_.randomInt)(0, 0x10000));
        const t0 = performance.now();
        let exchanged;
        try {
            exchanged = await send(this.options.server, message, {
                key: this.options.key,
                timeoutMs: this.options.timeoutMs,
                clock: this.options.clock,
            });
        }
        catch (error) {
            if (error instanceof tcp/* ExchangeFailed */.Bg && !error.sent)
                throw new errors/* RouterError */.KJ(`Could not send the update of ${subjects} to the DNS server: ${error.message}; nothing was changed.`);
            if (error instanceof tcp/* ExchangeFailed */.Bg)
                throw await this.outcomeUnknown(`${error.message} to the update of ${subjects}`, observed, desired);
            // An answer that is not this request's (another id, not a response) or no DNS message at all proves nothing either.
            throw await this.outcomeUnknown(`${this.where} sent no usable answer to the update of ${subjects}: ${error.message}`, observed, desired);
        }
        const updateMs = performance.now() - t0;
        const verdict = judgeUpdateAnswer(exchanged, {
            server: this.where,
            zone: this.zone,
            key: this.options.key,
            secretSource: this.options.secretSource ?? "DNS_TSIG_SECRET",
            timeSigned: exchanged.timeSigned,
            subjects,
            nameInput: this.inputOf(desired[0]?.name ?? observed[0]?.name ?? this.zone),
        });
        if (verdict.kind === "failed")
            throw verdict.error;
        if (verdict.kind === "unknown")
            throw await this.outcomeUnknown(`${this.where} sent no usable answer to the update of ${subjects}: ${verdict.why}`, observed, desired, verdict.status);
        // NOERROR is not proof: a server drops a CNAME added beside other data and still answers NOERROR (RFC 2136 3.4.2.2).
        const served = await Promise.all(desired.map((d) => this.readSet(d)));
        const differs = served.filter((s, i) => !(0,dns_records/* sameRecords */.P0)(s, desired[i]));
        if (differs.length > 0)
            throw new errors/* RouterError */.KJ(`${this.where} answered NOERROR to the update, but serves ${differs.map(dns_records/* describeSet */.iG).join("; ")} instead of ${desired
                .filter((d) => differs.some((s) => (0,names/* sameName */.q)(s.name, d.name) && s.type === d.type))
                .map(dns_records/* describeSet */.iG)
                .join("; ")} (a server ignores a CNAME added beside other records of the name, or someone changed them since).`);
        return { plan, sets: served, updateMs };
    }
    /** Reads the primary again after an answer that proves nothing, and says what it serves. */
    async outcomeUnknown(what, observed, desired, status) {
        try {
            const keys = [...desired, ...observed.filter((o) => !desired.some((d) => (0,names/* sameName */.q)(d.name, o.name) && d.type === o.type))];
            const now = await Promise.all(keys.map((k) => this.readSet(k)));
            const matches = (sets) => sets.every((s) => (0,dns_records/* sameRecords */.P0)(s, now.find((n) => (0,names/* sameName */.q)(n.name, s.name) && n.type === s.type)));
            const applied = matches(desired) ? true : matches(observed) ? false : undefined;
            const verdict = applied === true
                ? "the update was applied"
                : applied === false
                    ? "the update was not applied"
                    : "neither what was read nor what was asked: someone else changed them";
            return new UpdateOutcomeUnknownError(`${what}; read again, the primary serves ${now.map(dns_records/* describeSet */.iG).join("; ")}: ${verdict}.`, applied, status);
        }
        catch (error) {
            return new UpdateOutcomeUnknownError(`${what}; reading the primary again failed too (${error.message}): the update may or may not have been applied.`, undefined, status);
        }
    }
    async ask(server, name, type) {
        const where = (0,server_address/* formatServer */.x)(server);
        let answer;
        try {
            answer = await query(server, name, type, { timeoutMs: this.options.timeoutMs });
        }
        catch (error) {
            if (error instanceof tcp/* ExchangeFailed */.Bg)
                throw new errors/* RouterError */.KJ(`Could not read ${(0,names/* absoluteName */.Tu)(name)} ${type}: ${error.message}.`);
            throw new errors/* RouterError */.KJ(`Could not read ${(0,names/* absoluteName */.Tu)(name)} ${type} from ${where}: ${error.message}.`);
        }
        if (answer.rcode === RCODE.REFUSED || answer.rcode === RCODE.NOTAUTH)
            throw new errors/* InputError */.dz("dns-server", `${where} refused to answer for ${(0,names/* absoluteName */.Tu)(name)} (${rcodeName(answer.rcode)}): it does not serve zone ${this.zone}. Check dns-server and dns-zone.`);
        if (answer.rcode !== RCODE.NOERROR && answer.rcode !== RCODE.NXDOMAIN)
            throw new errors/* RouterError */.KJ(`${where} answered ${rcodeName(answer.rcode)} to the query ${(0,names/* absoluteName */.Tu)(name)} ${type}.`, answer.rcode);
        if (!answer.authoritative)
            throw new errors/* InputError */.dz("dns-server", `${where} answered ${(0,names/* absoluteName */.Tu)(name)} ${type} without authority: it is not an authoritative server of zone ${this.zone}. Check dns-server and dns-zone.`);
        return answer;
    }
    /** A name outside the zone is an input error, said before anything is sent (the server would answer NOTZONE or REFUSED). */
    checkInZone(name) {
        if (!(0,names/* isInZone */.eI)(name, this.zone))
            throw new errors/* InputError */.dz(this.inputOf(name), `${(0,names/* absoluteName */.Tu)(name)} is outside zone ${this.zone}; nothing was changed. Allowed: names in dns-zone.`);
    }
    inputOf(name) {
        return this.options.inputOf?.(name) ?? "dns-name";
    }
}
/**
 * The one UPDATE that turns `observed` into `desired`: a prerequisite per observed set (value dependent,
 * or "does not exist" for an empty one), then the deletes, then the adds (RFC 2136 3.4.2 applies them in
 * order). A desired set equal to its observed one, TTL included, is left alone.
 */
function planReplace(zone, observed, desired) {
    const seen = (set) => observed.find((o) => (0,names/* sameName */.q)(o.name, set.name) && o.type === set.type);
    const changed = desired.filter((d) => {
        const before = seen(d);
        return !(before && (0,dns_records/* sameRecords */.P0)(before, d) && (d.records.length === 0 || before.ttl === d.ttl));
    });
    return {
        zone: (0,names/* absoluteName */.Tu)(zone),
        prerequisites: observed.map((o) => o.records.length > 0 ? { kind: "rrset-equals", set: o } : { kind: "rrset-absent", name: o.name, type: o.type }),
        updates: [
            ...changed
                .filter((d) => (seen(d)?.records.length ?? 1) > 0)
                .map((d) => ({ kind: "delete-rrset", name: d.name, type: d.type })),
            ...changed.filter((d) => d.records.length > 0).map((d) => ({ kind: "add", set: d })),
        ],
    };
}
function describeSubjects(sets) {
    const unique = [];
    for (const s of sets) {
        const label = `${s.name} ${s.type}`;
        if (!unique.includes(label))
            unique.push(label);
    }
    return unique.join(", ");
}


/***/ }),

/***/ 36411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IP: () => (/* binding */ otherColor),
/* harmony export */   _o: () => (/* binding */ isColor),
/* harmony export */   lm: () => (/* binding */ COLORS)
/* harmony export */ });
const COLORS = ["blue", "green"];
function otherColor(color) {
    return color === "blue" ? "green" : "blue";
}
function isColor(value) {
    return value === "blue" || value === "green";
}


/***/ }),

/***/ 58730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ encodeLedger),
/* harmony export */   TJ: () => (/* binding */ COMMIT_PATTERN),
/* harmony export */   iN: () => (/* binding */ decodeLedger)
/* harmony export */ });
/* unused harmony export emptyLedger */
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36411);

/** A commit id as git prints it: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, full or abbreviated). */
const COMMIT_PATTERN = /^[0-9a-f]{7,64}$/;
function emptyLedger() {
    return { versions: {} };
}
/**
 * Compact `key=value&...` form: no spaces (HAProxy map values), readable in `show map`,
 * and small enough for an annotation or a display name.
 */
function encodeLedger(ledger) {
    const params = new URLSearchParams();
    const put = (key, value) => {
        if (value !== undefined && value !== "")
            params.set(key, value);
    };
    put("live", ledger.live);
    put("previous", ledger.previous);
    put("blue", ledger.versions.blue);
    put("green", ledger.versions.green);
    put("blueRef", ledger.refs?.blue);
    put("greenRef", ledger.refs?.green);
    put("pending", ledger.pending);
    put("failed", ledger.prepareFailed);
    put("action", ledger.lastAction);
    put("at", ledger.at);
    put("run", ledger.run);
    if (ledger.tested) {
        put("tested", ledger.tested.color);
        put("testedVersion", ledger.tested.version);
        put("testedFingerprint", ledger.tested.fingerprint);
        put("testedAt", ledger.tested.at);
    }
    if (ledger.bake) {
        put("bake", ledger.bake.state);
        put("bakeUntil", ledger.bake.until);
    }
    return params.toString();
}
/** Parses what encodeLedger wrote; anything unknown or malformed is dropped rather than trusted. */
function decodeLedger(text) {
    const ledger = emptyLedger();
    if (!text)
        return ledger;
    const params = new URLSearchParams(text.trim());
    const color = (key) => {
        const value = params.get(key);
        return (0,_colors_js__WEBPACK_IMPORTED_MODULE_0__/* .isColor */ ._o)(value) ? value : undefined;
    };
    const text_ = (key) => params.get(key) || undefined;
    ledger.live = color("live");
    ledger.previous = color("previous");
    const blue = text_("blue");
    const green = text_("green");
    if (blue)
        ledger.versions.blue = blue;
    if (green)
        ledger.versions.green = green;
    // A ref without its version says nothing about what the color runs: drop it.
    const refs = {};
    const blueRef = text_("blueRef");
    const greenRef = text_("greenRef");
    if (blue && blueRef && COMMIT_PATTERN.test(blueRef))
        refs.blue = blueRef;
    if (green && greenRef && COMMIT_PATTERN.test(greenRef))
        refs.green = greenRef;
    if (refs.blue || refs.green)
        ledger.refs = refs;
    ledger.pending = color("pending");
    ledger.prepareFailed = color("failed");
    const action = params.get("action");
    if (action === "promote" || action === "rollback")
        ledger.lastAction = action;
    ledger.at = text_("at");
    ledger.run = text_("run");
    const testedColor = color("tested");
    const testedVersion = text_("testedVersion");
    if (testedColor && testedVersion) {
        ledger.tested = {
            color: testedColor,
            version: testedVersion,
            fingerprint: text_("testedFingerprint") ?? "",
            at: text_("testedAt") ?? "",
        };
    }
    const bake = params.get("bake");
    if (bake === "running" || bake === "cancelled" || bake === "failed")
        ledger.bake = { state: bake, until: text_("bakeUntil") ?? "" };
    return stripUndefined(ledger);
}
function stripUndefined(ledger) {
    for (const key of Object.keys(ledger)) {
        if (ledger[key] === undefined)
            delete ledger[key];
    }
    return ledger;
}


/***/ }),

/***/ 44478:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QN: () => (/* binding */ shownLine),
/* harmony export */   _0: () => (/* binding */ detail),
/* harmony export */   mO: () => (/* binding */ isDetail),
/* harmony export */   tS: () => (/* binding */ labelledPlan),
/* harmony export */   tr: () => (/* binding */ plainChange)
/* harmony export */ });
/**
 * A plan line is either a change in plain words ("switch production blue → green in map
 * bluegreen.map"), which the log always shows, or a detail of how the router is written (locks,
 * atomic map versions, API paths, request bodies), which the log shows only when verbose. Both stay
 * in the `plan` output and the job summary: they are the exact plan either way.
 *
 * Lines stay strings (they flow through outputs, summaries and "; "-joined composites unchanged);
 * a detail is remembered by its text, which a backend builds from the router's own names.
 */
const details = new Set();
/** Marks a line as a detail: shown in the log only when verbose. */
function detail(text) {
    details.add(text);
    return text;
}
function isDetail(line) {
    return details.has(line);
}
/** Composite plan lines ("promote would: a; b", "auto-rollback: a; b") and what the default log shows of them. */
const composites = new Map();
/**
 * One plan line from a label and a plan's lines joined by "; " (the form the summary splits again),
 * remembering its plain form: the label with the plain lines only.
 */
function labelledPlan(label, lines) {
    const text = `${label}${lines.join("; ")}`;
    const plain = lines.filter((line) => !details.has(line));
    composites.set(text, plain.length > 0 ? `${label}${plain.join("; ")}` : undefined);
    return text;
}
/** The line as the default log shows it: undefined for a detail, a composite's plain form. Verbose: the line itself. */
function shownLine(line, verbose) {
    if (verbose)
        return line;
    if (details.has(line))
        return undefined;
    return composites.has(line) ? composites.get(line) : line;
}
/**
 * The plain-words lines of a switch, for backends whose exact writes are details: "switch
 * production blue → green in service default/app" (in steps where the router shifts gradually),
 * or, when production stays, the record alone.
 */
function plainChange(change, state, where, steps) {
    if (change.live === state.live) {
        return [
            `${change.repair ? `move all of production to ${change.live}` : "record the release record"} in ${where}, production stays on ${state.live}`,
        ];
    }
    const gradual = steps && steps.length > 1 ? ` in steps of ${steps.map((percent) => `${percent}%`).join(", ")}` : "";
    return [`switch production ${state.live} → ${change.live} in ${where}${gradual}`];
}


/***/ }),

/***/ 73444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ startProgress)
/* harmony export */ });
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74425);
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6982);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);



const TERMINAL_REFRESH_MS = 500;
/** Starts reporting; `describe` gets the seconds since the start and returns the line. */
function startProgress(describe, options = {}) {
    const stream = (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_2__/* .logToStderr */ .Qr)() ? process.stderr : process.stdout;
    const terminal = options.terminal ?? stream.isTTY === true;
    const quietMs = options.quietMs ?? 2_000;
    const everyMs = options.everyMs ?? 10_000;
    const started = performance.now();
    let shown = false;
    const line = () => (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(describe(Math.round((performance.now() - started) / 1000)));
    const tick = () => {
        if (terminal) {
            stream.write(`\r\x1b[2K${line()}`);
            shown = true;
        }
        else
            _log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.info(line());
    };
    let repeat;
    const first = setTimeout(() => {
        tick();
        repeat = setInterval(tick, terminal ? TERMINAL_REFRESH_MS : everyMs);
        repeat.unref();
    }, quietMs);
    first.unref();
    return {
        stop() {
            clearTimeout(first);
            if (repeat)
                clearInterval(repeat);
            if (shown)
                stream.write("\r\x1b[2K");
        },
    };
}


/***/ }),

/***/ 20358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ sentenceOf)
/* harmony export */ });
/**
 * An error's message (or any text) as a sentence, ending with one full stop. Messages from
 * libraries (@actions/exec, the Kubernetes client) sometimes end with one already: append "."
 * only through here, never by hand after text that is not ours.
 */
function sentenceOf(error) {
    const text = (error instanceof Error ? error.message : String(error)).trim();
    return /[.!?]$/.test(text) ? text : `${text}.`;
}


/***/ }),

/***/ 77933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ getOnce),
/* harmony export */   q: () => (/* binding */ urlRequester)
/* harmony export */ });
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(75769);

/**
 * GETs paths under a base URL over a pool of keep-alive connections. undici's Pool (the engine of
 * Node's own fetch) does about 1.5 times the requests per second of node:http on the same
 * connections, which test mode's load needs. undici is imported at the first request, not before:
 * a run that sends none (a dry run, a promote without verify-url) never loads it.
 */
function urlRequester(base, connections = 64) {
    let pool;
    const open = () => {
        pool ??= __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 46752, 19)).then(({ Pool }) => new Pool(base.origin, { connections }));
        return pool;
    };
    const prefix = base.pathname.replace(/\/+$/, "");
    const authorization = (0,_urls_js__WEBPACK_IMPORTED_MODULE_0__/* .basicAuthorization */ .aR)(base);
    const headers = { "user-agent": "bluegreen", ...(authorization ? { authorization } : {}) };
    return {
        describe: (0,_urls_js__WEBPACK_IMPORTED_MODULE_0__/* .safeUrl */ .Pl)(base),
        async get(path, timeoutMs) {
            const { statusCode, body } = await (await open()).request({
                path: `${prefix}/${path.replace(/^\/+/, "")}${base.search}`,
                method: "GET",
                headers,
                headersTimeout: timeoutMs,
                bodyTimeout: timeoutMs,
            });
            return { status: statusCode, body: await body.text() };
        },
        close() {
            void pool?.then((opened) => opened.destroy());
        },
    };
}
/** One request: resolves with its status and body, rejects on a transport error or after timeoutMs. */
function getOnce(request, target, options, timeoutMs) {
    return new Promise((resolve, reject) => {
        const req = request(target, options, (res) => {
            const chunks = [];
            res.on("data", (chunk) => chunks.push(chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
        });
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on("error", reject);
        req.end();
    });
}


/***/ }),

/***/ 40910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ pollUntil),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _platform_progress_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73444);
/* harmony import */ var _sentence_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20358);



const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Polls `probe` with exponential backoff (from `initialMs`, capped at `maxMs`) until it returns
 * a value with done=true, or throws TimeoutError naming `what` and the last detail.
 */
async function pollUntil(what, timeoutMs, probe, initialMs = 100, maxMs = 2_000) {
    const started = Date.now();
    const deadline = started + timeoutMs;
    let delay = initialMs;
    let last = "not read yet";
    // A long wait says what it sees (a refresh task's status, endpoints, a rollout) instead of going silent.
    const progress = (0,_platform_progress_js__WEBPACK_IMPORTED_MODULE_1__/* .startProgress */ .o)((seconds) => `waiting for ${what}: ${last}, ${seconds} s`);
    try {
        return await poll();
    }
    finally {
        progress.stop();
    }
    async function poll() {
        for (;;) {
            const result = await probe();
            if (result.done)
                return result;
            last = result.detail;
            const left = deadline - Date.now();
            if (left <= 0) {
                const waited = ((Date.now() - started) / 1000).toFixed(1);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TimeoutError */ .MU((0,_sentence_js__WEBPACK_IMPORTED_MODULE_2__/* .sentenceOf */ .$)(`${what} did not happen within ${waited} s; last seen: ${result.detail}`));
            }
            // The last probe lands on the deadline, so the time said in the error is the time waited.
            await sleep(Math.min(delay, left));
            delay = Math.min(delay * 2, maxMs);
        }
    }
}


/***/ })

};
