export const id = 581;
export const ids = [581];
export const modules = {

/***/ 95581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCli: () => (/* binding */ runCli)
/* harmony export */ });
/* unused harmony exports EXIT_OK, EXIT_FAILED, EXIT_USAGE, UsageError, OUTPUT_FORMATS, cliReader, parseArgs, helpText */
/* harmony import */ var _package_json__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8330);
/* harmony import */ var _backends_haproxy_descriptor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(29850);
/* harmony import */ var _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20588);
/* harmony import */ var _input_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(19451);
/* harmony import */ var _input_typos_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(95833);
/* harmony import */ var _listed_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(87014);
/* harmony import */ var _mode_names_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(66061);
/* harmony import */ var _node_version_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(58842);
/* harmony import */ var _platform_log_stream_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6982);
/* harmony import */ var _platform_secrets_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(79002);
/* harmony import */ var _platform_style_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(66142);











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
/** What stdout carries: the human log (text), one JSON document (json), or the step outputs as name=value lines (env). */
const OUTPUT_FORMATS = ["text", "json", "env"];
const defaultIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
};
async function runCli(argv, io = defaultIo) {
    if (argv.length === 0) {
        // `bluegreen` alone, at a terminal or in a CI job that forgot the mode: the usage, as a usage error.
        io.err(helpText());
        return EXIT_USAGE;
    }
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
        io.out(helpText(parsed.backend));
        return EXIT_OK;
    }
    if (parsed.kind === "version") {
        io.out(`${_package_json__WEBPACK_IMPORTED_MODULE_0__/* .version */ .rE}\n`);
        return EXIT_OK;
    }
    const read = cliReader(parsed.values, io.env);
    const { output } = parsed;
    // stdout is the script's under json and env: the human log goes to stderr then.
    (0,_platform_log_stream_js__WEBPACK_IMPORTED_MODULE_8__/* .sendLogToStderr */ .M_)(output !== "text");
    (0,_platform_style_js__WEBPACK_IMPORTED_MODULE_7__/* .setColours */ .Et)((0,_platform_style_js__WEBPACK_IMPORTED_MODULE_7__/* .coloursWanted */ .pU)(process.stdout.isTTY === true, io.env, output === "json"));
    // Imported here, not above: --help, --version and usage errors load none of the run's code.
    const { run } = await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(465)]).then(__webpack_require__.bind(__webpack_require__, 87465));
    let outputs;
    let report;
    const code = await run(read, { onOutputs: (o) => (outputs = o), onReport: (r) => (report = r) });
    if (output === "env" && outputs) {
        // One `name=value` line each, for scripts (`grep ^active-color=`); the plan's lines joined by " | ".
        for (const [name, value] of Object.entries(outputs))
            io.out(`${name}=${(0,_platform_secrets_js__WEBPACK_IMPORTED_MODULE_6__/* .redact */ .E$)(value).replace(/\r?\n/g, " | ")}\n`);
    }
    if (output === "json" && report) {
        const { jsonDocument } = await __webpack_require__.e(/* import() */ 223).then(__webpack_require__.bind(__webpack_require__, 73223));
        io.out(`${JSON.stringify(jsonDocument(report, outputs), null, 2)}\n`);
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
    if (argv.some((arg) => arg === "--help" || arg === "-h")) {
        // `--help haproxy` (or `--backend haproxy --help`): the common flags and that backend's.
        return { kind: "help", backend: argv.find((arg) => _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKEND_KINDS */ .pF.includes(arg)) };
    }
    // `--version` alone is bluegreen's version; with a mode it is the input of that name (the release).
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V"))
        return { kind: "version" };
    const values = new Map();
    // The flag the previous word belonged to, so that a stray word can be explained by what it follows.
    let last;
    let output;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("-")) {
            // `--dry-run yes`: a bare boolean flag is complete; the word after it is not its value.
            if (last?.bare && !isMode(arg))
                throw new UsageError(takesNoValue(last.spec.name, arg));
            if (values.has("mode"))
                throw new UsageError(strayArgument(arg, values.get("mode"), last));
            values.set("mode", arg);
            last = undefined;
            continue;
        }
        const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
        if (!match)
            throw new UsageError(`"${arg}" is not a flag; flags look like --name value or --name=value, e.g. --backend ${EXAMPLE_BACKEND}.`);
        const name = match[1];
        if (name === "output") {
            // A flag of the command line only (the action has its outputs): what stdout carries.
            if (output !== undefined)
                throw new UsageError("--output is given twice.");
            const value = match[2] ?? argv[++i];
            if (value === undefined)
                throw new UsageError(`--output needs a value: ${OUTPUT_FORMATS.join(", ")} (e.g. --output json).`);
            if (!OUTPUT_FORMATS.includes(value))
                throw new UsageError(`--output "${value}" is not allowed; allowed: ${OUTPUT_FORMATS.join(", ")} (e.g. --output json).`);
            output = value;
            continue;
        }
        const spec = (0,_input_names_js__WEBPACK_IMPORTED_MODULE_3__/* .findInput */ .c)(name);
        if (!spec)
            throw new UsageError(unknownFlag(name));
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
                throw new UsageError(`--${name} needs a value, e.g. ${flagExample(spec)}${name === "version" ? VERSION_ALONE : ""}.`);
            }
            else if (next.startsWith("--")) {
                throw new UsageError(`--${name} needs a value (got the flag ${next}; write --${name}=${next} if that is the value), e.g. ${flagExample(spec)}.`);
            }
            else {
                value = next;
                i++;
            }
            // Only a flag that took the next word can explain a stray word after it (a value that needed quotes).
            last = spec.boolean ? { spec, given: value, bare: next !== "true" && next !== "false" } : { spec, given: value, bare: false };
        }
        else {
            if (spec.boolean && value !== "true" && value !== "false") {
                throw new UsageError(`--${name}=${value} is not allowed: --${name} takes true or false; write --${name} or --${name}=false.`);
            }
            last = undefined;
        }
        const earlier = values.get(name);
        if (earlier !== undefined) {
            if (name === "mode")
                throw new UsageError(`--mode is given twice (as a flag and as the first argument); give the mode once, e.g. ${example("promote")}.`);
            const [first, second] = spec.secret ? ["***", "***"] : [earlier, value];
            throw new UsageError(`--${name} is given twice ("${first}", then "${second}"); give it once, e.g. ${flagExample(spec)}.`);
        }
        values.set(name, value);
    }
    const mode = values.get("mode");
    if (mode === undefined) {
        throw new UsageError(`the mode is missing; write it first: bluegreen <${_mode_names_js__WEBPACK_IMPORTED_MODULE_9__/* .MODES */ .F.join("|")}> --backend <name> [--flag value ...], e.g. ${example("status")}.`);
    }
    if (!isMode(mode)) {
        const near = closestMode(mode);
        throw new UsageError(`unknown mode "${mode}"; modes: ${_mode_names_js__WEBPACK_IMPORTED_MODULE_9__/* .MODES */ .F.join(", ")}; ${near ? `did you mean ${example(near)}?` : `e.g. ${example("status")}.`}`);
    }
    return { kind: "run", values, output: output ?? "text" };
}
/** The backend usage errors' examples name: the one that runs on a laptop (HAProxy and a socket). */
const EXAMPLE_BACKEND = _backends_haproxy_descriptor_js__WEBPACK_IMPORTED_MODULE_1__/* .haproxy */ .u.kind;
/** After a mode, `--version` is the release: bluegreen's own version is --version alone. */
const VERSION_ALONE = " (bluegreen's own version: bluegreen --version, alone)";
/** Why a second word that is not a flag is a mistake, from what it follows, with the line to write. */
function strayArgument(arg, mode, last) {
    if (isMode(arg)) {
        return `unexpected argument "${arg}": the mode is given once, and it is ${mode} already; write one mode, e.g. ${example(arg)}.`;
    }
    if (last?.spec.secret) {
        // Part of a secret, perhaps: never printed.
        const variable = `INPUT_${last.spec.name.toUpperCase().replace(/-/g, "_")}`;
        return `unexpected argument after --${last.spec.name}: a flag takes one value; pass a secret in the environment instead, e.g. ${variable}=... bluegreen ${mode} ...`;
    }
    if (last && !last.spec.boolean) {
        // `--deploy-command ./deploy.sh v2`: the flag took one word; the rest needed quotes.
        return `unexpected argument "${arg}" after --${last.spec.name} ${last.given}: a flag takes one value; quote a value with spaces, e.g. --${last.spec.name} "${last.given} ${arg}".`;
    }
    return `unexpected argument "${arg}": the mode is ${mode} already, and a value follows its flag, e.g. --version ${arg}.`;
}
function takesNoValue(name, word) {
    return `--${name} takes no value ("${word}"); write --${name} or --${name}=true (--${name}=false to turn it off).`;
}
function isMode(word) {
    return _mode_names_js__WEBPACK_IMPORTED_MODULE_9__/* .MODES */ .F.includes(word);
}
/** "unknown flag --x", with the input it nearly names, or where the flags are listed. */
function unknownFlag(name) {
    if (isMode(name))
        return `unknown flag --${name}; the mode is written without dashes, e.g. ${example(name)}.`;
    const near = (0,_input_typos_js__WEBPACK_IMPORTED_MODULE_4__/* .closestInput */ .s9)(name);
    const spec = near ? (0,_input_names_js__WEBPACK_IMPORTED_MODULE_3__/* .findInput */ .c)(near) : undefined;
    if (spec)
        return `unknown flag --${name} (did you mean --${spec.name}?); e.g. ${flagExample(spec)}.`;
    return `unknown flag --${name}; flags are the action's inputs (bluegreen --help lists them), e.g. --backend ${EXAMPLE_BACKEND}.`;
}
function closestMode(word) {
    const scored = _mode_names_js__WEBPACK_IMPORTED_MODULE_9__/* .MODES */ .F.map((mode) => ({ mode, distance: (0,_input_typos_js__WEBPACK_IMPORTED_MODULE_4__/* .editDistance */ .YC)(word.toLowerCase(), mode) })).sort((a, b) => a.distance - b.distance);
    const [best, second] = scored;
    return best && best.distance <= 2 && best.distance < (second?.distance ?? Infinity) ? best.mode : undefined;
}
/** A command line that works for `mode`, for the examples of usage errors. */
function example(mode) {
    const version = mode === "prepare" ? " --version v2" : "";
    return `bluegreen ${mode} --backend ${EXAMPLE_BACKEND}${version}`;
}
/** `--name value` with a value the input accepts, so an example can be copied. */
function flagExample(spec) {
    if (spec.boolean)
        return `--${spec.name}`;
    return `--${spec.name} ${exampleValue(spec)}`;
}
function exampleValue(spec) {
    const { name, descriptor } = spec;
    if (name === "backend")
        return EXAMPLE_BACKEND;
    if (descriptor.options && descriptor.options.length > 0)
        return descriptor.default ?? descriptor.options[0];
    if (name === "version")
        return "v2";
    if (name.endsWith("-url"))
        return "https://www.example.com";
    if (name.endsWith("-command"))
        return name === "test-command" ? '"./smoke-test.sh --quick"' : '"./deploy.sh --wait"';
    if (name === "haproxy-socket")
        return "/run/haproxy/admin.sock";
    if (name === "haproxy-map" || name === "haproxy-map-file")
        return "/etc/haproxy/bluegreen.map";
    if (spec.default !== undefined && spec.default !== "")
        return /\s/.test(spec.default) ? `"${spec.default}"` : spec.default;
    if (name.endsWith("-path"))
        return "/health";
    return "<value>";
}
/** The widest a help line gets: descriptions are cut there (the docs have them whole). */
const HELP_WIDTH = 120;
/**
 * The common flags, one line each, and the backends by name; with a backend (`--help haproxy`),
 * that backend's flags too, from its descriptor. Short on purpose: the docs hold the long form.
 */
function helpText(backend) {
    const common = _input_names_js__WEBPACK_IMPORTED_MODULE_3__/* .INPUTS */ .m.filter((input) => input.name !== "mode" && input.backends === undefined);
    const own = backend ? _input_names_js__WEBPACK_IMPORTED_MODULE_3__/* .INPUTS */ .m.filter((input) => input.backends?.includes(backend)) : [];
    const label = (input) => `--${input.name}${input.boolean ? "" : " <value>"}`;
    const width = Math.max(...[...common, ...own].map((input) => label(input).length)) + 2;
    const line = (input) => {
        const notes = [
            input.required ? "required" : "",
            input.default && input.default !== "false" ? `default ${input.default}` : "",
            input.secret ? "secret: use INPUT_* env" : "",
        ]
            .filter(Boolean)
            .join("; ");
        // The first sentence: the docs and action.yml hold the rest. A backend's own flag is listed under its name.
        const description = /^.*?\S\.(?=\s|$)/.exec(input.descriptor.description)?.[0] ?? input.descriptor.description;
        return clipped(`  ${label(input).padEnd(width)}${notes ? `(${notes}) ` : ""}${description}`);
    };
    const lines = [
        `Usage: bluegreen <${_mode_names_js__WEBPACK_IMPORTED_MODULE_9__/* .MODES */ .F.join("|")}> --backend <name> [--flag value | --flag=value ...]`,
        clipped(`bluegreen ${_package_json__WEBPACK_IMPORTED_MODULE_0__/* .version */ .rE}: ${_package_json__WEBPACK_IMPORTED_MODULE_0__/* .description */ .h_}`),
        "Each input of the GitHub Action is a flag of the same name, or an INPUT_<NAME> variable (the way for secrets).",
        "Common flags:",
        ...common.map(line),
    ];
    if (backend)
        lines.push(`${backend} flags:`, ...own.map(line));
    lines.push(`  ${"--output text|json|env".padEnd(width)}stdout: the log (text), one JSON document (json), or name=value outputs (env)`, `  ${"-h, --help [backend]".padEnd(width)}this help; with a backend, its flags too. -V, --version: bluegreen's version`, clipped(`Backends: ${_backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKENDS */ .A7.map((b) => b.kind).join(", ")}${backend ? "" : ' ("bluegreen --help <backend>" lists its flags)'}.`), "Exit codes: 0 success, 1 the step failed, 2 usage error (or a Node.js too old for the backend).", clipped(`Node.js: ${_node_version_js__WEBPACK_IMPORTED_MODULE_5__/* .NODE_MINIMUM */ .ir} or newer${nodeNeeds()}.`), "");
    return lines.join("\n");
}
/** One help line, cut at HELP_WIDTH. */
function clipped(text) {
    return text.length <= HELP_WIDTH ? text : `${text.slice(0, HELP_WIDTH - 1)}…`;
}
/** "; k8s-service, openshift-route and k8s-gateway need 22.19.0 or newer", from the descriptors. */
function nodeNeeds() {
    const byVersion = new Map();
    for (const backend of _backends_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .BACKENDS */ .A7) {
        if (backend.node)
            byVersion.set(backend.node.minimum, [...(byVersion.get(backend.node.minimum) ?? []), backend.kind]);
    }
    return [...byVersion]
        .map(([version, kinds]) => `; ${(0,_listed_js__WEBPACK_IMPORTED_MODULE_10__/* .listed */ .K)(kinds, "and")} need${kinds.length === 1 ? "s" : ""} ${version} or newer`)
        .join("");
}


/***/ }),

/***/ 8330:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"rE":"1.0.0","h_":"Blue-green deployments end to end: DNS (RFC 2136 dynamic update), Gateway API, HAProxy, Kubernetes, OpenShift, OVHcloud DNS zone and OVHcloud IP Load Balancer."}');

/***/ })

};
