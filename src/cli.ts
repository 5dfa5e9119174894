import pkg from "../package.json" with { type: "json" };
import { BACKEND_KINDS, BACKENDS } from "./backends/registry.js";
import { INPUTS, type InputSpec } from "./input-names.js";
import type { InputReader } from "./input-text.js";
import { closestInput } from "./input-typos.js";
import { listed } from "./listed.js";
import { MODES } from "./mode-names.js";
import { NODE_MINIMUM } from "./node-version.js";
import { sendLogToStderr } from "./platform/log-stream.js";
import type { StepOutputs } from "./platform/outputs.js";
import { redact } from "./platform/secrets.js";
import { coloursWanted, setColours } from "./platform/style.js";
import type { Report } from "./report.js";

/**
 * The command line door to the same run() the action uses:
 *   bluegreen <mode> --backend haproxy --haproxy-socket /run/haproxy.sock [--flag value | --flag=value]
 * Flags are the action's inputs by name. Exit codes: 0 success, 1 the step failed, 2 usage error.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A mistake on the command line itself: reported with exit code 2, before anything runs. */
export class UsageError extends Error {}

export type Parsed =
  | { kind: "help"; backend?: string }
  | { kind: "version" }
  | { kind: "run"; values: Map<string, string>; output: OutputFormat };

/** What stdout carries: the human log (text), one JSON document (json), or the step outputs as name=value lines (env). */
export const OUTPUT_FORMATS = ["text", "json", "env"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
};

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (argv.length === 0) {
    // `bluegreen` alone, at a terminal or in a CI job that forgot the mode: the usage, as a usage error.
    io.err(helpText());
    return EXIT_USAGE;
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`bluegreen: ${error.message}\nRun "bluegreen --help" for the flags.\n`);
    return EXIT_USAGE;
  }
  if (parsed.kind === "help") {
    io.out(helpText(parsed.backend));
    return EXIT_OK;
  }
  if (parsed.kind === "version") {
    io.out(`${pkg.version}\n`);
    return EXIT_OK;
  }
  const read = cliReader(parsed.values, io.env);
  const { output } = parsed;
  // stdout is the script's under json and env: the human log goes to stderr then.
  sendLogToStderr(output !== "text");
  setColours(coloursWanted(process.stdout.isTTY === true, io.env, output === "json"));
  // Imported here, not above: --help, --version and usage errors load none of the run's code.
  const { run } = await import("./main.js");
  let outputs: StepOutputs | undefined;
  let report: Report | undefined;
  const code = await run(read, { onOutputs: (o) => (outputs = o), onReport: (r) => (report = r) });
  if (output === "env" && outputs) {
    // One `name=value` line each, for scripts (`grep ^active-color=`); the plan's lines joined by " | ".
    for (const [name, value] of Object.entries(outputs)) io.out(`${name}=${redact(value).replace(/\r?\n/g, " | ")}\n`);
  }
  if (output === "json" && report) {
    const { jsonDocument } = await import("./json-output.js");
    io.out(`${JSON.stringify(jsonDocument(report, outputs), null, 2)}\n`);
  }
  return code === 0 ? EXIT_OK : EXIT_FAILED;
}

/**
 * Flags first, then the environment the way a runner passes inputs (INPUT_HAPROXY-SOCKET), then
 * with underscores (INPUT_HAPROXY_SOCKET), which shells and GitLab variables can spell: the place
 * for secrets such as github-token, which should not sit in argv where `ps` shows them.
 */
export function cliReader(values: Map<string, string>, env: NodeJS.ProcessEnv): InputReader {
  return (name) => {
    const flag = values.get(name);
    if (flag !== undefined) return flag;
    const upper = name.toUpperCase();
    return env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, "_")}`] ?? "";
  };
}

export function parseArgs(argv: string[]): Parsed {
  if (argv.some((arg) => arg === "--help" || arg === "-h")) {
    // `--help haproxy` (or `--backend haproxy --help`): the common flags and that backend's.
    return { kind: "help", backend: argv.find((arg) => (BACKEND_KINDS as readonly string[]).includes(arg)) };
  }
  // `--version` alone is bluegreen's version; with a mode it is the input of that name (the release).
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) return { kind: "version" };

  const values = new Map<string, string>();
  let output: OutputFormat | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("-")) {
      if (values.has("mode"))
        throw new UsageError(`unexpected argument "${arg}": the mode is given once, and flag values follow their flag.`);
      values.set("mode", arg);
      continue;
    }
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`"${arg}" is not a flag; flags look like --name value or --name=value.`);
    const name = match[1] as string;
    if (name === "output") {
      // A flag of the command line only (the action has its outputs): what stdout carries.
      if (output !== undefined) throw new UsageError("--output is given twice.");
      const value = match[2] ?? argv[++i];
      if (value === undefined) throw new UsageError(`--output needs a value: ${OUTPUT_FORMATS.join(", ")} (e.g. --output json).`);
      if (!(OUTPUT_FORMATS as readonly string[]).includes(value))
        throw new UsageError(`--output "${value}" is not allowed; allowed: ${OUTPUT_FORMATS.join(", ")} (e.g. --output json).`);
      output = value as OutputFormat;
      continue;
    }
    const spec = INPUTS.find((input) => input.name === name);
    if (!spec) throw new UsageError(`unknown flag --${name}${suggestion(name)}.`);
    if (values.has(name))
      throw new UsageError(`--${name} is given twice${name === "mode" ? " (as a flag and as the first argument)" : ""}.`);
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (spec.boolean) {
        // Bare boolean flags mean true; `--dry-run false` is accepted too.
        if (next === "true" || next === "false") i++;
        value = next === "true" || next === "false" ? next : "true";
      } else if (next === undefined) {
        throw new UsageError(`--${name} needs a value.`);
      } else if (next.startsWith("--")) {
        throw new UsageError(`--${name} needs a value (got the flag ${next}; write --${name}=${next} if that is the value).`);
      } else {
        value = next;
        i++;
      }
    }
    values.set(name, value);
  }
  const mode = values.get("mode");
  if (mode === undefined) throw new UsageError(`the mode is missing: bluegreen <${MODES.join("|")}> --backend <name> [--flag value ...].`);
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`unknown mode "${mode}"; modes: ${MODES.join(", ")}.`);
  }
  return { kind: "run", values, output: output ?? "text" };
}

/** " (did you mean --x?)" for a near miss, so a typo is a one-second fix. */
function suggestion(name: string): string {
  const near = closestInput(name);
  return near ? ` (did you mean --${near}?)` : "";
}

/** The widest a help line gets: descriptions are cut there (the docs have them whole). */
const HELP_WIDTH = 120;

/**
 * The common flags, one line each, and the backends by name; with a backend (`--help haproxy`),
 * that backend's flags too, from its descriptor. Short on purpose: the docs hold the long form.
 */
export function helpText(backend?: string): string {
  const common = INPUTS.filter((input) => input.name !== "mode" && input.backends === undefined);
  const own = backend ? INPUTS.filter((input) => input.backends?.includes(backend)) : [];
  const label = (input: InputSpec) => `--${input.name}${input.boolean ? "" : " <value>"}`;
  const width = Math.max(...[...common, ...own].map((input) => label(input).length)) + 2;
  const line = (input: InputSpec) => {
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
    `Usage: bluegreen <${MODES.join("|")}> --backend <name> [--flag value | --flag=value ...]`,
    clipped(`bluegreen ${pkg.version}: ${pkg.description}`),
    "Each input of the GitHub Action is a flag of the same name, or an INPUT_<NAME> variable (the way for secrets).",
    "Common flags:",
    ...common.map(line),
  ];
  if (backend) lines.push(`${backend} flags:`, ...own.map(line));
  lines.push(
    `  ${"--output text|json|env".padEnd(width)}stdout: the log (text), one JSON document (json), or name=value outputs (env)`,
    `  ${"-h, --help [backend]".padEnd(width)}this help; with a backend, its flags too. -V, --version: bluegreen's version`,
    clipped(`Backends: ${BACKENDS.map((b) => b.kind).join(", ")}${backend ? "" : ' ("bluegreen --help <backend>" lists its flags)'}.`),
    "Exit codes: 0 success, 1 the step failed, 2 usage error (or a Node.js too old for the backend).",
    clipped(`Node.js: ${NODE_MINIMUM} or newer${nodeNeeds()}.`),
    "",
  );
  return lines.join("\n");
}

/** One help line, cut at HELP_WIDTH. */
function clipped(text: string): string {
  return text.length <= HELP_WIDTH ? text : `${text.slice(0, HELP_WIDTH - 1)}…`;
}

/** "; k8s-service, openshift-route and k8s-gateway need 22.19.0 or newer", from the descriptors. */
function nodeNeeds(): string {
  const byVersion = new Map<string, string[]>();
  for (const backend of BACKENDS) {
    if (backend.node) byVersion.set(backend.node.minimum, [...(byVersion.get(backend.node.minimum) ?? []), backend.kind]);
  }
  return [...byVersion]
    .map(([version, kinds]) => `; ${listed(kinds, "and")} need${kinds.length === 1 ? "s" : ""} ${version} or newer`)
    .join("");
}
