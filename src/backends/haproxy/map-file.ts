import { access, constants, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { updateMapFile } from "./map.js";

/**
 * The map file on the runner's disk: HAProxy loads it at start and at every reload, so a switch
 * that is not written here is undone by the next reload.
 */

/** Why the runner cannot replace `file` atomically, or undefined when it can. Reads only. */
export async function unwritableReason(file: string): Promise<string | undefined> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "it does not exist on this runner" : `it cannot be read (${code})`;
  }
  if (!info.isFile()) return "it is not a regular file";
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    return `it is not writable (${(error as NodeJS.ErrnoException).code})`;
  }
  try {
    // The new content is written beside the file and renamed over it: the directory must take new files.
    await access(path.dirname(file), constants.W_OK | constants.X_OK);
  } catch (error) {
    return `its directory ${path.dirname(file)} does not accept new files (${(error as NodeJS.ErrnoException).code}), and the file is replaced atomically by a rename`;
  }
  return undefined;
}

/** The temporary file a run writes before renaming it over the map file. */
export function temporaryOf(file: string, pid = process.pid): string {
  return `${file}.bluegreen-${pid}`;
}

/**
 * Temporary files that killed runs left beside the map file: only names of our pattern, and only
 * files last written before `before` (a run in progress writes its own after it started).
 */
export async function staleTemporaries(file: string, before: number): Promise<string[]> {
  const directory = path.dirname(file);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.bluegreen-[0-9]+$`);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const stale: string[] = [];
  for (const name of names.filter((n) => pattern.test(n))) {
    const full = path.join(directory, name);
    const info = await stat(full).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before && full !== temporaryOf(file)) stale.push(full);
  }
  return stale;
}

export async function removeFiles(files: string[]): Promise<void> {
  for (const file of files) await unlink(file).catch(() => undefined);
}

/** The keys of `wanted` whose value in the file's text differs (or is missing), as "key: file X, HAProxy Y". */
export function differences(fileValues: Map<string, string>, wanted: Map<string, string>): string[] {
  return [...wanted]
    .filter(([key, value]) => fileValues.get(key) !== value)
    .map(([key, value]) => `${key}: file ${fileValues.get(key) ?? "(none)"}, HAProxy ${value}`);
}

/**
 * Writes `updates` into the map file, keeping comments, order and every other entry, and drops
 * entries `remove` selects. Atomic: a reload reads the old or the new file, never a part of one.
 */
export async function rewriteMapFile(file: string, updates: Map<string, string>, remove: (key: string) => boolean): Promise<void> {
  const text = await readFile(file, "utf8");
  const temporary = temporaryOf(file);
  try {
    await writeFile(temporary, updateMapFile(text, updates, remove), { mode: (await stat(file)).mode & 0o777 });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
