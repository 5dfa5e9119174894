// The inputs as the generators see them: every input once, in the order of action.yml, with the
// backends that read it (src/input-names.ts builds that list from the registry's descriptors).
import type { InputDescriptor } from "../../src/backends/descriptor.ts";
import { BACKENDS } from "../../src/backends/registry.ts";
import { INPUTS, type InputSpec } from "../../src/input-names.ts";

export { BACKENDS, INPUTS, type InputSpec };

/** The component's view of an input: undefined when it is a CI/CD variable or absent on GitLab. */
export function gitlabView(input: InputDescriptor): { description: string; default?: string; pattern?: string } | undefined {
  if (input.gitlab === "variable" || input.gitlab === "absent") return undefined;
  const fallback = input.gitlab?.default ?? input.default ?? (input.required ? undefined : "");
  if (input.type && fallback === "") {
    // GitLab types the value the job gets, its default included: "" is neither a boolean nor a number.
    throw new Error(`input ${input.name}: a typed (${input.type}) input needs a default, or no type`);
  }
  return {
    description: input.gitlab?.description ?? input.description,
    default: fallback,
    pattern: acceptingDefault(input.name, input.gitlab?.pattern ?? input.pattern, fallback),
  };
}

/**
 * GitLab checks an input's regex against the value the job gets, its default included: an optional
 * input (default "") whose pattern describes only a given value is made to accept the empty one too.
 */
function acceptingDefault(name: string, pattern: string | undefined, fallback: string | undefined): string | undefined {
  if (pattern === undefined || fallback === undefined || new RegExp(pattern).test(fallback)) return pattern;
  if (fallback === "" && pattern.startsWith("^") && pattern.endsWith("$")) return `^(${pattern.slice(1, -1)})?$`;
  throw new Error(`input ${name}: its pattern ${pattern} refuses its own default "${fallback}", which GitLab would reject`);
}

/** "haproxy: " for a backend input, "" for a common one. */
export function kindsPrefix(spec: InputSpec): string {
  return spec.backends ? `${spec.backends.join(", ")}: ` : "";
}

/** Inputs a team keeps as masked CI/CD variables on GitLab (credentials), in order. */
export const GITLAB_VARIABLE_INPUTS = INPUTS.filter((spec) => spec.descriptor.gitlab === "variable");
/** Inputs with no meaning in a GitLab job. */
export const GITLAB_ABSENT_INPUTS = INPUTS.filter((spec) => spec.descriptor.gitlab === "absent");

/** The variables a credential input is read from, in the order bluegreen tries them. */
export function variablesOf(spec: InputSpec): string[] {
  return [...new Set([`INPUT_${spec.name.toUpperCase().replace(/-/g, "_")}`, ...(spec.descriptor.env ?? [])])];
}
