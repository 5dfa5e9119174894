// action.yml's generated parts: its description (from the backends' titles) and its inputs.
import { listed } from "../../src/listed.ts";
import { BACKENDS, INPUTS } from "./inputs.ts";

const quote = (text: string) => (text.includes('"') ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text));

/** "HAProxy, Kubernetes, OpenShift, Gateway API or OVHcloud IP Load Balancer" (each title once). */
export function titles(conjunction: string): string {
  return listed(
    [...new Set(BACKENDS.map((backend) => backend.title))].sort((a, b) => a.localeCompare(b)),
    conjunction,
  );
}

/** A default YAML reads as the same string without quotes (not a boolean or a number). */
const bare = (value: string) => /^[A-Za-z/][A-Za-z0-9/_.-]*$/.test(value) && !/^(true|false|yes|no|null)$/i.test(value);

export function actionInputs(): string {
  const lines = ["inputs:"];
  for (const input of INPUTS) {
    lines.push(`  ${input.name}:`, `    description: ${quote(input.description)}`, `    required: ${input.required ? "true" : "false"}`);
    if (input.default !== undefined) lines.push(`    default: ${bare(input.default) ? input.default : JSON.stringify(input.default)}`);
  }
  return lines.join("\n");
}

export function renderAction(current: string): string {
  const from = current.indexOf("\ninputs:\n");
  const to = current.indexOf("\noutputs:\n");
  if (from < 0 || to < from) throw new Error("action.yml: no inputs: block before outputs:.");
  const text = `${current.slice(0, from + 1)}${actionInputs()}${current.slice(to)}`;
  return text.replace(
    /^description: .*$/m,
    `description: Blue-green deployments end to end (prepare, test, promote, rollback) on ${titles("or")}.`,
  );
}
