import pkg from "../package.json" with { type: "json" };
import { BACKENDS } from "./backends/registry.js";
import { INPUTS, type InputSpec } from "./input-names.js";
import type { InputReader } from "./input-text.js";
import { closestInput } from "./input-typos.js";
import { listed } from "./listed.js";
import { MODES } from "./mode-names.js";
import { NODE_MINIMUM } from "./node-version.js";
import type { StepOutputs } from "./platform/outputs.js";

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

export type Parsed = { kind: "help" } | { kind: "version" } | { kind: "run"; values: Map<string, string> };

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
    io.out(helpText());
    return EXIT_OK;
  }
  if (parsed.kind === "version") {
    io.out(`${pkg.version}\n`);
    return EXIT_OK;
  }
  const read = cliReader(parsed.values, io.env);
  // Imported here, not above: --help, --version and usage errors load none of the run's code.
  const { run } = await import("./main.js");
  let outputs: StepOutputs | undefined;
  const code = await run(read, { onOutputs: (o) => (outputs = o) });
  // The outputs last, one `name=value` line each, for people and for scripts (`grep ^active-color=`).
  if (outputs) {
    for (const [name, value] of Object.entries(outputs)) io.out(`${name}=${value.replace(/\r?\n/g, " | ")}\n`);
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
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return { kind: "help" };
  // `--version` alone is bluegreen's version; with a mode it is the input of that name (the release).
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) return { kind: "version" };

  const values = new Map<string, string>();
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
  return { kind: "run", values };
}

/** " (did you mean --x?)" for a near miss, so a typo is a one-second fix. */
function suggestion(name: string): string {
  const near = closestInput(name);
  return near ? ` (did you mean --${near}?)` : "";
}

export function helpText(): string {
  const shown = INPUTS.filter((input) => input.name !== "mode");
  const label = (input: InputSpec) => `--${input.name} ${input.boolean ? "[true|false]" : "<value>"}`;
  const width = Math.max(...shown.map((input) => label(input).length)) + 2;
  const lines = [
    `Usage: bluegreen <${MODES.join("|")}> --backend <name> [--flag value | --flag=value ...]`,
    "",
    `bluegreen ${pkg.version}: ${pkg.description}`,
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
  lines.push(
    "",
    "Other flags:",
    `  ${"-h, --help".padEnd(width)}Print this help.`,
    `  ${"-V, --version".padEnd(width)}Print bluegreen's version (--version alone; after a mode it is the input).`,
    "",
    "Output: the run's log, then the step outputs as name=value lines",
    "(active-color, previous-color, target-color, version, changed, plan).",
    "Exit codes: 0 success, 1 the step failed (nothing changed, or traffic is on a known color), 2 usage error",
    "(also: a Node.js too old for the backend, checked before anything runs).",
    `Node.js: ${NODE_MINIMUM} or newer${nodeNeeds()}.`,
    "",
  );
  return lines.join("\n");
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
