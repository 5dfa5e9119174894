/** One line of `show map <file>`: the entry's reference (for `del map <file> #<ref>`), key and value. */
export interface MapEntry {
  ref: string;
  key: string;
  value: string;
}

/** Every entry of `show map <file>` ("<ref> <key> <value>" lines), in HAProxy's order (insertion order). */
export function parseMapEntries(answer: string): MapEntry[] {
  const entries: MapEntry[] = [];
  for (const line of answer.split("\n")) {
    const match = /^(0x[0-9a-f]+)\s+(\S+)\s+(.*)$/i.exec(line.trim());
    if (match) entries.push({ ref: match[1] as string, key: match[2] as string, value: (match[3] as string).trim() });
  }
  return entries;
}

/** Entries of `show map <file>` by key. A repeated key keeps its first value (what HAProxy matches). */
export function parseShowMap(answer: string): Map<string, string> {
  return firstValues(parseMapEntries(answer));
}

export function firstValues(entries: MapEntry[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const { key, value } of entries) if (!values.has(key)) values.set(key, value);
  return values;
}

/** A map file's entries by key (the first of repeated keys, as HAProxy loads it); comments and blank lines skipped. */
export function parseMapFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*([^#\s]\S*)\s+(.*?)\s*$/.exec(line);
    if (match && !values.has(match[1] as string)) values.set(match[1] as string, match[2] as string);
  }
  return values;
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

/** The files of the maps HAProxy holds, from `show map` without an argument ("<id> (<file>) <description>" lines). */
export function parseMapList(answer: string): string[] {
  const files: string[] = [];
  for (const line of answer.split("\n")) {
    const file = /^-?\d+\s+\((.+?)\)\s/.exec(line.trim())?.[1];
    if (file) files.push(file);
  }
  return files;
}
