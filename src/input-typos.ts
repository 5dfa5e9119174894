import { INPUTS } from "./input-names.js";

/**
 * Near misses of input names. A misspelt input is otherwise silently ignored (the runner and GitLab
 * variables accept any INPUT_* name), and the run goes ahead on a default the user did not choose.
 */

/**
 * Inputs whose loss to a typo removes or weakens a check on production, or turns a dry run into a
 * real change: a misspelling of one of these fails the step, because "warning: ignored" in a log
 * nobody reads would let a promote run unchecked. Each input says so itself (`safety: true` in its
 * descriptor: common-inputs.ts, or the backend's folder for its own, such as dns-verify-servers).
 */
export const SAFETY_INPUTS: ReadonlySet<string> = new Set(INPUTS.filter((input) => input.descriptor.safety).map((input) => input.name));

/** A typed name this long (and unambiguous) is a typo, not another tool's variable: failing is safe. */
const SURE_LENGTH = 10;

/**
 * How far a name may be from an input to be called its typo. Short names match nothing: `api` is one
 * letter from `app`, and INPUT_API may well be another tool's variable. From 4 letters one edit, from
 * 8 two, then a quarter of the name.
 */
function allowedDistance(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return Math.max(2, Math.floor(length / 4));
}

/**
 * The real input nearest to `name` when it is an unambiguous typo of it: within allowedDistance, and
 * no other input as near (`tmeout` is `timeout`; a name between two inputs suggests neither).
 */
export function closestInput(name: string): string | undefined {
  const limit = allowedDistance(name.length);
  if (limit === 0) return undefined;
  let best: { name: string; distance: number } | undefined;
  let tie = false;
  for (const input of INPUTS) {
    const distance = editDistance(name, input.name);
    if (distance === 0) return undefined;
    if (!best || distance < best.distance) {
      best = { name: input.name, distance };
      tie = false;
    } else if (distance === best.distance) tie = true;
  }
  return best && !tie && best.distance <= limit ? best.name : undefined;
}

/** One INPUT_* variable that names no input the door reads, and the input it nearly names. */
export interface InputTypo {
  /** The variable as set (printable). */
  key: string;
  /** The input it was probably meant to be. */
  meant: string;
  /** Fail the step (a safety input, or a name long enough to be sure); otherwise a warning. */
  fatal: boolean;
  sentence: string;
}

/**
 * The misspelt INPUT_* variables of `env`. Runners spell an input INPUT_<NAME> with hyphens kept; the
 * CLI also reads underscores (shells and GitLab variables cannot hold hyphens). The action's door
 * reads only the hyphen spelling, so there `with: verify_url:` is a typo too (its variable,
 * INPUT_VERIFY_URL, is never read).
 */
export function inputTypos(env: NodeJS.ProcessEnv, door: "action" | "cli"): InputTypo[] {
  const known = new Set(INPUTS.map((input) => input.name));
  const typos: InputTypo[] = [];
  for (const key of Object.keys(env)) {
    if (!key.startsWith("INPUT_")) continue;
    const raw = key.slice("INPUT_".length).toLowerCase();
    const name = raw.replace(/_/g, "-");
    let meant: string | undefined;
    if (known.has(name)) {
      // Read as given, or (action door) given with underscores while the hyphen spelling is also set: not a typo.
      if (door === "cli" || raw === name || env[`INPUT_${name.toUpperCase()}`] !== undefined) continue;
      meant = name;
    } else meant = closestInput(name);
    if (!meant) continue;
    const fatal = SAFETY_INPUTS.has(meant) || name.length >= SURE_LENGTH;
    // The action's user wrote the name in `with:`; a shell's user wrote the variable.
    const given = door === "action" ? `"${printableKey(raw)}" (${printableKey(key)})` : printableKey(key);
    typos.push({ key: printableKey(key), meant, fatal, sentence: typoSentence(given, name, meant, door, fatal) });
  }
  return typos;
}

function typoSentence(given: string, name: string, meant: string, door: "action" | "cli", fatal: boolean): string {
  // The spelling this door reads: the action only reads INPUT_<NAME> with hyphens; in a shell, underscores.
  const variable = `INPUT_${meant.toUpperCase()}`;
  const right = door === "action" ? `${meant} (${variable})` : `${meant} (${variable.replace(/-/g, "_")})`;
  const what = name === meant ? "is spelt with underscores, which the action does not read" : "is not a bluegreen input";
  if (!fatal) return `${given} ${what} and is ignored; did you mean ${right}?`;
  const why = SAFETY_INPUTS.has(meant)
    ? `so ${meant} would silently keep its default and this step would run without what you set`
    : "so it would be silently ignored";
  return `${given} ${what}, ${why}; nothing was changed: rename it ${right}.`;
}

/** Optimal string alignment distance: Levenshtein's, with a swap of two neighbours (`bake-tiem`) one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

function printableKey(key: string): string {
  return key.replace(/[^\x20-\x7e]/g, "?").slice(0, 80);
}
