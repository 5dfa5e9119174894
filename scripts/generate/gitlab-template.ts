// The GitLab component's generated parts (templates/blue-green.yml): its spec inputs (the
// component's own, then every action input the jobs pass on) and, in the shared hidden job, the
// typed inputs as CLI flags and the free-text ones as INPUT_* variables.
import { GITLAB_VARIABLE_INPUTS, gitlabView, INPUTS, type InputSpec, kindsPrefix } from "./inputs.ts";

interface SpecInput {
  name: string;
  description: string;
  type?: "boolean" | "number";
  options?: readonly string[];
  default?: string;
  pattern?: string;
}

/** Inputs of the component itself (environment is also the action's, but here it is the GitLab environment). */
const ENVIRONMENT = INPUTS.find((spec) => spec.name === "environment") as InputSpec;
export const COMPONENT_OWN: readonly SpecInput[] = [
  { name: "environment", ...(gitlabView(ENVIRONMENT.descriptor) as { description: string }) },
  {
    name: "deployment-tier",
    description: "GitLab deployment tier of the environment.",
    options: ["production", "staging", "testing", "development", "other"],
    default: "production",
  },
  {
    name: "run-on",
    description:
      "Pipelines that get the jobs: the default branch, release tags, or both. Other branches and merge requests never touch the router.",
    options: ["default-branch", "tags", "default-branch-and-tags"],
    default: "default-branch",
  },
  { name: "stage", description: "Stage of the four jobs; they run in order through needs.", default: "deploy" },
  {
    name: "cli",
    description:
      "Command that starts bluegreen's CLI. Empty: the npm package @bluegreen-deploy/bluegreen of this component's own release (needs the component included at a release).",
    default: "",
  },
  {
    name: "job-image",
    description: "Image of the jobs on docker runners; it needs Node.js 24 (npx for the default cli).",
    default: "node:24-slim",
  },
];

/** The action inputs the component declares, each with the heading of its group. */
export function passedInputs(): { input: SpecInput; spec: InputSpec; group: string }[] {
  const passed: { input: SpecInput; spec: InputSpec; group: string }[] = [];
  for (const spec of INPUTS) {
    const view = gitlabView(spec.descriptor);
    if (!view || spec.name === "environment") continue;
    const input: SpecInput = {
      name: spec.name,
      description: `${kindsPrefix(spec)}${view.description}`,
      type: spec.descriptor.type,
      options: spec.descriptor.options,
      default: view.default,
      pattern: view.pattern,
    };
    passed.push({ input, spec, group: groupOf(spec) });
  }
  // Grouped, each group where its first input stands.
  const order = [...new Set(passed.map((entry) => entry.group))];
  return passed.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
}

function groupOf(spec: InputSpec): string {
  if (spec.backends) {
    const credentials = GITLAB_VARIABLE_INPUTS.filter((candidate) => candidate.backends?.join() === spec.backends?.join()).map(
      (c) => c.name,
    );
    const note = credentials.length ? ` (${credentials.join(", ")}: masked CI/CD variables, never inputs)` : "";
    return `${spec.backends.join(", ")}${note}`;
  }
  return spec.descriptor.modes ? spec.descriptor.modes.join(", ") : "every mode";
}

/** A YAML scalar as the template writes it: bare when nothing in it needs quoting. */
function scalar(value: string): string {
  return /^[A-Za-z0-9_./:$-]*[A-Za-z0-9_./]$/.test(value) && !/^(true|false|null|yes|no|[0-9.]+)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** Quoted the way the repository's formatter (biome) writes YAML: double quotes, single where escapes would be needed. */
function yamlQuoted(value: string): string {
  return /[\\"]/.test(value) ? `'${value.replace(/'/g, "''")}'` : `"${value}"`;
}

function renderInput(input: SpecInput): string[] {
  const lines = [`    ${input.name}:`, `      description: ${JSON.stringify(input.description)}`];
  if (input.type) lines.push(`      type: ${input.type}`);
  if (input.options) lines.push(`      options: [${input.options.join(", ")}]`);
  if (input.default !== undefined)
    lines.push(`      default: ${input.type && input.default !== "" ? input.default : scalar(input.default)}`);
  if (input.pattern) lines.push(`      regex: ${yamlQuoted(input.pattern)}`);
  return lines;
}

/** The `spec: inputs:` block, from "  inputs:" to the end of the header. */
export function specInputs(): string {
  const lines = ["  inputs:", "    # --- the component itself ---"];
  for (const input of COMPONENT_OWN) lines.push(...renderInput(input));
  let group = "";
  for (const entry of passedInputs()) {
    if (entry.group !== group) lines.push(`    # --- ${entry.group} ---`);
    group = entry.group;
    lines.push(...renderInput(entry.input));
  }
  return lines.join("\n");
}

/** BLUEGREEN_FLAGS and the INPUT_* variables of the hidden job, indented for its `variables:`. */
export function jobVariables(): string {
  const passed = passedInputs();
  const flags = passed.filter((entry) => entry.input.type).map((entry) => `--${entry.input.name}=$[[ inputs.${entry.input.name} ]]`);
  const flagLines: string[] = [];
  for (const flag of flags) {
    const last = flagLines.at(-1);
    if (last !== undefined && last.length + 1 + flag.length <= 120) flagLines[flagLines.length - 1] = `${last} ${flag}`;
    else flagLines.push(flag);
  }
  const variables = ["environment", ...passed.filter((entry) => !entry.input.type).map((entry) => entry.input.name)].map(
    (name) => `    INPUT_${name.toUpperCase().replace(/-/g, "_")}: $[[ inputs.${name} ]]`,
  );
  return ["    BLUEGREEN_FLAGS: >-", ...flagLines.map((line) => `      ${line}`), ...variables].join("\n");
}

const VARIABLES_START = "    # --- generated by scripts/generate.ts: the inputs as flags and INPUT_* variables ---";
const VARIABLES_END = "    # --- end of generated variables ---";

/** templates/blue-green.yml with its generated parts rewritten. */
export function renderTemplate(current: string): string {
  const from = current.indexOf("\n  inputs:\n");
  const to = current.indexOf("\n---\n");
  if (from < 0 || to < from) throw new Error("templates/blue-green.yml: no spec inputs block before the header's end (---).");
  let text = `${current.slice(0, from + 1)}${specInputs()}${current.slice(to)}`;
  const start = text.indexOf(VARIABLES_START);
  const end = text.indexOf(VARIABLES_END);
  if (start < 0 || end < start)
    throw new Error(`templates/blue-green.yml has no "${VARIABLES_START.trim()}" ... "${VARIABLES_END.trim()}" block.`);
  text = `${text.slice(0, start + VARIABLES_START.length)}\n${jobVariables()}\n${text.slice(end)}`;
  return text;
}
