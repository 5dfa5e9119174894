export const id = 763;
export const ids = [763];
export const modules = {

/***/ 70763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OVH_ENDPOINTS: () => (/* binding */ OVH_ENDPOINTS),
/* harmony export */   OVH_PROTOCOLS: () => (/* binding */ OVH_PROTOCOLS),
/* harmony export */   parseOvhConnection: () => (/* binding */ parseOvhConnection),
/* harmony export */   parseOvhOptions: () => (/* binding */ parseOvhOptions),
/* harmony export */   parseOvhSettings: () => (/* binding */ parseOvhSettings)
/* harmony export */ });
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(36411);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(60267);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15214);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79002);





/**
 * The ipLoadbalancing backend's inputs, parsed and checked before any request. This module must not
 * import @ovhcloud/node-ovh: an input error should cost nothing, and other backends never load it.
 */
const OVH_ENDPOINTS = ["ovh-eu", "ovh-ca", "ovh-us"];
const OVH_PROTOCOLS = ["http", "tcp", "udp"];
/** Every input check of the ipLoadbalancing backend, before any request (credentials masked first). */
function parseOvhSettings(read, _common) {
    return parseOvhOptions(read);
}
/** Environment variables the key inputs default to, as OVH's own tools name them. */
const KEY_INPUTS = [
    ["ovh-application-key", "OVH_APPLICATION_KEY"],
    ["ovh-application-secret", "OVH_APPLICATION_SECRET"],
    ["ovh-consumer-key", "OVH_CONSUMER_KEY"],
];
/** IPLB service names: letters, digits and . _ - (also keeps "/" "?" "{" out of request paths). */
const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The credentials (masked first, so that no later error message can carry one) and the endpoint. */
function parseOvhConnection(read, env = process.env) {
    const credentials = parseCredentials(read, env);
    return { credentials, endpoint: parseEndpoint(read) };
}
function parseOvhOptions(read, env = process.env) {
    const { credentials, endpoint } = parseOvhConnection(read, env);
    const service = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .required */ .mw)(read, "ovh-service", "for backend ipLoadbalancing (the Load Balancer's serviceName, e.g. loadbalancer-1a2b3c)");
    if (!SERVICE_PATTERN.test(service)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-service", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(service)}" is not allowed; allowed: a serviceName of letters, digits and . _ -.`);
    }
    const protocol = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(read, "ovh-protocol", OVH_PROTOCOLS, "http");
    const frontends = idList(read, "ovh-frontends");
    if (frontends.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-frontends", "is required for backend ipLoadbalancing: the production frontend ids, comma-separated (one per port).");
    }
    const previewFrontends = idList(read, "ovh-preview-frontends");
    if (previewFrontends.length !== 0 && previewFrontends.length !== frontends.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-preview-frontends", `has ${previewFrontends.length} ids but ovh-frontends has ${frontends.length}; allowed: one preview frontend per production frontend, in the same order, or none.`);
    }
    const overlap = previewFrontends.filter((id) => frontends.includes(id));
    if (overlap.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-preview-frontends", `frontend ${overlap.join(", ")} is also in ovh-frontends; a preview frontend must differ from production.`);
    }
    for (const [name, ids] of [
        ["ovh-frontends", frontends],
        ["ovh-preview-frontends", previewFrontends],
    ]) {
        const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
        if (repeated !== undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `lists frontend ${repeated} twice.`);
    }
    const farms = { blue: idList(read, "ovh-blue-farms"), green: idList(read, "ovh-green-farms") };
    for (const color of _colors_js__WEBPACK_IMPORTED_MODULE_4__/* .COLORS */ .lm) {
        const name = `ovh-${color}-farms`;
        if (farms[color].length !== frontends.length) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `has ${farms[color].length} ids but ovh-frontends has ${frontends.length}; allowed: one ${color} farm per production frontend, in the same order.`);
        }
    }
    const shared = farms.blue.filter((id) => farms.green.includes(id));
    if (shared.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-green-farms", `farm ${shared.join(", ")} is also in ovh-blue-farms; the two colors need different farms.`);
    }
    return { endpoint, credentials, service, protocol, frontends, previewFrontends, farms };
}
function parseCredentials(read, env) {
    // Each API key: the input, else the environment variable OVH's own tools read.
    const keyInputs = KEY_INPUTS.map(([input, variable]) => ({ input, variable, given: (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read(input)) }));
    const [applicationKey, applicationSecret, consumerKey] = keyInputs.map((key) => key.given ?? (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(env[key.variable] ?? ""));
    const clientId = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-client-id"));
    const clientSecret = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-client-secret"));
    // Mask before any check: an error below must never be the first place a secret shows up.
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(applicationSecret);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(consumerKey);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(clientSecret);
    const oauthGiven = clientId !== undefined || clientSecret !== undefined;
    // Keys from the environment alone do not conflict with OAuth2 inputs: a runner may export them globally.
    if (oauthGiven && keyInputs.some((key) => key.given !== undefined)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-id", "OAuth2 credentials (ovh-client-id, ovh-client-secret) and API keys (ovh-application-key, ovh-application-secret, ovh-consumer-key) were both given; allowed: exactly one of the two sets.");
    }
    if (oauthGiven) {
        if (clientId === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-id", "is required with ovh-client-secret (OAuth2 service account).");
        if (clientSecret === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-secret", "is required with ovh-client-id (OAuth2 service account).");
        checkCredential(clientId, "ovh-client-id");
        checkCredential(clientSecret, "ovh-client-secret");
        return { kind: "oauth2", clientId, clientSecret };
    }
    const values = [applicationKey, applicationSecret, consumerKey];
    const missing = keyInputs.filter((_, i) => values[i] === undefined);
    if (missing.length === keyInputs.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-application-key", "no OVH credentials were given; allowed: ovh-application-key, ovh-application-secret and ovh-consumer-key (or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), or ovh-client-id and ovh-client-secret.");
    }
    const first = missing[0];
    if (first) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(first.input, `is required with the other API keys (or set ${first.variable}); missing: ${missing.map((key) => key.input).join(", ")}.`);
    }
    // A value that cannot go into an HTTP header (a pasted line break...) made the client throw a stack trace.
    keyInputs.forEach((key, i) => {
        checkCredential(values[i], key.input, key.given === undefined ? key.variable : undefined);
    });
    return {
        kind: "keys",
        applicationKey: applicationKey,
        applicationSecret: applicationSecret,
        consumerKey: consumerKey,
    };
}
/** OVH keys, consumer keys and OAuth2 ids are printable ASCII without spaces; they travel in HTTP headers. */
const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;
/** Refuses a credential that holds a line break, space, control or non-ASCII character, without ever quoting it. */
function checkCredential(value, input, variable) {
    if (value === undefined || CREDENTIAL_PATTERN.test(value))
        return;
    const source = variable ? ` (read from ${variable})` : "";
    const what = /[\r\n]/.test(value)
        ? "a line break"
        : /[\u0000-\u001f\u007f]/.test(value)
            ? "a control character"
            : "a space or a non-ASCII character";
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `the value${source} contains ${what}; allowed: the credential exactly as OVH issued it, on one line, printable ASCII without spaces (the value is not shown).`);
}
function parseEndpoint(read) {
    const text = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-endpoint")) ?? "ovh-eu";
    if (OVH_ENDPOINTS.includes(text)) {
        return { kind: "named", name: text, text };
    }
    const allowed = `allowed: ${OVH_ENDPOINTS.join(", ")}, or an https:// URL such as https://eu.api.ovh.com/1.0`;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-endpoint", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(text)}" is neither a known endpoint nor a URL; ${allowed}.`);
    }
    // The client always speaks HTTPS: an http:// URL would silently be called over TLS anyway.
    if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-endpoint", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(text)}" is not allowed; ${allowed} (https only, no credentials or query).`);
    }
    const basePath = url.pathname.replace(/\/+$/, "") || "/1.0";
    return {
        kind: "url",
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port ? Number(url.port) : 443,
        basePath,
        // OVH serves OAuth2 tokens under /auth/ of its own site; a gateway is assumed to do the same.
        tokenUrl: `${url.origin}/auth/`,
        text: `${url.origin}${basePath}`,
    };
}
/** Comma-separated positive integer ids (OVH frontend and farm ids are longs). */
function idList(read, name) {
    return (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(read, name).map((item) => {
        if (!/^[0-9]{1,15}$/.test(item) || Number(item) < 1) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(item)}" is not an id; allowed: a comma-separated list of positive whole numbers.`);
        }
        return Number(item);
    });
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
