export const id = 581;
export const ids = [581];
export const modules = {

/***/ 5581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCli: () => (/* binding */ runCli)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7625);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5790);



/** Minimal CLI for now; issue 5 makes it complete. Flags are named like the inputs. */
async function runCli(argv) {
    const values = new Map();
    const [mode, ...rest] = argv;
    if (mode && !mode.startsWith("--"))
        values.set("mode", mode);
    for (let i = mode?.startsWith("--") ? 0 : 1; i < argv.length; i++) {
        const arg = argv[i];
        const match = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
        if (!match)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(arg, `is not a flag; usage: bluegreen <${_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .MODES */ .FN.join("|")}> --backend <name> [--input value ...]`);
        values.set(match[1], match[2] ?? argv[++i] ?? "");
    }
    void rest;
    const read = (name) => values.get(name) ?? process.env[`INPUT_${name.toUpperCase()}`] ?? "";
    return (0,_main_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .N)(read);
}


/***/ })

};
