export const id = 969;
export const ids = [969];
export const modules = {

/***/ 78969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createDns: () => (/* binding */ createDns)
/* harmony export */ });
/* harmony import */ var _platform_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74425);
/* harmony import */ var _color_sets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(12902);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20854);
/* harmony import */ var _router_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83383);
/* harmony import */ var _workload_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(26200);





/**
 * backend: dns. The router face (record sets, one conditional UPDATE, the wait until every
 * authoritative server serves it) and the workload face (addresses, health probes), joined here.
 */
function createDns(settings, run) {
    const { options } = settings;
    if (options.ttl > _options_js__WEBPACK_IMPORTED_MODULE_2__.LONG_TTL_SECONDS)
        _platform_log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.warn(`dns-ttl is ${options.ttl} s (accepted by dns-allow-long-ttl): after each switch, and each rollback, resolvers may keep sending clients to the old color for up to that long.`);
    const records = new _router_js__WEBPACK_IMPORTED_MODULE_3__/* .DnsRouter */ .DD(options, { timeoutMs: run.timeoutSeconds * 1000, readOnly: run.readOnly, now: () => new Date() });
    const servers = new _workload_js__WEBPACK_IMPORTED_MODULE_4__/* .DnsWorkload */ .x(options, records.client, settings.healthPath);
    /** The preview name resolved through the primary (never a cache), checked to be the color's addresses. */
    const previewRequester = async (color) => {
        const sets = await records.previewTarget();
        const reading = (0,_color_sets_js__WEBPACK_IMPORTED_MODULE_1__/* .colorOf */ .HN)(options.previewName, sets, options.colors);
        const addresses = "color" in reading ? await servers.addresses(reading.color) : sets.flatMap((s) => s.records.map((r) => r.value));
        return servers.previewRequester(color, addresses);
    };
    const router = {
        kind: "dns",
        // Resolvers keep the old answer for up to its TTL: clients move over time, so verify keeps trying.
        switchesAtOnce: false,
        read: () => records.read(),
        // The change and the sets as read are the whole plan: describe (nsupdate's syntax) and apply (the
        // signed UPDATE) both build the same prerequisites, deletes and adds from them (planReplace).
        plan: (change, state) => ({ change, state }),
        describe: (plan) => records.describe(plan.change, plan.state),
        apply: (plan) => records.apply(plan.change, plan.state),
        previewRequester,
        servedRequests: undefined,
        // The zone is the state: what the primary serves survives any restart.
        durable: true,
        // Read after apply: the propagation wait's length, for the propagation-ms output.
        get propagatedMs() {
            return records.propagatedMs;
        },
    };
    const workload = {
        readiness: (color) => servers.readiness(color),
        fingerprint: (color) => servers.fingerprint(color),
        targets: (color) => servers.targets(color),
        // deploy-command puts releases on the colors' hosts; DNS only points at them.
        deploy: undefined,
        scaleDown: undefined,
        runningVersion: undefined,
        servingRestore: undefined,
    };
    return { router, workload, close: async () => undefined };
}


/***/ })

};
