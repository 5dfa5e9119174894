export const id = 643;
export const ids = [643];
export const modules = {

/***/ 1643:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ACTIVE_KEY: () => (/* binding */ ACTIVE_KEY),
  HaproxyBackend: () => (/* binding */ HaproxyBackend),
  LEDGER_KEY: () => (/* binding */ LEDGER_KEY),
  PREVIEW_KEY: () => (/* binding */ PREVIEW_KEY),
  REVISION_PREFIX: () => (/* binding */ REVISION_PREFIX),
  createHaproxy: () => (/* binding */ createHaproxy)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/input-text.ts
var input_text = __webpack_require__(60267);
// EXTERNAL MODULE: ./src/ledger.ts
var ledger = __webpack_require__(58730);
// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
// EXTERNAL MODULE: ./src/platform/detect.ts
var detect = __webpack_require__(71356);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
// EXTERNAL MODULE: ./src/platform/machine.ts
var machine = __webpack_require__(33026);
;// CONCATENATED MODULE: ./src/backends/haproxy/map.ts
/** Every entry of `show map <file>` ("<ref> <key> <value>" lines), in HAProxy's order (insertion order). */
function parseMapEntries(answer) {
    const entries = [];
    for (const line of answer.split("\n")) {
        const match = /^(0x[0-9a-f]+)\s+(\S+)\s+(.*)$/i.exec(line.trim());
        if (match)
            entries.push({ ref: match[1], key: match[2], value: match[3].trim() });
    }
    return entries;
}
/** Entries of `show map <file>` by key. A repeated key keeps its first value (what HAProxy matches). */
function parseShowMap(answer) {
    return firstValues(parseMapEntries(answer));
}
function firstValues(entries) {
    const values = new Map();
    for (const { key, value } of entries)
        if (!values.has(key))
            values.set(key, value);
    return values;
}
/** A map file's entries by key (the first of repeated keys, as HAProxy loads it); comments and blank lines skipped. */
function parseMapFile(text) {
    const values = new Map();
    for (const line of text.split("\n")) {
        const match = /^\s*([^#\s]\S*)\s+(.*?)\s*$/.exec(line);
        if (match && !values.has(match[1]))
            values.set(match[1], match[2]);
    }
    return values;
}
/**
 * Rewrites a map file's text with new values for `updates`, keeping comments, order and every
 * other entry; keys not yet in the file are appended.
 */
function updateMapFile(text, updates, remove = () => false) {
    const pending = new Map(updates);
    const lines = text.split("\n");
    if (lines.at(-1) === "")
        lines.pop();
    const kept = lines.filter((line) => {
        const key = /^\s*(\S+)/.exec(line)?.[1];
        return key === undefined || key.startsWith("#") || updates.has(key) || !remove(key);
    });
    const out = kept.map((line) => {
        const match = /^(\s*)(\S+)(\s+)(.*)$/.exec(line);
        if (!match || match[2].startsWith("#"))
            return line;
        const key = match[2];
        const value = pending.get(key);
        if (value === undefined)
            return line;
        pending.delete(key);
        return `${match[1]}${key}${match[3]}${value}`;
    });
    for (const [key, value] of pending)
        out.push(`${key} ${value}`);
    return `${out.join("\n")}\n`;
}
/** The files of the maps HAProxy holds, from `show map` without an argument ("<id> (<file>) <description>" lines). */
function parseMapList(answer) {
    const files = [];
    for (const line of answer.split("\n")) {
        const file = /^-?\d+\s+\((.+?)\)\s/.exec(line.trim())?.[1];
        if (file)
            files.push(file);
    }
    return files;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/backends/haproxy/runtime-api.ts


/**
 * The HAProxy Runtime API: one command per connection (non-interactive mode), the answer is
 * everything HAProxy writes before it closes. Errors come back as text, so callers read answers.
 */
class RuntimeApi {
    socket;
    timeoutMs;
    constructor(socket, timeoutMs = 10_000) {
        this.socket = socket;
        this.timeoutMs = timeoutMs;
    }
    /**
     * Sends one command. `refusal`, when given, is asked right before the command is written (in the
     * same callback as the write, after the connection is up): a reason it returns cancels the
     * command unsent, rejecting with NotSentError.
     */
    command(line, refusal) {
        if (/[\n;]/.test(line))
            return Promise.reject(new errors/* RouterError */.KJ(`refusing to send a command with a newline or ";": ${line}`));
        return new Promise((resolve, reject) => {
            const connection = "path" in this.socket ? external_node_net_default().createConnection(this.socket.path) : external_node_net_default().createConnection(this.socket.port, this.socket.host);
            const chunks = [];
            const verb = line.split(" ").slice(0, 2).join(" ");
            connection.setTimeout(this.timeoutMs, () => connection.destroy(new Error(`HAProxy gave no answer to "${verb}" within ${this.timeoutMs} ms`)));
            connection.on("connect", () => {
                const reason = refusal?.();
                if (reason === undefined)
                    return void connection.end(`${line}\n`);
                connection.destroy();
                reject(new NotSentError(reason));
            });
            connection.on("data", (chunk) => chunks.push(chunk));
            connection.on("error", (error) => reject(error));
            connection.on("close", (hadError) => {
                if (hadError)
                    return;
                // HAProxy always answers at least a newline; nothing at all means the connection was cut.
                if (chunks.length === 0)
                    reject(new errors/* RouterError */.KJ(`HAProxy closed the connection without an answer to "${verb}"`));
                else
                    resolve(Buffer.concat(chunks).toString("utf8"));
            });
        });
    }
}
/** A command that was never written to the socket: HAProxy did nothing. */
class NotSentError extends errors/* RouterError */.KJ {
}
/**
 * Runs a command that answers nothing on success (set/add/commit map). The Runtime API has no
 * status codes: any text it answers is its error message.
 */
async function expectSilence(api, line) {
    const answer = (await api.command(line)).trim();
    if (answer !== "")
        throw new errors/* RouterError */.KJ(`HAProxy refused "${line.split(" ").slice(0, 3).join(" ")} ...": ${withoutStop(answer)}`);
}
/** HAProxy's answers end with a full stop; ours follow them with more of the sentence. */
function withoutStop(answer) {
    return answer.trim().replace(/\.+$/, "");
}

;// CONCATENATED MODULE: ./src/backends/haproxy/lease.ts








/**
 * A lock on the router itself, because the Runtime API has no compare-and-set. Every taker adds a
 * `bluegreen.lock` entry (`add map` keeps duplicate keys in insertion order, and both `show map`
 * and a lookup see the oldest first) and reads the map back: the run whose entry comes first,
 * unexpired, holds the lock; the others remove their own entry. Entries are removed by reference
 * (`del map <map> #<ref>`), never by key, so nobody removes another run's entry by mistake. A
 * holder that died leaves an entry that expires, so it blocks nobody for longer than LEASE_MS.
 * No frontend looks this key up: the lock is never visible as routing.
 */
const LOCK_KEY = "bluegreen.lock";
/** How long a lease lasts. A switch under the lock takes milliseconds; this bounds a dead holder. */
const LEASE_MS = 30_000;
/**
 * A holder commits only while at least this much of its lease is left: enough for the commit and
 * the map file write, each bounded by the Runtime API command timeout (10 s at most).
 */
const COMMIT_MARGIN_MS = 15_000;
/**
 * The commit itself is written to the socket only while at least this much of the lease (as the
 * other runs see it) is left. A holder that stalled after taking its turn (SIGSTOP, a frozen VM,
 * a long GC pause) may have lost the lock meanwhile: it finds out from its own clock, in the same
 * callback that writes the command, so no stall before that write can let a stale commit through.
 * The margin also covers clocks of two runners that differ by up to this much.
 */
const SEND_MARGIN_MS = 10_000;
function encodeLease(lease) {
    const params = new URLSearchParams({ owner: lease.owner, run: lease.run, expires: String(lease.expires) });
    if (lease.host)
        params.set("host", lease.host);
    if (lease.pid !== undefined)
        params.set("pid", String(lease.pid));
    return params.toString();
}
/** Reads a lease entry's value; anything malformed reads as already expired (nothing a run can wait for). */
function decodeLease(text) {
    const params = new URLSearchParams(text);
    const expires = Number(params.get("expires"));
    const pid = Number(params.get("pid"));
    return {
        owner: params.get("owner") ?? "",
        run: params.get("run") ?? "",
        host: params.get("host") || undefined,
        pid: params.has("pid") && Number.isInteger(pid) && pid > 0 ? pid : undefined,
        expires: Number.isFinite(expires) ? expires : 0,
    };
}
class MapLock {
    api;
    read;
    map;
    router;
    run;
    now;
    owner = (0,external_node_crypto_.randomBytes)(8).toString("hex");
    host = (0,machine/* machineKey */.N0)();
    /** Expiry of this run's lease entry as the last confirm() read it from the map: what other runs go by. */
    confirmedUntil = 0;
    constructor(api, 
    /** Sends a read-only command, retried on a dropped connection. */
    read, map, 
    /** Names the router in messages: "the HAProxy map <map>". */
    router, run, now = Date.now) {
        this.api = api;
        this.read = read;
        this.map = map;
        this.router = router;
        this.run = run;
        this.now = now;
    }
    /**
     * Takes the lock, waiting at most `waitMs` for another holder to finish (or for its lease to
     * expire). Throws ConflictError naming the holder when it cannot; nothing was changed then.
     */
    async acquire(waitMs) {
        const deadline = this.now() + waitMs;
        let delay = 50;
        for (;;) {
            const holder = await this.tryTake();
            if (holder === undefined)
                return;
            if (this.now() + delay > deadline) {
                const left = Math.max(0, Math.ceil((holder.expires - this.now()) / 1000));
                throw new errors/* ConflictError */.fK(`another bluegreen run holds the lock on ${this.router} (${(0,input_text/* printable */.g)(holder.run || holder.owner)}, expires in ${left} s); nothing was changed. Run the step again when it has finished.`);
            }
            // Jitter, so that runs that collided do not collide again in step.
            await (0,wait/* sleep */.y)(delay + Math.floor(Math.random() * delay));
            delay = Math.min(delay * 2, 1_000);
        }
    }
    /**
     * Right before a commit: proves the lock is still ours, with enough lease left to finish. A
     * holder that stalled past its lease may have lost the lock to another run; it must not commit.
     */
    async confirm() {
        const holder = await this.holder();
        const mine = holder?.lease.owner === this.owner;
        if (!mine || holder.lease.expires - this.now() < COMMIT_MARGIN_MS) {
            throw new errors/* ConflictError */.fK(`this run's lock on ${this.router} ${mine ? "is about to expire" : "was lost (it outlived its lease)"} before the commit; nothing was changed. Run the step again.`);
        }
        this.confirmedUntil = holder.lease.expires;
    }
    /**
     * Why this run must not send its commit now, or undefined when it may: called right before the
     * command is written. Only the clock is read, so nothing can stall between this check and the write.
     */
    commitRefusal(what = "its commit") {
        const left = this.confirmedUntil - this.now();
        if (left >= SEND_MARGIN_MS)
            return undefined;
        const state = left > 0 ? `had only ${Math.floor(left / 1000)} s left` : `had expired ${Math.ceil(-left / 1000)} s earlier`;
        return `this run's lease on ${this.router} ${state} when ${what} was due (the run was paused or slowed), so another run may hold the lock`;
    }
    /** The CI run of the first lease in these map entries that is not this run's (who committed over it), if any. */
    otherRunIn(entries) {
        const lease = entries
            .filter((e) => e.key === LOCK_KEY)
            .map((e) => decodeLease(e.value))
            .find((l) => l.owner !== this.owner);
        return lease ? (0,input_text/* printable */.g)(lease.run || lease.owner) : undefined;
    }
    /** Whether these map entries hold leases of runs that died or expired (left by a killed run). */
    staleIn(entries) {
        return entries.some((entry) => entry.key === LOCK_KEY && this.stale(decodeLease(entry.value)));
    }
    /** The value of this run's lease entry, for carrying it into a new map version that replaces the current one. */
    entryValue() {
        return encodeLease(this.lease());
    }
    /** Removes every entry of this run (best effort: an entry left behind expires on its own). */
    async release() {
        try {
            for (const entry of await this.entries()) {
                if (entry.lease.owner === this.owner)
                    await this.api.command(`del map ${this.map} #${entry.ref}`);
            }
        }
        catch (error) {
            log/* log */.Rm.warn(`Could not release the lock on ${this.router} (${error.message}); it expires within ${LEASE_MS / 1000} s.`);
        }
    }
    lease() {
        return { owner: this.owner, run: this.run, host: this.host, pid: process.pid, expires: this.now() + LEASE_MS };
    }
    /** One attempt: adds our entry, reads the map back. Undefined when we hold the lock; else the holder (our entry removed). */
    async tryTake() {
        await expectSilence(this.api, `add map ${this.map} ${LOCK_KEY} ${encodeLease(this.lease())}`);
        const holder = await this.holder();
        if (holder?.lease.owner === this.owner)
            return undefined;
        await this.release();
        // Our entry may be gone without a holder: a holder's commit replaced the map version meanwhile.
        return holder?.lease ?? { owner: "a run that just committed", run: "", expires: this.now() };
    }
    /**
     * The first live lease in the map. Expired leases, and leases of dead processes on this machine,
     * that come before it are removed (by reference), so a crashed holder blocks nobody for long.
     */
    async holder() {
        for (const entry of await this.entries()) {
            if (entry.lease.owner === this.owner || !this.stale(entry.lease))
                return entry;
            const answer = withoutStop(await this.api.command(`del map ${this.map} #${entry.ref}`));
            if (answer === "")
                log/* log */.Rm.info(`Removed a stale lock on ${this.router} left by ${(0,input_text/* printable */.g)(entry.lease.run || entry.lease.owner)}.`);
        }
        return undefined;
    }
    stale(lease) {
        if (lease.expires <= this.now())
            return true;
        // Same machine and pid namespace: a holder whose process is gone will never release its lease.
        return (lease.host !== undefined &&
            lease.host === this.host &&
            lease.pid !== undefined &&
            lease.pid !== process.pid &&
            !(0,machine/* processAlive */.FN)(lease.pid));
    }
    async entries() {
        const answer = await this.read(`show map ${this.map}`);
        return parseMapEntries(answer)
            .filter((entry) => entry.key === LOCK_KEY)
            .map((entry) => ({ ...entry, lease: decodeLease(entry.value) }));
    }
}

;// CONCATENATED MODULE: ./src/backends/haproxy/map-file.ts



/**
 * The map file on the runner's disk: HAProxy loads it at start and at every reload, so a switch
 * that is not written here is undone by the next reload.
 */
/** Why `file` cannot be read from this runner ("" when it can): all a read-only step asks of it. */
async function unreadableReason(file) {
    try {
        const info = await (0,promises_.stat)(file);
        if (!info.isFile())
            return "it is not a regular file";
        await (0,promises_.access)(file, promises_.constants.R_OK);
        return "";
    }
    catch (error) {
        const code = error.code;
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
async function unwritableReason(file, probe = false) {
    let info;
    try {
        info = await (0,promises_.stat)(file);
    }
    catch (error) {
        const code = error.code;
        return code === "ENOENT" ? "it does not exist on this runner" : `it cannot be read (${code})`;
    }
    if (!info.isFile())
        return "it is not a regular file";
    try {
        await (0,promises_.access)(file, promises_.constants.R_OK | promises_.constants.W_OK);
    }
    catch (error) {
        return `it is not writable (${error.code})`;
    }
    try {
        // The new content is written beside the file and renamed over it: the directory must take new files.
        await (0,promises_.access)(external_node_path_default().dirname(file), promises_.constants.W_OK | promises_.constants.X_OK);
    }
    catch (error) {
        return `its directory ${external_node_path_default().dirname(file)} does not accept new files (${error.code}), and the file is replaced atomically by a rename`;
    }
    // What only the switch needs: a read-only run (status, a dry run) asks no more of the file.
    if (!probe)
        return undefined;
    if (await isMountPoint(file)) {
        return "it is mounted on its own (a bind-mounted file): a rename over it fails (EBUSY), so mount the directory that holds it instead";
    }
    const sticky = await stickyOwnerReason(file, info);
    if (sticky)
        return sticky;
    return await probeNewFile(file);
}
/** Creates and removes a file beside `file`, as the switch does before its rename; the reason it failed, if it did. */
async function probeNewFile(file) {
    const probe = `${temporaryOf(file)}-probe`;
    try {
        await (0,promises_.writeFile)(probe, "", { flag: "wx" });
    }
    catch (error) {
        const code = error.code;
        // Left by a run killed between these two steps: an empty file of ours, safe to take over.
        if (code !== "EEXIST") {
            return `a new file cannot be created beside it in ${external_node_path_default().dirname(file)} (${code}: tried ${external_node_path_default().basename(probe)}), and the switch replaces the file by writing one there and renaming it over the file`;
        }
    }
    await (0,promises_.unlink)(probe).catch(() => undefined);
    return undefined;
}
/**
 * Whether `file` is a mount point (Linux, from /proc/self/mountinfo): a file bind-mounted into a
 * container cannot be renamed over (EBUSY), and where it can, the container keeps the old inode.
 */
async function isMountPoint(file) {
    let table;
    try {
        table = await (0,promises_.readFile)("/proc/self/mountinfo", "utf8");
    }
    catch {
        return false;
    }
    const target = external_node_path_default().resolve(await (0,promises_.realpath)(file).catch(() => file));
    // Field 5 is the mount point; spaces and the like are written as octal escapes (\040).
    return table
        .split("\n")
        .map((line) => line.split(" ")[4]?.replace(/\\([0-7]{3})/g, (_m, octal) => String.fromCharCode(Number.parseInt(octal, 8))))
        .some((mountPoint) => mountPoint === target);
}
/** In a sticky directory (/tmp, say), only the file's owner, the directory's owner or root may rename over the file. */
async function stickyOwnerReason(file, info) {
    const uid = process.getuid?.();
    if (uid === undefined || uid === 0)
        return undefined;
    const directory = await (0,promises_.stat)(external_node_path_default().dirname(file)).catch(() => undefined);
    if (!directory || (Number(directory.mode) & 0o1000) === 0)
        return undefined;
    if (Number(info.uid) === uid || Number(directory.uid) === uid)
        return undefined;
    return `its directory ${external_node_path_default().dirname(file)} is sticky and neither it nor the file belongs to this runner's user (uid ${uid}), so a rename over the file is refused (EPERM)`;
}
/** The temporary file a run writes before renaming it over the map file. */
function temporaryOf(file, pid = process.pid) {
    return `${file}.bluegreen-${pid}`;
}
/**
 * Temporary files that killed runs left beside the map file: only names of our pattern, and only
 * files last written before `before` (a run in progress writes its own after it started).
 */
async function staleTemporaries(file, before) {
    const directory = external_node_path_default().dirname(file);
    const pattern = new RegExp(`^${escapeRegExp(external_node_path_default().basename(file))}\\.bluegreen-[0-9]+$`);
    let names;
    try {
        names = await (0,promises_.readdir)(directory);
    }
    catch {
        return [];
    }
    const stale = [];
    for (const name of names.filter((n) => pattern.test(n))) {
        const full = external_node_path_default().join(directory, name);
        const info = await (0,promises_.stat)(full).catch(() => undefined);
        if (info?.isFile() && info.mtimeMs < before && full !== temporaryOf(file))
            stale.push(full);
    }
    return stale;
}
/**
 * Copies `file` to `<file>.bluegreen-before-<UTC time>` beside it (the content a repair replaces,
 * so a hand edit can be redone) and returns the copy's path.
 */
async function keepCopy(file, now = new Date()) {
    const stamp = now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d+Z$/, "Z");
    const copy = `${file}.bluegreen-before-${stamp}`;
    await (0,promises_.copyFile)(file, copy);
    return copy;
}
async function removeFiles(files) {
    for (const file of files)
        await (0,promises_.unlink)(file).catch(() => undefined);
}
/** The keys of `wanted` whose value in the file's text differs (or is missing), as "key: file X, HAProxy Y". */
function differences(fileValues, wanted) {
    return [...wanted]
        .filter(([key, value]) => fileValues.get(key) !== value)
        .map(([key, value]) => `${key}: file ${fileValues.get(key) ?? "(none)"}, HAProxy ${value}`);
}
/**
 * Writes `updates` into the map file, keeping comments, order and every other entry, and drops
 * entries `remove` selects. Atomic: a reload reads the old or the new file, never a part of one.
 */
async function rewriteMapFile(file, updates, remove, 
/** Asked right before the rename: a reason it returns leaves the file as it was. */
refusal) {
    const text = await (0,promises_.readFile)(file, "utf8");
    const temporary = temporaryOf(file);
    try {
        await (0,promises_.writeFile)(temporary, updateMapFile(text, updates, remove), { mode: (await (0,promises_.stat)(file)).mode & 0o777 });
        const reason = refusal?.();
        if (reason)
            throw new Error(reason);
        await (0,promises_.rename)(temporary, file);
    }
    catch (error) {
        await (0,promises_.unlink)(temporary).catch(() => undefined);
        throw error;
    }
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/backends/haproxy/socket-access.ts



/**
 * Why connecting to a unix socket answered EACCES, in words a person can act on: a file permission
 * (the socket's owner, group and mode, or a directory on its path this user cannot enter), never the
 * Runtime API's level, which HAProxy checks only after the connection is made.
 */
async function permissionSentence(socketPath) {
    const who = await runnerIdentity();
    const blocked = await firstClosedDirectory(socketPath);
    if (blocked) {
        return `a directory on its path, ${blocked.path} (${await ownership(blocked.mode, blocked.uid, blocked.gid)}), cannot be entered by ${who}`;
    }
    try {
        const info = await (0,promises_.stat)(socketPath);
        return `the socket is ${await ownership(info.mode, info.uid, info.gid)}, and connecting needs write permission on it, which ${who} does not have`;
    }
    catch {
        return `${who} may not open it`;
    }
}
/** The nearest directory of `file`'s path that this process may not search (x), if any. */
async function firstClosedDirectory(file) {
    const directories = [];
    for (let dir = external_node_path_default().dirname(external_node_path_default().resolve(file));; dir = external_node_path_default().dirname(dir)) {
        directories.unshift(dir);
        if (dir === external_node_path_default().dirname(dir))
            break;
    }
    for (const dir of directories) {
        try {
            await (0,promises_.access)(dir, external_node_fs_.constants.X_OK);
        }
        catch {
            const info = await (0,promises_.stat)(dir).catch(() => undefined);
            return info ? { path: dir, mode: info.mode, uid: info.uid, gid: info.gid } : undefined;
        }
    }
    return undefined;
}
/** "owned by haproxy:haproxy with mode 0660 (rw-rw----)". */
async function ownership(mode, uid, gid) {
    const bits = mode & 0o777;
    const rwx = [6, 3, 0].map((shift) => ["r", "w", "x"].map((c, i) => ((bits >> shift) & (4 >> i) ? c : "-")).join("")).join("");
    return `owned by ${await nameOf("/etc/passwd", uid)}:${await nameOf("/etc/group", gid)} with mode 0${bits.toString(8)} (${rwx})`;
}
/** "this runner's user runner (uid 1001; groups runner, docker)": who bluegreen runs as. */
async function runnerIdentity() {
    if (typeof process.getuid !== "function" || typeof process.getgroups !== "function")
        return "this runner's user";
    const uid = process.getuid();
    const groups = [...new Set([process.getgid?.() ?? -1, ...process.getgroups()].filter((gid) => gid >= 0))];
    const groupNames = await Promise.all(groups.map((gid) => nameOf("/etc/group", gid)));
    return `this runner's user ${await nameOf("/etc/passwd", uid)} (uid ${uid}; groups ${groupNames.join(", ")})`;
}
/** The name of a uid or gid from /etc/passwd or /etc/group; the number when it has none there. */
async function nameOf(file, id) {
    const text = await (0,promises_.readFile)(file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
        const [name, , number] = line.split(":");
        if (name && number === String(id))
            return name;
    }
    return String(id);
}

;// CONCATENATED MODULE: ./src/backends/haproxy/stat.ts
function parseStat(csv) {
    const lines = csv.split("\n").filter((line) => line.trim() !== "");
    const header = lines[0]?.replace(/^#\s*/, "").split(",") ?? [];
    return lines.slice(1).map((line) => {
        const cells = line.split(",");
        const row = {};
        header.forEach((name, i) => {
            if (name)
                row[name] = cells[i] ?? "";
        });
        return row;
    });
}
/** The servers (not the FRONTEND/BACKEND summary rows) of one backend. */
function serversOf(rows, backend) {
    return rows.filter((row) => row.pxname === backend && row.svname !== "BACKEND" && row.svname !== "FRONTEND");
}
function hasBackend(rows, backend) {
    return rows.some((row) => row.pxname === backend && row.svname === "BACKEND");
}
/**
 * A server takes traffic safely when its checks say UP. "no check" servers are counted as up:
 * HAProxy sends them traffic and has nothing better to go on. "UP 1/3" (failing checks, going
 * down), DOWN, DRAIN, MAINT and NOLB are not ready.
 */
function isServerReady(row) {
    return row.status === "UP" || row.status === "no check";
}
/**
 * HTTP requests HAProxy has routed to a backend since it started: the BACKEND row's `req_tot`,
 * or its responses by class (`hrsp_*`) where an older HAProxy leaves `req_tot` empty. Health
 * checks count in neither. Undefined when the row or both counters are missing.
 */
function requestsServed(rows, backend) {
    const row = rows.find((r) => r.pxname === backend && r.svname === "BACKEND");
    if (!row)
        return undefined;
    if (/^[0-9]+$/.test(row.req_tot ?? ""))
        return Number(row.req_tot);
    const classes = ["hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other"].map((name) => row[name] ?? "");
    if (!classes.every((value) => /^[0-9]+$/.test(value)))
        return undefined;
    return classes.reduce((sum, value) => sum + Number(value), 0);
}
/**
 * Which servers of a backend HAProxy reaches over TLS (`ssl` on the server line), from
 * `show servers state <backend>`: a space-separated table under a "# be_id be_name ..." header,
 * whose `srv_use_ssl` is 1 for them. `show stat` does not say it. Answered at every socket level.
 */
function serversUsingSsl(answer) {
    const lines = answer.split("\n");
    const header = lines
        .find((line) => line.startsWith("#"))
        ?.replace(/^#\s*/, "")
        .split(/\s+/) ?? [];
    const [name, ssl] = [header.indexOf("srv_name"), header.indexOf("srv_use_ssl")];
    const servers = new Set();
    if (name < 0 || ssl < 0)
        return servers;
    for (const line of lines) {
        if (line.startsWith("#") || line.trim() === "")
            continue;
        const cells = line.trim().split(/\s+/);
        if (cells[ssl] === "1" && cells[name])
            servers.add(cells[name]);
    }
    return servers;
}
/** `show stat`'s addr ("127.0.0.1:8080", "[::1]:8080") as host and port; undefined when hidden or unset. */
function parseServerAddress(addr) {
    const match = /^\[(.+)\]:(\d+)$/.exec(addr ?? "") ?? /^([^:]+):(\d+)$/.exec(addr ?? "");
    if (!match)
        return undefined;
    const port = Number(match[2]);
    return port > 0 ? { host: match[1], port } : undefined;
}
/**
 * Where bluegreen checks each server itself: the address HAProxy sends traffic to, over TLS where
 * the server line says `ssl`, as a bare connection where the backend is `mode tcp` (health-path
 * may mean nothing there). Servers without a usable address are listed apart.
 */
function probeEndpointsOf(servers, ssl) {
    const endpoints = [];
    const unknown = [];
    for (const row of servers) {
        const name = row.svname ?? "";
        const address = parseServerAddress(row.addr);
        if (!address) {
            unknown.push(name);
            continue;
        }
        const protocol = row.mode === "tcp" ? "tcp" : ssl.has(name) ? "https" : "http";
        endpoints.push({ name, ...address, protocol });
    }
    return { endpoints, unknown };
}

;// CONCATENATED MODULE: ./src/backends/haproxy/index.ts

















/** Map keys: the two the user's frontends look up, and bluegreen's own record. */
const ACTIVE_KEY = "active";
const PREVIEW_KEY = "preview";
const LEDGER_KEY = "bluegreen.ledger";
/** The entries bluegreen owns and keeps in the map file: the routing and its record. */
const MANAGED_KEYS = [ACTIVE_KEY, PREVIEW_KEY, LEDGER_KEY];
/**
 * Every write commits a fresh `bluegreen.rev.<nonce>` key and must first delete the key it read
 * (`del map` of a key succeeds for exactly one caller): a second guard behind the lock, so a
 * revision read before another run's commit never matches after it.
 */
const REVISION_PREFIX = "bluegreen.rev.";
const FIRST_REVISION = `${REVISION_PREFIX}none`;
/** A map file that disagrees with HAProxy's memory: the two causes no run can tell apart. */
const BOTH_CAUSES = "either someone edited the file by hand (then HAProxy does not serve that edit), or a run was interrupted between its switch and its write of the file, and bluegreen cannot tell which";
/** bluegreen's bookkeeping entries that never belong in the map file: revisions and leases. */
const isBookkeeping = (key) => key.startsWith(REVISION_PREFIX) || key === LOCK_KEY;
/** The haproxy backend: one Runtime API client is both faces (the map routes, the servers are the workload). */
function createHaproxy(settings, run) {
    const timeoutMs = run.timeoutSeconds * 1000;
    const backend = new HaproxyBackend(settings, {
        // One Runtime API command answers in about a millisecond; never wait longer than `timeout` for one.
        commandTimeoutMs: Math.min(10_000, timeoutMs),
        // Long enough for a dead holder's lease to expire, never longer than the step's timeout.
        lockWaitMs: Math.min(timeoutMs, LEASE_MS + 5_000),
        // status is read-only like a dry run: it reports a map file that disagrees, and repairs nothing.
        dryRun: run.readOnly,
        run: run.run,
        readsOnly: run.readsOnly,
        reachesServers: run.reachesServers,
    });
    return { router: backend, workload: backend, close: async () => undefined };
}
class HaproxyBackend {
    options;
    run;
    kind = "haproxy";
    /** Tests need a test-url: the preview entry is a frontend the user configured. */
    previewRequester = undefined;
    /** deploy-command puts releases on the servers; HAProxy only routes. */
    deploy = undefined;
    scaleDown = undefined;
    runningVersion = undefined;
    servingRestore = undefined;
    /** One map entry routes every new request: the first answer after a switch is the new color's. */
    switchesAtOnce = true;
    api;
    lock;
    /** Temporary map files older than this were left by runs that died. */
    started = Date.now();
    contact;
    /** What the first contact found or repaired, shown with every state read. */
    notes = [];
    /** The map file holds what HAProxy holds (checked at the first contact, kept by every write). */
    fileAgrees = false;
    /** What the first contact repaired (the map file rewritten from memory), as a sentence; empty when nothing. */
    repair = "";
    constructor(options, run = {
        commandTimeoutMs: 10_000,
        lockWaitMs: LEASE_MS + 5_000,
        dryRun: false,
        run: (0,detect/* runIdentity */.y)(),
        readsOnly: false,
        reachesServers: true,
    }) {
        this.options = options;
        this.run = run;
        this.api = new RuntimeApi(options.socket, run.commandTimeoutMs);
        this.lock = new MapLock(this.api, (line) => retryTransient(() => this.api.command(line)), options.map, `the HAProxy map ${options.map}`, run.run);
    }
    /** Why the map file could not be read by a step that only reads (status); empty when it could. */
    fileUnread = "";
    /** A sentence saying what this run repaired besides the routing (the map file), for its outcome; empty when nothing. */
    get repaired() {
        return this.repair;
    }
    /** Will the routing this run leaves survive a reload of HAProxy? Only when the map file says the same. */
    get durable() {
        return this.options.persist === "file" && this.fileAgrees;
    }
    async read() {
        await this.preflight();
        const [entries, stat] = await Promise.all([this.readMap(), this.readStat()]);
        for (const color of colors/* COLORS */.lm) {
            if (!hasBackend(stat, this.options.backends[color])) {
                throw new errors/* InputError */.dz(`${color}-backend`, `HAProxy has no backend "${this.options.backends[color]}"; backends it has: ${backendNames(stat).join(", ")}.`);
            }
        }
        const activeBackend = entries.get(ACTIVE_KEY);
        if (activeBackend === undefined) {
            throw new errors/* InputError */.dz("haproxy-map", `${this.options.map} has no "${ACTIVE_KEY}" entry; add the line "${ACTIVE_KEY} ${this.options.backends.blue}" to the map file.`);
        }
        const live = this.colorOf(activeBackend, ACTIVE_KEY);
        const previewBackend = entries.get(PREVIEW_KEY);
        const preview = previewBackend === undefined ? undefined : this.colorOf(previewBackend, PREVIEW_KEY);
        const warnings = [...this.notes];
        if (preview === undefined)
            warnings.push(`${this.options.map} has no "${PREVIEW_KEY}" entry yet; prepare adds it.`);
        return {
            live,
            preview,
            ledger: (0,ledger/* decodeLedger */.iN)(entries.get(LEDGER_KEY)),
            revision: revisionOf(entries),
            details: {
                map: this.options.map,
                [ACTIVE_KEY]: activeBackend,
                [PREVIEW_KEY]: previewBackend ?? "-",
                ...Object.fromEntries(colors/* COLORS */.lm.map((c) => [`${c} servers`, this.serverSummary(stat, c)])),
                durable: this.options.persist === "runtime"
                    ? `no: haproxy-persist is runtime, ${this.options.mapFile} is not written`
                    : this.fileUnread
                        ? `unknown: ${this.options.mapFile} cannot be read from this runner (${this.fileUnread})`
                        : `${this.fileAgrees ? "yes" : "no"}: ${this.options.mapFile} ${this.fileAgrees ? "holds" : "does not hold"} this routing`,
            },
            warnings,
        };
    }
    /**
     * HAProxy's view, and where each server takes traffic: a restarted server stays UP here until
     * its checks fail `fall` times, so the mode checks the servers themselves (see modes/readiness.ts).
     */
    async readiness(color) {
        await this.preflight();
        const servers = serversOf(await this.readStat(), this.options.backends[color]);
        const up = servers.filter(isServerReady);
        const name = this.options.backends[color];
        if (servers.length === 0)
            return { ready: false, summary: `backend ${name} has no servers` };
        const notUp = servers.filter((s) => !isServerReady(s)).map((s) => `${s.svname} ${s.status}`);
        const summary = `${up.length}/${servers.length} servers of ${name} UP${notUp.length ? ` (${notUp.join(", ")})` : ""}`;
        if (up.length !== servers.length)
            return { ready: false, summary };
        // status and rollback go by HAProxy's view alone: they probe no server, so need no addresses (level user).
        if (!this.run.reachesServers)
            return { ready: true, summary };
        const ssl = serversUsingSsl(await this.call("haproxy-socket", `show servers state ${name}`));
        const { endpoints, unknown } = probeEndpointsOf(servers, ssl);
        if (unknown.length > 0) {
            return {
                ready: false,
                summary: `${summary}, but HAProxy shows no address for ${unknown.join(", ")}, so bluegreen cannot check them`,
            };
        }
        return { ready: true, summary, endpoints };
    }
    async fingerprint(color) {
        await this.preflight();
        const servers = serversOf(await this.readStat(), this.options.backends[color]);
        return `${this.options.backends[color]}[${servers
            .map((s) => `${s.svname}=${s.addr ?? ""}`)
            .sort()
            .join(",")}]`;
    }
    /** The color's server addresses for deploy-command; never an empty or partial list. */
    async targets(color) {
        await this.preflight();
        const name = this.options.backends[color];
        const servers = serversOf(await this.readStat(), name);
        if (servers.length === 0)
            throw new errors/* RefusedError */.fk(`Backend ${name} has no servers in HAProxy: deploy-command would have nowhere to deploy.`);
        const hidden = servers.filter((s) => !s.addr).map((s) => s.svname);
        if (hidden.length > 0) {
            throw new errors/* RefusedError */.fk(`HAProxy shows no address for ${hidden.join(", ")} of backend ${name}: deploy-command would not know where to deploy.`);
        }
        return servers.map((s) => s.addr);
    }
    /** HTTP requests HAProxy routed to the color's backend so far (test mode proves its load reached it). */
    async servedRequests(color) {
        await this.preflight();
        const name = this.options.backends[color];
        const count = requestsServed(await this.readStat(), name);
        if (count === undefined)
            throw new errors/* RouterError */.KJ(`HAProxy's "show stat" has no request counters for backend ${name}.`);
        return count;
    }
    plan(change, state, _options) {
        const { backends } = this.options;
        return {
            change,
            state,
            entries: {
                [ACTIVE_KEY]: backends[change.live],
                [PREVIEW_KEY]: backends[change.preview],
                // A map entry needs a value: an empty ledger is written as "none" (decoded back as empty).
                [LEDGER_KEY]: (0,ledger/* encodeLedger */.KX)(change.ledger) || "none",
            },
            moves: {
                ...(change.live !== state.live ? { active: { from: backends[state.live], to: backends[change.live] } } : {}),
                ...(change.preview !== state.preview
                    ? { preview: { from: state.preview ? backends[state.preview] : undefined, to: backends[change.preview] } }
                    : {}),
            },
        };
    }
    describe(plan) {
        const { map } = this.options;
        const { active, preview } = plan.moves;
        const { change, state } = plan;
        const where = `in map ${external_node_path_default().basename(map)}`;
        // The exact Runtime API steps (details: what the summary and the plan output lead with), then in plain words.
        const lines = [];
        if (active)
            lines.push((0,plan_lines/* detail */._0)(`set map ${map} ${ACTIVE_KEY} ${active.to} (was ${active.from})`));
        if (preview)
            lines.push((0,plan_lines/* detail */._0)(`set map ${map} ${PREVIEW_KEY} ${preview.to} (was ${preview.from ?? "unset"})`));
        lines.push((0,plan_lines/* detail */._0)(`record ${LEDGER_KEY} in ${map}, all in one atomic map version (prepare map / add map / commit map)`));
        lines.push((0,plan_lines/* detail */._0)(`hold the lock on ${map} (a ${LOCK_KEY} lease entry) from the check that the map did not change since it was read until the end`));
        lines.push((0,plan_lines/* detail */._0)(this.options.persist === "file"
            ? `write ${this.options.mapFile} from HAProxy's memory so that a reload keeps the change, then release the lock`
            : `leave ${this.options.mapFile} as it is (haproxy-persist: runtime): a reload of HAProxy undoes this change; release the lock`));
        // One line for the two entries: they change together, in one atomic map version.
        const previewMove = preview ? `preview ${state.preview ?? "unset"} → ${change.preview}` : "";
        if (active)
            lines.push(`switch production ${state.live} → ${change.live}${previewMove ? ` and ${previewMove}` : ""} ${where}`);
        else if (preview)
            lines.push(`point ${previewMove} ${where}`);
        else
            lines.push(`record the release record (versions, last action) ${where}, routing unchanged`);
        return lines;
    }
    /**
     * Under the lock: re-reads the map and refuses when it changed since `state` was read, then
     * writes every key in one atomic step (a new map version holding all current entries with ours
     * changed, committed at once), then the map file. A reader never sees active and preview on
     * the same color, and production is never without an entry.
     */
    async apply(plan) {
        await this.preflight();
        await this.lock.acquire(this.run.lockWaitMs);
        try {
            await this.applyLocked(plan);
        }
        finally {
            await this.lock.release();
        }
    }
    async applyLocked(plan) {
        const { map } = this.options;
        let current = await this.readMap();
        if (revisionOf(current) !== plan.state.revision)
            throw this.conflict("since it was read");
        let revisionKey = revisionKeyOf(current);
        if (!revisionKey) {
            // First write by bluegreen (or after a reload): create the key to take the turn with.
            await expectSilence(this.api, `add map ${map} ${FIRST_REVISION} 0`);
            current = await this.readMap();
            revisionKey = FIRST_REVISION;
        }
        // This run's own revision key: the read-back after the commit looks for it.
        const ownRevision = `${REVISION_PREFIX}${(0,external_node_crypto_.randomBytes)(6).toString("hex")}`;
        const updates = new Map([
            ...Object.entries(plan.entries),
            [ownRevision, String(Date.now())],
            // The new version replaces the current one: carry this run's lease, so the lock holds until the file is written.
            [LOCK_KEY, this.lock.entryValue()],
        ]);
        const prepared = await this.api.command(`prepare map ${map}`);
        const version = /New version created:\s*(\d+)/.exec(prepared)?.[1];
        if (!version)
            throw new errors/* RouterError */.KJ(`HAProxy refused "prepare map ${map}": ${withoutStop(prepared)}; nothing was changed.`);
        const next = new Map([...current].filter(([key]) => !isBookkeeping(key)));
        for (const [key, value] of updates)
            next.set(key, value);
        const discard = () => this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
        try {
            for (const [key, value] of next)
                await expectSilence(this.api, `add map @${version} ${map} ${key} ${value}`);
            // A holder that stalled past its lease may have lost the lock: it must not commit.
            await this.lock.confirm();
        }
        catch (error) {
            await discard();
            throw error instanceof errors/* ConflictError */.fK
                ? error
                : new errors/* RouterError */.KJ(`${error.message}; the new map version was discarded and nothing was changed.`);
        }
        // Take the turn: only one writer can delete the revision key it read.
        const taken = (await this.api.command(`del map ${map} ${revisionKey}`)).trim();
        if (taken !== "") {
            await discard();
            if (/not found/i.test(taken))
                throw this.conflict("while the switch was being prepared");
            throw new errors/* RouterError */.KJ(`HAProxy refused "del map ${map} ${revisionKey}": ${withoutStop(taken)}; nothing was changed.`);
        }
        const held = await this.commit(version, ownRevision);
        if (this.options.persist === "runtime")
            return;
        this.fileAgrees = false;
        try {
            await this.writeFileFromMemory(held, () => this.lock.commitRefusal("its write of the map file"));
        }
        catch (error) {
            throw new errors/* RouterError */.KJ(`The change is live in HAProxy, but writing ${this.options.mapFile} failed (${error.message}), so a reload of HAProxy would undo it; run the step again to rewrite the file from HAProxy's memory.`);
        }
    }
    /**
     * Commits the prepared version, then reads the map back: what HAProxy holds afterwards decides
     * what this run says, not the commit's answer alone. HAProxy refuses a commit of a version older
     * than the current one, but accepts a newer one on top of any other: so a commit of this run's
     * that arrived late (after another run took the lock) may land and then be replaced, and the
     * read-back is the only way to know. Returns the map as read back, holding this run's version.
     */
    async commit(version, ownRevision) {
        const { map } = this.options;
        let answer;
        try {
            // Written only while the lease has time left: a run that stalled since its turn must not commit.
            answer = (await this.api.command(`commit map @${version} ${map}`, () => this.lock.commitRefusal())).trim();
        }
        catch (error) {
            if (error instanceof NotSentError) {
                await this.api.command(`clear map @${version} ${map}`).catch(() => undefined);
                throw new errors/* ConflictError */.fK(`${error.message}: this run did not commit, and nothing was changed by it. Run the step again.`);
            }
            // The command may or may not have reached HAProxy: the map says whether it landed.
            const entries = await this.readEntries();
            if (firstValues(entries).has(ownRevision))
                return firstValues(entries);
            const other = revisionKeyOf(firstValues(entries));
            const why = withoutStop(error.message);
            throw new errors/* RouterError */.KJ(other
                ? `this run's commit of map version @${version} got no answer (${why}) and HAProxy now holds another run's commit${this.byRun(entries)}, so whether this run's commit landed before it cannot be told; the map file is left to that run.`
                : `this run's commit of map version @${version} got no answer (${why}) and the map read back does not hold that version: the switch is not live (a command HAProxy has not run yet could still make it live, until a newer commit voids it).`);
        }
        if (/out of range/i.test(answer)) {
            throw new errors/* ConflictError */.fK(`another bluegreen run committed a newer version of ${map} before this run's commit arrived (HAProxy answered "${withoutStop(answer)}"), so this run's switch was not committed; nothing was changed by this run.`);
        }
        if (answer !== "")
            throw new errors/* RouterError */.KJ(`HAProxy refused "commit map @${version} ${map}": ${withoutStop(answer)}; nothing was changed.`);
        const entries = await this.readEntries();
        const held = firstValues(entries);
        if (!held.has(ownRevision)) {
            throw new errors/* RouterError */.KJ(`this run's commit landed in HAProxy, but another bluegreen run's commit${this.byRun(entries)} replaced it right after, so HAProxy holds that run's routing and record, not this run's (that run writes the map file).`);
        }
        return held;
    }
    /** " (<CI run>)" naming the run whose commit the map holds: from its ledger, else from a lease that is not ours. */
    byRun(entries) {
        const run = (0,ledger/* decodeLedger */.iN)(firstValues(entries).get(LEDGER_KEY)).run || this.lock.otherRunIn(entries);
        return run ? ` (${(0,input_text/* printable */.g)(run)})` : "";
    }
    /**
     * The first contact, once per run, before anything is read or changed: the socket must be at
     * the level the step needs, and (haproxy-persist: file) the map file must be writable and agree with HAProxy.
     */
    preflight() {
        this.contact ??= this.firstContact();
        return this.contact;
    }
    async firstContact() {
        await this.checkLevel();
        const file = this.options.mapFile;
        if (this.options.persist === "runtime") {
            this.notes.push(`haproxy-persist is runtime: changes live only in HAProxy's memory and ${file} is not written, so a reload of HAProxy returns the routing to what that file says.`);
            return;
        }
        if (this.run.readsOnly) {
            // status writes nothing, so it asks nothing of the file but to compare it when it can be read.
            this.fileUnread = await unreadableReason(file);
            if (this.fileUnread) {
                this.notes.push(`${file} cannot be read from this runner (${this.fileUnread}), so status cannot tell whether a reload of HAProxy keeps this routing.`);
                return;
            }
            return this.reconcileFile();
        }
        // Only a run that may write the file tries to (dry runs stay read-only, but refuse what the real run would).
        const reason = await unwritableReason(file, !this.run.dryRun);
        if (reason) {
            // A map HAProxy does not know is the mistake to name first (haproxy-map-file defaults to it).
            await this.readEntries();
            throw new errors/* InputError */.dz("haproxy-map-file", `${file} cannot be written from this runner (${reason}), and a switch missing from the map file is undone by the next reload of HAProxy, so nothing was changed; allowed: the path where this runner can write the map file HAProxy loads, or haproxy-persist: runtime to accept a switch that lives only in HAProxy's memory.`);
        }
        await this.reconcileFile();
    }
    /**
     * The level the step needs, asked of HAProxy itself (`show cli level`). Every command bluegreen
     * sends is answered at level user (checked on HAProxy 2.6.12: show map/stat/servers state, and
     * the map writes too, which HAProxy does not restrict by level); what user lacks is the server
     * addresses in `show stat`, which only a step that reaches the servers needs.
     */
    async checkLevel() {
        const level = (await this.call("haproxy-socket", "show cli level")).trim();
        if (level === "admin" || level === "operator")
            return;
        if (level === "user") {
            if (!this.run.reachesServers)
                return;
            throw new errors/* InputError */.dz("haproxy-socket", `the Runtime API at ${this.options.socketText} is at level user, where HAProxy hides server addresses from "show stat", and this step needs them (for deploy-command's BLUEGREEN_SERVERS, bluegreen's own health checks of each server, and the fingerprint test records and promote compares), so nothing was changed; allowed: a stats socket at level operator or admin (status and rollback need only level user).`);
        }
        throw new errors/* InputError */.dz("haproxy-socket", `cannot tell the level of the Runtime API at ${this.options.socketText}: "show cli level" answered "${(0,input_text/* printable */.g)(withoutStop(level))}" (HAProxy 2.0 and later answer admin, operator or user), so nothing was changed; allowed: a stats socket at level operator or admin (user for status and rollback) on HAProxy 2.0 or later.`);
    }
    /**
     * A run killed between HAProxy's commit and the file's rename leaves the file behind HAProxy's
     * memory (a reload would flip production), and one killed mid-write leaves a temporary file.
     * Repairs both under the lock, so no running switch is disturbed: the file is rewritten from
     * memory and the stale temporary files are removed. A dry run only says what it found.
     */
    async reconcileFile() {
        const file = this.options.mapFile;
        const check = async () => {
            const entries = await this.readEntries();
            return {
                entries,
                leftovers: await staleTemporaries(file, this.started),
                differ: differences(parseMapFile(await (0,promises_.readFile)(file, "utf8")), managed(firstValues(entries))),
            };
        };
        const first = await check();
        // A killed run may also leave its lease: taking the lock once removes it.
        const staleLease = this.lock.staleIn(first.entries);
        if (first.leftovers.length === 0 && first.differ.length === 0 && !staleLease) {
            this.fileAgrees = true;
            return;
        }
        if (this.run.dryRun) {
            if (first.differ.length > 0) {
                this.notes.push(`${file} disagrees with HAProxy's memory (${first.differ.join("; ")}): ${BOTH_CAUSES}; a run that is not a dry run rewrites it from memory and keeps the old file beside it.`);
            }
            if (first.leftovers.length > 0)
                this.notes.push(`Temporary files of interrupted runs lie beside ${file}: ${first.leftovers.join(", ")}.`);
            this.fileAgrees = first.differ.length === 0;
            return;
        }
        // A disagreement may be another run's switch between its commit and its file write: wait for its lock.
        await this.lock.acquire(this.run.lockWaitMs);
        try {
            const { leftovers, differ } = await check();
            await removeFiles(leftovers);
            if (leftovers.length > 0)
                log/* log */.Rm.info(`Removed temporary files left by interrupted runs: ${leftovers.join(", ")}.`);
            if (differ.length > 0) {
                // Either cause is possible, and a hand edit must be redoable: keep the old file before replacing it.
                const kept = await keepCopy(file);
                await this.writeFileFromMemory();
                this.repair = `${file} was rewritten from HAProxy's memory (${differ.join("; ")}), its old content kept in ${kept}.`;
                this.notes.push(`${file} disagreed with HAProxy's memory (${differ.join("; ")}): ${BOTH_CAUSES}. It was rewritten from HAProxy's memory, which production runs; the old file is kept in ${kept}, so a hand edit can be made again (with set map on the Runtime API and in the file, or through bluegreen).`);
            }
        }
        catch (error) {
            if (error instanceof errors/* ConflictError */.fK)
                throw error;
            throw new errors/* RouterError */.KJ(`Could not bring ${file} in line with HAProxy's memory (${error.message}); nothing was changed.`);
        }
        finally {
            await this.lock.release();
        }
        this.fileAgrees = true;
    }
    /**
     * Writes bluegreen's entries as HAProxy holds them (`held`, or read now) into the map file, under
     * the lock. `refusal` is asked right before the rename: a run that lost its lock meanwhile must
     * not put its older view over the file another holder writes.
     */
    async writeFileFromMemory(held, refusal) {
        await rewriteMapFile(this.options.mapFile, managed(held ?? (await this.readMap())), isBookkeeping, refusal);
        this.fileAgrees = true;
        log/* log */.Rm.detail(`Wrote ${this.options.mapFile} so that a reload keeps what HAProxy serves.`);
    }
    conflict(when) {
        return new errors/* ConflictError */.fK(`${this.options.map} changed ${when} (another pipeline or a hand edit); nothing was changed. Run the step again.`);
    }
    async readMap() {
        return firstValues(await this.readEntries());
    }
    async readEntries() {
        const answer = await this.call("haproxy-map", `show map ${this.options.map}`);
        if (/Unknown map identifier/i.test(answer))
            throw new errors/* InputError */.dz("haproxy-map", await this.noSuchMap());
        const entries = parseMapEntries(answer);
        const unparsed = answer.split("\n").filter((line) => line.trim() !== "").length - entries.length;
        if (entries.length === 0 && unparsed > 0) {
            throw new errors/* RouterError */.KJ(`HAProxy answered "show map ${this.options.map}" with "${answer.trim().slice(0, 120)}"`);
        }
        return entries;
    }
    /** The map is not HAProxy's: the sentence lists the maps it has ("show map"), so the right path can be copied. */
    async noSuchMap() {
        const maps = parseMapList(await this.call("haproxy-map", "show map")).map(input_text/* printable */.g);
        const has = maps.length === 0 ? "it loads no map at all" : `the maps it has are ${maps.join(", ")}`;
        return `HAProxy has no map "${this.options.map}"; ${has} (from "show map"); allowed: the path of the map its use_backend rules read, as listed there.`;
    }
    async readStat() {
        return parseStat(await this.call("haproxy-socket", "show stat"));
    }
    /**
     * Sends a read command, retried on a dropped connection (reads are safe to repeat; writes are
     * not, and are never retried). A socket that cannot be reached is an input error: nothing changed yet.
     */
    async call(input, line) {
        try {
            return await retryTransient(() => this.api.command(line));
        }
        catch (error) {
            const code = error.code;
            if (code === "EACCES" && "path" in this.options.socket) {
                throw new errors/* InputError */.dz("haproxy-socket", `cannot open the HAProxy Runtime API at ${this.options.socketText}: permission denied (EACCES), a file permission, not the socket's level: ${await permissionSentence(this.options.socket.path)}; allowed: run bluegreen as a user that may write the socket (its owner, or a member of its group), or set "user", "group" or "mode" on HAProxy's "stats socket" line.`);
            }
            if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES" || code === "ENOTFOUND") {
                throw new errors/* InputError */.dz("haproxy-socket", `cannot reach the HAProxy Runtime API at ${this.options.socketText} (${code}); allowed: a stats socket (unix path or host:port) at level operator or admin, or user for status and rollback.`);
            }
            throw new errors/* RouterError */.KJ(`HAProxy Runtime API (${input}) failed: ${error.message}`);
        }
    }
    colorOf(backend, key) {
        if (backend === this.options.backends.blue)
            return "blue";
        if (backend === this.options.backends.green)
            return "green";
        throw new errors/* InputError */.dz("haproxy-map", `the map entry "${key}" points to backend "${backend}", which is neither blue-backend (${this.options.backends.blue}) nor green-backend (${this.options.backends.green}).`);
    }
    serverSummary(stat, color) {
        const servers = serversOf(stat, this.options.backends[color]);
        return servers.map((s) => `${s.svname} ${s.status}`).join(", ") || "none";
    }
}
const TRANSIENT = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);
async function retryTransient(fn, attempts = 3) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn();
        }
        catch (error) {
            const code = error.code ?? "";
            const transient = TRANSIENT.has(code) || /gave no answer|without an answer/.test(error.message);
            if (!transient || attempt >= attempts)
                throw error;
            await (0,wait/* sleep */.y)(50 * 2 ** attempt);
        }
    }
}
/** bluegreen's own entries as HAProxy holds them: what the map file must agree on. */
function managed(entries) {
    return new Map(MANAGED_KEYS.filter((key) => entries.has(key)).map((key) => [key, entries.get(key)]));
}
function revisionOf(entries) {
    const values = [ACTIVE_KEY, PREVIEW_KEY, LEDGER_KEY].map((key) => `${key}=${entries.get(key) ?? ""}`);
    return [revisionKeyOf(entries) ?? "", ...values].join(" ");
}
function revisionKeyOf(entries) {
    return [...entries.keys()].find((key) => key.startsWith(REVISION_PREFIX));
}
function backendNames(stat) {
    return stat.filter((row) => row.svname === "BACKEND").map((row) => row.pxname ?? "");
}


/***/ }),

/***/ 36411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IP: () => (/* binding */ otherColor),
/* harmony export */   _o: () => (/* binding */ isColor),
/* harmony export */   lm: () => (/* binding */ COLORS)
/* harmony export */ });
const COLORS = ["blue", "green"];
function otherColor(color) {
    return color === "blue" ? "green" : "blue";
}
function isColor(value) {
    return value === "blue" || value === "green";
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KJ: () => (/* binding */ RouterError),
/* harmony export */   MU: () => (/* binding */ TimeoutError),
/* harmony export */   cw: () => (/* binding */ BluegreenError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   fK: () => (/* binding */ ConflictError),
/* harmony export */   fk: () => (/* binding */ RefusedError)
/* harmony export */ });
/**
 * Errors are values until the edge: every failure the action can explain is one of these,
 * and main.ts turns it into one clear sentence with `core.setFailed`.
 */
class BluegreenError extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** Bad or missing input. Always raised before anything is changed. */
class InputError extends BluegreenError {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`);
        this.input = input;
    }
}
/** The router (HAProxy, API server, OVH API) refused or failed a request. */
class RouterError extends BluegreenError {
    status;
    constructor(message, 
    /** HTTP status or protocol-level code, when the router gave one. */
    status) {
        super(message);
        this.status = status;
    }
}
/** Someone else changed the router between our read and our write (optimistic concurrency). */
class ConflictError extends RouterError {
}
/** A safety rule refused the step (unready target, untested version, nothing to roll back to...). */
class RefusedError extends BluegreenError {
}
/** A wait ran out of time. */
class TimeoutError extends BluegreenError {
}


/***/ }),

/***/ 60267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ printable),
/* harmony export */   l: () => (/* binding */ optional)
/* harmony export */ });
/** The value, trimmed, or undefined when empty. */
function optional(value) {
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}
/** Shows control characters visibly, so an error never prints a hostile terminal sequence. */
function printable(value) {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}


/***/ }),

/***/ 58730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ encodeLedger),
/* harmony export */   TJ: () => (/* binding */ COMMIT_PATTERN),
/* harmony export */   iN: () => (/* binding */ decodeLedger)
/* harmony export */ });
/* unused harmony export emptyLedger */
/* harmony import */ var _colors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36411);

/** A commit id as git prints it: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, full or abbreviated). */
const COMMIT_PATTERN = /^[0-9a-f]{7,64}$/;
function emptyLedger() {
    return { versions: {} };
}
/**
 * Compact `key=value&...` form: no spaces (HAProxy map values), readable in `show map`,
 * and small enough for an annotation or a display name.
 */
function encodeLedger(ledger) {
    const params = new URLSearchParams();
    const put = (key, value) => {
        if (value !== undefined && value !== "")
            params.set(key, value);
    };
    put("live", ledger.live);
    put("previous", ledger.previous);
    put("blue", ledger.versions.blue);
    put("green", ledger.versions.green);
    put("blueRef", ledger.refs?.blue);
    put("greenRef", ledger.refs?.green);
    put("pending", ledger.pending);
    put("failed", ledger.prepareFailed);
    put("action", ledger.lastAction);
    put("at", ledger.at);
    put("run", ledger.run);
    if (ledger.tested) {
        put("tested", ledger.tested.color);
        put("testedVersion", ledger.tested.version);
        put("testedFingerprint", ledger.tested.fingerprint);
        put("testedAt", ledger.tested.at);
    }
    if (ledger.bake) {
        put("bake", ledger.bake.state);
        put("bakeUntil", ledger.bake.until);
    }
    return params.toString();
}
/** Parses what encodeLedger wrote; anything unknown or malformed is dropped rather than trusted. */
function decodeLedger(text) {
    const ledger = emptyLedger();
    if (!text)
        return ledger;
    const params = new URLSearchParams(text.trim());
    const color = (key) => {
        const value = params.get(key);
        return (0,_colors_js__WEBPACK_IMPORTED_MODULE_0__/* .isColor */ ._o)(value) ? value : undefined;
    };
    const text_ = (key) => params.get(key) || undefined;
    ledger.live = color("live");
    ledger.previous = color("previous");
    const blue = text_("blue");
    const green = text_("green");
    if (blue)
        ledger.versions.blue = blue;
    if (green)
        ledger.versions.green = green;
    // A ref without its version says nothing about what the color runs: drop it.
    const refs = {};
    const blueRef = text_("blueRef");
    const greenRef = text_("greenRef");
    if (blue && blueRef && COMMIT_PATTERN.test(blueRef))
        refs.blue = blueRef;
    if (green && greenRef && COMMIT_PATTERN.test(greenRef))
        refs.green = greenRef;
    if (refs.blue || refs.green)
        ledger.refs = refs;
    ledger.pending = color("pending");
    ledger.prepareFailed = color("failed");
    const action = params.get("action");
    if (action === "promote" || action === "rollback")
        ledger.lastAction = action;
    ledger.at = text_("at");
    ledger.run = text_("run");
    const testedColor = color("tested");
    const testedVersion = text_("testedVersion");
    if (testedColor && testedVersion) {
        ledger.tested = {
            color: testedColor,
            version: testedVersion,
            fingerprint: text_("testedFingerprint") ?? "",
            at: text_("testedAt") ?? "",
        };
    }
    const bake = params.get("bake");
    if (bake === "running" || bake === "cancelled" || bake === "failed")
        ledger.bake = { state: bake, until: text_("bakeUntil") ?? "" };
    return stripUndefined(ledger);
}
function stripUndefined(ledger) {
    for (const key of Object.keys(ledger)) {
        if (ledger[key] === undefined)
            delete ledger[key];
    }
    return ledger;
}


/***/ }),

/***/ 44478:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   QN: () => (/* binding */ shownLine),
/* harmony export */   _0: () => (/* binding */ detail),
/* harmony export */   mO: () => (/* binding */ isDetail),
/* harmony export */   tS: () => (/* binding */ labelledPlan),
/* harmony export */   tr: () => (/* binding */ plainChange)
/* harmony export */ });
/**
 * A plan line is either a change in plain words ("switch production blue → green in map
 * bluegreen.map"), which the log always shows, or a detail of how the router is written (locks,
 * atomic map versions, API paths, request bodies), which the log shows only when verbose. Both stay
 * in the `plan` output and the job summary: they are the exact plan either way.
 *
 * Lines stay strings (they flow through outputs, summaries and "; "-joined composites unchanged);
 * a detail is remembered by its text, which a backend builds from the router's own names.
 */
const details = new Set();
/** Marks a line as a detail: shown in the log only when verbose. */
function detail(text) {
    details.add(text);
    return text;
}
function isDetail(line) {
    return details.has(line);
}
/** Composite plan lines ("promote would: a; b", "auto-rollback: a; b") and what the default log shows of them. */
const composites = new Map();
/**
 * One plan line from a label and a plan's lines joined by "; " (the form the summary splits again),
 * remembering its plain form: the label with the plain lines only.
 */
function labelledPlan(label, lines) {
    const text = `${label}${lines.join("; ")}`;
    const plain = lines.filter((line) => !details.has(line));
    composites.set(text, plain.length > 0 ? `${label}${plain.join("; ")}` : undefined);
    return text;
}
/** The line as the default log shows it: undefined for a detail, a composite's plain form. Verbose: the line itself. */
function shownLine(line, verbose) {
    if (verbose)
        return line;
    if (details.has(line))
        return undefined;
    return composites.has(line) ? composites.get(line) : line;
}
/**
 * The plain-words lines of a switch, for backends whose exact writes are details: "switch
 * production blue → green in service default/app" (in steps where the router shifts gradually),
 * or, when production stays, the record alone.
 */
function plainChange(change, state, where, steps) {
    if (change.live === state.live) {
        return [
            `${change.repair ? `move all of production to ${change.live}` : "record the release record"} in ${where}, production stays on ${state.live}`,
        ];
    }
    const gradual = steps && steps.length > 1 ? ` in steps of ${steps.map((percent) => `${percent}%`).join(", ")}` : "";
    return [`switch production ${state.live} → ${change.live} in ${where}${gradual}`];
}


/***/ }),

/***/ 71356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ detectPlatform),
/* harmony export */   y: () => (/* binding */ runIdentity)
/* harmony export */ });
function detectPlatform(env = process.env) {
    if (env.GITHUB_ACTIONS === "true")
        return "github";
    if (env.GITLAB_CI === "true")
        return "gitlab";
    return "local";
}
/** An identifier of the CI run that made a change, recorded on the router. */
function runIdentity(env = process.env) {
    if (env.GITHUB_RUN_ID) {
        const repo = env.GITHUB_REPOSITORY ? `${env.GITHUB_REPOSITORY}/` : "";
        return `github:${repo}${env.GITHUB_RUN_ID}`;
    }
    if (env.CI_JOB_ID)
        return `gitlab:${env.CI_PROJECT_PATH ? `${env.CI_PROJECT_PATH}/` : ""}${env.CI_JOB_ID}`;
    return `local:${env.USER ?? "user"}@${process.pid}`;
}


/***/ }),

/***/ 48147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ platformIo),
/* harmony export */   u: () => (/* binding */ setPlatformIo)
/* harmony export */ });
/* harmony import */ var _plain_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63631);

/** Plain until a run chooses (platform/choose.ts): code used in-process, as tests do, loads no GitHub library. */
let current = _plain_js__WEBPACK_IMPORTED_MODULE_0__/* .plainIo */ .$;
/** The implementation this run uses. */
function platformIo() {
    return current;
}
/** Only choose.ts calls this, once the implementation is loaded. */
function setPlatformIo(io) {
    current = io;
}


/***/ }),

/***/ 6982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ writeLogLine),
/* harmony export */   M_: () => (/* binding */ sendLogToStderr),
/* harmony export */   Qc: () => (/* binding */ stderrCommand),
/* harmony export */   Qr: () => (/* binding */ logToStderr)
/* harmony export */ });
/**
 * Where the human log goes: stdout by default; stderr when stdout carries something a script
 * reads (--output json: one JSON document; --output env: the name=value lines).
 */
let toStderr = false;
function sendLogToStderr(on) {
    toStderr = on;
}
function logToStderr() {
    return toStderr;
}
function writeLogLine(text) {
    (toStderr ? process.stderr : process.stdout).write(`${text}\n`);
}
/** A GitHub workflow command on stderr (the runner reads commands there too), escaped as @actions/core does. */
function stderrCommand(command, text) {
    const data = text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    process.stderr.write(`::${command}::${data}\n`);
}


/***/ }),

/***/ 74425:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ warnings),
/* harmony export */   Rm: () => (/* binding */ log),
/* harmony export */   fJ: () => (/* binding */ fail)
/* harmony export */ });
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48147);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);
/* harmony import */ var _verbosity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(85034);



/**
 * Every line bluegreen prints goes through here, so registered secrets never reach a log. How a
 * line looks (a `::warning::` command on GitHub, a plain prefix elsewhere) is the platform's
 * (io.ts): this module redacts, and keeps the warnings.
 */
/**
 * The one warning channel: whatever says log.warn (a mode, a backend, the platform layer) is also
 * kept here, and main.ts puts it in the report, so the log, the job summary and the GitLab report
 * carry the same warnings.
 */
const said = [];
/** Every warning said so far in this run, once each, redacted. */
function warnings() {
    return [...said];
}
const log = {
    info: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().info((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    warn: (message) => {
        const text = (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message);
        if (!said.includes(text))
            said.push(text);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().warn(text);
    },
    error: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().error((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    // On GitHub a `::debug::` command, which only the runner hides; elsewhere plain lines, printed
    // only when asked for (GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true).
    debug: (message) => (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().debug((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)),
    /**
     * An internal (a lock, a temporary file, an API path): a log line when verbose (the `verbose`
     * input or the runner's debug logging), otherwise a debug line the platform hides.
     */
    detail: (message) => ((0,_verbosity_js__WEBPACK_IMPORTED_MODULE_2__/* .isVerbose */ .r)() ? (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().info((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message)) : (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().debug((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message))),
};
/** Marks the step failed: core.setFailed on GitHub, a plain "error:" line and exit code 1 elsewhere. */
function fail(message) {
    (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().fail((0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(message));
}


/***/ }),

/***/ 33026:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ processAlive),
/* harmony export */   N0: () => (/* binding */ machineKey),
/* harmony export */   xt: () => (/* binding */ machineId)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);


/**
 * This machine's identity for leases: a digest of the kernel's boot id and this process's pid
 * namespace. Two processes that share both see the same pids, so one can tell whether the other
 * is still alive, and a re-run on the machine of a killed holder frees its lease at once. A digest,
 * not the ids themselves: leases are written where other people read them. Undefined where /proc
 * does not say (then a dead holder is only seen when its lease expires).
 */
function machineId() {
    const key = machineKey();
    return key === undefined ? undefined : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256").update(key).digest("hex").slice(0, 12);
}
/**
 * The same identity in clear, "<boot id>.<pid namespace>" (HAProxy's lease keeps it in the map, which
 * only the socket's holders read). Undefined where /proc does not say.
 */
function machineKey() {
    try {
        const boot = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)("/proc/sys/kernel/random/boot_id", "utf8").trim();
        const namespace = /\[(\d+)\]/.exec((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readlinkSync)("/proc/self/ns/pid"))?.[1];
        return boot && namespace ? `${boot}.${namespace}` : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether a process of this machine (and pid namespace) still runs. */
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: the process exists but belongs to someone else.
        return error.code === "EPERM";
    }
}


/***/ }),

/***/ 63631:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ plainIo)
/* harmony export */ });
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6982);

/**
 * Outside a GitHub runner (GitLab, other CI, a terminal): plain lines with plain prefixes, since
 * workflow commands (`::warning::`) mean nothing there and `::add-mask::<secret>` would print the
 * secret in clear. Masking is bluegreen's own redact() (secrets.ts), applied before any line is
 * written. GitHub's outputs, summary and post-step state do not exist here.
 */
const plainIo = {
    info: (text) => (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_0__/* .writeLogLine */ .IF)(text),
    warn: (text) => plainIo.info(`warning: ${text}`),
    error: (text) => {
        process.stderr.write(`error: ${text}\n`);
    },
    // Only when asked for: GitLab's CI_DEBUG_TRACE, or BLUEGREEN_DEBUG=true.
    debug: (text) => {
        if (process.env.CI_DEBUG_TRACE === "true" || process.env.BLUEGREEN_DEBUG === "true")
            plainIo.info(`debug: ${text}`);
    },
    // The closing report (main.ts, summary.ts) has just said the failure's sentence: said once, it is not repeated.
    fail: () => {
        process.exitCode = 1;
    },
    mask: () => undefined,
    setOutput: () => undefined,
    appendSummary: async () => undefined,
    saveState: () => undefined,
    // The runner's convention, which @actions/core's getInput follows: INPUT_<NAME>, spaces as underscores, trimmed.
    getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim(),
};


/***/ }),

/***/ 73444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ startProgress)
/* harmony export */ });
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74425);
/* harmony import */ var _log_stream_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6982);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79002);



const TERMINAL_REFRESH_MS = 500;
/** Starts reporting; `describe` gets the seconds since the start and returns the line. */
function startProgress(describe, options = {}) {
    const stream = (0,_log_stream_js__WEBPACK_IMPORTED_MODULE_2__/* .logToStderr */ .Qr)() ? process.stderr : process.stdout;
    const terminal = options.terminal ?? stream.isTTY === true;
    const quietMs = options.quietMs ?? 2_000;
    const everyMs = options.everyMs ?? 10_000;
    const started = performance.now();
    let shown = false;
    const line = () => (0,_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .redact */ .E$)(describe(Math.round((performance.now() - started) / 1000)));
    const tick = () => {
        if (terminal) {
            stream.write(`\r\x1b[2K${line()}`);
            shown = true;
        }
        else
            _log_js__WEBPACK_IMPORTED_MODULE_0__/* .log */ .Rm.info(line());
    };
    let repeat;
    const first = setTimeout(() => {
        tick();
        repeat = setInterval(tick, terminal ? TERMINAL_REFRESH_MS : everyMs);
        repeat.unref();
    }, quietMs);
    first.unref();
    return {
        stop() {
            clearTimeout(first);
            if (repeat)
                clearInterval(repeat);
            if (shown)
                stream.write("\r\x1b[2K");
        },
    };
}


/***/ }),

/***/ 79002:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ maskSecret),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   wW: () => (/* binding */ registeredSecrets)
/* harmony export */ });
/* unused harmony export clearSecrets */
/* harmony import */ var _io_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48147);

const secrets = new Set();
/**
 * Registers a secret: on a GitHub runner the platform masks it in the log (core.setSecret), and
 * every line bluegreen prints itself goes through redact(). Outside GitHub nothing is printed for
 * it: `::add-mask::<secret>` would show the secret in clear on GitLab or a terminal.
 */
function maskSecret(value) {
    if (!value)
        return;
    for (const part of [value, ...value.split(/\r?\n/)]) {
        const trimmed = part.trim();
        // Very short fragments (a lone "{") would redact ordinary text without protecting anything.
        if (trimmed.length < 6 || secrets.has(trimmed))
            continue;
        secrets.add(trimmed);
        (0,_io_js__WEBPACK_IMPORTED_MODULE_0__/* .platformIo */ .U)().mask(trimmed);
    }
}
/** The secrets registered so far (choose.ts masks them on the runner when a run chooses GitHub). */
function registeredSecrets() {
    return [...secrets];
}
function redact(text) {
    let result = text;
    for (const secret of secrets)
        result = result.split(secret).join("***");
    return result;
}
/** For tests: forget registered secrets. */
function clearSecrets() {
    secrets.clear();
}


/***/ }),

/***/ 85034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ setVerbose),
/* harmony export */   r: () => (/* binding */ isVerbose)
/* harmony export */ });
/**
 * How much of bluegreen's internals the log shows. By default a step prints what a reader acts on
 * (the result, the changes in plain words, the checks, the timings); locks, temporary files, API
 * paths and request bodies are details, shown with the `verbose` input (`--verbose`) or when the
 * runner's own debug logging is on (GitHub RUNNER_DEBUG, GitLab CI_DEBUG_TRACE, BLUEGREEN_DEBUG).
 */
let asked = false;
/** The `verbose` input, set once the inputs are read. */
function setVerbose(on) {
    asked = on;
}
function isVerbose(env = process.env) {
    return asked || env.RUNNER_DEBUG === "1" || env.CI_DEBUG_TRACE === "true" || env.BLUEGREEN_DEBUG === "true";
}


/***/ }),

/***/ 20358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ sentenceOf)
/* harmony export */ });
/**
 * An error's message (or any text) as a sentence, ending with one full stop. Messages from
 * libraries (@actions/exec, the Kubernetes client) sometimes end with one already: append "."
 * only through here, never by hand after text that is not ours.
 */
function sentenceOf(error) {
    const text = (error instanceof Error ? error.message : String(error)).trim();
    return /[.!?]$/.test(text) ? text : `${text}.`;
}


/***/ }),

/***/ 40910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ pollUntil),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _platform_progress_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73444);
/* harmony import */ var _sentence_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20358);



const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Polls `probe` with exponential backoff (from `initialMs`, capped at `maxMs`) until it returns
 * a value with done=true, or throws TimeoutError naming `what` and the last detail.
 */
async function pollUntil(what, timeoutMs, probe, initialMs = 100, maxMs = 2_000) {
    const started = Date.now();
    const deadline = started + timeoutMs;
    let delay = initialMs;
    let last = "not read yet";
    // A long wait says what it sees (a refresh task's status, endpoints, a rollout) instead of going silent.
    const progress = (0,_platform_progress_js__WEBPACK_IMPORTED_MODULE_1__/* .startProgress */ .o)((seconds) => `waiting for ${what}: ${last}, ${seconds} s`);
    try {
        return await poll();
    }
    finally {
        progress.stop();
    }
    async function poll() {
        for (;;) {
            const result = await probe();
            if (result.done)
                return result;
            last = result.detail;
            const left = deadline - Date.now();
            if (left <= 0) {
                const waited = ((Date.now() - started) / 1000).toFixed(1);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TimeoutError */ .MU((0,_sentence_js__WEBPACK_IMPORTED_MODULE_2__/* .sentenceOf */ .$)(`${what} did not happen within ${waited} s; last seen: ${result.detail}`));
            }
            // The last probe lands on the deadline, so the time said in the error is the time waited.
            await sleep(Math.min(delay, left));
            delay = Math.min(delay * 2, maxMs);
        }
    }
}


/***/ })

};
