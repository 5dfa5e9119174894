export const id = 969;
export const ids = [969];
export const modules = {

/***/ 78969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createDns: () => (/* binding */ createDns)
/* harmony export */ });
/* harmony import */ var _faces_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(29103);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20854);
/* harmony import */ var _router_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83383);
/* harmony import */ var _workload_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(26200);




/**
 * backend: dns. The router face (record sets, one conditional UPDATE, the wait until every
 * authoritative server serves it) and the workload face (addresses, health probes), joined here.
 */
function createDns(settings, run) {
    const { options } = settings;
    (0,_options_js__WEBPACK_IMPORTED_MODULE_1__.warnOfLongTtl)(options.ttl);
    const records = new _router_js__WEBPACK_IMPORTED_MODULE_2__/* .DnsRouter */ .DD(options, { timeoutMs: run.timeoutSeconds * 1000, readOnly: run.readOnly, now: () => new Date() });
    const servers = new _workload_js__WEBPACK_IMPORTED_MODULE_3__/* .DnsWorkload */ .x(options, records.client, settings.healthPath);
    const { router, workload } = (0,_faces_js__WEBPACK_IMPORTED_MODULE_0__/* .dnsFaces */ .q)("dns", records, servers, records.client, options);
    return { router, workload, close: async () => undefined };
}


/***/ })

};
