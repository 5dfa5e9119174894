#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 76456:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ defineBackend)
/* harmony export */ });
/**
 * Keeps a descriptor's kind as its literal type (so BackendKind is the union of the registry's
 * kinds) while checking it against BackendDescriptor.
 */
function defineBackend(descriptor) {
    return descriptor;
}


/***/ }),

/***/ 29850:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ haproxy)
/* harmony export */ });
/* harmony import */ var _descriptor_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(76456);

const inputs = [
    {
        name: "haproxy-socket",
        description: "Runtime API socket (unix path or host:port), level operator or admin (status and rollback: user too).",
        gitlab: { description: "Runtime API socket (unix path or host:port), level operator or admin." },
    },
    {
        name: "haproxy-map",
        description: "the map path as HAProxy knows it, holding the active and preview entries.",
        gitlab: { description: "the map path as HAProxy knows it." },
    },
    {
        name: "haproxy-map-file",
        description: "where this runner can write that map file (default: haproxy-map), so a reload keeps the switch.",
        gitlab: { description: "where the runner can write that map file (default: haproxy-map)." },
    },
    { name: "blue-backend", description: "the blue backend's name.", default: "blue", gitlab: { pattern: "^\\S+$" } },
    { name: "green-backend", description: "the green backend's name.", default: "green", gitlab: { pattern: "^\\S+$" } },
    {
        name: "haproxy-persist",
        description: "file (every change is also written to the map file; refused when this runner cannot write it) or runtime (accept changes that live only in HAProxy's memory, undone by a reload).",
        default: "file",
        options: ["file", "runtime"],
        gitlab: {
            description: "file (the map file is rewritten so a reload keeps the switch; refused when it cannot be) or runtime (accept a switch a reload undoes).",
        },
    },
];
/** HAProxy through its Runtime API: one atomic map change, no reload. */
const haproxy = (0,_descriptor_js__WEBPACK_IMPORTED_MODULE_0__/* .defineBackend */ .A)({
    kind: "haproxy",
    title: "HAProxy",
    switchedBy: "one atomic map change through the Runtime API (no reload, no dropped connection)",
    docs: "docs/haproxy.md",
    inputs,
    // The stats socket is reached by path or address; it carries no credential of its own.
    credentialEnv: [],
    capabilities: {
        deploysWorkload: false,
        trafficSteps: false,
        headerPreview: false,
        statusAccess: "the Runtime API socket (show map, show stat); the map file need not be writable",
    },
    settings: () => __nccwpck_require__.e(/* import() */ 249).then(__nccwpck_require__.bind(__nccwpck_require__, 1249)).then((module) => module.parseHaproxySettings),
    load: () => __nccwpck_require__.e(/* import() */ 643).then(__nccwpck_require__.bind(__nccwpck_require__, 1643)).then((module) => module.createHaproxy),
});


/***/ }),

/***/ 20588:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  A7: () => (/* binding */ BACKENDS),
  pF: () => (/* binding */ BACKEND_KINDS),
  nb: () => (/* binding */ descriptorOf)
});

// EXTERNAL MODULE: ./src/backends/descriptor.ts
var descriptor = __nccwpck_require__(76456);
;// CONCATENATED MODULE: ./src/backends/dns/descriptor.ts

const NAME = "^[A-Za-z0-9_.-]+$";
const server = {
    name: "dns-server",
    description: "the zone's primary server, host:port (port 53 by default); updates go to it over TCP.",
    gitlab: { pattern: "^\\S+$" },
};
/**
 * The inputs every DNS backend reads alike (dns, ovh-dns): the same objects in each one's list, so the
 * generated docs name every backend that reads them. Each is one object, in the order of the docs.
 */
const DNS_ZONE = { name: "dns-zone", description: "the zone's apex (example.com).", gitlab: { pattern: NAME } };
const DNS_NAME = {
    name: "dns-name",
    description: "the production name (www.example.com), in dns-zone.",
    gitlab: { pattern: NAME },
};
const DNS_PREVIEW_NAME = {
    name: "dns-preview-name",
    description: "the name that points at the idle color (preview.example.com), in dns-zone.",
    gitlab: { pattern: NAME },
};
const DNS_BLUE = {
    name: "dns-blue",
    description: "blue's target: one host name (the record is a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA sets).",
    gitlab: { description: "blue's target: one host name (CNAME) or comma-separated IPv4/IPv6 addresses." },
};
const DNS_GREEN = {
    name: "dns-green",
    description: "green's target: one host name (the record is a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA sets).",
    gitlab: { description: "green's target: one host name (CNAME) or comma-separated IPv4/IPv6 addresses." },
};
const DNS_TTL = {
    name: "dns-ttl",
    description: "TTL written with the records, in seconds: how long resolvers may keep sending clients to the old color after a switch.",
    default: "60",
    type: "number",
};
const DNS_ALLOW_LONG_TTL = {
    name: "dns-allow-long-ttl",
    description: "accept a dns-ttl over 300 s (a switch, and a rollback, then take that long to reach every client).",
    default: "false",
    type: "boolean",
};
const DNS_VERIFY_SERVERS = {
    name: "dns-verify-servers",
    safety: true,
    description: "the authoritative servers to wait for after a change, comma-separated host:port (default: the zone's NS set, port 53); dns-server, when given, is always checked too.",
};
const DNS_HEALTH_SCHEME = {
    name: "dns-health-scheme",
    description: "how readiness and test mode reach each color's addresses: http or https.",
    default: "http",
    options: ["http", "https"],
};
const DNS_HEALTH_PORT = {
    name: "dns-health-port",
    description: "the port readiness and test mode connect to on each color's addresses (default: 80, or 443 with https).",
    // Not typed: its default depends on dns-health-scheme, and a typed GitLab input needs a number as its default.
    pattern: "^[0-9]{1,5}$",
};
const DNS_HEALTH_PASSES = {
    name: "dns-health-passes",
    safety: true,
    description: "how many times in a row every address of a color must answer health-path before it counts as ready.",
    default: "3",
    type: "number",
};
const tsigInputs = [
    { name: "dns-tsig-key-name", description: "the TSIG key's name as the server knows it.", gitlab: { pattern: NAME } },
    {
        name: "dns-tsig-algorithm",
        description: "the TSIG key's algorithm.",
        default: "hmac-sha256",
        options: ["hmac-sha256", "hmac-sha512"],
    },
    {
        name: "dns-tsig-secret",
        description: "the TSIG key's secret in base64 (default: the DNS_TSIG_SECRET variable). Pass it from a secret; it is masked. status needs none.",
        secret: true,
        env: ["DNS_TSIG_SECRET"],
        gitlab: "variable",
    },
];
const inputs = [
    server,
    DNS_ZONE,
    DNS_NAME,
    DNS_PREVIEW_NAME,
    DNS_BLUE,
    DNS_GREEN,
    DNS_TTL,
    DNS_ALLOW_LONG_TTL,
    ...tsigInputs,
    DNS_VERIFY_SERVERS,
    DNS_HEALTH_SCHEME,
    DNS_HEALTH_PORT,
    DNS_HEALTH_PASSES,
];
/** Any RFC 2136 server (BIND, Knot, PowerDNS): one signed, conditional UPDATE per change. */
const dns = (0,descriptor/* defineBackend */.A)({
    kind: "dns",
    title: "DNS (RFC 2136 dynamic update)",
    switchedBy: "one TSIG-signed DNS UPDATE whose prerequisites are the records as read (compare-and-set), then the wait until every authoritative server serves it",
    docs: "docs/dns.md",
    inputs,
    credentialEnv: ["DNS_TSIG_SECRET"],
    capabilities: {
        deploysWorkload: false,
        trafficSteps: false,
        headerPreview: false,
        statusAccess: "SOA and record queries to the primary (no TSIG key, no update rights)",
    },
    settings: () => __nccwpck_require__.e(/* import() */ 854).then(__nccwpck_require__.bind(__nccwpck_require__, 20854)).then((module) => module.parseDnsSettings),
    load: () => Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(894), __nccwpck_require__.e(854), __nccwpck_require__.e(208), __nccwpck_require__.e(969)]).then(__nccwpck_require__.bind(__nccwpck_require__, 78969)).then((module) => module.createDns),
});

// EXTERNAL MODULE: ./src/backends/haproxy/descriptor.ts
var haproxy_descriptor = __nccwpck_require__(29850);
;// CONCATENATED MODULE: ./src/backends/kubernetes/descriptors.ts

// The three Kubernetes backends share one implementation (index.ts) and most inputs: each input
// below is one object, listed by every kind that reads it, so the generated docs name the right kinds.
const NAME_PATTERN = "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$";
const kubeconfig = {
    name: "kubeconfig",
    description: "kubeconfig content (YAML, or base64 of it); pass it from a secret, it is masked. Default: KUBECONFIG, ~/.kube/config, then the in-cluster service account.",
    secret: true,
    env: ["KUBECONFIG"],
    gitlab: "variable",
};
const context = {
    name: "context",
    description: "kubeconfig context to use (default: the current one).",
    gitlab: { description: "kubeconfig context (default: the current one)." },
};
const namespace = {
    name: "namespace",
    description: "namespace of the Deployments, Services and Routes.",
    default: "default",
    gitlab: { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
};
const app = {
    name: "app",
    description: "base name; Deployments and Services <app>-blue and <app>-green, pods labelled app=<app> and <color-label>=blue|green.",
    gitlab: { description: "base name of <app>-blue and <app>-green.", pattern: NAME_PATTERN },
};
const service = {
    name: "service",
    description: "the production Service whose selector holds <color-label>: <live color> (default: app).",
    gitlab: { description: "the production Service (default: app).", pattern: NAME_PATTERN },
};
const route = {
    name: "route",
    description: "the production Route, whose spec.to is <app>-blue or <app>-green; k8s-gateway: the production HTTPRoute, whose backendRefs weights send traffic to them (default: app).",
    gitlab: { description: "the production Route (default: app).", pattern: NAME_PATTERN },
};
const previewRoute = {
    name: "preview-route",
    description: "the preview Route or HTTPRoute pointed at the idle color (default: <app>-preview; optional, may not exist; k8s-gateway ignores it when preview-header is set).",
    gitlab: { description: "the preview Route (default: <app>-preview).", pattern: NAME_PATTERN },
};
const colorLabel = {
    name: "color-label",
    description: "the label whose value names the color.",
    default: "environment",
    gitlab: { pattern: "^\\S+$" },
};
const descriptors_image = {
    name: "image",
    description: "image repository without tag (e.g. ghcr.io/acme/shop); prepare sets <image>:<version>, after rendering manifests or running deploy-command when those are set. Required by prepare unless one of them is.",
    gitlab: {
        description: "image repository without tag; prepare sets <image>:<version>. (The jobs' own image is job-image.)",
        pattern: "^\\S*$",
    },
};
const container = {
    name: "container",
    description: "the container prepare updates (default: the only one; required when pods have several).",
    modes: ["prepare", "test", "promote"],
    gitlab: { description: "the container prepare updates (default: the only one)." },
};
const trafficSteps = {
    name: "traffic-steps",
    safety: true,
    description: "promote in weight steps, percentages on the new color ending at 100 (e.g. 10,50,100); verify-url is checked at each step and any failure returns all traffic to the old color.",
    modes: ["promote"],
    gitlab: { description: "promote in weight steps, percentages ending at 100 (e.g. 10,50,100).", pattern: "^([0-9]{1,3}(,[0-9]{1,3})*)?$" },
};
const stepWait = {
    name: "step-wait",
    safety: true,
    description: "seconds to wait at each traffic step before checking.",
    default: "30",
    type: "number",
    modes: ["promote"],
};
const scaleDownReplicas = {
    name: "scale-down-replicas",
    description: "after a successful promote, scale the old color to this many replicas (kept for rollback; the next prepare restores the count). Empty: leave it.",
    gitlab: { description: "replicas the old color keeps after a promote (empty: leave it).", pattern: "^([0-9]+)?$" },
};
const scaleDownDelay = {
    name: "scale-down-delay",
    safety: true,
    description: "seconds after promote before the old color is scaled to scale-down-replicas, and only if production is still on the new color (30 when scale-down-replicas is set).",
    default: "30",
    type: "number",
    modes: ["promote"],
    gitlab: { description: "seconds after a promote before the old color is scaled down (with scale-down-replicas)." },
};
const manifests = {
    name: "manifests",
    description: "prepare: paths or globs of YAML (one per line): a Deployment named <app> and the ConfigMaps/Secrets it uses, written for one color; rendered for the idle color (names -<color>, color label, references rewritten) and applied with server-side apply (field manager bluegreen).",
    modes: ["prepare"],
    gitlab: {
        description: "paths or globs of the app's color-neutral YAML (a Deployment, its ConfigMaps/Secrets), one per line; prepare renders them for the idle color and applies them server-side.",
    },
};
const forceConflicts = {
    name: "force-conflicts",
    description: "manifests: true takes over fields another field manager owns (server-side apply force); false reports the conflicting fields and changes nothing.",
    default: "false",
    type: "boolean",
    modes: ["prepare"],
    gitlab: { description: "take over fields another field manager owns when applying manifests." },
};
const previewHeader = {
    name: "preview-header",
    description: 'the preview is a rule of the production HTTPRoute matching this header, e.g. "x-bluegreen: preview" (created if missing). Empty: the preview-route HTTPRoute, if it exists.',
    gitlab: {
        description: "preview through a header-matched rule of the production HTTPRoute (e.g. x-bluegreen: preview) instead of a second HTTPRoute.",
    },
};
/** Every kind: the cluster, the app's objects, and how prepare deploys. */
const shared = [kubeconfig, context, namespace, app];
const workload = [colorLabel, descriptors_image, container, scaleDownReplicas, manifests, forceConflicts, scaleDownDelay];
/** @kubernetes/client-node 2 brings undici 8, which declares `engines: node >=22.19.0` (zlib's zstd, new in 22.19). */
const node = {
    minimum: "22.19.0",
    reason: "its Kubernetes client, @kubernetes/client-node, does not load on older versions",
};
const capabilities = (overrides) => ({
    deploysWorkload: true,
    trafficSteps: false,
    headerPreview: false,
    statusAccess: "get on the Deployments, Services and Routes of the namespace",
    ...overrides,
});
/** The settings of the kind they are parsed for (its options module brings a YAML parser for manifests). */
const settingsOf = (kind) => () => Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(709)]).then(__nccwpck_require__.bind(__nccwpck_require__, 12709)).then((module) => (read, common) => module.parseKubernetesSettings(kind, read, common));
const load = () => Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(891)]).then(__nccwpck_require__.bind(__nccwpck_require__, 42891)).then((module) => module.createKubernetes);
// KUBECONFIG is not withheld from deploy-command: Helm, Kustomize and kubectl there need the same cluster.
const k8sService = (0,descriptor/* defineBackend */.A)({
    kind: "k8s-service",
    title: "Kubernetes",
    switchedBy: "the production Service's selector (`environment: green`), with `resourceVersion`",
    docs: "docs/kubernetes.md",
    inputs: [...shared, service, ...workload],
    credentialEnv: [],
    node,
    capabilities: capabilities({ statusAccess: "get on the Deployments and the Service of the namespace" }),
    settings: settingsOf("k8s-service"),
    load,
});
const openshiftRoute = (0,descriptor/* defineBackend */.A)({
    kind: "openshift-route",
    title: "OpenShift",
    switchedBy: "the Route's `spec.to` (and `alternateBackends` weights for a gradual shift)",
    docs: "docs/kubernetes.md",
    inputs: [...shared, route, previewRoute, ...workload, trafficSteps, stepWait],
    credentialEnv: [],
    node,
    capabilities: capabilities({ trafficSteps: true, statusAccess: "get on the Deployments and the Routes of the namespace" }),
    settings: settingsOf("openshift-route"),
    load,
});
const k8sGateway = (0,descriptor/* defineBackend */.A)({
    kind: "k8s-gateway",
    title: "Gateway API",
    switchedBy: "a Gateway API HTTPRoute's `backendRefs` weights, once the Gateway accepted them",
    docs: "docs/kubernetes.md",
    inputs: [...shared, route, previewRoute, previewHeader, ...workload, trafficSteps, stepWait],
    credentialEnv: [],
    node,
    capabilities: capabilities({
        trafficSteps: true,
        headerPreview: true,
        statusAccess: "get on the Deployments and the HTTPRoutes of the namespace",
    }),
    settings: settingsOf("k8s-gateway"),
    load,
});

;// CONCATENATED MODULE: ./src/backends/ovh/descriptor.ts

// The OVH API credentials, shared by every backend that drives the OVH API (one object each, so the
// docs name every backend that reads them).
const OVH_CREDENTIAL_INPUTS = [
    {
        name: "ovh-endpoint",
        description: "ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL (a private gateway).",
        default: "ovh-eu",
        gitlab: { description: "ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL.", pattern: "^(ovh-eu|ovh-ca|ovh-us|https://\\S+)$" },
    },
    {
        name: "ovh-application-key",
        description: "API application key (default: the OVH_APPLICATION_KEY variable).",
        env: ["OVH_APPLICATION_KEY"],
        gitlab: "variable",
    },
    {
        name: "ovh-application-secret",
        description: "API application secret (default: OVH_APPLICATION_SECRET). Pass it from a secret; it is masked.",
        secret: true,
        env: ["OVH_APPLICATION_SECRET"],
        gitlab: "variable",
    },
    {
        name: "ovh-consumer-key",
        description: "API consumer key granting the calls of the backend (default: OVH_CONSUMER_KEY). Masked.",
        secret: true,
        env: ["OVH_CONSUMER_KEY"],
        gitlab: "variable",
    },
    {
        name: "ovh-client-id",
        description: "OAuth2 service-account client id, instead of the three keys above.",
        gitlab: "variable",
    },
    {
        name: "ovh-client-secret",
        description: "OAuth2 service-account client secret, with ovh-client-id. Masked.",
        secret: true,
        gitlab: "variable",
    },
];
/**
 * The variables of the OVH API credentials (OVH's own tools' names): bluegreen's to use, never a
 * user command's. The OAuth2 pair is withheld too, though bluegreen reads it only from its inputs.
 */
const OVH_CREDENTIAL_ENV = [
    "OVH_APPLICATION_KEY",
    "OVH_APPLICATION_SECRET",
    "OVH_CONSUMER_KEY",
    "OVH_CLIENT_ID",
    "OVH_CLIENT_SECRET",
];
const FRONTEND_IDS = "^([0-9]+(,[0-9]+)*)?$";
const descriptor_inputs = [
    ...OVH_CREDENTIAL_INPUTS,
    { name: "ovh-service", description: "the Load Balancer's serviceName (loadbalancer-...)." },
    {
        name: "ovh-frontends",
        description: "production frontend ids, comma-separated, one per port (80 and 443 need two). The first one's displayName also holds bluegreen's record.",
        gitlab: { description: "production frontend ids, comma-separated.", pattern: FRONTEND_IDS },
    },
    {
        name: "ovh-preview-frontends",
        description: "preview frontend ids, in the same order as ovh-frontends (or none).",
        gitlab: { description: "preview frontend ids, in the same order.", pattern: FRONTEND_IDS },
    },
    {
        name: "ovh-blue-farms",
        description: "the blue farm ids, one per production frontend, in the same order.",
        gitlab: { description: "the blue farm ids, one per production frontend.", pattern: FRONTEND_IDS },
    },
    {
        name: "ovh-green-farms",
        description: "the green farm ids, one per production frontend, in the same order.",
        gitlab: { description: "the green farm ids, one per production frontend.", pattern: FRONTEND_IDS },
    },
    {
        name: "ovh-protocol",
        description: "protocol of those frontends and farms: http, tcp or udp.",
        default: "http",
        options: ["http", "tcp", "udp"],
        gitlab: { description: "protocol of those frontends and farms." },
    },
];
/** OVHcloud IP Load Balancer: frontends' defaultFarmId, then a refresh task. */
const ipLoadbalancing = (0,descriptor/* defineBackend */.A)({
    kind: "ipLoadbalancing",
    title: "OVHcloud IP Load Balancer",
    switchedBy: "the OVHcloud IP Load Balancer frontends' `defaultFarmId`, then a refresh task",
    docs: "docs/ovh.md",
    inputs: descriptor_inputs,
    credentialEnv: OVH_CREDENTIAL_ENV,
    capabilities: {
        deploysWorkload: false,
        trafficSteps: false,
        headerPreview: false,
        statusAccess: "GET on /ipLoadbalancing/{serviceName} and below (an API key with read-only rights)",
    },
    settings: () => __nccwpck_require__.e(/* import() */ 763).then(__nccwpck_require__.bind(__nccwpck_require__, 70763)).then((module) => module.parseOvhSettings),
    load: () => Promise.all(/* import() */[__nccwpck_require__.e(274), __nccwpck_require__.e(62)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5062)).then((module) => module.createOvh),
});

;// CONCATENATED MODULE: ./src/backends/ovh-dns/descriptor.ts



// The same objects as dns's and ipLoadbalancing's: the docs name every backend that reads each one.
const ovh_dns_descriptor_inputs = [
    ...OVH_CREDENTIAL_INPUTS,
    DNS_ZONE,
    DNS_NAME,
    DNS_PREVIEW_NAME,
    DNS_BLUE,
    DNS_GREEN,
    DNS_TTL,
    DNS_ALLOW_LONG_TTL,
    DNS_VERIFY_SERVERS,
    DNS_HEALTH_SCHEME,
    DNS_HEALTH_PORT,
    DNS_HEALTH_PASSES,
];
/** An OVHcloud DNS zone: records edited through the OVH API, published by a refresh of the zone. */
const ovhDns = (0,descriptor/* defineBackend */.A)({
    kind: "ovh-dns",
    title: "OVHcloud DNS zone",
    switchedBy: "the records of an OVHcloud DNS zone, edited through the OVH API under a lease (the API has no compare-and-set), published by a refresh of the zone, then the wait until its servers serve them",
    docs: "docs/dns.md",
    inputs: ovh_dns_descriptor_inputs,
    credentialEnv: OVH_CREDENTIAL_ENV,
    capabilities: {
        deploysWorkload: false,
        trafficSteps: false,
        headerPreview: false,
        statusAccess: "GET on /domain/zone/{zone} and its records (an API key with read-only rights), and DNS queries to the zone's servers",
    },
    settings: () => Promise.all(/* import() */[__nccwpck_require__.e(854), __nccwpck_require__.e(521)]).then(__nccwpck_require__.bind(__nccwpck_require__, 29521)).then((module) => module.parseOvhDnsSettings),
    load: () => Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(894), __nccwpck_require__.e(854), __nccwpck_require__.e(208), __nccwpck_require__.e(274), __nccwpck_require__.e(238)]).then(__nccwpck_require__.bind(__nccwpck_require__, 73238)).then((module) => module.createOvhDns),
});

;// CONCATENATED MODULE: ./src/backends/registry.ts





/**
 * Every backend bluegreen has, as descriptors (what each needs and can do, as data). Adding a
 * backend is its folder, one line here, and its docs page; everything else reads this list.
 * The order is the order of help texts, generated docs and the backend input's allowed values.
 */
const BACKENDS = [ipLoadbalancing, k8sService, openshiftRoute, haproxy_descriptor/* haproxy */.u, k8sGateway, dns, ovhDns];
const BACKEND_KINDS = BACKENDS.map((backend) => backend.kind);
/** The descriptor of a backend input's value; undefined for a name that is no backend. */
function descriptorOf(kind) {
    return BACKENDS.find((backend) => backend.kind === kind);
}


/***/ }),

/***/ 79407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _node_version_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(58842);

// One bundle serves both doors: the GitHub runner starts it with no arguments and INPUT_*
// variables; people and other CI systems start it as `bluegreen <mode> --flags`.
// Everything else is imported dynamically, after the Node.js check: a backend's client that
// cannot load on this Node must never be loaded, so the user gets one sentence, not a stack trace.
const argv = process.argv.slice(2);
const onGithubRunner = process.env.GITHUB_ACTIONS === "true";
const problem = (0,_node_version_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeVersionProblem */ .e9)(process.versions.node, (0,_node_version_js__WEBPACK_IMPORTED_MODULE_0__/* .requestedBackend */ .h6)(argv, process.env));
if (problem) {
    // `::error::` is the runner's failure annotation (the action, or the CLI in a `run:` step); elsewhere a
    // plain line, like the CLI's usage errors.
    if (onGithubRunner)
        process.stdout.write(`::error::${problem}\n`);
    else
        process.stderr.write(`bluegreen: ${problem}\n`);
    process.exitCode = 2;
}
else if (argv.length > 0 || !onGithubRunner) {
    // Without arguments outside a GitHub runner, the CLI prints its usage (exit code 2).
    const { runCli } = await Promise.all(/* import() */[__nccwpck_require__.e(278), __nccwpck_require__.e(581)]).then(__nccwpck_require__.bind(__nccwpck_require__, 95581));
    process.exitCode = await runCli(argv);
}
else {
    const { run } = await Promise.all(/* import() */[__nccwpck_require__.e(260), __nccwpck_require__.e(465), __nccwpck_require__.e(278)]).then(__nccwpck_require__.bind(__nccwpck_require__, 87465));
    process.exitCode = await run();
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 87014:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ listed)
/* harmony export */ });
/** "a", "a or b", "a, b or c": a list in a sentence (this module imports nothing: the Node.js check uses it). */
function listed(items, conjunction = "or") {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}


/***/ }),

/***/ 58842:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   e9: () => (/* binding */ nodeVersionProblem),
/* harmony export */   h6: () => (/* binding */ requestedBackend),
/* harmony export */   ir: () => (/* binding */ NODE_MINIMUM)
/* harmony export */ });
/* unused harmony exports nodeMinimum, isOlder */
/* harmony import */ var _backends_registry_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(20588);
/* harmony import */ var _listed_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(87014);
/**
 * The Node.js versions bluegreen runs on. index.ts checks them before it loads main.js or any
 * backend: on a Node that is too old, a client library otherwise dies deep inside its own code
 * (`Cannot read properties of undefined (reading 'bind')` from the Kubernetes client on Node 20)
 * with a stack trace instead of a sentence. The backends' needs come from their descriptors, which
 * are data: this module loads no backend code and no client library, so the check itself runs on any Node.
 */


/** What every backend needs: HAProxy and OVH runs are tested on Node 20 (test/node-version.test.ts). */
const NODE_MINIMUM = "20.0.0";
/** The minimum Node.js version for a backend (an unknown or missing name: the general minimum). */
function nodeMinimum(backend) {
    return (backend !== undefined && descriptorOf(backend)?.node?.minimum) || NODE_MINIMUM;
}
/** One sentence when `found` cannot run `backend`, else undefined. */
function nodeVersionProblem(found, backend) {
    if (isOlder(found, NODE_MINIMUM)) {
        return `Node.js ${found} is too old for bluegreen: it needs Node.js ${NODE_MINIMUM} or newer.`;
    }
    const special = backend !== undefined ? (0,_backends_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .descriptorOf */ .nb)(backend)?.node : undefined;
    if (special && isOlder(found, special.minimum)) {
        const anyNode = _backends_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKENDS */ .A7.filter((candidate) => candidate.node === undefined)
            .map((candidate) => candidate.kind)
            .sort((a, b) => a.localeCompare(b));
        return `Node.js ${found} is too old for backend "${backend}": it needs Node.js ${special.minimum} or newer (${special.reason}); the ${(0,_listed_js__WEBPACK_IMPORTED_MODULE_1__/* .listed */ .K)(anyNode, "and")} backends run on Node.js ${NODE_MINIMUM} and newer.`;
    }
    return undefined;
}
/**
 * The backend a run will use, read the way the run reads it: the CLI's `--backend x` or
 * `--backend=x` first, then INPUT_BACKEND (the runner's variable, also the CLI's fallback).
 * A malformed command line is left to the CLI's own usage errors.
 */
function requestedBackend(argv, env) {
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--backend")
            return argv[i + 1];
        if (arg.startsWith("--backend="))
            return arg.slice("--backend=".length);
    }
    const fromEnv = env.INPUT_BACKEND?.trim();
    return fromEnv ? fromEnv : undefined;
}
/** True when version a (like "20.20.2", "v22.19.0" or "24.0.0-nightly") is older than b. */
function isOlder(a, b) {
    const parts = (v) => v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) {
        const [p, q] = [x[i] ?? 0, y[i] ?? 0];
        if (p !== q)
            return p < q;
    }
    return false;
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 90290:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("async_hooks");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 71553:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns/promises");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 80481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 80099:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 37830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 87997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 83480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 69154:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("vm");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(79407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
