/** "a", "a or b", "a, b or c": a list in a sentence (this module imports nothing: the Node.js check uses it). */
export function listed(items: readonly string[], conjunction = "or"): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}
