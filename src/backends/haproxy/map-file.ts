import { access, constants, copyFile, readdir, readFile, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { updateMapFile } from "./map.js";

/**
 * The map file on the runner's disk: HAProxy loads it at start and at every reload, so a switch
 * that is not written here is undone by the next reload.
 */

/** Why `file` cannot be read from this runner ("" when it can): all a read-only step asks of it. */
export async function unreadableReason(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return "it is not a regular file";
    await access(file, constants.R_OK);
    return "";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "it does not exist on this runner" : `it cannot be read (${code})`;
  }
}

/**
 * Why the runner cannot replace `file` atomically, or undefined when it can. With `probe` (runs
 * that may switch; never a read-only run) it also checks that a rename over the file can work (not
 * a mount point, not another user's file in a sticky directory) and tries what the switch does
 * beside the file: a new file is created in its directory and removed again. The map file itself
 * is never touched: renaming a copy over it could undo another run's write of it.
 */
export async function unwritableReason(file: string, probe = false): Promise<string | undefined> {
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
  // What only the switch needs: a read-only run (status, a dry run) asks no more of the file.
  if (!probe) return undefined;
  if (await isMountPoint(file)) {
    return "it is mounted on its own (a bind-mounted file): a rename over it fails (EBUSY), so mount the directory that holds it instead";
  }
  const sticky = await stickyOwnerReason(file, info);
  if (sticky) return sticky;
  return await probeNewFile(file);
}

/** Creates and removes a file beside `file`, as the switch does before its rename; the reason it failed, if it did. */
async function probeNewFile(file: string): Promise<string | undefined> {
  const probe = `${temporaryOf(file)}-probe`;
  try {
    await writeFile(probe, "", { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Left by a run killed between these two steps: an empty file of ours, safe to take over.
    if (code !== "EEXIST") {
      return `a new file cannot be created beside it in ${path.dirname(file)} (${code}: tried ${path.basename(probe)}), and the switch replaces the file by writing one there and renaming it over the file`;
    }
  }
  await unlink(probe).catch(() => undefined);
  return undefined;
}

/**
 * Whether `file` is a mount point (Linux, from /proc/self/mountinfo): a file bind-mounted into a
 * container cannot be renamed over (EBUSY), and where it can, the container keeps the old inode.
 */
async function isMountPoint(file: string): Promise<boolean> {
  let table: string;
  try {
    table = await readFile("/proc/self/mountinfo", "utf8");
  } catch {
    return false;
  }
  const target = path.resolve(await realpath(file).catch(() => file));
  // Field 5 is the mount point; spaces and the like are written as octal escapes (\040).
  return table
    .split("\n")
    .map((line) => line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .some((mountPoint) => mountPoint === target);
}

/** In a sticky directory (/tmp, say), only the file's owner, the directory's owner or root may rename over the file. */
async function stickyOwnerReason(file: string, info: Awaited<ReturnType<typeof stat>>): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return undefined;
  const directory = await stat(path.dirname(file)).catch(() => undefined);
  if (!directory || (Number(directory.mode) & 0o1000) === 0) return undefined;
  if (Number(info.uid) === uid || Number(directory.uid) === uid) return undefined;
  return `its directory ${path.dirname(file)} is sticky and neither it nor the file belongs to this runner's user (uid ${uid}), so a rename over the file is refused (EPERM)`;
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

/**
 * Copies `file` to `<file>.bluegreen-before-<UTC time>` beside it (the content a repair replaces,
 * so a hand edit can be redone) and returns the copy's path.
 */
export async function keepCopy(file: string, now = new Date()): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const copy = `${file}.bluegreen-before-${stamp}`;
  await copyFile(file, copy);
  return copy;
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
export async function rewriteMapFile(
  file: string,
  updates: Map<string, string>,
  remove: (key: string) => boolean,
  /** Asked right before the rename: a reason it returns leaves the file as it was. */
  refusal?: () => string | undefined,
): Promise<void> {
  const text = await readFile(file, "utf8");
  const temporary = temporaryOf(file);
  try {
    await writeFile(temporary, updateMapFile(text, updates, remove), { mode: (await stat(file)).mode & 0o777 });
    const reason = refusal?.();
    if (reason) throw new Error(reason);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
