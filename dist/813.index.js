export const id = 813;
export const ids = [813];
export const modules = {

/***/ 87813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createHaproxyBackend: () => (/* binding */ createHaproxyBackend)
});

// UNUSED EXPORTS: ACTIVE_KEY, HaproxyBackend, LEDGER_KEY, PREVIEW_KEY, REVISION_PREFIX

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/ledger.ts
var ledger = __webpack_require__(58730);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/haproxy/map.ts
/** Entries of `show map <file>`: lines "<id> <key> <value>". A repeated key keeps its first value (what HAProxy matches). */
function parseShowMap(answer) {
    const entries = new Map();
    for (const line of answer.split("\n")) {
        const match = /^0x[0-9a-f]+\s+(\S+)\s+(.*)$/i.exec(line.trim());
        if (match && !entries.has(match[1]))
            entries.set(match[1], match[2].trim());
    }
    return entries;
}
/**
 * Rewrites a map file's text with new values for `updates`, keeping comments, order and every
 * other entry; keys not yet in the file are appended.
 */
function updateMapFile(text, updates, remove = () => false) {
    const pending = new Map(updates);
    const lines = text.split("\n");
    if (lines.at(-1) === "")
        lines.pop();
    const kept = lines.filter((line) => {
        const key = /^\s*(\S+)/.exec(line)?.[1];
        return key === undefined || key.startsWith("#") || updates.has(key) || !remove(key);
    });
    const out = kept.map((line) => {
        const match = /^(\s*)(\S+)(\s+)(.*)$/.exec(line);
        if (!match || match[2].startsWith("#"))
            return line;
        const key = match[2];
        const value = pending.get(key);
        if (value === undefined)
            return line;
        pending.delete(key);
        return `${match[1]}${key}${match[3]}${value}`;
    });
    for (const [key, value] of pending)
        out.push(`${key} ${value}`);
    return `${out.join("\n")}\n`;
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(17625);
;// CONCATENATED MODULE: ./src/backends/haproxy/options.ts


const HAPROXY_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAP_PATH = /^\/[A-Za-z0-9_./@+-]{1,1000}$/;
function parseHaproxyOptions(read) {
    const socketText = (0,inputs/* required */.mw)(read, "haproxy-socket", "for backend haproxy (the Runtime API: a unix socket path or host:port)");
    const map = (0,inputs/* required */.mw)(read, "haproxy-map", "for backend haproxy (the map file path as HAProxy knows it)");
    if (!MAP_PATH.test(map)) {
        throw new errors/* InputError */.dz("haproxy-map", `"${(0,inputs/* printable */.g$)(map)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`);
    }
    const mapFile = (0,inputs/* optional */.lq)(read("haproxy-map-file")) ?? map;
    if (!MAP_PATH.test(mapFile)) {
        throw new errors/* InputError */.dz("haproxy-map-file", `"${(0,inputs/* printable */.g$)(mapFile)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`);
    }
    const blue = backendName(read, "blue-backend", "blue");
    const green = backendName(read, "green-backend", "green");
    if (blue === green)
        throw new errors/* InputError */.dz("green-backend", `must differ from blue-backend (both are "${blue}").`);
    return { socket: parseSocket(socketText), socketText, map, mapFile, backends: { blue, green } };
}
function parseSocket(text) {
    if (text.startsWith("/"))
        return { path: text };
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(text);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
        throw new errors/* InputError */.dz("haproxy-socket", `"${(0,inputs/* printable */.g$)(text)}" is not allowed; allowed: an absolute unix socket path or host:port.`);
    }
    return { host: match[1].replace(/^\[|\]$/g, ""), port };
}
function backendName(read, name, fallback) {
    const value = (0,inputs/* optional */.lq)(read(name)) ?? fallback;
    if (!HAPROXY_NAME.test(value)) {
        throw new errors/* InputError */.dz(name, `"${(0,inputs/* printable */.g$)(value)}" is not allowed; allowed: an HAProxy backend name of letters, digits and _ . : -.`);
    }
    return value;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/backends/haproxy/runtime-api.ts


/**
 * The HAProxy Runtime API: one command per connection (non-interactive mode), the answer is
 * everything HAProxy writes before it closes. Errors come back as text, so callers read answers.
 */
class RuntimeApi {
    socket;
    timeoutMs;
    constructor(socket, timeoutMs = 10_000) {
        this.socket = socket;
        this.timeoutMs = timeoutMs;
    }
    command(line) {
        if (/[\n;]/.test(line))
            return Promise.reject(new errors/* RouterError */.KJ(`refusing to send a command with a newline or ";": ${line}`));
        return new Promise((resolve, reject) => {
            const connection = "path" in this.socket ? external_node_net_default().createConnection(this.socket.path) : external_node_net_default().createConnection(this.socket.port, this.socket.host);
            const chunks = [];
            const verb = line.split(" ").slice(0, 2).join(" ");
            connection.setTimeout(this.timeoutMs, () => connection.destroy(new Error(`HAProxy gave no answer to "${verb}" within ${this.timeoutMs} ms`)));
            connection.on("connect", () => connection.end(`${line}\n`));
            connection.on("data", (chunk) => chunks.push(chunk));
            connection.on("error", (error) => reject(error));
            connection.on("close", (hadError) => {
                if (hadError)
                    return;
                // HAProxy always answers at least a newline; nothing at all means the connection was cut.
                if (chunks.length === 0)
                    reject(new errors/* RouterError */.KJ(`HAProxy closed the connection without an answer to "${verb}"`));
                else
                    resolve(Buffer.concat(chunks).toString("utf8"));
            });
        });
    }
}
/**
 * Runs a command that answers nothing on success (set/add/commit map). The Runtime API has no
 * status codes: any text it answers is its error message.
 */
async function expectSilence(api, line) {
    const answer = (await api.command(line)).trim();
    if (answer !== "")
        throw new errors/* RouterError */.KJ(`HAProxy refused "${line.split(" ").slice(0, 3).join(" ")} ...": ${withoutStop(answer)}`);
}
/** HAProxy's answers end with a full stop; ours follow them with more of the sentence. */
function withoutStop(answer) {
    return answer.trim().replace(/\.+$/, "");
}

;// CONCATENATED MODULE: ./src/backends/haproxy/stat.ts
function parseStat(csv) {
    const lines = csv.split("\n").filter((line) => line.trim() !== "");
    const header = lines[0]?.replace(/^#\s*/, "").split(",") ?? [];
    return lines.slice(1).map((line) => {
        const cells = line.split(",");
        const row = {};
        header.forEach((name, i) => {
            if (name)
                row[name] = cells[i] ?? "";
        });
        return row;
    });
}
/** The servers (not the FRONTEND/BACKEND summary rows) of one backend. */
function serversOf(rows, backend) {
    return rows.filter((row) => row.pxname === backend && row.svname !== "BACKEND" && row.svname !== "FRONTEND");
}
function hasBackend(rows, backend) {
    return rows.some((row) => row.pxname === backend && row.svname === "BACKEND");
}
/**
 * A server takes traffic safely when its checks say UP. "no check" servers are counted as up:
 * HAProxy sends them traffic and has nothing better to go on. "UP 1/3" (failing checks, going
 * down), DOWN, DRAIN, MAINT and NOLB are not ready.
 */
function isServerReady(row) {
    return row.status === "UP" || row.status === "no check";
}

;// CONCATENATED MODULE: ./src/backends/haproxy/index.ts











/** Map keys: the two the user's frontends look up, and bluegreen's own record. */
const ACTIVE_KEY = "active";
const PREVIEW_KEY = "preview";
const LEDGER_KEY = "bluegreen.ledger";
/**
 * The Runtime API has no compare-and-set, but `del map` of a key succeeds for exactly one caller.
 * Every write commits a fresh `bluegreen.rev.<nonce>` key; a writer must first delete the key it
 * read, so of two pipelines racing from the same state only one gets past that point.
 */
const REVISION_PREFIX = "bluegreen.rev.";
const FIRST_REVISION = `${REVISION_PREFIX}none`;
function createHaproxyBackend(read, config) {
    // One Runtime API command answers in about a millisecond; never wait longer than `timeout` for one.
    return new HaproxyBackend(parseHaproxyOptions(read), Math.min(10_000, config.timeoutSeconds * 1000));
}
class HaproxyBackend {
    options;
    kind = "haproxy";
    api;
    constructor(options, commandTimeoutMs = 10_000) {
        this.options = options;
        this.api = new RuntimeApi(options.socket, commandTimeoutMs);
    }
    async read() {
        const [entries, stat] = await Promise.all([this.readMap(), this.readStat()]);
        for (const color of colors/* COLORS */.lm) {
            if (!hasBackend(stat, this.options.backends[color])) {
                throw new errors/* InputError */.dz(`${color}-backend`, `HAProxy has no backend "${this.options.backends[color]}"; backends it has: ${backendNames(stat).join(", ")}.`);
            }
        }
        const activeBackend = entries.get(ACTIVE_KEY);
        if (activeBackend === undefined) {
            throw new errors/* InputError */.dz("haproxy-map", `${this.options.map} has no "${ACTIVE_KEY}" entry; add the line "${ACTIVE_KEY} ${this.options.backends.blue}" to the map file.`);
        }
        const live = this.colorOf(activeBackend, ACTIVE_KEY);
        const previewBackend = entries.get(PREVIEW_KEY);
        const preview = previewBackend === undefined ? undefined : this.colorOf(previewBackend, PREVIEW_KEY);
        const warnings = [];
        if (preview === undefined)
            warnings.push(`${this.options.map} has no "${PREVIEW_KEY}" entry yet; prepare adds it.`);
        return {
            live,
            preview,
            ledger: (0,ledger/* decodeLedger */.iN)(entries.get(LEDGER_KEY)),
            revision: revisionOf(entries),
            details: {
                map: this.options.map,
                [ACTIVE_KEY]: activeBackend,
                [PREVIEW_KEY]: previewBackend ?? "-",
                ...Object.fromEntries(colors/* COLORS */.lm.map((c) => [`${c} servers`, this.serverSummary(stat, c)])),
            },
            warnings,
        };
    }
    async readiness(color) {
        const servers = serversOf(await this.readStat(), this.options.backends[color]);
        const up = servers.filter(isServerReady);
        const name = this.options.backends[color];
        if (servers.length === 0)
            return { ready: false, summary: `backend ${name} has no servers` };
        const notUp = servers.filter((s) => !isServerReady(s)).map((s) => `${s.svname} ${s.status}`);
        return {
            ready: up.length === servers.length,
            summary: `${up.length}/${servers.length} servers of ${name} UP${notUp.length ? ` (${notUp.join(", ")})` : ""}`,
        };
    }
    async fingerprint(color) {
        const servers = serversOf(await this.readStat(), this.options.backends[color]);
        return `${this.options.backends[color]}[${servers
            .map((s) => `${s.svname}=${s.addr ?? ""}`)
            .sort()
            .join(",")}]`;
    }
    async targets(color) {
        return serversOf(await this.readStat(), this.options.backends[color])
            .map((s) => s.addr ?? "")
            .filter(Boolean);
    }
    describe(change, state) {
        const { map, backends } = this.options;
        const lines = [];
        if (change.live !== state.live)
            lines.push(`set map ${map} ${ACTIVE_KEY} ${backends[change.live]} (was ${backends[state.live]})`);
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
    async apply(change, state) {
        const { map, backends } = this.options;
        let current = await this.readMap();
        if (revisionOf(current) !== state.revision)
            throw this.conflict("since it was read");
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
            [LEDGER_KEY, (0,ledger/* encodeLedger */.KX)(change.ledger) || "none"],
            [`${REVISION_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString("hex")}`, String(Date.now())],
        ]);
        const prepared = await this.api.command(`prepare map ${map}`);
        const version = /New version created:\s*(\d+)/.exec(prepared)?.[1];
        if (!version)
            throw new errors/* RouterError */.KJ(`HAProxy refused "prepare map ${map}": ${withoutStop(prepared)}; nothing was changed.`);
        const next = new Map([...current].filter(([key]) => !key.startsWith(REVISION_PREFIX)));
        for (const [key, value] of updates)
            next.set(key, value);
        try {
            for (const [key, value] of next)
                await expectSilence(this.api, `add map @${version} ${map} ${key} ${value}`);
        }
        catch (error) {
            await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
            throw new errors/* RouterError */.KJ(`${error.message}; the new map version was discarded and nothing was changed.`);
        }
        // Take the turn: only one writer can delete the revision key it read.
        const taken = (await this.api.command(`del map ${map} ${revisionKey}`)).trim();
        if (taken !== "") {
            await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
            if (/not found/i.test(taken))
                throw this.conflict("while the switch was being prepared");
            throw new errors/* RouterError */.KJ(`HAProxy refused "del map ${map} ${revisionKey}": ${withoutStop(taken)}; nothing was changed.`);
        }
        await expectSilence(this.api, `commit map @${version} ${map}`);
        try {
            await this.persist(updates);
        }
        catch (error) {
            // The switch itself is done and confirmed by the caller; only its copy on disk failed.
            log/* log */.Rm.warn(`The switch is live, but writing ${this.options.mapFile} failed (${error.message}): a reload would undo it.`);
        }
    }
    conflict(when) {
        return new errors/* ConflictError */.fK(`${this.options.map} changed ${when} (another pipeline or a hand edit); nothing was changed. Run the step again.`);
    }
    /** Makes the change survive a reload: HAProxy reloads its maps from the file. */
    async persist(updates) {
        const file = this.options.mapFile;
        try {
            await (0,promises_.access)(file, promises_.constants.R_OK | promises_.constants.W_OK);
        }
        catch {
            log/* log */.Rm.warn(`${file} is not writable from this runner: the switch is live in HAProxy's memory but a reload would undo it. Update ${file} where HAProxy runs, or set haproxy-map-file.`);
            return;
        }
        const text = await (0,promises_.readFile)(file, "utf8");
        const temporary = `${file}.bluegreen-${process.pid}`;
        await (0,promises_.writeFile)(temporary, updateMapFile(text, updates, (key) => key.startsWith(REVISION_PREFIX)));
        await (0,promises_.rename)(temporary, file); // atomic: a reload reads either the old or the new file
        log/* log */.Rm.info(`Wrote ${file} so that a reload keeps the switch.`);
    }
    async readMap() {
        const answer = await this.call("haproxy-map", `show map ${this.options.map}`);
        if (/Unknown map identifier/i.test(answer)) {
            throw new errors/* InputError */.dz("haproxy-map", `HAProxy has no map "${this.options.map}"; use the path its configuration loads (see "show map").`);
        }
        const entries = parseShowMap(answer);
        const unparsed = answer.split("\n").filter((line) => line.trim() !== "").length - entries.size;
        if (entries.size === 0 && unparsed > 0) {
            throw new errors/* RouterError */.KJ(`HAProxy answered "show map ${this.options.map}" with "${answer.trim().slice(0, 120)}"`);
        }
        return entries;
    }
    async readStat() {
        return parseStat(await this.call("haproxy-socket", "show stat"));
    }
    /**
     * Sends a read command, retried on a dropped connection (reads are safe to repeat; writes are
     * not, and are never retried). A socket that cannot be reached is an input error: nothing changed yet.
     */
    async call(input, line) {
        try {
            return await retryTransient(() => this.api.command(line));
        }
        catch (error) {
            const code = error.code;
            if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ENOTFOUND") {
                throw new errors/* InputError */.dz("haproxy-socket", `cannot reach the HAProxy Runtime API at ${this.options.socketText} (${code}); allowed: a stats socket with "level admin" (unix path or host:port).`);
            }
            throw new errors/* RouterError */.KJ(`HAProxy Runtime API (${input}) failed: ${error.message}`);
        }
    }
    colorOf(backend, key) {
        if (backend === this.options.backends.blue)
            return "blue";
        if (backend === this.options.backends.green)
            return "green";
        throw new errors/* InputError */.dz("haproxy-map", `the map entry "${key}" points to backend "${backend}", which is neither blue-backend (${this.options.backends.blue}) nor green-backend (${this.options.backends.green}).`);
    }
    serverSummary(stat, color) {
        const servers = serversOf(stat, this.options.backends[color]);
        return servers.map((s) => `${s.svname} ${s.status}`).join(", ") || "none";
    }
}
const TRANSIENT = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);
async function retryTransient(fn, attempts = 3) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            const code = error.code ?? "";
            const transient = TRANSIENT.has(code) || /gave no answer|without an answer/.test(error.message);
            if (!transient || attempt >= attempts)
                throw error;
            await (0,wait/* sleep */.y)(50 * 2 ** attempt);
        }
    }
}
function revisionOf(entries) {
    const values = [ACTIVE_KEY, PREVIEW_KEY, LEDGER_KEY].map((key) => `${key}=${entries.get(key) ?? ""}`);
    return [revisionKeyOf(entries) ?? "", ...values].join(" ");
}
function revisionKeyOf(entries) {
    return [...entries.keys()].find((key) => key.startsWith(REVISION_PREFIX));
}
function backendNames(stat) {
    return stat.filter((row) => row.svname === "BACKEND").map((row) => row.pxname ?? "");
}


/***/ }),

/***/ 58730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ encodeLedger),
/* harmony export */   iN: () => (/* binding */ decodeLedger)
/* harmony export */ });
/* unused harmony export emptyLedger */
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36411);

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


/***/ })

};
