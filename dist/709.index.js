export const id = 709;
export const ids = [709];
export const modules = {

/***/ 78568:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ loadManifests),
/* harmony export */   _: () => (/* binding */ where)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33243);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(60267);





/** What bluegreen applies from manifests, with the apiVersion each must have. */
const KINDS = { Deployment: "apps/v1", ConfigMap: "v1", Secret: "v1" };
/** Where a document came from, as error messages name it. */
function where(document) {
    return `${document.file}, document ${document.index}`;
}
/** Expands the patterns, parses every document, and checks the set; throws InputError("manifests") otherwise. */
function loadManifests(patterns, rules, cwd = process.cwd()) {
    const documents = files(patterns, cwd).flatMap((file) => parse(file, cwd));
    const seen = new Map();
    for (const document of documents) {
        const key = `${document.kind}/${document.name}`;
        const first = seen.get(key);
        if (first)
            fail(document, `a second ${document.kind} named "${document.name}" (the first is in ${where(first)}).`);
        seen.set(key, document);
        check(document, rules);
    }
    const deployments = documents.filter((d) => d.kind === "Deployment");
    const [deployment, ...others] = deployments;
    if (!deployment) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("manifests", `no Deployment in ${documents.length === 0 ? "the files" : `${documents.length} documents`} (${patterns.join(", ")}); allowed: one Deployment named "${rules.app}", plus the ConfigMaps and Secrets it uses.`);
    }
    const other = others[0];
    if (other) {
        fail(other, `a second Deployment ("${other.name}", after "${deployment.name}" in ${where(deployment)}); allowed: one Deployment per app, named "${rules.app}" (deploy other workloads in their own pipeline).`);
    }
    return { deployment, configs: documents.filter((d) => d.kind !== "Deployment") };
}
function files(patterns, cwd) {
    const found = [];
    for (const pattern of patterns) {
        const matches = /[*?[{]/.test(pattern) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.globSync)(pattern, { cwd }).sort() : (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd, pattern)) ? [pattern] : [];
        const yaml = matches.filter((file) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd, file)).isFile());
        if (yaml.length === 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("manifests", `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(pattern)}" matches no file in ${cwd}; allowed: paths or globs of YAML files.`);
        }
        for (const file of yaml)
            if (!found.includes(file))
                found.push(file);
    }
    return found;
}
function parse(file, cwd) {
    const text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd, file), "utf8");
    let docs;
    try {
        docs = (0,js_yaml__WEBPACK_IMPORTED_MODULE_2__/* .loadAll */ .gh)(text);
    }
    catch (error) {
        // Only the reason and the position: js-yaml's message quotes the source, which may hold a Secret's data.
        const yamlError = error;
        const reason = typeof yamlError.reason === "string" ? yamlError.reason : "unreadable";
        const line = yamlError.mark?.line;
        const at = line === undefined ? "" : ` at line ${line + 1}, column ${(yamlError.mark?.column ?? 0) + 1}`;
        fail({ file, index: documentAt(text, line ?? 0) }, `is not valid YAML: ${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(reason)}${at}.`);
    }
    const documents = [];
    for (const [position, doc] of docs.entries()) {
        const index = position + 1;
        if (doc === null || doc === undefined)
            continue; // an empty document between two `---` is allowed
        if (typeof doc !== "object" || Array.isArray(doc)) {
            fail({ file, index }, "is not a Kubernetes object (a mapping with apiVersion, kind and metadata).");
        }
        const object = doc;
        const kind = object.kind;
        if (typeof kind !== "string" || !(kind in KINDS)) {
            fail({ file, index }, `has kind ${typeof kind === "string" ? `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(kind)}"` : "(none)"}; allowed: Deployment (apps/v1), ConfigMap and Secret (v1).`);
        }
        const apiVersion = KINDS[kind];
        if (object.apiVersion !== apiVersion) {
            fail({ file, index }, `has apiVersion "${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(String(object.apiVersion ?? ""))}" for a ${kind}; allowed: ${apiVersion}.`);
        }
        const name = object.metadata?.name;
        if (typeof name !== "string" || !/^[a-z0-9]([-a-z0-9.]{0,241}[a-z0-9])?$/.test(name)) {
            fail({ file, index }, `has metadata.name "${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(String(name ?? ""))}"; allowed: a lower-case DNS name of at most 243 characters.`);
        }
        documents.push({ file, index, kind: kind, name, object });
    }
    return documents;
}
/** The 1-based index of the document holding `line` (0-based), counting `---` separators as js-yaml does. */
function documentAt(text, line) {
    let index = 1;
    let started = false;
    for (const each of text.split("\n").slice(0, line)) {
        if (/^---(\s|$)/.test(each)) {
            if (started)
                index++;
            started = true;
        }
        else if (!/^\s*(#.*)?$/.test(each))
            started = true;
    }
    return index;
}
function check(document, rules) {
    const { object } = document;
    const namespace = object.metadata?.namespace;
    if (namespace !== undefined && namespace !== rules.namespace) {
        fail(document, `is in namespace "${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_4__/* .printable */ .g)(String(namespace))}"; allowed: none, or "${rules.namespace}" (the namespace input).`);
    }
    if (document.kind !== "Deployment")
        return;
    if (document.name !== rules.app) {
        fail(document, `is a Deployment named "${document.name}"; allowed: "${rules.app}" (the app input; it is applied as ${rules.app}-blue and ${rules.app}-green).`);
    }
    const selector = object.spec?.selector?.matchLabels;
    const labels = object.spec?.template?.metadata?.labels;
    if (!isStringMap(selector) || Object.keys(selector).length === 0) {
        fail(document, "has no spec.selector.matchLabels; allowed: a Deployment whose selector matches its pod template's labels.");
    }
    if (object.spec?.selector?.matchExpressions !== undefined) {
        fail(document, "has spec.selector.matchExpressions; allowed: spec.selector.matchLabels only (bluegreen adds the color label to them).");
    }
    for (const [key, value] of Object.entries(selector)) {
        if (!isStringMap(labels) || labels[key] !== value) {
            fail(document, `has selector ${key}=${value} that its pod template's labels do not carry; allowed: a selector the template matches.`);
        }
    }
    const containers = Array.isArray(object.spec?.template?.spec?.containers) ? object.spec.template.spec.containers : [];
    const names = containers.map((c) => String(c?.name ?? ""));
    if (containers.length === 0)
        fail(document, "has no containers in spec.template.spec.containers.");
    if (rules.container !== undefined && !names.includes(rules.container)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("container", `"${rules.container}" is not a container of the Deployment in ${where(document)}; allowed values: ${names.join(", ")}.`);
    }
    if (rules.setsImage && rules.container === undefined && containers.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("container", `is required with image: the Deployment in ${where(document)} has several containers; allowed values: ${names.join(", ")}.`);
    }
}
function isStringMap(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}
function fail(document, message) {
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz("manifests", `${where(document)} ${message}`);
}


/***/ }),

/***/ 12709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kubeconfigSource: () => (/* binding */ kubeconfigSource),
  parseKubernetesOptions: () => (/* binding */ parseKubernetesOptions),
  parseKubernetesSettings: () => (/* binding */ parseKubernetesSettings)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/input-values.ts
var input_values = __webpack_require__(15214);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
;// CONCATENATED MODULE: ./src/backends/kubernetes/deploy-options.ts



/** The Gateway API's HTTPHeaderName: an HTTP token (RFC 7230), at most 256 characters. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/;
function parseDeployOptions(read, config) {
    const manifests = manifestPatterns(read);
    const command = config.deployCommand;
    if (manifests !== undefined && command !== undefined) {
        throw new errors/* InputError */.dz("deploy-command", "cannot be combined with manifests; allowed: manifests (bluegreen renders and applies them) or deploy-command (Helm, Kustomize, kubectl), not both.");
    }
    const forceConflicts = (0,input_values/* bool */.lc)(read, "force-conflicts", false);
    return { manifests, forceConflicts, command };
}
/** One path or glob per line (or comma-separated), relative to the working directory. */
function manifestPatterns(read) {
    const value = (0,input_text/* optional */.l)(read("manifests"));
    if (value === undefined)
        return undefined;
    const items = value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== "");
    for (const item of items) {
        if (/[\u0000-\u001f]/.test(item)) {
            throw new errors/* InputError */.dz("manifests", `"${(0,input_text/* printable */.g)(item)}" is not allowed; allowed: paths or globs of YAML files, one per line.`);
        }
    }
    return items;
}
/** `x-bluegreen: preview` (or `x-bluegreen=preview`): the header name and the exact value to match. */
function previewHeader(read) {
    const value = (0,input_text/* optional */.l)(read("preview-header"));
    if (value === undefined)
        return undefined;
    const match = /^([^:=\s]+)\s*[:=]\s*(\S(?:.*\S)?)$/.exec(value);
    const name = match?.[1] ?? "";
    const headerValue = match?.[2] ?? "";
    if (!match || !HEADER_NAME.test(name) || headerValue.length > 4096 || /[\u0000-\u001f\u007f]/.test(headerValue)) {
        throw new errors/* InputError */.dz("preview-header", `"${(0,input_text/* printable */.g)(value)}" is not allowed; allowed: "<header-name>: <value>", e.g. "x-bluegreen: preview" (an HTTP header name, then the exact value).`);
    }
    return { name: name.toLowerCase(), value: headerValue };
}

// EXTERNAL MODULE: ./src/backends/kubernetes/manifests.ts
var kubernetes_manifests = __webpack_require__(78568);
;// CONCATENATED MODULE: ./src/backends/kubernetes/options.ts









/**
 * Every input check of a Kubernetes backend, before the client library loads or the cluster is
 * contacted: the inputs, and for a prepare with manifests the manifests themselves (a bad one
 * changes nothing).
 */
function parseKubernetesSettings(kind, read, common) {
    const options = parseKubernetesOptions(kind, read, common);
    const manifests = common.mode === "prepare" && options.deploy.manifests !== undefined
        ? (0,kubernetes_manifests/* loadManifests */.D)(options.deploy.manifests, { ...options, setsImage: options.image !== undefined })
        : undefined;
    return { ...options, manifests, probePath: common.dryRun ? undefined : common.smoke.healthPath };
}
/** A healthy API server answers in milliseconds; 30 s is generous and still bounds a hanging one. */
const REQUEST_LIMIT_MS = 30_000;
function parseKubernetesOptions(kind, read, config) {
    const kubeconfig = kubeconfigSource(read);
    const context = (0,input_text/* optional */.l)(read("context"));
    if (context !== undefined && !/^[\x21-\x7e]{1,253}$/.test(context)) {
        throw new errors/* InputError */.dz("context", `"${(0,input_text/* printable */.g)(context)}" is not allowed; allowed: the name of a context in the kubeconfig.`);
    }
    const namespace = (0,input_values/* objectName */.Hd)(read, "namespace", "default");
    const app = (0,input_values/* objectName */.Hd)(read, "app");
    // <app>-blue and <app>-green must be names too: an RFC 1123 label has at most 63 characters.
    if (app.length > 57) {
        throw new errors/* InputError */.dz("app", `"${app}" is too long; allowed: at most 57 characters, so that "${app}-green" is a valid name.`);
    }
    const service = (0,input_values/* objectName */.Hd)(read, "service", app);
    const route = (0,input_values/* objectName */.Hd)(read, "route", app);
    const previewRoute = (0,input_values/* objectName */.Hd)(read, "preview-route", `${app}-preview`);
    const namedBy = {
        service: (0,input_text/* optional */.l)(read("service")) === undefined ? "app" : "service",
        route: (0,input_text/* optional */.l)(read("route")) === undefined ? "app" : "route",
        previewRoute: (0,input_text/* optional */.l)(read("preview-route")) === undefined ? "app" : "preview-route",
    };
    if (kind === "k8s-service" && (service === `${app}-blue` || service === `${app}-green`)) {
        // Its selector would be rewritten to the other color: that color's own Service would lose its pods.
        throw new errors/* InputError */.dz("service", `"${service}" is the ${service.endsWith("-blue") ? "blue" : "green"} color's own Service; allowed: the production Service, whose selector bluegreen switches between colors (default "${app}"), never ${app}-blue or ${app}-green.`);
    }
    if (kind !== "k8s-service" && previewRoute === route) {
        throw new errors/* InputError */.dz("preview-route", `must differ from route (both are "${route}").`);
    }
    const colorLabel = labelKey(read, "color-label", "environment");
    const image = imageRepository(read);
    const deploy = parseDeployOptions(read, config);
    if (config.mode === "prepare" && image === undefined && deploy.manifests === undefined && deploy.command === undefined) {
        throw new errors/* InputError */.dz("image", `is required when mode is prepare with backend ${kind} (the image repository; prepare sets <image>:<version>), unless manifests or deploy-command says how to deploy.`);
    }
    const container = (0,input_text/* optional */.l)(read("container"));
    if (container !== undefined && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(container)) {
        throw new errors/* InputError */.dz("container", `"${(0,input_text/* printable */.g)(container)}" is not a valid container name; allowed: 1 to 63 lower-case letters, digits and "-".`);
    }
    const scaleDown = (0,input_text/* optional */.l)(read("scale-down-replicas"));
    const scaleDownReplicas = scaleDown === undefined ? undefined : (0,input_values/* number */.ai)(read, "scale-down-replicas", 0, { min: 0, max: 10_000, integer: true });
    return {
        kind,
        kubeconfig,
        context,
        namespace,
        app,
        service,
        route,
        previewRoute,
        namedBy,
        colorLabel,
        image,
        container,
        scaleDownReplicas,
        deploy,
        previewHeader: kind === "k8s-gateway" ? previewHeader(read) : undefined,
        timeoutMs: config.timeoutSeconds * 1000,
        requestTimeoutMs: Math.min(REQUEST_LIMIT_MS, config.timeoutSeconds * 1000),
    };
}
/**
 * The kubeconfig input (YAML, or base64 of it), else KUBECONFIG, ~/.kube/config, then the
 * in-cluster service account, the order kubectl uses. Its content is masked at once.
 */
function kubeconfigSource(read, env = process.env, home = (0,external_node_os_.homedir)()) {
    const raw = read("kubeconfig");
    if (raw.trim() !== "") {
        (0,secrets/* maskSecret */.$l)(raw.trim());
        const text = decodeKubeconfig(raw.trim());
        (0,secrets/* maskSecret */.$l)(text);
        return { kind: "inline", text };
    }
    if (env.KUBECONFIG)
        return { kind: "env", value: env.KUBECONFIG };
    const file = external_node_path_default().join(home, ".kube", "config");
    if ((0,external_node_fs_.existsSync)(file))
        return { kind: "file", path: file };
    if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT)
        return { kind: "in-cluster" };
    throw new errors/* InputError */.dz("kubeconfig", "is required: no kubeconfig input, no KUBECONFIG variable, no ~/.kube/config and not running in a cluster; allowed: kubeconfig content (YAML or base64 of it).");
}
/** A kubeconfig is YAML with `clusters:`; anything else is tried as base64 of one. */
function decodeKubeconfig(value) {
    if (/^\s*(apiVersion|clusters|kind|contexts|current-context|users|preferences)\s*:/m.test(value) || value.startsWith("{"))
        return value;
    if (/^[A-Za-z0-9+/=\s_-]+$/.test(value)) {
        const decoded = Buffer.from(value.replace(/\s+/g, ""), "base64").toString("utf8");
        if (/^\s*clusters\s*:/m.test(decoded) || /"clusters"\s*:/.test(decoded))
            return decoded;
    }
    throw new errors/* InputError */.dz("kubeconfig", "is neither a kubeconfig (YAML with clusters, users and contexts) nor base64 of one.");
}
/** A Kubernetes label key: optional DNS prefix and "/", then a name of up to 63 characters. */
function labelKey(read, name, fallback) {
    const value = (0,input_text/* optional */.l)(read(name)) ?? fallback;
    const match = /^(?:([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)\/)?([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/.exec(value);
    if (!match) {
        throw new errors/* InputError */.dz(name, `"${(0,input_text/* printable */.g)(value)}" is not a valid label key; allowed: an optional DNS prefix and "/", then 1 to 63 letters, digits, "-", "_" or "." (e.g. environment, example.com/color).`);
    }
    return value;
}
/** An image repository without tag or digest: registry/path, as `docker` spells it. */
function imageRepository(read) {
    const value = (0,input_text/* optional */.l)(read("image"));
    if (value === undefined)
        return undefined;
    const pattern = /^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
    if (!pattern.test(value) || value.length > 255) {
        throw new errors/* InputError */.dz("image", `"${(0,input_text/* printable */.g)(value)}" is not allowed; allowed: an image repository without tag or digest, e.g. ghcr.io/acme/shop (the tag comes from version).`);
    }
    return value;
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KJ: () => (/* binding */ RouterError),
/* harmony export */   MU: () => (/* binding */ TimeoutError),
/* harmony export */   cw: () => (/* binding */ BluegreenError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   fK: () => (/* binding */ ConflictError),
/* harmony export */   fk: () => (/* binding */ RefusedError)
/* harmony export */ });
/**
 * Errors are values until the edge: every failure the action can explain is one of these,
 * and main.ts turns it into one clear sentence with `core.setFailed`.
 */
class BluegreenError extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** Bad or missing input. Always raised before anything is changed. */
class InputError extends BluegreenError {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`);
        this.input = input;
    }
}
/** The router (HAProxy, API server, OVH API) refused or failed a request. */
class RouterError extends BluegreenError {
    status;
    constructor(message, 
    /** HTTP status or protocol-level code, when the router gave one. */
    status) {
        super(message);
        this.status = status;
    }
}
/** Someone else changed the router between our read and our write (optimistic concurrency). */
class ConflictError extends RouterError {
}
/** A safety rule refused the step (unready target, untested version, nothing to roll back to...). */
class RefusedError extends BluegreenError {
}
/** A wait ran out of time. */
class TimeoutError extends BluegreenError {
}


/***/ }),

/***/ 60267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ printable),
/* harmony export */   l: () => (/* binding */ optional)
/* harmony export */ });
/** The value, trimmed, or undefined when empty. */
function optional(value) {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}
/** Shows control characters visibly, so an error never prints a hostile terminal sequence. */
function printable(value) {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}


/***/ }),

/***/ 15214:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hd: () => (/* binding */ objectName),
/* harmony export */   OZ: () => (/* binding */ url),
/* harmony export */   ai: () => (/* binding */ number),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   mw: () => (/* binding */ required),
/* harmony export */   p_: () => (/* binding */ list),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _input_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60267);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(75769);
// Parsers of single input values, shared by the common inputs (inputs.ts) and every backend's own
// (src/backends/*/options.ts): each error names the input and what is allowed. This module knows
// nothing of backends or modes, so a backend can use it without depending on the registry.



function required(read, name, why) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `is required ${why}.`);
    return value;
}
function oneOf(read, name, allowed, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined) {
        if (fallback !== undefined)
            return fallback;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `is required; allowed values: ${allowed.join(", ")}.`);
    }
    if (!allowed.includes(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not allowed; allowed values: ${allowed.join(", ")}.`);
    }
    return value;
}
function bool(read, name, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name))?.toLowerCase();
    if (value === undefined)
        return fallback;
    if (value === "true")
        return true;
    if (value === "false")
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not allowed; allowed values: true, false.`);
}
function number(read, name, fallback, limits) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return fallback;
    const parsed = Number(value);
    const kind = limits.integer ? "a whole number" : "a number";
    if (!/^[0-9.]+$/.test(value) || !Number.isFinite(parsed) || (limits.integer && !Number.isInteger(parsed))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not ${kind}; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    if (parsed < limits.min || parsed > limits.max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `${value} is out of range; allowed: ${kind} from ${limits.min} to ${limits.max}.`);
    }
    return parsed;
}
function url(read, name) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return undefined;
    // Never echo credentials: a URL in an error message is shown without what stands before "@".
    const shown = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)((0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .safeUrlText */ .YQ)(value));
    let parsed;
    try {
        parsed = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${shown}" is not a URL; allowed: an http:// or https:// URL.`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${shown}" is not allowed; allowed: an http:// or https:// URL.`);
    }
    (0,_urls_js__WEBPACK_IMPORTED_MODULE_1__/* .maskUrlCredentials */ .gn)(parsed);
    return parsed;
}
/** Kubernetes-style object name (RFC 1123 label), also safe as an HAProxy backend name. */
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
function objectName(read, name, fallback) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name)) ?? fallback;
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, "is required for this backend.");
    if (!NAME_PATTERN.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" is not a valid name; allowed: 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`);
    }
    return value;
}
/** Comma-separated list of non-empty items. */
function list(read, name) {
    const value = (0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .optional */ .l)(read(name));
    if (value === undefined)
        return [];
    const items = value.split(",").map((item) => item.trim());
    if (items.some((item) => item === "")) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `"${(0,_input_text_js__WEBPACK_IMPORTED_MODULE_2__/* .printable */ .g)(value)}" has an empty item; allowed: a comma-separated list.`);
    }
    return items;
}


/***/ }),

/***/ 48147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ platformIo),
/* harmony export */   u: () => (/* binding */ setPlatformIo)
/* harmony export */ });
/* harmony import */ var _plain_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63631);

/** Plain until a run chooses (platform/choose.ts): code used in-process, as tests do, loads no GitHub library. */
let current = _plain_js__WEBPACK_IMPORTED_MODULE_0__/* .plainIo */ .$;
/** The implementation this run uses. */
function platformIo() {
    return current;
}
/** Only choose.ts calls this, once the implementation is loaded. */
function setPlatformIo(io) {
    current = io;
}


/***/ }),

/***/ 6982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ writeLogLine),
/* harmony export */   M_: () => (/* binding */ sendLogToStderr),
/* harmony export */   Qc: () => (/* binding */ stderrCommand),
/* harmony export */   Qr: () => (/* binding */ logToStderr)
/* harmony export */ });
/**
 * Where the human log goes: stdout by default; stderr when stdout carries something a script
 * reads (--output json: one JSON document; --output env: the name=value lines).
 */
let toStderr = false;
function sendLogToStderr(on) {
    toStderr = on;
}
function logToStderr() {
    return toStderr;
}
function writeLogLine(text) {
    (toStderr ? process.stderr : process.stdout).write(`${text}\n`);
}
/** A GitHub workflow command on stderr (the runner reads commands there too), escaped as @actions/core does. */
function stderrCommand(command, text) {
    const data = text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    process.stderr.write(`::${command}::${data}\n`);
}


/***/ }),

/***/ 63631:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ plainIo)
/* harmony export */ });
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6982);

/**
 * Outside a GitHub runner (GitLab, other CI, a terminal): plain lines with plain prefixes, since
 * workflow commands (`::warning::`) mean nothing there and `::add-mask::<secret>` would print the
 * secret in clear. Masking is bluegreen's own redact() (secrets.ts), applied before any line is
 * written. GitHub's outputs, summary and post-step state do not exist here.
 */
const plainIo = {
    info: (text) => (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_0__/* .writeLogLine */ .IF)(text),
    warn: (text) => plainIo.info(`warning: ${text}`),
    error: (text) => {
        process.stderr.write(`error: ${text}\n`);
    },
    // Only when asked for: GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true.
    debug: (text) => {
        if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true")
            plainIo.info(`debug: ${text}`);
    },
    // The closing report (main.ts, summary.ts) has just said the failure's sentence: said once, it is not repeated.
    fail: () => {
        process.exitCode = 1;
    },
    mask: () => undefined,
    setOutput: () => undefined,
    appendSummary: async () => undefined,
    saveState: () => undefined,
    // The runner's convention, which @actions/core's getInput follows: INPUT_<NAME>, spaces as underscores, trimmed.
    getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
};


/***/ }),

/***/ 79002:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ maskSecret),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   wW: () => (/* binding */ registeredSecrets)
/* harmony export */ });
/* unused harmony export clearSecrets */
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48147);

const secrets = new Set();
/**
 * Registers a secret: on a GitHub runner the platform masks it in the log (core.setSecret), and
 * every line bluegreen prints itself goes through redact(). Outside GitHub nothing is printed for
 * it: `::add-mask::<secret>` would show the secret in clear on GitLab or a terminal.
 */
function maskSecret(value) {
    if (!value)
        return;
    for (const part of [value, ...value.split(/\r?\n/)]) {
        const trimmed = part.trim();
        // Very short fragments (a lone "{") would redact ordinary text without protecting anything.
        if (trimmed.length < 6 || secrets.has(trimmed))
            continue;
        secrets.add(trimmed);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().mask(trimmed);
    }
}
/** The secrets registered so far (choose.ts masks them on the runner when a run chooses GitHub). */
function registeredSecrets() {
    return [...secrets];
}
function redact(text) {
    let result = text;
    for (const secret of secrets)
        result = result.split(secret).join("***");
    return result;
}
/** For tests: forget registered secrets. */
function clearSecrets() {
    secrets.clear();
}


/***/ }),

/***/ 75769:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pl: () => (/* binding */ safeUrl),
/* harmony export */   YQ: () => (/* binding */ safeUrlText),
/* harmony export */   aR: () => (/* binding */ basicAuthorization),
/* harmony export */   gn: () => (/* binding */ maskUrlCredentials)
/* harmony export */ });
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(79002);

/**
 * URLs that may carry credentials (`https://user:password@host/`). The credentials are used for the
 * requests and never shown: every URL bluegreen prints goes through safeUrl, and the parts are also
 * registered as secrets so that no other path (an error message quoting a URL) can leak them.
 */
/** The URL as it may be printed: user and password replaced by ***. */
function safeUrl(url) {
    if (!url.username && !url.password)
        return url.href;
    const copy = new URL(url.href);
    copy.username = "***";
    copy.password = "";
    return copy.href;
}
/** The same for a value that is not (yet) a valid URL: anything between "//" and "@" is hidden. */
function safeUrlText(text) {
    return text.replace(/\/\/[^/?#]*@/, "//***@");
}
/**
 * Registers the URL's credentials (as written and decoded) as secrets: the password, or the user
 * when there is no password (`https://TOKEN@host/` carries a token there).
 */
function maskUrlCredentials(url) {
    for (const part of [url.password || url.username]) {
        if (!part)
            continue;
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(part);
        (0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(safeDecode(part));
    }
}
/** An Authorization header for the URL's credentials, which fetch-style clients do not send by themselves. */
function basicAuthorization(url) {
    if (!url.username && !url.password)
        return undefined;
    const pair = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
    return `Basic ${Buffer.from(pair).toString("base64")}`;
}
function safeDecode(part) {
    try {
        return decodeURIComponent(part);
    }
    catch {
        return part;
    }
}


/***/ })

};
