// The GitLab templates, in two dialects of one source. The component (templates/blue-green.yml,
// GitLab 18.6+) has generated parts: its spec inputs (the component's own, then every action input
// the jobs pass on) and, in the shared hidden job, the typed inputs as CLI flags and the free-text
// ones as INPUT_* variables. The classic include template (templates/gitlab-ci.yml, GitLab 16.6 to
// 18.5) is generated whole from the component: the same jobs, without what needs `spec: component`.
import { readFileSync } from "node:fs";
import path from "node:path";
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

/** The package and release the classic template runs by default (package.json: the release it ships in). */
export function releasePackage(root = path.resolve(import.meta.dirname, "../..")): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/** The classic template's own inputs: the component's, but cli defaults to this release's npm package. */
export function classicOwnInputs(release = releasePackage()): readonly SpecInput[] {
  return COMPONENT_OWN.map((input) =>
    input.name === "cli"
      ? {
          name: "cli",
          description: `Command that starts bluegreen's CLI. Default: the npm package of the release this template ships in (${release.version}); include the template at that release's tag.`,
          default: `npx --yes ${release.name}@${release.version}`,
        }
      : input,
  );
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
export function specInputs(own: readonly SpecInput[] = COMPONENT_OWN, heading = "the component itself"): string {
  const lines = ["  inputs:", `    # --- ${heading} ---`];
  for (const input of own) lines.push(...renderInput(input));
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

/** The header of the classic template, up to its `spec:`. */
function classicHeader(release: { name: string; version: string }): string {
  return `# bluegreen as a classic include template for GitLab 16.6 up to 18.5 (on GitLab 18.6 or later use the
# CI/CD component templates/blue-green.yml, which pins its runtime to the release it is included at).
# GENERATED by scripts/generate.ts from templates/blue-green.yml and the input descriptors: do not edit
# it; change the component or a descriptor and run \`npm run generate\`.
#
# The same four jobs as the component: prepare -> test -> promote (manual: the approval gate) and a
# manual rollback. Include it once per environment, at the release tag it ships in:
#
#   include:
#     - project: <group>/bluegreen
#       ref: v${release.version}
#       file: /templates/gitlab-ci.yml
#       inputs:
#         environment: production
#         backend: haproxy
#         haproxy-socket: haproxy.internal:9999
#         haproxy-map: /etc/haproxy/bluegreen.map
#         deploy-command: ./deploy.sh
#         test-url: http://preview.internal
#         verify-url: https://www.example.com
#
# (or \`remote: https://<gitlab>/<group>/bluegreen/-/raw/v${release.version}/templates/gitlab-ci.yml\` with the same inputs).
# Needs GitLab 16.6 or later: include with inputs exists from 16.0, an input's description and regex
# from 16.5, its type and options from 16.6. Without \`spec: component\` (18.6) the default cli is a
# literal, the npm package of this release: ${release.name}@${release.version}.
# Credentials are never inputs: keep them in masked CI/CD variables scoped to the environment
# (KUBECONFIG, OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY...); see docs/pipelines.md.
`;
}

/** The component's cli resolution from component.version, and what the classic template says instead. */
const COMPONENT_CLI_BLOCK = /^ {6}if \[ -z "\$BLUEGREEN_CLI" \]; then\n[\s\S]*?^ {6}fi\n/m;
const COMPONENT_VERSION_VARIABLE = '    BLUEGREEN_COMPONENT_VERSION: "$[[ component.version ]]"\n';

function classicCliBlock(release: { name: string; version: string }): string {
  return [
    '      if [ -z "$BLUEGREEN_CLI" ]; then',
    "        # Before GitLab 18.6 an include has no release to read: the default cli names this template's release itself.",
    `        echo "bluegreen: the cli input is empty: leave it out to run the npm package of this template's release (npx --yes ${release.name}@${release.version}), or set it (for example cli: node path/to/dist/index.js)." >&2`,
    "        exit 2",
    "      fi",
    "",
  ].join("\n");
}

/** One exact replacement, or the generator stops: the component changed where the classic dialect differs. */
function replaceOnce(text: string, find: string | RegExp, replacement: string, what: string): string {
  const count =
    typeof find === "string" ? text.split(find).length - 1 : (text.match(new RegExp(find.source, `${find.flags}g`)) ?? []).length;
  if (count !== 1)
    throw new Error(`templates/blue-green.yml: expected ${what} once, found it ${count} times; update scripts/generate/gitlab-template.ts`);
  return text.replace(find, () => replacement);
}

/**
 * templates/gitlab-ci.yml from the (fresh) component: its own header, no \`spec: component\`, the
 * classic cli input and resolution; every job, rule, variable and report as the component has them.
 */
export function renderClassicTemplate(component: string, release = releasePackage()): string {
  const specAt = component.indexOf("\nspec:\n");
  if (specAt < 0) throw new Error("templates/blue-green.yml: no spec: header");
  let text = `${classicHeader(release)}${component.slice(specAt + 1)}`;
  text = replaceOnce(text, "spec:\n  component: [version]\n  inputs:\n", "spec:\n  inputs:\n", "spec: component: [version]");
  const from = text.indexOf("\n  inputs:\n");
  const to = text.indexOf("\n---\n");
  text = `${text.slice(0, from + 1)}${specInputs(classicOwnInputs(release), "the template itself")}${text.slice(to)}`;
  text = replaceOnce(text, COMPONENT_VERSION_VARIABLE, "", "the BLUEGREEN_COMPONENT_VERSION variable");
  text = replaceOnce(text, COMPONENT_CLI_BLOCK, classicCliBlock(release), 'the cli block (if [ -z "$BLUEGREEN_CLI" ] ... fi)');
  if (/\$\[\[\s*component\./.test(text))
    throw new Error("templates/gitlab-ci.yml would still interpolate component.*, which needs GitLab 18.6");
  return text;
}
