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
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"rE":"1.0.0","h_":"Blue-green deployments end to end: Gateway API, HAProxy, Kubernetes, OpenShift and OVHcloud IP Load Balancer."}');
// EXTERNAL MODULE: ./src/backends/registry.ts + 4 modules
var registry = __webpack_require__(46770);
// EXTERNAL MODULE: ./src/input-names.ts + 1 modules
var input_names = __webpack_require__(19451);
// EXTERNAL MODULE: ./src/input-typos.ts
var input_typos = __webpack_require__(95833);
// EXTERNAL MODULE: ./src/inputs.ts + 1 modules
var inputs = __webpack_require__(55235);
// EXTERNAL MODULE: ./src/listed.ts
var listed = __webpack_require__(87014);
// EXTERNAL MODULE: ./src/main.ts + 34 modules
var main = __webpack_require__(97546);
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
    let outputs;
    const code = await (0,main.run)(read, { onOutputs: (o) => (outputs = o) });
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
        const spec = input_names/* INPUTS */.m.find((input) => input.name === name);
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
    const near = (0,input_typos/* closestInput */.s9)(name);
    return near ? ` (did you mean --${near}?)` : "";
}
function helpText() {
    const shown = input_names/* INPUTS */.m.filter((input) => input.name !== "mode");
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
