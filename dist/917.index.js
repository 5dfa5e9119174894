export const id = 917;
export const ids = [917];
export const modules = {

/***/ 19451:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ INPUTS)
});

// UNUSED EXPORTS: findInput

// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(46770);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
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
        name: "dry-run",
        description: "true: read the state, print the exact plan, change nothing.",
        default: "false",
        type: "boolean",
        gitlab: { description: "true: every job reads the state and prints the exact plan, and changes nothing." },
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
        description: "Base URL of the preview entry (the idle color).",
        modes: ["test"],
        gitlab: { pattern: "^(https?://\\S+)?$" },
    },
    {
        name: "health-path",
        description: "Path that must answer 2xx.",
        default: "/health",
        modes: ["test"],
        gitlab: { pattern: "^/\\S*$" },
    },
    {
        name: "version-path",
        description: "Optional path whose body must contain version.",
        modes: ["test"],
        gitlab: { pattern: "^(/\\S*)?$" },
    },
    {
        name: "test-requests",
        description: "Requests of the light load run by test mode.",
        default: "100",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Requests of the light load run by test." },
    },
    { name: "test-concurrency", description: "Concurrent requests of that load.", default: "10", type: "number", modes: ["test"] },
    {
        name: "max-p95-ms",
        description: "Highest p95 latency (ms) test mode accepts.",
        default: "500",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Highest p95 latency (ms) test accepts." },
    },
    {
        name: "max-error-rate",
        description: "Highest share of failed requests (0 to 1) test mode accepts.",
        default: "0",
        type: "number",
        modes: ["test"],
        gitlab: { description: "Highest share of failed requests (0 to 1) test accepts." },
    },
    {
        name: "test-command",
        description: "Optional extra test command, run without a shell; gets BLUEGREEN_TEST_URL, BLUEGREEN_COLOR, BLUEGREEN_VERSION.",
        modes: ["test"],
        gitlab: { description: "Optional extra test command, run without a shell." },
    },
    {
        name: "verify-url",
        description: "Production URL checked after promote and rollback (health, and version when version-path is set).",
        modes: ["promote", "rollback"],
        gitlab: {
            description: "Production URL checked after promote and rollback; also the GitLab environment's URL.",
            pattern: "^(https?://\\S+)?$",
        },
    },
    {
        name: "auto-rollback",
        description: "true: when the check after promote fails, traffic goes back and the step fails.",
        default: "true",
        type: "boolean",
        modes: ["promote", "rollback"],
        gitlab: { description: "true: when the check after promote fails, traffic goes back and the job fails." },
    },
    {
        name: "require-test",
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
        description: "promote, rollback: seconds production keeps being checked after the switch (verify-url and analysis); a failed check during a promote's window rolls back when auto-rollback is true. 0: the single check.",
        default: "0",
        type: "number",
        modes: ["promote", "rollback"],
        gitlab: { description: "Seconds production keeps being checked after promote and rollback (0: one check)." },
    },
    {
        name: "bake-interval",
        description: "Seconds between two checks of the bake window.",
        default: "5",
        type: "number",
        modes: ["promote", "rollback"],
    },
    {
        name: "prometheus-url",
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
        description: "Metric checks, one per line, NAME: PROMQL <op> NUMBER (op <, <=, >, >=); {{color}} and {{version}} are replaced. Run by test mode on the preview color and at every bake check on production.",
        modes: ["test", "promote", "rollback"],
        gitlab: { description: "Metric checks, one per line: NAME: PROMQL <op> NUMBER ({{color}}, {{version}} replaced)." },
    },
    {
        name: "analysis-allow-empty",
        description: "true: an analysis query that returns no data passes; false: it fails.",
        default: "false",
        type: "boolean",
        modes: ["test", "promote", "rollback"],
        gitlab: { description: "true: a query that returns no data passes." },
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

/***/ 95833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s9: () => (/* binding */ closestInput),
/* harmony export */   uX: () => (/* binding */ unknownInputWarnings)
/* harmony export */ });
/* unused harmony export editDistance */
/* harmony import */ var _input_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19451);

/**
 * Near misses of input names. A misspelt input is otherwise silently ignored (the runner and GitLab
 * variables accept any INPUT_* name), and the run goes ahead on a default the user did not choose.
 */
/** The real input nearest to `name` when it is a plausible typo of it (distance 1-2, or a quarter of a long name). */
function closestInput(name) {
    let best;
    for (const input of _input_names_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .m) {
        const distance = editDistance(name, input.name);
        if (!best || distance < best.distance)
            best = { name: input.name, distance };
    }
    return best && best.distance > 0 && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}
/**
 * One warning per INPUT_* variable that names no input but nearly names one. Runners spell an input
 * INPUT_<NAME> with hyphens kept; shells and GitLab variables with underscores: both are understood.
 */
function unknownInputWarnings(env) {
    const known = new Set(_input_names_js__WEBPACK_IMPORTED_MODULE_0__/* .INPUTS */ .m.map((input) => input.name));
    const warnings = [];
    for (const key of Object.keys(env)) {
        if (!key.startsWith("INPUT_"))
            continue;
        const name = key.slice("INPUT_".length).toLowerCase().replace(/_/g, "-");
        if (known.has(name))
            continue;
        const near = closestInput(name);
        if (near) {
            warnings.push(`${printableKey(key)} is not a bluegreen input and is ignored; did you mean ${near} (INPUT_${near.toUpperCase().replace(/-/g, "_")})?`);
        }
    }
    return warnings;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        }
        previous = current;
    }
    return previous[b.length];
}
function printableKey(key) {
    return key.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
}


/***/ }),

/***/ 36917:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// UNUSED EXPORTS: actionInputs

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(57264);
// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(46770);
;// CONCATENATED MODULE: ./src/backends/create.ts

/**
 * Creates the configured backend. Its implementation is imported only when chosen (the descriptor's
 * load()), so an HAProxy run never loads the Kubernetes or OVH client. Backends validate their own
 * inputs before any I/O.
 */
async function createBackend(read, config) {
    const descriptor = (0,registry/* descriptorOf */.nb)(config.backend);
    // parseConfig accepted config.backend from the same list: a miss is a bug, not an input error.
    if (!descriptor)
        throw new Error(`no backend descriptor for ${config.backend}`);
    const create = await descriptor.load();
    return create(read, config);
}

// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-typos.ts
var input_typos = __webpack_require__(95833);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
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

// EXTERNAL MODULE: ./src/modes/commands.ts
var commands = __webpack_require__(23584);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/modes/readiness.ts

/** Waits until every server / replica of the color is ready, for at most `timeout` seconds. */
async function waitUntilReady(ctx, color) {
    const result = await (0,wait/* pollUntil */.g)(`${color} becoming ready`, ctx.config.timeoutSeconds * 1000, async () => {
        const readiness = await ctx.backend.readiness(color);
        return { done: readiness.ready, detail: readiness.summary };
    });
    return result.detail;
}

;// CONCATENATED MODULE: ./src/modes/switch.ts




/**
 * Read, act, read again: applies the change, then confirms from the router itself that production
 * (and the preview entry, where the router has one) now goes where we asked.
 */
async function switchAndConfirm(ctx, change, state, options, 
/** false for prepare, which leaves production (even a split one) as it is. */
movesProduction = true) {
    await timed(ctx.report, `switch to ${change.live}`, () => ctx.backend.apply(change, state, options));
    const after = await ctx.backend.read();
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
 * switchAndConfirm for the switches of promote and rollback: when it fails, the router is read again
 * and the error says where production is now, as the router shows it (never a guess), and whether
 * this run moved it. `what` names the step ("Promote of green").
 */
async function switchOrExplain(ctx, change, state, what, options) {
    try {
        return await switchAndConfirm(ctx, change, state, options);
    }
    catch (error) {
        const after = await readAgain(ctx);
        ctx.report.after = after;
        // A lost race changed nothing here; anything else that left production elsewhere was this run's write.
        if (after && after.live !== state.live && !(error instanceof errors/* ConflictError */.fK))
            ctx.report.changed = true;
        throw new errors/* BluegreenError */.cw(`${what} failed: ${sentenceOf(error)} ${whereTrafficIs(after, state.live, error)}`);
    }
}
/** The router read once more after a failure; a read that fails is tried once more after a short settle. */
async function readAgain(ctx) {
    try {
        return await ctx.backend.read();
    }
    catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return ctx.backend.read().catch(() => undefined);
    }
}
/** Where production is after a failed switch, read from the router itself: one statement, never two. */
function whereTrafficIs(after, before, error) {
    if (!after)
        return `Where production is now is unknown: the router could not be read afterwards (it was on ${before} before).`;
    if (after.split)
        return `Production is split between colors (${after.warnings.join(" ")}); run promote or rollback again to move all of it to one color.`;
    if (after.live === before)
        return `Production stays on ${before}.`;
    if (error instanceof errors/* ConflictError */.fK)
        return `Production is on ${after.live}, switched by another run, not by this one.`;
    return `Production is on ${after.live}.`;
}
/** An error's message as a sentence, ending with one full stop. */
function sentenceOf(error) {
    const text = (error instanceof Error ? error.message : String(error)).trim();
    return /[.!?]$/.test(text) ? text : `${text}.`;
}
/**
 * Production split between colors (an interrupted switch) is repaired only by an explicit promote
 * or rollback: one that found nothing else to do moves every entry to the color the router reports.
 */
async function repairSplit(ctx, state) {
    const change = {
        live: state.live,
        preview: (0,colors/* otherColor */.IP)(state.live),
        ledger: { ...state.ledger, live: state.live },
        repair: true,
    };
    ctx.report.plan.push(...ctx.backend.describe(change, state));
    if (ctx.config.dryRun)
        return state;
    const after = await switchAndConfirm(ctx, change, state);
    ctx.report.changed = true;
    return after;
}

;// CONCATENATED MODULE: ./src/modes/prepare.ts







/** Puts `version` on the idle color, waits until it is ready, and points the preview entry at it. */
async function prepare(ctx) {
    const { backend, config, report } = ctx;
    const version = config.version; // parseConfig requires it for prepare
    const state = await timed(report, "read router", () => backend.read());
    report.before = state;
    const target = (0,colors/* otherColor */.IP)(state.live);
    report.target = target;
    const result = (changed) => ({
        active: state.live,
        previous: state.ledger.previous ?? "",
        target,
        version,
        changed,
    });
    if (state.ledger.versions[state.live] === version) {
        report.outcome = `${version} is already live on ${state.live}; nothing to prepare.`;
        return result(false);
    }
    const change = { live: state.live, preview: target, ledger: preparedLedger(state.ledger, target, version, config.ref) };
    const alreadyThere = state.ledger.versions[target] === version && state.ledger.pending === target && (state.preview ?? target) === target;
    if (alreadyThere) {
        const readiness = await backend.readiness(target);
        if (readiness.ready) {
            report.outcome = `${version} is already prepared on ${target} (${readiness.summary}); nothing changed.`;
            return result(false);
        }
        log/* log */.Rm.info(`${version} was prepared on ${target} before, but it is not ready now (${readiness.summary}): preparing again.`);
    }
    if (backend.deploy) {
        report.plan.push(`deploy ${version} on ${target} (backend ${backend.kind})`);
    }
    else if (config.deployCommand) {
        report.plan.push(`run deploy-command for ${target} with BLUEGREEN_COLOR=${target} BLUEGREEN_VERSION=${version}`);
    }
    else if (config.deployedAlready) {
        report.plan.push(`deploy nothing (deploy-command: none): ${version} is on ${target} already, as the step says`);
        log/* log */.Rm.warn(`deploy-command is "none": bluegreen deployed nothing and records ${version} on ${target} on your word; test mode's version-path is what checks it.`);
    }
    report.plan.push(`wait until every server of ${target} is ready (timeout ${config.timeoutSeconds} s)`);
    report.plan.push(...backend.describe(change, state));
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
        const fresh = await backend.read();
        if (fresh.live !== state.live) {
            throw new errors/* BluegreenError */.cw(`Production moved from ${state.live} to ${fresh.live} while ${target} was being prepared; the preview entry was left as it was.`);
        }
        report.after = await switchAndConfirm(ctx, { ...change, ledger: preparedLedger(fresh.ledger, target, version, config.ref) }, fresh, undefined, false);
    }
    catch (error) {
        throw new errors/* BluegreenError */.cw(`${sentenceOf(error)} ${await forgetVersion(ctx, target)}`);
    }
    report.outcome = `Prepared ${version} on ${target}; production stays on ${state.live}.`;
    return result(true);
}
async function deployTarget(ctx, target, version) {
    const { backend, config, report } = ctx;
    if (backend.deploy) {
        const deploy = backend.deploy.bind(backend);
        await timed(report, `deploy ${target}`, () => deploy(target, version));
    }
    else if (config.deployCommand) {
        const servers = backend.targets ? await backend.targets(target) : [];
        await timed(report, "deploy-command", () => (0,commands/* runUserCommand */.w)("deploy-command", config.deployCommand, {
            BLUEGREEN_COLOR: target,
            BLUEGREEN_VERSION: version,
            BLUEGREEN_SERVERS: servers.join(","),
            BLUEGREEN_BACKEND: backend.kind,
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
        const fresh = await ctx.backend.read();
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
        await ctx.backend.apply({ live: fresh.live, preview: fresh.preview ?? target, ledger }, fresh);
        return `Production stays on ${fresh.live}; ${target}'s version is now recorded as unknown, so nothing promotes it until a prepare succeeds.`;
    }
    catch (error) {
        log/* log */.Rm.warn(`Could not record ${target}'s version as unknown: ${sentenceOf(error)}`);
        return `Production was not touched; ${target} may run a half-installed version.`;
    }
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
/** refs with color's commit set to ref, or removed when ref is undefined. */
function withRef(refs, color, ref) {
    const next = { ...refs };
    if (ref)
        next[color] = ref;
    else
        delete next[color];
    return next.blue || next.green ? next : undefined;
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

;// CONCATENATED MODULE: ./src/smoke/checks.ts


/** Health answers 2xx. */
async function checkHealth(requester, path, timeoutMs) {
    const name = `health ${path}`;
    try {
        const { status } = await requester.get(path, timeoutMs);
        const ok = status >= 200 && status <= 299;
        return { name, ok, detail: `HTTP ${status} from ${target(requester, path)}` };
    }
    catch (error) {
        return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}`, errorCode: codeOf(error) };
    }
}
/** The version path's body contains the expected version. */
async function checkVersion(requester, path, version, timeoutMs) {
    const name = `version ${path}`;
    try {
        const { status, body } = await requester.get(path, timeoutMs);
        const ok = status >= 200 && status <= 299 && body.includes(version);
        const seen = body.trim().slice(0, 80);
        return {
            name,
            ok,
            detail: ok ? `serves ${version}` : `expected ${version}, got HTTP ${status} "${seen}" from ${target(requester, path)}`,
        };
    }
    catch (error) {
        return { name, ok: false, detail: `no answer from ${target(requester, path)}: ${message(error)}` };
    }
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

// EXTERNAL MODULE: ./src/smoke/http.ts
var http = __webpack_require__(77933);
;// CONCATENATED MODULE: ./src/modes/bake.ts










/**
 * A switch followed by a bake window records the open window in the same write as the routing
 * (no extra write before the window): if the step is cancelled or dies during the window, the
 * router still says "bake not completed". One final write removes it when the window passes.
 */
function withBakeRecord(ctx, change) {
    const { bakeSeconds } = ctx.config;
    if (bakeSeconds <= 0 || ctx.config.dryRun)
        return change;
    const until = new Date(ctx.now().getTime() + bakeSeconds * 1000).toISOString();
    return { ...change, ledger: { ...change.ledger, bake: { state: "running", until } } };
}
/** What a cancelled CI job sends: GitHub SIGINT then SIGTERM, GitLab SIGTERM. */
const CANCEL_SIGNALS = ["SIGINT", "SIGTERM"];
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
            const now = await ctx.backend.read();
            if (now.live !== subject.target) {
                record.end = `stopped at ${second} s: production moved to ${now.live}`;
                report.after = now;
                throw new errors/* BluegreenError */.cw(`Production moved from ${subject.target} to ${now.live} at ${second} s of the bake, by another hand${now.ledger.run && now.ledger.run !== ctx.run ? ` (run ${now.ledger.run})` : ""}; bluegreen stopped baking and changed nothing.`);
            }
            const checks = await bakeChecks(ctx, subject);
            record.rounds.push({ second, checks });
            const why = failures(checks);
            log/* log */.Rm.info(`bake ${second} s: ${why ? `FAILED ${why}` : `${checks.length} checks passed`}`);
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
    const { backend, config, report } = ctx;
    const { target, from } = subject;
    report.checks.push({ name: `bake at ${second} s`, ok: false, detail: why });
    const when = `at ${second} s of the ${config.bakeSeconds} s bake`;
    if (subject.action === "promote" && config.autoRollback) {
        const current = await backend.read();
        if (current.live !== target) {
            report.after = current;
            throw new errors/* BluegreenError */.cw(`The bake of ${target} failed ${when} (${why}); production is already on ${current.live}, so nothing was switched.`);
        }
        const back = switchChange(ctx, current, from, "rollback");
        report.plan.push(`auto-rollback: ${backend.describe(back, current).join("; ")}`);
        const started = performance.now();
        // A failed rollback ends, like every failed switch, with where the router shows production now.
        report.after = await switchOrExplain(ctx, back, current, `The bake of ${target} failed ${when} (${why}), and the rollback to ${from}`);
        const ms = Math.round(performance.now() - started);
        throw new errors/* BluegreenError */.cw(`The bake of ${target} failed ${when} (${why}); traffic was returned to ${from} in ${ms} ms.`);
    }
    // No flip: record on the router that this window failed, so status does not call it running.
    report.after = await markBake(ctx, subject, "failed");
    if (subject.action === "rollback")
        throw new errors/* RefusedError */.fk(`Rolled back to ${target}, but the bake check ${when} failed: ${why}.`);
    throw new errors/* BluegreenError */.cw(`Production is on ${target} but the bake check ${when} failed (${why}); auto-rollback is off, so it stays there.`);
}
/** The window passed: one final write removes the open-window record (only ours, only if still live). */
async function closeBakeRecord(ctx, subject) {
    try {
        return await markBake(ctx, subject, undefined);
    }
    catch (error) {
        const text = `The bake of ${subject.target} passed, but removing the open-window record from the router failed: ${sentenceOf(error)} status will show the bake as not completed.`;
        log/* log */.Rm.warn(text);
        return (await ctx.backend.read().catch(() => undefined)) ?? subject.after;
    }
}
async function markBake(ctx, subject, state) {
    const fresh = await ctx.backend.read();
    const ours = fresh.ledger.bake?.until === subject.after.ledger.bake?.until;
    if (fresh.live !== subject.target || !ours || !fresh.ledger.bake)
        return fresh;
    const ledger = { ...fresh.ledger };
    if (state)
        ledger.bake = { ...fresh.ledger.bake, state };
    else
        delete ledger.bake;
    await ctx.backend.apply({ live: fresh.live, preview: fresh.preview ?? subject.from, ledger }, fresh);
    return ctx.backend.read();
}
/**
 * While the window is open, a cancelled job must not die mid-check: the signal ends the wait,
 * and the run says where production is. Without these handlers Node would exit at once.
 */
function cancellation() {
    let wake;
    const state = { cancelled: false };
    const onSignal = () => {
        state.cancelled = true;
        wake?.();
    };
    for (const signal of CANCEL_SIGNALS)
        process.on(signal, onSignal);
    return {
        get cancelled() {
            return state.cancelled;
        },
        sleep(ms) {
            if (state.cancelled || ms <= 0)
                return Promise.resolve();
            return new Promise((resolve) => {
                const timer = setTimeout(resolve, ms);
                wake = () => {
                    clearTimeout(timer);
                    resolve();
                };
            });
        },
        dispose() {
            for (const signal of CANCEL_SIGNALS)
                process.off(signal, onSignal);
        },
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
 * After a verified (and baked) promote, the backend's after-promote step (Kubernetes:
 * scale-down-replicas on the old color) runs only once scale-down-delay has passed since the
 * switch, and only if production is still on the new color, read again just before: kube-proxy on
 * every node follows EndpointSlices late, and a rollback during the delay must find the old color
 * at full size. A failure here is a warning: production is switched and verified. Returns the
 * router as read when production was found elsewhere, so the step reports where it really is.
 */
async function scaleDownOld(ctx, target, old, switchedAt) {
    const { backend, config, report } = ctx;
    if (!backend.afterPromote)
        return undefined;
    const afterPromote = backend.afterPromote.bind(backend);
    try {
        const waitMs = config.scaleDownDelaySeconds * 1000 - (performance.now() - switchedAt);
        if (waitMs > 0) {
            log/* log */.Rm.info(`Waiting ${Math.ceil(waitMs / 1000)} s (scale-down-delay ${config.scaleDownDelaySeconds} s) before scaling ${old} down.`);
            await timed(report, "scale-down-delay", () => (0,wait/* sleep */.y)(waitMs));
            const now = await backend.read();
            if (now.live !== target) {
                const text = `Production moved to ${now.live} during scale-down-delay${now.ledger.run ? ` (run ${now.ledger.run})` : ""}; ${old} was not scaled down.`;
                log/* log */.Rm.warn(text);
                return now;
            }
        }
        report.plan.push(...(await timed(report, "after promote", () => afterPromote(old))));
    }
    catch (error) {
        log/* log */.Rm.warn(`Production is on ${target}, but the after-promote step on ${old} failed: ${sentenceOf(error)}`);
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(71553);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: ./src/urls.ts
var urls = __webpack_require__(75769);
;// CONCATENATED MODULE: ./src/modes/verify.ts






/**
 * Checks production through verify-url after a switch: health answers 2xx (waiting up to
 * `timeout`), and the version path serves `version` when both are known. Returns the checks;
 * an empty list when no verify-url is set. Never throws for a failed check: the caller decides.
 */
async function verifyProduction(ctx, version) {
    const { verifyUrl, smoke, timeoutSeconds } = ctx.config;
    if (!verifyUrl)
        return [];
    const requester = (0,http/* urlRequester */.q)(verifyUrl, 4);
    try {
        const checks = [];
        // Whatever stopped the wait (time, an unresolvable host, refusals), the check below records it.
        await waitForHealthy(requester, smoke.healthPath, Math.min(timeoutSeconds, 60) * 1000).catch(() => undefined);
        checks.push(await checkHealth(requester, smoke.healthPath, 5_000));
        if (smoke.versionPath && version)
            checks.push(await checkVersion(requester, smoke.versionPath, version, 5_000));
        return checks.map((check) => ({ ...check, name: `verify ${check.name}` }));
    }
    finally {
        requester.close();
    }
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









/** Which color a promote would send production to, or why it has nothing to do. */
function promoteTarget(ctx, state) {
    const { ledger, live } = state;
    const idle = (0,colors/* otherColor */.IP)(live);
    const version = ctx.config.version;
    if (version) {
        if (ledger.versions[idle] === version && ledger.pending === idle)
            return { target: idle };
        if (ledger.versions[live] === version)
            return { noop: `${version} is already live on ${live}; nothing changed.` };
        if (ledger.versions[idle] === version)
            return { target: idle };
        const known = ["blue", "green"].map((c) => `${c}: ${ledger.versions[c] ?? "unknown"}`).join(", ");
        // Often a pipeline's approved release that another pipeline's prepare replaced: say so plainly.
        const holds = ledger.versions[idle] ? `now holds ${ledger.versions[idle]}` : "holds no recorded version";
        throw new errors/* RefusedError */.fk(`Version ${version} is not prepared on either color (${known}): the idle color ${idle} ${holds}, so a later prepare replaced ${version} there, or it was never prepared. Production stays on ${live}; run prepare for ${version} again to promote it.`);
    }
    if (ledger.pending === idle)
        return { target: idle };
    // Nothing pending. Only a retry of a promote that already happened may succeed doing nothing: a
    // pipeline whose prepare failed, or that never prepared, must not stay green.
    if (ledger.prepareFailed) {
        throw new errors/* RefusedError */.fk(`Nothing to promote: the last prepare of ${ledger.prepareFailed} failed, so nothing is prepared; production stays on ${live}. Run prepare again.`);
    }
    if (ledger.lastAction === "promote" && ledger.live === live) {
        return { noop: `${live} was promoted already${ledger.at ? ` (${ledger.at})` : ""} and nothing was prepared since; nothing changed.` };
    }
    const history = ledger.lastAction ? `since the last ${ledger.lastAction}` : "(bluegreen has never switched this router)";
    throw new errors/* RefusedError */.fk(`Nothing to promote: nothing was prepared ${history}; production stays on ${live}. Run prepare first.`);
}
/**
 * The change that sends production to `target` and the preview entry to the color it leaves,
 * recording who switched, when, and why; nothing stays pending after a switch.
 */
function switchChange(ctx, state, target, action) {
    const ledger = {
        ...state.ledger,
        live: target,
        previous: state.live,
        lastAction: action,
        at: ctx.now().toISOString(),
        run: ctx.run,
    };
    delete ledger.pending;
    delete ledger.prepareFailed;
    delete ledger.bake; // a new switch supersedes any earlier bake window
    return { live: target, preview: state.live, ledger };
}
/** The exact switch promote would perform, for test mode and dry-run, so an approver sees it. */
function describePromote(ctx, state, target) {
    if (target === state.live)
        return [];
    return [`${PROMOTE_WOULD}${ctx.backend.describe(switchChange(ctx, state, target, "promote"), state).join("; ")}`];
}
/**
 * promoteTarget, except that on a production split between colors (an interrupted switch) a promote
 * with nothing else to do repairs the split rather than refusing: that repair is what the re-run is for.
 */
function decidePromote(ctx, state) {
    try {
        return promoteTarget(ctx, state);
    }
    catch (error) {
        if (state.split && error instanceof errors/* RefusedError */.fk)
            return { noop: sentenceOf(error) };
        throw error;
    }
}
/** Switches production to the prepared color, verifies it, and rolls back automatically on failure. */
async function promote(ctx) {
    const { backend, config, report } = ctx;
    const state = await timed(report, "read router", () => backend.read());
    report.before = state;
    warnOnDrift(state);
    const decision = decidePromote(ctx, state);
    if ("noop" in decision) {
        // Nothing to promote; a production split between colors is still made whole (explicit step).
        if (state.split)
            report.after = await repairSplit(ctx, state);
        report.outcome = state.split
            ? `${config.dryRun ? "Dry run: would move" : "Moved"} all of production to ${state.live}: it was split between colors.`
            : decision.noop;
        return {
            active: state.live,
            previous: state.ledger.previous ?? "",
            target: state.live,
            version: config.version ?? state.ledger.versions[state.live] ?? "",
            changed: report.changed,
        };
    }
    const { target } = decision;
    report.target = target;
    const version = config.version ?? state.ledger.versions[target] ?? "";
    const change = withBakeRecord(ctx, switchChange(ctx, state, target, "promote"));
    const steps = config.steps;
    report.plan.push(...backend.describe(change, state, { steps }));
    const readiness = await backend.readiness(target);
    report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
    if (!readiness.ready)
        throw new errors/* RefusedError */.fk(`Refusing to promote ${target}: it is not ready (${readiness.summary}). Production stays on ${state.live}.`);
    await checkTested(ctx, state, target, version);
    await checkVerifyUrlResolves(ctx);
    await refuseWithoutPrometheus(ctx, target);
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
    report.after = await switchOrExplain(ctx, change, state, `Promote of ${target}`, { steps, onStep });
    const switchedAt = performance.now();
    report.changed = true;
    const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
    report.checks.push(...checks);
    const why = failures(checks);
    if (why) {
        if (!config.autoRollback) {
            throw new errors/* BluegreenError */.cw(`Production is on ${target} but verification failed (${why}); auto-rollback is off, so it stays there.`);
        }
        const back = switchChange(ctx, report.after, state.live, "rollback");
        report.plan.push(`auto-rollback: ${backend.describe(back, report.after).join("; ")}`);
        report.after = await switchOrExplain(ctx, back, report.after, `Verification after promoting ${target} failed (${why}), and the automatic rollback to ${state.live}`);
        throw new errors/* BluegreenError */.cw(`Verification after promoting ${target} failed (${why}); traffic was returned to ${state.live}.`);
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
/** Promote only what was tested: same color, version and workload, and not too long ago. */
async function checkTested(ctx, state, target, version) {
    const { report, config } = ctx;
    const tested = state.ledger.tested;
    if (!tested || tested.color !== target) {
        const message = `No passed test is recorded for ${target}.`;
        if (config.requireTest)
            throw new errors/* RefusedError */.fk(`Refusing to promote ${target}: ${message} Run test mode first.`);
        log/* log */.Rm.warn(`${message} Promoting anyway (require-test is false).`);
        return;
    }
    const reasons = [];
    if (version && tested.version !== version)
        reasons.push(`the test checked ${tested.version}, not ${version}`);
    const fingerprint = await ctx.backend.fingerprint(target);
    if (tested.fingerprint !== fingerprint)
        reasons.push(`${target} changed since the test (was ${tested.fingerprint}, now ${fingerprint})`);
    const ageSeconds = (ctx.now().getTime() - Date.parse(tested.at)) / 1000;
    if (config.maxTestAgeSeconds > 0 && !(ageSeconds <= config.maxTestAgeSeconds)) {
        reasons.push(`the test is ${Math.round(ageSeconds)} s old (max-test-age ${config.maxTestAgeSeconds} s)`);
    }
    if (reasons.length > 0)
        throw new errors/* RefusedError */.fk(`Refusing to promote ${target}: ${reasons.join("; ")}. Run test mode again.`);
    report.checks.push({ name: "tested", ok: true, detail: `${tested.version} on ${target} passed at ${tested.at}` });
}
function warnOnDrift(state) {
    const recorded = state.ledger.live;
    if (recorded && recorded !== state.live) {
        const text = `The router sends production to ${state.live}, but bluegreen last set ${recorded}${state.ledger.run ? ` (run ${state.ledger.run})` : ""}: someone switched by hand.`;
        log/* log */.Rm.warn(text);
    }
}

;// CONCATENATED MODULE: ./src/modes/rollback.ts






/** Sends production back to the color that was live before the last promote, from the router's ledger. */
async function rollback(ctx) {
    const { backend, config, report } = ctx;
    const state = await timed(report, "read router", () => backend.read());
    report.before = state;
    warnOnDrift(state);
    const { ledger } = state;
    const unchanged = async (outcome) => {
        if (state.split) {
            report.after = await repairSplit(ctx, state);
            outcome = `${config.dryRun ? "Dry run: would move" : "Moved"} all of production to ${state.live}: it was split between colors.`;
        }
        report.outcome = outcome;
        return {
            active: state.live,
            previous: ledger.previous ?? "",
            target: state.live,
            version: ledger.versions[state.live] ?? "",
            changed: report.changed,
        };
    };
    if (ledger.lastAction === "rollback" && ledger.live === state.live) {
        return unchanged(`Already rolled back to ${state.live}${ledger.at ? ` at ${ledger.at}` : ""}; nothing changed.`);
    }
    const target = ledger.previous;
    if (!target)
        throw new errors/* RefusedError */.fk("Nothing to roll back to: the router has no record of a promote by bluegreen.");
    if (target === state.live)
        return unchanged(`${target} is already live; nothing changed.`);
    // A prepare since the last switch put a new release on the rollback target: the release that was
    // live before is gone from it, and "rolling back" would send production to an unapproved release.
    if (ledger.pending === target) {
        throw new errors/* RefusedError */.fk(`Refusing to roll back to ${target}: it no longer runs the release that was live before, a prepare replaced it with ${ledger.versions[target] ?? "another version"} (not promoted). Production stays on ${state.live}.`);
    }
    report.target = target;
    const version = ledger.versions[target] ?? "";
    const change = withBakeRecord(ctx, switchChange(ctx, state, target, "rollback"));
    // The target may first have to be made able to serve (Kubernetes: scaled back up after
    // scale-down-replicas, then waited for); in dry-run the backend only says what it would do.
    const beforeSwitch = backend.beforeSwitch?.bind(backend);
    const prepared = beforeSwitch ? await timed(report, "before switch", () => beforeSwitch(target, "rollback", config.dryRun)) : [];
    report.plan.push(...prepared, ...backend.describe(change, state));
    const readiness = await backend.readiness(target);
    report.checks.push({ name: `${target} ready`, ok: readiness.ready, detail: readiness.summary });
    // A dry run did not scale the target up: the wait the backend planned stands for this check.
    if (!readiness.ready && !(config.dryRun && prepared.length > 0)) {
        throw new errors/* RefusedError */.fk(`Refusing to roll back to ${target}: it is not ready (${readiness.summary}). Production stays on ${state.live}.`);
    }
    await checkVerifyUrlResolves(ctx);
    if (config.dryRun) {
        report.outcome = `Dry run: would roll production back from ${state.live} to ${target}${version ? ` (${version})` : ""}; nothing changed.`;
        return { active: state.live, previous: ledger.previous ?? "", target, version, changed: false };
    }
    report.after = await switchOrExplain(ctx, change, state, `Rollback to ${target}`);
    const switchedAt = performance.now();
    report.changed = true;
    const checks = await timed(report, "verify", () => verifyProduction(ctx, version || undefined));
    report.checks.push(...checks);
    const failed = failures(checks);
    // Never flip again automatically: the old color was the last known good one.
    if (failed)
        throw new errors/* RefusedError */.fk(`Rolled back to ${target}, but verification failed: ${failed}.`);
    report.after = await bake(ctx, { action: "rollback", target, from: state.live, version, switchedAt, after: report.after });
    report.outcome = `Production rolled back from ${state.live} to ${target}${version ? ` (${version})` : ""}.`;
    return { active: target, previous: state.live, target, version, changed: true };
}

;// CONCATENATED MODULE: ./src/modes/status.ts



/**
 * Read-only, any backend: which color is live and which is preview, the version on each, the
 * last action, what was tested, the bake, drift and split, readiness of both colors. It reads
 * the router and the workloads and never writes, so it needs no deploy permissions.
 */
async function status_status(ctx) {
    const { backend, report } = ctx;
    const state = await timed(report, "read router", () => backend.read());
    report.before = state;
    const readiness = {};
    await timed(report, "readiness", async () => {
        for (const color of colors/* COLORS */.lm) {
            readiness[color] = await backend.readiness(color).catch((error) => ({
                ready: false,
                summary: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
            }));
        }
    });
    for (const color of colors/* COLORS */.lm)
        report.checks.push({ name: `${color} ready`, ok: readiness[color].ready, detail: readiness[color].summary });
    const drift = driftWarning(state);
    if (drift)
        report.warnings.push(drift);
    report.facts = statusFacts(state, readiness, ctx.now());
    const preview = state.preview ?? (0,colors/* otherColor */.IP)(state.live);
    const liveVersion = state.ledger.versions[state.live];
    report.outcome = `Production is on ${state.live}${liveVersion ? ` (${liveVersion})` : ""}; preview on ${preview}${state.ledger.versions[preview] ? ` (${state.ledger.versions[preview]})` : ""}.${state.split ? " Production is split between colors." : ""}`;
    for (const [label, value] of report.facts)
        log/* log */.Rm.info(`${label.padEnd(18)} ${value}`);
    return {
        active: state.live,
        previous: state.ledger.previous ?? "",
        target: preview,
        version: liveVersion ?? "",
        changed: false,
    };
}
/** The status table's rows, from one reading of the router: the same facts for every backend. */
function statusFacts(state, readiness, now) {
    const { ledger } = state;
    const preview = state.preview ?? (0,colors/* otherColor */.IP)(state.live);
    const color = (c) => `${c}${ledger.versions[c] ? ` (${ledger.versions[c]})` : " (version unknown)"}`;
    const rows = [
        ["production", `${color(state.live)}${state.split ? " — split between colors" : ""}`],
        ["preview", state.preview === undefined ? `none (idle color: ${color(preview)})` : color(preview)],
        ["blue ready", `${readiness.blue.ready ? "yes" : "no"}: ${readiness.blue.summary}`],
        ["green ready", `${readiness.green.ready ? "yes" : "no"}: ${readiness.green.summary}`],
        ["last action", lastAction(ledger)],
        ["rollback target", ledger.previous ?? "none recorded"],
        ["prepared", ledger.pending ? `${color(ledger.pending)}, not promoted yet` : "nothing pending"],
        [
            "tested",
            ledger.tested ? `${ledger.tested.version} on ${ledger.tested.color}, passed at ${ledger.tested.at}` : "no passed test recorded",
        ],
        ["bake", bakeState(ledger, now)],
    ];
    const warnings = [...state.warnings];
    const drift = driftWarning(state);
    if (drift)
        warnings.push(drift);
    if (state.preview !== undefined && state.preview === state.live) {
        warnings.push(`The preview entry goes to ${state.live}, the live color: there is no idle color to test.`);
    }
    rows.push(["warnings", warnings.length > 0 ? warnings.join(" ") : "none"]);
    return rows;
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
function driftWarning(state) {
    const recorded = state.ledger.live;
    if (!recorded || recorded === state.live)
        return undefined;
    return `The router sends production to ${state.live}, but bluegreen last set ${recorded}: someone switched by hand.`;
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
    const { backend, config, report } = ctx;
    const { smoke } = config;
    const state = await timed(report, "read router", () => backend.read());
    report.before = state;
    const target = state.preview ?? (0,colors/* otherColor */.IP)(state.live);
    report.target = target;
    const version = config.version ?? state.ledger.versions[target] ?? "";
    if (target === state.live) {
        log/* log */.Rm.warn(`The preview entry goes to ${target}, which is live: this tests production, not an idle color.`);
    }
    report.plan.push(...describePromote(ctx, state, target));
    let requester;
    if (smoke.testUrl)
        requester = (0,http/* urlRequester */.q)(smoke.testUrl, smoke.concurrency);
    else if (backend.previewRequester)
        requester = await backend.previewRequester(target);
    if (!requester) {
        throw new errors/* InputError */.dz("test-url", `is required for backend ${backend.kind}: the base URL of the preview entry (the idle color).`);
    }
    if (config.dryRun) {
        report.outcome = `Dry run: would test ${target}${version ? ` (${version})` : ""} through ${requester.describe}; nothing sent.`;
        requester.close?.();
        return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
    }
    const timeoutMs = config.timeoutSeconds * 1000;
    // Proof that the test traffic reached the idle color, from the router's own counters where it has them.
    const served = backend.servedRequests?.bind(backend);
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
            const why = `could not tell which color answered the test: backend ${backend.kind} has no request counters and version-path is not set`;
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
            await timed(report, "test-command", () => (0,commands/* runUserCommand */.w)("test-command", smoke.testCommand, {
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
    if (failed) {
        // A failed test makes no promote possible: the switch it would have shown is no longer the plan.
        report.plan = report.plan.filter((step) => !step.startsWith(PROMOTE_WOULD));
        throw new errors/* RefusedError */.fk(`Test of ${target}${version ? ` (${version})` : ""} failed: ${failed}.`);
    }
    // Record the pass on the router, with what was tested, so promote can refuse anything that changed since.
    const fresh = await backend.read();
    const fingerprint = await backend.fingerprint(target);
    const ledger = {
        ...fresh.ledger,
        tested: { color: target, version, fingerprint, at: ctx.now().toISOString() },
    };
    await timed(report, "record test", () => backend.apply({ live: fresh.live, preview: fresh.preview ?? target, ledger }, fresh));
    report.after = await backend.read();
    report.outcome = `Tested ${target}${version ? ` (${version})` : ""}: all ${report.checks.length} checks passed.`;
    return { active: state.live, previous: state.ledger.previous ?? "", target, version, changed: false };
}

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

// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
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
            const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 92413));
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
        async finish(report) {
            if (finished)
                return; // one final status, even if the step fails after a successful finish
            finished = true;
            const started = await created;
            if (!started)
                return;
            const { octokit, id } = started;
            const state = report.failure ? "failure" : report.changed ? "success" : "inactive";
            const description = (0,secrets/* redact */.E$)((report.failure ??
                (report.changed ? `${plan.color} live${plan.version ? `: ${plan.version}` : ""} (was ${plan.from})` : report.outcome)) ||
                state).slice(0, 140);
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
        core/* saveState */.LZ(name, value);
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
        state = await ctx.backend.read();
    }
    catch {
        return undefined;
    }
    const { ledger, live } = state;
    if (ctx.config.mode === "promote") {
        try {
            const decision = promoteTarget(ctx, state);
            if ("noop" in decision)
                return undefined;
            const target = decision.target;
            return { color: target, from: live, version: ctx.config.version ?? ledger.versions[target] ?? "", ref: ledger.refs?.[target] };
        }
        catch {
            return undefined; // refused (not prepared): the mode fails with the reason, nothing was deployed
        }
    }
    // The same decisions rollback makes: already rolled back, or no recorded previous color.
    if (ledger.lastAction === "rollback" && ledger.live === live)
        return undefined;
    const target = ledger.previous;
    if (!target || target === live || ledger.pending === target)
        return undefined;
    return { color: target, from: live, version: ledger.versions[target] ?? "", ref: ledger.refs?.[target] };
}

// EXTERNAL MODULE: ./src/platform/detect.ts
var detect = __webpack_require__(71356);
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
            core/* setOutput */.uH(name, (0,secrets/* redact */.E$)(value));
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

;// CONCATENATED MODULE: ./src/platform/summary.ts







/**
 * The job summary: before/after, plan, checks, timings. Written on GitHub; printed as text elsewhere,
 * and on GitLab (which has no job summary) also written as a Markdown file for `artifacts:expose_as`.
 */
async function writeSummary(report, env = process.env) {
    // The log first: it is the one record that cannot fail to be written, even when the summary file can.
    log/* log */.Rm.info(renderText(report));
    await writeReportFile(report, env);
    if (env.GITHUB_STEP_SUMMARY) {
        await core/* summary */.z.addRaw((0,secrets/* redact */.E$)(renderMarkdown(report)), true).write();
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
const actionInputs = (name) => core/* getInput */.V4(name);
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
    let report = newReport(read("mode") || "?", read("backend") || "?", false);
    let backend;
    let config;
    let deployment;
    let result;
    try {
        for (const warning of (0,input_typos/* unknownInputWarnings */.uX)(options.env ?? process.env))
            log/* log */.Rm.warn(warning);
        config = (0,inputs/* parseConfig */.o4)(read);
        report = newReport(config.mode, config.backend, config.dryRun);
        backend = await createBackend(read, config);
        const ctx = { config, backend, report, run: (0,detect/* runIdentity */.y)(), now: () => new Date() };
        // GitHub Deployments (promote, rollback with github-token): bookkeeping that never fails the step.
        deployment = await startDeployment(ctx);
        result = await MODE_RUNNERS[config.mode](ctx);
        report.changed = result.changed;
    }
    catch (error) {
        report.failure = sentence(error);
        if (!(error instanceof errors/* BluegreenError */.cw) && error instanceof Error && error.stack)
            log/* log */.Rm.debug(error.stack);
    }
    finally {
        await backend?.close?.().catch(() => undefined);
    }
    const outputs = result ?? outputsOfFailure(report, config);
    if (outputs) {
        try {
            await publish(outputs, report, config, deployment, options, backend);
        }
        catch (error) {
            report.failure = `${report.failure ?? report.outcome} But the step outputs could not be written (${error instanceof Error ? error.message : String(error)}), so later jobs cannot read them.`;
        }
    }
    // After the outputs, with the step's real result: nothing that can still fail the step comes after a `success`.
    await deployment?.finish(report).catch((error) => log/* log */.Rm.warn(`GitHub deployment: ${sentence(error)}`));
    await summarize(report);
    if (report.failure) {
        (0,log/* fail */.fJ)(report.failure);
        return 1;
    }
    return 0;
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
        log/* log */.Rm.warn(`The job summary could not be written (${sentence(error)}); the report above is complete.`);
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
        durable: backend ? String(backend.durable ?? true) : "",
        ref: targetRef(result, report, config),
        "environment-url": environmentUrl(config?.verifyUrl),
        "deployment-id": deploymentId === undefined ? "" : String(deploymentId),
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
function sentence(error) {
    if (error instanceof errors/* BluegreenError */.cw)
        return error.message;
    if (error instanceof Error)
        return `Unexpected error: ${error.message}`;
    return `Unexpected error: ${String(error)}`;
}


/***/ }),

/***/ 23584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ runUserCommand)
/* harmony export */ });
/* unused harmony export commandEnvironment */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(81260);
/* harmony import */ var _backends_registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(46770);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _platform_log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74425);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(79002);





/**
 * Credentials the backends' clients are given through the environment (each descriptor names its
 * own, e.g. OVH's tool names). They are bluegreen's to use, not the user command's: a deploy script
 * that needs the same API access gets its own.
 */
const CREDENTIAL_VARIABLES = new Set(_backends_registry_js__WEBPACK_IMPORTED_MODULE_1__/* .BACKENDS */ .A7.flatMap((backend) => backend.credentialEnv.map((name) => name.toUpperCase())));
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
        if (CREDENTIAL_VARIABLES.has(key.toUpperCase()) || (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .redact */ .E$)(value) !== value) {
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
    _platform_log_js__WEBPACK_IMPORTED_MODULE_3__/* .log */ .Rm.info(`Running ${input}: ${commandLine}`);
    if (withheld.length > 0)
        _platform_log_js__WEBPACK_IMPORTED_MODULE_3__/* .log */ .Rm.info(`Not passed to ${input} (credentials bluegreen keeps to itself): ${withheld.sort().join(", ")}.`);
    let code;
    try {
        code = await _actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .exec */ .m(commandLine, [], { env, ignoreReturnCode: true });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BluegreenError */ .cw(`${input} could not start: ${error instanceof Error ? error.message : String(error)}.`);
    }
    if (code !== 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .BluegreenError */ .cw(`${input} exited with code ${code}.`);
}


/***/ }),

/***/ 77933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ getOnce),
/* harmony export */   q: () => (/* binding */ urlRequester)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46752);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75769);


/**
 * GETs paths under a base URL over a pool of keep-alive connections. undici's Pool (the engine of
 * Node's own fetch, already in the bundle through @actions/core) does about 1.5 times the
 * requests per second of node:http on the same connections, which test mode's load needs.
 */
function urlRequester(base, connections = 64) {
    const pool = new undici__WEBPACK_IMPORTED_MODULE_0__.Pool(base.origin, { connections });
    const prefix = base.pathname.replace(/\/+$/, "");
    const authorization = (0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .basicAuthorization */ .aR)(base);
    const headers = { "user-agent": "bluegreen", ...(authorization ? { authorization } : {}) };
    return {
        describe: (0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .safeUrl */ .Pl)(base),
        async get(path, timeoutMs) {
            const { statusCode, body } = await pool.request({
                path: `${prefix}/${path.replace(/^\/+/, "")}${base.search}`,
                method: "GET",
                headers,
                headersTimeout: timeoutMs,
                bodyTimeout: timeoutMs,
            });
            return { status: statusCode, body: await body.text() };
        },
        close() {
            void pool.destroy();
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


/***/ })

};
