export const id = 521;
export const ids = [521];
export const modules = {

/***/ 29521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OVH_MIN_TTL: () => (/* binding */ OVH_MIN_TTL),
/* harmony export */   parseOvhDnsSettings: () => (/* binding */ parseOvhDnsSettings)
/* harmony export */ });
/* harmony import */ var _dns_options_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(20854);
/* harmony import */ var _ovh_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(70763);


/**
 * The ovh-dns backend's inputs, checked before any request: the OVH credentials first (masked before
 * anything could print them), then the same zone, names, colors, TTL and checks as backend dns. No
 * client import here.
 */
/** OVH refuses a record TTL under 60 s (0 means the zone's default, which bluegreen never writes). */
const OVH_MIN_TTL = 60;
function parseOvhDnsSettings(read, common) {
    const connection = (0,_ovh_options_js__WEBPACK_IMPORTED_MODULE_1__.parseOvhConnection)(read);
    return {
        connection,
        names: (0,_dns_options_js__WEBPACK_IMPORTED_MODULE_0__.parseDnsNames)(read, "ovh-dns", OVH_MIN_TTL),
        healthPath: common.smoke.healthPath,
        keepsProduction: common.mode === "prepare" || common.mode === "test",
    };
}


/***/ }),

/***/ 70763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OVH_ENDPOINTS: () => (/* binding */ OVH_ENDPOINTS),
/* harmony export */   OVH_PROTOCOLS: () => (/* binding */ OVH_PROTOCOLS),
/* harmony export */   parseOvhConnection: () => (/* binding */ parseOvhConnection),
/* harmony export */   parseOvhOptions: () => (/* binding */ parseOvhOptions),
/* harmony export */   parseOvhSettings: () => (/* binding */ parseOvhSettings)
/* harmony export */ });
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(36411);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(60267);
/* harmony import */ var _input_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15214);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79002);





/**
 * The ipLoadbalancing backend's inputs, parsed and checked before any request. This module must not
 * import @ovhcloud/node-ovh: an input error should cost nothing, and other backends never load it.
 */
const OVH_ENDPOINTS = ["ovh-eu", "ovh-ca", "ovh-us"];
const OVH_PROTOCOLS = ["http", "tcp", "udp"];
/** Every input check of the ipLoadbalancing backend, before any request (credentials masked first). */
function parseOvhSettings(read, _common) {
    return parseOvhOptions(read);
}
/** Environment variables the key inputs default to, as OVH's own tools name them. */
const KEY_INPUTS = [
    ["ovh-application-key", "OVH_APPLICATION_KEY"],
    ["ovh-application-secret", "OVH_APPLICATION_SECRET"],
    ["ovh-consumer-key", "OVH_CONSUMER_KEY"],
];
/** IPLB service names: letters, digits and . _ - (also keeps "/" "?" "{" out of request paths). */
const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The credentials (masked first, so that no later error message can carry one) and the endpoint. */
function parseOvhConnection(read, env = process.env) {
    const credentials = parseCredentials(read, env);
    return { credentials, endpoint: parseEndpoint(read) };
}
function parseOvhOptions(read, env = process.env) {
    const { credentials, endpoint } = parseOvhConnection(read, env);
    const service = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .required */ .mw)(read, "ovh-service", "for backend ipLoadbalancing (the Load Balancer's serviceName, e.g. loadbalancer-1a2b3c)");
    if (!SERVICE_PATTERN.test(service)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-service", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(service)}" is not allowed; allowed: a serviceName of letters, digits and . _ -.`);
    }
    const protocol = (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .oneOf */ .yL)(read, "ovh-protocol", OVH_PROTOCOLS, "http");
    const frontends = idList(read, "ovh-frontends");
    if (frontends.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-frontends", "is required for backend ipLoadbalancing: the production frontend ids, comma-separated (one per port).");
    }
    const previewFrontends = idList(read, "ovh-preview-frontends");
    if (previewFrontends.length !== 0 && previewFrontends.length !== frontends.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-preview-frontends", `has ${previewFrontends.length} ids but ovh-frontends has ${frontends.length}; allowed: one preview frontend per production frontend, in the same order, or none.`);
    }
    const overlap = previewFrontends.filter((id) => frontends.includes(id));
    if (overlap.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-preview-frontends", `frontend ${overlap.join(", ")} is also in ovh-frontends; a preview frontend must differ from production.`);
    }
    for (const [name, ids] of [
        ["ovh-frontends", frontends],
        ["ovh-preview-frontends", previewFrontends],
    ]) {
        const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
        if (repeated !== undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `lists frontend ${repeated} twice.`);
    }
    const farms = { blue: idList(read, "ovh-blue-farms"), green: idList(read, "ovh-green-farms") };
    for (const color of _colors_js__WEBPACK_IMPORTED_MODULE_4__/* .COLORS */ .lm) {
        const name = `ovh-${color}-farms`;
        if (farms[color].length !== frontends.length) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `has ${farms[color].length} ids but ovh-frontends has ${frontends.length}; allowed: one ${color} farm per production frontend, in the same order.`);
        }
    }
    const shared = farms.blue.filter((id) => farms.green.includes(id));
    if (shared.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-green-farms", `farm ${shared.join(", ")} is also in ovh-blue-farms; the two colors need different farms.`);
    }
    return { endpoint, credentials, service, protocol, frontends, previewFrontends, farms };
}
function parseCredentials(read, env) {
    // Each API key: the input, else the environment variable OVH's own tools read.
    const keyInputs = KEY_INPUTS.map(([input, variable]) => ({ input, variable, given: (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read(input)) }));
    const [applicationKey, applicationSecret, consumerKey] = keyInputs.map((key) => key.given ?? (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(env[key.variable] ?? ""));
    const clientId = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-client-id"));
    const clientSecret = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-client-secret"));
    // Mask before any check: an error below must never be the first place a secret shows up.
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(applicationSecret);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(consumerKey);
    (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .maskSecret */ .$l)(clientSecret);
    const oauthGiven = clientId !== undefined || clientSecret !== undefined;
    // Keys from the environment alone do not conflict with OAuth2 inputs: a runner may export them globally.
    if (oauthGiven && keyInputs.some((key) => key.given !== undefined)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-id", "OAuth2 credentials (ovh-client-id, ovh-client-secret) and API keys (ovh-application-key, ovh-application-secret, ovh-consumer-key) were both given; allowed: exactly one of the two sets.");
    }
    if (oauthGiven) {
        if (clientId === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-id", "is required with ovh-client-secret (OAuth2 service account).");
        if (clientSecret === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-client-secret", "is required with ovh-client-id (OAuth2 service account).");
        checkCredential(clientId, "ovh-client-id");
        checkCredential(clientSecret, "ovh-client-secret");
        return { kind: "oauth2", clientId, clientSecret };
    }
    const values = [applicationKey, applicationSecret, consumerKey];
    const missing = keyInputs.filter((_, i) => values[i] === undefined);
    if (missing.length === keyInputs.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-application-key", "no OVH credentials were given; allowed: ovh-application-key, ovh-application-secret and ovh-consumer-key (or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), or ovh-client-id and ovh-client-secret.");
    }
    const first = missing[0];
    if (first) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(first.input, `is required with the other API keys (or set ${first.variable}); missing: ${missing.map((key) => key.input).join(", ")}.`);
    }
    // A value that cannot go into an HTTP header (a pasted line break...) made the client throw a stack trace.
    keyInputs.forEach((key, i) => {
        checkCredential(values[i], key.input, key.given === undefined ? key.variable : undefined);
    });
    return {
        kind: "keys",
        applicationKey: applicationKey,
        applicationSecret: applicationSecret,
        consumerKey: consumerKey,
    };
}
/** OVH keys, consumer keys and OAuth2 ids are printable ASCII without spaces; they travel in HTTP headers. */
const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;
/** Refuses a credential that holds a line break, space, control or non-ASCII character, without ever quoting it. */
function checkCredential(value, input, variable) {
    if (value === undefined || CREDENTIAL_PATTERN.test(value))
        return;
    const source = variable ? ` (read from ${variable})` : "";
    const what = /[\r\n]/.test(value)
        ? "a line break"
        : /[\u0000-\u001f\u007f]/.test(value)
            ? "a control character"
            : "a space or a non-ASCII character";
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `the value${source} contains ${what}; allowed: the credential exactly as OVH issued it, on one line, printable ASCII without spaces (the value is not shown).`);
}
function parseEndpoint(read) {
    const text = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .optional */ .l)(read("ovh-endpoint")) ?? "ovh-eu";
    if (OVH_ENDPOINTS.includes(text)) {
        return { kind: "named", name: text, text };
    }
    const allowed = `allowed: ${OVH_ENDPOINTS.join(", ")}, or an https:// URL such as https://eu.api.ovh.com/1.0`;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-endpoint", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(text)}" is neither a known endpoint nor a URL; ${allowed}.`);
    }
    // The client always speaks HTTPS: an http:// URL would silently be called over TLS anyway.
    if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("ovh-endpoint", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(text)}" is not allowed; ${allowed} (https only, no credentials or query).`);
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
    return (0,_input_values_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(read, name).map((item) => {
        if (!/^[0-9]{1,15}$/.test(item) || Number(item) < 1) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_3__/* .printable */ .g)(item)}" is not an id; allowed: a comma-separated list of positive whole numbers.`);
        }
        return Number(item);
    });
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


/***/ })

};
