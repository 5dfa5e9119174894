export const id = 618;
export const ids = [618];
export const modules = {

/***/ 76618:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, cliReader, helpText, parseArgs

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"1.0.0","h_":"Blue-green deployments end to end: DNS (RFC 2136 dynamic update), Gateway API, HAProxy, Kubernetes, OpenShift, OVHcloud DNS zone and OVHcloud IP Load Balancer."}');
// EXTERNAL MODULE: ./src/backends/registry.ts + 6 modules
var registry = __webpack_require__(29475);
// EXTERNAL MODULE: ./src/input-names.ts + 1 modules
var input_names = __webpack_require__(19451);
// EXTERNAL MODULE: ./src/input-typos.ts
var input_typos = __webpack_require__(95833);
// EXTERNAL MODULE: ./src/listed.ts
var listed = __webpack_require__(87014);
// EXTERNAL MODULE: ./src/mode-names.ts
var mode_names = __webpack_require__(66061);
// EXTERNAL MODULE: ./src/node-version.ts
var node_version = __webpack_require__(58842);
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
        io.out(helpText());
        return EXIT_OK;
    }
    if (parsed.kind === "version") {
        io.out(`${package_namespaceObject.rE}\n`);
        return EXIT_OK;
    }
    const read = cliReader(parsed.values, io.env);
    // Imported here, not above: --help, --version and usage errors load none of the run's code.
    const { run } = await Promise.all(/* import() */[__webpack_require__.e(260), __webpack_require__.e(711)]).then(__webpack_require__.bind(__webpack_require__, 69711));
    let outputs;
    const code = await run(read, { onOutputs: (o) => (outputs = o) });
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
    // The flag the previous word belonged to, so that a stray word can be explained by what it follows.
    let last;
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
            throw new UsageError(`"${arg}" is not a flag; flags look like --name value or --name=value, e.g. --backend haproxy.`);
        const name = match[1];
        const spec = (0,input_names/* findInput */.c)(name);
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
        throw new UsageError(`the mode is missing; write it first: bluegreen <${mode_names/* MODES */.F.join("|")}> --backend <name> [--flag value ...], e.g. ${example("status")}.`);
    }
    if (!isMode(mode)) {
        const near = closestMode(mode);
        throw new UsageError(`unknown mode "${mode}"; modes: ${mode_names/* MODES */.F.join(", ")}; ${near ? `did you mean ${example(near)}?` : `e.g. ${example("status")}.`}`);
    }
    return { kind: "run", values };
}
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
    return mode_names/* MODES */.F.includes(word);
}
/** "unknown flag --x", with the input it nearly names, or where the flags are listed. */
function unknownFlag(name) {
    if (isMode(name))
        return `unknown flag --${name}; the mode is written without dashes, e.g. ${example(name)}.`;
    const near = (0,input_typos/* closestInput */.s9)(name);
    const spec = near ? (0,input_names/* findInput */.c)(near) : undefined;
    if (spec)
        return `unknown flag --${name} (did you mean --${spec.name}?); e.g. ${flagExample(spec)}.`;
    return `unknown flag --${name}; flags are the action's inputs (bluegreen --help lists them), e.g. --backend haproxy.`;
}
function closestMode(word) {
    const scored = mode_names/* MODES */.F.map((mode) => ({ mode, distance: (0,input_typos/* editDistance */.YC)(word.toLowerCase(), mode) })).sort((a, b) => a.distance - b.distance);
    const [best, second] = scored;
    return best && best.distance <= 2 && best.distance < (second?.distance ?? Infinity) ? best.mode : undefined;
}
/** A command line that works for `mode`, for the examples of usage errors. */
function example(mode) {
    const version = mode === "prepare" ? " --version v2" : "";
    return `bluegreen ${mode} --backend haproxy${version}`;
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
        return "haproxy";
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
function helpText() {
    const shown = input_names/* INPUTS */.m.filter((input) => input.name !== "mode");
    const label = (input) => `--${input.name} ${input.boolean ? "[true|false]" : "<value>"}`;
    const width = Math.max(...shown.map((input) => label(input).length)) + 2;
    const lines = [
        `Usage: bluegreen <${mode_names/* MODES */.F.join("|")}> --backend <name> [--flag value | --flag=value ...]`,
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
    lines.push("", "Other flags:", `  ${"-h, --help".padEnd(width)}Print this help.`, `  ${"-V, --version".padEnd(width)}Print bluegreen's version (--version alone; after a mode it is the input).`, "", "Output: the run's log, then the step outputs as name=value lines", "(active-color, previous-color, target-color, version, changed, plan).", "Exit codes: 0 success, 1 the step failed (nothing changed, or traffic is on a known color), 2 usage error", "(also: a Node.js too old for the backend, checked before anything runs).", `Node.js: ${node_version/* NODE_MINIMUM */.ir} or newer${nodeNeeds()}.`, "");
    return lines.join("\n");
}
/** "; k8s-service, openshift-route and k8s-gateway need 22.19.0 or newer", from the descriptors. */
function nodeNeeds() {
    const byVersion = new Map();
    for (const backend of registry/* BACKENDS */.A7) {
        if (backend.node)
            byVersion.set(backend.node.minimum, [...(byVersion.get(backend.node.minimum) ?? []), backend.kind]);
    }
    return [...byVersion]
        .map(([version, kinds]) => `; ${(0,listed/* listed */.K)(kinds, "and")} need${kinds.length === 1 ? "s" : ""} ${version} or newer`)
        .join("");
}


/***/ })

};
