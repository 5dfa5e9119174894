// The generated tables of the docs: README's backends and common inputs, each backend's docs page
// (its inputs, from its descriptor), and docs/pipelines.md's GitLab inputs and CI/CD variables.

import { COMPONENT_OWN, passedInputs } from "./gitlab-template.ts";
import { BACKENDS, GITLAB_VARIABLE_INPUTS, INPUTS, type InputSpec, variablesOf } from "./inputs.ts";
import { cell, replaceBlock, table } from "./markdown.ts";

export const BY = "scripts/generate.ts";

const code = (text: string) => `\`${text}\``;
const defaultCell = (spec: InputSpec) =>
  spec.required ? "(required)" : spec.default === undefined || spec.default === "" ? "" : code(spec.default);

/** README: one row per backend, how it switches production. */
export function backendsTable(): string {
  return table(
    ["backend", "production is switched by", "docs"],
    BACKENDS.map((backend) => [code(backend.kind), cell(backend.switchedBy), `[${backend.docs.replace(/^docs\//, "")}](${backend.docs})`]),
  );
}

/** README: the inputs every backend shares. */
export function commonInputsTable(): string {
  return table(
    ["input", "default", "meaning"],
    INPUTS.filter((spec) => !spec.backends).map((spec) => [code(spec.name), defaultCell(spec), cell(spec.description)]),
  );
}

/** A backend's docs page: the inputs of every backend documented there (one page may serve several). */
export function backendInputsTable(page: string): string {
  const kinds = BACKENDS.filter((backend) => backend.docs === page).map((backend) => backend.kind as string);
  const specs = INPUTS.filter((spec) => spec.backends?.some((kind) => kinds.includes(kind)));
  const several = kinds.length > 1;
  const header = several ? ["input", "backends", "default", "meaning"] : ["input", "default", "meaning"];
  const rows = specs.map((spec) => {
    const meaning = cell(
      spec.descriptor.description + (spec.descriptor.env ? ` Read from ${spec.descriptor.env.join(", ")} when empty.` : ""),
    );
    const row = [code(spec.name), defaultCell(spec), meaning];
    if (several) row.splice(1, 0, (spec.backends ?? []).filter((kind) => kinds.includes(kind)).join(", "));
    return row;
  });
  return table(header, rows);
}

/** The docs pages of the backends, each once. */
export function backendPages(): string[] {
  return [...new Set(BACKENDS.map((backend) => backend.docs))];
}

function allowed(input: { type?: string; options?: readonly string[]; pattern?: string }): string {
  if (input.options) return input.options.map((option) => code(option)).join(", ");
  if (input.type === "boolean") return "`true`, `false`";
  if (input.type === "number") return "number";
  return input.pattern ? `text matching \`${cell(input.pattern)}\`` : "text";
}

/** docs/pipelines.md: the component's inputs. Action inputs are described as the action describes them. */
export function gitlabInputsTable(): string {
  const rows: string[][] = [];
  const fallback = (value: string | undefined) => (value === undefined ? "(required)" : value === "" ? "(empty)" : code(value));
  for (const input of COMPONENT_OWN) {
    const description =
      input.name === "environment" ? (INPUTS.find((spec) => spec.name === "environment")?.description ?? "") : input.description;
    rows.push([code(input.name), allowed(input), fallback(input.default), cell(description)]);
  }
  for (const { input, spec } of passedInputs())
    rows.push([code(input.name), allowed(input), fallback(input.default), cell(spec.description)]);
  return table(["input", "allowed", "default", "what it does"], rows);
}

/** docs/pipelines.md: the credentials a team keeps as masked CI/CD variables. */
export function gitlabVariablesTable(): string {
  return table(
    ["CI/CD variable", "holds", "mask it"],
    GITLAB_VARIABLE_INPUTS.map((spec) => [
      variablesOf(spec)
        .map((variable) => code(variable))
        .join(" or "),
      cell(spec.description),
      spec.secret ? "yes" : "optional (not a secret)",
    ]),
  );
}

export function renderReadme(current: string): string {
  let text = replaceBlock(current, "README.md", BY, "backends", backendsTable());
  text = replaceBlock(text, "README.md", BY, "common inputs", commonInputsTable());
  return text;
}

export function renderBackendPage(page: string, current: string): string {
  return replaceBlock(current, page, BY, "inputs", backendInputsTable(page));
}

export function renderPipelines(current: string): string {
  let text = replaceBlock(current, "docs/pipelines.md", BY, "gitlab inputs", gitlabInputsTable());
  text = replaceBlock(text, "docs/pipelines.md", BY, "gitlab variables", gitlabVariablesTable());
  return text;
}
