export const id = 465;
export const ids = [465];
export const modules = {

/***/ 87465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: actionInputs

// EXTERNAL MODULE: ./src/platform/detect.ts
var detect = __webpack_require__(71356);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(81260);
// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(20588);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/sentence.ts
var sentence = __webpack_require__(20358);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/platform/log-stream.ts
var log_stream = __webpack_require__(6982);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
;// CONCATENATED MODULE: ./src/platform/user-command.ts







/**
 * Credentials the backends' clients are given through the environment (each descriptor names its
 * own, e.g. OVH's tool names). They are bluegreen's to use, not the user command's: a deploy script
 * that needs the same API access gets its own.
 */
const CREDENTIAL_VARIABLES = new Set(registry/* BACKENDS */.A7.flatMap((backend) => backend.credentialEnv.map((name) => name.toUpperCase())));
/**
 * The environment a user command gets: the runner's, without the INPUT_* variables (they may hold
 * secrets), the OVH credential variables, and any variable whose value holds a registered secret
 * (redact() changes it). Returns the names withheld, never their values.
 */
function commandEnvironment(source) {
    const env = {};
    const withheld = [];
    for (const [key, value] of Object.entries(source)) {
        if (value === undefined || key.startsWith("INPUT_"))
            continue;
        if (CREDENTIAL_VARIABLES.has(key.toUpperCase()) || (0,secrets/* redact */.E$)(value) !== value) {
            withheld.push(key);
            continue;
        }
        env[key] = value;
    }
    return { env, withheld };
}
/**
 * Runs a user command WITHOUT a shell: @actions/exec splits the line into arguments (double quotes
 * group), so `version` or other inputs never reach a shell parser. Inputs are passed in the
 * environment, without bluegreen's secrets (see commandEnvironment).
 */
async function runUserCommand(input, commandLine, extraEnv) {
    const { env, withheld } = commandEnvironment(process.env);
    Object.assign(env, extraEnv);
    // A detail: the runner's own [command] line below names the command already.
    log/* log */.Rm.detail(`Running ${input}: ${commandLine}`);
    if (withheld.length > 0)
        log/* log */.Rm.info(`Not passed to ${input} (credentials bluegreen keeps to itself): ${withheld.sort().join(", ")}.`);
    let code;
    try {
        // The command's output is log: on stderr too when stdout is a script's (--output json/env).
        code = await exec/* exec */.m(commandLine, [], { env, ignoreReturnCode: true, ...((0,log_stream/* logToStderr */.Qr)() ? { outStream: process.stderr } : {}) });
    }
    catch (error) {
        // @actions/exec's own messages end with a full stop: one sentence, one stop.
        throw new errors/* BluegreenError */.cw(`${input} could not start: ${(0,sentence/* sentenceOf */.$)(error)}`);
    }
    if (code !== 0)
        throw new errors/* BluegreenError */.cw(`${input} exited with code ${code}.`);
}

;// CONCATENATED MODULE: ./src/backends/create.ts



/**
 * Creates the configured backend from its descriptor: its settings are parsed and checked first
 * (every input error before any I/O), then its implementation is imported, only when chosen, so an
 * HAProxy run never loads the Kubernetes or OVH client, and created from those settings and the run's.
 */
async function createBackend(read, config) {
    // Each descriptor pairs its parser with its factory through one Settings type; the registry's
    // union of descriptors cannot express that pairing, so it is taken back here as one descriptor.
    const descriptor = (0,registry/* descriptorOf */.nb)(config.backend);
    // parseConfig accepted config.backend from the same list: a miss is a bug, not an input error.
    if (!descriptor)
        throw new Error(`no backend descriptor for ${config.backend}`);
    const settings = (await descriptor.settings())(read, config);
    const create = await descriptor.load();
    return create(settings, runSettings(config));
}
/** What every backend is told about the run: never the whole Config, never the mode. */
function runSettings(config) {
    return {
        // status is read-only like a dry run: it reports what it finds, and repairs nothing.
        readOnly: config.dryRun || config.mode === "status",
        readsOnly: config.mode === "status",
        // Given as what the step needs, not as its mode: rollback's readiness check is the router's own view.
        reachesServers: config.mode !== "status" && config.mode !== "rollback",
        timeoutSeconds: config.timeoutSeconds,
        run: (0,detect/* runIdentity */.y)(),
        runCommand: runUserCommand,
    };
}

// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/input-typos.ts
var input_typos = __webpack_require__(95833);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(31196);
// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
;// CONCATENATED MODULE: ./src/policy/ledger-transitions.ts

/**
 * Every change bluegreen makes to the ledger, in one place: each is a new ledger from an old one
 * (never an edit in place), so a decision that refuses cannot have changed anything.
 */
/**
 * A switch of production to `target`: records who switched, when and why; the color it leaves is
 * the rollback target and gets the preview entry; nothing stays pending, a failed prepare is
 * forgotten, and a new switch supersedes any earlier bake window.
 */
function switchedRouting(facts, target, action, stamp) {
    const ledger = {
        ...facts.ledger,
        live: target,
        previous: facts.live,
        lastAction: action,
        at: stamp.now.toISOString(),
        run: stamp.run,
    };
    delete ledger.pending;
    delete ledger.prepareFailed;
    delete ledger.bake;
    return { live: target, preview: facts.live, ledger };
}
/**
 * A switch followed by a bake window records the open window in the same write as the routing
 * (no extra write before the window): if the step is cancelled or dies during the window, the
 * router still says "bake not completed". One final write removes it when the window passes.
 */
function withBakeRecord(change, settings) {
    if (settings.bakeSeconds <= 0 || settings.dryRun)
        return change;
    const until = new Date(settings.now.getTime() + settings.bakeSeconds * 1000).toISOString();
    return { ...change, ledger: { ...change.ledger, bake: { state: "running", until } } };
}
/**
 * The end of a bake window, written only when the window on the router is still ours (same end
 * time) and production is still on the color it baked: the record removed when the window passed,
 * or marked failed or cancelled. Undefined when there is nothing of ours to write.
 */
function bakeClosedRouting(fresh, window, state) {
    const record = fresh.ledger.bake;
    if (fresh.live !== window.target || !record || record.until !== window.until)
        return undefined;
    const ledger = { ...fresh.ledger };
    if (state)
        ledger.bake = { ...record, state };
    else
        delete ledger.bake;
    return { live: fresh.live, preview: fresh.preview ?? window.from, ledger };
}
/**
 * The ledger after prepare: the version on the target with the commit that built it (or no commit
 * when none is known: the old one belonged to the replaced version), the target pending promote,
 * its old test void.
 */
function preparedLedger(base, target, version, ref) {
    const ledger = {
        ...base,
        versions: { ...base.versions, [target]: version },
        refs: withRef(base.refs, target, ref),
        pending: target,
    };
    if (!ledger.refs)
        delete ledger.refs;
    delete ledger.prepareFailed;
    if (base.tested?.color === target)
        delete ledger.tested; // a new deploy invalidates the old test
    return ledger;
}
/** Prepare's write: production as it is, the preview entry on the target, the prepared ledger. */
function preparedRouting(facts, target, version, ref) {
    return { live: facts.live, preview: target, ledger: preparedLedger(facts.ledger, target, version, ref) };
}
/**
 * Adopting a live router: the version production runs, on the step's word (live-version), written
 * with prepare's change into a ledger that has no version for the live color. A version the ledger
 * already holds is never overwritten here (liveVersionRefusal refuses a different one first).
 */
function withLiveVersion(change, facts, liveVersion) {
    if (liveVersion === undefined || facts.ledger.versions[facts.live] !== undefined)
        return change;
    return { ...change, ledger: { ...change.ledger, versions: { ...change.ledger.versions, [facts.live]: liveVersion } } };
}
/**
 * After a failed prepare the idle color runs neither its old version nor surely the new one: its
 * version (and the commit that built it) is forgotten, it is no longer pending, its test is void,
 * and the failure is recorded, so no later promote trusts the old record. Production is untouched.
 */
function failedPrepareRouting(fresh, target) {
    const versions = { ...fresh.ledger.versions };
    delete versions[target];
    const ledger = { ...fresh.ledger, versions, refs: withRef(fresh.ledger.refs, target, undefined) };
    if (!ledger.refs)
        delete ledger.refs;
    if (ledger.pending === target)
        delete ledger.pending;
    ledger.prepareFailed = target;
    if (ledger.tested?.color === target)
        delete ledger.tested;
    return { live: fresh.live, preview: fresh.preview ?? target, ledger };
}
/** A passed test, recorded with what it checked, so promote can refuse anything that changed since. */
function testedRouting(fresh, record) {
    return { live: fresh.live, preview: fresh.preview ?? record.color, ledger: { ...fresh.ledger, tested: record } };
}
/**
 * Production split between colors, made whole on the color the router reports (the ledger then
 * records that color as the one bluegreen set), with the preview entry on the other.
 */
function repairedRouting(facts) {
    return { live: facts.live, preview: (0,colors/* otherColor */.IP)(facts.live), ledger: { ...facts.ledger, live: facts.live }, repair: true };
}
/** refs with color's commit set to ref, or removed when ref is undefined. */
function withRef(refs, color, ref) {
    const next = { ...refs };
    if (ref)
        next[color] = ref;
    else
        delete next[color];
    return next.blue || next.green ? next : undefined;
}

;// CONCATENATED MODULE: ./src/policy/prepare.ts


/** Prepare puts the version on the idle color, unless production runs it already. Never moves production. */
function decidePrepare(facts, settings) {
    const { version, liveVersion } = settings;
    const target = (0,colors/* otherColor */.IP)(facts.live);
    const refused = liveVersionRefusal(facts, liveVersion);
    if (refused)
        return { ...refused, target };
    const recorded = facts.ledger.versions[facts.live];
    if ((recorded ?? liveVersion) === version) {
        const word = recorded === undefined ? ", as live-version says (a prepare of the next version records it)" : "";
        return { kind: "noop", target, sentence: `${version} is already live on ${facts.live}${word}; nothing to prepare.` };
    }
    const alreadyThere = facts.ledger.versions[target] === version && facts.ledger.pending === target && (facts.preview ?? target) === target;
    const change = withLiveVersion(preparedRouting(facts, target, version, settings.ref), facts, liveVersion);
    const recordsLiveVersion = recorded === undefined ? liveVersion : undefined;
    return { kind: "prepare", target, version, change, alreadyThere, ...(recordsLiveVersion ? { recordsLiveVersion } : {}) };
}
/**
 * live-version only fills in what the ledger lacks (a router bluegreen has no record of yet): one
 * that names another version than the ledger records for the live color is a mistake, refused
 * before anything is deployed or written.
 */
function liveVersionRefusal(facts, liveVersion) {
    const recorded = facts.ledger.versions[facts.live];
    if (liveVersion === undefined || recorded === undefined || recorded === liveVersion)
        return undefined;
    return {
        kind: "refuse",
        sentence: `Refusing live-version ${liveVersion}: the router's record says ${facts.live}, the live color, runs ${recorded}, and live-version only fills in a version bluegreen has not recorded yet (adopting a live router); leave it out. Nothing was changed.`,
    };
}
/**
 * The color production left may still be reached by clients (DNS resolvers keep the old answer
 * for up to its TTL): redeploying it before then would serve them a half-installed release.
 */
function inUseRefusal(facts, target, now) {
    const inUse = facts.inUseUntil;
    if (inUse?.color !== target || !(Date.parse(inUse.until) > now.getTime()))
        return undefined;
    return {
        kind: "refuse",
        sentence: `Refusing to prepare ${target} before ${inUse.until}: ${inUse.why}. Production stays on ${facts.live}.`,
    };
}
/** A prepare found done before: nothing to do while the target is ready, otherwise prepare again. */
function preparedAgain(version, target, readiness) {
    if (readiness.ready)
        return { kind: "noop", sentence: `${version} is already prepared on ${target} (${readiness.summary}); nothing changed.` };
    return {
        kind: "again",
        note: `${version} was prepared on ${target} before, but it is not ready now (${readiness.summary}): preparing again.`,
    };
}
/**
 * The deploy may have taken minutes; the router read again before prepare's write. Production that
 * moved meanwhile is another run's doing: prepare leaves the preview entry alone.
 */
function preparedWrite(before, fresh, target, settings) {
    if (fresh.live !== before.live) {
        return {
            kind: "fail",
            sentence: `Production moved from ${before.live} to ${fresh.live} while ${target} was being prepared; the preview entry was left as it was.`,
        };
    }
    // Another run may have recorded the live color's version meanwhile.
    const refused = liveVersionRefusal(fresh, settings.liveVersion);
    if (refused)
        return { kind: "fail", sentence: refused.sentence };
    return {
        kind: "write",
        change: withLiveVersion(preparedRouting(fresh, target, settings.version, settings.ref), fresh, settings.liveVersion),
    };
}

;// CONCATENATED MODULE: ./src/report.ts
/** How the plan line of the switch promote would make starts (test mode, dry-run); the summary shows those lines apart. */
const PROMOTE_WOULD = "promote would: ";
/** The failed checks as "name: detail; ...", or undefined when every check passed. */
function failures(checks) {
    const failed = checks.filter((check) => !check.ok);
    return failed.length > 0 ? failed.map((c) => `${c.name}: ${c.detail}`).join("; ") : undefined;
}
function newReport(mode, backend, dryRun) {
    return { mode, backend, dryRun, plan: [], checks: [], timings: [], warnings: [], changed: false, outcome: "" };
}
/** Runs fn and records how long it took under `step`. */
async function timed(report, step, fn) {
    const start = performance.now();
    try {
        return await fn();
    }
    finally {
        report.timings.push({ step, ms: Math.round(performance.now() - start) });
    }
}

;// CONCATENATED MODULE: ./src/modes/policy.ts

/** The settings the policy decides on, with the time read now (each decision gets its own). */
function policySettings(ctx) {
    const { config } = ctx;
    return {
        version: config.version,
        ref: config.ref,
        liveVersion: config.liveVersion,
        dryRun: config.dryRun,
        requireTest: config.requireTest,
        maxTestAgeSeconds: config.maxTestAgeSeconds,
        bakeSeconds: config.bakeSeconds,
        autoRollback: config.autoRollback,
        now: ctx.now(),
        run: ctx.run,
    };
}
/** A decision to stop, as the error the step fails with: a refusal of a rule, or a failure. */
function stop(decision) {
    return decision.kind === "refuse" ? new errors/* RefusedError */.fk(decision.sentence) : new errors/* BluegreenError */.cw(decision.sentence);
}

// EXTERNAL MODULE: ./src/platform/progress.ts
var platform_progress = __webpack_require__(73444);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
// EXTERNAL MODULE: ./src/smoke/http.ts
var http = __webpack_require__(77933);
;// CONCATENATED MODULE: ./src/smoke/probe.ts





/** `host:port`, with brackets for IPv6. */
function endpointAddress(endpoint) {
    return `${endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}
/** One attempt on a fresh connection (never a kept-alive one, which could outlive the server it reached). */
const attemptOnce = async (endpoint, path, timeoutMs) => {
    if (endpoint.protocol === "tcp")
        return connectOnce(endpoint, timeoutMs);
    const secure = endpoint.protocol === "https";
    const url = `${secure ? "https" : "http"}://${endpointAddress(endpoint)}${path}`;
    try {
        const { status } = await (0,http/* getOnce */.I)(secure ? (external_node_https_default()).request : (external_node_http_default()).request, url, { agent: false, headers: { "user-agent": "bluegreen", connection: "close" }, ...(secure ? { rejectUnauthorized: false } : {}) }, timeoutMs);
        return { ok: status >= 200 && status <= 299, detail: `HTTP ${status}` };
    }
    catch (error) {
        return { ok: false, detail: transportFailure(error) };
    }
};
function connectOnce(endpoint, timeoutMs) {
    return new Promise((resolve) => {
        const socket = external_node_net_default().connect({ host: endpoint.host, port: endpoint.port });
        const done = (attempt) => {
            socket.destroy();
            resolve(attempt);
        };
        socket.setTimeout(timeoutMs, () => done({ ok: false, detail: `no connection within ${timeoutMs} ms` }));
        socket.once("connect", () => done({ ok: true, detail: "connection accepted" }));
        socket.once("error", (error) => done({ ok: false, detail: transportFailure(error) }));
    });
}
function transportFailure(error) {
    const code = error.code;
    if (code === "ECONNREFUSED")
        return "connection refused";
    if (code === "ECONNRESET")
        return "connection reset";
    const message = error instanceof Error ? error.message : String(error);
    return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}
/**
 * Checks every endpoint until each succeeded `times` times in a row (a failure starts its count
 * again), or until `deadline` (a Date.now() value). Endpoints are checked side by side; one that
 * reached its count is left alone.
 */
async function probeInARow(endpoints, settings, deadline, attempt = attemptOnce) {
    const started = Date.now();
    const streaks = endpoints.map(() => 0);
    const last = endpoints.map(() => ({ ok: false, detail: "not checked yet" }));
    for (;;) {
        await Promise.all(endpoints.map(async (endpoint, i) => {
            if (streaks[i] >= settings.times)
                return;
            const timeoutMs = Math.max(100, Math.min(settings.attemptTimeoutMs, deadline - Date.now()));
            const result = await attempt(endpoint, settings.path, timeoutMs);
            last[i] = result;
            streaks[i] = result.ok ? streaks[i] + 1 : 0;
        }));
        if (streaks.every((streak) => streak >= settings.times))
            return { ok: true, detail: checkedPhrase(endpoints, settings) };
        const left = deadline - Date.now();
        if (left <= 0) {
            const behind = endpoints
                .map((endpoint, i) => ({ endpoint, streak: streaks[i], last: last[i] }))
                .filter((entry) => entry.streak < settings.times)
                .map(({ endpoint, streak, last: seen }) => `${endpoint.name} at ${endpointAddress(endpoint)} (last: ${seen.detail}${streak > 0 ? `, ${streak} in a row so far` : ""})`);
            const waited = ((Date.now() - started) / 1000).toFixed(1);
            return {
                ok: false,
                detail: `${behind.join(", ")} did not ${verbOf(endpoints, settings)} ${settings.times} times in a row within ${waited} s`,
            };
        }
        // The last round lands on the deadline, so the time said in the failure is the time probed.
        await (0,wait/* sleep */.y)(Math.min(settings.intervalMs, left));
    }
}
/** "answering /health 3 times in a row", naming HTTPS (unverified) and TCP servers where there are any. */
function checkedPhrase(endpoints, settings) {
    const byProtocol = (protocol) => endpoints.filter((e) => e.protocol === protocol).map((e) => e.name);
    const [tcp, secure] = [byProtocol("tcp"), byProtocol("https")];
    const all = tcp.length === endpoints.length;
    const phrase = all ? "accepting connections" : `answering ${settings.path}`;
    const notes = [];
    if (secure.length > 0)
        notes.push(`over HTTPS without checking the certificate: ${secure.join(", ")}`);
    if (tcp.length > 0 && !all)
        notes.push(`a connection accepted, the router speaking TCP to them: ${tcp.join(", ")}`);
    return `${phrase} ${settings.times} times in a row${notes.length ? ` (${notes.join("; ")})` : ""}`;
}
function verbOf(endpoints, settings) {
    return endpoints.every((e) => e.protocol === "tcp") ? "accept a connection" : `answer ${settings.path} with 2xx`;
}

;// CONCATENATED MODULE: ./src/modes/readiness.ts




/**
 * Each server must answer this many times in a row, this far apart, after the deploy: a router's
 * health view lags a restart (HAProxy keeps a restarted server UP until `fall` checks failed), so
 * its "UP" alone is not "ready". Three answers over a second show a server that stays up.
 */
const PROBE_TIMES = 3;
const PROBE_INTERVAL_MS = 500;
const ATTEMPT_TIMEOUT_MS = 2_000;
/** promote checks again, but does not wait for a server to come up: that is prepare's job. */
const PROMOTE_PROBE_WINDOW_MS = 10_000;
function probeSettings(ctx) {
    return { path: ctx.config.smoke.healthPath, times: PROBE_TIMES, intervalMs: PROBE_INTERVAL_MS, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS };
}
/**
 * Waits, for at most `timeout` seconds, until the router counts every server / replica of the color
 * ready and (where the router's view can lag: HAProxy, ipLoadbalancing) each server answered
 * health-path PROBE_TIMES times in a row, all after this call began (so after deploy-command ended).
 * Returns what was checked, for the report.
 */
async function waitUntilReady(ctx, color, attempt) {
    const started = Date.now();
    const deadline = started + ctx.config.timeoutSeconds * 1000;
    const timeout = (last) => {
        const waited = ((Date.now() - started) / 1000).toFixed(1);
        return new errors/* TimeoutError */.MU(`${color} becoming ready did not happen within ${waited} s; last seen: ${last}.`);
    };
    let delay = 100;
    let seen = "not read yet";
    // "green: 2/3 replicas ready, 12 s": a rollout or a restart can take minutes.
    const progress = (0,platform_progress/* startProgress */.o)((seconds) => `${color}: ${seen}, ${seconds} s`);
    try {
        return await waitLoop();
    }
    finally {
        progress.stop();
    }
    async function waitLoop() {
        for (;;) {
            const view = await ctx.workload.readiness(color);
            let last = view.summary;
            seen = view.ready && view.endpoints ? `${view.summary}; probing each server` : view.summary;
            if (view.ready) {
                if (!view.endpoints)
                    return view.summary;
                // Probes until the deadline: a failure here is final, with each late server's own count.
                const probe = await probeInARow(view.endpoints, probeSettings(ctx), deadline, attempt);
                if (!probe.ok)
                    throw timeout(`${view.summary}, but ${probe.detail}`);
                // The router again: a server its checks took DOWN meanwhile is not ready, whatever it answers now.
                const after = await ctx.workload.readiness(color);
                if (after.ready)
                    return `${after.summary} and ${probe.detail}`;
                last = after.summary;
            }
            const left = deadline - Date.now();
            if (left <= 0)
                throw timeout(last);
            await (0,wait/* sleep */.y)(Math.min(delay, left));
            delay = Math.min(delay * 2, 2_000);
        }
    }
}
/**
 * Readiness now, checked afresh (promote, a prepare that finds its version in place): the router's
 * view, then each server answering health-path PROBE_TIMES times in a row within a few seconds.
 * Never waits for a server to come up.
 */
async function readyNow(ctx, color, attempt) {
    const view = await ctx.workload.readiness(color);
    if (!view.ready || !view.endpoints)
        return view;
    const window = Math.min(PROMOTE_PROBE_WINDOW_MS, ctx.config.timeoutSeconds * 1000);
    const probe = await probeInARow(view.endpoints, probeSettings(ctx), Date.now() + window, attempt);
    return probe.ok
        ? { ready: true, summary: `${view.summary} and ${probe.detail}` }
        : { ready: false, summary: `${view.summary}, but ${probe.detail}` };
}

;// CONCATENATED MODULE: ./src/policy/workload.ts
// Decisions about the workloads behind the colors, as pure functions of what the workload face
// reported: no I/O here. The modes read the facts, ask these, and act.
/**
 * Production goes only to the version bluegreen put on the color: a switch to a color whose
 * workload runs another image tag than the ledger records (someone set it by hand since) is
 * refused before anything is written. Returns the refusal, or undefined to go ahead.
 */
function otherVersionRefusal(change, running) {
    const expected = change.ledger.versions[change.live];
    if (expected === undefined || running.version === undefined || running.version === expected)
        return undefined;
    return `Refusing to switch to ${change.live}: ${running.object} runs ${running.image}, not ${expected} as bluegreen recorded; nothing was changed. Run prepare again.`;
}
/**
 * Whether a change must first check the version the target runs: only a change that moves
 * production, to a color the ledger records a version for (one installed before bluegreen has
 * nothing recorded to compare with).
 */
function checksRunningVersion(change, state) {
    return change.live !== state.live && change.ledger.versions[change.live] !== undefined;
}
/**
 * Before traffic goes back to a color promote scaled down: give it back its replicas and wait
 * until it is ready, within `timeout`, or refuse with no routing touched. The plan's lines.
 */
function servingRestorePlan(restore, timeoutSeconds) {
    return [
        ...restore.lines,
        `wait until ${restore.object} is ready (timeout ${timeoutSeconds} s) before switching; otherwise refuse and change no routing`,
    ];
}
/** What the plan says once the restored color is ready. */
function servingRestored(restore, readiness) {
    return [...restore.lines, `${restore.object} is ready again (${readiness})`];
}
/** The refusal when the restored color did not get ready in time (`why`: the wait's own sentence). */
function servingRestoreRefusal(color, restore, why) {
    const { object, current, replicas } = restore;
    return `Refusing to switch traffic to ${color}: ${object} was scaled back up from ${current} to ${replicas} replicas, but ${why.replace(/\.$/, "")}. No routing was changed; ${object} keeps ${replicas} replicas.`;
}

;// CONCATENATED MODULE: ./src/modes/switch.ts





/**
 * Read, act, read again: applies the plan, then confirms from the router itself that production
 * (and the preview entry, where the router has one) now goes where we asked.
 */
async function switchAndConfirm(ctx, plan, onStep, 
/** false for prepare, which leaves production (even a split one) as it is. */
movesProduction = true) {
    const { change } = plan;
    // A write that leaves production where it is (prepare's record) is not called a switch.
    const step = movesProduction && change.live !== plan.state.live ? `switch to ${change.live}` : "write router";
    await timed(ctx.report, step, async () => {
        await refuseOtherVersion(ctx, plan);
        await ctx.router.apply(plan, onStep);
    });
    const after = await ctx.router.read();
    if (after.live !== change.live) {
        throw new errors/* BluegreenError */.cw(`The router still sends production to ${after.live} after the switch to ${change.live}; nothing else was changed.`);
    }
    if (after.split && movesProduction) {
        throw new errors/* BluegreenError */.cw(`Production is still split between colors after the switch to ${change.live}: ${after.warnings.join(" ")}`);
    }
    if (after.preview !== undefined && after.preview !== change.preview) {
        log/* log */.Rm.warn(`The preview entry goes to ${after.preview}, not ${change.preview} as asked.`);
    }
    return after;
}
/**
 * Production goes only to the version bluegreen put on the color (where the workload can tell its
 * version): the workload reports what runs, the policy decides, and a refusal changes nothing.
 */
async function refuseOtherVersion(ctx, plan) {
    const { workload } = ctx;
    if (!workload.runningVersion || !checksRunningVersion(plan.change, plan.state))
        return;
    const refusal = otherVersionRefusal(plan.change, await workload.runningVersion(plan.change.live));
    if (refusal)
        throw new errors/* RefusedError */.fk(refusal);
}
/**
 * switchAndConfirm for the switches of promote and rollback: when it fails, the router is read again
 * and the error says where production is now, as the router shows it (never a guess), and whether
 * this run moved it. `what` names the step ("Promote of green").
 */
async function switchOrExplain(ctx, plan, what, onStep) {
    const { state } = plan;
    try {
        return await switchAndConfirm(ctx, plan, onStep);
    }
    catch (error) {
        ctx.report.failedSwitch = { from: state.live, to: plan.change.live };
        const after = await readAgain(ctx);
        ctx.report.after = after;
        // A lost race changed nothing here; anything else that left production elsewhere was this run's write.
        if (after && after.live !== state.live && !(error instanceof errors/* ConflictError */.fK))
            ctx.report.changed = true;
        throw new errors/* BluegreenError */.cw(`${what} failed: ${(0,sentence/* sentenceOf */.$)(error)} ${whereTrafficIs(after, state.live, error)}`);
    }
}
/** The router read once more after a failure; a read that fails is tried once more after a short settle. */
async function readAgain(ctx) {
    try {
        return await ctx.router.read();
    }
    catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return ctx.router.read().catch(() => undefined);
    }
}
/** Where production is after a failed switch, read from the router itself: one statement, never two. */
function whereTrafficIs(after, before, error) {
    if (!after)
        return `Where production is now is unknown: the router could not be read afterwards (it was on ${before} before).`;
    // The router's own account, when it knows more than one color (a change configured, not yet applied).
    if (after.traffic)
        return after.traffic;
    if (after.split)
        return `Production is split between colors (${after.warnings.join(" ")}); run promote or rollback again to move all of it to one color.`;
    if (after.live === before)
        return `Production stays on ${before}.`;
    if (error instanceof errors/* ConflictError */.fK)
        return `Production is on ${after.live}, switched by another run, not by this one.`;
    return `Production is on ${after.live}.`;
}
/** Where modes have always found it; the helper lives beside no mode so that backends can use it too. */

/**
 * Production split between colors (an interrupted switch) is repaired only by an explicit promote
 * or rollback: one that found nothing else to do moves every entry to the color the router reports
 * (the policy's repair decision carries the change).
 */
async function repairSplit(ctx, state, change) {
    const plan = ctx.router.plan(change, state);
    ctx.report.plan.push(...ctx.router.describe(plan));
    if (ctx.config.dryRun)
        return state;
    const after = await switchAndConfirm(ctx, plan);
    ctx.report.changed = true;
    return after;
}

;// CONCATENATED MODULE: ./src/modes/prepare.ts









/** Puts `version` on the idle color, waits until it is ready, and points the preview entry at it. */
async function prepare(ctx) {
    const { router, workload, config, report } = ctx;
    const version = config.version; // parseConfig requires it for prepare
    const state = await timed(report, "read router", () => router.read());
    report.before = state;
    const decision = decidePrepare(state, { ...policySettings(ctx), version });
    if (decision.kind === "refuse")
        throw stop(decision);
    const { target } = decision;
    report.target = target;
    const result = (changed) => ({
        active: state.live,
        previous: state.ledger.previous ?? "",
        target,
        version,
        changed,
    });
    if (decision.kind === "noop") {
        report.outcome = decision.sentence;
        return result(false);
    }
    const { change } = decision;
    if (decision.alreadyThere) {
        const again = preparedAgain(version, target, await readyNow(ctx, target));
        if (again.kind === "noop") {
            report.outcome = again.sentence;
            return result(false);
        }
        log/* log */.Rm.info(again.note);
    }
    const inUse = inUseRefusal(state, target, ctx.now());
    if (inUse)
        throw stop(inUse);
    if (workload.deploy) {
        report.plan.push(`deploy ${version} on ${target} (backend ${router.kind})`);
    }
    else if (config.deployCommand) {
        report.plan.push(`run deploy-command for ${target} with BLUEGREEN_COLOR=${target} BLUEGREEN_VERSION=${version}`);
    }
    else if (config.deployedAlready) {
        report.plan.push(`deploy nothing (deploy-command: none): ${version} is on ${target} already, as the step says`);
        log/* log */.Rm.warn(`deploy-command is "none": bluegreen deployed nothing and records ${version} on ${target} on your word; test mode's version-path is what checks it.`);
    }
    // A detail: the readiness check the log shows says what the wait found.
    report.plan.push((0,plan_lines/* detail */._0)(`wait until every server of ${target} is ready (timeout ${config.timeoutSeconds} s)`));
    if (decision.recordsLiveVersion) {
        report.plan.push(`record ${decision.recordsLiveVersion} as the version ${state.live} (production) runs, on the step's word (live-version)`);
    }
    report.plan.push(...router.describe(router.plan(change, state)));
    if (config.dryRun) {
        report.outcome = `Dry run: would prepare ${version} on ${target}; nothing changed.`;
        return result(false);
    }
    // From here on the idle color's old version is being replaced: it counts as a change.
    report.changed = true;
    try {
        await deployTarget(ctx, target, version);
        const ready = await timed(report, `wait ${target} ready`, () => waitUntilReady(ctx, target));
        report.checks.push({ name: `${target} ready`, ok: true, detail: ready });
        // The deploy may have taken minutes: read again so the write below is checked against fresh state.
        const fresh = await router.read();
        const write = preparedWrite(state, fresh, target, { ...policySettings(ctx), version });
        if (write.kind === "fail")
            throw stop(write);
        report.after = await switchAndConfirm(ctx, router.plan(write.change, fresh), undefined, false);
    }
    catch (error) {
        throw new errors/* BluegreenError */.cw(`${(0,sentence/* sentenceOf */.$)(error)} ${await forgetVersion(ctx, target)}`);
    }
    report.outcome = `Prepared ${version} on ${target}; production stays on ${state.live}.`;
    return result(true);
}
async function deployTarget(ctx, target, version) {
    const { router, workload, config, report } = ctx;
    if (workload.deploy) {
        const deploy = workload.deploy.bind(workload);
        await timed(report, `deploy ${target}`, () => deploy(target, version));
    }
    else if (config.deployCommand) {
        const servers = workload.targets ? await workload.targets(target) : [];
        await timed(report, "deploy-command", () => runUserCommand("deploy-command", config.deployCommand, {
            BLUEGREEN_COLOR: target,
            BLUEGREEN_VERSION: version,
            BLUEGREEN_SERVERS: servers.join(","),
            BLUEGREEN_BACKEND: router.kind,
        }));
    }
}
/**
 * After a failed prepare the idle color runs neither its old version nor surely the new one:
 * drop its version from the ledger (best effort), so no later promote trusts the old record.
 * Production is untouched either way. Returns a sentence for the error message.
 */
async function forgetVersion(ctx, target) {
    try {
        const fresh = await ctx.router.read();
        await ctx.router.apply(ctx.router.plan(failedPrepareRouting(fresh, target), fresh));
        return `Production stays on ${fresh.live}; ${target}'s version is now recorded as unknown, so nothing promotes it until a prepare succeeds.`;
    }
    catch (error) {
        log/* log */.Rm.warn(`Could not record ${target}'s version as unknown: ${(0,sentence/* sentenceOf */.$)(error)}`);
        return `Production was not touched; ${target} may run a half-installed version.`;
    }
}

;// CONCATENATED MODULE: ./src/policy/split.ts
/**
 * What a promote or rollback with nothing else to do says when it makes a split production whole.
 */
function repairSentence(facts, settings) {
    return `${settings.dryRun ? "Dry run: would move" : "Moved"} all of production to ${facts.live}: it was split between colors.`;
}

;// CONCATENATED MODULE: ./src/policy/promote.ts



/** Which color a promote would send production to, or why it has nothing to do, or why it refuses. */
function promoteTarget(facts, version) {
    const { ledger, live } = facts;
    const idle = (0,colors/* otherColor */.IP)(live);
    const to = (target) => ({ kind: "target", target });
    if (version) {
        if (ledger.versions[idle] === version && ledger.pending === idle)
            return to(idle);
        if (ledger.versions[live] === version)
            return { kind: "noop", sentence: `${version} is already live on ${live}; nothing changed.` };
        if (ledger.versions[idle] === version)
            return to(idle);
        const known = colors/* COLORS */.lm.map((c) => `${c}: ${ledger.versions[c] ?? "unknown"}`).join(", ");
        // Often a pipeline's approved release that another pipeline's prepare replaced: say so plainly.
        const holds = ledger.versions[idle] ? `now holds ${ledger.versions[idle]}` : "holds no recorded version";
        return {
            kind: "refuse",
            sentence: `Version ${version} is not prepared on either color (${known}): the idle color ${idle} ${holds}, so a later prepare replaced ${version} there, or it was never prepared. Production stays on ${live}; run prepare for ${version} again to promote it.`,
        };
    }
    if (ledger.pending === idle)
        return to(idle);
    // Nothing pending. Only a retry of a promote that already happened may succeed doing nothing: a
    // pipeline whose prepare failed, or that never prepared, must not stay green.
    if (ledger.prepareFailed) {
        return {
            kind: "refuse",
            sentence: `Nothing to promote: the last prepare of ${ledger.prepareFailed} failed, so nothing is prepared; production stays on ${live}. Run prepare again.`,
        };
    }
    if (ledger.lastAction === "promote" && ledger.live === live) {
        return {
            kind: "noop",
            sentence: `${live} was promoted already${ledger.at ? ` (${ledger.at})` : ""} and nothing was prepared since; nothing changed.`,
        };
    }
    const history = ledger.lastAction ? `since the last ${ledger.lastAction}` : "(bluegreen has never switched this router)";
    return {
        kind: "refuse",
        sentence: `Nothing to promote: nothing was prepared ${history}; production stays on ${live}. Run prepare first${promotableAsItIs(facts)}.`,
    };
}
/**
 * After a rollback the idle color often still holds the release that was rolled back from: promote
 * with its version takes it back at once, without a prepare. Said only when this very policy would
 * switch to it (the same promoteTarget, asked with that version).
 */
function promotableAsItIs(facts) {
    const idle = (0,colors/* otherColor */.IP)(facts.live);
    const version = facts.ledger.versions[idle];
    if (!version || promoteTarget(facts, version).kind !== "target")
        return "";
    return `, or set version to ${version} (--version ${version}) to promote the ${version} that ${idle} holds, at once`;
}
/**
 * The promote decision. On a production split between colors (an interrupted switch) a promote
 * with nothing else to do repairs the split rather than refusing: that repair is what the re-run is
 * for. A switch records the bake window it opens in the same write.
 */
function decidePromote(facts, settings) {
    const decision = promoteTarget(facts, settings.version);
    if (decision.kind !== "target") {
        if (facts.split)
            return { kind: "repair", sentence: repairSentence(facts, settings), change: repairedRouting(facts) };
        return decision;
    }
    const { target } = decision;
    return {
        kind: "switch",
        target,
        version: settings.version ?? facts.ledger.versions[target] ?? "",
        change: withBakeRecord(switchedRouting(facts, target, "promote", settings), settings),
    };
}
/** The switch promote would make to `target`, without a bake record: what test mode shows an approver. */
function promoteRouting(facts, target, settings) {
    return switchedRouting(facts, target, "promote", settings);
}
/** A switch's target must be ready to take production. */
function refuseUnready(action, target, summary, live) {
    const what = action === "promote" ? "promote" : "roll back to";
    return { kind: "refuse", sentence: `Refusing to ${what} ${target}: it is not ready (${summary}). Production stays on ${live}.` };
}
/** The passed test promote must check for `target`; undefined when none is recorded for it. */
function recordedTest(facts, target) {
    const tested = facts.ledger.tested;
    return tested && tested.color === target ? tested : undefined;
}
/**
 * Promote only what was tested: same color, version and workload (its fingerprint now), and not too
 * long ago. Without a recorded test, require-test refuses, otherwise the promote goes on with a warning.
 */
function testVerdict(record, target, now, settings) {
    if (!record || record.color !== target) {
        const message = `No passed test is recorded for ${target}.`;
        if (settings.requireTest)
            return { kind: "refuse", sentence: `Refusing to promote ${target}: ${message} Run test mode first.` };
        return { kind: "warn", sentence: `${message} Promoting anyway (require-test is false).` };
    }
    const reasons = [];
    if (now.version && record.version !== now.version)
        reasons.push(`the test checked ${record.version}, not ${now.version}`);
    if (record.fingerprint !== now.fingerprint)
        reasons.push(`${target} changed since the test (was ${record.fingerprint}, now ${now.fingerprint})`);
    const ageSeconds = (settings.now.getTime() - Date.parse(record.at)) / 1000;
    if (settings.maxTestAgeSeconds > 0 && !(ageSeconds <= settings.maxTestAgeSeconds)) {
        reasons.push(`the test is ${Math.round(ageSeconds)} s old (max-test-age ${settings.maxTestAgeSeconds} s)`);
    }
    if (reasons.length > 0)
        return { kind: "refuse", sentence: `Refusing to promote ${target}: ${reasons.join("; ")}. Run test mode again.` };
    return { kind: "pass", detail: `${record.version} on ${target} passed at ${record.at}` };
}
/**
 * Verification failed right after promote switched to `target`: with auto-rollback, production goes
 * back to `from` in one switch; without it, it stays and the step fails saying so.
 */
function afterFailedVerify(after, target, from, why, settings) {
    if (!settings.autoRollback) {
        return {
            kind: "fail",
            sentence: `Production is on ${target} but verification failed (${why}); auto-rollback is off, so it stays there.`,
        };
    }
    return {
        kind: "switch",
        target: from,
        version: after.ledger.versions[from] ?? "",
        change: switchedRouting(after, from, "rollback", settings),
        what: `Verification after promoting ${target} failed (${why}), and the automatic rollback to ${from}`,
        sentence: `Verification after promoting ${target} failed (${why}); traffic was returned to ${from}.`,
    };
}

;// CONCATENATED MODULE: ./src/policy/drift.ts
/**
 * The one drift check: the router sends production elsewhere than bluegreen last set it, so someone
 * switched by hand. Undefined when there is no drift. `withRun` names the run that set it (promote
 * and rollback warn with it; status's table leaves it out, as its "last action" row names the run).
 */
function handSwitch(facts, withRun) {
    const recorded = facts.ledger.live;
    if (!recorded || recorded === facts.live)
        return undefined;
    const run = withRun && facts.ledger.run ? ` (run ${facts.ledger.run})` : "";
    return `The router sends production to ${facts.live}, but bluegreen last set ${recorded}${run}: someone switched by hand.`;
}

// EXTERNAL MODULE: ./src/analysis/parse.ts
var parse = __webpack_require__(58037);
// EXTERNAL MODULE: ./src/analysis/prometheus.ts
var prometheus = __webpack_require__(84680);
;// CONCATENATED MODULE: ./src/analysis/analyze.ts


/**
 * Runs every check against one color (queries in parallel: each is one round trip). A check
 * fails when its value misses the threshold, is NaN, when the query has no data (unless
 * allowEmpty), or when Prometheus cannot answer: an analysis that could not look is not a pass.
 */
async function runAnalysis(settings, subject) {
    return Promise.all(settings.checks.map(async (check) => {
        const query = (0,parse/* renderQuery */.no)(check.query, subject);
        const name = `analysis ${check.name}`;
        const wanted = `${check.op} ${check.threshold}`;
        const result = await (0,prometheus/* instantQuery */._H)(settings.prometheus, query);
        if (result.kind === "error")
            return { name, ok: false, detail: `${result.message}; query: ${query}` };
        if (result.kind === "empty") {
            const ok = settings.allowEmpty;
            return {
                name,
                ok,
                detail: `no data${ok ? " (allowed by analysis-allow-empty)" : " (set analysis-allow-empty: true to accept that)"}, wanted ${wanted}; query: ${query}`,
            };
        }
        const ok = (0,parse/* passes */.WE)(result.value, check.op, check.threshold);
        const why = Number.isNaN(result.value) ? " (NaN: no traffic to divide?)" : "";
        return { name, ok, detail: `${formatValue(result.value)}${why}, wanted ${wanted}; query: ${query}` };
    }));
}
/** Short, stable numbers for the summary: 4 significant digits, and Prometheus's spelling of the specials. */
function formatValue(value) {
    if (Number.isNaN(value))
        return "NaN";
    if (value === Number.POSITIVE_INFINITY)
        return "+Inf";
    if (value === Number.NEGATIVE_INFINITY)
        return "-Inf";
    return String(Number(value.toPrecision(4)));
}

// EXTERNAL MODULE: ./src/platform/signals.ts
var signals = __webpack_require__(71322);
;// CONCATENATED MODULE: ./src/policy/bake.ts


/**
 * A check failed during the window. A promote's window with auto-rollback sends production back
 * (read the router first: bakeRollback); otherwise production stays, the window is recorded as
 * failed on the router, and the step ends with `end`.
 */
function failedBakeReaction(window, when, why, settings) {
    if (window.action === "promote" && settings.autoRollback)
        return { kind: "roll back" };
    if (window.action === "rollback") {
        return {
            kind: "mark failed",
            end: { kind: "refuse", sentence: (0,sentence/* sentenceOf */.$)(`Rolled back to ${window.target}, but the bake check ${when} failed: ${why}`) },
        };
    }
    return {
        kind: "mark failed",
        end: {
            kind: "fail",
            sentence: `Production is on ${window.target} but the bake check ${when} failed (${why}); auto-rollback is off, so it stays there.`,
        },
    };
}
/**
 * The rollback of a failed bake, from the router as read now: nothing to switch when production has
 * left the baked color already, otherwise one switch back to the color it came from.
 */
function bakeRollback(current, window, when, why, settings) {
    if (current.live !== window.target) {
        return {
            kind: "fail",
            sentence: `The bake of ${window.target} failed ${when} (${why}); production is already on ${current.live}, so nothing was switched.`,
        };
    }
    return {
        kind: "switch",
        target: window.from,
        version: current.ledger.versions[window.from] ?? "",
        change: switchedRouting(current, window.from, "rollback", settings),
        what: `The bake of ${window.target} failed ${when} (${why}), and the rollback to ${window.from}`,
    };
}

;// CONCATENATED MODULE: ./src/smoke/checks.ts


/** Health answers 2xx. */
async function checkHealth(requester, path, timeoutMs) {
    const name = `health ${path}`;
    try {
        const { status } = await requester.get(path, timeoutMs);
        const ok = status >= 200 && status <= 299;
        return { name, ok, detail: `HTTP ${status} from ${target(requester, path)}`, status };
    }
    catch (error) {
        return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}`, errorCode: codeOf(error) };
    }
}
/** The version path's body contains the expected version. */
async function checkVersion(requester, path, version, timeoutMs, misdirection) {
    const name = `version ${path}`;
    try {
        const { status, body } = await requester.get(path, timeoutMs);
        const ok = status >= 200 && status <= 299 && body.includes(version);
        const seen = body.trim().slice(0, 80);
        const why = !ok && misdirection && servesExactly(body, misdirection.version) ? `, ${misdirection.explanation}` : "";
        return {
            name,
            ok,
            detail: ok ? `serves ${version}` : `expected ${version}, got HTTP ${status} "${seen}" from ${target(requester, path)}${why}`,
        };
    }
    catch (error) {
        return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}` };
    }
}
/** `version` as a whole word of the body (v1 is not in "v10"). */
function servesExactly(body, version) {
    return body.split(/[^A-Za-z0-9_.-]+/).includes(version);
}
/**
 * How long a refused connection is given to heal: a router that restarts refuses for a moment; one
 * that keeps refusing has nothing listening at that address, and waiting the whole timeout is useless.
 */
const REFUSED_GRACE_MS = 3_000;
/**
 * Waits until the health path answers 2xx, for at most timeoutMs. Fails at once on what cannot heal
 * (a host name that does not resolve; a connection still refused after a short grace).
 */
async function waitForHealthy(requester, path, timeoutMs) {
    const started = Date.now();
    const deadline = started + timeoutMs;
    let refusedSince;
    let delay = 100;
    for (;;) {
        const last = await checkHealth(requester, path, Math.min(5_000, Math.max(500, deadline - Date.now())));
        if (last.ok)
            return last;
        if (last.errorCode === "ENOTFOUND") {
            throw new errors/* BluegreenError */.cw(`${target(requester, path)} cannot be reached: its host name does not resolve (${last.detail}).`);
        }
        refusedSince = last.errorCode === "ECONNREFUSED" ? (refusedSince ?? Date.now()) : undefined;
        if (refusedSince !== undefined && Date.now() - refusedSince >= REFUSED_GRACE_MS) {
            throw new errors/* BluegreenError */.cw(`${target(requester, path)} refused every connection for ${seconds(Date.now() - refusedSince)}: nothing listens there (${last.detail}).`);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
            throw new errors/* TimeoutError */.MU(`${target(requester, path)} did not answer 2xx within ${seconds(Date.now() - started)} (last: ${last.detail}).`);
        }
        // The last attempt lands on the deadline, so the time said in the error is the time waited.
        await (0,wait/* sleep */.y)(Math.min(delay, left));
        delay = Math.min(delay * 2, 2_000);
    }
}
/**
 * The health check of the first HTTP answer, 2xx or not: tried again only while no answer comes
 * (a transport error), for at most waitMs, and never on a host name that does not resolve.
 */
async function firstAnswer(requester, path, waitMs) {
    const deadline = Date.now() + waitMs;
    let delay = 100;
    for (;;) {
        const check = await checkHealth(requester, path, Math.min(5_000, Math.max(500, deadline - Date.now())));
        const left = deadline - Date.now();
        if (check.status !== undefined || check.errorCode === "ENOTFOUND" || left <= 0)
            return check;
        await (0,wait/* sleep */.y)(Math.min(delay, left));
        delay = Math.min(delay * 2, 1_000);
    }
}
/** The full address a check requested: the base and the path, once each. */
function target(requester, path) {
    return `${requester.describe.replace(/\/+$/, "")}${path}`;
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
function codeOf(error) {
    const code = error?.code ?? error?.cause?.code;
    return typeof code === "string" ? code : undefined;
}
function message(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/modes/bake.ts














/**
 * Keeps checking production (verify-url health and version, and the analysis) every bake-interval
 * until bake-time has passed since the switch. A failed check during a promote's window sends
 * production back to `from` when auto-rollback is true; a rollback's window only checks. Either way
 * the step fails, saying at which second and why. Returns the router as read at the end.
 */
async function bake(ctx, subject) {
    const { config, report } = ctx;
    if (config.bakeSeconds <= 0)
        return subject.after;
    const record = { seconds: config.bakeSeconds, interval: config.bakeIntervalSeconds, color: subject.target, rounds: [] };
    report.bake = record;
    log/* log */.Rm.info(`Baking ${subject.target}${subject.version ? ` (${subject.version})` : ""} for ${config.bakeSeconds} s, checking every ${config.bakeIntervalSeconds} s.`);
    const cancel = cancellation();
    const passed = () => record.rounds.reduce((sum, round) => sum + round.checks.length, 0);
    // Seconds since the switch, as the rounds count them: "bake 40/300 s, 8 checks passed".
    const progress = (0,platform_progress/* startProgress */.o)(() => `bake ${Math.floor(secondsSince(subject.switchedAt))}/${config.bakeSeconds} s, ${passed()} checks passed`);
    try {
        const windowMs = config.bakeSeconds * 1000;
        for (let k = 1;; k++) {
            const dueMs = Math.min(k * config.bakeIntervalSeconds * 1000, windowMs);
            const elapsed = performance.now() - subject.switchedAt;
            // A round that ran past its successor's time skips it: the schedule stays on the clock.
            if (dueMs < elapsed && dueMs < windowMs)
                continue;
            await cancel.sleep(dueMs - elapsed);
            const second = secondsSince(subject.switchedAt);
            if (cancel.cancelled) {
                record.end = `cancelled at ${second} s`;
                // Best effort, bounded: the runner kills the step a few seconds after its signal.
                report.after = await withDeadline(markBake(ctx, subject, "cancelled"), 3_000).catch(() => undefined);
                throw new errors/* BluegreenError */.cw(`Cancelled at ${second} s of the ${config.bakeSeconds} s bake: production stays on ${subject.target}, recorded on the router as ${pastTense(subject.action)} with the bake not completed.`);
            }
            const now = await ctx.router.read();
            if (now.live !== subject.target) {
                record.end = `stopped at ${second} s: production moved to ${now.live}`;
                report.after = now;
                throw new errors/* BluegreenError */.cw(`Production moved from ${subject.target} to ${now.live} at ${second} s of the bake, by another hand${now.ledger.run && now.ledger.run !== ctx.run ? ` (run ${now.ledger.run})` : ""}; bluegreen stopped baking and changed nothing.`);
            }
            const checks = await bakeChecks(ctx, subject);
            record.rounds.push({ second, checks });
            const why = failures(checks);
            // Each round is a detail (the progress line and the report carry them); a failure is said at once.
            if (why)
                log/* log */.Rm.info(`bake ${second} s: FAILED ${why}`);
            else
                log/* log */.Rm.detail(`bake ${second} s: ${checks.length} checks passed`);
            if (why) {
                record.end = `failed at ${second} s`;
                return await failedBake(ctx, subject, second, why);
            }
            if (dueMs >= windowMs)
                break;
        }
        record.end = `completed (${record.rounds.length} checks over ${config.bakeSeconds} s)`;
    }
    finally {
        progress.stop();
        cancel.dispose();
    }
    report.checks.push({
        name: "bake",
        ok: true,
        detail: `${subject.target}: ${record.rounds.length} rounds of checks passed over ${config.bakeSeconds} s`,
    });
    return closeBakeRecord(ctx, subject);
}
/** One round: production's health and version through verify-url, then the analysis on the live color. */
async function bakeChecks(ctx, subject) {
    const { verifyUrl, smoke, analysis, bakeIntervalSeconds } = ctx.config;
    // A check may not outlast the round it belongs to by much: a hanging production is a failure.
    const timeoutMs = Math.min(5_000, Math.max(1_000, bakeIntervalSeconds * 1000));
    const checks = [];
    const metrics = analysis ? runAnalysis(analysis, { color: subject.target, version: subject.version }) : Promise.resolve([]);
    if (verifyUrl) {
        const requester = (0,http/* urlRequester */.q)(verifyUrl, 2);
        try {
            checks.push(await checkHealth(requester, smoke.healthPath, timeoutMs));
            if (smoke.versionPath && subject.version)
                checks.push(await checkVersion(requester, smoke.versionPath, subject.version, timeoutMs));
        }
        finally {
            requester.close();
        }
    }
    const named = checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
    return [...named, ...(await metrics)];
}
/**
 * A check failed during the window. promote with auto-rollback: read the router, and if production
 * is still on the new color, send it back in one switch. Otherwise leave it and record the failure.
 */
async function failedBake(ctx, subject, second, why) {
    const { router, config, report } = ctx;
    const { target, from } = subject;
    report.checks.push({ name: `bake at ${second} s`, ok: false, detail: why });
    const when = `at ${second} s of the ${config.bakeSeconds} s bake`;
    const reaction = failedBakeReaction(subject, when, why, config);
    if (reaction.kind === "roll back") {
        const current = await router.read();
        const back = bakeRollback(current, subject, when, why, policySettings(ctx));
        if (back.kind === "fail") {
            report.after = current;
            throw stop(back);
        }
        const plan = router.plan(back.change, current);
        report.plan.push((0,plan_lines/* labelledPlan */.tS)("auto-rollback: ", router.describe(plan)));
        const started = performance.now();
        // A failed rollback ends, like every failed switch, with where the router shows production now.
        report.after = await switchOrExplain(ctx, plan, back.what);
        const ms = Math.round(performance.now() - started);
        report.autoRollback = { phase: "bake", second, failed: report.bake?.rounds.at(-1)?.checks.filter((check) => !check.ok) ?? [] };
        throw new errors/* BluegreenError */.cw(`The bake of ${target} failed ${when} (${why}); traffic was returned to ${from} in ${ms} ms.`);
    }
    // No flip: record on the router that this window failed, so status does not call it running.
    report.after = await markBake(ctx, subject, "failed");
    throw stop(reaction.end);
}
/** The window passed: one final write removes the open-window record (only ours, only if still live). */
async function closeBakeRecord(ctx, subject) {
    try {
        return await markBake(ctx, subject, undefined);
    }
    catch (error) {
        const text = `The bake of ${subject.target} passed, but removing the open-window record from the router failed: ${(0,sentence/* sentenceOf */.$)(error)} status will show the bake as not completed.`;
        log/* log */.Rm.warn(text);
        return (await ctx.router.read().catch(() => undefined)) ?? subject.after;
    }
}
async function markBake(ctx, subject, state) {
    const fresh = await ctx.router.read();
    const change = bakeClosedRouting(fresh, { ...subject, until: subject.after.ledger.bake?.until }, state);
    if (!change)
        return fresh;
    await ctx.router.apply(ctx.router.plan(change, fresh));
    return ctx.router.read();
}
/**
 * While the window is open, a cancelled job must not die mid-check: the signal (src/platform/signals.ts)
 * ends the wait, and the run says where production is. A signal that came before the window (while
 * a lease was held, say) counts too: the window then ends at once.
 */
function cancellation() {
    const state = { cancelled: (0,signals/* cancelSignal */.Bj)() !== undefined };
    const stop = (0,signals/* onCancel */.Ao)(() => {
        state.cancelled = true;
    });
    return {
        get cancelled() {
            return state.cancelled;
        },
        async sleep(ms) {
            if (state.cancelled || ms <= 0)
                return;
            if (await (0,signals/* cancellableSleep */.u_)(ms))
                state.cancelled = true;
        },
        dispose: stop,
    };
}
function withDeadline(promise, ms) {
    return Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
}
function secondsSince(start) {
    return Math.round((performance.now() - start) / 100) / 10;
}
function pastTense(action) {
    return action === "promote" ? "promoted" : "rolled back";
}
/**
 * Before a promote whose bake runs an analysis: Prometheus must answer now, or the window would
 * fail on its first check and flip production twice. Refuses with nothing changed.
 */
async function refuseWithoutPrometheus(ctx, target) {
    const { analysis, bakeSeconds } = ctx.config;
    if (!analysis || bakeSeconds <= 0)
        return;
    const probe = await (0,prometheus/* instantQuery */._H)(analysis.prometheus, "vector(1)");
    ctx.report.checks.push({
        name: "prometheus reachable",
        ok: probe.kind === "value",
        detail: probe.kind === "error" ? probe.message : `${analysis.prometheus.url} answers queries`,
    });
    if (probe.kind === "error") {
        throw new errors/* RefusedError */.fk(`Refusing to promote ${target}: the bake's analysis cannot run (${probe.message}). Production stays on ${(0,colors/* otherColor */.IP)(target)}.`);
    }
}
/** Test mode: the analysis against the preview color, after the load has put traffic on it. */
async function previewAnalysis(ctx, color, version) {
    const { analysis } = ctx.config;
    if (!analysis)
        return [];
    return timed(ctx.report, "analysis", () => runAnalysis(analysis, { color, version }));
}

;// CONCATENATED MODULE: ./src/modes/scale-down.ts




/**
 * After a verified (and baked) promote, the workload's scale-down (Kubernetes:
 * scale-down-replicas on the old color) runs only once scale-down-delay has passed since the
 * switch, and only if production is still on the new color, read again just before: kube-proxy on
 * every node follows EndpointSlices late, and a rollback during the delay must find the old color
 * at full size. A failure here is a warning: production is switched and verified. Returns the
 * router as read when production was found elsewhere, so the step reports where it really is.
 */
async function scaleDownOld(ctx, target, old, switchedAt) {
    const { router, workload, config, report } = ctx;
    if (!workload.scaleDown)
        return undefined;
    const scaleDown = workload.scaleDown.bind(workload);
    try {
        const waitMs = config.scaleDownDelaySeconds * 1000 - (performance.now() - switchedAt);
        if (waitMs > 0) {
            log/* log */.Rm.info(`Waiting ${Math.ceil(waitMs / 1000)} s (scale-down-delay ${config.scaleDownDelaySeconds} s) before scaling ${old} down.`);
            await timed(report, "scale-down-delay", () => (0,wait/* sleep */.y)(waitMs));
            const now = await router.read();
            if (now.live !== target) {
                const text = `Production moved to ${now.live} during scale-down-delay${now.ledger.run ? ` (run ${now.ledger.run})` : ""}; ${old} was not scaled down.`;
                log/* log */.Rm.warn(text);
                return now;
            }
        }
        report.plan.push(...(await timed(report, "after promote", () => scaleDown(old))));
    }
    catch (error) {
        log/* log */.Rm.warn(`Production is on ${target}, but the after-promote step on ${old} failed: ${(0,sentence/* sentenceOf */.$)(error)}`);
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(71553);
// EXTERNAL MODULE: ./src/urls.ts
var urls = __webpack_require__(75769);
;// CONCATENATED MODULE: ./src/modes/verify.ts







/**
 * How long a verify after an instant switch waits for production's first HTTP answer. The switch
 * moves no listener, so a connection that fails is not the new color answering: it comes from the
 * way to the router (a proxy or cloud load balancer in front reconnecting, a kept-alive connection
 * the router closed), which heals in moments. The first answer, whatever it is, decides.
 */
const FIRST_ANSWER_WAIT_MS = 10_000;
/**
 * Checks production through verify-url after a switch: health answers 2xx, and the version path
 * serves `version` when both are known. Where the router switches at once, production's first
 * answer is the new color's and decides (a 5xx fails at once, so promote rolls back); where
 * clients move over time (a refresh task, DNS caches), health is waited for up to `timeout`
 * (60 s at most). Returns the checks; an empty list when no verify-url is set. Never throws for a
 * failed check: the caller decides.
 */
async function verifyProduction(ctx, version) {
    const { verifyUrl, smoke, timeoutSeconds } = ctx.config;
    if (!verifyUrl)
        return [];
    const requester = (0,http/* urlRequester */.q)(verifyUrl, 4);
    try {
        const checks = [];
        if (ctx.router.switchesAtOnce) {
            const first = await firstAnswer(requester, smoke.healthPath, Math.min(timeoutSeconds * 1000, FIRST_ANSWER_WAIT_MS));
            // A good first answer is asked once more, as after a wait: at a traffic step the two may reach different colors.
            checks.push(first.ok ? await checkHealth(requester, smoke.healthPath, 5_000) : first);
        }
        else {
            // Whatever stopped the wait (time, an unresolvable host, refusals), the check below records it.
            await waitForHealthy(requester, smoke.healthPath, Math.min(timeoutSeconds, 60) * 1000).catch(() => undefined);
            checks.push(await checkHealth(requester, smoke.healthPath, 5_000));
        }
        if (smoke.versionPath && version) {
            checks.push(await checkVersion(requester, smoke.versionPath, version, 5_000, previewMisdirection(ctx, version)));
        }
        return checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
    }
    finally {
        requester.close();
    }
}
/**
 * After a switch the preview entry serves the other color. A verify-url that answers that color's
 * version may be the preview entry's URL rather than production's: the check's detail says so. It
 * says "may": a cache or a proxy in front of the router can serve the old release too. Only on routers
 * that switch every client at once: elsewhere the old release answering for a while is expected.
 */
function previewMisdirection(ctx, version) {
    const after = ctx.report.after;
    // Where clients move over time (DNS caches, an OVH refresh), the old release answering is the move itself.
    if (!after || !ctx.router.switchesAtOnce)
        return undefined;
    const preview = (0,colors/* otherColor */.IP)(after.live);
    const previewVersion = after.ledger.versions[preview];
    if (!previewVersion || previewVersion === version)
        return undefined;
    return {
        version: previewVersion,
        explanation: `which is what ${preview} holds, the color the preview entry serves now: verify-url may point at the preview entry rather than production`,
    };
}
/**
 * Before any switch: a verify-url whose host does not resolve would fail every check after the
 * switch and turn each promote into an automatic rollback. Refuse it while nothing is changed.
 */
async function checkVerifyUrlResolves(ctx) {
    const { verifyUrl } = ctx.config;
    if (!verifyUrl)
        return;
    const host = verifyUrl.hostname.replace(/^\[|\]$/g, "");
    if ((0,external_node_net_.isIP)(host))
        return;
    try {
        await (0,promises_.lookup)(host);
    }
    catch (error) {
        const code = error.code;
        if (code === "ENOTFOUND") {
            throw new errors/* InputError */.dz("verify-url", `"${(0,urls/* safeUrl */.Pl)(verifyUrl)}": the host ${host} does not resolve; nothing was changed.`);
        }
    }
}

;// CONCATENATED MODULE: ./src/modes/promote.ts












/**
 * The exact switch promote would perform, for test mode, so an approver sees it: only when
 * promote's own decision would send production to `target`; nothing otherwise (nothing prepared
 * there, already live), as a promote then would not switch to it.
 */
function describePromote(ctx, state, target) {
    const decision = promoteTarget(state, policySettings(ctx).version);
    if (decision.kind !== "target" || decision.target !== target)
        return [];
    const plan = ctx.router.plan(promoteRouting(state, target, policySettings(ctx)), state);
    return [(0,plan_lines/* labelledPlan */.tS)(PROMOTE_WOULD, ctx.router.describe(plan))];
}
/** Switches production to the prepared color, verifies it, and rolls back automatically on failure. */
async function promote(ctx) {
    const { router, config, report } = ctx;
    const state = await timed(report, "read router", () => router.read());
    report.before = state;
    warnOnDrift(state);
    const decision = decidePromote(state, policySettings(ctx));
    if (decision.kind === "refuse")
        throw stop(decision);
    if (decision.kind !== "switch") {
        // Nothing to promote; a production split between colors is still made whole (explicit step).
        if (decision.kind === "repair")
            report.after = await repairSplit(ctx, state, decision.change);
        report.outcome = decision.sentence;
        return {
            active: state.live,
            previous: state.ledger.previous ?? "",
            target: state.live,
            version: config.version ?? state.ledger.versions[state.live] ?? "",
            changed: report.changed,
        };
    }
    const { target, version, change } = decision;
    report.target = target;
    const steps = config.steps;
    const plan = router.plan(change, state, { steps });
    // Afresh, not the router's view alone: the target may have restarted since prepare.
    const readiness = await readyNow(ctx, target);
    report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
    if (!readiness.ready)
        throw stop(refuseUnready("promote", target, readiness.summary, state.live));
    await checkTested(ctx, state, target, version);
    await checkVerifyUrlResolves(ctx);
    await refuseWithoutPrometheus(ctx, target);
    // The plan says what will happen: a refused promote has none.
    report.plan.push(...router.describe(plan));
    if (config.dryRun) {
        report.outcome = `Dry run: would switch production from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
        return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
    }
    const onStep = async (percent) => {
        await (0,wait/* sleep */.y)(config.stepWaitSeconds * 1000);
        const checks = await verifyProduction(ctx, undefined);
        report.checks.push(...checks.map((c) => ({ ...c, name: `${c.name} at ${percent}%` })));
        const bad = checks.find((c) => !c.ok);
        if (bad)
            throw new errors/* BluegreenError */.cw(`verification at ${percent}% failed: ${bad.detail}`);
    };
    report.after = await switchOrExplain(ctx, plan, `Promote of ${target}`, onStep);
    const switchedAt = performance.now();
    report.changed = true;
    const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
    report.checks.push(...checks);
    const why = failures(checks);
    if (why) {
        const back = afterFailedVerify(report.after, target, state.live, why, policySettings(ctx));
        if (back.kind === "fail")
            throw stop(back);
        const backPlan = router.plan(back.change, report.after);
        report.plan.push((0,plan_lines/* labelledPlan */.tS)("auto-rollback: ", router.describe(backPlan)));
        report.after = await switchOrExplain(ctx, backPlan, back.what);
        report.autoRollback = { phase: "verify", failed: checks.filter((check) => !check.ok) };
        throw new errors/* BluegreenError */.cw(back.sentence);
    }
    report.after = await bake(ctx, { action: "promote", target, from: state.live, version, switchedAt, after: report.after });
    const moved = await scaleDownOld(ctx, target, state.live, switchedAt);
    if (moved) {
        report.after = moved;
        report.outcome = `Production was switched from ${state.live} to ${target}${version ? ` (${version})` : ""} and verified, then moved to ${moved.live} by another run during scale-down-delay.`;
        return { active: moved.live, previous: moved.ledger.previous ?? "", target, version, changed: true };
    }
    report.outcome = `Production switched from ${state.live} to ${target}${version ? ` (${version})` : ""}.`;
    return { active: target, previous: state.live, target, version, changed: true };
}
/** Promote only what was tested: the policy's verdict on the test recorded for the target, with its fingerprint now. */
async function checkTested(ctx, state, target, version) {
    const record = recordedTest(state, target);
    const fingerprint = record ? await ctx.workload.fingerprint(target) : "";
    const verdict = testVerdict(record, target, { version, fingerprint }, policySettings(ctx));
    if (verdict.kind === "refuse")
        throw stop(verdict);
    if (verdict.kind === "warn")
        log/* log */.Rm.warn(verdict.sentence);
    else
        ctx.report.checks.push({ name: "tested", ok: true, detail: verdict.detail });
}
/** Someone switched by hand since bluegreen last did: said before the step acts. */
function warnOnDrift(state) {
    const drift = handSwitch(state, true);
    if (drift)
        log/* log */.Rm.warn(drift);
}

;// CONCATENATED MODULE: ./src/policy/rollback.ts


/**
 * The rollback decision, from the router's ledger: back to the color that was live before the last
 * switch, unless that is done already, unrecorded, or no longer the release that was live. A
 * rollback with nothing to do on a production split between colors makes it whole instead. The one
 * place that says what a rollback would do (status, GitHub Deployment records and the mode ask it).
 */
function decideRollback(facts, settings) {
    const { ledger, live } = facts;
    const unchanged = (sentence) => facts.split
        ? { kind: "repair", sentence: repairSentence(facts, settings), change: repairedRouting(facts) }
        : { kind: "noop", sentence };
    if (ledger.lastAction === "rollback" && ledger.live === live) {
        return unchanged(`Already rolled back to ${live}${ledger.at ? ` at ${ledger.at}` : ""}; nothing changed.`);
    }
    const target = ledger.previous;
    if (!target)
        return { kind: "refuse", sentence: "Nothing to roll back to: the router has no record of a promote by bluegreen." };
    if (target === live)
        return unchanged(`${target} is already live; nothing changed.`);
    // A prepare since the last switch put a new release on the rollback target: the release that was
    // live before is gone from it, and "rolling back" would send production to an unapproved release.
    if (ledger.pending === target) {
        return {
            kind: "refuse",
            sentence: `Refusing to roll back to ${target}: it no longer runs the release that was live before, a prepare replaced it with ${ledger.versions[target] ?? "another version"} (not promoted). Production stays on ${live}.`,
        };
    }
    return {
        kind: "switch",
        target,
        version: ledger.versions[target] ?? "",
        change: withBakeRecord(switchedRouting(facts, target, "rollback", settings), settings),
    };
}

;// CONCATENATED MODULE: ./src/modes/serving.ts




/**
 * Before traffic goes back to `target`, make it able to carry production: a color promote scaled
 * down (scale-down-replicas) gets its replicas back, and is waited for until ready within
 * `timeout`; if it does not get ready, the switch is refused with no routing touched. A dry run
 * only says what it would do. Returns lines for the plan; none when there is nothing to do.
 */
async function ensureServing(ctx, target) {
    const { workload, config, report } = ctx;
    if (!workload.servingRestore)
        return [];
    const restoreOf = workload.servingRestore.bind(workload);
    return timed(report, "before switch", async () => {
        const restore = await restoreOf(target);
        if (!restore)
            return [];
        if (config.dryRun)
            return servingRestorePlan(restore, config.timeoutSeconds);
        await restore.apply();
        try {
            const ready = await (0,wait/* pollUntil */.g)(`${restore.object} becoming ready`, config.timeoutSeconds * 1000, async () => {
                const readiness = await workload.readiness(target);
                return { done: readiness.ready, detail: readiness.summary };
            });
            return servingRestored(restore, ready.detail);
        }
        catch (error) {
            if (!(error instanceof errors/* TimeoutError */.MU))
                throw error;
            throw new errors/* RefusedError */.fk(servingRestoreRefusal(target, restore, error.message));
        }
    });
}

;// CONCATENATED MODULE: ./src/modes/rollback.ts










/** Sends production back to the color that was live before the last promote, from the router's ledger. */
async function rollback(ctx) {
    const { router, workload, config, report } = ctx;
    const state = await timed(report, "read router", () => router.read());
    report.before = state;
    warnOnDrift(state);
    const { ledger } = state;
    const decision = decideRollback(state, policySettings(ctx));
    if (decision.kind === "refuse")
        throw stop(decision);
    if (decision.kind !== "switch") {
        if (decision.kind === "repair")
            report.after = await repairSplit(ctx, state, decision.change);
        report.outcome = decision.sentence;
        return {
            active: state.live,
            previous: ledger.previous ?? "",
            target: state.live,
            version: ledger.versions[state.live] ?? "",
            changed: report.changed,
        };
    }
    const { target, version, change } = decision;
    report.target = target;
    // The target may first have to be made able to serve (Kubernetes: scaled back up after
    // scale-down-replicas, then waited for); in dry-run this only says what it would do.
    const prepared = await ensureServing(ctx, target);
    const plan = router.plan(change, state);
    // What ensureServing did (or, in a dry run, would do) is said at once; the switch only once no refusal can stop it.
    report.plan.push(...prepared);
    const readiness = await workload.readiness(target);
    report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
    // A dry run did not scale the target up: the wait the backend planned stands for this check.
    if (!readiness.ready && !(config.dryRun && prepared.length > 0)) {
        throw stop(refuseUnready("rollback", target, readiness.summary, state.live));
    }
    await checkVerifyUrlResolves(ctx);
    report.plan.push(...router.describe(plan));
    if (config.dryRun) {
        report.outcome = `Dry run: would roll production back from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
        return { active: state.live, previous: ledger.previous ?? "", target, version, changed: false };
    }
    report.after = await switchOrExplain(ctx, plan, `Rollback to ${target}`);
    const switchedAt = performance.now();
    report.changed = true;
    const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
    report.checks.push(...checks);
    const failed = failures(checks);
    // Never flip again automatically: the old color was the last known good one.
    if (failed)
        throw new errors/* RefusedError */.fk((0,sentence/* sentenceOf */.$)(`Rolled back to ${target}, but verification failed: ${failed}`));
    report.after = await bake(ctx, { action: "rollback", target, from: state.live, version, switchedAt, after: report.after });
    report.outcome = `Production rolled back from ${state.live} to ${target}${version ? ` (${version})` : ""}.`;
    return { active: target, previous: state.live, target, version, changed: true };
}

;// CONCATENATED MODULE: ./src/policy/test-mode.ts

/** The color the preview entry serves: its own where the router has one, else the idle color. */
function previewColor(facts) {
    return facts.preview ?? (0,colors/* otherColor */.IP)(facts.live);
}
/** Test mode tests the preview color, and records a pass (testedRouting); it never moves production. */
function decideTest(facts, settings) {
    const target = previewColor(facts);
    const version = settings.version ?? facts.ledger.versions[target] ?? "";
    const warning = target === facts.live ? `The preview entry goes to ${target}, which is live: this tests production, not an idle color.` : undefined;
    return { kind: "test", target, version, ...(warning ? { warning } : {}) };
}

;// CONCATENATED MODULE: ./src/modes/status.ts




/**
 * Read-only, any backend: which color is live and which is preview, the version on each, the
 * last action, what was tested, the bake, drift and split, readiness of both colors. It reads
 * the router and the workloads and never writes, so it needs no deploy permissions.
 */
async function status_status(ctx) {
    const { router, workload, report } = ctx;
    const state = await timed(report, "read router", () => router.read());
    report.before = state;
    const readiness = {};
    await timed(report, "readiness", async () => {
        for (const color of colors/* COLORS */.lm) {
            readiness[color] = await workload.readiness(color).catch((error) => ({
                ready: false,
                summary: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
            }));
        }
    });
    for (const color of colors/* COLORS */.lm)
        report.checks.push({ name: `${color} ready`, ok: readiness[color].ready, detail: readiness[color].summary });
    const drift = handSwitch(state, false);
    if (drift)
        report.warnings.push(drift);
    report.facts = statusFacts(state, readiness, policySettings(ctx));
    const preview = previewColor(state);
    const liveVersion = state.ledger.versions[state.live];
    const previewText = `${preview}${state.ledger.versions[preview] ? ` (${state.ledger.versions[preview]})` : ""}`;
    // A router that knows more than one color (a change configured, not yet applied) says where production is itself, once.
    report.outcome = state.traffic
        ? `${state.traffic} Preview on ${previewText}.`
        : `Production is on ${state.live}${liveVersion ? ` (${liveVersion})` : ""}; preview on ${previewText}.${state.split ? " Production is split between colors." : ""}`;
    return {
        active: state.live,
        previous: state.ledger.previous ?? "",
        target: preview,
        version: liveVersion ?? "",
        changed: false,
    };
}
/** The status table's rows, from one reading of the router: the same facts for every backend. */
function statusFacts(state, readiness, settings) {
    const { ledger } = state;
    const preview = previewColor(state);
    const color = (c) => `${c}${ledger.versions[c] ? ` (${ledger.versions[c]})` : " (version unknown)"}`;
    const rows = [
        ["production", `${color(state.live)}${state.split ? " — split between colors" : ""}`],
        ["preview", state.preview === undefined ? `none (idle color: ${color(preview)})` : color(preview)],
        ["blue ready", `${readiness.blue.ready ? "yes" : "no"}: ${readiness.blue.summary}`],
        ["green ready", `${readiness.green.ready ? "yes" : "no"}: ${readiness.green.summary}`],
        ["last action", lastAction(ledger)],
        ["rollback target", rollbackRow(state, color, settings)],
        ["prepared", ledger.pending ? `${color(ledger.pending)}, not promoted yet` : "nothing pending"],
        [
            "tested",
            ledger.tested ? `${ledger.tested.version} on ${ledger.tested.color}, passed at ${ledger.tested.at}` : "no passed test recorded",
        ],
        ["bake", bakeState(ledger, settings.now)],
    ];
    const warnings = [...state.warnings];
    const drift = handSwitch(state, false);
    if (drift)
        warnings.push(drift);
    if (state.preview !== undefined && state.preview === state.live) {
        warnings.push(`The preview entry goes to ${state.live}, the live color: there is no idle color to test.`);
    }
    rows.push(["warnings", warnings.length > 0 ? warnings.join(" ") : "none"]);
    return rows;
}
/**
 * Where a rollback run now would send production, by rollback's own decision: the color, or
 * "none" with the sentence rollback would end with (nothing to do, or refused).
 */
function rollbackRow(state, color, settings) {
    const decision = decideRollback(state, settings);
    if (decision.kind === "switch")
        return color(decision.target);
    // With nothing to roll back to, a rollback still makes a split production whole (as promote does).
    if (decision.kind === "repair")
        return `none: production is split between colors; a rollback now would move all of it to ${state.live}.`;
    return `none: ${decision.sentence}`;
}
function lastAction(ledger) {
    if (!ledger.lastAction)
        return "none recorded";
    return `${ledger.lastAction} to ${ledger.live ?? "?"}${ledger.at ? ` at ${ledger.at}` : ""}${ledger.run ? ` (run ${ledger.run})` : ""}`;
}
/** An open window past its end was cut short: the run was cancelled or died during the bake. */
function bakeState(ledger, now) {
    const record = ledger.bake;
    const what = ledger.lastAction === "rollback" ? "rolled back" : "promoted";
    if (!record)
        return ledger.lastAction ? "no bake open" : "none";
    if (record.state === "cancelled")
        return `${what}, bake not completed (the step was cancelled during the window, due to end at ${record.until})`;
    if (record.state === "failed")
        return `${what}, bake FAILED (production was left there: auto-rollback off, or a rollback)`;
    const until = Date.parse(record.until);
    if (Number.isFinite(until) && now.getTime() < until)
        return `${what}, bake in progress until ${record.until}`;
    return `${what}, bake not completed (the window was due to end at ${record.until}; the run stopped before it did)`;
}

;// CONCATENATED MODULE: ./src/smoke/stats.ts
/** Nearest-rank percentile of an ascending-sorted list; 0 for an empty list. */
function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
function round(value, digits = 1) {
    const factor = 10 ** digits;
    return Math.round(value * factor) / factor;
}

;// CONCATENATED MODULE: ./src/smoke/load.ts

/**
 * Sends `requests` GETs with `concurrency` in flight. A request fails on a non-2xx status or a
 * transport error. Latencies are wall-clock per request, in milliseconds.
 */
async function runLoad(requester, path, requests, concurrency, timeoutMs) {
    const latencies = [];
    const failures = {};
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const worker = async () => {
        while (next < requests) {
            next++;
            const start = performance.now();
            try {
                const { status } = await requester.get(path, timeoutMs);
                if (status < 200 || status > 299) {
                    errors++;
                    failures[`HTTP ${status}`] = (failures[`HTTP ${status}`] ?? 0) + 1;
                }
            }
            catch (error) {
                errors++;
                const key = error instanceof Error ? error.message : String(error);
                failures[key] = (failures[key] ?? 0) + 1;
            }
            latencies.push(performance.now() - start);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(requests, 1)) }, worker));
    const durationMs = performance.now() - started;
    latencies.sort((a, b) => a - b);
    return {
        requests,
        errors,
        errorRate: requests === 0 ? 0 : errors / requests,
        failures,
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? 0),
        requestsPerSecond: durationMs === 0 ? 0 : Math.round((requests / durationMs) * 1000),
        durationMs: Math.round(durationMs),
    };
}

;// CONCATENATED MODULE: ./src/modes/test.ts











/**
 * Smoke-tests the idle color through its preview entry: health, version, a light load against
 * the thresholds, then test-command. A pass is recorded on the router for promote to check.
 */
async function test(ctx) {
    const { router, workload, config, report } = ctx;
    const { smoke } = config;
    const state = await timed(report, "read router", () => router.read());
    report.before = state;
    const { target, version, warning } = decideTest(state, config);
    report.target = target;
    if (warning)
        log/* log */.Rm.warn(warning);
    let requester;
    if (smoke.testUrl)
        requester = (0,http/* urlRequester */.q)(smoke.testUrl, smoke.concurrency);
    else if (router.previewRequester)
        requester = await router.previewRequester(target);
    if (!requester) {
        throw new errors/* InputError */.dz("test-url", `is required for backend ${router.kind}: the base URL of the preview entry (the idle color).`);
    }
    if (config.dryRun) {
        // What a promote would do once this test passes.
        report.plan.push(...describePromote(ctx, state, target));
        report.outcome = `Dry run: would test ${target}${version ? ` (${version})` : ""} through ${requester.describe}; nothing sent.`;
        requester.close?.();
        return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
    }
    const timeoutMs = config.timeoutSeconds * 1000;
    // Proof that the test traffic reached the idle color, from the router's own counters where it has them.
    const served = router.servedRequests?.bind(router);
    const servedBefore = served ? await served(target) : undefined;
    let sent = 1; // the health check; the load below replaces this with its answered requests
    try {
        await timed(report, "wait for preview", () => waitForHealthy(requester, smoke.healthPath, timeoutMs));
        report.checks.push(await checkHealth(requester, smoke.healthPath, 10_000));
        if (smoke.versionPath) {
            if (!version)
                log/* log */.Rm.warn("version-path is set but no version is known for the preview color: skipped.");
            else
                report.checks.push(await checkVersion(requester, smoke.versionPath, version, 10_000));
        }
        if (smoke.requests > 0) {
            const load = await timed(report, "load", () => runLoad(requester, smoke.healthPath, smoke.requests, smoke.concurrency, 10_000));
            // Requests that got no HTTP answer at all may never have reached any router: only answered ones must be counted.
            sent = load.requests - Object.entries(load.failures).reduce((n, [why, count]) => n + (why.startsWith("HTTP ") ? 0 : count), 0);
            const failures = Object.entries(load.failures)
                .map(([reason, count]) => `${count}x ${reason}`)
                .join(", ");
            log/* log */.Rm.info(`Load: ${load.requests} requests, ${smoke.concurrency} concurrent, ${load.requestsPerSecond} req/s; ` +
                `p50 ${load.p50} ms, p95 ${load.p95} ms, p99 ${load.p99} ms, max ${load.max} ms; ${load.errors} errors${failures ? ` (${failures})` : ""}.`);
            report.checks.push({
                name: "error rate",
                ok: load.errorRate <= smoke.maxErrorRate,
                detail: `${load.errors}/${load.requests} failed (${(load.errorRate * 100).toFixed(2)}%, max ${(smoke.maxErrorRate * 100).toFixed(2)}%)${failures ? `: ${failures}` : ""}`,
            });
            report.checks.push({
                name: "p95 latency",
                ok: load.p95 <= smoke.maxP95Ms,
                detail: `p50 ${load.p50} ms, p95 ${load.p95} ms (max ${smoke.maxP95Ms} ms), p99 ${load.p99} ms, ${load.requestsPerSecond} req/s`,
            });
        }
        if (served && servedBefore !== undefined) {
            const reached = (await served(target)) - servedBefore;
            report.checks.push({
                name: `reached ${target}`,
                ok: reached >= sent,
                detail: reached >= sent
                    ? `${target}'s backend counted ${reached} requests during the test (${sent} sent)`
                    : `the test traffic did not reach ${target} (did test-url point at production?): ${target}'s backend counted ${reached} of the ${sent} test requests`,
            });
        }
        else if (smoke.testUrl && !smoke.versionPath) {
            const why = `could not tell which color answered the test: backend ${router.kind} has no request counters and version-path is not set`;
            log/* log */.Rm.warn(`Test mode ${why}; set version-path to prove the answers came from ${target}.`);
            report.checks.push({ name: `reached ${target}`, ok: true, detail: `not proven: ${why}` });
        }
    }
    finally {
        requester.close?.();
    }
    report.checks.push(...(await previewAnalysis(ctx, target, version)));
    if (smoke.testCommand) {
        const testUrl = smoke.testUrl?.toString() ?? requester.describe;
        try {
            await timed(report, "test-command", () => runUserCommand("test-command", smoke.testCommand, {
                BLUEGREEN_TEST_URL: testUrl,
                BLUEGREEN_COLOR: target,
                BLUEGREEN_VERSION: version,
            }));
            report.checks.push({ name: "test-command", ok: true, detail: "exit code 0" });
        }
        catch (error) {
            report.checks.push({ name: "test-command", ok: false, detail: error instanceof Error ? error.message : String(error) });
        }
    }
    const failed = failures(report.checks);
    // A failed test makes no promote possible: only a passed one shows the switch promote would make.
    if (failed) {
        throw new errors/* RefusedError */.fk((0,sentence/* sentenceOf */.$)(`Test of ${target}${version ? ` (${version})` : ""} failed: ${failed}`));
    }
    // Record the pass on the router, with what was tested, so promote can refuse anything that changed since.
    const fresh = await router.read();
    const fingerprint = await workload.fingerprint(target);
    const record = router.plan(testedRouting(fresh, { color: target, version, fingerprint, at: ctx.now().toISOString() }), fresh);
    await timed(report, "record test", () => router.apply(record));
    report.after = await router.read();
    report.plan.push(...describePromote(ctx, report.after, target));
    report.outcome = `Tested ${target}${version ? ` (${version})` : ""}: all ${report.checks.length} checks passed.`;
    return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
}

;// CONCATENATED MODULE: ./src/notify/deliver.ts

/** 3 tries within 10 s: enough for a blip, short enough that a dead webhook costs a step little. */
const DEFAULT_LIMITS = { tries: 3, tryTimeoutMs: 4_000, backoffMs: [500, 1_500], budgetMs: 10_000 };
/** The shortest time worth a try: less than this could not see even a loopback answer under load. */
const MIN_TRY_MS = 250;
/**
 * POSTs the body to the webhook, again after a network error, a timeout, 429 or 5xx, within the
 * limits. Other answers (4xx: a revoked webhook, a refused payload) are final. The result describes
 * a failure by its kind only (a status, an error code): never by a message that could quote the URL.
 */
async function deliver(webhook, body, limits = DEFAULT_LIMITS) {
    const started = performance.now();
    const { target, headers } = request(webhook);
    let problem = "not tried";
    for (let attempt = 1; attempt <= limits.tries; attempt++) {
        const left = limits.budgetMs - (performance.now() - started);
        // A try with a few milliseconds left could not get an answer: the budget is spent.
        if (left < MIN_TRY_MS && attempt > 1)
            return { ok: false, tries: attempt - 1, problem: `${problem}; out of time` };
        try {
            const response = await fetch(target, {
                method: "POST",
                headers,
                body,
                // A webhook that redirects is not followed: the next host would get the payload unasked.
                redirect: "manual",
                signal: AbortSignal.timeout(Math.min(limits.tryTimeoutMs, left)),
            });
            // The body is not read for its text (it may echo the URL); it is drained so the connection is freed.
            await response.arrayBuffer().catch(() => undefined);
            if (response.status >= 200 && response.status < 300)
                return { ok: true, tries: attempt, status: response.status };
            problem = `HTTP ${response.status}`;
            if (!retriable(response.status))
                return { ok: false, tries: attempt, problem };
        }
        catch (error) {
            problem = failureOf(error, Math.min(limits.tryTimeoutMs, left));
        }
        if (attempt < limits.tries) {
            const wait = limits.backoffMs[Math.min(attempt - 1, limits.backoffMs.length - 1)] ?? 0;
            const remaining = limits.budgetMs - (performance.now() - started);
            if (wait + MIN_TRY_MS > remaining)
                return { ok: false, tries: attempt, problem: `${problem}; out of time` };
            await new Promise((resolve) => setTimeout(resolve, wait));
        }
    }
    return { ok: false, tries: limits.tries, problem };
}
function retriable(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** fetch refuses a URL with credentials in it: they go in an Authorization header instead. */
function request(webhook) {
    const headers = { "content-type": "application/json", "user-agent": "bluegreen-notify" };
    const authorization = (0,urls/* basicAuthorization */.aR)(webhook);
    if (!authorization)
        return { target: webhook.href, headers };
    const bare = new URL(webhook.href);
    bare.username = "";
    bare.password = "";
    return { target: bare.href, headers: { ...headers, authorization } };
}
const CODES = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ENOTFOUND: "host name not found",
    EAI_AGAIN: "host name lookup failed",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    UND_ERR_SOCKET: "connection closed",
    UND_ERR_CONNECT_TIMEOUT: "connect timed out",
};
/** What went wrong, by kind: Node's own messages name the address and port, which are part of the secret. */
function failureOf(error, timeoutMs) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
    }
    const cause = error instanceof Error ? error.cause : undefined;
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    if (code && CODES[code])
        return CODES[code];
    if (code && /CERT|TLS|SSL/.test(code))
        return `TLS certificate problem (${code})`;
    if (code && /^[A-Z_]+$/.test(code))
        return code;
    // fetch refuses the ports browsers block (1, 25, 6000...) before any connection: a fixable mistake, said so.
    if (error instanceof Error && error.cause?.message === "bad port")
        return "a port that fetch refuses to use";
    return "request failed";
}

;// CONCATENATED MODULE: ./src/notify/event.ts

/**
 * The outcomes a team wants to hear about without opening the pipeline. Nothing for prepare, test,
 * status, dry runs, refusals that changed nothing, or a promote that found nothing to do.
 */
const EVENT_KINDS = (/* unused pure expression or super */ null && (["promoted", "rolled-back", "auto-rolled-back", "failed-after-switch", "switch-failed"]));
/** The event a finished run sends, read from its report; undefined when nothing worth a message happened. */
function eventOf(report, context) {
    const mode = report.mode;
    if (report.dryRun || (mode !== "promote" && mode !== "rollback"))
        return undefined;
    const before = report.before;
    const to = report.failedSwitch?.to ?? report.target;
    if (!before || !to)
        return undefined;
    // The automatic rollback's own switch goes the other way: its failure names that switch.
    const from = report.failedSwitch?.from ?? before.live;
    const kind = kindOf(report);
    if (!kind)
        return undefined;
    // The router as last read; after a change, a run that could not read it again does not know where production is.
    const last = report.after ?? (report.changed || report.failedSwitch ? undefined : before);
    const production = last?.live ?? null;
    const ledger = (last ?? before).ledger;
    const failed = (report.autoRollback?.failed ?? report.checks.filter((check) => !check.ok)).map(shown);
    const version = ledger.versions[to] ?? before.ledger.versions[to];
    const environment = context.environment || context.env.CI_ENVIRONMENT_NAME || undefined;
    const event = {
        event: kind,
        title: (0,secrets/* redact */.E$)(titleOf(kind, { mode, from, to, production, environment, failed, rollback: report.autoRollback })),
        message: (0,secrets/* redact */.E$)(report.failure ?? report.outcome),
        ok: kind === "promoted" || kind === "rolled-back",
        mode,
        backend: report.backend,
        ...(environment ? { environment } : {}),
        production,
        from,
        to,
        ...(version ? { version } : {}),
        versions: { ...ledger.versions },
        ...(report.autoRollback ? { rollback: rollbackOf(report.autoRollback) } : {}),
        failed,
        run: { id: context.run, ...runUrlOf(context.env) },
        time: context.now.toISOString(),
    };
    return event;
}
/** Which outcome: a failed switch first (production may be anywhere), then what the switch led to. */
function kindOf(report) {
    if (report.failedSwitch)
        return "switch-failed";
    if (report.autoRollback)
        return "auto-rolled-back";
    // No switch of this run (a refusal, nothing to do, only a split repaired): nothing to tell.
    if (!report.target || !report.changed)
        return undefined;
    if (report.failure)
        return "failed-after-switch";
    return report.mode === "promote" ? "promoted" : "rolled-back";
}
function titleOf(kind, facts) {
    const { mode, from, to, production } = facts;
    const where = facts.environment ? ` (${facts.environment})` : "";
    const now = production ? `production is on ${production}` : "where production is now is unknown";
    switch (kind) {
        case "promoted":
            return `Promoted ${to}${where}: production switched from ${from} to ${to}`;
        case "rolled-back":
            return `Rolled back${where}: production switched from ${from} to ${to}`;
        case "auto-rolled-back": {
            // The check and the second in the title itself: the line a phone's notification shows.
            const [first] = facts.failed;
            const check = first ? `${first.name}${facts.failed.length > 1 ? ` and ${facts.failed.length - 1} more` : ""}` : "a check";
            const when = facts.rollback?.second === undefined ? "right after the switch" : `at ${facts.rollback.second} s of the bake`;
            return `Automatic rollback${where}: ${to} failed ${check} ${when}; production returned to ${from}`;
        }
        case "failed-after-switch":
            return `${mode === "promote" ? "Promote" : "Rollback"} failed after the switch to ${to}${where}: ${now}`;
        case "switch-failed":
            return `Switch to ${to} failed${where}: ${now}`;
    }
}
function rollbackOf(autoRollback) {
    return autoRollback.second === undefined ? { phase: autoRollback.phase } : { phase: autoRollback.phase, second: autoRollback.second };
}
function shown(check) {
    return { name: (0,secrets/* redact */.E$)(check.name), detail: (0,secrets/* redact */.E$)(check.detail) };
}
/** The page of this run: GitHub's run page, GitLab's job page; none on a terminal. */
function runUrlOf(env) {
    if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
        return { url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` };
    }
    if (env.CI_JOB_URL)
        return { url: env.CI_JOB_URL };
    return {};
}

;// CONCATENATED MODULE: ./src/notify/facts.ts
/**
 * The label/value pairs every chat format shows under the title, in one order, so Slack and Teams
 * say the same things.
 */
function factsOf(event) {
    const facts = [
        ["Production", event.production ?? "unknown (the router could not be read afterwards)"],
        ["Switch", `${event.from} → ${event.to}`],
    ];
    if (event.version)
        facts.push(["Version", event.version]);
    if (event.rollback) {
        facts.push([
            "Check failed",
            event.rollback.second === undefined ? "right after the switch" : `at ${event.rollback.second} s of the bake`,
        ]);
    }
    facts.push(["Backend", event.backend]);
    if (event.environment)
        facts.push(["Environment", event.environment]);
    facts.push(["Run", event.run.id]);
    return facts;
}
/** "name: detail" per failed check, at most a few, so a message stays readable. */
function failedLines(event, limit = 5) {
    const lines = event.failed.slice(0, limit).map((check) => `${check.name}: ${check.detail}`);
    if (event.failed.length > limit)
        lines.push(`and ${event.failed.length - limit} more`);
    return lines;
}
/** Cuts a text to a platform's limit, saying that it did. */
function clipped(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

;// CONCATENATED MODULE: ./src/notify/slack.ts

/**
 * A Slack incoming webhook's message: `text` (the notification and the fallback where blocks are not
 * shown) and Block Kit `blocks`. Limits from Slack's Block Kit reference: a header's plain text 150
 * characters, a section's text 3,000, a section's fields at most 10 of 2,000 each.
 */
function slackPayload(event) {
    const mark = event.ok ? ":white_check_mark:" : ":rotating_light:";
    const fields = factsOf(event)
        .slice(0, 10)
        .map(([label, value]) => ({ type: "mrkdwn", text: clipped(`*${label}*\n${slackEscaped(value)}`, 2_000) }));
    const blocks = [
        { type: "header", text: { type: "plain_text", text: clipped(event.title, 150), emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: clipped(slackEscaped(event.message), 3_000) } },
        { type: "section", fields },
    ];
    const failed = failedLines(event);
    if (failed.length > 0) {
        const text = `*Failed checks*\n${failed.map((line) => `• ${slackEscaped(line)}`).join("\n")}`;
        blocks.push({ type: "section", text: { type: "mrkdwn", text: clipped(text, 3_000) } });
    }
    if (event.run.url) {
        blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${event.run.url}|Open the run> · ${slackEscaped(event.time)}` }] });
    }
    return { text: clipped(`${mark} ${slackEscaped(event.title)}`, 3_000), blocks };
}
/**
 * Slack reads &, < and > as markup (<!channel> would ping everyone): text from the run (a check's
 * detail quotes an HTTP body) is escaped before it goes in, as Slack's formatting guide asks.
 */
function slackEscaped(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

;// CONCATENATED MODULE: ./src/notify/teams.ts

const ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive";
/**
 * A Microsoft Teams Workflows ("When a Teams webhook request is received") message: a `message`
 * envelope with one Adaptive Card attachment, the only card format Workflows posts (the old
 * connectors' MessageCard is not accepted). Version 1.4: what Teams renders on every client.
 */
function teamsPayload(event) {
    const body = [
        { type: "TextBlock", text: event.title, weight: "Bolder", size: "Medium", wrap: true, color: event.ok ? "Good" : "Attention" },
        { type: "TextBlock", text: event.message, wrap: true },
        { type: "FactSet", facts: factsOf(event).map(([title, value]) => ({ title, value })) },
    ];
    const failed = failedLines(event);
    if (failed.length > 0) {
        body.push({ type: "TextBlock", text: "Failed checks", weight: "Bolder", wrap: true });
        for (const line of failed)
            body.push({ type: "TextBlock", text: `- ${line}`, wrap: true, spacing: "None" });
    }
    const card = {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
        type: "AdaptiveCard",
        version: "1.4",
        body,
        ...(event.run.url ? { actions: [{ type: "Action.OpenUrl", title: "Open the run", url: event.run.url }] } : {}),
    };
    return { type: "message", attachments: [{ contentType: ADAPTIVE_CARD_TYPE, contentUrl: null, content: card }] };
}

;// CONCATENATED MODULE: ./src/notify/payload.ts


/** The version of the json format (docs/notify.schema.json): raised only by a change that breaks a reader. */
const JSON_SCHEMA_VERSION = 1;
/** The request body for a webhook of the given format. */
function payloadOf(event, format) {
    switch (format) {
        case "json":
            return JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...event });
        case "slack":
            return JSON.stringify(slackPayload(event));
        case "teams":
            return JSON.stringify(teamsPayload(event));
    }
}

// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/input-values.ts
var input_values = __webpack_require__(15214);
;// CONCATENATED MODULE: ./src/notify/settings.ts





const NOTIFY_FORMATS = ["json", "slack", "teams"];
/** The variable read when the notify input is empty: a GitLab masked variable, or a runner's secret env. */
const NOTIFY_ENV = "BLUEGREEN_NOTIFY";
/** More webhooks than this is a list pasted by mistake, and each one costs the step up to the delivery budget. */
const MAX_WEBHOOKS = 10;
const ALLOWED = "https:// webhook URLs (http:// only to a loopback address such as 127.0.0.1), separated by commas, spaces or newlines";
/**
 * The notify inputs, checked before anything changes. The webhook URLs are credentials (whoever holds
 * a Slack or Teams webhook URL can post to the channel): each one, and its path, query and token-like
 * parts, is registered as a secret before any check, and no error here quotes any part of it.
 */
function parseNotify(read, env = process.env) {
    const given = (0,input_text/* optional */.l)(read("notify"));
    const raw = given ?? (0,input_text/* optional */.l)(env[NOTIFY_ENV] ?? "");
    const format = (0,input_values/* oneOf */.yL)(read, "notify-format", NOTIFY_FORMATS, "json");
    if (raw === undefined)
        return undefined;
    (0,secrets/* maskSecret */.$l)(raw);
    const items = raw.split(/[\s,]+/).filter((item) => item !== "");
    for (const item of items)
        (0,secrets/* maskSecret */.$l)(item);
    const source = given !== undefined ? "" : ` (read from ${NOTIFY_ENV})`;
    if (items.length > MAX_WEBHOOKS) {
        throw new errors/* InputError */.dz("notify", `holds ${items.length} URLs${source}; allowed: at most ${MAX_WEBHOOKS} ${ALLOWED}.`);
    }
    const webhooks = items.map((item, index) => {
        const which = items.length > 1 ? `URL ${index + 1} of ${items.length}${source}` : `the URL${source}`;
        let url;
        try {
            url = new URL(item);
        }
        catch {
            throw new errors/* InputError */.dz("notify", `${which} is not a URL (not shown: it is a secret); allowed: ${ALLOWED}.`);
        }
        maskWebhookParts(url);
        if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname)))
            return url;
        throw new errors/* InputError */.dz("notify", `${which} is neither https:// nor http:// to a loopback address (not shown: it is a secret); allowed: ${ALLOWED}.`);
    });
    return { webhooks, format };
}
/**
 * Masks what of a webhook URL carries its secret: the URL as parsed, its path and query (Slack's
 * /services/T…/B…/token, Teams' ?…&sig=…), and each path segment or query value that looks like a
 * token or an id. The host alone is not masked: it is public (hooks.slack.com), and masking an
 * address such as 127.0.0.1 would blank it out of every other line of the log.
 */
function maskWebhookParts(url) {
    (0,urls/* maskUrlCredentials */.gn)(url);
    (0,secrets/* maskSecret */.$l)(url.href);
    (0,secrets/* maskSecret */.$l)(`${url.host}${url.pathname}`);
    (0,secrets/* maskSecret */.$l)(`${url.pathname}${url.search}`);
    (0,secrets/* maskSecret */.$l)(url.search);
    const parts = [...url.pathname.split("/"), ...[...url.searchParams.values()]];
    for (const part of parts)
        if (looksLikeToken(part))
            (0,secrets/* maskSecret */.$l)(part);
}
/** A part with a digit and 8 characters or more (T0123ABCD, a signature), or long enough to be one. */
function looksLikeToken(part) {
    return (part.length >= 8 && /[0-9]/.test(part)) || part.length >= 20;
}
function isLoopback(hostname) {
    return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

;// CONCATENATED MODULE: ./src/notify/index.ts





/**
 * Tells the webhooks what the run did, when it did something worth telling (see eventOf). Every
 * webhook gets the same message, all at once. Never throws and never changes the step's result: an
 * undeliverable notification is a warning that names it by number and format, never by its URL.
 */
async function notify(settings, report, context, limits = DEFAULT_LIMITS) {
    if (!settings || settings.webhooks.length === 0)
        return;
    const event = eventOf(report, context);
    if (!event)
        return;
    const body = payloadOf(event, settings.format);
    const count = settings.webhooks.length;
    await Promise.all(settings.webhooks.map(async (webhook, index) => {
        const name = `Notification ${index + 1} of ${count} (${settings.format}, ${event.event})`;
        try {
            const delivery = await deliver(webhook, body, limits);
            if (delivery.ok)
                log/* log */.Rm.info(`${name}: delivered (HTTP ${delivery.status}).`);
            else
                log/* log */.Rm.warn(`${name} was not delivered: ${delivery.problem} after ${delivery.tries} ${delivery.tries === 1 ? "try" : "tries"}. The step's result stands; check the webhook.`);
        }
        catch {
            // deliver() describes its own failures; anything else is still only a warning, and says no more.
            log/* log */.Rm.warn(`${name} was not delivered: an unexpected error. The step's result stands.`);
        }
    }));
}

// EXTERNAL MODULE: ./src/platform/io.ts
var io = __webpack_require__(48147);
// EXTERNAL MODULE: ./src/platform/plain.ts
var plain = __webpack_require__(63631);
;// CONCATENATED MODULE: ./src/platform/choose.ts





/** GitHub's file commands: a runner sets them, and so can a tool that emulates one without GITHUB_ACTIONS. */
const GITHUB_FILES = ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_STATE"];
/**
 * Chooses the platform implementation for this run, before the run reads an input or prints a
 * line: @actions/core on a GitHub runner (the action, or the CLI in a `run:` step), plain
 * stdout/stderr everywhere else. Called where every run starts (main.ts run(), post.ts).
 */
async function choosePlatform(env = process.env) {
    const onRunner = (0,detect/* detectPlatform */.l)(env) === "github";
    if (!onRunner && !GITHUB_FILES.some((name) => env[name])) {
        (0,io/* setPlatformIo */.u)(plain/* plainIo */.$);
        return;
    }
    const { githubIo } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(264), __webpack_require__.e(952)]).then(__webpack_require__.bind(__webpack_require__, 45952));
    if (!onRunner) {
        // Plain lines, but the files GitHub's variables name are still written, in the runner's format.
        (0,io/* setPlatformIo */.u)({ ...plain/* plainIo */.$, setOutput: githubIo.setOutput, appendSummary: githubIo.appendSummary, saveState: githubIo.saveState });
        return;
    }
    // --output json/env on a runner: stdout is for the script, so the log and its commands go to stderr.
    (0,io/* setPlatformIo */.u)((0,log_stream/* logToStderr */.Qr)() ? { ...githubIo, ...stderrCommands } : githubIo);
    // A secret registered before the choice (at module load, say) is masked on the runner too.
    for (const secret of (0,secrets/* registeredSecrets */.wW)())
        githubIo.mask(secret);
}
/** The runner's log channels written to stderr (workflow commands included), the files left to @actions/core. */
const stderrCommands = {
    info: (text) => (0,log_stream/* writeLogLine */.IF)(text),
    warn: (text) => (0,log_stream/* stderrCommand */.Qc)("warning", text),
    error: (text) => (0,log_stream/* stderrCommand */.Qc)("error", text),
    debug: (text) => (0,log_stream/* stderrCommand */.Qc)("debug", text),
    fail: (text) => {
        (0,log_stream/* stderrCommand */.Qc)("error", text);
        process.exitCode = 1;
    },
    mask: (secret) => (0,log_stream/* stderrCommand */.Qc)("add-mask", secret),
};

;// CONCATENATED MODULE: ./src/platform/environment-url.ts
/**
 * verify-url as a workflow may show it (`environment.url`, a deployment's environment_url): without
 * the user name and password a URL may carry, which must never reach GitHub's pages or a log.
 */
function environmentUrl(url) {
    if (!url)
        return "";
    const shown = new URL(url.href);
    shown.username = "";
    shown.password = "";
    shown.hash = "";
    return shown.href;
}

;// CONCATENATED MODULE: ./src/platform/deployments.ts






/** Names of the state saved for the post step (core.saveState; it reads them as STATE_<name>). */
const STATE_DEPLOYMENT = "deployment";
const STATE_OUTCOME = "deployment-outcome";
/** How long the create and the final statuses may take, each, before they are given up. */
const START_BUDGET_MS = 20_000;
const FINISH_BUDGET_MS = 30_000;
/** How many older deployments of the environment are checked for a `success` to make inactive. */
const OLDER_CHECKED = 10;
async function startDeployment(ctx, env = process.env) {
    const { config } = ctx;
    if (!config.githubToken || (config.mode !== "promote" && config.mode !== "rollback"))
        return undefined;
    (0,secrets/* maskSecret */.$l)(config.githubToken);
    if (config.dryRun) {
        log/* log */.Rm.info("Dry run: no GitHub deployment is recorded.");
        return undefined;
    }
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
    if (!owner || !repo) {
        log/* log */.Rm.warn("github-token is set but GITHUB_REPOSITORY is missing: no GitHub deployment was recorded.");
        return undefined;
    }
    const plan = await plannedSwitch(ctx);
    if (!plan)
        return undefined;
    // The commit of the release production is sent to. A promote without one on record (prepared by
    // an older bluegreen) is the run's own commit, as the pipeline promotes what it prepared; a
    // rollback restores an older release, whose commit only the ledger knows.
    const ref = plan.ref ?? (config.mode === "promote" ? config.ref : undefined);
    if (!ref) {
        const text = config.mode === "rollback"
            ? `GitHub deployment: the commit that built ${plan.version || "the release"} on ${plan.color} is not on record (it was prepared without a commit), so no deployment was recorded for this rollback rather than one naming the wrong commit.`
            : "github-token is set but no commit is known (no GITHUB_SHA, no ref input): no GitHub deployment was recorded.";
        log/* log */.Rm.warn(text);
        return undefined;
    }
    const shownUrl = environmentUrl(config.verifyUrl);
    const what = `${plan.color}${plan.version ? ` (${plan.version}, ${ref.slice(0, 12)})` : ` (${ref.slice(0, 12)})`}`;
    const environment = config.environment ?? "production";
    const logUrl = env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    const common = { owner, repo, headers: { accept: "application/vnd.github+json" } };
    const warn = (what, error) => {
        const text = `GitHub deployment: ${what} failed (${(0,secrets/* redact */.E$)(error instanceof Error ? error.message : String(error))}); the switch is not affected.`;
        log/* log */.Rm.warn(text);
    };
    // Started, not awaited: the switch goes ahead while GitHub answers.
    const created = (async () => {
        try {
            const { getOctokit } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(413)]).then(__webpack_require__.bind(__webpack_require__, 92413));
            const octokit = getOctokit(config.githubToken);
            const request = { signal: AbortSignal.timeout(START_BUDGET_MS) };
            const response = await octokit.rest.repos.createDeployment({
                ...common,
                ref,
                task: config.mode === "rollback" ? "deploy:rollback" : "deploy",
                environment,
                description: `bluegreen ${config.mode}: ${what}`.slice(0, 140),
                payload: {
                    tool: "bluegreen",
                    mode: config.mode,
                    backend: config.backend,
                    color: plan.color,
                    from: plan.from,
                    version: plan.version,
                    ref,
                    // Which step made it, so the post step can find it even without its saved state.
                    ...stepIdentity(env),
                },
                auto_merge: false,
                required_contexts: [],
                transient_environment: false,
                production_environment: config.productionEnvironment,
                request,
            });
            if (!("id" in response.data))
                throw new Error(`GitHub did not create the deployment: ${response.data.message ?? response.status}`);
            const id = response.data.id;
            saveState(env, STATE_DEPLOYMENT, JSON.stringify({ id, mode: config.mode, color: plan.color, version: plan.version }));
            await octokit.rest.repos.createDeploymentStatus({
                ...common,
                deployment_id: id,
                state: "in_progress",
                description: `switching production to ${what}`.slice(0, 140),
                ...(logUrl ? { log_url: logUrl } : {}),
                request,
            });
            log/* log */.Rm.info(`GitHub deployment ${id} for ${environment}: in_progress.`);
            return { octokit, id };
        }
        catch (error) {
            warn("create", error);
            return undefined;
        }
    })();
    let finished = false;
    return {
        async id() {
            return (await created)?.id;
        },
        async finish(report, outputsError) {
            if (finished)
                return; // one final status, even if the step fails after a successful finish
            finished = true;
            const started = await created;
            if (!started)
                return;
            const { octokit, id } = started;
            const final = finalStatus(report, plan, outputsError);
            const state = final.state;
            const description = (0,secrets/* redact */.E$)(final.description || state).slice(0, 140);
            const url = shownUrl && state === "success" ? shownUrl : undefined;
            // Saved before it is sent: if GitHub cannot be reached now, the post step sends it again.
            saveState(env, STATE_OUTCOME, JSON.stringify({ state, description, ...(url ? { environmentUrl: url } : {}) }));
            const request = { signal: AbortSignal.timeout(FINISH_BUDGET_MS) };
            try {
                await octokit.rest.repos.createDeploymentStatus({
                    ...common,
                    deployment_id: id,
                    state,
                    description,
                    ...(logUrl ? { log_url: logUrl } : {}),
                    ...(url ? { environment_url: url } : {}),
                    // GitHub inactivates older deployments itself only for non-production environments; we do it below.
                    auto_inactive: true,
                    request,
                });
                log/* log */.Rm.info(`GitHub deployment ${id} for ${environment}: ${state}.`);
            }
            catch (error) {
                warn(`status ${state}`, error);
                return;
            }
            if (state !== "success")
                return;
            try {
                await inactivateOlder(octokit, common, environment, id, logUrl, request);
            }
            catch (error) {
                warn("marking the replaced deployment inactive", error);
            }
        },
    };
}
/**
 * The final status of a record, from what the router showed last: the record says what production
 * runs, and the description says what went wrong besides (the step's outputs lost, a failed check).
 */
function finalStatus(report, plan, outputsError) {
    // A run that changed nothing left production where it read it first; one that wrote a switch
    // knows where production is only from a read after it.
    const now = report.after ?? (report.changed ? undefined : report.before);
    const lost = outputsError === undefined ? "" : " The step's outputs were lost (they could not be written), so the step failed.";
    if (report.changed && now && !now.split && now.live === plan.color) {
        const live = `${plan.color} live${plan.version ? `: ${plan.version}` : ""} (was ${plan.from})`;
        const afterwards = report.failure ? ` The step failed after the switch: ${report.failure}` : "";
        return { state: "success", description: lost || afterwards ? `${live}.${lost}${afterwards}` : live };
    }
    // The failure sentence says what could be known (switchOrExplain: "Where production is now is unknown ...").
    if (report.changed && !now)
        return { state: "error", description: `${report.failure ?? report.outcome}${lost}` };
    if (report.failure || outputsError !== undefined)
        return { state: "failure", description: `${report.failure ?? report.outcome}${lost}` };
    return { state: "inactive", description: report.outcome };
}
/** Identifies the step that made a deployment: run, attempt, job and step id. */
function stepIdentity(env) {
    return {
        run: env.GITHUB_RUN_ID ?? "",
        attempt: env.GITHUB_RUN_ATTEMPT ?? "",
        job: env.GITHUB_JOB ?? "",
        step: env.GITHUB_ACTION ?? "",
    };
}
/** core.saveState, only where a runner reads it back (elsewhere it would print a `::save-state::` line). */
function saveState(env, name, value) {
    if (env.GITHUB_STATE)
        (0,io/* platformIo */.U)().saveState(name, value);
}
/**
 * Marks the environment's older deployments whose latest status is `success` inactive: the one the
 * switch replaced (and any a previous tool left active). GitHub's own auto_inactive skips
 * production environments, and a record must not show two live releases.
 */
async function inactivateOlder(octokit, common, environment, current, logUrl, request) {
    const { data: deployments } = await octokit.rest.repos.listDeployments({ ...common, environment, per_page: OLDER_CHECKED, request });
    for (const deployment of deployments) {
        if (deployment.id === current)
            continue;
        const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
            ...common,
            deployment_id: deployment.id,
            per_page: 1,
            request,
        });
        if (statuses[0]?.state !== "success")
            continue;
        await octokit.rest.repos.createDeploymentStatus({
            ...common,
            deployment_id: deployment.id,
            state: "inactive",
            description: `replaced by deployment ${current}`,
            ...(logUrl ? { log_url: logUrl } : {}),
            request,
        });
        log/* log */.Rm.info(`GitHub deployment ${deployment.id} for ${environment}: inactive (replaced).`);
    }
}
/**
 * Which switch the mode is about to make, from one read of the router; undefined when there is
 * none (nothing prepared, already live, nothing to roll back to) or the router cannot be read,
 * in which case the mode itself reports why.
 */
async function plannedSwitch(ctx) {
    let state;
    try {
        state = await ctx.router.read();
    }
    catch {
        return undefined;
    }
    // The mode's own decision, from the same policy: a record only for a switch the mode will make.
    const settings = policySettings(ctx);
    const decision = ctx.config.mode === "promote" ? decidePromote(state, settings) : decideRollback(state, settings);
    if (decision.kind !== "switch")
        return undefined; // nothing to do, a repair, or refused: the mode says why
    const { target, version } = decision;
    return { color: target, from: state.live, version, ref: state.ledger.refs?.[target] };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/platform/outputs.ts




/**
 * GitHub: step outputs. GitLab: a dotenv report (KEY=value lines, no multi-line values) at
 * BLUEGREEN_DOTENV or ./bluegreen.env, which later jobs receive through `artifacts: reports: dotenv`.
 */
function writeOutputs(outputs, env = process.env) {
    // Without GITHUB_OUTPUT, core.setOutput falls back to printing `::set-output`: only call it on GitHub.
    if (env.GITHUB_OUTPUT) {
        for (const [name, value] of Object.entries(outputs))
            (0,io/* platformIo */.U)().setOutput(name, (0,secrets/* redact */.E$)(value));
    }
    if ((0,detect/* detectPlatform */.l)(env) === "gitlab" || env.BLUEGREEN_DOTENV) {
        const file = env.BLUEGREEN_DOTENV || "bluegreen.env";
        (0,external_node_fs_.appendFileSync)(file, dotenv(outputs));
    }
}
function dotenv(outputs) {
    return Object.entries(outputs)
        .map(([name, value]) => {
        const key = `BLUEGREEN_${name.toUpperCase().replace(/-/g, "_")}`;
        // Dotenv values are single lines: the plan's lines are joined with " | ".
        const line = (0,secrets/* redact */.E$)(value).replace(/\r?\n/g, " | ");
        return `${key}=${line}\n`;
    })
        .join("");
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/platform/style.ts
var style = __webpack_require__(66142);
;// CONCATENATED MODULE: ./src/platform/log-report.ts


/**
 * The closing lines of a step in the log, most important first and everything once: the result
 * sentence (a failure's, once: off GitHub the step's failure adds no second line), the plan in
 * plain words, each check with ✓ or ✗, the timings. Verbose adds
 * the states before and after, the plan's details (locks, API calls) and every round of a bake.
 * `said` are the warnings already printed during the run (log.warn), not printed twice.
 */
function renderLog(report, verbose, said = []) {
    const title = `bluegreen ${report.mode} (${report.backend})${report.dryRun ? " [dry run]" : ""}`;
    const lines = [report.failure ? style/* style */.iF.bad(`✗ ${title}: ${report.failure}`) : style/* style */.iF.bold(`${title}: ${report.outcome}`)];
    if (verbose) {
        lines.push(`  before: ${state(report.before)}`);
        if (report.after)
            lines.push(`  after:  ${state(report.after)}`);
    }
    // status: its table, one fact a row, flush left (scripts match `^production  `).
    for (const [label, value] of report.facts ?? [])
        lines.push(`${label.padEnd(18)} ${value}`);
    for (const step of report.plan) {
        const shown = (0,plan_lines/* shownLine */.QN)(step, verbose);
        if (shown !== undefined)
            lines.push(`  plan:   ${shown}`);
    }
    // status shows readiness as rows of its table already.
    const inTable = new Set((report.facts ?? []).map(([label]) => label));
    for (const check of report.checks)
        if (!inTable.has(check.name))
            lines.push(`  ${mark(check)} ${check.name}: ${check.detail}`);
    for (const round of report.bake?.rounds ?? []) {
        for (const check of round.checks) {
            // The bake's result is one check above; its rounds are verbose, but a failed one is the reason.
            if (verbose || !check.ok)
                lines.push(`  bake ${round.second} s: ${mark(check)} ${check.name}: ${check.detail}`);
        }
    }
    for (const warning of [...(report.before?.warnings ?? []), ...report.warnings]) {
        if (!said.includes(warning))
            lines.push(`  warning: ${warning}`);
    }
    if (report.timings.length > 0)
        lines.push(`  timings: ${report.timings.map((t) => `${t.step} ${t.ms} ms`).join(", ")}`);
    return lines.join("\n");
}
function mark(check) {
    return check.ok ? style/* style */.iF.ok("✓") : style/* style */.iF.bad("✗");
}
function state(s) {
    return s
        ? `production=${s.live} preview=${s.preview ?? "-"} blue=${s.ledger.versions.blue ?? "?"} green=${s.ledger.versions.green ?? "?"}`
        : "-";
}

;// CONCATENATED MODULE: ./src/platform/mermaid.ts

/**
 * Pictures for the approver, as Mermaid (GitHub renders it in job summaries): where production
 * and preview point, before and after, and a bake window's checks as a timeline. Text only; every
 * label is cleaned, so nothing a router or a user wrote can break out of the diagram.
 */
/** Modes whose summary shows the routing picture. */
const PICTURED_MODES = new Set(["test", "promote", "status"]);
/** The Markdown lines of the routing diagram (and the bake timeline), or none for other modes. */
function mermaidSections(report) {
    const lines = [];
    if (PICTURED_MODES.has(report.mode) && report.before) {
        lines.push("", "### Routing", "", "```mermaid", ...routingDiagram(report), "```");
    }
    if (report.bake && report.bake.rounds.length > 0) {
        lines.push("", "### Bake timeline", "", "```mermaid", ...bakeTimeline(report.bake), "```");
    }
    return lines;
}
/** flowchart: one subgraph per moment (before/after, or "now" for status and unchanged runs). */
function routingDiagram(report) {
    const before = report.before;
    const moments = [];
    if (report.mode === "status" || !report.after)
        moments.push(["now", report.mode === "status" ? "now" : "router (unchanged)", before]);
    else
        moments.push(["before", "before", before], ["after", "after", report.after]);
    const lines = ["flowchart LR"];
    for (const [id, title, state] of moments) {
        lines.push(`  subgraph ${id}["${label(title)}"]`, "    direction LR");
        lines.push(`    ${id}_production(["production"])`);
        lines.push(`    ${id}_preview(["preview"])`);
        for (const color of colors/* COLORS */.lm) {
            const version = state.ledger.versions[color];
            lines.push(`    ${id}_${color}["${color}${version ? `<br/>${label(version)}` : ""}"]`);
        }
        lines.push(`    ${id}_production ==> ${id}_${state.live}`);
        if (state.preview)
            lines.push(`    ${id}_preview -.-> ${id}_${state.preview}`);
        lines.push("  end");
    }
    lines.push("  classDef blue fill:#dbeafe,stroke:#1d4ed8", "  classDef green fill:#dcfce7,stroke:#15803d");
    for (const [id] of moments)
        lines.push(`  class ${id}_blue blue`, `  class ${id}_green green`);
    return lines;
}
/** Most windows fit; a long one keeps its first, last and every failed round. */
const MAX_ROUNDS = 24;
/** timeline: one period per check time, its checks as events (✅/❌ and the value seen). */
function bakeTimeline(bake) {
    const lines = ["timeline", `  title ${label(`Bake of ${bake.color}: ${bake.seconds} s, a check every ${bake.interval} s`)}`];
    let rounds = bake.rounds;
    if (rounds.length > MAX_ROUNDS) {
        const keep = new Set([rounds[0], rounds.at(-1), ...rounds.filter((round) => round.checks.some((check) => !check.ok))]);
        rounds = rounds.filter((round) => keep.has(round));
    }
    lines.push("  0 s : switch");
    for (const round of rounds) {
        const events = round.checks.map((check) => `${check.ok ? "✅" : "❌"} ${label(shortCheck(check.name, check.detail))}`);
        lines.push(`  ${round.second} s : ${events.length > 0 ? events.join(" : ") : "no checks configured"}`);
    }
    if (bake.end)
        lines.push(`  end : ${label(bake.end)}`);
    return lines;
}
/** "analysis error-rate" and the value it saw ("0.0031, wanted < 0.01; query: ..." -> "0.0031"). */
function shortCheck(name, detail) {
    const value = detail.split(/[,;]/)[0] ?? "";
    return `${name} ${value}`.slice(0, 60);
}
/** Mermaid labels: no quotes, brackets, colons, semicolons or newlines (they are syntax there). */
function label(text) {
    return text
        .replace(/[\r\n]+/g, " ")
        .replace(/["`]/g, "'")
        .replace(/[[\]{}()<>:;#|]/g, " ")
        .replace(/\s+/g, " ")
        .trim();
}

// EXTERNAL MODULE: ./src/platform/verbosity.ts
var verbosity = __webpack_require__(85034);
;// CONCATENATED MODULE: ./src/platform/summary.ts









/**
 * The job summary: before/after, plan, checks, timings. Written on GitHub; printed as text elsewhere,
 * and on GitLab (which has no job summary) also written as a Markdown file for `artifacts:expose_as`.
 */
async function writeSummary(report, env = process.env) {
    // The log first: it is the one record that cannot fail to be written, even when the summary file can.
    log/* log */.Rm.info(renderLog(report, (0,verbosity/* isVerbose */.r)(), (0,log/* warnings */.AR)()));
    await writeReportFile(report, env);
    if (env.GITHUB_STEP_SUMMARY) {
        await (0,io/* platformIo */.U)().appendSummary((0,secrets/* redact */.E$)(renderMarkdown(report)));
    }
}
/**
 * GitLab (or anywhere BLUEGREEN_REPORT names a file): the Markdown report appended to
 * BLUEGREEN_REPORT, default bluegreen-report.md. Appended, as a job may run bluegreen twice (the
 * component's promote job tests, then promotes). Not writing it is a warning: the step's result
 * stands either way.
 */
async function writeReportFile(report, env = process.env) {
    if ((0,detect/* detectPlatform */.l)(env) !== "gitlab" && !env.BLUEGREEN_REPORT)
        return;
    const file = env.BLUEGREEN_REPORT || "bluegreen-report.md";
    try {
        await (0,external_node_fs_promises_.appendFile)(file, `${(0,secrets/* redact */.E$)(renderMarkdown(report))}\n`);
    }
    catch (error) {
        log/* log */.Rm.warn(`The report could not be written to ${file} (${error instanceof Error ? error.message : String(error)}); the step's result stands.`);
    }
}
function renderMarkdown(report) {
    const status = report.failure ? "❌ failed" : report.dryRun ? "📝 dry run" : report.changed ? "✅ changed" : "✅ no change";
    const after = report.after ?? report.before;
    // In a dry run nothing is applied, so the "after" column says so instead of implying a change.
    const afterLabel = report.after ? "after" : report.dryRun ? "after (dry run: nothing applied)" : "after (unchanged)";
    const lines = [`## bluegreen ${report.mode} (${report.backend}) ${status}`, "", escapeCell(report.failure ?? report.outcome)];
    if (report.facts)
        lines.push(...factsTable(report.facts), ...mermaidSections(report));
    else
        lines.push(...routingTable(report, after, afterLabel), ...mermaidSections(report));
    const promoteWould = report.plan.filter((step) => step.startsWith(PROMOTE_WOULD));
    const plan = report.plan.filter((step) => !step.startsWith(PROMOTE_WOULD));
    if (promoteWould.length > 0) {
        // The approver of the promote job reads this: the exact router changes, one per line.
        // A fenced block keeps each router change on its own aligned line.
        lines.push("", "### Promote would switch", "", "Exactly these changes, if promote runs on the router as it is now:", "", "```text");
        for (const line of promoteWould) {
            const steps = line.slice(PROMOTE_WOULD.length).split("; ");
            steps.forEach((step, i) => {
                const text = step.replace(/`{3,}/g, "'").replace(/\r?\n/g, " ");
                lines.push(`${i === 0 ? PROMOTE_WOULD : " ".repeat(PROMOTE_WOULD.length)}${text}`);
            });
        }
        lines.push("```");
    }
    if (plan.length > 0) {
        lines.push("", report.dryRun ? "### Plan (dry run: not applied)" : "### Plan", "", ...plan.map((step) => `- ${code(step)}`));
    }
    if (report.checks.length > 0) {
        lines.push("", "### Checks", "", "| check | result | detail |", "|---|---|---|");
        for (const check of report.checks)
            lines.push(`| ${escapeCell(check.name)} | ${check.ok ? "✅" : "❌"} | ${escapeCell(check.detail)} |`);
    }
    lines.push(...bakeTable(report));
    const warnings = [...(report.before?.warnings ?? []), ...report.warnings];
    if (warnings.length > 0)
        lines.push("", "### Warnings", "", ...warnings.map((w) => `- ⚠️ ${escapeCell(w)}`));
    if (report.timings.length > 0) {
        lines.push("", "### Timings", "", "| step | ms |", "|---|---|");
        for (const timing of report.timings)
            lines.push(`| ${escapeCell(timing.step)} | ${timing.ms} |`);
        lines.push(`| **total** | **${report.timings.reduce((sum, t) => sum + t.ms, 0)}** |`);
    }
    return `${lines.join("\n")}\n`;
}
/** The before/after table every mode but status shows. */
function routingTable(report, after, afterLabel) {
    const lines = [
        "",
        `| | before | ${afterLabel} |`,
        "|---|---|---|",
        `| production | ${cell(report.before?.live)} | ${cell(after?.live)} |`,
        `| preview | ${cell(report.before?.preview)} | ${cell(after?.preview)} |`,
        `| blue version | ${cell(report.before?.ledger.versions.blue)} | ${cell(after?.ledger.versions.blue)} |`,
        `| green version | ${cell(report.before?.ledger.versions.green)} | ${cell(after?.ledger.versions.green)} |`,
        `| previous | ${cell(report.before?.ledger.previous)} | ${cell(after?.ledger.previous)} |`,
    ];
    if (report.target)
        lines.push(`| target of this ${escapeCell(report.mode)} | ${cell(report.target)} | |`);
    for (const [key, value] of Object.entries(report.before?.details ?? {})) {
        lines.push(`| ${escapeCell(key)} | ${cell(value)} | ${cell(report.after?.details[key] ?? value)} |`);
    }
    return lines;
}
/** status mode: what it read, one fact per row. */
function factsTable(facts) {
    return ["", "| | now |", "|---|---|", ...facts.map(([label, value]) => `| ${escapeCell(label)} | ${cell(value)} |`)];
}
/** A bake window's rounds, one row per check time. */
function bakeTable(report) {
    const bake = report.bake;
    if (!bake || bake.rounds.length === 0)
        return [];
    const lines = [
        "",
        `### Bake of ${bake.color} (${bake.seconds} s, a check every ${bake.interval} s)${bake.end ? `: ${escapeCell(bake.end)}` : ""}`,
        "",
        "| second | check | result | value and threshold |",
        "|---|---|---|---|",
    ];
    for (const round of bake.rounds) {
        for (const check of round.checks) {
            lines.push(`| ${round.second} | ${escapeCell(check.name)} | ${check.ok ? "✅" : "❌"} | ${escapeCell(check.detail)} |`);
        }
    }
    return lines;
}
/** The whole report as text, internals included (the log shows renderLog's shorter form). */
function renderText(report) {
    const state = (s) => s
        ? `production=${s.live} preview=${s.preview ?? "-"} blue=${s.ledger.versions.blue ?? "?"} green=${s.ledger.versions.green ?? "?"}`
        : "-";
    const lines = [`bluegreen ${report.mode} (${report.backend})${report.dryRun ? " [dry run]" : ""}: ${report.failure ?? report.outcome}`];
    lines.push(`  before: ${state(report.before)}`);
    if (report.after)
        lines.push(`  after:  ${state(report.after)}`);
    for (const step of report.plan)
        lines.push(`  plan:   ${step}`);
    for (const check of report.checks)
        lines.push(`  check:  ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
    for (const round of report.bake?.rounds ?? []) {
        for (const check of round.checks)
            lines.push(`  bake:   ${round.second} s ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`);
    }
    for (const warning of [...(report.before?.warnings ?? []), ...report.warnings])
        lines.push(`  warn:   ${warning}`);
    if (report.timings.length > 0)
        lines.push(`  timings: ${report.timings.map((t) => `${t.step} ${t.ms} ms`).join(", ")}`);
    return lines.join("\n");
}
function cell(value) {
    return value ? escapeCell(value) : "-";
}
/** A plan step as inline code (router commands read best that way), unless it holds a backtick. */
function code(text) {
    const line = text.replace(/\r?\n/g, " ");
    return line.includes("`") ? escapeCell(line) : `\`${line}\``;
}
function escapeCell(text) {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

;// CONCATENATED MODULE: ./src/main.ts





















const MODE_RUNNERS = { prepare: prepare, test: test, promote: promote, rollback: rollback, status: status_status };
/** Reads the action's inputs the way the runner passes them (INPUT_<NAME>, hyphens kept). */
const actionInputs = (name) => (0,io/* platformIo */.U)().getInput(name);
/**
 * One run: read inputs -> pick backend -> run mode -> outputs + summary.
 * Returns the process exit code; failures become one clear sentence through core.setFailed.
 *
 * The mode's result decides the exit code. What comes after it (outputs, summary, deployment
 * records) is bookkeeping: its failure is a warning, never a reason to call a switch that
 * happened a failure, except the outputs, which later jobs act on: when they cannot be written,
 * the step fails with a sentence that says what the router did.
 */
async function run(read = actionInputs, options = {}) {
    // Before the first input is read or line printed: @actions/core on a GitHub runner, plain output elsewhere.
    await choosePlatform();
    let report = newReport(read("mode") || "?", read("backend") || "?", false);
    let backend;
    let config;
    let deployment;
    let result;
    let notifySettings;
    try {
        refuseMisspeltInputs(options.env ?? process.env, read === actionInputs ? "action" : "cli");
        config = (0,inputs/* parseConfig */.o4)(read);
        (0,verbosity/* setVerbose */.h)(config.verbose);
        // Checked and masked with the other inputs, before anything changes (and before prepare's deploy-command).
        notifySettings = parseNotify(read);
        report = newReport(config.mode, config.backend, config.dryRun);
        backend = await createBackend(read, config);
        const ctx = {
            config,
            router: backend.router,
            workload: backend.workload,
            report,
            run: (0,detect/* runIdentity */.y)(),
            now: () => new Date(),
        };
        // GitHub Deployments (promote, rollback with github-token): bookkeeping that never fails the step.
        deployment = await startDeployment(ctx);
        result = await MODE_RUNNERS[config.mode](ctx);
        report.changed = result.changed;
    }
    catch (error) {
        report.failure = main_sentence(error);
        if (!(error instanceof errors/* BluegreenError */.cw) && error instanceof Error && error.stack)
            log/* log */.Rm.debug(error.stack);
    }
    finally {
        await backend?.close().catch(() => undefined);
    }
    withRepair(report, backend?.router.repaired);
    const outputs = result ?? outputsOfFailure(report, config);
    let outputsError;
    if (outputs) {
        try {
            await publish(outputs, report, config, deployment, options, backend);
        }
        catch (error) {
            outputsError = error instanceof Error ? error.message : String(error);
        }
    }
    // After the outputs: the record says what production runs (the router as last read), and that the
    // outputs were lost when they were; the step's own failure sentence follows.
    await deployment?.finish(report, outputsError).catch((error) => log/* log */.Rm.warn(`GitHub deployment: ${main_sentence(error)}`));
    if (outputsError !== undefined) {
        report.failure = `${report.failure ?? report.outcome} But the step outputs could not be written (${outputsError}), so later jobs cannot read them.`;
    }
    // Last, so that it tells what the step says; a notification that cannot be delivered is a warning of the summary.
    await notify(notifySettings, report, { environment: config?.environment, run: (0,detect/* runIdentity */.y)(), env: process.env, now: new Date() });
    await summarize(report);
    options.onReport?.(report);
    if (report.failure) {
        (0,log/* fail */.fJ)(report.failure);
        return 1;
    }
    return 0;
}
/**
 * Before anything is read from the router: a misspelt safety input (or a long name that can only be
 * a typo) fails the step with the name to use; other near misses are warnings.
 */
function refuseMisspeltInputs(env, door) {
    const typos = (0,input_typos/* inputTypos */.E_)(env, door);
    const fatal = typos.find((typo) => typo.fatal);
    for (const typo of typos)
        if (typo !== fatal)
            log/* log */.Rm.warn(typo.sentence);
    if (fatal)
        throw new errors/* InputError */.dz(fatal.meant, fatal.sentence);
}
/**
 * A repair (HAProxy's map file rewritten from memory) is a change even where the routing was left
 * alone: the closing sentence says so, and "nothing changed" becomes what is true.
 */
function withRepair(report, repaired) {
    if (!repaired)
        return;
    const said = (text) => text.replace(/; nothing (was )?changed\./, "; the routing was not changed.");
    const note = report.changed ? ` Before that, ${repaired}` : ` This run repaired the map file only: ${repaired}`;
    if (report.failure)
        report.failure = `${report.changed ? report.failure : said(report.failure)}${note}`;
    else
        report.outcome = `${report.changed ? report.outcome : said(report.outcome)}${note}`;
}
/** What a failed run can still truthfully publish: the router as last read. */
function outputsOfFailure(report, config) {
    const after = report.after ?? report.before;
    if (!after)
        return undefined;
    return {
        active: after.live,
        previous: after.ledger.previous ?? "",
        target: report.target ?? "",
        version: config?.version ?? "",
        changed: report.changed,
    };
}
/**
 * The job summary and the closing report. Every warning said through log.warn during the run (by a
 * mode, a backend or the platform layer) reaches the report here, so the log, the summary and the
 * GitLab report say the same. A summary that cannot be written is a warning in the log only.
 */
async function summarize(report) {
    for (const warning of (0,log/* warnings */.AR)())
        if (!report.warnings.includes(warning))
            report.warnings.push(warning);
    try {
        await writeSummary(report);
    }
    catch (error) {
        log/* log */.Rm.warn(`The job summary could not be written (${main_sentence(error)}); the report above is complete.`);
    }
}
async function publish(result, report, config, deployment, options, backend) {
    const deploymentId = await deployment?.id();
    const outputs = {
        "active-color": result.active,
        "previous-color": result.previous,
        "target-color": result.target,
        version: result.version,
        changed: String(result.changed),
        plan: report.plan.join("\n"),
        // Survives a reload/restart of the router: API-backed routers always; HAProxy when its map file holds the routing.
        durable: backend ? String(backend.router.durable) : "",
        ref: targetRef(result, report, config),
        "environment-url": environmentUrl(config?.verifyUrl),
        "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
        "propagation-ms": backend?.router.propagatedMs === undefined ? "" : String(backend.router.propagatedMs),
    };
    options.onOutputs?.(outputs);
    writeOutputs(outputs);
}
/**
 * The commit that built the version the target color holds, from the router's ledger; for a
 * prepare that did not record it (dry run, failure), the commit it was asked to record.
 */
function targetRef(result, report, config) {
    const ledger = (report.after ?? report.before)?.ledger;
    if (ledger && (0,colors/* isColor */._o)(result.target)) {
        const recorded = ledger.versions[result.target];
        if (recorded && (result.version === "" || result.version === recorded))
            return ledger.refs?.[result.target] ?? "";
    }
    return config?.mode === "prepare" ? (config.ref ?? "") : "";
}
function main_sentence(error) {
    if (error instanceof errors/* BluegreenError */.cw)
        return error.message;
    if (error instanceof Error)
        return `Unexpected error: ${error.message}`;
    return `Unexpected error: ${String(error)}`;
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
