/**
 * An error's message (or any text) as a sentence, ending with one full stop. Messages from
 * libraries (@actions/exec, the Kubernetes client) sometimes end with one already: append "."
 * only through here, never by hand after text that is not ours.
 */
export function sentenceOf(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
