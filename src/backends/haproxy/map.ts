/** Entries of `show map <file>`: lines "<id> <key> <value>". A repeated key keeps its first value (what HAProxy matches). */
export function parseShowMap(answer: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of answer.split("\n")) {
    const match = /^0x[0-9a-f]+\s+(\S+)\s+(.*)$/i.exec(line.trim());
    if (match && !entries.has(match[1] as string)) entries.set(match[1] as string, (match[2] as string).trim());
  }
  return entries;
}

/**
 * Rewrites a map file's text with new values for `updates`, keeping comments, order and every
 * other entry; keys not yet in the file are appended.
 */
export function updateMapFile(text: string, updates: Map<string, string>, remove: (key: string) => boolean = () => false): string {
  const pending = new Map(updates);
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const kept = lines.filter((line) => {
    const key = /^\s*(\S+)/.exec(line)?.[1];
    return key === undefined || key.startsWith("#") || updates.has(key) || !remove(key);
  });
  const out = kept.map((line) => {
    const match = /^(\s*)(\S+)(\s+)(.*)$/.exec(line);
    if (!match || (match[2] as string).startsWith("#")) return line;
    const key = match[2] as string;
    const value = pending.get(key);
    if (value === undefined) return line;
    pending.delete(key);
    return `${match[1]}${key}${match[3]}${value}`;
  });
  for (const [key, value] of pending) out.push(`${key} ${value}`);
  return `${out.join("\n")}\n`;
}
