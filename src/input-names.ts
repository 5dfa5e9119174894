/**
 * Every input bluegreen has, as the CLI, action.yml and the GitLab template know them: the common
 * inputs, then each backend's own, from the registry's descriptors (an input that several backends
 * share appears once, its description led by the backends that read it). Nothing here is kept by
 * hand: scripts/generate.ts writes action.yml and the GitLab template from the same list.
 */
import type { InputDescriptor } from "./backends/descriptor.js";
import { BACKENDS } from "./backends/registry.js";
import { COMMON_INPUTS } from "./common-inputs.js";

export interface InputSpec {
  name: string;
  description: string;
  default?: string;
  required?: true;
  /** A true/false input: the CLI accepts the bare flag (`--dry-run`) for true. */
  boolean?: true;
  /** Holds a credential: the CLI help says to pass it through the environment, not argv. */
  secret?: true;
  /** The backends that read it; undefined for a common input. */
  backends?: readonly string[];
  /** Its descriptor, for the generator (GitLab placement, type, pattern...). */
  descriptor: InputDescriptor;
}

/** Each backend input once, with the kinds that list it, in registry order. */
function backendInputs(): { input: InputDescriptor; kinds: string[] }[] {
  const found = new Map<string, { input: InputDescriptor; kinds: string[] }>();
  for (const backend of BACKENDS) {
    for (const input of backend.inputs) {
      const seen = found.get(input.name);
      if (seen && seen.input !== input) {
        // Two backends may share an input only as the same object: one description, one default.
        throw new Error(`input ${input.name} is declared twice (${seen.kinds.join(", ")} and ${backend.kind}): share one InputDescriptor`);
      }
      if (seen) seen.kinds.push(backend.kind);
      else found.set(input.name, { input, kinds: [backend.kind] });
    }
  }
  return [...found.values()];
}

function spec(input: InputDescriptor, kinds?: readonly string[]): InputSpec {
  return {
    name: input.name,
    description: kinds ? `${kinds.join(", ")}: ${input.description}` : input.description,
    ...(input.default !== undefined ? { default: input.default } : {}),
    ...(input.required ? { required: true as const } : {}),
    ...(input.type === "boolean" ? { boolean: true as const } : {}),
    ...(input.secret ? { secret: true as const } : {}),
    ...(kinds ? { backends: kinds } : {}),
    descriptor: input,
  };
}

export const INPUTS: readonly InputSpec[] = [
  ...COMMON_INPUTS.map((input) => spec(input)),
  ...backendInputs().map(({ input, kinds }) => spec(input, kinds)),
];

export function findInput(name: string): InputSpec | undefined {
  return INPUTS.find((input) => input.name === name);
}
