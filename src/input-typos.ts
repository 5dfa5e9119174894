import { INPUTS } from "./input-names.js";

/**
 * Near misses of input names. A misspelt input is otherwise silently ignored (the runner and GitLab
 * variables accept any INPUT_* name), and the run goes ahead on a default the user did not choose.
 */

/** The real input nearest to `name` when it is a plausible typo of it (distance 1-2, or a quarter of a long name). */
export function closestInput(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const input of INPUTS) {
    const distance = editDistance(name, input.name);
    if (!best || distance < best.distance) best = { name: input.name, distance };
  }
  return best && best.distance > 0 && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

/**
 * One warning per INPUT_* variable that names no input but nearly names one. Runners spell an input
 * INPUT_<NAME> with hyphens kept; shells and GitLab variables with underscores: both are understood.
 */
export function unknownInputWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(INPUTS.map((input) => input.name));
  const warnings: string[] = [];
  for (const key of Object.keys(env)) {
    if (!key.startsWith("INPUT_")) continue;
    const name = key.slice("INPUT_".length).toLowerCase().replace(/_/g, "-");
    if (known.has(name)) continue;
    const near = closestInput(name);
    if (near) {
      warnings.push(
        `${printableKey(key)} is not a bluegreen input and is ignored; did you mean ${near} (INPUT_${near.toUpperCase().replace(/-/g, "_")})?`,
      );
    }
  }
  return warnings;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function printableKey(key: string): string {
  return key.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
}
