import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Why connecting to a unix socket answered EACCES, in words a person can act on: a file permission
 * (the socket's owner, group and mode, or a directory on its path this user cannot enter), never the
 * Runtime API's level, which HAProxy checks only after the connection is made.
 */
export async function permissionSentence(socketPath: string): Promise<string> {
  const who = await runnerIdentity();
  const blocked = await firstClosedDirectory(socketPath);
  if (blocked) {
    return `a directory on its path, ${blocked.path} (${await ownership(blocked.mode, blocked.uid, blocked.gid)}), cannot be entered by ${who}`;
  }
  try {
    const info = await stat(socketPath);
    return `the socket is ${await ownership(info.mode, info.uid, info.gid)}, and connecting needs write permission on it, which ${who} does not have`;
  } catch {
    return `${who} may not open it`;
  }
}

/** The nearest directory of `file`'s path that this process may not search (x), if any. */
async function firstClosedDirectory(file: string): Promise<{ path: string; mode: number; uid: number; gid: number } | undefined> {
  const directories: string[] = [];
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    directories.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of directories) {
    try {
      await access(dir, constants.X_OK);
    } catch {
      const info = await stat(dir).catch(() => undefined);
      return info ? { path: dir, mode: info.mode, uid: info.uid, gid: info.gid } : undefined;
    }
  }
  return undefined;
}

/** "owned by haproxy:haproxy with mode 0660 (rw-rw----)". */
async function ownership(mode: number, uid: number, gid: number): Promise<string> {
  const bits = mode & 0o777;
  const rwx = [6, 3, 0].map((shift) => ["r", "w", "x"].map((c, i) => ((bits >> shift) & (4 >> i) ? c : "-")).join("")).join("");
  return `owned by ${await nameOf("/etc/passwd", uid)}:${await nameOf("/etc/group", gid)} with mode 0${bits.toString(8)} (${rwx})`;
}

/** "this runner's user runner (uid 1001; groups runner, docker)": who bluegreen runs as. */
async function runnerIdentity(): Promise<string> {
  if (typeof process.getuid !== "function" || typeof process.getgroups !== "function") return "this runner's user";
  const uid = process.getuid();
  const groups = [...new Set([process.getgid?.() ?? -1, ...process.getgroups()].filter((gid) => gid >= 0))];
  const groupNames = await Promise.all(groups.map((gid) => nameOf("/etc/group", gid)));
  return `this runner's user ${await nameOf("/etc/passwd", uid)} (uid ${uid}; groups ${groupNames.join(", ")})`;
}

/** The name of a uid or gid from /etc/passwd or /etc/group; the number when it has none there. */
async function nameOf(file: string, id: number): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  for (const line of text.split("\n")) {
    const [name, , number] = line.split(":");
    if (name && number === String(id)) return name;
  }
  return String(id);
}
