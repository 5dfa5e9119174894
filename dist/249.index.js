export const id = 249;
export const ids = [249];
export const modules = {

/***/ 1249:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PERSIST_MODES: () => (/* binding */ PERSIST_MODES),
/* harmony export */   parseHaproxyOptions: () => (/* binding */ parseHaproxyOptions),
/* harmony export */   parseHaproxySettings: () => (/* binding */ parseHaproxySettings)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60267);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15214);



/**
 * file: every switch is also written to the map file, and bluegreen refuses to switch when it cannot
 * write it (a reload would undo the switch). runtime: the user accepts a switch that lives only in
 * HAProxy's memory; bluegreen never touches the file and says the switch is not durable.
 */
const PERSIST_MODES = ["file", "runtime"];
/** Every input check of the haproxy backend, before any I/O. */
function parseHaproxySettings(read, _common) {
    return parseHaproxyOptions(read);
}
const HAPROXY_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAP_PATH = /^\/[A-Za-z0-9_./@+-]{1,1000}$/;
function parseHaproxyOptions(read) {
    const socketText = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .required */ .mw)(read, "haproxy-socket", "for backend haproxy (the Runtime API: a unix socket path or host:port)");
    const map = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .required */ .mw)(read, "haproxy-map", "for backend haproxy (the map file path as HAProxy knows it)");
    if (!MAP_PATH.test(map)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("haproxy-map", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(map)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`);
    }
    const mapFile = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read("haproxy-map-file")) ?? map;
    if (!MAP_PATH.test(mapFile)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("haproxy-map-file", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(mapFile)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`);
    }
    const blue = backendName(read, "blue-backend", "blue");
    const green = backendName(read, "green-backend", "green");
    if (blue === green)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("green-backend", `must differ from blue-backend (both are "${blue}").`);
    const persist = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(read, "haproxy-persist", PERSIST_MODES, "file");
    return { socket: parseSocket(socketText), socketText, map, mapFile, backends: { blue, green }, persist };
}
function parseSocket(text) {
    if (text.startsWith("/"))
        return { path: text };
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(text);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("haproxy-socket", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(text)}" is not allowed; allowed: an absolute unix socket path or host:port.`);
    }
    return { host: match[1].replace(/^\[|\]$/g, ""), port };
}
function backendName(read, name, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name)) ?? fallback;
    if (!HAPROXY_NAME.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not allowed; allowed: an HAProxy backend name of letters, digits and _ . : -.`);
    }
    return value;
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
