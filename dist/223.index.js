export const id = 223;
export const ids = [223];
export const modules = {

/***/ 73223:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jsonDocument: () => (/* binding */ jsonDocument)
/* harmony export */ });
/* harmony import */ var _package_json__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8330);
/* harmony import */ var _plan_lines_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44478);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79002);



/**
 * `--output json`: the run as one JSON document on stdout, for scripts. Its shape is documented
 * in docs/output.schema.json (test/output-json.test.ts validates real runs against it). Every
 * string is redacted, as every log line is.
 */
function jsonDocument(report, outputs) {
    const document = {
        schemaVersion: 1,
        bluegreen: _package_json__WEBPACK_IMPORTED_MODULE_0__/* .version */ .rE,
        mode: report.mode,
        backend: report.backend,
        dryRun: report.dryRun,
        result: report.failure ? "failed" : "succeeded",
        outcome: report.failure ?? report.outcome,
        failure: report.failure ?? null,
        changed: report.changed,
        target: report.target ?? null,
        before: state(report.before),
        after: state(report.after),
        // Each line of the plan; detail: true for the internals the default log leaves out.
        plan: report.plan.map((text) => ({ text, detail: (0,_plan_lines_js__WEBPACK_IMPORTED_MODULE_1__/* .isDetail */ .mO)(text) })),
        checks: report.checks.map(({ name, ok, detail }) => ({ name, ok, detail })),
        bake: report.bake
            ? {
                color: report.bake.color,
                seconds: report.bake.seconds,
                interval: report.bake.interval,
                end: report.bake.end ?? null,
                rounds: report.bake.rounds.map((round) => ({ second: round.second, checks: round.checks })),
            }
            : null,
        facts: (report.facts ?? []).map(([label, value]) => ({ label, value })),
        timings: report.timings.map(({ step, ms }) => ({ step, ms })),
        warnings: [...new Set([...(report.before?.warnings ?? []), ...report.warnings])],
        outputs: outputs ?? null,
    };
    return redactAll(document);
}
function state(s) {
    if (!s)
        return null;
    return {
        production: s.live,
        preview: s.preview ?? null,
        versions: { blue: s.ledger.versions.blue ?? null, green: s.ledger.versions.green ?? null },
        previous: s.ledger.previous ?? null,
        split: s.split === true,
        details: s.details,
        warnings: s.warnings,
    };
}
function redactAll(value) {
    if (typeof value === "string")
        return (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .redact */ .E$)(value);
    if (Array.isArray(value))
        return value.map(redactAll);
    if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAll(v)]));
    return value;
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


/***/ })

};
