export const id = 193;
export const ids = [193];
export const modules = {

/***/ 69193:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createOvhBackend: () => (/* binding */ createOvhBackend)
});

// UNUSED EXPORTS: OvhBackend

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/ovh/api.ts





const DEFAULT_RETRY = { attempts: 5, initialDelayMs: 500, maxDelayMs: 8_000 };
/** Network failures worth another try: the request may not have reached OVH, or its answer was lost. */
const RETRYABLE_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENETUNREACH", "ECONNABORTED"]);
/**
 * A thin promise wrapper over the official client: one method per verb, retries with backoff where
 * a retry is safe and useful (429, 5xx, connection resets), never on other 4xx (a refused call
 * stays refused), and every failure as a RouterError carrying the HTTP status and OVH's message.
 */
class OvhApi {
    client;
    retry;
    requestTimeoutMs;
    constructor(client, retry = DEFAULT_RETRY, requestTimeoutMs = 60_000) {
        this.client = client;
        this.retry = retry;
        this.requestTimeoutMs = requestTimeoutMs;
    }
    attempt(method, path, params) {
        // The client deletes keys from the object it is given: hand it a copy.
        return withDeadline(this.client.requestPromised(method, path, params ? { ...params } : {}), this.requestTimeoutMs);
    }
    get(path, query) {
        return this.call("GET", path, query);
    }
    put(path, body) {
        return this.call("PUT", path, body);
    }
    post(path, body) {
        return this.call("POST", path, body);
    }
    /**
     * The client learns the API's clock (GET /auth/time) or fetches its OAuth2 token on its first
     * request, once per request in flight: the first call runs alone so that happens once.
     */
    firstCall;
    async call(method, path, params) {
        if (!this.firstCall) {
            const result = this.callWithRetry(method, path, params);
            this.firstCall = result.catch(() => undefined);
            return result;
        }
        await this.firstCall;
        return this.callWithRetry(method, path, params);
    }
    async callWithRetry(method, path, params) {
        let delay = this.retry.initialDelayMs;
        for (let attempt = 1;; attempt++) {
            try {
                return (await this.attempt(method, path, params));
            }
            catch (raw) {
                const failure = describeFailure(raw);
                if (attempt >= this.retry.attempts || !isRetryable(failure))
                    throw toRouterError(method, path, failure, attempt);
                log/* log */.Rm.info((0,secrets/* redact */.E$)(`OVH API ${method} ${path}: ${summary(failure)}; trying again in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts}).`));
                await (0,wait/* sleep */.y)(delay);
                delay = Math.min(delay * 2, this.retry.maxDelayMs);
            }
        }
    }
}
/**
 * One request, with a deadline of our own. The client's `timeout` option is not used: it adds a
 * listener to the socket on every request, and Node's keep-alive agent reuses sockets, so a run
 * of a few dozen calls printed MaxListenersExceededWarning.
 */
function withDeadline(request, timeoutMs) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            const error = Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: "ETIMEDOUT" });
            reject({ error });
        }, timeoutMs);
        timer.unref();
        Promise.resolve(request).then((value) => {
            clearTimeout(timer);
            resolve(value);
        }, (error) => {
            clearTimeout(timer);
            reject(error);
        });
    });
}
function isRetryable(failure) {
    if (failure.status !== undefined)
        return failure.status === 429 || failure.status >= 500;
    return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}
/**
 * node-ovh rejects with `{ error, message }`, where error is the HTTP status (message: OVH's
 * `message` field), a negative errno, an Error, a text of its own, or an OAuth2 failure object.
 */
function describeFailure(raw) {
    const { error, message } = (raw ?? {});
    const text = (value) => (typeof value === "string" ? value : value == null ? "" : JSON.stringify(value));
    if (typeof error === "number" && error >= 100)
        return { status: error, message: text(message) || "no message" };
    if (typeof error === "number") {
        let code = `errno ${error}`;
        try {
            code = (0,external_node_util_.getSystemErrorName)(error);
        }
        catch {
            // not a system errno: keep the number
        }
        return { code, message: code };
    }
    if (error instanceof Error) {
        const code = error.code;
        return { ...(code ? { code } : {}), message: error.message };
    }
    if (typeof error === "string")
        return { message: error };
    if (error && typeof error === "object") {
        // OAuth2 token request failed: { statusCode, error, message }.
        const oauth = error;
        const status = typeof oauth.statusCode === "number" ? oauth.statusCode : undefined;
        const detail = [text(oauth.error), text(oauth.message)].filter(Boolean).join(": ");
        return { ...(status ? { status } : {}), oauth: true, message: `OAuth2 token request failed${detail ? `: ${detail}` : ""}` };
    }
    if (raw instanceof Error)
        return { message: raw.message };
    return { message: text(raw) || "unknown failure" };
}
function summary(failure) {
    if (failure.oauth)
        return failure.status !== undefined ? `${failure.message} (HTTP ${failure.status})` : failure.message;
    if (failure.status !== undefined)
        return `HTTP ${failure.status}: ${failure.message}`;
    return failure.message;
}
function toRouterError(method, path, failure, attempts) {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    // A token endpoint's status is not the API object's: a 404 there must not read as "no such frontend".
    const status = failure.oauth ? undefined : failure.status;
    return new errors/* RouterError */.KJ((0,secrets/* redact */.E$)(`OVH API ${method} ${path} failed${tries}: ${summary(failure)}${hint(failure)}`), status);
}
/** A sentence pointing at the input to fix, for the failures people actually meet. */
function hint(failure) {
    const message = failure.message.toLowerCase();
    if (message.includes("invalid signature")) {
        return " (the request signature did not match: check ovh-application-secret and ovh-consumer-key, or OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY)";
    }
    if (message.includes("invalid application key"))
        return " (check ovh-application-key or OVH_APPLICATION_KEY)";
    if (message.includes("credential"))
        return " (check ovh-consumer-key: it must exist, be validated and grant this call)";
    if (message.includes("oauth2"))
        return " (check ovh-client-id and ovh-client-secret)";
    if (message.includes("unable to fetch ovh api time"))
        return " (the endpoint did not answer GET /auth/time: check ovh-endpoint)";
    if (failure.code === "ECONNREFUSED" || failure.code === "ENOTFOUND")
        return " (check ovh-endpoint)";
    if (failure.status === 403)
        return " (the consumer key does not grant this call: add it to the key's access rules)";
    return "";
}

;// CONCATENATED MODULE: ./src/backends/ovh/client.ts
/**
 * Builds the official client. It is CommonJS and pulls in bluebird, async and simple-oauth2, so it is
 * imported only here, when an ipLoadbalancing run actually needs it.
 */
async function createOvhRequester(options) {
    const imported = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(265)]).then(__webpack_require__.t.bind(__webpack_require__, 86265, 23));
    // CommonJS through ESM: the factory is the default export (ncc and Node agree on this shape).
    const factory = (imported.default ?? imported);
    const { endpoint, credentials } = options;
    // No `timeout`: OvhApi keeps its own deadline per request (see withDeadline in api.ts).
    const params = {};
    if (endpoint.kind === "named") {
        params.endpoint = endpoint.name;
    }
    else {
        params.host = endpoint.host;
        params.port = endpoint.port;
        params.basePath = endpoint.basePath;
        if (credentials.kind === "oauth2")
            params.tokenURL = endpoint.tokenUrl;
    }
    if (credentials.kind === "keys") {
        params.appKey = credentials.applicationKey;
        params.appSecret = credentials.applicationSecret;
        params.consumerKey = credentials.consumerKey;
    }
    else {
        params.clientID = credentials.clientId;
        params.clientSecret = credentials.clientSecret;
    }
    return factory(params);
}

// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(17625);
;// CONCATENATED MODULE: ./src/backends/ovh/options.ts




/**
 * The ipLoadbalancing backend's inputs, parsed and checked before any request. This module must not
 * import @ovhcloud/node-ovh: an input error should cost nothing, and other backends never load it.
 */
const OVH_ENDPOINTS = ["ovh-eu", "ovh-ca", "ovh-us"];
const OVH_PROTOCOLS = ["http", "tcp", "udp"];
/** Environment variables the key inputs default to, as OVH's own tools name them. */
const KEY_INPUTS = [
    ["ovh-application-key", "OVH_APPLICATION_KEY"],
    ["ovh-application-secret", "OVH_APPLICATION_SECRET"],
    ["ovh-consumer-key", "OVH_CONSUMER_KEY"],
];
/** IPLB service names: letters, digits and . _ - (also keeps "/" "?" "{" out of request paths). */
const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
function parseOvhOptions(read, env = process.env) {
    // Secrets first, so that no later error message can carry one unmasked.
    const credentials = parseCredentials(read, env);
    const endpoint = parseEndpoint(read);
    const service = (0,inputs/* required */.mw)(read, "ovh-service", "for backend ipLoadbalancing (the Load Balancer's serviceName, e.g. loadbalancer-1a2b3c)");
    if (!SERVICE_PATTERN.test(service)) {
        throw new errors/* InputError */.dz("ovh-service", `"${(0,inputs/* printable */.g$)(service)}" is not allowed; allowed: a serviceName of letters, digits and . _ -.`);
    }
    const protocol = (0,inputs/* oneOf */.yL)(read, "ovh-protocol", OVH_PROTOCOLS, "http");
    const frontends = idList(read, "ovh-frontends");
    if (frontends.length === 0) {
        throw new errors/* InputError */.dz("ovh-frontends", "is required for backend ipLoadbalancing: the production frontend ids, comma-separated (one per port).");
    }
    const previewFrontends = idList(read, "ovh-preview-frontends");
    if (previewFrontends.length !== 0 && previewFrontends.length !== frontends.length) {
        throw new errors/* InputError */.dz("ovh-preview-frontends", `has ${previewFrontends.length} ids but ovh-frontends has ${frontends.length}; allowed: one preview frontend per production frontend, in the same order, or none.`);
    }
    const overlap = previewFrontends.filter((id) => frontends.includes(id));
    if (overlap.length > 0) {
        throw new errors/* InputError */.dz("ovh-preview-frontends", `frontend ${overlap.join(", ")} is also in ovh-frontends; a preview frontend must differ from production.`);
    }
    for (const [name, ids] of [
        ["ovh-frontends", frontends],
        ["ovh-preview-frontends", previewFrontends],
    ]) {
        const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
        if (repeated !== undefined)
            throw new errors/* InputError */.dz(name, `lists frontend ${repeated} twice.`);
    }
    const farms = { blue: idList(read, "ovh-blue-farms"), green: idList(read, "ovh-green-farms") };
    for (const color of colors/* COLORS */.lm) {
        const name = `ovh-${color}-farms`;
        if (farms[color].length !== frontends.length) {
            throw new errors/* InputError */.dz(name, `has ${farms[color].length} ids but ovh-frontends has ${frontends.length}; allowed: one ${color} farm per production frontend, in the same order.`);
        }
    }
    const shared = farms.blue.filter((id) => farms.green.includes(id));
    if (shared.length > 0) {
        throw new errors/* InputError */.dz("ovh-green-farms", `farm ${shared.join(", ")} is also in ovh-blue-farms; the two colors need different farms.`);
    }
    return { endpoint, credentials, service, protocol, frontends, previewFrontends, farms };
}
function parseCredentials(read, env) {
    // Each API key: the input, else the environment variable OVH's own tools read.
    const keyInputs = KEY_INPUTS.map(([input, variable]) => ({ input, variable, given: (0,inputs/* optional */.lq)(read(input)) }));
    const [applicationKey, applicationSecret, consumerKey] = keyInputs.map((key) => key.given ?? (0,inputs/* optional */.lq)(env[key.variable] ?? ""));
    const clientId = (0,inputs/* optional */.lq)(read("ovh-client-id"));
    const clientSecret = (0,inputs/* optional */.lq)(read("ovh-client-secret"));
    // Mask before any check: an error below must never be the first place a secret shows up.
    (0,secrets/* maskSecret */.$l)(applicationSecret);
    (0,secrets/* maskSecret */.$l)(consumerKey);
    (0,secrets/* maskSecret */.$l)(clientSecret);
    const oauthGiven = clientId !== undefined || clientSecret !== undefined;
    // Keys from the environment alone do not conflict with OAuth2 inputs: a runner may export them globally.
    if (oauthGiven && keyInputs.some((key) => key.given !== undefined)) {
        throw new errors/* InputError */.dz("ovh-client-id", "OAuth2 credentials (ovh-client-id, ovh-client-secret) and API keys (ovh-application-key, ovh-application-secret, ovh-consumer-key) were both given; allowed: exactly one of the two sets.");
    }
    if (oauthGiven) {
        if (clientId === undefined)
            throw new errors/* InputError */.dz("ovh-client-id", "is required with ovh-client-secret (OAuth2 service account).");
        if (clientSecret === undefined)
            throw new errors/* InputError */.dz("ovh-client-secret", "is required with ovh-client-id (OAuth2 service account).");
        return { kind: "oauth2", clientId, clientSecret };
    }
    const values = [applicationKey, applicationSecret, consumerKey];
    const missing = keyInputs.filter((_, i) => values[i] === undefined);
    if (missing.length === keyInputs.length) {
        throw new errors/* InputError */.dz("ovh-application-key", "no OVH credentials were given; allowed: ovh-application-key, ovh-application-secret and ovh-consumer-key (or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), or ovh-client-id and ovh-client-secret.");
    }
    const first = missing[0];
    if (first) {
        throw new errors/* InputError */.dz(first.input, `is required with the other API keys (or set ${first.variable}); missing: ${missing.map((key) => key.input).join(", ")}.`);
    }
    return {
        kind: "keys",
        applicationKey: applicationKey,
        applicationSecret: applicationSecret,
        consumerKey: consumerKey,
    };
}
function parseEndpoint(read) {
    const text = (0,inputs/* optional */.lq)(read("ovh-endpoint")) ?? "ovh-eu";
    if (OVH_ENDPOINTS.includes(text)) {
        return { kind: "named", name: text, text };
    }
    const allowed = `allowed: ${OVH_ENDPOINTS.join(", ")}, or an https:// URL such as https://eu.api.ovh.com/1.0`;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new errors/* InputError */.dz("ovh-endpoint", `"${(0,inputs/* printable */.g$)(text)}" is neither a known endpoint nor a URL; ${allowed}.`);
    }
    // The client always speaks HTTPS: an http:// URL would silently be called over TLS anyway.
    if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
        throw new errors/* InputError */.dz("ovh-endpoint", `"${(0,inputs/* printable */.g$)(text)}" is not allowed; ${allowed} (https only, no credentials or query).`);
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
    return (0,inputs/* list */.p_)(read, name).map((item) => {
        if (!/^[0-9]{1,15}$/.test(item) || Number(item) < 1) {
            throw new errors/* InputError */.dz(name, `"${(0,inputs/* printable */.g$)(item)}" is not an id; allowed: a comma-separated list of positive whole numbers.`);
        }
        return Number(item);
    });
}

;// CONCATENATED MODULE: ./src/backends/ovh/paths.ts
/** The IPLB API paths bluegreen calls, in one place so plans print exactly what is sent. */
class IplbPaths {
    protocol;
    base;
    constructor(service, protocol) {
        this.protocol = protocol;
        this.base = `/ipLoadbalancing/${encodeURIComponent(service)}`;
    }
    frontend(id) {
        return `${this.base}/${this.protocol}/frontend/${id}`;
    }
    farm(id) {
        return `${this.base}/${this.protocol}/farm/${id}`;
    }
    servers(farmId) {
        return `${this.farm(farmId)}/server`;
    }
    server(farmId, serverId) {
        return `${this.servers(farmId)}/${serverId}`;
    }
    refresh() {
        return `${this.base}/refresh`;
    }
    tasks() {
        return `${this.base}/task`;
    }
    task(id) {
        return `${this.base}/task/${id}`;
    }
    pendingChanges() {
        return `${this.base}/pendingChanges`;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/backends/ovh/servers.ts


async function readFarms(api, paths, farmIds, input) {
    return Promise.all([...new Set(farmIds)].map(async (farmId) => {
        let farm;
        try {
            farm = await api.get(paths.farm(farmId));
        }
        catch (error) {
            if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
                throw new errors/* InputError */.dz(input, `the Load Balancer has no farm ${farmId} (${error.message}); check the ids and ovh-protocol.`);
            }
            throw error;
        }
        const ids = await api.get(paths.servers(farmId));
        const servers = await Promise.all(ids.map((id) => api.get(paths.server(farmId, id))));
        return { farm, servers: servers.sort((a, b) => a.serverId - b.serverId) };
    }));
}
/**
 * A server takes traffic safely when it is "active" and every Load Balancer instance that checks
 * it reports it UP. HAProxy's "no check" (probe off) counts as up, as in the haproxy backend: the
 * Load Balancer sends it traffic and knows nothing better. UDP servers have no checks at all.
 */
function serverHealth(server, protocol) {
    const name = `server ${server.serverId} ${endpointOf(server)}`;
    if (server.status !== "active")
        return { ready: false, detail: `${name} is ${server.status}` };
    if (protocol === "udp")
        return { ready: true, detail: `${name} active` };
    const states = server.serverState ?? [];
    if (states.length === 0) {
        // Probe off: nothing will ever report; probe on: no check result yet (new server, refresh pending).
        return server.probe === false
            ? { ready: true, detail: `${name} active (no probe)` }
            : { ready: false, detail: `${name} has no health check result yet` };
    }
    const bad = states.filter((state) => !isUp(state.status));
    if (bad.length > 0) {
        const why = bad
            .map((s) => `instance ${s.instanceId ?? "?"} ${s.status ?? "unknown"}${s.checkStatus ? ` (${s.checkStatus})` : ""}`)
            .join(", ");
        return { ready: false, detail: `${name}: ${why}` };
    }
    return { ready: true, detail: `${name} UP on ${states.length} instance${states.length > 1 ? "s" : ""}` };
}
function isUp(status) {
    const text = (status ?? "").trim().toUpperCase();
    // "UP 1/3" is a server going down (failing checks), not a healthy one.
    return text === "UP" || text === "NO CHECK";
}
function readinessOf(farms, protocol) {
    const servers = farms.flatMap((view) => view.servers);
    const ids = farms.map((view) => view.farm.farmId).join(", ");
    if (servers.length === 0)
        return { ready: false, summary: `farm ${ids} has no servers` };
    const health = servers.map((server) => serverHealth(server, protocol));
    const ready = health.filter((h) => h.ready).length;
    const notReady = health.filter((h) => !h.ready).map((h) => h.detail);
    return {
        ready: ready === servers.length,
        summary: `${ready}/${servers.length} servers of farm ${ids} ready${notReady.length ? ` (${notReady.join("; ")})` : ""}`,
    };
}
/** `address:port`, the server's port or else the farm's (a server without one uses its farm's). */
function targetsOf(farms) {
    return farms.flatMap((view) => view.servers.map((server) => endpointOf(server, view.farm)));
}
/**
 * Farm ids plus a short digest of the servers (ids, addresses, ports), so it fits the ledger in a
 * display name: any server added, removed or moved changes it.
 */
function fingerprintOf(farms) {
    const servers = farms
        .flatMap((view) => view.servers.map((server) => `${view.farm.farmId}/${server.serverId}=${endpointOf(server, view.farm)}`))
        .sort()
        .join(",");
    const digest = (0,external_node_crypto_.createHash)("sha256").update(servers).digest("hex").slice(0, 12);
    const count = farms.reduce((n, view) => n + view.servers.length, 0);
    return `farms ${farms.map((view) => view.farm.farmId).join(",")} ${count} servers #${digest}`;
}
function endpointOf(server, farm) {
    const port = server.port ?? farm?.port;
    const host = server.address.includes(":") ? `[${server.address}]` : server.address;
    return port == null ? server.address : `${host}:${port}`;
}

// EXTERNAL MODULE: ./src/ledger.ts
var ledger = __webpack_require__(58730);
;// CONCATENATED MODULE: ./src/backends/ovh/display-name.ts
/**
 * OVH frontends have no annotations, so bluegreen keeps its ledger in the first production
 * frontend's displayName, after the user's own name: `www [bg:live=green&previous=blue...]`.
 * The name is "for you" in OVH's words (no effect on traffic), survives between jobs, and is
 * written in the same PUT as that frontend's defaultFarmId, so routing and record move together.
 */
const LEDGER_SUFFIX = /\s*\[bg:([^\]]*)\]\s*$/;
function splitDisplayName(name) {
    const text = name ?? "";
    const match = LEDGER_SUFFIX.exec(text);
    if (!match)
        return { userName: text, ledgerText: "" };
    return { userName: text.slice(0, match.index), ledgerText: match[1] };
}
/** encodeLedger() output never holds "[" or "]" (URLSearchParams escapes them), so the suffix parses back. */
function joinDisplayName(userName, ledgerText) {
    if (ledgerText === "")
        return userName;
    return userName === "" ? `[bg:${ledgerText}]` : `${userName} [bg:${ledgerText}]`;
}

;// CONCATENATED MODULE: ./src/backends/ovh/refresh.ts


/**
 * OVH stages frontend and farm changes; nothing reaches traffic until POST /refresh creates a
 * refreshIplb task and that task is done. These helpers send and follow such tasks.
 */
/** First and longest pause between two looks at a task: refreshes take seconds to minutes. */
const TASK_POLL = { initialMs: 250, maxMs: 5_000 };
/** A refresh that ended in error, cancelled or blocked. */
class RefreshFailedError extends errors/* RouterError */.KJ {
    task;
    constructor(task) {
        super(`the refresh task ${task.id} ended in ${task.status}`);
        this.task = task;
    }
}
/** refreshIplb tasks still todo or doing (the API filters by one status per call). */
async function activeRefreshTasks(api, paths) {
    const ids = (await Promise.all(["todo", "doing"].map((status) => api.get(paths.tasks(), { action: "refreshIplb", status })))).flat();
    return Promise.all([...new Set(ids)].map((id) => api.get(paths.task(id))));
}
/**
 * Waits until no refresh is todo or doing, as OVH's Terraform provider does before its own: a
 * refresh started by someone else while we stage changes could deploy half of them.
 */
async function waitForIdleRefresh(api, paths, timeoutMs) {
    await (0,wait/* pollUntil */.g)("the end of the refresh already running on the Load Balancer", timeoutMs, async () => {
        const tasks = await activeRefreshTasks(api, paths);
        return { done: tasks.length === 0, detail: tasks.map((t) => `task ${t.id} ${t.status}`).join(", ") };
    }, TASK_POLL.initialMs, TASK_POLL.maxMs);
}
/** POST /refresh, then polls the task with backoff until done; throws RefreshFailedError or TimeoutError. */
async function refreshAndWait(api, paths, timeoutMs) {
    const created = await postRefresh(api, paths);
    return waitForTask(api, paths, created.id, timeoutMs);
}
/** POST /refresh: asks OVH to apply the staged configuration; answers the refreshIplb task. */
async function postRefresh(api, paths) {
    const created = await api.post(paths.refresh());
    if (typeof created?.id !== "number")
        throw new errors/* RouterError */.KJ(`OVH API POST ${paths.refresh()} answered no task: ${JSON.stringify(created)}`);
    return created;
}
async function waitForTask(api, paths, id, timeoutMs) {
    const result = await (0,wait/* pollUntil */.g)(`the end of refresh task ${id}`, timeoutMs, async () => {
        const task = await api.get(paths.task(id));
        if (task.status === "error" || task.status === "cancelled" || task.status === "blocked")
            throw new RefreshFailedError(task);
        return {
            done: task.status === "done",
            detail: `task ${id} ${task.status}${task.progress !== undefined ? ` (${task.progress}%)` : ""}`,
            task,
        };
    }, TASK_POLL.initialMs, TASK_POLL.maxMs);
    return result.task;
}

;// CONCATENATED MODULE: ./src/backends/ovh/state.ts





/** Reads every configured frontend. Never changes anything. */
async function readSnapshot(api, paths, options) {
    const read = (id, input) => api.get(paths.frontend(id)).catch((error) => {
        if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
            throw new errors/* InputError */.dz(input, `the Load Balancer ${options.service} has no ${options.protocol} frontend ${id} (${error.message}); check the ids and ovh-protocol.`);
        }
        throw error;
    });
    const [production, preview] = await Promise.all([
        Promise.all(options.frontends.map((id) => read(id, "ovh-frontends"))),
        Promise.all(options.previewFrontends.map((id) => read(id, "ovh-preview-frontends"))),
    ]);
    const productionColors = production.map((frontend) => {
        const color = colorOfFarm(options, frontend.defaultFarmId);
        if (color === undefined)
            throw strangeFarm(options, frontend, "ovh-frontends");
        return color;
    });
    const previewColors = preview.map((frontend) => {
        if (frontend.defaultFarmId == null)
            return undefined; // prepare points it at the idle color
        const color = colorOfFarm(options, frontend.defaultFarmId);
        if (color === undefined)
            throw strangeFarm(options, frontend, "ovh-preview-frontends");
        return color;
    });
    const { userName, ledgerText } = splitDisplayName(production[0].displayName);
    return { production, preview, productionColors, previewColors, userName, ledgerText, revision: revisionOf(production, preview) };
}
/**
 * The routing objects' version: every configured frontend's farm plus the ledger. OVH has no
 * version field on a frontend, so this is compared by value before any write.
 */
function revisionOf(production, preview) {
    const farms = (frontends) => frontends.map((f) => `${f.frontendId}:${f.defaultFarmId ?? "-"}`).join(",");
    return `production=${farms(production)} preview=${farms(preview)} ledger=${splitDisplayName(production[0]?.displayName).ledgerText}`;
}
function colorOfFarm(options, farmId) {
    if (farmId == null)
        return undefined;
    return colors/* COLORS */.lm.find((color) => options.farms[color].includes(farmId));
}
function strangeFarm(options, frontend, input) {
    const farm = frontend.defaultFarmId == null ? "no default farm" : `farm ${frontend.defaultFarmId}`;
    return new errors/* InputError */.dz(frontend.defaultFarmId == null ? input : "ovh-blue-farms", `frontend ${frontend.frontendId} (port ${frontend.port}) sends traffic to ${farm}, which is in neither ovh-blue-farms (${options.farms.blue.join(",")}) nor ovh-green-farms (${options.farms.green.join(",")}); list its farm under the right color.`);
}
/** Best effort: a consumer key may not grant these reads, and they only inform. */
async function readActivity(api, paths) {
    const warnings = [];
    const optionalRead = async (what) => {
        try {
            return await what();
        }
        catch (error) {
            if (error instanceof errors/* RouterError */.KJ && (error.status === 403 || error.status === 404))
                return undefined;
            throw error;
        }
    };
    const [tasks, pending] = await Promise.all([
        optionalRead(() => activeRefreshTasks(api, paths)),
        optionalRead(() => api.get(paths.pendingChanges())),
    ]);
    if (tasks && tasks.length > 0) {
        warnings.push(`A refresh of the Load Balancer is under way (${tasks.map((t) => `task ${t.id} ${t.status}`).join(", ")}); a switch waits until it ends.`);
    }
    const waiting = (pending ?? []).filter((p) => p.number > 0);
    return {
        refreshTasks: tasks === undefined ? "unknown (not granted)" : tasks.map((t) => `${t.id} ${t.status}`).join(", ") || "none",
        pendingChanges: pending === undefined ? "unknown (not granted)" : waiting.map((p) => `${p.zone}: ${p.number}`).join(", ") || "none",
        warnings,
    };
}
function stateOf(snapshot, activity, options) {
    const warnings = [...activity.warnings];
    const live = snapshot.productionColors[0];
    const split = snapshot.productionColors.some((color) => color !== live);
    if (split) {
        warnings.push(`The production frontends disagree (${describeFrontends(snapshot.production, snapshot.productionColors)}), maybe after an interrupted switch; reporting ${live} (frontend ${snapshot.production[0]?.frontendId}'s). A promote or rollback moves them all to one color.`);
    }
    const known = snapshot.previewColors.filter((c) => c !== undefined);
    const preview = known[0];
    if (known.length > 0 && (known.length !== snapshot.previewColors.length || known.some((c) => c !== preview))) {
        warnings.push(`The preview frontends disagree (${describeFrontends(snapshot.preview, snapshot.previewColors)}); prepare points them all at the idle color.`);
    }
    else if (snapshot.preview.length > 0 && preview === undefined) {
        warnings.push("The preview frontends have no default farm yet; prepare points them at the idle color.");
    }
    const details = { "load balancer": `${options.service} (${options.protocol})` };
    snapshot.production.forEach((f, i) => {
        details[`frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.productionColors[i]);
    });
    snapshot.preview.forEach((f, i) => {
        details[`preview frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.previewColors[i]);
    });
    details["refresh tasks running"] = activity.refreshTasks;
    details["changes waiting for a refresh"] = activity.pendingChanges;
    return {
        live,
        ...(preview ? { preview } : {}),
        ledger: (0,ledger/* decodeLedger */.iN)(snapshot.ledgerText),
        revision: snapshot.revision,
        details,
        warnings,
        split,
    };
}
function farmText(frontend, color) {
    return frontend.defaultFarmId == null ? "no farm" : `${color} (farm ${frontend.defaultFarmId})`;
}
function describeFrontends(frontends, colors) {
    return frontends.map((f, i) => `${f.frontendId} port ${f.port} -> ${farmText(f, colors[i])}`).join("; ");
}

;// CONCATENATED MODULE: ./src/backends/ovh/switch.ts





/**
 * The PUTs that turn the frontends into `change`: production frontends only when production really
 * moves (so prepare and test never "repair" production behind the user's back: frontends that
 * disagree are repaired only by a promote or rollback), preview frontends to the preview color, and
 * the ledger in the first production frontend's displayName.
 */
function planWrites(frontends, change, state, options) {
    const writes = [];
    const ledgerName = joinDisplayName(frontends.userName, (0,ledger/* encodeLedger */.KX)(change.ledger));
    const plan = (role, frontend, farmId, withLedger) => {
        const body = {};
        const undo = {};
        if (farmId !== undefined && frontend.defaultFarmId !== farmId) {
            body.defaultFarmId = farmId;
            // The client drops null values, so "no farm" cannot be written back; a preview frontend without a farm keeps its new one.
            if (frontend.defaultFarmId != null)
                undo.defaultFarmId = frontend.defaultFarmId;
        }
        if (withLedger && (frontend.displayName ?? "") !== ledgerName) {
            body.displayName = ledgerName;
            undo.displayName = frontend.displayName ?? "";
        }
        if (Object.keys(body).length > 0)
            writes.push({ role, frontend, body, undo });
    };
    const moveProduction = change.live !== state.live || change.repair === true;
    frontends.production.forEach((frontend, i) => {
        plan("production", frontend, moveProduction ? options.farms[change.live][i] : undefined, i === 0);
    });
    frontends.preview.forEach((frontend, i) => {
        plan("preview", frontend, options.farms[change.preview][i], false);
    });
    return writes;
}
function routingChanges(writes) {
    return writes.some((write) => write.body.defaultFarmId !== undefined);
}
function describeWrite(paths, write, colorOf) {
    const { frontend, body } = write;
    const put = `PUT ${paths.frontend(frontend.frontendId)} ${JSON.stringify(body)}`;
    const what = body.defaultFarmId === undefined
        ? "bluegreen's ledger in its displayName"
        : `${frontend.defaultFarmId == null ? "no farm" : `${colorOf(frontend.defaultFarmId)} farm ${frontend.defaultFarmId}`} -> ${colorOf(body.defaultFarmId)} farm ${body.defaultFarmId}`;
    return `${put} (${write.role} frontend, port ${frontend.port}: ${what})`;
}
/**
 * Stages every PUT, applies them with one refresh, waits for the task and reads the frontends back.
 * On any failure part-way, puts back what was already changed, refreshes, and throws an error that
 * says what failed and where production traffic is.
 */
async function applyWrites(ctx, writes) {
    if (writes.length === 0)
        return;
    const routing = routingChanges(writes);
    // A refresh running now could deploy half of what we are about to stage: let it end first.
    if (routing) {
        try {
            await waitForIdleRefresh(ctx.api, ctx.paths, ctx.timeoutMs);
        }
        catch (error) {
            throw new errors/* RouterError */.KJ(`${messageOf(error)} Nothing was changed; production stays on ${ctx.liveBefore}.`);
        }
    }
    const done = [];
    let step = "";
    let taskCreated = false;
    try {
        for (const write of writes) {
            step = `PUT frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
            await ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.body });
            done.push(write);
        }
        // A displayName alone does not touch traffic: no refresh needed, the API holds it at once.
        if (!routing)
            return;
        step = `POST ${ctx.paths.refresh()}`;
        const created = await postRefresh(ctx.api, ctx.paths);
        // From here the Load Balancer may run part of the new configuration, whatever the task ends in.
        taskCreated = true;
        step = `refresh task ${created.id}`;
        const task = await waitForTask(ctx.api, ctx.paths, created.id, ctx.timeoutMs);
        log/* log */.Rm.info(`Refresh task ${task.id} done: the frontends now send traffic to the new farms.`);
    }
    catch (error) {
        const what = error instanceof RefreshFailedError
            ? `The switch to the new farms failed: ${step} ended in ${error.task.status}`
            : `The switch stopped at ${step}: ${messageOf(error)}`;
        throw await putBack(ctx, done, what, taskCreated);
    }
    await switch_confirm(ctx, writes);
}
/** Reads the written frontends back: the switch counts only when OVH says so. */
async function switch_confirm(ctx, writes) {
    for (const write of writes) {
        const now = await ctx.api.get(ctx.paths.frontend(write.frontend.frontendId));
        const expected = write.body.defaultFarmId;
        if (expected !== undefined && now.defaultFarmId !== expected) {
            throw new errors/* RouterError */.KJ(`After the refresh, frontend ${write.frontend.frontendId} (port ${write.frontend.port}) reads farm ${now.defaultFarmId ?? "none"}, not ${expected} as written: someone changed it meanwhile.`);
        }
    }
}
/**
 * Undoes the PUTs in `done` (newest first), then refreshes so the Load Balancer runs the old
 * configuration again. Returns the error to throw: what failed, what was put back, where traffic is.
 */
async function putBack(ctx, done, failure, taskCreated) {
    const routingDone = done.filter((write) => write.body.defaultFarmId !== undefined);
    if (done.length === 0)
        return new errors/* RouterError */.KJ(`${failure}. Nothing had been changed; production stays on ${ctx.liveBefore}.`);
    const restored = [];
    const notRestored = [];
    for (const write of [...done].reverse()) {
        const name = `frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
        if (Object.keys(write.undo).length === 0) {
            restored.push(`${name} keeps farm ${write.body.defaultFarmId} (it had none, and the API cannot unset one)`);
            continue;
        }
        try {
            await ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.undo });
            const farm = write.undo.defaultFarmId !== undefined ? ` to farm ${write.undo.defaultFarmId}` : "";
            const ledger = write.undo.displayName !== undefined ? `${farm ? " with" : ""} its previous displayName` : "";
            restored.push(`${name}${farm}${ledger}`);
        }
        catch (error) {
            notRestored.push(`${name}: ${messageOf(error)}`);
        }
    }
    const putBackText = restored.length > 0 ? ` Put back: ${restored.reverse().join(", ")}.` : "";
    if (notRestored.length > 0) {
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} Could NOT put back ${notRestored.join("; ")}: the configuration still holds part of the switch and the next refresh would apply it. ` +
            `${taskCreated ? "The refresh task did not end cleanly, so traffic may be split between colors" : `No refresh applied it, so production traffic is still on ${ctx.liveBefore}`}; run rollback or promote again to make the frontends agree.`);
    }
    if (routingDone.length === 0) {
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} No farm had been changed; production stays on ${ctx.liveBefore}.`);
    }
    try {
        const task = await refreshAndWait(ctx.api, ctx.paths, ctx.timeoutMs);
        const before = taskCreated ? "" : " (the switch had never been applied)";
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} Refreshed (task ${task.id} done): production is on ${ctx.liveBefore}${before}.`);
    }
    catch (error) {
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} The refresh to apply that failed too (${messageOf(error)}): ` +
            `${taskCreated ? "traffic may be split between colors" : `production traffic is still on ${ctx.liveBefore}, but the Load Balancer has unapplied changes`}; check GET /ipLoadbalancing/{serviceName}/task and run rollback or promote again.`);
    }
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The describe() line for the refresh a switch sends. */
function describeRefresh(paths, timeoutSeconds) {
    return [
        `wait until no refreshIplb task is todo or doing (GET ${paths.tasks()}?action=refreshIplb&status=todo, then status=doing)`,
        `POST ${paths.refresh()}, then poll GET ${paths.tasks()}/{id} until done (at most ${timeoutSeconds} s; error, cancelled or blocked puts every frontend back)`,
        "read the frontends back to confirm",
    ];
}

;// CONCATENATED MODULE: ./src/backends/ovh/index.ts









/**
 * OVHcloud IP Load Balancer: each color is a set of farms (one per port), production and preview
 * frontends point at them through defaultFarmId, and a refresh task makes changes take effect.
 */
async function createOvhBackend(read, config) {
    const options = parseOvhOptions(read);
    let requester;
    try {
        requester = await createOvhRequester(options);
    }
    catch (error) {
        // The client's constructor checks its parameters; its message never holds a secret, but redact anyway.
        throw new errors/* RouterError */.KJ((0,secrets/* redact */.E$)(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
    }
    return new OvhBackend(options, new OvhApi(requester), config.timeoutSeconds);
}
class OvhBackend {
    options;
    api;
    timeoutSeconds;
    kind = "ipLoadbalancing";
    paths;
    /** Frontends as last read, by revision: describe() is synchronous and must name exact PUTs. */
    snapshots = new Map();
    constructor(options, api, timeoutSeconds) {
        this.options = options;
        this.api = api;
        this.timeoutSeconds = timeoutSeconds;
        this.paths = new IplbPaths(options.service, options.protocol);
    }
    async read() {
        const [snapshot, activity] = await Promise.all([readSnapshot(this.api, this.paths, this.options), readActivity(this.api, this.paths)]);
        this.snapshots.set(snapshot.revision, snapshot);
        return stateOf(snapshot, activity, this.options);
    }
    async readiness(color) {
        return readinessOf(await this.farms(color), this.options.protocol);
    }
    async fingerprint(color) {
        return fingerprintOf(await this.farms(color));
    }
    async targets(color) {
        return targetsOf(await this.farms(color));
    }
    describe(change, state) {
        const snapshot = this.snapshots.get(state.revision);
        if (!snapshot) {
            // Not read by this backend (should not happen): name the intent without pretending to exact bodies.
            return [
                `PUT each production frontend ${this.options.frontends.join(", ")} to ${change.live}'s farms ${this.options.farms[change.live].join(", ")}`,
                ...describeRefresh(this.paths, this.timeoutSeconds),
            ];
        }
        const writes = planWrites(snapshot, change, state, this.options);
        if (writes.length === 0)
            return [`no change on the Load Balancer ${this.options.service}: the frontends already match`];
        const lines = writes.map((write) => describeWrite(this.paths, write, (farmId) => colorOfFarm(this.options, farmId)));
        if (routingChanges(writes))
            return [...lines, ...describeRefresh(this.paths, this.timeoutSeconds)];
        return [...lines, "no refresh: only the ledger in a displayName changes, which does not touch traffic"];
    }
    async apply(change, state) {
        const fresh = await readSnapshot(this.api, this.paths, this.options);
        if (fresh.revision !== state.revision) {
            throw new errors/* ConflictError */.fK(`The Load Balancer ${this.options.service} changed since it was read (another pipeline or a hand edit: was "${state.revision}", now "${fresh.revision}"); nothing was changed. Run the step again.`);
        }
        const writes = planWrites(fresh, change, state, this.options);
        await applyWrites({ api: this.api, paths: this.paths, timeoutMs: this.timeoutSeconds * 1000, liveBefore: state.live }, writes);
    }
    farms(color) {
        return readFarms(this.api, this.paths, this.options.farms[color], `ovh-${color}-farms`);
    }
}


/***/ })

};
