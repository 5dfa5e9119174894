export const id = 274;
export const ids = [274];
export const modules = {

/***/ 25670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ ApiClock)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

/**
 * The OVH API's clock, which every runner shares: leases expire on it, so runners whose own clocks
 * are wrong still agree. GET /auth/time is asked once; after that, this machine's clock plus the
 * difference learnt (taken at the middle of that request, so a slow API does not skew it).
 */
class ApiClock {
    api;
    /** API clock minus ours, in ms. */
    skew;
    constructor(api) {
        this.api = api;
    }
    /** Seconds since the epoch on the API's clock. */
    async nowSeconds() {
        this.skew ??= this.learn();
        const skewMs = await this.skew.catch((error) => {
            this.skew = undefined; // a failed look is not remembered: the next call asks again
            throw error;
        });
        return Math.floor((Date.now() + skewMs) / 1000);
    }
    async learn() {
        const before = Date.now();
        const time = await this.api.get("/auth/time");
        if (typeof time !== "number")
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RouterError */ .KJ(`OVH API GET /auth/time answered ${JSON.stringify(time)}, not a time.`);
        return time * 1000 - (before + Date.now()) / 2;
    }
}


/***/ }),

/***/ 63918:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SM: () => (/* binding */ OvhApi)
});

// UNUSED EXPORTS: DEFAULT_RETRY, describeFailure, isRetryable

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/ovh/round-trips.ts
/** How many recent round trips the estimate looks at: enough to smooth one slow answer, few enough to follow a change. */
const WINDOW = 8;
/**
 * The OVH API's round trips as this run sees them (request sent to answer received). The lease's
 * timings and the check that a switch fits in `timeout` follow them, so that a runner far from the
 * API region (seconds per request) still switches, slowly, instead of doubting every lock write.
 */
class RoundTrips {
    recent = [];
    /** Round trips measured so far. */
    count = 0;
    record(ms) {
        this.recent.push(ms);
        if (this.recent.length > WINDOW)
            this.recent.shift();
        this.count++;
    }
    /** The slowest of the recent round trips, in ms (0 before the first): the estimate every timing is built on. */
    slowestMs() {
        return Math.round(Math.max(0, ...this.recent));
    }
    /** The median of the recent round trips, in ms (0 before the first): what a request one after another takes. */
    typicalMs() {
        const sorted = [...this.recent].sort((a, b) => a - b);
        if (sorted.length === 0)
            return 0;
        const middle = Math.floor(sorted.length / 2);
        return Math.round(sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }
    /** How many round trips slowestMs() and typicalMs() looked at. */
    sampleSize() {
        return this.recent.length;
    }
}

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
    /** Every answered request's round trip (the first call's excepted: it also fetches the clock or a token). */
    roundTrips = new RoundTrips();
    constructor(client, retry = DEFAULT_RETRY, requestTimeoutMs = 60_000) {
        this.client = client;
        this.retry = retry;
        this.requestTimeoutMs = requestTimeoutMs;
    }
    async attempt(method, path, params, measured) {
        const started = performance.now();
        const answered = () => {
            if (measured)
                this.roundTrips.record(performance.now() - started);
        };
        try {
            // The client deletes keys from the object it is given: hand it a copy.
            const value = await withDeadline(this.client.requestPromised(method, path, params ? { ...params } : {}), this.requestTimeoutMs);
            answered();
            return value;
        }
        catch (error) {
            // An HTTP error is an answer too: its time is a round trip. A network failure is not.
            if (describeFailure(error).status !== undefined)
                answered();
            throw error;
        }
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
    delete(path) {
        return this.call("DELETE", path);
    }
    /**
     * The client learns the API's clock (GET /auth/time) or fetches its OAuth2 token on its first
     * request, once per request in flight: the first call runs alone so that happens once.
     */
    firstCall;
    async call(method, path, params) {
        if (!this.firstCall) {
            const result = this.callWithRetry(method, path, params, false);
            this.firstCall = result.catch(() => undefined);
            return result;
        }
        await this.firstCall;
        return this.callWithRetry(method, path, params, true);
    }
    async callWithRetry(method, path, params, measured) {
        let delay = this.retry.initialDelayMs;
        for (let attempt = 1;; attempt++) {
            try {
                return (await this.attempt(method, path, params, measured));
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


/***/ }),

/***/ 55506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ createOvhRequester)
/* harmony export */ });
/**
 * Builds the official client. It is CommonJS and pulls in bluebird, async and simple-oauth2, so it is
 * imported only here, when a run of a backend that drives the OVH API actually needs it.
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


/***/ }),

/***/ 57267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EG: () => (/* binding */ LeaseStopped),
/* harmony export */   nD: () => (/* binding */ Lease)
/* harmony export */ });
/* unused harmony exports encodeLease, decodeLease, LEASE_FLOORS, leaseTimings */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _platform_log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(74425);
/* harmony import */ var _platform_machine_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33026);
/* harmony import */ var _platform_signals_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(71322);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(40910);






function encodeLease(record) {
    const params = new URLSearchParams({ owner: record.owner, until: String(record.until) });
    if (record.host)
        params.set("host", record.host);
    if (record.pid !== undefined)
        params.set("pid", String(record.pid));
    return params.toString();
}
/** A malformed lease holds nothing: no owner could ever release it. */
function decodeLease(text) {
    if (text === "")
        return undefined;
    const params = new URLSearchParams(text);
    const owner = params.get("owner") ?? "";
    const until = Number(params.get("until"));
    if (!owner || !params.has("until") || !Number.isFinite(until))
        return undefined;
    const pid = Number(params.get("pid"));
    return {
        owner,
        until,
        ...(params.get("host") ? { host: params.get("host") } : {}),
        ...(params.has("pid") && Number.isInteger(pid) && pid > 0 ? { pid } : {}),
    };
}
/** The lower bounds of the timings, for an API that answers in milliseconds. */
const LEASE_FLOORS = {
    settleMs: 1_500,
    renewEveryMs: 5_000,
    /** How far two runs' views of the API's clock may differ (each learns it once, to the second). */
    clockMarginMs: 2_000,
    pollMs: 1_000,
};
/** Every timing of the lease, from the API's round trip (ms) as measured. */
function leaseTimings(roundTripMs) {
    const roundTrip = Math.max(0, Math.round(roundTripMs));
    const claimMs = 2 * roundTrip;
    const renewalMs = 2 * roundTrip;
    const renewEveryMs = Math.max(LEASE_FLOORS.renewEveryMs, 2 * renewalMs);
    return {
        roundTripMs: roundTrip,
        claimMs,
        settleMs: Math.max(LEASE_FLOORS.settleMs, 2 * claimMs),
        renewalMs,
        renewEveryMs,
        ttlSeconds: Math.ceil((2 * renewEveryMs + renewalMs + LEASE_FLOORS.clockMarginMs) / 1000),
        pollMs: Math.max(LEASE_FLOORS.pollMs, roundTrip),
    };
}
/** A run under the lease stopped writing: it was cancelled, or it lost the lease. Nothing is put back then. */
class LeaseStopped extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BluegreenError */ .cw {
    reason;
    constructor(message, reason) {
        super(message);
        this.reason = reason;
    }
}
class Lease {
    cell;
    clock;
    trips;
    /** This run's name in the lease: random, so two runs on one runner (or one pid) never share it. */
    owner = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString("hex");
    host = (0,_platform_machine_js__WEBPACK_IMPORTED_MODULE_3__/* .machineId */ .xt)();
    constructor(cell, 
    /** The API's clock, in seconds. */
    clock, trips) {
        this.cell = cell;
        this.clock = clock;
        this.trips = trips;
    }
    timings() {
        return leaseTimings(this.trips.slowestMs());
    }
    /** How the lease in `text` stands, for the summary's details. */
    describe(text, now) {
        const verdict = this.judge(text, now);
        if (verdict.kind === "free")
            return "free";
        const { owner, until } = verdict.record;
        const when = new Date(until * 1000).toISOString();
        if (verdict.kind === "expired")
            return `free (an expired lease of run ${owner}, until ${when})`;
        if (verdict.kind === "orphaned")
            return `free (left by run ${owner}, whose process ${verdict.record.pid} on this machine is gone)`;
        return `held by ${verdict.kind === "ours" ? "this run" : `run ${owner}`} until ${when}`;
    }
    /**
     * Waits (up to `timeoutMs`) until no other run holds the lease, so that a read never sees a
     * switch half-way; answers the cell's text as last read. Never takes the lease, and never fails
     * for it: after the wait, the state is read as it is (and said to be held).
     */
    async awaitFree(first, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        let text = first;
        let logged = false;
        for (;;) {
            const verdict = this.judge(text, await this.clock());
            this.noteOrphan(verdict);
            if (verdict.kind !== "held")
                return { text, heldByOther: false };
            const { pollMs } = this.timings();
            if (Date.now() + pollMs > deadline)
                return { text, heldByOther: true };
            if (!logged)
                _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`Another bluegreen run (${verdict.record.owner}) holds the lock on ${this.cell.subject}: waiting until it is done.`);
            logged = true;
            await (0,_wait_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .y)(pollMs);
            text = await this.cell.read();
        }
    }
    /**
     * Takes the lease, waiting while another run holds it. Throws ConflictError (nothing changed)
     * when it is still held at the deadline, TimeoutError when the API is too slow for the claim and
     * the work to fit before the deadline, LeaseStopped when the run is cancelled meanwhile.
     */
    async acquire(options) {
        let cancelledBy = (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .cancelSignal */ .Bj)();
        const stopListening = (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .onCancel */ .Ao)((signal) => {
            cancelledBy ??= signal;
        });
        let wrote = false;
        try {
            for (let attempt = 1;; attempt++) {
                if (cancelledBy)
                    throw this.cancelledBeforeHold(cancelledBy);
                const t = this.timings();
                // The claim at its slowest (it must be sure), the work at the typical pace (bursts of parallel reads inflate the slowest).
                const needMs = t.claimMs + t.settleMs + t.roundTripMs + this.trips.typicalMs() * options.reserve.roundTrips;
                if (Date.now() + needMs > options.deadline)
                    throw this.tooSlow(t, needMs, options);
                const started = performance.now();
                const text = await this.cell.read();
                const now = await this.clock();
                const verdict = this.judge(text, now);
                this.noteOrphan(verdict);
                if (verdict.kind === "held") {
                    const pause = t.pollMs + Math.floor(Math.random() * 500);
                    if (Date.now() + pause > options.deadline) {
                        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ConflictError */ .fK(`Another bluegreen run (${verdict.record.owner}) holds the lock on ${this.cell.subject} until ${new Date(verdict.record.until * 1000).toISOString()}; nothing was changed. ` +
                            "If that run was killed, its lease expires then; run this step again afterwards.");
                    }
                    if (attempt === 1)
                        _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`Waiting for the lock on ${this.cell.subject}: run ${verdict.record.owner} holds it.`);
                    if (await (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .cancellableSleep */ .u_)(pause))
                        continue;
                    // What the holder writes may already make this run's plan stale: then fail now, not after the wait.
                    await options.stillValid?.();
                    continue;
                }
                const sentAt = performance.now();
                wrote = true;
                await this.cell.write(encodeLease(this.record(now + t.ttlSeconds)));
                const elapsed = performance.now() - started;
                await (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .cancellableSleep */ .u_)(t.settleMs);
                const after = decodeLease(await this.cell.read());
                if (cancelledBy)
                    continue; // the top of the loop says so; the catch below frees the lease
                if (elapsed <= t.settleMs && after?.owner === this.owner) {
                    stopListening();
                    return new Holding(this, sentAt, t);
                }
                if (elapsed > t.settleMs) {
                    _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`The lock write took ${Math.round(elapsed)} ms, more than the ${t.settleMs} ms this run waits for other writers: trying again, with timings set from the slowest round trip seen (${this.trips.slowestMs()} ms).`);
                }
                // Lost to a later writer, or too slow to be sure of it: try again after a random pause.
                await (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .cancellableSleep */ .u_)(Math.floor(Math.random() * t.pollMs));
            }
        }
        catch (error) {
            // Never leave this run's lease behind when it gives up.
            if (wrote)
                await this.clearIfOurs().catch(() => undefined);
            throw error;
        }
        finally {
            stopListening();
        }
    }
    /** The cell's lease, decoded. */
    async readRecord() {
        return decodeLease(await this.cell.read());
    }
    /** A lease of this run, until `until` (API seconds). */
    record(until) {
        return { owner: this.owner, until, ...(this.host ? { host: this.host } : {}), pid: process.pid };
    }
    /** Removes the lease if it is this run's (never another's: that would free the lock under its holder). */
    async clearIfOurs() {
        if ((await this.readRecord())?.owner !== this.owner)
            return false;
        await this.cell.write("");
        return true;
    }
    judge(text, now) {
        const record = decodeLease(text);
        if (!record)
            return { kind: "free" };
        if (record.owner === this.owner)
            return { kind: "ours", record };
        if (record.until <= now)
            return { kind: "expired", record };
        // Same machine and pid namespace: a holder whose process is gone will never release its lease.
        const { host, pid } = record;
        if (host !== undefined && host === this.host && pid !== undefined && pid !== process.pid && !(0,_platform_machine_js__WEBPACK_IMPORTED_MODULE_3__/* .processAlive */ .FN)(pid))
            return { kind: "orphaned", record: { ...record, pid } };
        return { kind: "held", record };
    }
    noteOrphan(verdict) {
        if (verdict.kind !== "orphaned")
            return;
        _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`The lock on ${this.cell.subject} was left by run ${verdict.record.owner}, whose process (pid ${verdict.record.pid}) on this machine is gone: it holds nothing.`);
    }
    cancelledBeforeHold(signal) {
        return new LeaseStopped(`Cancelled by ${signal} before the lock on ${this.cell.subject} was taken; nothing was changed.`, "cancelled");
    }
    tooSlow(t, needMs, options) {
        const left = Math.max(0, Math.floor((options.deadline - Date.now()) / 1000));
        const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimeoutError */ .MU(`The OVH API answers in about ${this.trips.typicalMs()} ms per request here (up to ${t.roundTripMs} ms over the last ${this.trips.sampleSize()}): taking the lock on ${this.cell.subject} (a read, a write, a ${seconds(t.settleMs)} wait and a read) and ${options.reserve.what} (${options.reserve.roundTrips} requests one after another at least) need about ${seconds(needMs)}, more than the ${left} s left of timeout (${options.timeoutSeconds} s), so nothing was changed; raise timeout above ${options.timeoutSeconds + Math.ceil(needMs / 1000) - left} s.`);
    }
}
/** A lease this run holds: renewed in the background, checked before each write, freed on a cancel signal. */
class Holding {
    lease;
    owner;
    /** performance.now() until which this run surely holds the lease, whatever the other runs' clocks say. */
    horizon = 0;
    timer;
    /** Renewals and the release, one after another: a renewal must never land after the release. */
    queue = Promise.resolve();
    confirmed = false;
    writing = 0;
    drained;
    stopped;
    releasing;
    stopListening;
    constructor(lease, sentAt, timings) {
        this.lease = lease;
        this.owner = lease.owner;
        this.extend(sentAt, timings);
        this.schedule(timings.renewEveryMs);
        const early = (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .cancelSignal */ .Bj)();
        this.stopListening = (0,_platform_signals_js__WEBPACK_IMPORTED_MODULE_4__/* .onCancel */ .Ao)((signal) => this.cancel(signal));
        if (early)
            this.cancel(early);
    }
    check() {
        if (this.stopped)
            throw this.stopped;
    }
    async guard(write) {
        // Counted before any wait, so that a cancel that comes meanwhile waits for this write or stops it.
        this.writing++;
        try {
            this.check();
            if (!this.confirmed) {
                // A slower run's claim that landed after this run's check shows here, before anything is written.
                await this.serially(() => this.confirm());
                this.confirmed = true;
            }
            if (performance.now() + this.lease.timings().roundTripMs * 2 > this.horizon)
                await this.serially(() => this.renew());
            this.check();
            if (performance.now() > this.horizon)
                this.lose("it expired before this run could renew it");
            this.check();
            return await write();
        }
        finally {
            this.writing--;
            if (this.writing === 0)
                this.drained?.();
        }
    }
    release() {
        clearTimeout(this.timer);
        this.releasing ??= this.serially(() => this.free()).then(() => undefined);
        return this.releasing.finally(() => this.stopListening());
    }
    /**
     * Removes the lease. While this run surely holds it (not lost, within its horizon) no other run
     * writes the cell, so the write needs no read first: a cancelled run frees it one round trip sooner.
     */
    async free() {
        const surelyOurs = (!this.stopped || this.stopped.reason === "cancelled") && performance.now() < this.horizon;
        if (!surelyOurs)
            return this.lease.clearIfOurs();
        await this.lease.cell.write("");
        return true;
    }
    cancel(signal) {
        if (this.stopped)
            return;
        this.stopped = new LeaseStopped(`Cancelled by ${signal} while holding the lock on ${this.lease.cell.subject}: the lock was freed, and nothing more was written.`, "cancelled");
        clearTimeout(this.timer);
        if (this.releasing)
            return;
        // Let a write already sent land first (bounded: the runner kills the step 10 s after SIGINT).
        const bound = this.lease.timings().roundTripMs + 1_000;
        const drained = this.writing === 0 ? Promise.resolve() : new Promise((resolve) => (this.drained = resolve));
        this.releasing = Promise.race([drained, (0,_wait_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .y)(bound)])
            .then(() => this.serially(() => this.free()))
            .then((freed) => _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`${signal}: ${freed ? "freed" : "no longer held"} the lock on ${this.lease.cell.subject}.`), (error) => _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.warn(`${signal}: could not free the lock on ${this.lease.cell.subject} (${error instanceof Error ? error.message : String(error)}); it expires by itself.`));
    }
    lose(why) {
        if (this.stopped)
            return;
        this.stopped = new LeaseStopped(`This run lost the lock on ${this.lease.cell.subject} (${why}), so it wrote nothing more.`, "lost");
        clearTimeout(this.timer);
        _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.warn(this.stopped.message);
    }
    extend(sentAt, t) {
        // The expiry was taken from the API's clock (to the second) when the write was sent; other runs' clocks may run ahead.
        this.horizon = sentAt + t.ttlSeconds * 1000 - LEASE_FLOORS.clockMarginMs - 1000 - t.roundTripMs;
    }
    schedule(ms) {
        this.timer = setTimeout(() => {
            void this.serially(() => this.renew()).catch((error) => _platform_log_js__WEBPACK_IMPORTED_MODULE_2__/* .log */ .Rm.info(`Could not renew the lock on ${this.lease.cell.subject}: ${error instanceof Error ? error.message : String(error)}`));
            if (!this.stopped && !this.releasing)
                this.schedule(this.lease.timings().renewEveryMs);
        }, ms);
        this.timer.unref();
    }
    /** Reads the lease: still ours? */
    async confirm() {
        if (this.stopped || this.releasing)
            return false;
        const record = await this.lease.readRecord();
        if (record?.owner === this.owner)
            return true;
        this.lose("another run took it over: it had expired, or a slower run's claim landed late");
        return false;
    }
    /** Reads the lease (still ours?) and writes it again with a new expiry. */
    async renew() {
        if (!(await this.confirm()))
            return;
        const now = await this.lease.clock();
        if (this.stopped || this.releasing)
            return;
        const t = this.lease.timings();
        const sentAt = performance.now();
        await this.lease.cell.write(encodeLease(this.lease.record(now + t.ttlSeconds)));
        this.extend(sentAt, t);
    }
    serially(step) {
        const next = this.queue.then(step, step);
        this.queue = next.catch(() => undefined);
        return next;
    }
}


/***/ }),

/***/ 33026:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ processAlive),
/* harmony export */   N0: () => (/* binding */ machineKey),
/* harmony export */   xt: () => (/* binding */ machineId)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


/**
 * This machine's identity for leases: a digest of the kernel's boot id and this process's pid
 * namespace. Two processes that share both see the same pids, so one can tell whether the other
 * is still alive, and a re-run on the machine of a killed holder frees its lease at once. A digest,
 * not the ids themselves: leases are written where other people read them. Undefined where /proc
 * does not say (then a dead holder is only seen when its lease expires).
 */
function machineId() {
    const key = machineKey();
    return key === undefined ? undefined : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(key).digest("hex").slice(0, 12);
}
/**
 * The same identity in clear, "<boot id>.<pid namespace>" (HAProxy's lease keeps it in the map, which
 * only the socket's holders read). Undefined where /proc does not say.
 */
function machineKey() {
    try {
        const boot = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)("/proc/sys/kernel/random/boot_id", "utf8").trim();
        const namespace = /\[(\d+)\]/.exec((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readlinkSync)("/proc/self/ns/pid"))?.[1];
        return boot && namespace ? `${boot}.${namespace}` : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether a process of this machine (and pid namespace) still runs. */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: the process exists but belongs to someone else.
        return error.code === "EPERM";
    }
}


/***/ }),

/***/ 71322:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ao: () => (/* binding */ onCancel),
/* harmony export */   Bj: () => (/* binding */ cancelSignal),
/* harmony export */   u_: () => (/* binding */ cancellableSleep)
/* harmony export */ });
/* unused harmony export CANCEL_SIGNALS */
/**
 * What a cancelled CI job sends: GitHub SIGINT, then SIGTERM 7.5 s later, then SIGKILL 2.5 s after
 * that; GitLab SIGTERM. One place listens for them, so that every part of a run that must do
 * something before the end (the bake records its window, a lease holder frees the lease) hears the
 * same signal, and so that a run where nobody holds anything still ends at once, as Node does.
 */
const CANCEL_SIGNALS = ["SIGINT", "SIGTERM"];
const handlers = new Set();
let first;
function dispatch(signal) {
    first ??= signal;
    for (const handler of [...handlers])
        handler(signal);
}
/** One listener per signal, installed while someone is subscribed, so Node's default (exit) applies otherwise. */
const listeners = new Map(CANCEL_SIGNALS.map((signal) => [signal, () => dispatch(signal)]));
/**
 * Calls `handler` on every SIGINT and SIGTERM until the returned function is called. While any
 * subscription is open, those signals no longer end the process: the subscribers wind down and
 * the run ends by itself, with a sentence saying where things stand. Handlers run synchronously
 * and must start, not await, what they have to do.
 */
function onCancel(handler) {
    if (handlers.size === 0)
        for (const [signal, listener] of listeners)
            process.on(signal, listener);
    handlers.add(handler);
    return () => {
        if (!handlers.delete(handler) || handlers.size > 0)
            return;
        for (const [signal, listener] of listeners)
            process.off(signal, listener);
    };
}
/** The first cancel signal this process received while someone listened; undefined when none came. */
function cancelSignal() {
    return first;
}
/**
 * A sleep that a cancel signal cuts short: resolves after `ms`, or at once when a signal comes
 * (or came already). Answers whether the run is cancelled.
 */
function cancellableSleep(ms) {
    if (first !== undefined)
        return Promise.resolve(true);
    return new Promise((resolve) => {
        let timer;
        const stop = onCancel(() => {
            clearTimeout(timer);
            stop();
            resolve(true);
        });
        timer = setTimeout(() => {
            stop();
            resolve(false);
        }, Math.max(0, ms));
    });
}


/***/ })

};
