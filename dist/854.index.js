export const id = 854;
export const ids = [854];
export const modules = {

/***/ 47281:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tu: () => (/* binding */ absoluteName),
/* harmony export */   aA: () => (/* binding */ encodeName),
/* harmony export */   eI: () => (/* binding */ isInZone),
/* harmony export */   q: () => (/* binding */ sameName),
/* harmony export */   rH: () => (/* binding */ nameProblem)
/* harmony export */ });
/**
 * Domain names as this layer writes them: absolute (one trailing dot), host-name labels only, never
 * compressed. Compression is optional for a sender (RFC 1035 4.1.4), and TSIG needs the canonical,
 * uncompressed, lower-case form anyway (RFC 8945 4.3.2), so one encoder serves both.
 */
/** A label of letters, digits, hyphens and underscores (`_bluegreen`), 1 to 63 bytes (RFC 1035 2.3.4). */
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
/** Why `name` is not a domain name this layer can write, or undefined when it is one. */
function nameProblem(name) {
    const relative = name.endsWith(".") ? name.slice(0, -1) : name;
    if (relative === "")
        return "the root name cannot be used";
    if (relative.length > 253)
        return `it is ${relative.length} characters long; allowed: at most 253`;
    const bad = relative.split(".").find((label) => !LABEL.test(label) || label.length > 63);
    if (bad !== undefined)
        return bad === ""
            ? "it has an empty label (two dots in a row)"
            : `the label "${bad}" is not allowed; allowed: 1 to 63 letters, digits, hyphens or underscores, not starting or ending with a hyphen`;
    return undefined;
}
/** The absolute form, one trailing dot: "www.example.test" and "www.example.test." both give "www.example.test.". */
function absoluteName(name) {
    const problem = nameProblem(name);
    if (problem)
        throw new Error(`"${name}" is not a domain name: ${problem}.`);
    return name.endsWith(".") ? name : `${name}.`;
}
/** Names compare without regard to case (RFC 4343). */
function sameName(a, b) {
    return absoluteName(a).toLowerCase() === absoluteName(b).toLowerCase();
}
/** True when `name` is `zone` or below it. */
function isInZone(name, zone) {
    const n = absoluteName(name).toLowerCase();
    const z = absoluteName(zone).toLowerCase();
    return n === z || n.endsWith(`.${z}`);
}
/** Uncompressed wire form (length-prefixed labels, then the root's zero byte); `canonical` lower-cases it. */
function encodeName(name, canonical = false) {
    const absolute = absoluteName(name);
    const labels = absolute.slice(0, -1).split(".");
    const parts = [];
    for (const label of labels) {
        const bytes = Buffer.from(canonical ? label.toLowerCase() : label, "ascii");
        parts.push(Buffer.from([bytes.length]), bytes);
    }
    parts.push(Buffer.from([0]));
    return Buffer.concat(parts);
}


/***/ }),

/***/ 20854:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LONG_TTL_SECONDS: () => (/* binding */ LONG_TTL_SECONDS),
  describeTarget: () => (/* binding */ describeTarget),
  parseDnsNames: () => (/* binding */ parseDnsNames),
  parseDnsOptions: () => (/* binding */ parseDnsOptions),
  parseDnsSettings: () => (/* binding */ parseDnsSettings),
  warnOfLongTtl: () => (/* binding */ warnOfLongTtl)
});

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/input-values.ts
var input_values = __webpack_require__(15214);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/backends/dns/names.ts
var names = __webpack_require__(47281);
// EXTERNAL MODULE: ./src/backends/dns/records.ts
var records = __webpack_require__(26283);
// EXTERNAL MODULE: ./src/backends/dns/server-address.ts
var server_address = __webpack_require__(99635);
;// CONCATENATED MODULE: ./src/backends/dns/tsig-key.ts


const ALGORITHMS = ["hmac-sha256", "hmac-sha512"];
/**
 * Checks the three TSIG inputs and builds the key. Each problem is one sentence naming its input;
 * the secret is never quoted, only described (its length), since it must not reach any log.
 */
function parseTsigKey(inputs) {
    const secretSource = inputs.secretSource ?? "DNS_TSIG_SECRET";
    const keyName = inputs.keyName.trim();
    const problem = (0,names/* nameProblem */.rH)(keyName);
    if (problem)
        throw new errors/* InputError */.dz("dns-tsig-key-name", `"${keyName}" is not a key name: ${problem}; allowed: the key's name as the server knows it, e.g. bluegreen-update.`);
    const algorithm = inputs.algorithm.trim().toLowerCase().replace(/\.$/, "");
    if (!ALGORITHMS.includes(algorithm))
        throw new errors/* InputError */.dz("dns-tsig-algorithm", `"${inputs.algorithm.trim()}" is not allowed; allowed: ${ALGORITHMS.join(" or ")}.`);
    const text = inputs.secret.replace(/\s+/g, "");
    if (text === "")
        throw new errors/* InputError */.dz(secretSource, "is empty; allowed: the key's secret in base64, as tsig-keygen writes it.");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
        throw new errors/* InputError */.dz(secretSource, `is not base64 (a ${text.length}-character value); allowed: the key's secret in base64, as tsig-keygen writes it.`);
    return { name: (0,names/* absoluteName */.Tu)(keyName), algorithm: algorithm, secret: Buffer.from(text, "base64") };
}

;// CONCATENATED MODULE: ./src/backends/dns/options.ts










/** Above this a switch takes minutes to reach clients: refused unless dns-allow-long-ttl says so. */
const LONG_TTL_SECONDS = 300;
/** A TTL over LONG_TTL_SECONDS that dns-allow-long-ttl accepted is still said, once per run. */
function warnOfLongTtl(ttl) {
    if (ttl > LONG_TTL_SECONDS)
        log/* log */.Rm.warn(`dns-ttl is ${ttl} s (accepted by dns-allow-long-ttl): after each switch, and each rollback, resolvers may keep sending clients to the old color for up to that long.`);
}
function parseDnsOptions(read, needsKey, env = process.env) {
    const server = (0,server_address/* parseServer */.l)((0,input_values/* required */.mw)(read, "dns-server", "for backend dns (the zone's primary, host:port)"), "dns-server");
    const names = parseDnsNames(read, "dns");
    const given = (0,input_text/* optional */.l)(read("dns-tsig-secret"));
    const secretSource = given !== undefined ? "dns-tsig-secret" : "DNS_TSIG_SECRET";
    const secret = given ?? (0,input_text/* optional */.l)(env.DNS_TSIG_SECRET ?? "");
    // Masked before anything could print it, even when it is malformed.
    (0,secrets/* maskSecret */.$l)(secret);
    let key;
    if (secret !== undefined || needsKey) {
        const keyName = (0,input_values/* required */.mw)(read, "dns-tsig-key-name", "for backend dns (the TSIG key's name as the server knows it)");
        key = parseTsigKey({
            keyName,
            algorithm: (0,input_text/* optional */.l)(read("dns-tsig-algorithm")) ?? "hmac-sha256",
            secret: secret ?? "",
            secretSource,
        });
    }
    return { server, ...names, key, secretSource };
}
/**
 * The inputs every DNS backend shares (dns, ovh-dns), checked in the order people meet them; `kind`
 * names the backend in the sentences of missing inputs.
 */
function parseDnsNames(read, kind, minTtl = 1) {
    const zone = domain(read, "dns-zone", (0,input_values/* required */.mw)(read, "dns-zone", `for backend ${kind} (the zone's apex, e.g. example.com)`));
    const name = inZone(read, "dns-name", zone, `for backend ${kind} (the production name, e.g. www.example.com)`);
    const previewName = inZone(read, "dns-preview-name", zone, `for backend ${kind} (the name that points at the idle color)`);
    if ((0,names/* sameName */.q)(name, previewName))
        throw new errors/* InputError */.dz("dns-preview-name", `must differ from dns-name (both are ${name}).`);
    const blue = colorTarget(read, "dns-blue", kind);
    const green = colorTarget(read, "dns-green", kind);
    if (sameTarget(blue, green))
        throw new errors/* InputError */.dz("dns-green", "must differ from dns-blue (both point at the same place).");
    for (const [input, target] of [
        ["dns-blue", blue],
        ["dns-green", green],
    ]) {
        // A CNAME cannot live at a zone's apex (beside its SOA and NS, RFC 1034 3.6.2): no switch could ever write it.
        if (target.kind === "cname" && ((0,names/* sameName */.q)(name, zone) || (0,names/* sameName */.q)(previewName, zone)))
            throw new errors/* InputError */.dz(input, `is a host name, which makes a CNAME record, but ${(0,names/* sameName */.q)(name, zone) ? "dns-name" : "dns-preview-name"} is the zone's apex ${zone}, where a CNAME is impossible; allowed there: a list of IPv4/IPv6 addresses.`);
    }
    const ttl = (0,input_values/* number */.ai)(read, "dns-ttl", 60, { min: minTtl, max: 2_147_483_647, integer: true });
    const allowLongTtl = (0,input_values/* bool */.lc)(read, "dns-allow-long-ttl", false);
    if (ttl > LONG_TTL_SECONDS && !allowLongTtl)
        throw new errors/* InputError */.dz("dns-ttl", `${ttl} s means resolvers may keep sending clients to the old color for up to ${ttl} s after each switch (and a rollback takes as long); allowed: ${minTtl} to ${LONG_TTL_SECONDS} s, or set dns-allow-long-ttl: true to accept it.`);
    const verify = (0,input_text/* optional */.l)(read("dns-verify-servers"));
    const verifyServers = verify?.split(",").map((item) => (0,server_address/* parseServer */.l)(item, "dns-verify-servers"));
    const scheme = (0,input_values/* oneOf */.yL)(read, "dns-health-scheme", ["http", "https"], "http");
    const port = (0,input_values/* number */.ai)(read, "dns-health-port", scheme === "https" ? 443 : 80, { min: 1, max: 65_535, integer: true });
    const healthPasses = (0,input_values/* number */.ai)(read, "dns-health-passes", 3, { min: 1, max: 100, integer: true });
    return {
        zone,
        name,
        previewName,
        ledgerName: `_bluegreen.${name}`,
        colors: { blue, green },
        ttl,
        verifyServers,
        health: { scheme, port },
        healthPasses,
    };
}
function domain(_read, input, value) {
    const problem = (0,names/* nameProblem */.rH)(value);
    if (problem)
        throw new errors/* InputError */.dz(input, `"${(0,input_text/* printable */.g)(value)}" is not a domain name: ${problem}.`);
    return (0,names/* absoluteName */.Tu)(value);
}
function inZone(read, input, zone, why) {
    const name = domain(read, input, (0,input_values/* required */.mw)(read, input, why));
    if (!(0,names/* isInZone */.eI)(name, zone))
        throw new errors/* InputError */.dz(input, `${name} is outside zone ${zone}; nothing was changed. Allowed: names in dns-zone.`);
    return name;
}
function colorTarget(read, input, kind) {
    const value = (0,input_values/* required */.mw)(read, input, `for backend ${kind} (one host name, or a comma-separated list of IPv4/IPv6 addresses)`);
    const items = value.split(",").map((item) => item.trim());
    const allowed = "allowed: one host name (a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA records)";
    if (items.some((item) => item === ""))
        throw new errors/* InputError */.dz(input, `"${(0,input_text/* printable */.g)(value)}" has an empty item; ${allowed}.`);
    if (items.every((item) => (0,external_node_net_.isIP)(item) !== 0)) {
        const v4 = [...new Set(items.filter((item) => (0,external_node_net_.isIP)(item) === 4))];
        const v6 = [...new Set(items.filter((item) => (0,external_node_net_.isIP)(item) === 6).map(records/* canonicalIpv6 */.GK))];
        return { kind: "addresses", v4, v6 };
    }
    if (items.length > 1)
        throw new errors/* InputError */.dz(input, `"${(0,input_text/* printable */.g)(value)}" mixes host names and addresses, or lists several names; ${allowed}.`);
    const problem = (0,names/* nameProblem */.rH)(value);
    if (problem)
        throw new errors/* InputError */.dz(input, `"${(0,input_text/* printable */.g)(value)}" is neither an address nor a host name (${problem}); ${allowed}.`);
    return { kind: "cname", host: (0,names/* absoluteName */.Tu)(value) };
}
function sameTarget(a, b) {
    if (a.kind === "cname" && b.kind === "cname")
        return (0,names/* sameName */.q)(a.host, b.host);
    if (a.kind === "addresses" && b.kind === "addresses")
        return [...a.v4, ...a.v6].sort().join(",") === [...b.v4, ...b.v6].sort().join(",");
    return false;
}
/** A color's target as the inputs wrote it, for messages and the summary. */
function describeTarget(target) {
    return target.kind === "cname" ? `CNAME ${target.host}` : [...target.v4, ...target.v6].join(", ");
}
/**
 * The dns backend's inputs, checked before any query. status and dry runs read without a key;
 * every other mode writes (its ledger at least), so it needs one.
 */
function parseDnsSettings(read, common) {
    const needsKey = common.mode !== "status" && !common.dryRun;
    return { options: parseDnsOptions(read, needsKey), healthPath: common.smoke.healthPath };
}


/***/ }),

/***/ 26283:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GK: () => (/* binding */ canonicalIpv6),
/* harmony export */   O_: () => (/* binding */ recordSet),
/* harmony export */   P0: () => (/* binding */ sameRecords),
/* harmony export */   ZE: () => (/* binding */ TYPE),
/* harmony export */   fm: () => (/* binding */ txtRdata),
/* harmony export */   g1: () => (/* binding */ record),
/* harmony export */   iG: () => (/* binding */ describeSet),
/* harmony export */   tp: () => (/* binding */ CLASS)
/* harmony export */ });
/* unused harmony exports WRITABLE_TYPES, encodeRdata, splitTxt, sameRdata */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(47281);


/**
 * Record sets as the zone client reads and writes them. Each record keeps its RDATA in wire form next
 * to its text: a value-dependent prerequisite (RFC 2136 2.4.2) must echo the RRset exactly as it was
 * read (a TXT record's split into character-strings included), and comparing two sets is comparing
 * those bytes.
 */
/** Type codes (RFC 1035 3.2.2, RFC 3596, RFC 8945). */
const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, TXT: 16, AAAA: 28, TSIG: 250, ANY: 255 };
/** Class codes (RFC 1035 3.2.4, RFC 2136 1.3 for NONE). */
const CLASS = { IN: 1, NONE: 254, ANY: 255 };
const WRITABLE_TYPES = (/* unused pure expression or super */ null && (["A", "AAAA", "CNAME", "TXT"]));
/** A TXT character-string holds at most 255 bytes (RFC 1035 3.3). */
const TXT_CHUNK = 255;
/** Encodes one value of `type` to RDATA; throws on a value the type cannot hold. */
function encodeRdata(type, value) {
    switch (type) {
        case "A":
            if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(value) !== 4)
                throw new Error(`"${value}" is not an IPv4 address.`);
            return Buffer.from(value.split(".").map(Number));
        case "AAAA":
            if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(value) !== 6)
                throw new Error(`"${value}" is not an IPv6 address.`);
            return ipv6Bytes(value);
        case "CNAME":
            return (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeName */ .aA)(value);
        case "TXT":
            return txtRdata(splitTxt(value));
    }
}
/** A record of `type` with `value`, its RDATA encoded. */
function record(type, value) {
    return {
        value: type === "CNAME" ? (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .absoluteName */ .Tu)(value) : type === "AAAA" ? canonicalIpv6(value) : value,
        rdata: encodeRdata(type, value),
    };
}
/** A record set built from presentation values (duplicates removed, as a server would). */
function recordSet(name, type, ttl, values) {
    const records = [];
    for (const value of values) {
        const next = record(type, value);
        if (!records.some((r) => sameRdata(type, r.rdata, next.rdata)))
            records.push(next);
    }
    return { name: (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .absoluteName */ .Tu)(name), type, ttl, records };
}
/** TXT RDATA from character-strings as they were served. */
function txtRdata(strings) {
    return Buffer.concat(strings.flatMap((s) => [Buffer.from([s.length]), s]));
}
/** Splits text into character-strings of at most 255 bytes; the empty text is one empty string. */
function splitTxt(text) {
    const bytes = Buffer.from(text, "utf8");
    const chunks = [];
    for (let i = 0; i < bytes.length; i += TXT_CHUNK)
        chunks.push(bytes.subarray(i, i + TXT_CHUNK));
    return chunks.length > 0 ? chunks : [Buffer.alloc(0)];
}
/** RDATA equality as a server sees it: names compare without regard to case, everything else byte for byte. */
function sameRdata(type, a, b) {
    return type === "CNAME" ? a.toString("latin1").toLowerCase() === b.toString("latin1").toLowerCase() : a.equals(b);
}
/** Two sets hold the same records (TTL aside: a TTL change is not a change of what the name points at). */
function sameRecords(a, b) {
    if (a.type !== b.type || a.records.length !== b.records.length)
        return false;
    return a.records.every((r) => b.records.some((s) => sameRdata(a.type, r.rdata, s.rdata)));
}
/** "www.example.test. CNAME blue.example.test." or "www.example.test. A (none)", for messages. */
function describeSet(set) {
    const values = set.records.map((r) => (set.type === "TXT" ? JSON.stringify(r.value) : r.value));
    return `${set.name} ${set.type} ${values.length > 0 ? values.join(", ") : "(none)"}`;
}
function ipv6Bytes(address) {
    // The last 32 bits may be written as an IPv4 address (::ffff:192.0.2.1).
    let text = address;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4?.[1]) {
        const [a, b, c, d] = v4[1].split(".").map(Number);
        text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head = "", tail] = text.split("::");
    const headGroups = head === "" ? [] : head.split(":");
    const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
    const missing = 8 - headGroups.length - tailGroups.length;
    const groups = [...headGroups, ...Array(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
    const bytes = Buffer.alloc(16);
    groups.forEach((group, i) => {
        bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
    });
    return bytes;
}
/** The RFC 5952 text of an IPv6 address (lower case, longest zero run compressed), so sets print alike. */
function canonicalIpv6(address) {
    const bytes = ipv6Bytes(address);
    const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8;) {
        if (groups[i] !== "0") {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === "0")
            j++;
        if (j - i > bestLength)
            [bestStart, bestLength] = [i, j - i];
        i = j;
    }
    if (bestStart < 0)
        return groups.join(":");
    return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}


/***/ }),

/***/ 99635:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ parseServer),
/* harmony export */   x: () => (/* binding */ formatServer)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);


/**
 * Parses "host", "host:port", "[ipv6]:port" or a bare IPv6 address; the DNS port 53 by default.
 * `input` names the input to blame (dns-server, dns-verify-servers).
 */
function parseServer(text, input = "dns-server") {
    const value = text.trim();
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
    const [host, port] = bracketed ? [bracketed[1] ?? "", bracketed[2]] : (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(value) === 6 ? [value, undefined] : splitHostPort(value);
    const allowed = "allowed: host, host:port or [IPv6]:port (port 1 to 65535, default 53)";
    if (host === "" || !((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) || /^[A-Za-z0-9.-]+$/.test(host)))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `"${value}" is not a server address; ${allowed}.`);
    const number = port === undefined ? 53 : Number(port);
    if (!Number.isInteger(number) || number < 1 || number > 65535)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `"${value}" has no valid port; ${allowed}.`);
    return { host, port: number };
}
function formatServer(server) {
    return (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
function splitHostPort(value) {
    const colon = value.lastIndexOf(":");
    return colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KJ: () => (/* binding */ RouterError),
/* harmony export */   MU: () => (/* binding */ TimeoutError),
/* harmony export */   cw: () => (/* binding */ BluegreenError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   fK: () => (/* binding */ ConflictError),
/* harmony export */   fk: () => (/* binding */ RefusedError)
/* harmony export */ });
/**
 * Errors are values until the edge: every failure the action can explain is one of these,
 * and main.ts turns it into one clear sentence with `core.setFailed`.
 */
class BluegreenError extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** Bad or missing input. Always raised before anything is changed. */
class InputError extends BluegreenError {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`);
        this.input = input;
    }
}
/** The router (HAProxy, API server, OVH API) refused or failed a request. */
class RouterError extends BluegreenError {
    status;
    constructor(message, 
    /** HTTP status or protocol-level code, when the router gave one. */
    status) {
        super(message);
        this.status = status;
    }
}
/** Someone else changed the router between our read and our write (optimistic concurrency). */
class ConflictError extends RouterError {
}
/** A safety rule refused the step (unready target, untested version, nothing to roll back to...). */
class RefusedError extends BluegreenError {
}
/** A wait ran out of time. */
class TimeoutError extends BluegreenError {
}


/***/ }),

/***/ 60267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ printable),
/* harmony export */   l: () => (/* binding */ optional)
/* harmony export */ });
/** The value, trimmed, or undefined when empty. */
function optional(value) {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}
/** Shows control characters visibly, so an error never prints a hostile terminal sequence. */
function printable(value) {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}


/***/ }),

/***/ 15214:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hd: () => (/* binding */ objectName),
/* harmony export */   OZ: () => (/* binding */ url),
/* harmony export */   ai: () => (/* binding */ number),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   mw: () => (/* binding */ required),
/* harmony export */   p_: () => (/* binding */ list),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60267);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75769);
// Parsers of single input values, shared by the common inputs (inputs.ts) and every backend's own
// (src/backends/*/options.ts): each error names the input and what is allowed. This module knows
// nothing of backends or modes, so a backend can use it without depending on the registry.



function required(read, name, why) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `is required ${why}.`);
    return value;
}
function oneOf(read, name, allowed, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined) {
        if (fallback !== undefined)
            return fallback;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `is required; allowed values: ${allowed.join(", ")}.`);
    }
    if (!allowed.includes(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not allowed; allowed values: ${allowed.join(", ")}.`);
    }
    return value;
}
function bool(read, name, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name))?.toLowerCase();
    if (value === undefined)
        return fallback;
    if (value === "true")
        return true;
    if (value === "false")
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not allowed; allowed values: true, false.`);
}
function number(read, name, fallback, limits) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return fallback;
    const parsed = Number(value);
    const kind = limits.integer ? "a whole number" : "a number";
    if (!/^[0-9.]+$/.test(value) || !Number.isFinite(parsed) || (limits.integer && !Number.isInteger(parsed))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not ${kind}; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    if (parsed < limits.min || parsed > limits.max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `${value} is out of range; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    return parsed;
}
function url(read, name) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return undefined;
    // Never echo credentials: a URL in an error message is shown without what stands before "@".
    const shown = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)((0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .safeUrlText */ .YQ)(value));
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${shown}" is not a URL; allowed: an http:// or https:// URL.`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${shown}" is not allowed; allowed: an http:// or https:// URL.`);
    }
    (0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .maskUrlCredentials */ .gn)(parsed);
    return parsed;
}
/** Kubernetes-style object name (RFC 1123 label), also safe as an HAProxy backend name. */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
function objectName(read, name, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name)) ?? fallback;
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, "is required for this backend.");
    if (!NAME_PATTERN.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not a valid name; allowed: 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
    }
    return value;
}
/** Comma-separated list of non-empty items. */
function list(read, name) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return [];
    const items = value.split(",").map((item) => item.trim());
    if (items.some((item) => item === "")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" has an empty item; allowed: a comma-separated list.`);
    }
    return items;
}


/***/ }),

/***/ 48147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ platformIo),
/* harmony export */   u: () => (/* binding */ setPlatformIo)
/* harmony export */ });
/* harmony import */ var _plain_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63631);

/** Plain until a run chooses (platform/choose.ts): code used in-process, as tests do, loads no GitHub library. */
let current = _plain_js__WEBPACK_IMPORTED_MODULE_0__/* .plainIo */ .$;
/** The implementation this run uses. */
function platformIo() {
    return current;
}
/** Only choose.ts calls this, once the implementation is loaded. */
function setPlatformIo(io) {
    current = io;
}


/***/ }),

/***/ 6982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ writeLogLine),
/* harmony export */   M_: () => (/* binding */ sendLogToStderr),
/* harmony export */   Qc: () => (/* binding */ stderrCommand),
/* harmony export */   Qr: () => (/* binding */ logToStderr)
/* harmony export */ });
/**
 * Where the human log goes: stdout by default; stderr when stdout carries something a script
 * reads (--output json: one JSON document; --output env: the name=value lines).
 */
let toStderr = false;
function sendLogToStderr(on) {
    toStderr = on;
}
function logToStderr() {
    return toStderr;
}
function writeLogLine(text) {
    (toStderr ? process.stderr : process.stdout).write(`${text}\n`);
}
/** A GitHub workflow command on stderr (the runner reads commands there too), escaped as @actions/core does. */
function stderrCommand(command, text) {
    const data = text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    process.stderr.write(`::${command}::${data}\n`);
}


/***/ }),

/***/ 74425:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ warnings),
/* harmony export */   Rm: () => (/* binding */ log),
/* harmony export */   fJ: () => (/* binding */ fail)
/* harmony export */ });
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48147);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);
/* harmony import */ var _verbosity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(85034);



/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log. How a
 * line looks (a `::warning::` command on GitHub, a plain prefix elsewhere) is the platform's
 * (io.ts): this module redacts, and keeps the warnings.
 */
/**
 * The one warning channel: whatever says log.warn (a mode, a backend, the platform layer) is also
 * kept here, and main.ts puts it in the report, so the log, the job summary and the GitLab report
 * carry the same warnings.
 */
const said = [];
/** Every warning said so far in this run, once each, redacted. */
function warnings() {
    return [...said];
}
const log = {
    info: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().info((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    warn: (message) => {
        const text = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message);
        if (!said.includes(text))
            said.push(text);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().warn(text);
    },
    error: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().error((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    // On GitHub a `::debug::` command, which only the runner hides; elsewhere plain lines, printed
    // only when asked for (GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true).
    debug: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().debug((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    /**
     * An internal (a lock, a temporary file, an API path): a log line when verbose (the `verbose`
     * input or the runner's debug logging), otherwise a debug line the platform hides.
     */
    detail: (message) => ((0,_verbosity_js__WEBPACK_IMPORTED_MODULE_2__/* .isVerbose */ .r)() ? (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().info((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)) : (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().debug((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message))),
};
/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
function fail(message) {
    (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().fail((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message));
}


/***/ }),

/***/ 63631:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ plainIo)
/* harmony export */ });
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6982);

/**
 * Outside a GitHub runner (GitLab, other CI, a terminal): plain lines with plain prefixes, since
 * workflow commands (`::warning::`) mean nothing there and `::add-mask::<secret>` would print the
 * secret in clear. Masking is bluegreen's own redact() (secrets.ts), applied before any line is
 * written. GitHub's outputs, summary and post-step state do not exist here.
 */
const plainIo = {
    info: (text) => (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_0__/* .writeLogLine */ .IF)(text),
    warn: (text) => plainIo.info(`warning: ${text}`),
    error: (text) => {
        process.stderr.write(`error: ${text}\n`);
    },
    // Only when asked for: GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true.
    debug: (text) => {
        if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true")
            plainIo.info(`debug: ${text}`);
    },
    // The closing report (main.ts, summary.ts) has just said the failure's sentence: said once, it is not repeated.
    fail: () => {
        process.exitCode = 1;
    },
    mask: () => undefined,
    setOutput: () => undefined,
    appendSummary: async () => undefined,
    saveState: () => undefined,
    // The runner's convention, which @actions/core's getInput follows: INPUT_<NAME>, spaces as underscores, trimmed.
    getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
};


/***/ }),

/***/ 79002:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ maskSecret),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   wW: () => (/* binding */ registeredSecrets)
/* harmony export */ });
/* unused harmony export clearSecrets */
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48147);

const secrets = new Set();
/**
 * Registers a secret: on a GitHub runner the platform masks it in the log (core.setSecret), and
 * every line bluegreen prints itself goes through redact(). Outside GitHub nothing is printed for
 * it: `::add-mask::<secret>` would show the secret in clear on GitLab or a terminal.
 */
function maskSecret(value) {
    if (!value)
        return;
    for (const part of [value, ...value.split(/\r?\n/)]) {
        const trimmed = part.trim();
        // Very short fragments (a lone "{") would redact ordinary text without protecting anything.
        if (trimmed.length < 6 || secrets.has(trimmed))
            continue;
        secrets.add(trimmed);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().mask(trimmed);
    }
}
/** The secrets registered so far (choose.ts masks them on the runner when a run chooses GitHub). */
function registeredSecrets() {
    return [...secrets];
}
function redact(text) {
    let result = text;
    for (const secret of secrets)
        result = result.split(secret).join("***");
    return result;
}
/** For tests: forget registered secrets. */
function clearSecrets() {
    secrets.clear();
}


/***/ }),

/***/ 85034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ setVerbose),
/* harmony export */   r: () => (/* binding */ isVerbose)
/* harmony export */ });
/**
 * How much of bluegreen's internals the log shows. By default a step prints what a reader acts on
 * (the result, the changes in plain words, the checks, the timings); locks, temporary files, API
 * paths and request bodies are details, shown with the `verbose` input (`--verbose`) or when the
 * runner's own debug logging is on (GitHub RUNNER_DEBUG, GitLab CI_DEBUG_TRACE, BLUEGREEN_DEBUG).
 */
let asked = false;
/** The `verbose` input, set once the inputs are read. */
function setVerbose(on) {
    asked = on;
}
function isVerbose(env = process.env) {
    return asked || env.RUNNER_DEBUG === "1" || env.CI_DEBUG_TRACE === "true" || env.BLUEGREEN_DEBUG === "true";
}


/***/ }),

/***/ 75769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pl: () => (/* binding */ safeUrl),
/* harmony export */   YQ: () => (/* binding */ safeUrlText),
/* harmony export */   aR: () => (/* binding */ basicAuthorization),
/* harmony export */   gn: () => (/* binding */ maskUrlCredentials)
/* harmony export */ });
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(79002);

/**
 * URLs that may carry credentials (`https://user:password@host/`). The credentials are used for the
 * requests and never shown: every URL bluegreen prints goes through safeUrl, and the parts are also
 * registered as secrets so that no other path (an error message quoting a URL) can leak them.
 */
/** The URL as it may be printed: user and password replaced by ***. */
function safeUrl(url) {
    if (!url.username && !url.password)
        return url.href;
    const copy = new URL(url.href);
    copy.username = "***";
    copy.password = "";
    return copy.href;
}
/** The same for a value that is not (yet) a valid URL: anything between "//" and "@" is hidden. */
function safeUrlText(text) {
    return text.replace(/\/\/[^/?#]*@/, "//***@");
}
/**
 * Registers the URL's credentials (as written and decoded) as secrets: the password, or the user
 * when there is no password (`https://TOKEN@host/` carries a token there).
 */
function maskUrlCredentials(url) {
    for (const part of [url.password || url.username]) {
        if (!part)
            continue;
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(part);
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(safeDecode(part));
    }
}
/** An Authorization header for the URL's credentials, which fetch-style clients do not send by themselves. */
function basicAuthorization(url) {
    if (!url.username && !url.password)
        return undefined;
    const pair = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
    return `Basic ${Buffer.from(pair).toString("base64")}`;
}
function safeDecode(part) {
    try {
        return decodeURIComponent(part);
    }
    catch {
        return part;
    }
}


/***/ })

};
