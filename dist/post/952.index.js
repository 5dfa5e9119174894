export const id = 952;
export const ids = [952];
export const modules = {

/***/ 5952:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubIo: () => (/* binding */ githubIo)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);

/**
 * On a GitHub runner: @actions/core, the runner's own protocol (workflow commands, the
 * GITHUB_OUTPUT/GITHUB_STEP_SUMMARY/GITHUB_STATE files). Imported only by choose.ts, dynamically,
 * so that runs elsewhere never load it (nor the undici it bundles).
 */
const githubIo = {
    info: (text) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(text),
    warn: (text) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(text),
    error: (text) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(text),
    // `::debug::`, which the runner shows only when step debug logging is on.
    debug: (text) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(text),
    fail: (text) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(text),
    // `::add-mask::`: the runner hides the value in everything the job prints, ours and the commands'.
    mask: (secret) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret),
    setOutput: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value),
    appendSummary: async (markdown) => {
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(markdown, true).write();
    },
    saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value),
    getInput: (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name),
};


/***/ })

};
