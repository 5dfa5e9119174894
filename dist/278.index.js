export const id = 278;
export const ids = [278];
export const modules = {

/***/ 58037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WE: () => (/* binding */ passes),
/* harmony export */   YC: () => (/* binding */ parseAnalysis),
/* harmony export */   no: () => (/* binding */ renderQuery)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(60267);


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
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(line)}" is not a check; ${FORMAT}.`);
        const [, name, query, op, number] = match;
        if (checks.some((check) => check.name === name)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `the name "${name}" is used twice; allowed: one name per check.`);
        }
        for (const placeholder of query.matchAll(PLACEHOLDER)) {
            if (!ALLOWED_PLACEHOLDERS.has(placeholder[1])) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("analysis", `check "${name}" uses {{${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_1__/* .printable */ .g)(placeholder[1])}}}; allowed placeholders: {{color}}, {{version}}.`);
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
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60267);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);



/** A query that does not answer in this time fails its check: a bake must not hang on its monitor. */
const QUERY_TIMEOUT_MS = 10_000;
/**
 * prometheus-url (credentials in it become a Basic header and are masked) and prometheus-token
 * (a Bearer header, masked). Undefined when no prometheus-url is set.
 */
function parsePrometheusTarget(read) {
    const token = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read("prometheus-token"));
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(token);
    const raw = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read("prometheus-url"));
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
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(password);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(base.password);
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
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(authorization.slice("Basic ".length));
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

/***/ 19451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ INPUTS),
  c: () => (/* binding */ findInput)
});

// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(20588);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(31196);
// EXTERNAL MODULE: ./src/listed.ts
var listed = __webpack_require__(87014);
;// CONCATENATED MODULE: ./src/common-inputs.ts



/** Backends whose router only routes: prepare needs the user's deploy-command there. */
const routeOnly = registry/* BACKENDS */.A7.filter((backend) => !backend.capabilities.deploysWorkload).map((backend) => backend.kind);
const deploying = registry/* BACKENDS */.A7.filter((backend) => backend.capabilities.deploysWorkload).map((backend) => backend.kind);
/**
 * The inputs every backend shares, in the order of action.yml, --help and the generated docs; the
 * backends' own inputs follow them, from their descriptors. The texts of `backend` and
 * `deploy-command` are written from the registry, so a new backend is named there without an edit.
 */
const COMMON_INPUTS = [
    {
        name: "mode",
        description: `Pipeline stage: ${inputs/* MODES */.FN.slice(0, -1).join(", ")}, or ${inputs/* MODES */.FN.at(-1)} (read-only).`,
        required: true,
        options: inputs/* MODES */.FN,
        gitlab: "absent",
    },
    {
        name: "backend",
        description: `Where production traffic is switched: ${(0,listed/* listed */.K)(registry/* BACKEND_KINDS */.pF)}.`,
        required: true,
        options: registry/* BACKEND_KINDS */.pF,
        gitlab: { description: "Where production traffic is switched." },
    },
    {
        name: "version",
        description: "The release being deployed (an image tag: letters, digits, _ . -). Required by prepare; test checks it; promote records it.",
        gitlab: {
            description: "The release being deployed (an image tag). Defaults to the commit's short SHA.",
            default: "$CI_COMMIT_SHORT_SHA",
        },
    },
    {
        name: "live-version",
        description: "prepare, on a router bluegreen has no record of yet (adopting a live router): the version production runs now, recorded for the live color so status, summaries and rollback's version check know it. Refused when the record already names another version.",
        modes: ["prepare"],
        gitlab: {
            description: "prepare, when adopting a live router: the version production runs now, recorded for the live color.",
            pattern: "^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$",
        },
    },
    {
        name: "dry-run",
        safety: true,
        description: "true: read the state, print the exact plan, change nothing.",
        default: "false",
        type: "boolean",
        gitlab: { description: "true: every job reads the state and prints the exact plan, and changes nothing." },
    },
    {
        name: "verbose",
        description: "true: the log also shows internals (states before and after, locks, temporary files, API paths and request bodies, every bake round); also on with the runner's debug logging.",
        default: "false",
        type: "boolean",
    },
    { name: "timeout", description: "Seconds any wait may take.", default: "300", type: "number" },
    {
        name: "deploy-command",
        description: `prepare: command that installs version on the target color, run without a shell; gets BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_SERVERS (${routeOnly.join(", ")}) or BLUEGREEN_DEPLOYMENT and BLUEGREEN_NAMESPACE (${deploying.join(", ")}: Helm, Kustomize, kubectl; the rollout is waited for after). Required on ${(0,listed/* listed */.K)(routeOnly, "and")}; "none" there means the version is installed already and prepare deploys nothing.`,
        modes: ["prepare"],
        gitlab: { description: `prepare (${routeOnly.join(", ")}): command that installs version on the idle color.` },
    },
    {
        name: "test-url",
        safety: true,
        description: "Base URL of the preview entry (the idle color).",
        modes: ["test"],
        gitlab: { pattern: "^(https?://\\S+)?$" },
    },
    {
        name: "health-path",
        safety: true,
        description: "Path that must answer 2xx: through test-url and verify-url, and on each server itself where the router's health view lags a restart (readiness after a deploy).",
        default: "/health",
        modes: ["test"],
        gitlab: { pattern: "^/\\S*$" },
    },
    {
        name: "version-path",
        safety: true,
        description: "Optional path whose body must contain version.",
        modes: ["test"],
        gitlab: { pattern: "^(/\\S*)?$" },
    },
    {
        name: "test-requests",
        safety: true,
        description: "Requests of the light load run by test mode.",
        default: "100",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Requests of the light load run by test." },
    },
    {
        name: "test-concurrency",
        safety: true,
        description: "Concurrent requests of that load.",
        default: "10",
        type: "number",
        modes: ["test"],
    },
    {
        name: "max-p95-ms",
        safety: true,
        description: "Highest p95 latency (ms) test mode accepts.",
        default: "500",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Highest p95 latency (ms) test accepts." },
    },
    {
        name: "max-error-rate",
        safety: true,
        description: "Highest share of failed requests (0 to 1) test mode accepts.",
        default: "0",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Highest share of failed requests (0 to 1) test accepts." },
    },
    {
        name: "test-command",
        safety: true,
        description: "Optional extra test command, run without a shell; gets BLUEGREEN_TEST_URL, BLUEGREEN_COLOR, BLUEGREEN_VERSION.",
        modes: ["test"],
        gitlab: { description: "Optional extra test command, run without a shell." },
    },
    {
        name: "verify-url",
        safety: true,
        description: "Production URL checked after promote and rollback (health, and version when version-path is set).",
        modes: ["promote", "rollback"],
        gitlab: {
            description: "Production URL checked after promote and rollback; also the GitLab environment's URL.",
            pattern: "^(https?://\\S+)?$",
        },
    },
    {
        name: "auto-rollback",
        safety: true,
        description: "true: when the check after promote fails, traffic goes back and the step fails.",
        default: "true",
        type: "boolean",
        modes: ["promote", "rollback"],
        gitlab: { description: "true: when the check after promote fails, traffic goes back and the job fails." },
    },
    {
        name: "require-test",
        safety: true,
        description: "true: promote refuses a color with no passed test recorded by test mode.",
        default: "false",
        type: "boolean",
        modes: ["promote", "rollback"],
        gitlab: {
            description: "promote refuses a color with no passed test recorded (the promote job re-tests just before switching).",
            default: "true",
        },
    },
    {
        name: "max-test-age",
        safety: true,
        description: "Seconds a passed test stays valid for promote (0: no limit).",
        default: "0",
        type: "number",
        modes: ["promote", "rollback"],
    },
    {
        name: "github-token",
        description: "promote, rollback: a token with deployments:write (e.g. github.token); records a GitHub Deployment and its statuses for environment. Empty: no records.",
        secret: true,
        modes: ["promote", "rollback"],
        gitlab: "absent",
    },
    {
        name: "environment",
        safety: true,
        description: "Name of the deployment environment the records go to.",
        default: "production",
        modes: ["promote", "rollback"],
        gitlab: {
            description: "GitLab environment of promote and rollback; names the jobs (bluegreen-<environment>-prepare...) and the resource group.",
            pattern: "^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$",
        },
    },
    {
        name: "production-environment",
        safety: true,
        description: "true: the GitHub Deployments are marked production_environment (default: true when environment is production or prod, else false).",
        modes: ["promote", "rollback"],
        gitlab: "absent",
    },
    {
        name: "ref",
        description: "prepare: the commit that built version, recorded on the router with it so that promote and rollback records name it (7 to 64 hex digits; default: GITHUB_SHA or CI_COMMIT_SHA).",
        modes: ["prepare"],
        gitlab: {
            description: "prepare: the commit that built version, kept on the router (default: the pipeline's CI_COMMIT_SHA).",
            pattern: "^([0-9a-fA-F]{7,64})?$",
        },
    },
    {
        name: "bake-time",
        safety: true,
        description: "promote, rollback: seconds production keeps being checked after the switch (verify-url and analysis); a failed check during a promote's window rolls back when auto-rollback is true. 0: the single check.",
        default: "0",
        type: "number",
        modes: ["promote", "rollback"],
        gitlab: { description: "Seconds production keeps being checked after promote and rollback (0: one check)." },
    },
    {
        name: "bake-interval",
        safety: true,
        description: "Seconds between two checks of the bake window.",
        default: "5",
        type: "number",
        modes: ["promote", "rollback"],
    },
    {
        name: "prometheus-url",
        safety: true,
        description: "Prometheus base URL for analysis (https://user:password@host/ for basic auth; the password is masked and never printed).",
        modes: ["test", "promote", "rollback"],
        gitlab: {
            description: "Prometheus base URL for analysis (its token is the masked variable INPUT_PROMETHEUS_TOKEN).",
            pattern: "^(https?://\\S+)?$",
        },
    },
    {
        name: "prometheus-token",
        description: "Bearer token for prometheus-url. Masked.",
        secret: true,
        modes: ["test", "promote", "rollback"],
        gitlab: "variable",
    },
    {
        name: "analysis",
        safety: true,
        description: "Metric checks, one per line, NAME: PROMQL <op> NUMBER (op <, <=, >, >=); {{color}} and {{version}} are replaced. Run by test mode on the preview color and at every bake check on production.",
        modes: ["test", "promote", "rollback"],
        gitlab: { description: "Metric checks, one per line: NAME: PROMQL <op> NUMBER ({{color}}, {{version}} replaced)." },
    },
    {
        name: "analysis-allow-empty",
        safety: true,
        description: "true: an analysis query that returns no data passes; false: it fails.",
        default: "false",
        type: "boolean",
        modes: ["test", "promote", "rollback"],
        gitlab: { description: "true: a query that returns no data passes." },
    },
    {
        name: "notify",
        description: "promote, rollback: webhook URLs (separated by commas, spaces or newlines) that get one message when production was promoted, rolled back, rolled back automatically, or a switch failed (default: the BLUEGREEN_NOTIFY variable). Pass it from a secret: masked, never printed.",
        secret: true,
        env: ["BLUEGREEN_NOTIFY"],
        modes: ["promote", "rollback"],
        gitlab: "variable",
    },
    {
        name: "notify-format",
        description: "The message notify sends: json (bluegreen's schema, docs/notify.schema.json), slack (an incoming webhook) or teams (a Workflows webhook: an Adaptive Card).",
        default: "json",
        options: ["json", "slack", "teams"],
        modes: ["promote", "rollback"],
        gitlab: { description: "The message notify sends: json, slack (incoming webhook) or teams (Workflows webhook)." },
    },
];

;// CONCATENATED MODULE: ./src/input-names.ts


/** Each backend input once, with the kinds that list it, in registry order. */
function backendInputs() {
    const found = new Map();
    for (const backend of registry/* BACKENDS */.A7) {
        for (const input of backend.inputs) {
            const seen = found.get(input.name);
            if (seen && seen.input !== input) {
                // Two backends may share an input only as the same object: one description, one default.
                throw new Error(`input ${input.name} is declared twice (${seen.kinds.join(", ")} and ${backend.kind}): share one InputDescriptor`);
            }
            if (seen)
                seen.kinds.push(backend.kind);
            else
                found.set(input.name, { input, kinds: [backend.kind] });
        }
    }
    return [...found.values()];
}
function spec(input, kinds) {
    return {
        name: input.name,
        description: kinds ? `${kinds.join(", ")}: ${input.description}` : input.description,
        ...(input.default !== undefined ? { default: input.default } : {}),
        ...(input.required ? { required: true } : {}),
        ...(input.type === "boolean" ? { boolean: true } : {}),
        ...(input.secret ? { secret: true } : {}),
        ...(kinds ? { backends: kinds } : {}),
        descriptor: input,
    };
}
const INPUTS = [
    ...COMMON_INPUTS.map((input) => spec(input)),
    ...backendInputs().map(({ input, kinds }) => spec(input, kinds)),
];
function findInput(name) {
    return INPUTS.find((input) => input.name === name);
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

/***/ 95833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E_: () => (/* binding */ inputTypos),
/* harmony export */   YC: () => (/* binding */ editDistance),
/* harmony export */   s9: () => (/* binding */ closestInput)
/* harmony export */ });
/* unused harmony export SAFETY_INPUTS */
/* harmony import */ var _input_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19451);

/**
 * Near misses of input names. A misspelt input is otherwise silently ignored (the runner and GitLab
 * variables accept any INPUT_* name), and the run goes ahead on a default the user did not choose.
 */
/**
 * Inputs whose loss to a typo removes or weakens a check on production, or turns a dry run into a
 * real change: a misspelling of one of these fails the step, because "warning: ignored" in a log
 * nobody reads would let a promote run unchecked. Each input says so itself (`safety: true` in its
 * descriptor: common-inputs.ts, or the backend's folder for its own, such as dns-verify-servers).
 */
const SAFETY_INPUTS = new Set(_input_names_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .m.filter((input) => input.descriptor.safety).map((input) => input.name));
/** A typed name this long (and unambiguous) is a typo, not another tool's variable: failing is safe. */
const SURE_LENGTH = 10;
/**
 * How far a name may be from an input to be called its typo. Short names match nothing: `api` is one
 * letter from `app`, and INPUT_API may well be another tool's variable. From 4 letters one edit, from
 * 8 two, then a quarter of the name.
 */
function allowedDistance(length) {
    if (length < 4)
        return 0;
    if (length < 8)
        return 1;
    return Math.max(2, Math.floor(length / 4));
}
/**
 * The real input nearest to `name` when it is an unambiguous typo of it: within allowedDistance, and
 * no other input as near (`tmeout` is `timeout`; a name between two inputs suggests neither).
 */
function closestInput(name) {
    const limit = allowedDistance(name.length);
    if (limit === 0)
        return undefined;
    let best;
    let tie = false;
    for (const input of _input_names_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .m) {
        const distance = editDistance(name, input.name);
        if (distance === 0)
            return undefined;
        if (!best || distance < best.distance) {
            best = { name: input.name, distance };
            tie = false;
        }
        else if (distance === best.distance)
            tie = true;
    }
    return best && !tie && best.distance <= limit ? best.name : undefined;
}
/**
 * The misspelt INPUT_* variables of `env`. Runners spell an input INPUT_<NAME> with hyphens kept; the
 * CLI also reads underscores (shells and GitLab variables cannot hold hyphens). The action's door
 * reads only the hyphen spelling, so there `with: verify_url:` is a typo too (its variable,
 * INPUT_VERIFY_URL, is never read).
 */
function inputTypos(env, door) {
    const known = new Set(_input_names_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .m.map((input) => input.name));
    const typos = [];
    for (const key of Object.keys(env)) {
        if (!key.startsWith("INPUT_"))
            continue;
        const raw = key.slice("INPUT_".length).toLowerCase();
        const name = raw.replace(/_/g, "-");
        let meant;
        if (known.has(name)) {
            // Read as given, or (action door) given with underscores while the hyphen spelling is also set: not a typo.
            if (door === "cli" || raw === name || env[`INPUT_${name.toUpperCase()}`] !== undefined)
                continue;
            meant = name;
        }
        else
            meant = closestInput(name);
        if (!meant)
            continue;
        const fatal = SAFETY_INPUTS.has(meant) || name.length >= SURE_LENGTH;
        // The action's user wrote the name in `with:`; a shell's user wrote the variable.
        const given = door === "action" ? `"${printableKey(raw)}" (${printableKey(key)})` : printableKey(key);
        typos.push({ key: printableKey(key), meant, fatal, sentence: typoSentence(given, name, meant, door, fatal) });
    }
    return typos;
}
function typoSentence(given, name, meant, door, fatal) {
    // The spelling this door reads: the action only reads INPUT_<NAME> with hyphens; in a shell, underscores.
    const variable = `INPUT_${meant.toUpperCase()}`;
    const right = door === "action" ? `${meant} (${variable})` : `${meant} (${variable.replace(/-/g, "_")})`;
    const what = name === meant ? "is spelt with underscores, which the action does not read" : "is not a bluegreen input";
    if (!fatal)
        return `${given} ${what} and is ignored; did you mean ${right}?`;
    const why = SAFETY_INPUTS.has(meant)
        ? `so ${meant} would silently keep its default and this step would run without what you set`
        : "so it would be silently ignored";
    return `${given} ${what}, ${why}; nothing was changed: rename it ${right}.`;
}
/** Optimal string alignment distance: Levenshtein's, with a swap of two neighbours (`bake-tiem`) one edit. */
function editDistance(a, b) {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        const row = rows[i];
        const above = rows[i - 1];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(above[j] + 1, row[j - 1] + 1, above[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, rows[i - 2][j - 2] + 1);
            }
            row[j] = best;
        }
    }
    return rows[a.length][b.length];
}
function printableKey(key) {
    return key.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
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

/***/ 31196:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FN: () => (/* reexport */ mode_names/* MODES */.F),
  o4: () => (/* binding */ parseConfig)
});

// UNUSED EXPORTS: bool, isProductionName, list, number, objectName, oneOf, optional, printable, required, url

// EXTERNAL MODULE: ./src/analysis/parse.ts
var parse = __webpack_require__(58037);
// EXTERNAL MODULE: ./src/analysis/prometheus.ts
var analysis_prometheus = __webpack_require__(84680);
// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(20588);
;// CONCATENATED MODULE: ./src/command-line.ts
/**
 * User commands (deploy-command, test-command) run without a shell: @actions/exec splits the line into
 * arguments at spaces, and only double quotes group. `./deploy.sh && echo done` then runs deploy.sh
 * with the three arguments `&&`, `echo`, `done`, and succeeds without running `echo`: shell operators
 * written as whole arguments are a mistake caught before anything runs. Inside an argument they stay
 * allowed (a Helm `--set a=b;c`, a jsonpath `{.items[?(@.x>1)]}`), and so does a quoted one (`"|"`).
 */
/**
 * The arguments of a command line exactly as @actions/exec's argStringToArray makes them (its
 * toolrunner is not exported): spaces split outside double quotes, a backslash escapes only `"` and
 * `\` inside them, and quotes are removed. test/command-line.test.ts compares both on real commands.
 */
function commandWords(line) {
    const words = [];
    let text = "";
    let quoted = false;
    let inQuotes = false;
    let escaped = false;
    let started = false;
    const append = (c) => {
        if (escaped && c !== '"')
            text += "\\";
        text += c;
        escaped = false;
        started = true;
    };
    for (const c of line) {
        if (c === '"') {
            if (escaped)
                append(c);
            else {
                inQuotes = !inQuotes;
                quoted = true;
            }
            continue;
        }
        if (c === "\\" && escaped) {
            append(c);
            continue;
        }
        if (c === "\\" && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === " " && !inQuotes) {
            if (text.length > 0)
                words.push({ text, quoted });
            text = "";
            quoted = false;
            started = false;
            continue;
        }
        append(c);
    }
    if (started && text.length > 0)
        words.push({ text: text.trim(), quoted });
    return words;
}
/** What a shell would read as an operator when written alone: lists, pipes, redirections, background. */
const OPERATORS = new Set(["&&", "||", "|", "|&", ";", ";;", "&", ">", ">>", "<", "<<", "2>", "2>>", "&>", "2>&1", ">&2", "1>&2"]);
/**
 * The shell operators `line` holds as whole unquoted arguments, with the sentence that says how to
 * write it; undefined when there are none. The fix names the shell, quoted the way @actions/exec
 * groups (double quotes: single quotes do not group there, `bash -c 'a && b'` would split at spaces).
 */
function shellOperatorProblem(line) {
    const operators = commandWords(line)
        .filter((word) => !word.quoted && OPERATORS.has(word.text))
        .map((word) => word.text);
    if (operators.length === 0)
        return undefined;
    const distinct = [...new Set(operators)];
    const shown = distinct.map((op) => `"${op}"`).join(", ");
    const one = distinct.length === 1;
    // Escaped for the example: its own quotes and backslashes, and any control character shown, not sent to a terminal.
    const inner = line
        .trim()
        .replace(/\\/g, "\\\\")
        .replace(/"/g, '\\"')
        .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
    return `holds the shell operator${one ? "" : "s"} ${shown} as ${one ? "a whole argument" : "whole arguments"}, but commands run without a shell, so the program would get ${one ? "it as an argument" : "them as arguments"}; nothing was changed: name the shell, e.g. bash -c "${inner}", or put the steps in a script.`;
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/input-values.ts
var input_values = __webpack_require__(15214);
// EXTERNAL MODULE: ./src/ledger.ts
var ledger = __webpack_require__(58730);
// EXTERNAL MODULE: ./src/mode-names.ts
var mode_names = __webpack_require__(66061);
// EXTERNAL MODULE: ./src/urls.ts
var urls = __webpack_require__(75769);
;// CONCATENATED MODULE: ./src/inputs.ts












// The primitives live in input-text.ts, which imports nothing, so that the analysis parsers can use
// them without importing this module back (no cycle); re-exported for every other reader of inputs.

/** A container image tag: what every router here can hold, and nothing a shell would expand. */
const VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
function parseConfig(read, env = process.env) {
    const mode = (0,input_values/* oneOf */.yL)(read, "mode", mode_names/* MODES */.F);
    const backend = (0,input_values/* oneOf */.yL)(read, "backend", registry/* BACKEND_KINDS */.pF);
    const version = (0,input_text/* optional */.l)(read("version"));
    if (version !== undefined && !VERSION_PATTERN.test(version)) {
        throw new errors/* InputError */.dz("version", `"${(0,input_text/* printable */.g)(version)}" is not a valid version: use 1 to 128 letters, digits, "_", "." or "-" (as an image tag), not starting with "." or "-".`);
    }
    const liveVersion = (0,input_text/* optional */.l)(read("live-version"));
    if (liveVersion !== undefined && !VERSION_PATTERN.test(liveVersion)) {
        throw new errors/* InputError */.dz("live-version", `"${(0,input_text/* printable */.g)(liveVersion)}" is not a valid version: use 1 to 128 letters, digits, "_", "." or "-" (as an image tag), not starting with "." or "-".`);
    }
    if (mode === "prepare" && version === undefined) {
        throw new errors/* InputError */.dz("version", "is required when mode is prepare (the release to put on the idle color).");
    }
    const testUrl = (0,input_values/* url */.OZ)(read, "test-url");
    const verifyUrl = (0,input_values/* url */.OZ)(read, "verify-url");
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
        liveVersion,
        dryRun: (0,input_values/* bool */.lc)(read, "dry-run", false),
        verbose: (0,input_values/* bool */.lc)(read, "verbose", false),
        timeoutSeconds: (0,input_values/* number */.ai)(read, "timeout", 300, { min: 1, max: 86_400 }),
        deployCommand: deploy.command,
        deployedAlready: deploy.deployedAlready,
        smoke: {
            testUrl,
            healthPath,
            versionPath: (0,input_text/* optional */.l)(read("version-path")) === undefined ? undefined : path(read, "version-path", "/"),
            requests: (0,input_values/* number */.ai)(read, "test-requests", 100, { min: 0, max: 1_000_000, integer: true }),
            concurrency: (0,input_values/* number */.ai)(read, "test-concurrency", 10, { min: 1, max: 1_000, integer: true }),
            maxP95Ms: (0,input_values/* number */.ai)(read, "max-p95-ms", 500, { min: 0, max: 600_000 }),
            maxErrorRate: (0,input_values/* number */.ai)(read, "max-error-rate", 0, { min: 0, max: 1 }),
            testCommand: userCommand(read, "test-command"),
        },
        verifyUrl,
        autoRollback: (0,input_values/* bool */.lc)(read, "auto-rollback", true),
        maxTestAgeSeconds: (0,input_values/* number */.ai)(read, "max-test-age", 0, { min: 0, max: 31_536_000 }),
        requireTest: (0,input_values/* bool */.lc)(read, "require-test", false),
        steps: trafficSteps(read, backend),
        stepWaitSeconds: (0,input_values/* number */.ai)(read, "step-wait", 30, { min: 0, max: 3_600 }),
        githubToken: (0,input_text/* optional */.l)(read("github-token")),
        environment: (0,input_text/* optional */.l)(read("environment")),
        bakeSeconds: (0,input_values/* number */.ai)(read, "bake-time", 0, { min: 0, max: 86_400 }),
        bakeIntervalSeconds: (0,input_values/* number */.ai)(read, "bake-interval", 5, { min: 1, max: 3_600 }),
        analysis: analysisSettings(read),
        scaleDownDelaySeconds: scaleDownDelay(read),
        ref: commitRef(read, env),
        productionEnvironment: (0,input_values/* bool */.lc)(read, "production-environment", isProductionName((0,input_text/* optional */.l)(read("environment")) ?? "production")),
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
    throw new errors/* InputError */.dz(name, `"${(0,urls/* safeUrl */.Pl)(base)}" already ends with health-path "${healthPath}", which bluegreen appends itself (it would request ${(0,urls/* safeUrl */.Pl)(base).replace(/\/+$/, "")}${healthPath}); allowed: the base URL, e.g. "${(0,urls/* safeUrl */.Pl)(suggested)}".`);
}
/**
 * On a backend whose router only routes (its descriptor says it deploys no workload), a prepare with
 * no deploy-command would record a version as deployed that nobody deployed; it takes an explicit
 * `none` ("I deployed it already") to do that on purpose.
 */
function deployCommand(read, mode, backend) {
    const value = userCommand(read, "deploy-command");
    if (value === "none")
        return { deployedAlready: true };
    if (value === undefined && mode === "prepare" && !(0,registry/* descriptorOf */.nb)(backend)?.capabilities.deploysWorkload) {
        throw new errors/* InputError */.dz("deploy-command", `is required when mode is prepare on backend ${backend}: the command that installs the version on the idle color, or "none" if it is installed already.`);
    }
    return { command: value, deployedAlready: false };
}
/** A command input, refused when it holds shell operators that would reach the program as arguments. */
function userCommand(read, name) {
    const value = (0,input_text/* optional */.l)(read(name));
    const problem = value === undefined ? undefined : shellOperatorProblem(value);
    if (problem)
        throw new errors/* InputError */.dz(name, problem);
    return value;
}
function analysisSettings(read) {
    const prometheus = (0,analysis_prometheus/* parsePrometheusTarget */.D3)(read);
    const checks = (0,parse/* parseAnalysis */.YC)(read("analysis"));
    const allowEmpty = (0,input_values/* bool */.lc)(read, "analysis-allow-empty", false);
    if (checks.length === 0)
        return undefined;
    if (!prometheus)
        throw new errors/* InputError */.dz("prometheus-url", "is required when analysis is set: the Prometheus the queries go to.");
    return { prometheus, checks, allowEmpty };
}
/** Argo Rollouts' default too: kube-proxy on every node follows EndpointSlices late, so old pods still get requests. */
const DEFAULT_SCALE_DOWN_DELAY = 30;
function scaleDownDelay(read) {
    // Checked on every backend (a typo should not wait for a Kubernetes run to show), used only where
    // scale-down-replicas is set; action.yml's default means it is always "given" on GitHub.
    const delay = (0,input_values/* number */.ai)(read, "scale-down-delay", DEFAULT_SCALE_DOWN_DELAY, { min: 0, max: 3_600 });
    // Without scale-down-replicas nothing is scaled down, so there is nothing to wait for.
    return (0,input_text/* optional */.l)(read("scale-down-replicas")) === undefined ? 0 : delay;
}
/** The `ref` input, else the commit the CI run builds; undefined outside CI. */
function commitRef(read, env) {
    const value = (0,input_text/* optional */.l)(read("ref"));
    if (value === undefined) {
        const ci = (env.GITHUB_SHA || env.CI_COMMIT_SHA || "").trim().toLowerCase();
        return ledger/* COMMIT_PATTERN */.TJ.test(ci) ? ci : undefined;
    }
    if (!ledger/* COMMIT_PATTERN */.TJ.test(value.toLowerCase())) {
        throw new errors/* InputError */.dz("ref", `"${(0,input_text/* printable */.g)(value)}" is not a commit id; allowed: 7 to 64 hexadecimal digits (a commit SHA).`);
    }
    return value.toLowerCase();
}
/** GitHub's own default for production_environment, widened to the usual short name. */
function isProductionName(environment) {
    return /^(production|prod)$/i.test(environment);
}
function trafficSteps(read, backend) {
    const items = (0,input_values/* list */.p_)(read, "traffic-steps");
    if (items.length === 0)
        return undefined;
    if (!(0,registry/* descriptorOf */.nb)(backend)?.capabilities.trafficSteps) {
        const stepping = registry/* BACKENDS */.A7.filter((candidate) => candidate.capabilities.trafficSteps).map((candidate) => candidate.kind);
        throw new errors/* InputError */.dz("traffic-steps", `is only allowed with backend ${stepping.join(" or ")}, not ${backend}.`);
    }
    const allowed = "whole percentages from 1 to 100, increasing, ending with 100 (e.g. 10,50,100)";
    const steps = items.map((item) => Number(item));
    const valid = items.every((item) => /^[0-9]+$/.test(item)) &&
        steps.every((step, i) => step >= 1 && step <= 100 && (i === 0 || step > steps[i - 1])) &&
        steps.at(-1) === 100;
    if (!valid)
        throw new errors/* InputError */.dz("traffic-steps", `"${(0,input_text/* printable */.g)(items.join(","))}" is not allowed; allowed: ${allowed}.`);
    return steps;
}
function path(read, name, fallback) {
    const value = (0,input_text/* optional */.l)(read(name)) ?? fallback;
    if (!value.startsWith("/") || /[\s\u0000-\u001f]/.test(value)) {
        throw new errors/* InputError */.dz(name, `"${(0,input_text/* printable */.g)(value)}" is not allowed; allowed: a URL path starting with "/", without spaces.`);
    }
    return value;
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

/***/ 66061:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ MODES)
/* harmony export */ });
/** The modes, one per pipeline stage (this module imports nothing: descriptors and the CLI read it). */
const MODES = ["prepare", "test", "promote", "rollback", "status"];


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

/***/ 66142:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Et: () => (/* binding */ setColours),
/* harmony export */   iF: () => (/* binding */ style),
/* harmony export */   pU: () => (/* binding */ coloursWanted)
/* harmony export */ });
/**
 * Colours for the human log: green ✓, red ✗, a bold result. Only on a terminal (stdout is a TTY),
 * never when NO_COLOR is set to any value (no-color.org), never with --output json (a script reads
 * stdout then), and never in CI logs, where escape codes reach files and notifications.
 */
let colours = false;
/** Decided once per run, by the door that knows the terminal (the CLI). */
function setColours(on) {
    colours = on;
}
function coloursWanted(stdoutIsTty, env, jsonOutput) {
    return stdoutIsTty && env.NO_COLOR === undefined && !jsonOutput;
}
const paint = (code) => (text) => (colours ? `\x1b[${code}m${text}\x1b[0m` : text);
const style = {
    ok: paint("32"),
    bad: paint("31"),
    bold: paint("1"),
};


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
