export const id = 243;
export const ids = [243];
export const modules = {

/***/ 1243:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, cliReader, helpText, parseArgs

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"0.1.0","h_":"Blue-green deployments end to end: HAProxy, Kubernetes, OpenShift and OVHcloud IP Load Balancer."}');
;// CONCATENATED MODULE: ./src/input-names.ts
const INPUTS = [
    { name: "mode", description: "Pipeline stage: prepare, test, promote or rollback.", required: true },
    {
        name: "backend",
        description: "Where production traffic is switched: ipLoadbalancing, k8s-service, openshift-route or haproxy.",
        required: true,
    },
    {
        name: "version",
        description: "The release being deployed (an image tag: letters, digits, _ . -). Required by prepare; test checks it; promote records it.",
    },
    { name: "dry-run", description: "true: read the state, print the exact plan, change nothing.", default: "false", boolean: true },
    { name: "timeout", description: "Seconds any wait may take.", default: "300" },
    {
        name: "deploy-command",
        description: "prepare (haproxy, ipLoadbalancing): command that installs version on the target color, run without a shell; gets BLUEGREEN_COLOR, BLUEGREEN_VERSION, BLUEGREEN_SERVERS.",
    },
    { name: "test-url", description: "Base URL of the preview entry (the idle color)." },
    { name: "health-path", description: "Path that must answer 2xx.", default: "/health" },
    { name: "version-path", description: "Optional path whose body must contain version." },
    { name: "test-requests", description: "Requests of the light load run by test mode.", default: "100" },
    { name: "test-concurrency", description: "Concurrent requests of that load.", default: "10" },
    { name: "max-p95-ms", description: "Highest p95 latency (ms) test mode accepts.", default: "500" },
    { name: "max-error-rate", description: "Highest share of failed requests (0 to 1) test mode accepts.", default: "0" },
    {
        name: "test-command",
        description: "Optional extra test command, run without a shell; gets BLUEGREEN_TEST_URL, BLUEGREEN_COLOR, BLUEGREEN_VERSION.",
    },
    {
        name: "verify-url",
        description: "Production URL checked after promote and rollback (health, and version when version-path is set).",
    },
    {
        name: "auto-rollback",
        description: "true: when the check after promote fails, traffic goes back and the step fails.",
        default: "true",
        boolean: true,
    },
    {
        name: "require-test",
        description: "true: promote refuses a color with no passed test recorded by test mode.",
        default: "false",
        boolean: true,
    },
    { name: "max-test-age", description: "Seconds a passed test stays valid for promote (0: no limit).", default: "0" },
    {
        name: "github-token",
        description: "promote, rollback: a token with deployments:write (e.g. github.token); records a GitHub Deployment and its statuses for environment. Empty: no records.",
        secret: true,
    },
    { name: "environment", description: "Name of the deployment environment the records go to.", default: "production" },
    { name: "haproxy-socket", description: "haproxy: Runtime API socket (unix path or host:port), level admin." },
    { name: "haproxy-map", description: "haproxy: the map path as HAProxy knows it, holding the active and preview entries." },
    {
        name: "haproxy-map-file",
        description: "haproxy: where this runner can write that map file (default: haproxy-map), so a reload keeps the switch.",
    },
    { name: "blue-backend", description: "haproxy: the blue backend's name.", default: "blue" },
    { name: "green-backend", description: "haproxy: the green backend's name.", default: "green" },
    {
        name: "kubeconfig",
        description: "k8s-service, openshift-route: kubeconfig content (YAML, or base64 of it); pass it from a secret, it is masked. Default: KUBECONFIG, ~/.kube/config, then the in-cluster service account.",
        secret: true,
    },
    { name: "context", description: "k8s-service, openshift-route: kubeconfig context to use (default: the current one)." },
    {
        name: "namespace",
        description: "k8s-service, openshift-route: namespace of the Deployments, Services and Routes.",
        default: "default",
    },
    {
        name: "app",
        description: "k8s-service, openshift-route: base name; Deployments and Services <app>-blue and <app>-green, pods labelled app=<app> and <color-label>=blue|green.",
    },
    { name: "service", description: "k8s-service: the production Service whose selector holds <color-label>: <live color> (default: app)." },
    { name: "route", description: "openshift-route: the production Route, whose spec.to is <app>-blue or <app>-green (default: app)." },
    {
        name: "preview-route",
        description: "openshift-route: the preview Route pointed at the idle color (default: <app>-preview; optional, may not exist).",
    },
    { name: "color-label", description: "k8s-service, openshift-route: the label whose value names the color.", default: "environment" },
    {
        name: "image",
        description: "k8s-service, openshift-route: image repository without tag (e.g. ghcr.io/acme/shop); prepare sets <image>:<version>. Required by prepare.",
    },
    {
        name: "container",
        description: "k8s-service, openshift-route: the container prepare updates (default: the only one; required when pods have several).",
    },
    {
        name: "traffic-steps",
        description: "openshift-route: promote in weight steps, percentages on the new color ending at 100 (e.g. 10,50,100); verify-url is checked at each step and any failure returns all traffic to the old color.",
    },
    { name: "step-wait", description: "openshift-route: seconds to wait at each traffic step before checking.", default: "30" },
    {
        name: "scale-down-replicas",
        description: "k8s-service, openshift-route: after a successful promote, scale the old color to this many replicas (kept for rollback; the next prepare restores the count). Empty: leave it.",
    },
    {
        name: "ovh-endpoint",
        description: "ipLoadbalancing: ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL (a private gateway).",
        default: "ovh-eu",
    },
    { name: "ovh-application-key", description: "ipLoadbalancing: API application key (default: the OVH_APPLICATION_KEY variable)." },
    {
        name: "ovh-application-secret",
        description: "ipLoadbalancing: API application secret (default: OVH_APPLICATION_SECRET). Pass it from a secret; it is masked.",
        secret: true,
    },
    {
        name: "ovh-consumer-key",
        description: "ipLoadbalancing: API consumer key granting the IPLB calls (default: OVH_CONSUMER_KEY). Masked.",
        secret: true,
    },
    { name: "ovh-client-id", description: "ipLoadbalancing: OAuth2 service-account client id, instead of the three keys above." },
    {
        name: "ovh-client-secret",
        description: "ipLoadbalancing: OAuth2 service-account client secret, with ovh-client-id. Masked.",
        secret: true,
    },
    { name: "ovh-service", description: "ipLoadbalancing: the Load Balancer's serviceName (loadbalancer-...)." },
    {
        name: "ovh-frontends",
        description: "ipLoadbalancing: production frontend ids, comma-separated, one per port (80 and 443 need two). The first one's displayName also holds bluegreen's record.",
    },
    { name: "ovh-preview-frontends", description: "ipLoadbalancing: preview frontend ids, in the same order as ovh-frontends (or none)." },
    { name: "ovh-blue-farms", description: "ipLoadbalancing: the blue farm ids, one per production frontend, in the same order." },
    { name: "ovh-green-farms", description: "ipLoadbalancing: the green farm ids, one per production frontend, in the same order." },
    { name: "ovh-protocol", description: "ipLoadbalancing: protocol of those frontends and farms: http, tcp or udp.", default: "http" },
];
function findInput(name) {
    return INPUTS.find((input) => input.name === name);
}

// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(7625);
// EXTERNAL MODULE: ./src/main.ts + 16 modules
var main = __webpack_require__(7053);
;// CONCATENATED MODULE: ./src/cli.ts




/**
 * The command line door to the same run() the action uses:
 *   bluegreen <mode> --backend haproxy --haproxy-socket /run/haproxy.sock [--flag value | --flag=value]
 * Flags are the action's inputs by name. Exit codes: 0 success, 1 the step failed, 2 usage error.
 */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** A mistake on the command line itself: reported with exit code 2, before anything runs. */
class UsageError extends Error {
}
const defaultIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
};
async function runCli(argv, io = defaultIo) {
    let parsed;
    try {
        parsed = parseArgs(argv);
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        io.err(`bluegreen: ${error.message}\nRun "bluegreen --help" for the flags.\n`);
        return EXIT_USAGE;
    }
    if (parsed.kind === "help") {
        io.out(helpText());
        return EXIT_OK;
    }
    if (parsed.kind === "version") {
        io.out(`${package_namespaceObject.rE}\n`);
        return EXIT_OK;
    }
    const read = cliReader(parsed.values, io.env);
    let outputs;
    const code = await (0,main/* run */.N)(read, { onOutputs: (o) => (outputs = o) });
    // The outputs last, one `name=value` line each, for people and for scripts (`grep ^active-color=`).
    if (outputs) {
        for (const [name, value] of Object.entries(outputs))
            io.out(`${name}=${value.replace(/\r?\n/g, " | ")}\n`);
    }
    return code === 0 ? EXIT_OK : EXIT_FAILED;
}
/**
 * Flags first, then the environment the way a runner passes inputs (INPUT_HAPROXY-SOCKET), then
 * with underscores (INPUT_HAPROXY_SOCKET), which shells and GitLab variables can spell: the place
 * for secrets such as github-token, which should not sit in argv where `ps` shows them.
 */
function cliReader(values, env) {
    return (name) => {
        const flag = values.get(name);
        if (flag !== undefined)
            return flag;
        const upper = name.toUpperCase();
        return env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, "_")}`] ?? "";
    };
}
function parseArgs(argv) {
    if (argv.some((arg) => arg === "--help" || arg === "-h"))
        return { kind: "help" };
    // `--version` alone is bluegreen's version; with a mode it is the input of that name (the release).
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V"))
        return { kind: "version" };
    const values = new Map();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("-")) {
            if (values.has("mode"))
                throw new UsageError(`unexpected argument "${arg}": the mode is given once, and flag values follow their flag.`);
            values.set("mode", arg);
            continue;
        }
        const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
        if (!match)
            throw new UsageError(`"${arg}" is not a flag; flags look like --name value or --name=value.`);
        const name = match[1];
        const spec = INPUTS.find((input) => input.name === name);
        if (!spec)
            throw new UsageError(`unknown flag --${name}${suggestion(name)}.`);
        if (values.has(name))
            throw new UsageError(`--${name} is given twice${name === "mode" ? " (as a flag and as the first argument)" : ""}.`);
        let value = match[2];
        if (value === undefined) {
            const next = argv[i + 1];
            if (spec.boolean) {
                // Bare boolean flags mean true; `--dry-run false` is accepted too.
                if (next === "true" || next === "false")
                    i++;
                value = next === "true" || next === "false" ? next : "true";
            }
            else if (next === undefined) {
                throw new UsageError(`--${name} needs a value.`);
            }
            else if (next.startsWith("--")) {
                throw new UsageError(`--${name} needs a value (got the flag ${next}; write --${name}=${next} if that is the value).`);
            }
            else {
                value = next;
                i++;
            }
        }
        values.set(name, value);
    }
    const mode = values.get("mode");
    if (mode === undefined)
        throw new UsageError(`the mode is missing: bluegreen <${inputs/* MODES */.FN.join("|")}> --backend <name> [--flag value ...].`);
    if (!inputs/* MODES */.FN.includes(mode)) {
        throw new UsageError(`unknown mode "${mode}"; modes: ${inputs/* MODES */.FN.join(", ")}.`);
    }
    return { kind: "run", values };
}
/** " (did you mean --x?)" for a near miss, so a typo is a one-second fix. */
function suggestion(name) {
    let best;
    for (const input of INPUTS) {
        const distance = editDistance(name, input.name);
        if (!best || distance < best.distance)
            best = { name: input.name, distance };
    }
    return best && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean --${best.name}?)` : "";
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        }
        previous = current;
    }
    return previous[b.length];
}
function helpText() {
    const shown = INPUTS.filter((input) => input.name !== "mode");
    const label = (input) => `--${input.name} ${input.boolean ? "[true|false]" : "<value>"}`;
    const width = Math.max(...shown.map((input) => label(input).length)) + 2;
    const lines = [
        `Usage: bluegreen <${inputs/* MODES */.FN.join("|")}> --backend <name> [--flag value | --flag=value ...]`,
        "",
        `bluegreen ${package_namespaceObject.rE}: ${package_namespaceObject.h_}`,
        "The same code as the GitHub Action: every input of the action is a flag of the same name.",
        "A flag that is not given is read from the environment as INPUT_<NAME> (INPUT_GITHUB_TOKEN,",
        "INPUT_HAPROXY_SOCKET): pass secrets that way, never on the command line.",
        "",
        "Inputs:",
    ];
    for (const input of shown) {
        const notes = [
            input.required ? "required" : "",
            input.default !== undefined ? `default: ${input.default}` : "",
            input.secret ? "secret: use INPUT_* env" : "",
        ]
            .filter(Boolean)
            .join("; ");
        lines.push(`  ${label(input).padEnd(width)}${input.description}${notes ? ` (${notes})` : ""}`);
    }
    lines.push("", "Other flags:", `  ${"-h, --help".padEnd(width)}Print this help.`, `  ${"-V, --version".padEnd(width)}Print bluegreen's version (--version alone; after a mode it is the input).`, "", "Output: the run's log, then the step outputs as name=value lines", "(active-color, previous-color, target-color, version, changed, plan).", "Exit codes: 0 success, 1 the step failed (nothing changed, or traffic is on a known color), 2 usage error.", "");
    return lines.join("\n");
}


/***/ })

};
