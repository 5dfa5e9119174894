// The GitLab component's facts as the tests read them: its declared inputs (parsed from
// templates/blue-green.yml), which action inputs are CI/CD variables or absent there, and the
// docs/pipelines.md tables. All of it comes from the backend descriptors through scripts/generate/;
// `npm run generate` writes the files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadAll } from "js-yaml";
import { renderPipelines } from "./generate/docs.ts";
import { COMPONENT_OWN as OWN } from "./generate/gitlab-template.ts";
import { GITLAB_ABSENT_INPUTS, GITLAB_VARIABLE_INPUTS } from "./generate/inputs.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
export const COMPONENT = path.join(ROOT, "templates/blue-green.yml");

/** Action inputs a team sets as masked CI/CD variables, never as component inputs (they are credentials). */
export const CREDENTIALS = GITLAB_VARIABLE_INPUTS.map((spec) => spec.name);
/** Inputs of the component itself (environment is also the action's, but here it is the GitLab environment). */
export const COMPONENT_OWN = OWN.map((input) => input.name);
/** Action inputs with no meaning in the component: the job sets mode; github-token and production-environment are GitHub's. */
export const NOT_ON_GITLAB = GITLAB_ABSENT_INPUTS.map((spec) => spec.name);

export interface ComponentInput {
  description?: string;
  default?: string | number | boolean;
  type?: "string" | "number" | "boolean" | "array";
  options?: string[];
  regex?: string;
}

export function componentInputs(file = COMPONENT): Record<string, ComponentInput> {
  const [header] = loadAll(readFileSync(file, "utf8")) as [{ spec: { inputs: Record<string, ComponentInput> } }];
  return header.spec.inputs;
}

/** docs/pipelines.md with its GitLab tables as the descriptors say them today. */
export function generate(docs: string): string {
  return renderPipelines(docs);
}
