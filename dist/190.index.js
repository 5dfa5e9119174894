export const id = 190;
export const ids = [190];
export const modules = {

/***/ 69190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createKubernetesBackend: () => (/* binding */ createKubernetesBackend)
});

// UNUSED EXPORTS: KubernetesBackend

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(17625);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/kubernetes/http.ts

const DEFAULT_POLICY = { readAttempts: 4, backoffMs: 250, maxBackoffMs: 5_000 };
/** Header added to the answer handed to the client, so that error messages can tell how often a request was tried. */
const ATTEMPTS_HEADER = "x-bluegreen-attempts";
/** A request the API server did not answer within the limit. */
class RequestTimeout extends Error {
    method;
    path;
    limitMs;
    nothingChanged;
    constructor(method, path, limitMs, 
    /** True when neither this request nor any earlier write of this run can have changed anything. */
    nothingChanged) {
        super(`${method} ${path}: no answer within ${limitMs} ms`);
        this.method = method;
        this.path = path;
        this.limitMs = limitMs;
        this.nothingChanged = nothingChanged;
    }
}
/**
 * A write retried after an answer that may hide a success (5xx, connection reset), whose retry was
 * refused with 409: either the first attempt was applied, or someone else changed the object.
 */
class AmbiguousWrite extends Error {
    method;
    path;
    firstFailure;
    constructor(method, path, firstFailure) {
        super(`${method} ${path}: ${firstFailure}, then 409 on the retry`);
        this.method = method;
        this.path = path;
        this.firstFailure = firstFailure;
    }
}
/** Socket-level failures worth another attempt (the server restarting, a dropped keep-alive connection). */
const RETRYABLE_NETWORK = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CLOSED",
    "UND_ERR_CONNECT_TIMEOUT",
]);
/** 429 (API Priority and Fairness throttling) and the 5xx a busy or restarting API server answers. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * The client's own fetch library, with a time limit on each request and a retry policy:
 *
 * - Reads (GET) are retried with exponential backoff (honouring Retry-After) on 429, 5xx and
 *   socket errors: reading twice changes nothing.
 * - A PATCH carrying `metadata.resourceVersion` is retried once on those failures: if the first
 *   attempt was in fact applied, the object's resourceVersion moved on and the retry is refused
 *   with 409 instead of being applied twice. That 409 is then reported as ambiguous, never as
 *   "someone else changed it; nothing was changed".
 * - Any other write is never retried: after a 5xx or a reset it may have been applied, and a
 *   blind second attempt could overwrite what someone else wrote in between.
 * - A request that times out is not retried either: a server that held one request for the
 *   whole limit is unlikely to answer the next one, and retries would multiply the wait beyond
 *   the `timeout` the user set.
 */
function guardedHttpLibrary(k8s, policy) {
    const inner = new k8s.IsomorphicFetchHttpLibrary();
    // Once a write may have reached the server, no later failure can claim "nothing was changed".
    let mayHaveWritten = false;
    async function attempt(request) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), policy.limitMs);
        request.setSignal(controller.signal);
        try {
            const response = await inner.send(request).toPromise();
            // Read the body under the same limit: a server may send headers and then stall.
            const text = await response.body.text();
            return { kind: "answer", status: response.httpStatusCode, headers: response.headers, text };
        }
        catch (error) {
            if (controller.signal.aborted)
                return { kind: "timeout" };
            return { kind: "network", error, code: networkCode(error) };
        }
        finally {
            clearTimeout(timer);
        }
    }
    async function send(request) {
        const method = request.getHttpMethod().toString();
        const path = pathOf(request.getUrl());
        const read = method === "GET";
        const guarded = !read && carriesResourceVersion(request.getBody());
        const attempts = read ? policy.readAttempts : guarded ? 2 : 1;
        let firstFailure;
        for (let n = 1;; n++) {
            const outcome = await attempt(request);
            if (!read && maybeApplied(outcome))
                mayHaveWritten = true;
            if (outcome.kind === "timeout")
                throw new RequestTimeout(method, path, policy.limitMs, read && !mayHaveWritten);
            const retryable = outcome.kind === "answer" ? RETRYABLE_STATUS.has(outcome.status) : RETRYABLE_NETWORK.has(outcome.code ?? "");
            if (guarded && n > 1 && outcome.kind === "answer" && outcome.status === 409 && firstFailure !== undefined) {
                throw new AmbiguousWrite(method, path, firstFailure);
            }
            if (!retryable || n >= attempts) {
                if (outcome.kind === "network")
                    throw outcome.error;
                const headers = { ...outcome.headers, [ATTEMPTS_HEADER]: String(n) };
                const body = new k8s.SelfDecodingBody(Promise.resolve(Buffer.from(outcome.text)));
                return new k8s.ResponseContext(outcome.status, headers, body);
            }
            // Only failures after which the first write may have been applied make a later 409 ambiguous.
            if (guarded && maybeApplied(outcome))
                firstFailure = describe(outcome);
            await (0,wait/* sleep */.y)(delayBefore(n, outcome, policy));
        }
    }
    return { send: (request) => new k8s.Observable(send(request)) };
}
/** Could this write have been applied by the server? Only a 4xx answer or a refused connection say no. */
function maybeApplied(outcome) {
    if (outcome.kind === "answer")
        return outcome.status < 400 || outcome.status >= 500;
    if (outcome.kind === "network")
        return outcome.code !== "ECONNREFUSED";
    return true;
}
function describe(outcome) {
    if (outcome.kind === "answer")
        return `the API server answered ${outcome.status}`;
    if (outcome.kind === "network")
        return `the connection failed (${outcome.code ?? "network error"})`;
    return "no answer";
}
/** Retry-After when the server sent one (seconds), else exponential backoff with jitter. */
function delayBefore(attempt, outcome, policy) {
    const retryAfter = outcome.kind === "answer" ? Number(outcome.headers["retry-after"]) : Number.NaN;
    const base = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : policy.backoffMs * 2 ** (attempt - 1);
    // Jitter spreads the retries of several runners hitting the same throttled API server.
    const jittered = base * (0.75 + Math.random() * 0.5);
    return Math.min(jittered, policy.maxBackoffMs);
}
/** A merge patch naming the resourceVersion it was computed from: the server applies it at most once. */
function carriesResourceVersion(body) {
    if (typeof body !== "string")
        return false;
    try {
        const version = JSON.parse(body)?.metadata?.resourceVersion;
        return typeof version === "string" && version !== "";
    }
    catch {
        return false;
    }
}
/** fetch wraps the socket error in `cause` (ECONNRESET, UND_ERR_SOCKET...). */
function networkCode(error) {
    const cause = error?.cause;
    const code = cause?.code ?? error?.code;
    return typeof code === "string" ? code : undefined;
}
/** Path and query, without the server: what messages name. */
function pathOf(url) {
    try {
        const parsed = new URL(url);
        return parsed.pathname + parsed.search;
    }
    catch {
        return url;
    }
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/client.ts





/** Where loadFromCluster() finds the pod's service account token. */
const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
/**
 * Loads @kubernetes/client-node (dynamically: an HAProxy or OVH run never loads it) and the
 * kubeconfig, picks the context, and masks every credential it holds.
 */
async function connect(options) {
    const k8s = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(655)]).then(__webpack_require__.bind(__webpack_require__, 29655));
    const config = new k8s.KubeConfig();
    const source = options.kubeconfig;
    try {
        switch (source.kind) {
            case "inline":
                config.loadFromString(source.text);
                break;
            case "env":
                // loadFromDefault reads KUBECONFIG (a list of files, merged) the way kubectl does.
                config.loadFromDefault();
                break;
            case "file":
                config.loadFromFile(source.path);
                break;
            case "in-cluster":
                config.loadFromCluster();
                (0,secrets/* maskSecret */.$l)(readIfPresent(SERVICE_ACCOUNT_TOKEN)); // the client reads it per request and never prints it: masked anyway
                break;
        }
    }
    catch (error) {
        const where = source.kind === "inline" ? "the kubeconfig input" : source.kind === "file" ? source.path : `KUBECONFIG (${source.kind})`;
        throw new errors/* InputError */.dz("kubeconfig", `${where} could not be loaded: ${firstLine(error)}.`);
    }
    if (options.context !== undefined) {
        if (!config.getContextObject(options.context)) {
            const known = config.getContexts().map((c) => c.name);
            throw new errors/* InputError */.dz("context", `"${(0,inputs/* printable */.g$)(options.context)}" is not in the kubeconfig; allowed values: ${known.join(", ") || "(the kubeconfig has no contexts)"}.`);
        }
        config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    const user = config.getCurrentUser();
    if (!cluster || !user) {
        throw new errors/* InputError */.dz("kubeconfig", `the current context "${(0,inputs/* printable */.g$)(config.getCurrentContext() ?? "")}" names no cluster or no user; set context to one of: ${config
            .getContexts()
            .map((c) => c.name)
            .join(", ")}.`);
    }
    for (const secret of [user.token, user.password, user.keyData, user.certData])
        (0,secrets/* maskSecret */.$l)(secret);
    if (!/^https?:\/\//.test(cluster.server)) {
        throw new errors/* InputError */.dz("kubeconfig", `the cluster "${cluster.name}" has server "${(0,inputs/* printable */.g$)(cluster.server)}"; allowed: an https:// URL.`);
    }
    // What makeApiClient builds, but with our HTTP library: every request gets a time limit and the
    // retry policy of http.ts, so a hanging or throttling API server cannot hang the step.
    const configuration = k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(cluster.server, {}),
        authMethods: { default: config },
        httpApi: guardedHttpLibrary(k8s, { ...DEFAULT_POLICY, limitMs: options.requestTimeoutMs }),
        middleware: [k8s.setHeaderMiddleware("User-Agent", "bluegreen (@kubernetes/client-node)")],
    });
    return {
        config,
        server: cluster.server.replace(/\/+$/, ""),
        core: new k8s.CoreV1Api(configuration),
        apps: new k8s.AppsV1Api(configuration),
        discovery: new k8s.DiscoveryV1Api(configuration),
        custom: new k8s.CustomObjectsApi(configuration),
        mergePatch: k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
        strategicMergePatch: k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.StrategicMergePatch),
    };
}
function readIfPresent(file) {
    try {
        return (0,external_node_fs_.readFileSync)(file, "utf8");
    }
    catch {
        return undefined;
    }
}
function firstLine(error) {
    const text = error instanceof Error ? error.message : String(error);
    return (text.split("\n")[0] ?? "").trim();
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/backends/kubernetes/options.ts






/** A healthy API server answers in milliseconds; 30 s is generous and still bounds a hanging one. */
const REQUEST_LIMIT_MS = 30_000;
function parseKubernetesOptions(kind, read, config) {
    const kubeconfig = kubeconfigSource(read);
    const context = (0,inputs/* optional */.lq)(read("context"));
    if (context !== undefined && !/^[\x21-\x7e]{1,253}$/.test(context)) {
        throw new errors/* InputError */.dz("context", `"${(0,inputs/* printable */.g$)(context)}" is not allowed; allowed: the name of a context in the kubeconfig.`);
    }
    const namespace = (0,inputs/* objectName */.Hd)(read, "namespace", "default");
    const app = (0,inputs/* objectName */.Hd)(read, "app");
    // <app>-blue and <app>-green must be names too: an RFC 1123 label has at most 63 characters.
    if (app.length > 57) {
        throw new errors/* InputError */.dz("app", `"${app}" is too long; allowed: at most 57 characters, so that "${app}-green" is a valid name.`);
    }
    const service = (0,inputs/* objectName */.Hd)(read, "service", app);
    const route = (0,inputs/* objectName */.Hd)(read, "route", app);
    const previewRoute = (0,inputs/* objectName */.Hd)(read, "preview-route", `${app}-preview`);
    if (kind === "openshift-route" && previewRoute === route) {
        throw new errors/* InputError */.dz("preview-route", `must differ from route (both are "${route}").`);
    }
    const colorLabel = labelKey(read, "color-label", "environment");
    const image = imageRepository(read);
    if (config.mode === "prepare" && image === undefined) {
        throw new errors/* InputError */.dz("image", `is required when mode is prepare with backend ${kind} (the image repository; prepare sets <image>:<version>).`);
    }
    const container = (0,inputs/* optional */.lq)(read("container"));
    if (container !== undefined && !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(container)) {
        throw new errors/* InputError */.dz("container", `"${(0,inputs/* printable */.g$)(container)}" is not a valid container name; allowed: 1 to 63 lower-case letters, digits and "-".`);
    }
    const scaleDown = (0,inputs/* optional */.lq)(read("scale-down-replicas"));
    const scaleDownReplicas = scaleDown === undefined ? undefined : (0,inputs/* number */.ai)(read, "scale-down-replicas", 0, { min: 0, max: 10_000, integer: true });
    return {
        kind,
        kubeconfig,
        context,
        namespace,
        app,
        service,
        route,
        previewRoute,
        colorLabel,
        image,
        container,
        scaleDownReplicas,
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
    const value = (0,inputs/* optional */.lq)(read(name)) ?? fallback;
    const match = /^(?:([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)\/)?([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/.exec(value);
    if (!match) {
        throw new errors/* InputError */.dz(name, `"${(0,inputs/* printable */.g$)(value)}" is not a valid label key; allowed: an optional DNS prefix and "/", then 1 to 63 letters, digits, "-", "_" or "." (e.g. environment, example.com/color).`);
    }
    return value;
}
/** An image repository without tag or digest: registry/path, as `docker` spells it. */
function imageRepository(read) {
    const value = (0,inputs/* optional */.lq)(read("image"));
    if (value === undefined)
        return undefined;
    const pattern = /^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
    if (!pattern.test(value) || value.length > 255) {
        throw new errors/* InputError */.dz("image", `"${(0,inputs/* printable */.g$)(value)}" is not allowed; allowed: an image repository without tag or digest, e.g. ghcr.io/acme/shop (the tag comes from version).`);
    }
    return value;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/smoke/http.ts
var http = __webpack_require__(77933);
;// CONCATENATED MODULE: ./src/backends/kubernetes/api-errors.ts


/**
 * Calls the API and turns its failures into one clear sentence: a missing object or a refused
 * credential is an input error (nothing was changed), a stale resourceVersion is a conflict.
 * The client's own messages carry whole response bodies and headers: they are never shown.
 */
async function call(target, server, fn) {
    try {
        return await fn();
    }
    catch (error) {
        throw explain(error, target, server);
    }
}
function explain(error, target, server) {
    const object = `${target.kind} ${target.namespace}/${target.name}`;
    if (error instanceof RequestTimeout) {
        const seconds = Math.round(error.limitMs / 100) / 10;
        const outcome = error.nothingChanged
            ? "nothing was changed"
            : error.method === "GET"
                ? "earlier changes of this step stand; check the objects before running it again"
                : `the change may or may not have been applied; check ${object} before running the step again`;
        return new errors/* RouterError */.KJ(`The API server at ${server} did not answer within ${seconds} s (the per-request limit) to ${target.verb} ${object} (${error.method} ${error.path}); ${outcome}.`);
    }
    if (error instanceof AmbiguousWrite) {
        return new errors/* RouterError */.KJ(`Could not tell whether ${target.verb} ${object} was applied: ${error.firstFailure}, and the retry (safe: it carries the resourceVersion read) was refused with 409 Conflict, so either the first attempt was applied or someone else changed ${object}; check it before running the step again.`);
    }
    const code = statusCode(error);
    if (code === undefined) {
        return new errors/* InputError */.dz("kubeconfig", `cannot reach the API server at ${server} to ${target.verb} ${object}: ${networkCause(error)}; allowed: a kubeconfig whose cluster this runner can reach.`);
    }
    const message = statusMessage(error);
    switch (code) {
        case 401:
            return new errors/* InputError */.dz("kubeconfig", `the API server at ${server} rejected the credentials (401 Unauthorized) while trying to ${target.verb} ${object}; use a valid token or client certificate.`);
        case 403:
            return new errors/* InputError */.dz("kubeconfig", `the credentials may not ${target.verb} ${object} (403 Forbidden: ${message ?? "forbidden"}); grant the deployer's role that permission.`);
        case 404:
            return new errors/* InputError */.dz(target.input, `${object} was not found (404: ${message ?? "not found"}); check the inputs ${target.input} and namespace.`);
        case 409:
            return new errors/* ConflictError */.fK(`${object} was changed by someone else since it was read (409 Conflict: ${message ?? "conflict"}); nothing was changed. Run the step again.`, 409);
        default:
            return new errors/* RouterError */.KJ(`The API server answered ${code} to ${target.verb} ${object}${attemptsOf(error)}: ${message ?? "no message"}.`, code);
    }
}
/** ApiException (client-node) carries `code`; anything without one never got an HTTP answer. */
function statusCode(error) {
    const code = error?.code;
    return typeof code === "number" ? code : undefined;
}
/** " (after 4 attempts)" when http.ts retried the request, so the reader knows it was not a blip. */
function attemptsOf(error) {
    const attempts = Number(error.headers?.[ATTEMPTS_HEADER]);
    return attempts > 1 ? ` (after ${attempts} attempts)` : "";
}
/** The `message` of the Status object the API answers with, when the body holds one. */
function statusMessage(error) {
    const body = error.body;
    let parsed = body;
    if (typeof body === "string") {
        try {
            parsed = JSON.parse(body);
        }
        catch {
            return body.trim().slice(0, 300) || undefined;
        }
    }
    const message = parsed?.message;
    return typeof message === "string" ? message : undefined;
}
/** fetch wraps the socket error in `cause`: show that (ECONNREFUSED, a certificate error...). */
function networkCause(error) {
    const cause = error?.cause;
    if (cause?.message)
        return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message;
    return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/proxy.ts





/**
 * GETs through the API server's service proxy (`/api/v1/namespaces/<ns>/services/<app>-<color>:<port>/proxy/...`)
 * with the kubeconfig's credentials, so a runner outside the cluster can test a color that is not exposed.
 */
async function serviceProxyRequester(kube, options, color) {
    const name = `${options.app}-${color}`;
    const service = await call({ kind: "Service", namespace: options.namespace, name, input: "app", verb: "read" }, kube.server, () => kube.core.readNamespacedService({ name, namespace: options.namespace }));
    const port = service.spec?.ports?.[0];
    if (!port)
        throw new errors/* InputError */.dz("app", `service ${options.namespace}/${name} has no ports; give it one, or set test-url.`);
    const base = `${kube.server}/api/v1/namespaces/${encodeURIComponent(options.namespace)}/services/${encodeURIComponent(`${name}:${port.name || port.port}`)}/proxy`;
    // The kubeconfig's TLS material and Authorization header, as client-node applies them to its own calls.
    const tls = {};
    await kube.config.applyToHTTPSOptions(tls);
    const secure = base.startsWith("https:");
    const agentOptions = {
        keepAlive: true,
        maxSockets: 64,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        rejectUnauthorized: tls.rejectUnauthorized,
        servername: tls.servername,
    };
    const agent = secure ? new (external_node_https_default()).Agent(agentOptions) : new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 64 });
    const request = secure ? (external_node_https_default()).request : (external_node_http_default()).request;
    const headers = { "user-agent": "bluegreen" };
    for (const [key, value] of Object.entries(tls.headers ?? {}))
        if (value !== undefined)
            headers[key] = String(value);
    return {
        describe: `the service proxy ${base}`,
        get(path, timeoutMs) {
            const target = `${base}/${path.replace(/^\/+/, "")}`;
            return (0,http/* getOnce */.I)(request, target, { method: "GET", agent, headers, auth: tls.auth }, timeoutMs);
        },
        close() {
            agent.destroy();
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
;// CONCATENATED MODULE: ./src/backends/kubernetes/rollout.ts




/** Remembers, on a scaled-down Deployment, how many replicas it had, so prepare can restore them. */
const SCALED_FROM_ANNOTATION = "bluegreen.io/scaled-down-from";
/** Container waiting reasons worth showing: the pod will not become ready by itself. */
const WAITING_REASONS_SHOWN = new Set(["ContainerCreating", "PodInitializing"]);
/** The Deployments `<app>-blue` / `<app>-green`: readiness as `kubectl rollout status` sees it, image, scale. */
class Rollouts {
    kube;
    options;
    constructor(kube, options) {
        this.kube = kube;
        this.options = options;
    }
    name(color) {
        return `${this.options.app}-${color}`;
    }
    async get(color) {
        return call(this.target(color, "read"), this.kube.server, () => this.kube.apps.readNamespacedDeployment({ name: this.name(color), namespace: this.options.namespace }));
    }
    /** One line per color for the summary; reading both also proves both Deployments exist. */
    async details() {
        const details = {};
        for (const color of colors/* COLORS */.lm) {
            const deployment = await this.get(color);
            details[`${color} deployment`] = `${this.name(color)}: ${rolloutStatus(deployment).summary}, ${imagesOf(deployment).join(", ")}`;
        }
        return details;
    }
    async readiness(color) {
        const deployment = await this.get(color);
        const verdict = rolloutStatus(deployment);
        const name = this.name(color);
        if (verdict.ready)
            return { ready: true, summary: `${name}: ${verdict.summary}, image ${imagesOf(deployment).join(", ")}` };
        const reasons = await this.podReasons(deployment);
        return { ready: false, summary: `${name}: ${verdict.summary}${reasons.length ? `; pods: ${reasons.join("; ")}` : ""}` };
    }
    /** Why the Deployment's pods are not ready: ImagePullBackOff, CrashLoopBackOff, Unschedulable... */
    async podReasons(deployment) {
        const selector = labelSelector(deployment.spec?.selector?.matchLabels ?? {});
        if (!selector)
            return [];
        const pods = await call({ ...this.target("blue", "list pods of"), kind: "Deployment", name: deployment.metadata?.name ?? "" }, this.kube.server, () => this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: selector }));
        return pods.items.flatMap(podReasons).slice(0, 5);
    }
    /**
     * What would serve the color: its images and a hash of its pod template. Replica counts are
     * left out on purpose, so that an autoscaler does not void a test.
     */
    async fingerprint(color) {
        const deployment = await this.get(color);
        const template = (0,external_node_crypto_.createHash)("sha256")
            .update(stableJson(deployment.spec?.template ?? {}))
            .digest("hex")
            .slice(0, 12);
        return `${this.name(color)}[${imagesOf(deployment).join(",")}] template ${template}`;
    }
    /** The container prepare updates: the `container` input, or the only one. */
    containerOf(deployment) {
        const containers = deployment.spec?.template?.spec?.containers ?? [];
        const names = containers.map((c) => c.name);
        const wanted = this.options.container;
        if (wanted !== undefined) {
            const found = containers.find((c) => c.name === wanted);
            if (!found)
                throw new errors/* InputError */.dz("container", `"${wanted}" is not a container of ${deployment.metadata?.name}; allowed values: ${names.join(", ")}.`);
            return { name: found.name, image: found.image ?? "" };
        }
        const [only, ...others] = containers;
        if (!only)
            throw new errors/* InputError */.dz("app", `${deployment.metadata?.name} has no containers.`);
        if (others.length > 0) {
            throw new errors/* InputError */.dz("container", `is required: ${deployment.metadata?.name} has several containers; allowed values: ${names.join(", ")}.`);
        }
        return { name: only.name, image: only.image ?? "" };
    }
    /**
     * The version the color's container runs (its image tag), or undefined when that cannot be told:
     * several containers and no `container` input, or an image by digest.
     */
    async runningVersion(color) {
        const deployment = await this.get(color);
        let image;
        try {
            image = this.containerOf(deployment).image;
        }
        catch (error) {
            if (error instanceof errors/* InputError */.dz)
                return { image: imagesOf(deployment).join(", ") };
            throw error;
        }
        const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(image.split("@")[0] ?? "")?.[1];
        return { image, version: image.includes("@") ? undefined : tag };
    }
    /**
     * Sets `<image>:<version>` on the container with a strategic merge patch (containers merge by
     * name, as `kubectl set image` does), restoring the replicas a promote scaled down.
     */
    async setImage(color, version) {
        const deployment = await this.get(color);
        const container = this.containerOf(deployment);
        const image = `${this.options.image}:${version}`;
        const scaledFrom = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
        const body = { spec: { template: { spec: { containers: [{ name: container.name, image }] } } } };
        const lines = [
            `PATCH deployment ${this.options.namespace}/${this.name(color)} container ${container.name} image ${image} (was ${container.image})`,
        ];
        if (Number.isInteger(scaledFrom) && scaledFrom > 0) {
            body.metadata = { annotations: { [SCALED_FROM_ANNOTATION]: null } };
            body.spec.replicas = scaledFrom;
            lines.push(`PATCH deployment ${this.options.namespace}/${this.name(color)} replicas ${scaledFrom} (restored after a scale-down)`);
        }
        await call(this.target(color, "patch"), this.kube.server, () => this.kube.apps.patchNamespacedDeployment({ name: this.name(color), namespace: this.options.namespace, body }, this.kube.strategicMergePatch));
        return lines;
    }
    /** Scales the old color down after a promote, remembering its replicas for the next prepare. */
    async scaleDown(color, replicas) {
        const deployment = await this.get(color);
        const current = deployment.spec?.replicas ?? 1;
        if (current === replicas)
            return [`deployment ${this.options.namespace}/${this.name(color)} already has ${replicas} replicas`];
        const remembered = deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION] ?? String(current);
        const body = { metadata: { annotations: { [SCALED_FROM_ANNOTATION]: remembered } }, spec: { replicas } };
        await call(this.target(color, "scale"), this.kube.server, () => this.kube.apps.patchNamespacedDeployment({ name: this.name(color), namespace: this.options.namespace, body }, this.kube.mergePatch));
        return [`scaled deployment ${this.options.namespace}/${this.name(color)} from ${current} to ${replicas} replicas (kept for rollback)`];
    }
    target(color, verb) {
        return { kind: "Deployment", namespace: this.options.namespace, name: this.name(color), input: "app", verb };
    }
}
/**
 * Rollout complete, as `kubectl rollout status` decides: the controller saw the latest spec,
 * every replica runs the new template, and all of them are ready and available.
 */
function rolloutStatus(deployment) {
    const wanted = deployment.spec?.replicas ?? 1;
    const status = deployment.status ?? {};
    const updated = status.updatedReplicas ?? 0;
    const total = status.replicas ?? 0;
    const ready = status.readyReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const counts = `${available}/${wanted} replicas available (${updated} updated, ${ready} ready, ${total} total)`;
    if (wanted === 0)
        return { ready: false, summary: "scaled to 0 replicas" };
    const generation = deployment.metadata?.generation ?? 0;
    if ((status.observedGeneration ?? 0) < generation) {
        return { ready: false, summary: `the controller has not seen the latest spec yet (generation ${generation}); ${counts}` };
    }
    const stalled = status.conditions?.find((c) => c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded");
    if (stalled)
        return { ready: false, summary: `rollout stalled (ProgressDeadlineExceeded); ${counts}` };
    const done = updated === wanted && total === wanted && ready === wanted && available === wanted;
    return { ready: done, summary: done ? counts : `rollout in progress: ${counts}` };
}
function imagesOf(deployment) {
    return (deployment.spec?.template?.spec?.containers ?? []).map((c) => `${c.name}=${c.image ?? ""}`);
}
/** One line per pod that will not get ready by itself. */
function podReasons(pod) {
    const name = pod.metadata?.name ?? "?";
    const reasons = [];
    for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
        const waiting = status.state?.waiting;
        if (waiting?.reason && !WAITING_REASONS_SHOWN.has(waiting.reason)) {
            reasons.push(`${name} ${status.name}: ${waiting.reason}${waiting.message ? ` (${waiting.message.slice(0, 160)})` : ""}`);
        }
        const terminated = status.state?.terminated ?? status.lastState?.terminated;
        if (!waiting && terminated?.reason && terminated.reason !== "Completed") {
            reasons.push(`${name} ${status.name}: ${terminated.reason} (exit code ${terminated.exitCode})`);
        }
    }
    const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
    if (unschedulable)
        reasons.push(`${name}: ${unschedulable.reason ?? "Unschedulable"}${unschedulable.message ? ` (${unschedulable.message})` : ""}`);
    return reasons;
}
function labelSelector(labels) {
    return Object.entries(labels)
        .map(([key, value]) => `${key}=${value}`)
        .join(",");
}
/** JSON with sorted keys, so that a hash does not depend on the API's field order. */
function stableJson(value) {
    if (Array.isArray(value))
        return `[${value.map(stableJson).join(",")}]`;
    if (value && typeof value === "object" && !(value instanceof Date)) {
        return `{${Object.keys(value)
            .sort()
            .filter((key) => value[key] !== undefined)
            .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/restore-scale.ts




/**
 * Before traffic goes back to a color that promote scaled down (scale-down-replicas), give it back
 * the replicas it had, recorded in `bluegreen.io/scaled-down-from`, and wait until its rollout is
 * ready: one replica left for a quick rollback cannot carry production's full load, and none
 * cannot carry any. If it does not get ready within `timeout`, refuse: routing is not touched.
 * With dryRun, only says what it would do. Returns lines for the plan.
 */
async function restoreScale(kube, options, rollouts, color, dryRun) {
    const deployment = await rollouts.get(color);
    const recorded = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
    if (!Number.isInteger(recorded) || recorded <= 0)
        return [];
    const object = `deployment ${options.namespace}/${rollouts.name(color)}`;
    const current = deployment.spec?.replicas ?? 1;
    // Someone may have scaled it up by hand since: never scale it down here.
    const replicas = Math.max(current, recorded);
    const resourceVersion = deployment.metadata?.resourceVersion ?? "";
    const seconds = Math.round(options.timeoutMs / 1000);
    const lines = [
        `PATCH ${object} replicas ${replicas} (was ${current}; scaled down by promote from ${recorded}) and remove annotation ${SCALED_FROM_ANNOTATION} (resourceVersion ${resourceVersion})`,
        `wait until ${object} is ready (timeout ${seconds} s) before switching; otherwise refuse and change no routing`,
    ];
    if (dryRun)
        return lines;
    // The resourceVersion makes a concurrent change (an autoscaler, a hand edit) fail with 409
    // rather than be overwritten, and lets http.ts retry this write once safely.
    const body = {
        metadata: { resourceVersion, annotations: { [SCALED_FROM_ANNOTATION]: null } },
        spec: { replicas },
    };
    await call({ kind: "Deployment", namespace: options.namespace, name: rollouts.name(color), input: "app", verb: "scale up" }, kube.server, () => kube.apps.patchNamespacedDeployment({ name: rollouts.name(color), namespace: options.namespace, body }, kube.mergePatch));
    try {
        const ready = await (0,wait/* pollUntil */.g)(`${object} becoming ready`, options.timeoutMs, async () => {
            const readiness = await rollouts.readiness(color);
            return { done: readiness.ready, detail: readiness.summary };
        });
        return [...lines.slice(0, 1), `${object} is ready again (${ready.detail})`];
    }
    catch (error) {
        if (!(error instanceof errors/* TimeoutError */.MU))
            throw error;
        throw new errors/* RefusedError */.fk(`Refusing to switch traffic to ${color}: ${object} was scaled back up from ${current} to ${replicas} replicas, but ${error.message.replace(/\.$/, "")}. No routing was changed; ${object} keeps ${replicas} replicas.`);
    }
}

// EXTERNAL MODULE: ./src/ledger.ts
var src_ledger = __webpack_require__(58730);
;// CONCATENATED MODULE: ./src/backends/kubernetes/annotations.ts


/** bluegreen's record on the Service or Route: the ledger itself, and readable copies for people. */
const LEDGER_ANNOTATION = "bluegreen.io/ledger";
const LIVE_ANNOTATION = "bluegreen.io/live-color";
const PREVIOUS_ANNOTATION = "bluegreen.io/previous-color";
const VERSION_ANNOTATION = "bluegreen.io/live-version";
const SWITCHED_AT_ANNOTATION = "bluegreen.io/switched-at";
const SWITCHED_BY_ANNOTATION = "bluegreen.io/switched-by-run";
/**
 * The annotations to merge-patch for a ledger. Values bluegreen has no longer are sent as null,
 * which a merge patch turns into "remove", so no stale record survives.
 */
function ledgerAnnotations(ledger, live) {
    return {
        [LEDGER_ANNOTATION]: (0,src_ledger/* encodeLedger */.KX)(ledger),
        [LIVE_ANNOTATION]: live,
        [PREVIOUS_ANNOTATION]: ledger.previous ?? null,
        [VERSION_ANNOTATION]: ledger.versions[live] ?? null,
        [SWITCHED_AT_ANNOTATION]: ledger.at ?? null,
        [SWITCHED_BY_ANNOTATION]: ledger.run ?? null,
    };
}
/**
 * The ledger from an object's annotations. When only the readable annotations are there (written
 * by hand, or by an older bluegreen), the rollback target still comes from them.
 */
function ledgerFrom(annotations) {
    const ledger = (0,src_ledger/* decodeLedger */.iN)(annotations?.[LEDGER_ANNOTATION]);
    if (annotations?.[LEDGER_ANNOTATION] === undefined) {
        const live = annotations?.[LIVE_ANNOTATION];
        const previous = annotations?.[PREVIOUS_ANNOTATION];
        if ((0,colors/* isColor */._o)(live))
            ledger.live = live;
        if ((0,colors/* isColor */._o)(previous))
            ledger.previous = previous;
    }
    return ledger;
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/route.ts






const ROUTES = { group: "route.openshift.io", version: "v1", plural: "routes" };
/**
 * openshift-route: the production Route's spec.to names the live color's Service
 * (`<app>-blue` / `<app>-green`); an optional preview Route names the idle one. A promote may
 * shift traffic in weight steps through spec.alternateBackends.
 */
class RouteRouter {
    kube;
    options;
    rollouts;
    constructor(kube, options, rollouts) {
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
    }
    service(color) {
        return `${this.options.app}-${color}`;
    }
    name(route) {
        return `${this.options.namespace}/${route}`;
    }
    async read() {
        // One after the other, so that the first missing object is the one reported, always the same.
        const route = await this.get(this.options.route, "route");
        const preview = await this.getPreview();
        for (const color of colors/* COLORS */.lm)
            await this.requireService(color);
        const deployments = await this.rollouts.details();
        const live = this.colorOf(route.spec?.to?.name, "route", this.options.route);
        const previewColor = preview ? this.colorOf(preview.spec?.to?.name, "preview-route", this.options.previewRoute) : undefined;
        const warnings = [];
        const weights = describeWeights(route);
        const split = (route.spec?.alternateBackends ?? []).some((b) => (b.weight ?? 100) > 0);
        if (split) {
            warnings.push(`route ${this.name(this.options.route)} splits traffic (${weights}): a weighted promote did not finish, or someone set weights by hand.`);
        }
        if (!preview)
            warnings.push(`no preview route ${this.name(this.options.previewRoute)}: the idle color is reached through its Service only.`);
        return {
            live,
            preview: previewColor,
            ledger: ledgerFrom(route.metadata?.annotations),
            revision: route.metadata?.resourceVersion ?? "",
            details: {
                route: this.name(this.options.route),
                weights,
                "preview route": preview ? `${this.name(this.options.previewRoute)} -> ${preview.spec?.to?.name}` : "none",
                ...deployments,
            },
            warnings,
            split,
        };
    }
    describe(change, state, options) {
        const route = this.name(this.options.route);
        const lines = [];
        const from = this.service(state.live);
        const to = this.service(change.live);
        if (change.live === state.live) {
            lines.push(`PATCH route ${route} annotations bluegreen.io/* (ledger only; spec.to stays ${from}) (resourceVersion ${state.revision})`);
        }
        else {
            // Each write carries the resourceVersion read (first) or answered by the previous write.
            const steps = this.steps(change, state, options);
            const version = (index) => (index === 0 ? `resourceVersion ${state.revision}` : "resourceVersion of the previous step");
            for (const [index, percent] of steps.slice(0, -1).entries()) {
                lines.push(`PATCH route ${route} weights ${from}=${100 - percent} ${to}=${percent} (${version(index)}), then check production at ${percent}%`);
            }
            lines.push(`PATCH route ${route} spec.to ${to} weight 100 (was ${from}), no alternateBackends, and annotations bluegreen.io/* (${version(steps.length - 1)})`);
            if (steps.length > 1)
                lines.push(`if any step fails: PATCH route ${route} spec.to ${from} weight 100, no alternateBackends`);
        }
        if (state.preview !== undefined && state.preview !== change.preview) {
            lines.push(`PATCH route ${this.name(this.options.previewRoute)} spec.to ${this.service(change.preview)} (was ${this.service(state.preview)})`);
        }
        return lines;
    }
    async apply(change, state, options) {
        const steps = this.steps(change, state, options);
        let resourceVersion = state.revision;
        const old = state.live;
        let written = false;
        for (const [index, percent] of steps.entries()) {
            const last = index === steps.length - 1;
            try {
                const body = last ? this.finalBody(change) : this.stepBody(old, change.live, percent);
                const patched = await this.patch(this.options.route, "route", { ...body, metadata: { ...body.metadata, resourceVersion } });
                written = true;
                resourceVersion = patched.metadata?.resourceVersion ?? "";
                if (!last)
                    await options?.onStep?.(percent);
            }
            catch (error) {
                // The first write refused (a 409, say) means nothing changed: say exactly that.
                if (!written)
                    throw error;
                throw await this.restore(old, error, percent);
            }
        }
        await this.pointPreview(change.preview, state, change.live !== state.live);
    }
    /** Percentages on the new color; a single 100 when not switching or when no steps were asked. */
    steps(change, state, options) {
        if (change.live === state.live || !options?.steps?.length)
            return [100];
        return options.steps;
    }
    stepBody(old, next, percent) {
        // spec.to stays on the old color until the last step: a reader (or a crash) mid-way still sees the old color as live.
        return {
            spec: {
                to: { kind: "Service", name: this.service(old), weight: 100 - percent },
                alternateBackends: [{ kind: "Service", name: this.service(next), weight: percent }],
            },
        };
    }
    finalBody(change) {
        return {
            metadata: { annotations: ledgerAnnotations(change.ledger, change.live) },
            spec: { to: { kind: "Service", name: this.service(change.live), weight: 100 }, alternateBackends: null },
        };
    }
    /** Puts all traffic back on the old color (fresh resourceVersion) and returns the error to throw. */
    async restore(old, error, percent) {
        const why = error instanceof Error ? error.message : String(error);
        const route = this.name(this.options.route);
        try {
            const fresh = await this.get(this.options.route, "route");
            await this.patch(this.options.route, "route", {
                metadata: { resourceVersion: fresh.metadata?.resourceVersion ?? "" },
                spec: { to: { kind: "Service", name: this.service(old), weight: 100 }, alternateBackends: null },
            });
        }
        catch (restoreError) {
            const how = restoreError instanceof Error ? restoreError.message : String(restoreError);
            return new errors/* BluegreenError */.cw(`the step at ${percent}% failed (${why}), and putting all traffic back on ${old} failed too (${how}): check route ${route} now.`);
        }
        return new errors/* BluegreenError */.cw(`the step at ${percent}% failed (${why}); all traffic is back on ${old} (route ${route}: ${this.service(old)} 100).`);
    }
    /**
     * The preview Route follows the idle color; it is optional, and holds no ledger. When production
     * was just switched, a preview that cannot follow is a warning: failing the step would misreport
     * where production is.
     */
    async pointPreview(color, state, productionSwitched) {
        if (state.preview === undefined || state.preview === color)
            return;
        try {
            await this.patch(this.options.previewRoute, "preview-route", {
                spec: { to: { kind: "Service", name: this.service(color), weight: 100 } },
            });
        }
        catch (error) {
            if (!productionSwitched)
                throw error;
            log/* log */.Rm.warn(`Production was switched, but the preview route could not follow: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    async patch(name, input, body) {
        return (await call(this.target(name, input, "patch"), this.kube.server, () => this.kube.custom.patchNamespacedCustomObject({ ...ROUTES, namespace: this.options.namespace, name, body }, this.kube.mergePatch)));
    }
    async get(name, input) {
        return (await call(this.target(name, input, "read"), this.kube.server, () => this.kube.custom.getNamespacedCustomObject({ ...ROUTES, namespace: this.options.namespace, name })));
    }
    /** The preview Route, or undefined when it does not exist (it is optional). */
    async getPreview() {
        try {
            return (await this.kube.custom.getNamespacedCustomObject({
                ...ROUTES,
                namespace: this.options.namespace,
                name: this.options.previewRoute,
            }));
        }
        catch (error) {
            if (statusCode(error) === 404)
                return undefined;
            throw explain(error, this.target(this.options.previewRoute, "preview-route", "read"), this.kube.server);
        }
    }
    /** The per-color Services the Routes point at must exist, or the switch would send traffic nowhere. */
    async requireService(color) {
        await call({ kind: "Service", namespace: this.options.namespace, name: this.service(color), input: "app", verb: "read" }, this.kube.server, () => this.kube.core.readNamespacedService({ name: this.service(color), namespace: this.options.namespace }));
    }
    colorOf(service, input, route) {
        for (const color of colors/* COLORS */.lm)
            if (service === this.service(color))
                return color;
        throw new errors/* InputError */.dz(input, `route ${this.name(route)} sends traffic to service "${(0,inputs/* printable */.g$)(service ?? "")}"; allowed: ${this.service("blue")} or ${this.service("green")} (the app input decides those names).`);
    }
    target(name, input, verb) {
        return { kind: "Route", namespace: this.options.namespace, name, input, verb };
    }
}
function describeWeights(route) {
    const backends = [route.spec?.to, ...(route.spec?.alternateBackends ?? [])].filter((b) => b !== undefined);
    return backends.map((b) => `${b.name}=${b.weight ?? 100}`).join(" ");
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/service.ts







/**
 * k8s-service: production is the Service `<service>`, whose selector holds `<color-label>: <live>`.
 * There is no preview object: the idle color is reached through its own Service `<app>-<color>`,
 * so read() reports the idle color as the preview.
 */
class ServiceRouter {
    kube;
    options;
    rollouts;
    constructor(kube, options, rollouts) {
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
    }
    get object() {
        return `${this.options.namespace}/${this.options.service}`;
    }
    async read() {
        // The Service first: when it is missing, that is the error to report, not a missing Deployment.
        const service = await this.get();
        const deployments = await this.rollouts.details();
        const selector = service.spec?.selector ?? {};
        const live = this.liveColor(selector);
        return {
            live,
            preview: (0,colors/* otherColor */.IP)(live),
            ledger: ledgerFrom(service.metadata?.annotations),
            revision: service.metadata?.resourceVersion ?? "",
            details: { service: this.object, selector: labelSelector(selector), ...deployments },
            warnings: [],
        };
    }
    describe(change, state) {
        const { colorLabel } = this.options;
        if (change.live === state.live) {
            return [
                `PATCH service ${this.object} annotations bluegreen.io/* (ledger only; selector stays ${colorLabel}=${state.live}) (resourceVersion ${state.revision})`,
            ];
        }
        return [
            `PATCH service ${this.object} selector ${colorLabel}=${change.live} (was ${state.live}) and annotations bluegreen.io/*, in one merge patch (resourceVersion ${state.revision})`,
            `wait until the endpoints of service ${this.object} are only ${change.live} pods (timeout ${Math.round(this.options.timeoutMs / 1000)} s); otherwise put the selector back to ${colorLabel}=${state.live}`,
        ];
    }
    /**
     * One merge patch carrying the selector, the ledger annotations and the resourceVersion read:
     * the API answers 409 if anyone changed the Service since, and nothing is half-written.
     */
    async apply(change, state) {
        const switching = change.live !== state.live;
        // The other selector labels as they are (if the Service changed since the read, the patch below answers 409).
        const selector = { ...(switching ? (await this.get()).spec?.selector : {}), [this.options.colorLabel]: change.live };
        if (switching)
            await this.refuseEmptySelector(selector);
        const patched = await this.patch(change.live, change.ledger, state.revision, switching);
        if (!switching)
            return;
        try {
            await this.waitForEndpoints(change.live, selector);
        }
        catch (error) {
            // Endpoints not confirmed (timeout, or the list itself refused): production goes back to the old color.
            const why = error instanceof errors/* TimeoutError */.MU
                ? error.message
                : `Could not confirm the endpoints of service ${this.object}: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, "")};`;
            const back = await this.patch(state.live, state.ledger, patched.metadata?.resourceVersion ?? "", true).then(() => `the selector was put back to ${this.options.colorLabel}=${state.live}`, (restoreError) => `putting the selector back to ${state.live} FAILED too (${restoreError instanceof Error ? restoreError.message : String(restoreError)}): check service ${this.object}`);
            throw new errors/* RouterError */.KJ(`${why} ${back}.`);
        }
    }
    async patch(live, ledger, resourceVersion, withSelector) {
        const body = {
            metadata: { resourceVersion, annotations: ledgerAnnotations(ledger, live) },
        };
        if (withSelector)
            body.spec = { selector: { [this.options.colorLabel]: live } };
        return call(this.target("patch"), this.kube.server, () => this.kube.core.patchNamespacedService({ name: this.options.service, namespace: this.options.namespace, body }, this.kube.mergePatch));
    }
    /** A selector that matches no pod would take production down: refuse before changing anything. */
    async refuseEmptySelector(selector) {
        const text = labelSelector(selector);
        const pods = await call({ ...this.target("list pods for"), kind: "Service" }, this.kube.server, () => this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: text }));
        if (pods.items.length === 0) {
            throw new errors/* RefusedError */.fk(`No pod in namespace ${this.options.namespace} matches ${text}, the selector service ${this.object} would get; nothing was changed.`);
        }
    }
    /** Endpoints follow the selector asynchronously: wait until they hold only the new color's pods. */
    async waitForEndpoints(color, selector) {
        const text = labelSelector(selector);
        await (0,wait/* pollUntil */.g)(`the endpoints of service ${this.object} holding only ${color} pods`, this.options.timeoutMs, async () => {
            const [pods, slices] = await Promise.all([
                call(this.target("list pods for"), this.kube.server, () => this.kube.core.listNamespacedPod({ namespace: this.options.namespace, labelSelector: text })),
                call({ ...this.target("list endpoint slices of"), kind: "Service" }, this.kube.server, () => this.kube.discovery.listNamespacedEndpointSlice({
                    namespace: this.options.namespace,
                    labelSelector: `kubernetes.io/service-name=${this.options.service}`,
                })),
            ]);
            const wanted = new Set(pods.items.map((pod) => pod.metadata?.name));
            // An endpoint takes traffic unless it is explicitly not ready (terminating pods say so).
            const serving = slices.items.flatMap((slice) => slice.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
            const names = serving.map((e) => e.targetRef?.name ?? e.addresses.join(","));
            const others = names.filter((name) => !wanted.has(name));
            const done = names.length > 0 && others.length === 0;
            const detail = names.length === 0
                ? "no ready endpoints"
                : `${names.length - others.length} of ${names.length} ready endpoints are ${color} pods${others.length ? ` (others: ${others.slice(0, 5).join(", ")})` : ""}`;
            return { done, detail };
        }, 100, 1_000);
    }
    liveColor(selector) {
        const value = selector[this.options.colorLabel];
        if (!(0,colors/* isColor */._o)(value)) {
            throw new errors/* InputError */.dz("color-label", `service ${this.object} has the selector "${(0,inputs/* printable */.g$)(labelSelector(selector))}", with no "${this.options.colorLabel}: blue|green"; allowed: the selector label whose value names the live color.`);
        }
        return value;
    }
    async get() {
        return call(this.target("read"), this.kube.server, () => this.kube.core.readNamespacedService({ name: this.options.service, namespace: this.options.namespace }));
    }
    target(verb) {
        return { kind: "Service", namespace: this.options.namespace, name: this.options.service, input: "service", verb };
    }
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/index.ts









/**
 * The k8s-service and openshift-route backends. Inputs are checked first; only then is
 * @kubernetes/client-node loaded (dynamically, in connect()) and the kubeconfig read.
 */
async function createKubernetesBackend(kind, read, config) {
    const options = parseKubernetesOptions(kind, read, config);
    const kube = await connect(options);
    const rollouts = new Rollouts(kube, options);
    const router = kind === "k8s-service" ? new ServiceRouter(kube, options, rollouts) : new RouteRouter(kube, options, rollouts);
    return new KubernetesBackend(kind, kube, options, rollouts, router, (color) => serviceProxyRequester(kube, options, color));
}
class KubernetesBackend {
    kind;
    kube;
    options;
    rollouts;
    router;
    proxy;
    constructor(kind, kube, options, rollouts, router, proxy) {
        this.kind = kind;
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
        this.router = router;
        this.proxy = proxy;
    }
    read() {
        return this.router.read();
    }
    readiness(color) {
        return this.rollouts.readiness(color);
    }
    fingerprint(color) {
        return this.rollouts.fingerprint(color);
    }
    async deploy(color, version) {
        if (this.options.image === undefined)
            throw new errors/* InputError */.dz("image", `is required to deploy with backend ${this.kind}.`);
        const lines = await this.rollouts.setImage(color, version);
        for (const line of lines)
            log/* log */.Rm.info(line); // the exact patch, in the log even where the mode keeps only a summary line
        return lines;
    }
    describe(change, state, options) {
        return this.router.describe(change, state, options);
    }
    async apply(change, state, options) {
        if (change.live !== state.live)
            await this.refuseOtherVersion(change);
        return this.router.apply(change, state, options);
    }
    /**
     * Production goes only to the version bluegreen put on the color: if someone set another image
     * by hand since, the switch is refused before anything is written.
     */
    async refuseOtherVersion(change) {
        const expected = change.ledger.versions[change.live];
        if (expected === undefined)
            return; // installed before bluegreen: nothing recorded to compare with
        const running = await this.rollouts.runningVersion(change.live);
        if (running.version !== undefined && running.version !== expected) {
            throw new errors/* RefusedError */.fk(`Refusing to switch to ${change.live}: deployment ${this.options.namespace}/${this.rollouts.name(change.live)} runs ${running.image}, not ${expected} as bluegreen recorded; nothing was changed. Run prepare again.`);
        }
    }
    previewRequester(color) {
        return this.proxy(color);
    }
    /** A color promote scaled down gets its replicas back, and is ready, before traffic returns to it. */
    beforeSwitch(target, _mode, dryRun) {
        return restoreScale(this.kube, this.options, this.rollouts, target, dryRun);
    }
    /** scale-down-replicas: the old color keeps a few replicas for a quick rollback, or none. */
    async afterPromote(previous) {
        if (this.options.scaleDownReplicas === undefined)
            return [];
        return this.rollouts.scaleDown(previous, this.options.scaleDownReplicas);
    }
}


/***/ }),

/***/ 58730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ encodeLedger),
/* harmony export */   iN: () => (/* binding */ decodeLedger)
/* harmony export */ });
/* unused harmony export emptyLedger */
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36411);

function emptyLedger() {
    return { versions: {} };
}
/**
 * Compact `key=value&...` form: no spaces (HAProxy map values), readable in `show map`,
 * and small enough for an annotation or a display name.
 */
function encodeLedger(ledger) {
    const params = new URLSearchParams();
    const put = (key, value) => {
        if (value !== undefined && value !== "")
            params.set(key, value);
    };
    put("live", ledger.live);
    put("previous", ledger.previous);
    put("blue", ledger.versions.blue);
    put("green", ledger.versions.green);
    put("pending", ledger.pending);
    put("failed", ledger.prepareFailed);
    put("action", ledger.lastAction);
    put("at", ledger.at);
    put("run", ledger.run);
    if (ledger.tested) {
        put("tested", ledger.tested.color);
        put("testedVersion", ledger.tested.version);
        put("testedFingerprint", ledger.tested.fingerprint);
        put("testedAt", ledger.tested.at);
    }
    if (ledger.bake) {
        put("bake", ledger.bake.state);
        put("bakeUntil", ledger.bake.until);
    }
    return params.toString();
}
/** Parses what encodeLedger wrote; anything unknown or malformed is dropped rather than trusted. */
function decodeLedger(text) {
    const ledger = emptyLedger();
    if (!text)
        return ledger;
    const params = new URLSearchParams(text.trim());
    const color = (key) => {
        const value = params.get(key);
        return (0,_colors_js__WEBPACK_IMPORTED_MODULE_0__/* .isColor */ ._o)(value) ? value : undefined;
    };
    const text_ = (key) => params.get(key) || undefined;
    ledger.live = color("live");
    ledger.previous = color("previous");
    const blue = text_("blue");
    const green = text_("green");
    if (blue)
        ledger.versions.blue = blue;
    if (green)
        ledger.versions.green = green;
    ledger.pending = color("pending");
    ledger.prepareFailed = color("failed");
    const action = params.get("action");
    if (action === "promote" || action === "rollback")
        ledger.lastAction = action;
    ledger.at = text_("at");
    ledger.run = text_("run");
    const testedColor = color("tested");
    const testedVersion = text_("testedVersion");
    if (testedColor && testedVersion) {
        ledger.tested = {
            color: testedColor,
            version: testedVersion,
            fingerprint: text_("testedFingerprint") ?? "",
            at: text_("testedAt") ?? "",
        };
    }
    const bake = params.get("bake");
    if (bake === "running" || bake === "cancelled" || bake === "failed")
        ledger.bake = { state: bake, until: text_("bakeUntil") ?? "" };
    return stripUndefined(ledger);
}
function stripUndefined(ledger) {
    for (const key of Object.keys(ledger)) {
        if (ledger[key] === undefined)
            delete ledger[key];
    }
    return ledger;
}


/***/ })

};
