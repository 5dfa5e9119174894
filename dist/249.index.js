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

/***/ 71356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ detectPlatform),
/* harmony export */   y: () => (/* binding */ runIdentity)
/* harmony export */ });
function detectPlatform(env = process.env) {
    if (env.GITHUB_ACTIONS === "true")
        return "github";
    if (env.GITLAB_CI === "true")
        return "gitlab";
    return "local";
}
/** An identifier of the CI run that made a change, recorded on the router. */
function runIdentity(env = process.env) {
    if (env.GITHUB_RUN_ID) {
        const repo = env.GITHUB_REPOSITORY ? `${env.GITHUB_REPOSITORY}/` : "";
        return `github:${repo}${env.GITHUB_RUN_ID}`;
    }
    if (env.CI_JOB_ID)
        return `gitlab:${env.CI_PROJECT_PATH ? `${env.CI_PROJECT_PATH}/` : ""}${env.CI_JOB_ID}`;
    return `local:${env.USER ?? "user"}@${process.pid}`;
}


/***/ }),

/***/ 79002:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ maskSecret),
/* harmony export */   E$: () => (/* binding */ redact)
/* harmony export */ });
/* unused harmony export clearSecrets */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57264);
/* harmony import */ var _detect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71356);


const secrets = new Set();
/**
 * Registers a secret: GitHub masks it in the log (core.setSecret), and every line bluegreen prints
 * itself goes through redact(). Outside GitHub, core.setSecret is NOT called: it prints
 * `::add-mask::<secret>` to stdout, which GitLab or a terminal would show in clear.
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
        if ((0,_detect_js__WEBPACK_IMPORTED_MODULE_1__/* .detectPlatform */ .l)() === "github")
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(trimmed);
    }
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
