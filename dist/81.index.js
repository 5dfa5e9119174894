export const id = 81;
export const ids = [81];
export const modules = {

/***/ 58037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WE: () => (/* binding */ passes),
/* harmony export */   YC: () => (/* binding */ parseAnalysis),
/* harmony export */   no: () => (/* binding */ renderQuery)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38422);


/** The operator and number are the line's last tokens: PromQL's own `>`/`<` filters stay in the query. */
const LINE = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,62})\s*:\s*(.+?)\s+(<=|>=|<|>)\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*$/;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const ALLOWED_PLACEHOLDERS = new Set(["color", "version"]);
const FORMAT = 'allowed: one check per line, "NAME: PROMQL <op> NUMBER" with <op> one of <, <=, >, >= (e.g. "error-rate: sum(rate(http_requests_total{code=~\\"5..\\"}[1m])) < 0.01")';
/** Parses the `analysis` input (blank lines and lines starting with # are skipped). */
function parseAnalysis(text) {
    const checks = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#"))
            continue;
        const match = LINE.exec(line);
        if (!match)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `"${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g$)(line)}" is not a check; ${FORMAT}.`);
        const [, name, query, op, number] = match;
        if (checks.some((check) => check.name === name)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `the name "${name}" is used twice; allowed: one name per check.`);
        }
        for (const placeholder of query.matchAll(PLACEHOLDER)) {
            if (!ALLOWED_PLACEHOLDERS.has(placeholder[1])) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `check "${name}" uses {{${(0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g$)(placeholder[1])}}}; allowed placeholders: {{color}}, {{version}}.`);
            }
        }
        checks.push({ name, query, op, threshold: Number(number) });
    }
    return checks;
}
/** The query for one color: placeholders replaced (version is an image tag, so it cannot break out of a PromQL string). */
function renderQuery(query, values) {
    return query.replace(PLACEHOLDER, (_, key) => (key === "color" ? values.color : values.version));
}
function passes(value, op, threshold) {
    // NaN compares false with everything: a NaN (0/0, no traffic) never passes.
    switch (op) {
        case "<":
            return value < threshold;
        case "<=":
            return value <= threshold;
        case ">":
            return value > threshold;
        case ">=":
            return value >= threshold;
    }
}


/***/ }),

/***/ 84680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D3: () => (/* binding */ parsePrometheusTarget),
/* harmony export */   _H: () => (/* binding */ instantQuery)
/* harmony export */ });
/* unused harmony exports QUERY_TIMEOUT_MS, reduce */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38422);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79002);



/** A query that does not answer in this time fails its check: a bake must not hang on its monitor. */
const QUERY_TIMEOUT_MS = 10_000;
/**
 * prometheus-url (credentials in it become a Basic header and are masked) and prometheus-token
 * (a Bearer header, masked). Undefined when no prometheus-url is set.
 */
function parsePrometheusTarget(read) {
    const token = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lq)(read("prometheus-token"));
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(token);
    const raw = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .optional */ .lq)(read("prometheus-url"));
    if (raw === undefined)
        return undefined;
    // Never quote the raw text in an error: it may hold a password.
    let base;
    try {
        base = new URL(raw);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("prometheus-url", "is not a URL; allowed: an http:// or https:// URL, e.g. https://prometheus.example.com/.");
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("prometheus-url", `uses ${base.protocol.replace(/:$/, "")}; allowed: an http:// or https:// URL.`);
    }
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(password);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(base.password);
    if (token !== undefined && (user !== "" || password !== "")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("prometheus-url", "holds credentials and prometheus-token is set too; allowed: one of the two.");
    }
    const clean = new URL(base.toString());
    clean.username = "";
    clean.password = "";
    clean.search = "";
    clean.hash = "";
    if (!clean.pathname.endsWith("/"))
        clean.pathname = `${clean.pathname}/`;
    let authorization;
    if (token !== undefined)
        authorization = `Bearer ${token}`;
    else if (user !== "" || password !== "") {
        authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(authorization.slice("Basic ".length));
    }
    return { url: clean, authorization };
}
/**
 * One instant query through Prometheus's documented HTTP API (POST /api/v1/query, form-encoded,
 * which also takes queries too long for a URL). Plain fetch: Node 24 has it, and the API is one
 * endpoint with a small JSON answer, so a client library would add weight and nothing else.
 */
async function instantQuery(target, query, timeoutMs = QUERY_TIMEOUT_MS) {
    const endpoint = new URL("api/v1/query", target.url);
    const headers = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    if (target.authorization)
        headers.authorization = target.authorization;
    let response;
    try {
        response = await fetch(endpoint, {
            method: "POST",
            headers,
            body: new URLSearchParams({ query }).toString(),
            signal: AbortSignal.timeout(timeoutMs),
        });
    }
    catch (error) {
        return { kind: "error", message: `Prometheus at ${target.url} did not answer: ${transportReason(error, timeoutMs)}` };
    }
    const text = await response.text().catch(() => "");
    let body;
    try {
        body = JSON.parse(text);
    }
    catch {
        body = undefined;
    }
    if (body?.status === "error" || !response.ok) {
        const why = body?.error ? `${body.errorType ?? "error"}: ${body.error}` : text.trim().slice(0, 120) || response.statusText;
        return { kind: "error", message: `Prometheus at ${target.url} answered HTTP ${response.status} (${why})` };
    }
    if (body?.status !== "success" || !body.data) {
        return { kind: "error", message: `Prometheus at ${target.url} answered HTTP ${response.status} without a query result` };
    }
    return reduce(body.data);
}
/** vector: one series is one value; scalar: its value; none: empty; several series: the check needs one. */
function reduce(data) {
    if (data.resultType === "scalar")
        return { kind: "value", value: sampleValue(data.result), series: 1 };
    if (data.resultType === "vector" && Array.isArray(data.result)) {
        const series = data.result;
        if (series.length === 0)
            return { kind: "empty" };
        if (series.length > 1) {
            return {
                kind: "error",
                message: `the query returned ${series.length} series; aggregate it to one value (sum, max, avg...)`,
            };
        }
        return { kind: "value", value: sampleValue(series[0]?.value), series: 1 };
    }
    return { kind: "error", message: `the query returned a ${data.resultType}; allowed: an instant vector or a scalar` };
}
/** A sample is [unix time, "value"], the value a string that may be "NaN", "+Inf" or "-Inf". */
function sampleValue(sample) {
    const text = Array.isArray(sample) ? String(sample[1]) : "NaN";
    if (text === "+Inf" || text === "Inf")
        return Number.POSITIVE_INFINITY;
    if (text === "-Inf")
        return Number.NEGATIVE_INFINITY;
    return Number(text);
}
function transportReason(error, timeoutMs) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
        return `no answer within ${timeoutMs} ms`;
    const cause = error instanceof Error ? error.cause : undefined;
    return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
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

/***/ 38422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ MODES),
/* harmony export */   Hd: () => (/* binding */ objectName),
/* harmony export */   ai: () => (/* binding */ number),
/* harmony export */   g$: () => (/* binding */ printable),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   lq: () => (/* binding */ optional),
/* harmony export */   mw: () => (/* binding */ required),
/* harmony export */   o4: () => (/* binding */ parseConfig),
/* harmony export */   p_: () => (/* binding */ list),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* unused harmony exports isProductionName, url */
/* harmony import */ var _analysis_parse_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58037);
/* harmony import */ var _analysis_prometheus_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(84680);
/* harmony import */ var _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(46770);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _ledger_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(58730);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(75769);






const MODES = ["prepare", "test", "promote", "rollback", "status"];
/** A container image tag: what every router here can hold, and nothing a shell would expand. */
const VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
function parseConfig(read, env = process.env) {
    const mode = oneOf(read, "mode", MODES);
    const backend = oneOf(read, "backend", _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKEND_KINDS */ .pF);
    const version = optional(read("version"));
    if (version !== undefined && !VERSION_PATTERN.test(version)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("version", `"${printable(version)}" is not a valid version: use 1 to 128 letters, digits, "_", "." or "-" (as an image tag), not starting with "." or "-".`);
    }
    if (mode === "prepare" && version === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("version", "is required when mode is prepare (the release to put on the idle color).");
    }
    const testUrl = url(read, "test-url");
    const verifyUrl = url(read, "verify-url");
    const healthPath = path(read, "health-path", "/health");
    for (const [name, base] of [
        ["test-url", testUrl],
        ["verify-url", verifyUrl],
    ]) {
        if (base)
            refuseHealthPathInBase(name, base, healthPath);
    }
    const deploy = deployCommand(read, mode, backend);
    return {
        mode,
        backend,
        version,
        dryRun: bool(read, "dry-run", false),
        timeoutSeconds: number(read, "timeout", 300, { min: 1, max: 86_400 }),
        deployCommand: deploy.command,
        deployedAlready: deploy.deployedAlready,
        smoke: {
            testUrl,
            healthPath,
            versionPath: optional(read("version-path")) === undefined ? undefined : path(read, "version-path", "/"),
            requests: number(read, "test-requests", 100, { min: 0, max: 1_000_000, integer: true }),
            concurrency: number(read, "test-concurrency", 10, { min: 1, max: 1_000, integer: true }),
            maxP95Ms: number(read, "max-p95-ms", 500, { min: 0, max: 600_000 }),
            maxErrorRate: number(read, "max-error-rate", 0, { min: 0, max: 1 }),
            testCommand: optional(read("test-command")),
        },
        verifyUrl,
        autoRollback: bool(read, "auto-rollback", true),
        maxTestAgeSeconds: number(read, "max-test-age", 0, { min: 0, max: 31_536_000 }),
        requireTest: bool(read, "require-test", false),
        steps: trafficSteps(read, backend),
        stepWaitSeconds: number(read, "step-wait", 30, { min: 0, max: 3_600 }),
        githubToken: optional(read("github-token")),
        environment: optional(read("environment")),
        bakeSeconds: number(read, "bake-time", 0, { min: 0, max: 86_400 }),
        bakeIntervalSeconds: number(read, "bake-interval", 5, { min: 1, max: 3_600 }),
        analysis: analysisSettings(read),
        scaleDownDelaySeconds: scaleDownDelay(read),
        ref: commitRef(read, env),
        productionEnvironment: bool(read, "production-environment", isProductionName(optional(read("environment")) ?? "production")),
    };
}
/**
 * test-url and verify-url are base URLs: health-path (and version-path) are appended to them. A base
 * that already ends with health-path would be checked at ".../health/health" and fail every time.
 */
function refuseHealthPathInBase(name, base, healthPath) {
    const trimmed = healthPath.replace(/\/+$/, "");
    const basePath = base.pathname.replace(/\/+$/, "");
    if (trimmed === "" || !basePath.endsWith(trimmed))
        return;
    const suggested = new URL(base.href);
    suggested.pathname = `${basePath.slice(0, basePath.length - trimmed.length)}/`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${(0,_urls_js__WEBPACK_IMPORTED_MODULE_4__/* .safeUrl */ .Pl)(base)}" already ends with health-path "${healthPath}", which bluegreen appends itself (it would request ${(0,_urls_js__WEBPACK_IMPORTED_MODULE_4__/* .safeUrl */ .Pl)(base).replace(/\/+$/, "")}${healthPath}); allowed: the base URL, e.g. "${(0,_urls_js__WEBPACK_IMPORTED_MODULE_4__/* .safeUrl */ .Pl)(suggested)}".`);
}
/**
 * On a backend whose router only routes (its descriptor says it deploys no workload), a prepare with
 * no deploy-command would record a version as deployed that nobody deployed; it takes an explicit
 * `none` ("I deployed it already") to do that on purpose.
 */
function deployCommand(read, mode, backend) {
    const value = optional(read("deploy-command"));
    if (value === "none")
        return { deployedAlready: true };
    if (value === undefined && mode === "prepare" && !(0,_backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .descriptorOf */ .nb)(backend)?.capabilities.deploysWorkload) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("deploy-command", `is required when mode is prepare on backend ${backend}: the command that installs the version on the idle color, or "none" if it is installed already.`);
    }
    return { command: value, deployedAlready: false };
}
function analysisSettings(read) {
    const prometheus = (0,_analysis_prometheus_js__WEBPACK_IMPORTED_MODULE_1__/* .parsePrometheusTarget */ .D3)(read);
    const checks = (0,_analysis_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseAnalysis */ .YC)(read("analysis"));
    const allowEmpty = bool(read, "analysis-allow-empty", false);
    if (checks.length === 0)
        return undefined;
    if (!prometheus)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("prometheus-url", "is required when analysis is set: the Prometheus the queries go to.");
    return { prometheus, checks, allowEmpty };
}
/** Argo Rollouts' default too: kube-proxy on every node follows EndpointSlices late, so old pods still get requests. */
const DEFAULT_SCALE_DOWN_DELAY = 30;
function scaleDownDelay(read) {
    // Checked on every backend (a typo should not wait for a Kubernetes run to show), used only where
    // scale-down-replicas is set; action.yml's default means it is always "given" on GitHub.
    const delay = number(read, "scale-down-delay", DEFAULT_SCALE_DOWN_DELAY, { min: 0, max: 3_600 });
    // Without scale-down-replicas nothing is scaled down, so there is nothing to wait for.
    return optional(read("scale-down-replicas")) === undefined ? 0 : delay;
}
/** The `ref` input, else the commit the CI run builds; undefined outside CI. */
function commitRef(read, env) {
    const value = optional(read("ref"));
    if (value === undefined) {
        const ci = (env.GITHUB_SHA || env.CI_COMMIT_SHA || "").trim().toLowerCase();
        return _ledger_js__WEBPACK_IMPORTED_MODULE_5__/* .COMMIT_PATTERN */ .TJ.test(ci) ? ci : undefined;
    }
    if (!_ledger_js__WEBPACK_IMPORTED_MODULE_5__/* .COMMIT_PATTERN */ .TJ.test(value.toLowerCase())) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("ref", `"${printable(value)}" is not a commit id; allowed: 7 to 64 hexadecimal digits (a commit SHA).`);
    }
    return value.toLowerCase();
}
/** GitHub's own default for production_environment, widened to the usual short name. */
function isProductionName(environment) {
    return /^(production|prod)$/i.test(environment);
}
function trafficSteps(read, backend) {
    const items = list(read, "traffic-steps");
    if (items.length === 0)
        return undefined;
    if (!(0,_backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .descriptorOf */ .nb)(backend)?.capabilities.trafficSteps) {
        const stepping = _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKENDS */ .A7.filter((candidate) => candidate.capabilities.trafficSteps).map((candidate) => candidate.kind);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("traffic-steps", `is only allowed with backend ${stepping.join(" or ")}, not ${backend}.`);
    }
    const allowed = "whole percentages from 1 to 100, increasing, ending with 100 (e.g. 10,50,100)";
    const steps = items.map((item) => Number(item));
    const valid = items.every((item) => /^[0-9]+$/.test(item)) &&
        steps.every((step, i) => step >= 1 && step <= 100 && (i === 0 || step > steps[i - 1])) &&
        steps.at(-1) === 100;
    if (!valid)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("traffic-steps", `"${printable(items.join(","))}" is not allowed; allowed: ${allowed}.`);
    return steps;
}
function optional(value) {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}
function required(read, name, why) {
    const value = optional(read(name));
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `is required ${why}.`);
    return value;
}
function oneOf(read, name, allowed, fallback) {
    const value = optional(read(name));
    if (value === undefined) {
        if (fallback !== undefined)
            return fallback;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `is required; allowed values: ${allowed.join(", ")}.`);
    }
    if (!allowed.includes(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" is not allowed; allowed values: ${allowed.join(", ")}.`);
    }
    return value;
}
function bool(read, name, fallback) {
    const value = optional(read(name))?.toLowerCase();
    if (value === undefined)
        return fallback;
    if (value === "true")
        return true;
    if (value === "false")
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" is not allowed; allowed values: true, false.`);
}
function number(read, name, fallback, limits) {
    const value = optional(read(name));
    if (value === undefined)
        return fallback;
    const parsed = Number(value);
    const kind = limits.integer ? "a whole number" : "a number";
    if (!/^[0-9.]+$/.test(value) || !Number.isFinite(parsed) || (limits.integer && !Number.isInteger(parsed))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" is not ${kind}; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    if (parsed < limits.min || parsed > limits.max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `${value} is out of range; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    return parsed;
}
function url(read, name) {
    const value = optional(read(name));
    if (value === undefined)
        return undefined;
    // Never echo credentials: a URL in an error message is shown without what stands before "@".
    const shown = printable((0,_urls_js__WEBPACK_IMPORTED_MODULE_4__/* .safeUrlText */ .YQ)(value));
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${shown}" is not a URL; allowed: an http:// or https:// URL.`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${shown}" is not allowed; allowed: an http:// or https:// URL.`);
    }
    (0,_urls_js__WEBPACK_IMPORTED_MODULE_4__/* .maskUrlCredentials */ .gn)(parsed);
    return parsed;
}
function path(read, name, fallback) {
    const value = optional(read(name)) ?? fallback;
    if (!value.startsWith("/") || /[\s\u0000-\u001f]/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" is not allowed; allowed: a URL path starting with "/", without spaces.`);
    }
    return value;
}
/** Kubernetes-style object name (RFC 1123 label), also safe as an HAProxy backend name. */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
function objectName(read, name, fallback) {
    const value = optional(read(name)) ?? fallback;
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, "is required for this backend.");
    if (!NAME_PATTERN.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" is not a valid name; allowed: 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
    }
    return value;
}
/** Comma-separated list of non-empty items. */
function list(read, name) {
    const value = optional(read(name));
    if (value === undefined)
        return [];
    const items = value.split(",").map((item) => item.trim());
    if (items.some((item) => item === "")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, `"${printable(value)}" has an empty item; allowed: a comma-separated list.`);
    }
    return items;
}
/** Shows control characters visibly, so an error never prints a hostile terminal sequence. */
function printable(value) {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
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

/***/ 74425:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ warnings),
/* harmony export */   Rm: () => (/* binding */ log),
/* harmony export */   fJ: () => (/* binding */ fail)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57264);
/* harmony import */ var _detect_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71356);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);



/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log.
 * Workflow commands (::warning::, ::error::) are GitHub's; elsewhere plain prefixes read better.
 */
const onGithub = () => (0,_detect_js__WEBPACK_IMPORTED_MODULE_2__/* .detectPlatform */ .l)() === "github";
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
    info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    warn: (message) => {
        const text = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message);
        if (!said.includes(text))
            said.push(text);
        if (onGithub())
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(text);
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`warning: ${text}`);
    },
    error: (message) => (onGithub() ? _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)) : process.stderr.write(`error: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)}\n`)),
    // core.debug prints a `::debug::` command that only GitHub's runner hides; elsewhere debug lines
    // are plain and appear only when asked for (GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true).
    debug: (message) => {
        if (onGithub())
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message));
        else if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true")
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`debug: ${(0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)}`);
    },
};
/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
function fail(message) {
    if (onGithub())
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message));
    else {
        log.error(message);
        process.exitCode = 1;
    }
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


/***/ }),

/***/ 40910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ pollUntil),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Polls `probe` with exponential backoff (from `initialMs`, capped at `maxMs`) until it returns
 * a value with done=true, or throws TimeoutError naming `what` and the last detail.
 */
async function pollUntil(what, timeoutMs, probe, initialMs = 100, maxMs = 2_000) {
    const started = Date.now();
    const deadline = started + timeoutMs;
    let delay = initialMs;
    for (;;) {
        const result = await probe();
        if (result.done)
            return result;
        const left = deadline - Date.now();
        if (left <= 0) {
            const waited = ((Date.now() - started) / 1000).toFixed(1);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TimeoutError */ .MU(`${what} did not happen within ${waited} s; last seen: ${result.detail}.`);
        }
        // The last probe lands on the deadline, so the time said in the error is the time waited.
        await sleep(Math.min(delay, left));
        delay = Math.min(delay * 2, maxMs);
    }
}


/***/ })

};
