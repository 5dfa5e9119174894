export const id = 891;
export const ids = [891];
export const modules = {

/***/ 42891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KubernetesRouter: () => (/* binding */ KubernetesRouter),
  KubernetesWorkload: () => (/* binding */ KubernetesWorkload),
  createKubernetes: () => (/* binding */ createKubernetes)
});

// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/sentence.ts
var sentence = __webpack_require__(20358);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/kubernetes/http.ts

const DEFAULT_POLICY = { readAttempts: 4, backoffMs: 250, maxBackoffMs: 5_000, settleMs: 1_000 };
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
 * A request that got no HTTP answer at all (connection refused or reset, TLS failure, DNS). `contacted`
 * tells whether an earlier request of this run was answered: if so, the kubeconfig is fine and the
 * connection broke mid-run; if not, the API server may never have been reachable with it.
 */
class ConnectionLost extends Error {
    method;
    path;
    code;
    detail;
    contacted;
    nothingChanged;
    original;
    constructor(method, path, 
    /** ECONNRESET, ECONNREFUSED, a certificate error code... */
    code, 
    /** The socket error, as the runtime words it. */
    detail, contacted, 
    /** True when neither this request nor any earlier write of this run can have changed anything. */
    nothingChanged, 
    /** The client's own error, whose cause names the socket failure. */
    original) {
        super(`${method} ${path}: ${detail}`);
        this.method = method;
        this.path = path;
        this.code = code;
        this.detail = detail;
        this.contacted = contacted;
        this.nothingChanged = nothingChanged;
        this.original = original;
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
    // Once the server answered anything, a later socket failure is a broken connection, not a bad kubeconfig.
    let contacted = false;
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
            if (outcome.kind === "answer")
                contacted = true;
            // A write carrying its resourceVersion is sent again after a timeout too (after a settle, so
            // that a late first attempt lands first): whichever attempt the server applies, the other is
            // refused with 409, so the write is applied once, and the caller learns which from the object.
            const settleAndRetry = outcome.kind === "timeout" && guarded && n < attempts;
            if (outcome.kind === "timeout" && !settleAndRetry)
                throw new RequestTimeout(method, path, policy.limitMs, read && !mayHaveWritten);
            const retryable = outcome.kind === "answer"
                ? RETRYABLE_STATUS.has(outcome.status)
                : outcome.kind === "network"
                    ? RETRYABLE_NETWORK.has(outcome.code ?? "")
                    : settleAndRetry;
            if (guarded && n > 1 && outcome.kind === "answer" && outcome.status === 409 && firstFailure !== undefined) {
                throw new AmbiguousWrite(method, path, firstFailure);
            }
            if (!retryable || n >= attempts) {
                if (outcome.kind === "network") {
                    throw new ConnectionLost(method, path, outcome.code, socketDetail(outcome.error), contacted, read && !mayHaveWritten, outcome.error);
                }
                if (outcome.kind === "timeout")
                    throw new RequestTimeout(method, path, policy.limitMs, false);
                const headers = { ...outcome.headers, [ATTEMPTS_HEADER]: String(n) };
                const body = new k8s.SelfDecodingBody(Promise.resolve(Buffer.from(outcome.text)));
                return new k8s.ResponseContext(outcome.status, headers, body);
            }
            // Only failures after which the first write may have been applied make a later 409 ambiguous.
            if (guarded && maybeApplied(outcome))
                firstFailure = describe(outcome, policy);
            await (0,wait/* sleep */.y)(outcome.kind === "timeout" ? policy.settleMs : delayBefore(n, outcome, policy));
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
function describe(outcome, policy) {
    if (outcome.kind === "answer")
        return `the API server answered ${outcome.status}`;
    if (outcome.kind === "network")
        return `the connection failed (${outcome.code ?? "network error"})`;
    return `the API server did not answer within ${Math.round(policy.limitMs / 100) / 10} s`;
}
/** The socket failure in words: fetch wraps it in `cause` (ECONNRESET, a certificate error...). */
function socketDetail(error) {
    const cause = error?.cause;
    if (cause?.message)
        return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message;
    return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
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
    const k8s = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(273)]).then(__webpack_require__.bind(__webpack_require__, 49273));
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
        throw new errors/* InputError */.dz("kubeconfig", (0,sentence/* sentenceOf */.$)(`${where} could not be loaded: ${firstLine(error)}`));
    }
    if (options.context !== undefined) {
        if (!config.getContextObject(options.context)) {
            const known = config.getContexts().map((c) => c.name);
            throw new errors/* InputError */.dz("context", `"${(0,input_text/* printable */.g)(options.context)}" is not in the kubeconfig; allowed values: ${known.join(", ") || "(the kubeconfig has no contexts)"}.`);
        }
        config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    const user = config.getCurrentUser();
    if (!cluster || !user) {
        throw new errors/* InputError */.dz("kubeconfig", `the current context "${(0,input_text/* printable */.g)(config.getCurrentContext() ?? "")}" names no cluster or no user; set context to one of: ${config
            .getContexts()
            .map((c) => c.name)
            .join(", ")}.`);
    }
    for (const secret of [user.token, user.password, user.keyData, user.certData])
        (0,secrets/* maskSecret */.$l)(secret);
    if (!/^https?:\/\//.test(cluster.server)) {
        throw new errors/* InputError */.dz("kubeconfig", `the cluster "${cluster.name}" has server "${(0,input_text/* printable */.g)(cluster.server)}"; allowed: an https:// URL.`);
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
    if (error instanceof ConnectionLost && error.contacted) {
        // The API server answered earlier requests of this run: the kubeconfig works, the connection broke.
        const outcome = error.nothingChanged
            ? "nothing was changed"
            : error.method === "GET"
                ? "earlier changes of this step stand; check the objects before running it again"
                : `the change may or may not have been applied; check ${object} before running the step again`;
        return new errors/* RouterError */.KJ(`The connection to the API server at ${server} broke (${error.detail}) while trying to ${target.verb} ${object} (${error.method} ${error.path}), after earlier requests of this step were answered; ${outcome}.`);
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
            return new errors/* InputError */.dz(target.input, `${object} was not found (404: ${message ?? "not found"}); check the inputs ${target.input} and namespace${target.note ? ` (${target.note})` : ""}.`);
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
    if (error instanceof ConnectionLost)
        return error.detail;
    const cause = error?.cause;
    if (cause?.message)
        return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message;
    return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

// EXTERNAL MODULE: ./src/backends/kubernetes/manifests.ts
var manifests = __webpack_require__(78568);
;// CONCATENATED MODULE: ./src/backends/kubernetes/apply.ts



/**
 * The field manager of every server-side apply bluegreen makes. It is fixed, so that each run owns the
 * same fields as the last one: a field removed from the manifests is removed from the object, and a
 * field someone else set (kubectl edit, an operator) is a conflict, not silently overwritten.
 */
const FIELD_MANAGER = "bluegreen";
/**
 * Applies the rendered objects with server-side apply (`application/apply-patch+yaml`). First every
 * object is applied with `dryRun=All`: a kind the credentials may not write (403), an object the API
 * rejects (400, 422) or a field owned by another manager (409) fails there, before anything changed.
 * Then each is applied for real, ConfigMaps and Secrets before the Deployment that uses them.
 */
async function serverSideApply(kube, objects, force) {
    const k8s = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(273)]).then(__webpack_require__.bind(__webpack_require__, 49273)); // already loaded by connect(): this costs nothing
    const applyPatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply);
    const send = (rendered, dryRun) => {
        const request = {
            name: rendered.name,
            namespace: rendered.object.metadata.namespace,
            body: rendered.object,
            fieldManager: FIELD_MANAGER,
            force,
            ...(dryRun ? { dryRun: "All" } : {}),
        };
        switch (rendered.kind) {
            case "Deployment":
                return kube.apps.patchNamespacedDeployment(request, applyPatch);
            case "ConfigMap":
                return kube.core.patchNamespacedConfigMap(request, applyPatch);
            case "Secret":
                return kube.core.patchNamespacedSecret(request, applyPatch);
        }
    };
    for (const rendered of objects) {
        try {
            await send(rendered, true);
        }
        catch (error) {
            throw refusal(error, rendered, kube.server, force, []);
        }
    }
    const lines = [];
    const applied = [];
    let deployment = {};
    for (const rendered of objects) {
        let answer;
        try {
            answer = await send(rendered, false);
        }
        catch (error) {
            throw refusal(error, rendered, kube.server, force, applied);
        }
        if (rendered.kind === "Deployment")
            deployment = answer;
        applied.push(`${rendered.kind} ${rendered.name}`);
        // Names and origin only: a Secret's data never reaches a log.
        lines.push(`APPLY (server-side, field manager ${FIELD_MANAGER}${force ? ", force-conflicts" : ""}) ${rendered.kind.toLowerCase()} ${rendered.object.metadata.namespace}/${rendered.name} from ${(0,manifests/* where */._)(rendered.source)}`);
    }
    return { lines, deployment };
}
/** One sentence for a refused apply: which document, why, and what was already applied before it. */
function refusal(error, rendered, server, force, applied) {
    const object = `${rendered.kind} ${rendered.object.metadata.namespace}/${rendered.name}`;
    const origin = `${object} (from ${(0,manifests/* where */._)(rendered.source)})`;
    const before = applied.length === 0 ? "nothing was changed" : `already applied: ${applied.join(", ")}; production was not touched`;
    const code = statusCode(error);
    const body = statusBody(error);
    if (code === 409 && !force) {
        const causes = (body?.details?.causes ?? []);
        const fields = causes.length
            ? causes.map((c) => `${c.field ?? "?"} (${(c.message ?? "").replace(/^conflicts? with /, "owned by ")})`).join(", ")
            : (body?.message ?? "conflict");
        return new errors/* RouterError */.KJ(`Server-side apply of ${origin} conflicts with fields another field manager set: ${fields}. Nothing was forced, ${before}; remove those fields from the manifests, or set force-conflicts: true to take them over.`, 409);
    }
    if (code === 403) {
        return new errors/* InputError */.dz("manifests", `${(0,manifests/* where */._)(rendered.source)}: the credentials may not apply ${object} (403 Forbidden: ${body?.message ?? "forbidden"}); ${before}. Grant the deployer's role "patch" (and "create") on ${rendered.kind === "Deployment" ? "deployments in API group apps" : `${rendered.kind.toLowerCase()}s`}, or leave this document out.`);
    }
    if (code === 400 || code === 422) {
        return new errors/* InputError */.dz("manifests", `${(0,manifests/* where */._)(rendered.source)}: the API server rejected ${object} (${code}: ${body?.message ?? "invalid"}); ${before}.`);
    }
    const target = {
        kind: rendered.kind,
        namespace: rendered.object.metadata.namespace,
        name: rendered.name,
        input: "manifests",
        verb: "apply",
    };
    const explained = explain(error, target, server);
    if (applied.length === 0)
        return explained;
    return new errors/* RouterError */.KJ(`${explained.message.replace(/\.$/, "")} (already applied: ${applied.join(", ")}; production was not touched).`);
}
/** The Status object the API answered with (client-node keeps the body as text or parsed JSON). */
function statusBody(error) {
    const body = error.body;
    if (typeof body === "string") {
        try {
            return JSON.parse(body);
        }
        catch {
            return undefined;
        }
    }
    return typeof body === "object" && body !== null ? body : undefined;
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/render.ts
/** Fields the API server writes; a manifest exported from a cluster may carry them, an apply must not. */
const SERVER_FIELDS = ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"];
/**
 * Renders the color-neutral manifests for one color: every name gets `-<color>`, the Deployment's
 * selector and pod template get `<color-label>: <color>` (so the two colors' pods never mix), and the
 * pod's references to ConfigMaps and Secrets of the set are rewritten to the suffixed names, so each
 * color runs with its own configuration. ConfigMaps and Secrets come first: the pods need them.
 */
function renderManifests(set, color, options) {
    const renamed = { ConfigMap: new Map(), Secret: new Map() };
    for (const config of set.configs)
        renamed[config.kind].set(config.name, `${config.name}-${color}`);
    const configs = set.configs.map((source) => {
        const object = base(source.object, `${source.name}-${color}`, color, options);
        return { source, kind: source.kind, name: object.metadata.name, object };
    });
    const deployment = base(set.deployment.object, `${options.app}-${color}`, color, options);
    deployment.spec.selector.matchLabels = { ...deployment.spec.selector.matchLabels, [options.colorLabel]: color };
    deployment.spec.template.metadata = deployment.spec.template.metadata ?? {};
    deployment.spec.template.metadata.labels = { ...deployment.spec.template.metadata.labels, [options.colorLabel]: color };
    const pod = deployment.spec.template.spec;
    const configMap = (name) => (typeof name === "string" ? (renamed.ConfigMap.get(name) ?? name) : name);
    const secret = (name) => (typeof name === "string" ? (renamed.Secret.get(name) ?? name) : name);
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
        for (const from of container.envFrom ?? []) {
            if (from.configMapRef)
                from.configMapRef.name = configMap(from.configMapRef.name);
            if (from.secretRef)
                from.secretRef.name = secret(from.secretRef.name);
        }
        for (const variable of container.env ?? []) {
            const ref = variable.valueFrom;
            if (ref?.configMapKeyRef)
                ref.configMapKeyRef.name = configMap(ref.configMapKeyRef.name);
            if (ref?.secretKeyRef)
                ref.secretKeyRef.name = secret(ref.secretKeyRef.name);
        }
    }
    for (const volume of (pod.volumes ?? [])) {
        if (volume.configMap)
            volume.configMap.name = configMap(volume.configMap.name);
        if (volume.secret)
            volume.secret.secretName = secret(volume.secret.secretName);
        for (const source of volume.projected?.sources ?? []) {
            if (source.configMap)
                source.configMap.name = configMap(source.configMap.name);
            if (source.secret)
                source.secret.name = secret(source.secret.name);
        }
    }
    for (const pull of (pod.imagePullSecrets ?? []))
        pull.name = secret(pull.name);
    if (options.image !== undefined) {
        const containers = pod.containers;
        const target = options.container === undefined ? containers[0] : containers.find((c) => c.name === options.container);
        // manifests.ts checked that the container exists (or is the only one) before anything was rendered.
        if (target)
            target.image = `${options.image}:${options.version}`;
    }
    return [...configs, { source: set.deployment, kind: "Deployment", name: deployment.metadata.name, object: deployment }];
}
function base(source, name, color, options) {
    const object = structuredClone(source);
    delete object.status;
    for (const field of SERVER_FIELDS)
        delete object.metadata[field];
    object.metadata.name = name;
    object.metadata.namespace = options.namespace;
    object.metadata.labels = { ...object.metadata.labels, [options.colorLabel]: color };
    return object;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
;// CONCATENATED MODULE: ./src/backends/kubernetes/confirm-write.ts





/**
 * Sends a write; when its outcome is unknown (no answer in time, a broken connection, a 5xx, or a
 * safe retry refused with 409), reads the object again after a short settle and says what it shows,
 * never a guess: the object shows the change (returned, as if the answer had come), or it shows
 * someone else's change that makes this one impossible (ConflictError), or it shows neither, and the
 * error says bluegreen cannot tell. Failures with a clear answer (4xx) are explained as usual.
 */
async function writeAndConfirm(write) {
    try {
        return await write.send();
    }
    catch (error) {
        const failure = unknownOutcome(error);
        if (failure === undefined)
            throw explain(error, write.target, write.server);
        return confirm_write_confirm(write, failure);
    }
}
async function confirm_write_confirm(write, failure) {
    const { target } = write;
    const object = `${target.kind} ${target.namespace}/${target.name}`;
    const what = `${failure}, trying to ${target.verb} ${object}`;
    await (0,wait/* sleep */.y)(write.settleMs);
    let seen;
    try {
        seen = await write.read();
    }
    catch (readError) {
        const why = explain(readError, { ...target, verb: "read" }, write.server).message.replace(/\.$/, "");
        throw new errors/* RouterError */.KJ(`${capitalized(what)}, and reading it again failed too (${why}): bluegreen cannot tell whether the change was applied. Check ${object} before running the step again.`);
    }
    if (shows(seen, write.body, write.strategic === true)) {
        log/* log */.Rm.warn(`${capitalized(what)}; read again, ${object} shows the change applied.`);
        return seen;
    }
    const sent = resourceVersionOf(write.body);
    const now = resourceVersionOf(seen);
    if (sent !== undefined && now !== sent) {
        // The write named the resourceVersion it was computed from, and the object has moved on without it.
        throw new errors/* ConflictError */.fK(`${capitalized(what)}; read again, ${object} shows another change (resourceVersion ${now ?? "?"}) and not this one, which can no longer be applied: this change was not made. Run the step again.`, 409);
    }
    throw new errors/* RouterError */.KJ(`${capitalized(what)}; read again ${Math.round(write.settleMs / 100) / 10} s later, ${object} does not show the change, but the API server may still apply it: bluegreen cannot tell whether it will. Check ${object} before running the step again.`);
}
/** A sentence fragment for a failure after which the write may have been applied; undefined when it surely was not. */
function unknownOutcome(error) {
    if (error instanceof RequestTimeout) {
        return error.method === "GET"
            ? undefined
            : `The API server did not answer within ${Math.round(error.limitMs / 100) / 10} s (the per-request limit)`;
    }
    if (error instanceof AmbiguousWrite) {
        return `${capitalized(error.firstFailure)} and the retry (carrying the resourceVersion read) was refused with 409 Conflict`;
    }
    if (error instanceof ConnectionLost) {
        // A refused connection never reached the server.
        if (error.method === "GET" || error.code === "ECONNREFUSED")
            return undefined;
        return `The connection to the API server broke (${error.detail})`;
    }
    const code = statusCode(error);
    if (code !== undefined && code >= 500) {
        const message = statusMessage(error);
        return `The API server answered ${code}${message ? ` (${message})` : ""}`;
    }
    return undefined;
}
/**
 * Does the object show the patch? Every value the patch sets is there, every key it removes (null)
 * is gone; lists compare whole (a merge patch replaces them), except in a strategic merge patch,
 * where each item must be in the object's list with the same `name` and the fields it sets.
 */
function shows(actual, patch, strategic, path = "") {
    if (patch === null)
        return actual === undefined || actual === null;
    if (Array.isArray(patch)) {
        if (!Array.isArray(actual))
            return false;
        if (!strategic)
            return stable(actual) === stable(patch);
        return patch.every((item) => {
            const name = item?.name;
            const match = actual.find((a) => a?.name === name);
            return match !== undefined && shows(match, item, strategic);
        });
    }
    if (typeof patch === "object") {
        if (typeof actual !== "object" || actual === null)
            return false;
        return Object.entries(patch).every(([key, value]) => (path === "metadata" && key === "resourceVersion") ||
            shows(actual[key], value, strategic, path ? `${path}.${key}` : key));
    }
    return actual === patch;
}
function resourceVersionOf(object) {
    const version = object?.metadata?.resourceVersion;
    return typeof version === "string" && version !== "" ? version : undefined;
}
/** JSON without undefined fields (the client's models carry them), for comparing lists. */
function stable(value) {
    return JSON.stringify(value, (_key, v) => (v === null ? undefined : v));
}
function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

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
        await this.write(color, "patch", body, true);
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
        await this.write(color, "scale", body, false);
        return [`scaled deployment ${this.options.namespace}/${this.name(color)} from ${current} to ${replicas} replicas (kept for rollback)`];
    }
    /** A patch of the color's Deployment; when its outcome is unknown, the Deployment is read again to tell. */
    write(color, verb, body, strategic) {
        const params = { name: this.name(color), namespace: this.options.namespace };
        return writeAndConfirm({
            target: this.target(color, verb),
            server: this.kube.server,
            body,
            strategic,
            send: () => this.kube.apps.patchNamespacedDeployment({ ...params, body }, strategic ? this.kube.strategicMergePatch : this.kube.mergePatch),
            read: () => this.kube.apps.readNamespacedDeployment(params),
            settleMs: DEFAULT_POLICY.settleMs,
        });
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

;// CONCATENATED MODULE: ./src/backends/kubernetes/deploy.ts





/**
 * Puts `version` on the color's Deployment `<app>-<color>`, the way the inputs say: the team's
 * manifests rendered for the color and applied server-side, or deploy-command (Helm, Kustomize,
 * kubectl), or only the image tag. `image` combines with the first two: the tag is set after.
 * Returns lines for the log and the plan; prepare then waits for the rollout.
 */
async function deployColor(kube, options, rollouts, manifests, color, version, 
/** The run's user-command runner (no shell, no bluegreen credentials). */
runCommand) {
    const deployment = rollouts.name(color);
    if (manifests !== undefined) {
        const rendered = renderManifests(manifests, color, { ...options, version });
        // Replicas first: promote's scale-down was an update by another field manager, so applying the
        // manifests' count over it would be a conflict. Given back the count the apply will set, it is not.
        const scaledFrom = await scaledDownFrom(kube, options, rollouts, color);
        const wanted = manifests.deployment.object.spec?.replicas;
        const restored = await restoreReplicas(kube, options, rollouts, color, scaledFrom, typeof wanted === "number" ? wanted : undefined);
        const result = await serverSideApply(kube, rendered, options.deploy.forceConflicts);
        return [...restored, ...result.lines];
    }
    if (options.deploy.command !== undefined) {
        await runCommand("deploy-command", options.deploy.command, {
            BLUEGREEN_COLOR: color,
            BLUEGREEN_VERSION: version,
            BLUEGREEN_DEPLOYMENT: deployment,
            BLUEGREEN_NAMESPACE: options.namespace,
            BLUEGREEN_BACKEND: options.kind,
        });
        const lines = [
            `ran deploy-command with BLUEGREEN_COLOR=${color} BLUEGREEN_VERSION=${version} BLUEGREEN_DEPLOYMENT=${deployment} BLUEGREEN_NAMESPACE=${options.namespace}`,
        ];
        // The command may have created or replaced the Deployment: it must be there now, under that name.
        const after = await call({ kind: "Deployment", namespace: options.namespace, name: deployment, input: "deploy-command", verb: "read (after deploy-command)" }, kube.server, () => kube.apps.readNamespacedDeployment({ name: deployment, namespace: options.namespace }));
        if (options.image !== undefined)
            lines.push(...(await rollouts.setImage(color, version)));
        else
            lines.push(`deployment ${options.namespace}/${deployment} at generation ${after.metadata?.generation ?? "?"}`);
        return lines;
    }
    if (options.image === undefined) {
        throw new errors/* InputError */.dz("image", `is required to deploy with backend ${options.kind}, unless manifests or deploy-command is set.`);
    }
    return rollouts.setImage(color, version);
}
/** The replicas a promote's scale-down-replicas recorded on the Deployment; undefined when none, or no Deployment yet. */
async function scaledDownFrom(kube, options, rollouts, color) {
    const name = rollouts.name(color);
    let current;
    try {
        current = await kube.apps.readNamespacedDeployment({ name, namespace: options.namespace });
    }
    catch (error) {
        if (statusCode(error) === 404)
            return undefined; // the manifests create it
        throw explain(error, { kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "read" }, kube.server);
    }
    const recorded = Number(current.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
    return Number.isInteger(recorded) && recorded > 0 ? recorded : undefined;
}
/**
 * A color promote scaled down gets its replicas back (the manifests' count when they set one), with a
 * merge patch, not in the apply: a replica count bluegreen applied once would be owned by it, and
 * reset when a later apply leaves it out.
 */
async function restoreReplicas(kube, options, rollouts, color, scaledFrom, manifestReplicas) {
    if (scaledFrom === undefined)
        return [];
    const name = rollouts.name(color);
    const replicas = manifestReplicas ?? scaledFrom;
    const body = { metadata: { annotations: { [SCALED_FROM_ANNOTATION]: null } }, spec: { replicas } };
    await call({ kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "scale up" }, kube.server, () => kube.apps.patchNamespacedDeployment({ name, namespace: options.namespace, body }, kube.mergePatch));
    return [`PATCH deployment ${options.namespace}/${name} replicas ${replicas} (restored after a scale-down)`];
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

;// CONCATENATED MODULE: ./src/backends/kubernetes/custom-objects.ts



/**
 * Reads and merge-patches one kind of custom object for a router. Every patch whose outcome is
 * unknown (no answer, a broken connection) is read again to tell, so a router never reports a
 * guess; `target` names the object and the input to blame in errors.
 */
class CustomObjects {
    kube;
    resource;
    namespace;
    target;
    constructor(kube, resource, namespace, target) {
        this.kube = kube;
        this.resource = resource;
        this.namespace = namespace;
        this.target = target;
    }
    async get(name, input) {
        return (await call(this.target(name, input, "read"), this.kube.server, () => this.kube.custom.getNamespacedCustomObject({ ...this.resource, namespace: this.namespace, name })));
    }
    /** The object, or undefined when it does not exist (optional objects: a preview route). */
    async getOptional(name, input) {
        try {
            return (await this.kube.custom.getNamespacedCustomObject({ ...this.resource, namespace: this.namespace, name }));
        }
        catch (error) {
            if (statusCode(error) === 404)
                return undefined;
            throw explain(error, this.target(name, input, "read"), this.kube.server);
        }
    }
    /** A merge patch; when its outcome is unknown, the object is read again to tell. */
    async patch(name, input, body) {
        const where = { ...this.resource, namespace: this.namespace, name };
        return (await writeAndConfirm({
            target: this.target(name, input, "patch"),
            server: this.kube.server,
            body,
            send: () => this.kube.custom.patchNamespacedCustomObject({ ...where, body }, this.kube.mergePatch),
            read: () => this.kube.custom.getNamespacedCustomObject(where),
            settleMs: DEFAULT_POLICY.settleMs,
        }));
    }
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/httproute.ts

/** The color a backendRef names (`<app>-blue` / `<app>-green`, a Service in the route's namespace), if any. */
function colorOf(ref, app) {
    if ((ref.kind ?? "Service") !== "Service" || (ref.group ?? "") !== "" || ref.namespace !== undefined)
        return undefined;
    return colors/* COLORS */.lm.find((color) => ref.name === `${app}-${color}`);
}
/** A match sends a request to the preview only when it requires the preview header with the exact value. */
function matchesHeader(match, header) {
    return (match.headers ?? []).some((h) => (h.type ?? "Exact") === "Exact" && h.name.toLowerCase() === header.name && h.value === header.value);
}
function ruleRoles(rules, app, header) {
    const roles = { production: [], mixed: [] };
    for (const [index, rule] of rules.entries()) {
        const refs = rule.backendRefs ?? [];
        const colored = refs.filter((ref) => colorOf(ref, app) !== undefined);
        if (colored.length === 0)
            continue; // another app's rule: left alone
        const matches = rule.matches ?? [];
        if (header && roles.preview === undefined && matches.length > 0 && matches.every((m) => matchesHeader(m, header))) {
            roles.preview = index;
        }
        else if (colored.length !== refs.length) {
            roles.mixed.push(index);
        }
        else {
            roles.production.push(index);
        }
    }
    return roles;
}
/** The weight on each color in a rule (refs without a weight count 1, as the Gateway API says). */
function weightsOf(rule, app) {
    const weights = { blue: 0, green: 0 };
    for (const ref of rule.backendRefs ?? []) {
        const color = colorOf(ref, app);
        if (color)
            weights[color] += ref.weight ?? 1;
    }
    return weights;
}
function describeWeights(weights, app) {
    return colors/* COLORS */.lm.map((color) => `${app}-${color}=${weights[color]}`).join(" ");
}
/**
 * The rule's backendRefs with these weights: every other field of a ref (port, filters) is kept, a
 * color without a ref gets a copy of the other's, so both colors are always named (weight 0 sends none).
 */
function withWeights(rule, app, weights) {
    const refs = rule.backendRefs ?? [];
    const next = refs.map((ref) => {
        const color = colorOf(ref, app);
        return color ? { ...ref, weight: weights[color] } : ref;
    });
    for (const color of colors/* COLORS */.lm) {
        if (next.some((ref) => colorOf(ref, app) === color))
            continue;
        const template = refs.find((ref) => colorOf(ref, app) !== undefined) ?? { kind: "Service", name: "" };
        next.push({ ...template, name: `${app}-${color}`, weight: weights[color] });
    }
    return { ...rule, backendRefs: next };
}
/** The preview rule sending everything to one color (one ref, port and fields of the existing ones kept). */
function previewRule(rule, app, color) {
    const template = (rule.backendRefs ?? []).find((ref) => colorOf(ref, app) !== undefined) ?? { kind: "Service", name: "" };
    const { weight: _weight, ...rest } = template;
    return { ...rule, backendRefs: [{ ...rest, name: `${app}-${color}` }] };
}
/**
 * A new preview rule, for a route that has none yet: the first production rule's matches, each also
 * requiring the header (a rule with more header matches wins, so it takes precedence over production).
 */
function newPreviewRule(production, app, color, header) {
    const header_ = { type: "Exact", name: header.name, value: header.value };
    const matches = (production?.matches?.length ? production.matches : [{ path: { type: "PathPrefix", value: "/" } }]).map((m) => ({
        ...m,
        headers: [...(m.headers ?? []), header_],
    }));
    const template = (production?.backendRefs ?? []).find((ref) => colorOf(ref, app) !== undefined);
    const { weight: _weight, ...rest } = template ?? { kind: "Service", name: "" };
    return { matches, backendRefs: [{ ...rest, name: `${app}-${color}` }] };
}
/**
 * Whether the Gateway serves the route's current generation: every parent must report
 * Accepted=True and ResolvedRefs=True with an observedGeneration at least the route's generation.
 * Conditions of an older generation say nothing about the spec just written.
 */
function acceptance(route) {
    const generation = route.metadata?.generation ?? 0;
    const parents = route.spec?.parentRefs ?? [];
    const statuses = route.status?.parents ?? [];
    if (parents.length === 0)
        return { state: "rejected", detail: "the HTTPRoute has no parentRefs (no Gateway serves it)" };
    const seen = [];
    for (const parent of parents) {
        const name = `${parent.namespace ? `${parent.namespace}/` : ""}${parent.name}${parent.sectionName ? `/${parent.sectionName}` : ""}`;
        const status = statuses.find((s) => s.parentRef.name === parent.name &&
            (s.parentRef.namespace ?? "") === (parent.namespace ?? "") &&
            (s.parentRef.sectionName ?? "") === (parent.sectionName ?? ""));
        const conditions = status?.conditions ?? [];
        for (const type of ["Accepted", "ResolvedRefs"]) {
            const condition = conditions.find((c) => c.type === type);
            if (!condition || (condition.observedGeneration ?? 0) < generation) {
                return {
                    state: "pending",
                    detail: `gateway ${name} has not reported ${type} for generation ${generation} yet${condition ? ` (last: generation ${condition.observedGeneration ?? "?"})` : ""}`,
                };
            }
            if (condition.status !== "True") {
                return {
                    state: "rejected",
                    detail: `gateway ${name}: ${type}=${condition.status} (${condition.reason ?? "no reason"}${condition.message ? `: ${condition.message}` : ""})`,
                };
            }
        }
        seen.push(name);
    }
    return { state: "accepted", detail: `accepted by ${seen.join(", ")} (generation ${generation})` };
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/steps.ts

/** Percentages on the new color; a single 100 when not switching or when no steps were asked. */
function stepsOf(change, state, options) {
    if (change.live === state.live || !options?.steps?.length)
        return [100];
    return options.steps;
}
/** "resourceVersion 1234" for the first write, then the previous step's, as the plan says it. */
function stepVersion(index, state) {
    return index === 0 ? `resourceVersion ${state.revision}` : "resourceVersion of the previous step";
}
/**
 * Shifts production from `old` to the new color through `steps`, running onStep (verification)
 * after each step but the last. Any failure after the first write puts all traffic back on the
 * old color and says so, as does a first write that may have been applied (its answer was lost); a
 * first write refused (a 409, say) means nothing changed, and says that.
 */
async function shiftTraffic(writes, steps, old, onStep) {
    let written = false;
    for (const [index, percent] of steps.entries()) {
        const last = index === steps.length - 1;
        try {
            if (last)
                await writes.finish();
            else
                await writes.step(percent);
            written = true;
            await writes.confirm?.();
            if (!last)
                await onStep?.(percent);
        }
        catch (error) {
            if (!written && !mayHaveWritten(error))
                throw error;
            throw await restoreAfter(writes, old, error, percent);
        }
    }
}
/**
 * A write that failed may still have been applied: a lost answer, a timeout, a 5xx, or a retry refused
 * as ambiguous. Only a refusal (409 Conflict, or another 4xx) proves nothing changed.
 */
function mayHaveWritten(error) {
    if (error instanceof errors/* ConflictError */.fK || error instanceof errors/* InputError */.dz)
        return false;
    if (error instanceof errors/* RouterError */.KJ && error.status !== undefined && error.status >= 400 && error.status < 500)
        return false;
    return true;
}
/** Puts all traffic back on the old color and returns the error to throw. */
async function restoreAfter(writes, old, error, percent) {
    const why = error instanceof Error ? error.message : String(error);
    let restored;
    try {
        restored = await writes.restore();
    }
    catch (restoreError) {
        const how = restoreError instanceof Error ? restoreError.message : String(restoreError);
        return new errors/* BluegreenError */.cw(`the step at ${percent}% failed (${why}), and putting all traffic back on ${old} failed too (${how}): check ${writes.object} now.`);
    }
    return new errors/* BluegreenError */.cw(`the step at ${percent}% failed (${why}); all traffic is back on ${old} (${restored}).`);
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/gateway.ts










const HTTPROUTES = { group: "gateway.networking.k8s.io", version: "v1", plural: "httproutes" };
/**
 * k8s-gateway: the production HTTPRoute's rules send traffic to the Services `<app>-blue` and
 * `<app>-green` through backendRefs weights (100/0 once switched; in between during a gradual
 * promote). The preview is a rule of the same route matched by `preview-header`, or else an optional
 * second HTTPRoute (`preview-route`). A write counts only once the Gateway accepted the route's new
 * generation (status.parents[].conditions Accepted and ResolvedRefs): a route the Gateway rejected
 * is put back and never reported as switched.
 */
class GatewayRouter {
    kube;
    options;
    rollouts;
    objects;
    constructor(kube, options, rollouts) {
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
        this.objects = new CustomObjects(kube, HTTPROUTES, options.namespace, (name, input, verb) => this.target(name, input, verb));
    }
    service(color) {
        return `${this.options.app}-${color}`;
    }
    name(route) {
        return `${this.options.namespace}/${route}`;
    }
    async read() {
        const route = await this.objects.get(this.options.route, "route");
        const previewRoute = this.options.previewHeader
            ? undefined
            : await this.objects.getOptional(this.options.previewRoute, "preview-route");
        for (const color of colors/* COLORS */.lm)
            await this.requireService(color);
        const deployments = await this.rollouts.details();
        const rules = route.spec?.rules ?? [];
        const roles = this.roles(route);
        const ledger = ledgerFrom(route.metadata?.annotations);
        const warnings = [];
        const perRule = roles.production.map((index) => weightsOf(rules[index], this.options.app));
        const first = perRule[0];
        const disagree = perRule.some((w) => w.blue !== first.blue || w.green !== first.green);
        const both = first.blue > 0 && first.green > 0;
        const none = first.blue === 0 && first.green === 0;
        // Mid-shift the old color stays live until the last step wrote the ledger: the ledger breaks the tie.
        let live;
        if (first.blue > 0 !== first.green > 0)
            live = first.blue > 0 ? "blue" : "green";
        else if (ledger.live !== undefined)
            live = ledger.live;
        else
            live = first.green > first.blue ? "green" : "blue";
        const split = both || none || disagree;
        const weights = perRule.map((w) => describeWeights(w, this.options.app)).join("; ");
        if (split) {
            warnings.push(none
                ? `httproute ${this.name(this.options.route)} sends no traffic to either color (${weights}).`
                : `httproute ${this.name(this.options.route)} splits traffic (${weights}): a weighted promote did not finish, or someone set weights by hand.`);
        }
        const accepted = acceptance(route);
        if (accepted.state !== "accepted")
            warnings.push((0,sentence/* sentenceOf */.$)(`httproute ${this.name(this.options.route)}: ${accepted.detail}`));
        let preview;
        let previewDetail;
        if (this.options.previewHeader) {
            const header = `${this.options.previewHeader.name}: ${this.options.previewHeader.value}`;
            const rule = roles.preview === undefined ? undefined : rules[roles.preview];
            preview = rule ? this.previewColorOf(rule) : undefined;
            previewDetail = rule ? `rule matching "${header}" -> ${preview ? this.service(preview) : "?"}` : `no rule matching "${header}" yet`;
        }
        else if (previewRoute) {
            const rule = (previewRoute.spec?.rules ?? []).find((r) => (r.backendRefs ?? []).some((ref) => colorOf(ref, this.options.app)));
            preview = rule ? this.previewColorOf(rule) : undefined;
            previewDetail = `${this.name(this.options.previewRoute)} -> ${preview ? this.service(preview) : "?"}`;
        }
        else {
            previewDetail = "none";
            warnings.push(`no preview HTTPRoute ${this.name(this.options.previewRoute)} and no preview-header: the idle color is reached through its Service only.`);
        }
        return {
            live,
            // A header rule not written yet is created by the first write: the idle color is the preview.
            preview: preview ?? (this.options.previewHeader ? (0,colors/* otherColor */.IP)(live) : undefined),
            ledger,
            revision: route.metadata?.resourceVersion ?? "",
            details: {
                httproute: this.name(this.options.route),
                weights,
                gateway: accepted.detail,
                preview: previewDetail,
                ...deployments,
            },
            warnings,
            split,
        };
    }
    describe(change, state, options) {
        const route = `httproute ${this.name(this.options.route)}`;
        const from = this.service(state.live);
        const to = this.service(change.live);
        const wait = "and wait until the Gateway accepts it (Accepted, ResolvedRefs)";
        const preview = this.options.previewHeader && state.preview !== change.preview ? `, preview rule -> ${this.service(change.preview)}` : "";
        const lines = [];
        if (change.live === state.live) {
            const production = change.repair ? `weights ${from}=100 ${this.service((0,colors/* otherColor */.IP)(state.live))}=0` : `weights stay`;
            lines.push(`PATCH ${route} ${production}${preview}, annotations bluegreen.io/* (resourceVersion ${state.revision}) ${wait}`);
        }
        else {
            const steps = stepsOf(change, state, options);
            for (const [index, percent] of steps.slice(0, -1).entries()) {
                lines.push(`PATCH ${route} weights ${from}=${100 - percent} ${to}=${percent} (${stepVersion(index, state)}) ${wait}, then check production at ${percent}%`);
            }
            lines.push(`PATCH ${route} weights ${to}=100 ${from}=0${preview}, annotations bluegreen.io/* (${stepVersion(steps.length - 1, state)}) ${wait}`);
            lines.push(`if any step fails or the Gateway rejects it: PATCH ${route} weights ${from}=100 ${to}=0`);
        }
        if (!this.options.previewHeader && state.preview !== undefined && state.preview !== change.preview) {
            lines.push(`PATCH httproute ${this.name(this.options.previewRoute)} backendRefs ${this.service(change.preview)} (was ${this.service(state.preview)})`);
        }
        return lines;
    }
    async apply(change, state, options) {
        const route = await this.objects.get(this.options.route, "route");
        let resourceVersion = state.revision;
        let generation = route.metadata?.generation ?? 0;
        let specChanged = false;
        const moves = change.live !== state.live || change.repair === true;
        const write = async (rules, annotations) => {
            const patched = await this.objects.patch(this.options.route, "route", {
                metadata: { resourceVersion, ...(annotations ? { annotations } : {}) },
                spec: { rules },
            });
            resourceVersion = patched.metadata?.resourceVersion ?? "";
            specChanged = (patched.metadata?.generation ?? 0) !== generation;
            generation = patched.metadata?.generation ?? 0;
        };
        // `percent` on the new color, the rest on the old; a repair (same color) puts 100 on it and 0 on the other.
        const split = (percent) => {
            const weights = { blue: 0, green: 0 };
            weights[state.live] = 100 - percent;
            weights[change.live] += percent;
            return weights;
        };
        await shiftTraffic({
            object: `httproute ${this.name(this.options.route)}`,
            step: (percent) => write(this.rules(route, split(percent), undefined)),
            finish: () => write(this.rules(route, moves ? split(100) : undefined, this.options.previewHeader ? change.preview : undefined), ledgerAnnotations(change.ledger, change.live)),
            // A write that left the spec as it was (a ledger-only record) has nothing for the Gateway to accept.
            confirm: async () => {
                if (!specChanged)
                    return;
                // The controller's status write moved the resourceVersion on: the next step carries the one it left.
                const accepted = await this.waitAccepted(this.options.route, generation);
                resourceVersion = accepted.metadata?.resourceVersion ?? "";
            },
            restore: () => this.restore(state),
        }, stepsOf(change, state, options), state.live, options?.onStep);
        if (!this.options.previewHeader)
            await this.pointPreview(change.preview, state, change.live !== state.live);
    }
    /** The route's rules with the production weights (undefined: as they are) and the preview rule on a color. */
    rules(route, weights, preview) {
        const rules = [...(route.spec?.rules ?? [])];
        const roles = this.roles(route);
        if (weights)
            for (const index of roles.production)
                rules[index] = withWeights(rules[index], this.options.app, weights);
        const header = this.options.previewHeader;
        if (preview !== undefined && header) {
            if (roles.preview !== undefined)
                rules[roles.preview] = previewRule(rules[roles.preview], this.options.app, preview);
            else
                rules.push(newPreviewRule(rules[roles.production[0]], this.options.app, preview, header));
        }
        return rules;
    }
    /**
     * Everything back on the old color, from a fresh read, with the ledger as it was before (the last
     * step may have written the new one before the Gateway refused it); waits for the Gateway to accept it.
     */
    async restore(state) {
        const old = state.live;
        const fresh = await this.objects.get(this.options.route, "route");
        const weights = { [old]: 100, [(0,colors/* otherColor */.IP)(old)]: 0 };
        const patched = await this.objects.patch(this.options.route, "route", {
            metadata: { resourceVersion: fresh.metadata?.resourceVersion ?? "", annotations: ledgerAnnotations(state.ledger, old) },
            spec: { rules: this.rules(fresh, weights, undefined) },
        });
        await this.waitAccepted(this.options.route, patched.metadata?.generation ?? 0);
        return `httproute ${this.name(this.options.route)}: ${describeWeights(weights, this.options.app)}`;
    }
    /**
     * Polls the route's status until the Gateway accepted `generation`; throws when it rejected it, never
     * answered, or the spec changed under it. Returns the route as last read.
     */
    async waitAccepted(name, generation) {
        const object = `httproute ${this.name(name)}`;
        let rejected;
        let last = {};
        try {
            await (0,wait/* pollUntil */.g)(`the Gateway accepting ${object} generation ${generation}`, this.options.timeoutMs, async () => {
                const route = await this.objects.get(name, name === this.options.route ? "route" : "preview-route");
                last = route;
                if ((route.metadata?.generation ?? 0) > generation) {
                    throw new errors/* RouterError */.KJ(`${object} was changed by someone else (generation ${route.metadata?.generation}) while the Gateway took it.`);
                }
                const verdict = acceptance(route);
                if (verdict.state === "rejected")
                    rejected = verdict.detail;
                return { done: verdict.state !== "pending", detail: verdict.detail };
            }, 100, 1_000);
        }
        catch (error) {
            if (error instanceof errors/* TimeoutError */.MU)
                throw new errors/* RouterError */.KJ(`${error.message.replace(/\.$/, "")}; the Gateway may not serve it`);
            throw error;
        }
        if (rejected !== undefined)
            throw new errors/* RouterError */.KJ(`the Gateway rejected ${object} generation ${generation}: ${rejected}`);
        return last;
    }
    /** The preview HTTPRoute follows the idle color; as on OpenShift, a failure after production switched is a warning. */
    async pointPreview(color, state, productionSwitched) {
        if (state.preview === undefined || state.preview === color)
            return;
        try {
            const preview = await this.objects.get(this.options.previewRoute, "preview-route");
            const rules = (preview.spec?.rules ?? []).map((rule) => (rule.backendRefs ?? []).some((ref) => colorOf(ref, this.options.app)) ? previewRule(rule, this.options.app, color) : rule);
            const patched = await this.objects.patch(this.options.previewRoute, "preview-route", {
                metadata: { resourceVersion: preview.metadata?.resourceVersion ?? "" },
                spec: { rules },
            });
            if ((patched.metadata?.generation ?? 0) !== (preview.metadata?.generation ?? 0)) {
                await this.waitAccepted(this.options.previewRoute, patched.metadata?.generation ?? 0);
            }
        }
        catch (error) {
            if (!productionSwitched)
                throw error;
            log/* log */.Rm.warn(`Production was switched, but the preview HTTPRoute could not follow: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    roles(route) {
        const roles = ruleRoles(route.spec?.rules ?? [], this.options.app, this.options.previewHeader);
        const object = this.name(route.metadata?.name ?? this.options.route);
        const [mixed] = roles.mixed;
        if (mixed !== undefined) {
            throw new errors/* InputError */.dz("route", `httproute ${object} rule ${mixed + 1} sends traffic to ${this.service("blue")}/${this.service("green")} and to other backends; allowed: rules whose backendRefs are only ${this.service("blue")} and ${this.service("green")}.`);
        }
        if (roles.production.length === 0) {
            throw new errors/* InputError */.dz("route", `httproute ${object} has no rule whose backendRefs name ${this.service("blue")} or ${this.service("green")}; allowed: an HTTPRoute with a rule sending production to those Services (the app input decides their names).`);
        }
        return roles;
    }
    previewColorOf(rule) {
        const weights = weightsOf(rule, this.options.app);
        if (weights.blue > 0 && weights.green === 0)
            return "blue";
        if (weights.green > 0 && weights.blue === 0)
            return "green";
        return undefined;
    }
    /** Both Services must exist: a backendRef to a missing one fails ResolvedRefs and sends that share nowhere. */
    async requireService(color) {
        await call({ kind: "Service", namespace: this.options.namespace, name: this.service(color), input: "app", verb: "read" }, this.kube.server, () => this.kube.core.readNamespacedService({ name: this.service(color), namespace: this.options.namespace }));
    }
    target(name, input, verb) {
        return { kind: "HTTPRoute", namespace: this.options.namespace, name, input, verb };
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/smoke/http.ts
var http = __webpack_require__(77933);
;// CONCATENATED MODULE: ./src/backends/kubernetes/proxy.ts





/**
 * GETs through the API server's service proxy (`/api/v1/namespaces/<ns>/services/<app>-<color>:<port>/proxy/...`)
 * with the kubeconfig's credentials, so a runner outside the cluster can test a color that is not exposed.
 */
async function serviceProxyRequester(kube, options, color, 
/**
 * Probed once before the requester is handed out, so that an answer that cannot heal fails at
 * once; undefined (a dry run, which sends nothing) skips the probe.
 */
probePath) {
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
    const requester = {
        describe: `the service proxy ${base}`,
        get(path, timeoutMs) {
            const target = `${base}/${path.replace(/^\/+/, "")}`;
            return (0,http/* getOnce */.I)(request, target, { method: "GET", agent, headers, auth: tls.auth }, timeoutMs);
        },
        close() {
            agent.destroy();
        },
    };
    if (probePath === undefined)
        return requester;
    try {
        const first = await requester.get(probePath, Math.min(10_000, options.requestTimeoutMs)).catch(() => undefined);
        const permanent = first && permanentProxyFailure(first, `${options.namespace}/${name}`, String(port.name || port.port));
        if (permanent)
            throw permanent;
    }
    catch (error) {
        requester.close();
        throw error;
    }
    return requester;
}
/**
 * The API server's own answer (a Status object, not the application's) when the service proxy cannot
 * reach the Service and waiting will not change that: no Service or no Endpoints object (404), a port
 * the Service does not have, or credentials without `services/proxy`. "no endpoints available" (503)
 * can heal as pods get ready, and is left to the wait.
 */
function permanentProxyFailure(answer, service, port) {
    let status;
    try {
        status = JSON.parse(answer.body);
    }
    catch {
        return undefined;
    }
    if (status?.kind !== "Status" || status.apiVersion !== "v1" || status.code !== answer.status)
        return undefined;
    const message = typeof status.message === "string" ? status.message : "";
    const said = `the API server's service proxy for service ${service} port ${port} answered ${answer.status} (${message})`;
    if (answer.status === 404 || (answer.status === 503 && /^no service port /.test(message))) {
        return new errors/* InputError */.dz("app", `${said}, which waiting will not change; allowed: an app whose Service <app>-<color> exists with a selector and that port, or set test-url.`);
    }
    if (answer.status === 401 || answer.status === 403) {
        return new errors/* InputError */.dz("kubeconfig", `${said}; grant the deployer's role "get" on services/proxy, or set test-url.`);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/restore-scale.ts



/**
 * What giving a color back the replicas promote took from it (scale-down-replicas) takes: the count
 * it had, recorded in `bluegreen.io/scaled-down-from`, written with the resourceVersion read.
 * Undefined when the color was not scaled down. The caller decides when to apply it, and waits
 * for the rollout: one replica left for a quick rollback cannot carry production's full load.
 */
async function servingRestore(kube, options, rollouts, color) {
    const deployment = await rollouts.get(color);
    const recorded = Number(deployment.metadata?.annotations?.[SCALED_FROM_ANNOTATION]);
    if (!Number.isInteger(recorded) || recorded <= 0)
        return undefined;
    const name = rollouts.name(color);
    const object = `deployment ${options.namespace}/${name}`;
    const current = deployment.spec?.replicas ?? 1;
    // Someone may have scaled it up by hand since: never scale it down here.
    const replicas = Math.max(current, recorded);
    const resourceVersion = deployment.metadata?.resourceVersion ?? "";
    // The resourceVersion makes a concurrent change (an autoscaler, a hand edit) fail with 409
    // rather than be overwritten, and lets http.ts retry this write once safely.
    const body = {
        metadata: { resourceVersion, annotations: { [SCALED_FROM_ANNOTATION]: null } },
        spec: { replicas },
    };
    const params = { name, namespace: options.namespace };
    return {
        object,
        current,
        recorded,
        replicas,
        lines: [
            `PATCH ${object} replicas ${replicas} (was ${current}; scaled down by promote from ${recorded}) and remove annotation ${SCALED_FROM_ANNOTATION} (resourceVersion ${resourceVersion})`,
        ],
        apply: async () => {
            await writeAndConfirm({
                target: { kind: "Deployment", namespace: options.namespace, name, input: "app", verb: "scale up" },
                server: kube.server,
                body,
                send: () => kube.apps.patchNamespacedDeployment({ ...params, body }, kube.mergePatch),
                read: () => kube.apps.readNamespacedDeployment(params),
                settleMs: DEFAULT_POLICY.settleMs,
            });
        },
    };
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
    objects;
    constructor(kube, options, rollouts) {
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
        this.objects = new CustomObjects(kube, ROUTES, options.namespace, (name, input, verb) => this.target(name, input, verb));
    }
    service(color) {
        return `${this.options.app}-${color}`;
    }
    name(route) {
        return `${this.options.namespace}/${route}`;
    }
    async read() {
        // One after the other, so that the first missing object is the one reported, always the same.
        const route = await this.objects.get(this.options.route, "route");
        const preview = await this.objects.getOptional(this.options.previewRoute, "preview-route");
        for (const color of colors/* COLORS */.lm)
            await this.requireService(color);
        const deployments = await this.rollouts.details();
        const live = this.colorOf(route.spec?.to?.name, "route", this.options.route);
        const previewColor = preview ? this.colorOf(preview.spec?.to?.name, "preview-route", this.options.previewRoute) : undefined;
        const warnings = [];
        const weights = route_describeWeights(route);
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
            const steps = stepsOf(change, state, options);
            const version = (index) => stepVersion(index, state);
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
        const switching = change.live !== state.live;
        let resourceVersion = state.revision;
        let previewMoved = false;
        const write = async (body) => {
            const patched = await this.objects.patch(this.options.route, "route", { ...body, metadata: { ...body.metadata, resourceVersion } });
            resourceVersion = patched.metadata?.resourceVersion ?? "";
        };
        try {
            await shiftTraffic({
                object: `route ${this.name(this.options.route)}`,
                step: (percent) => write(this.stepBody(state.live, change.live, percent)),
                finish: async () => {
                    // The preview Route follows BEFORE the final write: a run killed right after that write then
                    // leaves nothing undone, while one killed before it leaves the switch pending (the record is
                    // written with the final step), which the next promote or rollback finishes.
                    if (switching)
                        previewMoved = await this.pointPreview(change.preview, state, "before-switch");
                    await write(this.finalBody(change));
                },
                restore: () => this.restore(state),
            }, stepsOf(change, state, options), state.live, options?.onStep);
        }
        catch (error) {
            // Production stays on (or went back to) the old color: the preview Route goes back with it.
            if (previewMoved)
                await this.pointPreviewBack(state);
            throw error;
        }
        if (!switching)
            await this.pointPreview(change.preview, state, "record-only");
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
    /**
     * Puts all traffic back on the old color, with the record as it was before the switch (so the two
     * agree even if the final write landed late); returns what it wrote. The fresh resourceVersion also
     * makes any earlier write still in flight fail with 409 if it arrives later.
     */
    async restore(state) {
        const old = state.live;
        const fresh = await this.objects.get(this.options.route, "route");
        await this.objects.patch(this.options.route, "route", {
            metadata: { resourceVersion: fresh.metadata?.resourceVersion ?? "", annotations: ledgerAnnotations(state.ledger, old) },
            spec: { to: { kind: "Service", name: this.service(old), weight: 100 }, alternateBackends: null },
        });
        return `route ${this.name(this.options.route)}: ${this.service(old)} 100`;
    }
    /**
     * The preview Route follows the idle color; it is optional, and holds no ledger. Before a switch, a
     * preview that cannot follow is a warning: the switch of production goes on. Returns whether it moved.
     */
    async pointPreview(color, state, when) {
        if (state.preview === undefined || state.preview === color)
            return false;
        try {
            await this.objects.patch(this.options.previewRoute, "preview-route", {
                spec: { to: { kind: "Service", name: this.service(color), weight: 100 } },
            });
            return true;
        }
        catch (error) {
            if (when === "record-only")
                throw error;
            log/* log */.Rm.warn(`The preview route could not be pointed at ${this.service(color)} (${error instanceof Error ? error.message : String(error)}); production is switched without it.`);
            return false;
        }
    }
    /** After a switch that did not happen, the preview Route goes back to the color it showed. */
    async pointPreviewBack(state) {
        if (state.preview === undefined)
            return;
        try {
            await this.objects.patch(this.options.previewRoute, "preview-route", {
                spec: { to: { kind: "Service", name: this.service(state.preview), weight: 100 } },
            });
        }
        catch (error) {
            log/* log */.Rm.warn(`The preview route ${this.name(this.options.previewRoute)} could not be pointed back at ${this.service(state.preview)}: ${error instanceof Error ? error.message : String(error)}`);
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
        throw new errors/* InputError */.dz(input, `route ${this.name(route)} sends traffic to service "${(0,input_text/* printable */.g)(service ?? "")}"; allowed: ${this.service("blue")} or ${this.service("green")} (the app input decides those names).`);
    }
    /** A Route named by its own input, or by app when that input was left to its default. */
    target(name, input, verb) {
        const namedBy = input === "route" ? this.options.namedBy.route : this.options.namedBy.previewRoute;
        const note = namedBy === "app" ? `${input} defaults to ${input === "route" ? "app" : "<app>-preview"}` : undefined;
        return { kind: "Route", namespace: this.options.namespace, name, input: namedBy, verb, note };
    }
}
function route_describeWeights(route) {
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
        // When the answer is lost, the Service is read again: its annotations name this run's record.
        return writeAndConfirm({
            target: this.target("patch"),
            server: this.kube.server,
            body,
            send: () => this.kube.core.patchNamespacedService({ name: this.options.service, namespace: this.options.namespace, body }, this.kube.mergePatch),
            read: () => this.kube.core.readNamespacedService({ name: this.options.service, namespace: this.options.namespace }),
            settleMs: DEFAULT_POLICY.settleMs,
        });
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
            throw new errors/* InputError */.dz("color-label", `service ${this.object} has the selector "${(0,input_text/* printable */.g)(labelSelector(selector))}", with no "${this.options.colorLabel}: blue|green"; allowed: the selector label whose value names the live color.`);
        }
        return value;
    }
    async get() {
        return call(this.target("read"), this.kube.server, () => this.kube.core.readNamespacedService({ name: this.options.service, namespace: this.options.namespace }));
    }
    target(verb) {
        const input = this.options.namedBy.service;
        const note = input === "app" ? "service defaults to app" : undefined;
        return { kind: "Service", namespace: this.options.namespace, name: this.options.service, input, verb, note };
    }
}

;// CONCATENATED MODULE: ./src/backends/kubernetes/index.ts










/**
 * The k8s-service, openshift-route and k8s-gateway backends, from settings parseKubernetesSettings
 * checked: only now is @kubernetes/client-node loaded (dynamically, in connect()) and the kubeconfig read.
 */
async function createKubernetes(settings, run) {
    const kube = await connect(settings);
    const rollouts = new Rollouts(kube, settings);
    const router = new KubernetesRouter(settings.kind, createTrafficRouter(settings.kind, kube, settings, rollouts), (color) => serviceProxyRequester(kube, settings, color, settings.probePath));
    const workload = new KubernetesWorkload(kube, settings, rollouts, (color, version) => deployColor(kube, settings, rollouts, settings.manifests, color, version, run.runCommand));
    return { router, workload, close: async () => undefined };
}
function createTrafficRouter(kind, kube, options, rollouts) {
    switch (kind) {
        case "k8s-service":
            return new ServiceRouter(kube, options, rollouts);
        case "openshift-route":
            return new RouteRouter(kube, options, rollouts);
        case "k8s-gateway":
            return new GatewayRouter(kube, options, rollouts);
    }
}
/** The traffic face: a Service selector, a Route or an HTTPRoute, and the service proxy to test a color through. */
class KubernetesRouter {
    kind;
    traffic;
    previewRequester;
    /** No request counters; the routing lives in the API server, which is what survives. */
    servedRequests = undefined;
    durable = true;
    /** A patched Service selector, Route or HTTPRoute sends new requests to the new color at once. */
    switchesAtOnce = true;
    constructor(kind, traffic, previewRequester) {
        this.kind = kind;
        this.traffic = traffic;
        this.previewRequester = previewRequester;
    }
    read() {
        return this.traffic.read();
    }
    plan(change, state, options) {
        const steps = options?.steps;
        return { change, state, steps, lines: this.traffic.describe(change, state, { steps }) };
    }
    describe(plan) {
        // The object every write patches, from the first write ("PATCH service default/app ..."): the plain line names it.
        const where = /^PATCH (\S+ \S+)/.exec(plan.lines[0] ?? "")?.[1] ?? this.kind;
        // The exact writes first (what the summary and the plan output lead with), the plain words last.
        return [...plan.lines.map(plan_lines/* detail */._0), ...(0,plan_lines/* plainChange */.tr)(plan.change, plan.state, where, plan.steps)];
    }
    apply(plan, onStep) {
        return this.traffic.apply(plan.change, plan.state, { steps: plan.steps ? [...plan.steps] : undefined, onStep });
    }
}
/** The workload face: the Deployments `<app>-blue` and `<app>-green`. */
class KubernetesWorkload {
    kube;
    options;
    rollouts;
    deployTo;
    /** Pods have no fixed addresses to hand to deploy-command. */
    targets = undefined;
    scaleDown;
    runningVersion;
    constructor(kube, options, rollouts, 
    /** manifests, deploy-command or image: see deploy.ts. */
    deployTo) {
        this.kube = kube;
        this.options = options;
        this.rollouts = rollouts;
        this.deployTo = deployTo;
        const replicas = options.scaleDownReplicas;
        // scale-down-replicas: the old color keeps a few replicas for a quick rollback, or none.
        this.scaleDown = replicas === undefined ? undefined : (color) => rollouts.scaleDown(color, replicas);
        // Without the image input the version is a release name, not an image tag (manifests, deploy-command).
        this.runningVersion = options.image === undefined ? undefined : (color) => this.imageVersion(color);
    }
    readiness(color) {
        return this.rollouts.readiness(color);
    }
    fingerprint(color) {
        return this.rollouts.fingerprint(color);
    }
    deploy = async (color, version) => {
        const lines = await this.deployTo(color, version);
        for (const line of lines)
            log/* log */.Rm.info(line); // the exact patch, in the log even where the mode keeps only a summary line
        return lines;
    };
    /** A color promote scaled down: what giving its replicas back takes. */
    servingRestore = (color) => servingRestore(this.kube, this.options, this.rollouts, color);
    async imageVersion(color) {
        const running = await this.rollouts.runningVersion(color);
        return { object: `deployment ${this.options.namespace}/${this.rollouts.name(color)}`, ...running };
    }
}


/***/ }),

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

/***/ 58730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ encodeLedger),
/* harmony export */   TJ: () => (/* binding */ COMMIT_PATTERN),
/* harmony export */   iN: () => (/* binding */ decodeLedger)
/* harmony export */ });
/* unused harmony export emptyLedger */
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36411);

/** A commit id as git prints it: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, full or abbreviated). */
const COMMIT_PATTERN = /^[0-9a-f]{7,64}$/;
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
    put("blueRef", ledger.refs?.blue);
    put("greenRef", ledger.refs?.green);
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
    // A ref without its version says nothing about what the color runs: drop it.
    const refs = {};
    const blueRef = text_("blueRef");
    const greenRef = text_("greenRef");
    if (blue && blueRef && COMMIT_PATTERN.test(blueRef))
        refs.blue = blueRef;
    if (green && greenRef && COMMIT_PATTERN.test(greenRef))
        refs.green = greenRef;
    if (refs.blue || refs.green)
        ledger.refs = refs;
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
