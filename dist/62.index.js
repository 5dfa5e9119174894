export const id = 62;
export const ids = [62];
export const modules = {

/***/ 5062:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OvhBackend: () => (/* binding */ OvhBackend),
  createOvh: () => (/* binding */ createOvh)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/plan-lines.ts
var plan_lines = __webpack_require__(44478);
// EXTERNAL MODULE: ./src/platform/log.ts
var log = __webpack_require__(74425);
// EXTERNAL MODULE: ./src/platform/secrets.ts
var secrets = __webpack_require__(79002);
// EXTERNAL MODULE: ./src/backends/ovh/api.ts + 1 modules
var api = __webpack_require__(63918);
// EXTERNAL MODULE: ./src/backends/ovh/api-clock.ts
var api_clock = __webpack_require__(25670);
// EXTERNAL MODULE: ./src/backends/ovh/client.ts
var client = __webpack_require__(55506);
// EXTERNAL MODULE: ./src/backends/ovh/lease.ts
var lease = __webpack_require__(57267);
;// CONCATENATED MODULE: ./src/backends/ovh/paths.ts
/** The IPLB API paths bluegreen calls, in one place so plans print exactly what is sent. */
class IplbPaths {
    protocol;
    base;
    constructor(service, protocol) {
        this.protocol = protocol;
        this.base = `/ipLoadbalancing/${encodeURIComponent(service)}`;
    }
    /** The Load Balancer service itself (GET/PUT /ipLoadbalancing/{serviceName}). */
    service() {
        return this.base;
    }
    frontend(id) {
        return `${this.base}/${this.protocol}/frontend/${id}`;
    }
    farm(id) {
        return `${this.base}/${this.protocol}/farm/${id}`;
    }
    servers(farmId) {
        return `${this.farm(farmId)}/server`;
    }
    server(farmId, serverId) {
        return `${this.servers(farmId)}/${serverId}`;
    }
    refresh() {
        return `${this.base}/refresh`;
    }
    tasks() {
        return `${this.base}/task`;
    }
    task(id) {
        return `${this.base}/task/${id}`;
    }
    pendingChanges() {
        return `${this.base}/pendingChanges`;
    }
}

// EXTERNAL MODULE: ./src/wait.ts
var wait = __webpack_require__(40910);
;// CONCATENATED MODULE: ./src/backends/ovh/refresh.ts


/**
 * OVH stages frontend and farm changes; nothing reaches traffic until POST /refresh creates a
 * refreshIplb task and that task is done. These helpers send and follow such tasks.
 */
/** First and longest pause between two looks at a task: refreshes take seconds to minutes. */
const TASK_POLL = { initialMs: 250, maxMs: 5_000 };
/** Statuses a task never leaves. "blocked" waits for OVH's staff, not for time: it is not waited on either. */
const FINAL = ["done", "error", "cancelled", "blocked"];
/** A refresh that ended in error, cancelled or blocked. */
class RefreshFailedError extends errors/* RouterError */.KJ {
    task;
    constructor(task) {
        super(`the refresh task ${task.id} ended in ${task.status}`);
        this.task = task;
    }
}
/**
 * refreshIplb tasks still todo or doing. The list (filtered by one status per call) can lag behind
 * the task itself: a task it still returns may read `done` when fetched. So every listed task is
 * fetched, and only what the task itself says counts; one that is gone (404) is over too.
 */
async function activeRefreshTasks(api, paths) {
    const ids = (await Promise.all(["todo", "doing"].map((status) => api.get(paths.tasks(), { action: "refreshIplb", status })))).flat();
    const tasks = await Promise.all([...new Set(ids)].map((id) => api.get(paths.task(id)).catch((error) => {
        if (error instanceof errors/* RouterError */.KJ && error.status === 404)
            return undefined;
        throw error;
    })));
    return tasks.filter((task) => task !== undefined && !FINAL.includes(task.status));
}
/**
 * Waits until no refresh is todo or doing, as OVH's Terraform provider does before its own: a
 * refresh started by someone else while we stage changes could deploy half of them. Each look
 * re-fetches every listed task (see activeRefreshTasks); a refused read (403...) fails at once.
 */
async function waitForIdleRefresh(api, paths, timeoutMs, check = () => { }) {
    await (0,wait/* pollUntil */.g)("the end of the refresh already running on the Load Balancer", timeoutMs, async () => {
        check();
        const tasks = await activeRefreshTasks(api, paths);
        return { done: tasks.length === 0, detail: tasks.map((t) => `task ${t.id} ${t.status}`).join(", ") };
    }, TASK_POLL.initialMs, TASK_POLL.maxMs);
}
/** POST /refresh: asks OVH to apply the staged configuration; answers the refreshIplb task. */
async function postRefresh(api, paths) {
    const created = await api.post(paths.refresh());
    if (typeof created?.id !== "number")
        throw new errors/* RouterError */.KJ(`OVH API POST ${paths.refresh()} answered no task: ${JSON.stringify(created)}`);
    return created;
}
/**
 * Polls one task by id until it is final. Only what can heal is waited for: a task in todo or
 * doing. A 404 or 403 on the task is an answer, not a delay, and fails at once with OVH's reason.
 * `check` runs before each look (a cancelled run stops waiting).
 */
async function waitForTask(api, paths, id, timeoutMs, check = () => { }) {
    const result = await (0,wait/* pollUntil */.g)(`the end of refresh task ${id}`, timeoutMs, async () => {
        check();
        const task = await api.get(paths.task(id));
        if (task.status !== "done" && FINAL.includes(task.status))
            throw new RefreshFailedError(task);
        return {
            done: task.status === "done",
            detail: `task ${id} ${task.status}${task.progress !== undefined ? ` (${task.progress}%)` : ""}`,
            task,
        };
    }, TASK_POLL.initialMs, TASK_POLL.maxMs);
    return result.task;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/backends/ovh/servers.ts


async function readFarms(api, paths, farmIds, input) {
    return Promise.all([...new Set(farmIds)].map(async (farmId) => {
        let farm;
        try {
            farm = await api.get(paths.farm(farmId));
        }
        catch (error) {
            if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
                throw new errors/* InputError */.dz(input, `the Load Balancer has no farm ${farmId} (${error.message}); check the ids and ovh-protocol.`);
            }
            throw error;
        }
        const ids = await api.get(paths.servers(farmId));
        const servers = await Promise.all(ids.map((id) => api.get(paths.server(farmId, id))));
        return { farm, servers: servers.sort((a, b) => a.serverId - b.serverId) };
    }));
}
/**
 * A server takes traffic safely when it is "active" and every Load Balancer instance that checks
 * it reports it UP. HAProxy's "no check" (probe off) counts as up, as in the haproxy backend: the
 * Load Balancer sends it traffic and knows nothing better. UDP servers have no checks at all.
 */
function serverHealth(server, protocol) {
    const name = `server ${server.serverId} ${endpointOf(server)}`;
    if (server.status !== "active")
        return { ready: false, detail: `${name} is ${server.status}` };
    if (protocol === "udp")
        return { ready: true, detail: `${name} active` };
    const states = server.serverState ?? [];
    if (states.length === 0) {
        // Probe off: nothing will ever report; probe on: no check result yet (new server, refresh pending).
        return server.probe === false
            ? { ready: true, detail: `${name} active (no probe)` }
            : { ready: false, detail: `${name} has no health check result yet` };
    }
    const bad = states.filter((state) => !isUp(state.status));
    if (bad.length > 0) {
        const why = bad
            .map((s) => `instance ${s.instanceId ?? "?"} ${s.status ?? "unknown"}${s.checkStatus ? ` (${s.checkStatus})` : ""}`)
            .join(", ");
        return { ready: false, detail: `${name}: ${why}` };
    }
    return { ready: true, detail: `${name} UP on ${states.length} instance${states.length > 1 ? "s" : ""}` };
}
function isUp(status) {
    const text = (status ?? "").trim().toUpperCase();
    // "UP 1/3" is a server going down (failing checks), not a healthy one.
    return text === "UP" || text === "NO CHECK";
}
/**
 * The Load Balancer's view, and where each server takes traffic: its checks lag a restart as
 * HAProxy's do (it is HAProxy underneath), so the mode checks the servers themselves too.
 */
function readinessOf(farms, protocol) {
    const servers = farms.flatMap((view) => view.servers);
    const ids = farms.map((view) => view.farm.farmId).join(", ");
    if (servers.length === 0)
        return { ready: false, summary: `farm ${ids} has no servers` };
    const health = servers.map((server) => serverHealth(server, protocol));
    const ready = health.filter((h) => h.ready).length;
    const notReady = health.filter((h) => !h.ready).map((h) => h.detail);
    const summary = `${ready}/${servers.length} servers of farm ${ids} ready${notReady.length ? ` (${notReady.join("; ")})` : ""}`;
    if (ready !== servers.length)
        return { ready: false, summary };
    // UDP has no answer to wait for: the Load Balancer's view (status active) is all there is.
    if (protocol === "udp")
        return { ready: true, summary: `${summary} (UDP: not checked directly)` };
    const endpoints = probeEndpointsOf(farms, protocol);
    const portless = servers.length - endpoints.length;
    if (portless > 0) {
        return {
            ready: false,
            summary: `${summary}, but ${portless} of them have no port (neither theirs nor their farm's), so bluegreen cannot check them`,
        };
    }
    return { ready: true, summary, endpoints };
}
/** Each server at its address and port (its own, or its farm's): HTTP(S) for HTTP farms, a bare connection for TCP ones. */
function probeEndpointsOf(farms, protocol) {
    return farms.flatMap((view) => view.servers.flatMap((server) => {
        const port = server.port ?? view.farm.port;
        if (port == null)
            return [];
        const kind = protocol === "tcp" ? "tcp" : server.ssl ? "https" : "http";
        return [{ name: `server ${server.serverId}`, host: server.address, port, protocol: kind }];
    }));
}
/** `address:port`, the server's port or else the farm's (a server without one uses its farm's). */
function targetsOf(farms) {
    return farms.flatMap((view) => view.servers.map((server) => endpointOf(server, view.farm)));
}
/**
 * Farm ids plus a short digest of the servers (ids, addresses, ports), so it fits the ledger in a
 * display name: any server added, removed or moved changes it.
 */
function fingerprintOf(farms) {
    const servers = farms
        .flatMap((view) => view.servers.map((server) => `${view.farm.farmId}/${server.serverId}=${endpointOf(server, view.farm)}`))
        .sort()
        .join(",");
    const digest = (0,external_node_crypto_.createHash)("sha256").update(servers).digest("hex").slice(0, 12);
    const count = farms.reduce((n, view) => n + view.servers.length, 0);
    return `farms ${farms.map((view) => view.farm.farmId).join(",")} ${count} servers #${digest}`;
}
function endpointOf(server, farm) {
    const port = server.port ?? farm?.port;
    const host = server.address.includes(":") ? `[${server.address}]` : server.address;
    return port == null ? server.address : `${host}:${port}`;
}

// EXTERNAL MODULE: ./src/colors.ts
var colors = __webpack_require__(36411);
// EXTERNAL MODULE: ./src/ledger.ts
var ledger = __webpack_require__(58730);
;// CONCATENATED MODULE: ./src/backends/ovh/display-name.ts
/**
 * OVH frontends have no annotations, so bluegreen keeps its ledger in the first production
 * frontend's displayName, after the user's own name: `www [bg:live=green&previous=blue...]`.
 * The name is "for you" in OVH's words (no effect on traffic), survives between jobs, and is
 * written in the same PUT as that frontend's defaultFarmId, so routing and record move together.
 */
const LEDGER_SUFFIX = /\s*\[bg:([^\]]*)\]\s*$/;
function splitDisplayName(name) {
    const text = name ?? "";
    const match = LEDGER_SUFFIX.exec(text);
    if (!match)
        return { userName: text, ledgerText: "" };
    return { userName: text.slice(0, match.index), ledgerText: match[1] };
}
/** encodeLedger() output never holds "[" or "]" (URLSearchParams escapes them), so the suffix parses back. */
function joinDisplayName(userName, ledgerText) {
    if (ledgerText === "")
        return userName;
    return userName === "" ? `[bg:${ledgerText}]` : `${userName} [bg:${ledgerText}]`;
}

;// CONCATENATED MODULE: ./src/backends/ovh/state.ts





/** Reads every configured frontend. Never changes anything. */
async function readSnapshot(api, paths, options) {
    const read = (id, input) => api.get(paths.frontend(id)).catch((error) => {
        if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
            throw new errors/* InputError */.dz(input, `the Load Balancer ${options.service} has no ${options.protocol} frontend ${id} (${error.message}); check the ids and ovh-protocol.`);
        }
        throw error;
    });
    const [production, preview] = await Promise.all([
        Promise.all(options.frontends.map((id) => read(id, "ovh-frontends"))),
        Promise.all(options.previewFrontends.map((id) => read(id, "ovh-preview-frontends"))),
    ]);
    const productionColors = production.map((frontend, i) => colorAt(options, frontend, i, "ovh-frontends"));
    const previewColors = preview.map((frontend, i) => {
        if (frontend.defaultFarmId == null)
            return undefined; // prepare points it at the idle color
        return colorAt(options, frontend, i, "ovh-preview-frontends");
    });
    const { userName, ledgerText } = splitDisplayName(production[0].displayName);
    return { production, preview, productionColors, previewColors, userName, ledgerText, revision: revisionOf(production, preview) };
}
/**
 * The routing objects' version: every configured frontend's farm plus the ledger. OVH has no
 * version field on a frontend, so this is compared by value before any write.
 */
function revisionOf(production, preview) {
    const farms = (frontends) => frontends.map((f) => `${f.frontendId}:${f.defaultFarmId ?? "-"}`).join(",");
    return `production=${farms(production)} preview=${farms(preview)} ledger=${splitDisplayName(production[0]?.displayName).ledgerText}`;
}
function colorOfFarm(options, farmId) {
    if (farmId == null)
        return undefined;
    return colors/* COLORS */.lm.find((color) => options.farms[color].includes(farmId));
}
/**
 * The color of frontend i, whose farm must be farm i of that color: the lists pair by position, so
 * a farm found at another position means a list in the wrong order, and a switch would send the
 * frontend to the farm of another port.
 */
function colorAt(options, frontend, i, input) {
    const farmId = frontend.defaultFarmId;
    const color = colors/* COLORS */.lm.find((c) => options.farms[c][i] === farmId);
    if (color)
        return color;
    const where = `frontend ${frontend.frontendId} (port ${frontend.port}), number ${i + 1} in ${input}`;
    if (farmId == null) {
        throw new errors/* InputError */.dz(input, `${where} has no default farm; point it at its blue or green farm (number ${i + 1} in ovh-blue-farms or ovh-green-farms).`);
    }
    const listed = colors/* COLORS */.lm.find((c) => options.farms[c].includes(farmId));
    if (listed) {
        const position = options.farms[listed].indexOf(farmId) + 1;
        throw new errors/* InputError */.dz(`ovh-${listed}-farms`, `${where}, sends traffic to farm ${farmId}, which is number ${position} in ovh-${listed}-farms (${options.farms[listed].join(",")}); list the farms in the order of ${input}: farm i serves frontend i.`);
    }
    throw new errors/* InputError */.dz("ovh-blue-farms", `${where}, sends traffic to farm ${farmId}, which is in neither ovh-blue-farms (${options.farms.blue.join(",")}) nor ovh-green-farms (${options.farms.green.join(",")}); list its farm under the right color.`);
}
/**
 * Reads the Load Balancer service itself (GET /ipLoadbalancing/{serviceName}) first: a 404 there
 * is a wrong ovh-service, not a wrong frontend id.
 */
async function readService(api, paths, options) {
    try {
        return await api.get(paths.service());
    }
    catch (error) {
        if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
            throw new errors/* InputError */.dz("ovh-service", `the OVH API knows no Load Balancer "${options.service}" for these credentials (${error.message}); use the serviceName shown in the control panel (loadbalancer-...), and check ovh-endpoint.`);
        }
        throw error;
    }
}
/**
 * The farms of both colors pair by position with the frontends: blue farm i and green farm i
 * take frontend i's traffic in turn, so where both give a port, the ports must agree. Listing
 * one color's farms in another order (green 443 paired with port 80) would switch a port to
 * the wrong farm: refused before any change.
 */
async function checkFarmPairs(api, paths, options) {
    const read = (id, input) => api.get(paths.farm(id)).catch((error) => {
        if (error instanceof errors/* RouterError */.KJ && error.status === 404) {
            throw new errors/* InputError */.dz(input, `the Load Balancer has no ${options.protocol} farm ${id} (${error.message}); check the ids and ovh-protocol.`);
        }
        throw error;
    });
    const [blue, green] = await Promise.all(colors/* COLORS */.lm.map((color) => Promise.all(options.farms[color].map((id) => read(id, `ovh-${color}-farms`)))));
    blue.forEach((blueFarm, i) => {
        const greenFarm = green[i];
        if (blueFarm.port != null && greenFarm.port != null && blueFarm.port !== greenFarm.port) {
            throw new errors/* InputError */.dz("ovh-green-farms", `green farm ${greenFarm.farmId} (port ${greenFarm.port}) is paired with blue farm ${blueFarm.farmId} (port ${blueFarm.port}) for frontend ${options.frontends[i]}; allowed: farms listed in the order of ovh-frontends, so that farm i of each color serves the same port (ovh-blue-farms ${options.farms.blue.join(",")}, ovh-green-farms ${options.farms.green.join(",")}).`);
        }
    });
}
/**
 * True when what the Load Balancer serves may differ from its configuration: changes wait for a
 * refresh, or a refresh is still running (a switch killed between its PUTs and the end of its
 * refresh leaves exactly this).
 */
function unapplied(activity) {
    return (activity.pending ?? 0) > 0 || (activity.active?.length ?? 0) > 0;
}
/** Best effort: a consumer key may not grant these reads, and they only inform. */
async function readActivity(api, paths) {
    const warnings = [];
    const optionalRead = async (what) => {
        try {
            return await what();
        }
        catch (error) {
            if (error instanceof errors/* RouterError */.KJ && (error.status === 403 || error.status === 404))
                return undefined;
            throw error;
        }
    };
    const [tasks, pending] = await Promise.all([
        optionalRead(() => activeRefreshTasks(api, paths)),
        optionalRead(() => api.get(paths.pendingChanges())),
    ]);
    const waiting = (pending ?? []).filter((p) => p.number > 0);
    const pendingText = waiting.map((p) => `${p.zone}: ${p.number}`).join(", ");
    if (waiting.length > 0) {
        warnings.push(`The Load Balancer has configuration changes that no refresh applied yet (${pendingText}), maybe from a switch that was interrupted: what it serves may differ from what its frontends say.`);
    }
    if (tasks && tasks.length > 0) {
        warnings.push(`A refresh of the Load Balancer is under way (${tasks.map((t) => `task ${t.id} ${t.status}`).join(", ")}); a switch waits until it ends.`);
    }
    if (pending === undefined) {
        warnings.push("The consumer key may not read /pendingChanges: bluegreen cannot tell whether the Load Balancer runs its configuration.");
    }
    return {
        refreshTasks: tasks === undefined ? "unknown (not granted)" : tasks.map((t) => `${t.id} ${t.status}`).join(", ") || "none",
        pendingChanges: pending === undefined ? "unknown (not granted)" : pendingText || "none",
        ...(tasks ? { active: tasks } : {}),
        ...(pending ? { pending: pending.reduce((sum, p) => sum + Math.max(p.number, 0), 0) } : {}),
        warnings,
    };
}
function stateOf(snapshot, activity, options, lock, traffic) {
    const warnings = [...activity.warnings];
    const live = snapshot.productionColors[0];
    const disagree = snapshot.productionColors.some((color) => color !== live);
    // Configured but not (surely) applied counts as split: a promote or rollback with nothing else to do
    // then refreshes, instead of calling "already live" a switch the data plane never made.
    const split = disagree || unapplied(activity);
    if (disagree) {
        warnings.push(`The production frontends disagree (${describeFrontends(snapshot.production, snapshot.productionColors)}), maybe after an interrupted switch; reporting ${live} (frontend ${snapshot.production[0]?.frontendId}'s). A promote or rollback moves them all to one color.`);
    }
    const known = snapshot.previewColors.filter((c) => c !== undefined);
    const preview = known[0];
    if (known.length > 0 && (known.length !== snapshot.previewColors.length || known.some((c) => c !== preview))) {
        warnings.push(`The preview frontends disagree (${describeFrontends(snapshot.preview, snapshot.previewColors)}); prepare points them all at the idle color.`);
    }
    else if (snapshot.preview.length > 0 && preview === undefined) {
        warnings.push("The preview frontends have no default farm yet; prepare points them at the idle color.");
    }
    const details = { "load balancer": `${options.service} (${options.protocol})` };
    snapshot.production.forEach((f, i) => {
        details[`frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.productionColors[i]);
    });
    snapshot.preview.forEach((f, i) => {
        details[`preview frontend ${f.frontendId} (port ${f.port})`] = farmText(f, snapshot.previewColors[i]);
    });
    details["refresh tasks running"] = activity.refreshTasks;
    details["changes waiting for a refresh"] = activity.pendingChanges;
    details["bluegreen lock"] = lock;
    return {
        live,
        ...(preview ? { preview } : {}),
        ledger: (0,ledger/* decodeLedger */.iN)(snapshot.ledgerText),
        revision: snapshot.revision,
        details,
        warnings,
        split,
        ...(traffic ? { traffic } : {}),
    };
}
function farmText(frontend, color) {
    return frontend.defaultFarmId == null ? "no farm" : `${color} (farm ${frontend.defaultFarmId})`;
}
function describeFrontends(frontends, colors) {
    return frontends.map((f, i) => `${f.frontendId} port ${f.port} -> ${farmText(f, colors[i])}`).join("; ");
}

;// CONCATENATED MODULE: ./src/backends/ovh/service-cell.ts

/**
 * The Load Balancer's lease cell: the end of the service's displayName, after the user's own name:
 * `my-lb [bg-lock:owner=1a2b...&until=1767225600&host=...&pid=...]`. That field is "for you" in
 * OVH's words: no part of the configuration a refresh deploys, so taking the lock neither touches
 * traffic nor leaves a pending change.
 */
const LEASE_SUFFIX = /\s*\[bg-lock:([^\]]*)\]\s*$/;
function splitServiceName(name) {
    const text = name ?? "";
    const match = LEASE_SUFFIX.exec(text);
    if (!match)
        return { userName: text, leaseText: "" };
    return { userName: text.slice(0, match.index), leaseText: match[1] };
}
/** The lease text is URL-encoded (no "[" or "]"), so the suffix parses back. */
function joinServiceName(userName, leaseText) {
    if (leaseText === "")
        return userName;
    return userName === "" ? `[bg-lock:${leaseText}]` : `${userName} [bg-lock:${leaseText}]`;
}
class ServiceNameCell {
    api;
    paths;
    options;
    subject;
    place;
    /** The service as last read (its state is reported). */
    service;
    /** The user's part of the name as last read, written back with every lease. */
    userName = "";
    constructor(api, paths, options) {
        this.api = api;
        this.paths = paths;
        this.options = options;
        this.subject = `the Load Balancer ${options.service}`;
        this.place = `a lease in ${paths.service()}'s displayName`;
    }
    async read() {
        // readService blames ovh-service for a 404: the service is the first thing a run reads.
        const service = await readService(this.api, this.paths, this.options);
        this.service = service;
        const { userName, leaseText } = splitServiceName(service.displayName);
        this.userName = userName;
        return leaseText;
    }
    write(text) {
        return this.api.put(this.paths.service(), { displayName: joinServiceName(this.userName, text) });
    }
}

;// CONCATENATED MODULE: ./src/backends/ovh/switch.ts






/**
 * The PUTs that turn the frontends into `change`: production frontends only when production really
 * moves (so prepare and test never "repair" production behind the user's back: frontends that
 * disagree are repaired only by a promote or rollback), preview frontends to the preview color, and
 * the ledger in the first production frontend's displayName.
 */
function planWrites(frontends, change, state, options) {
    const writes = [];
    const ledgerName = joinDisplayName(frontends.userName, (0,ledger/* encodeLedger */.KX)(change.ledger));
    const plan = (role, frontend, farmId, withLedger) => {
        const body = {};
        const undo = {};
        if (farmId !== undefined && frontend.defaultFarmId !== farmId) {
            body.defaultFarmId = farmId;
            // The client drops null values, so "no farm" cannot be written back; a preview frontend without a farm keeps its new one.
            if (frontend.defaultFarmId != null)
                undo.defaultFarmId = frontend.defaultFarmId;
        }
        if (withLedger && (frontend.displayName ?? "") !== ledgerName) {
            body.displayName = ledgerName;
            undo.displayName = frontend.displayName ?? "";
        }
        if (Object.keys(body).length > 0)
            writes.push({ role, frontend, body, undo });
    };
    const moveProduction = change.live !== state.live || change.repair === true;
    frontends.production.forEach((frontend, i) => {
        plan("production", frontend, moveProduction ? options.farms[change.live][i] : undefined, i === 0);
    });
    frontends.preview.forEach((frontend, i) => {
        plan("preview", frontend, options.farms[change.preview][i], false);
    });
    return writes;
}
function routingChanges(writes) {
    return writes.some((write) => write.body.defaultFarmId !== undefined);
}
function describeWrite(paths, write, colorOf) {
    const { frontend, body } = write;
    const put = `PUT ${paths.frontend(frontend.frontendId)} ${JSON.stringify(body)}`;
    const what = body.defaultFarmId === undefined
        ? "bluegreen's ledger in its displayName"
        : `${frontend.defaultFarmId == null ? "no farm" : `${colorOf(frontend.defaultFarmId)} farm ${frontend.defaultFarmId}`} -> ${colorOf(body.defaultFarmId)} farm ${body.defaultFarmId}`;
    return `${put} (${write.role} frontend, port ${frontend.port}: ${what})`;
}
/** Time left before the deadline, and never less than `floorMs` (a put-back's refresh deserves a look). */
function left(ctx, floorMs = 0) {
    return Math.max(ctx.deadline - Date.now(), floorMs);
}
/** The production colors the configuration names, kept up to date as PUTs land. */
class Staged {
    ctx;
    colors;
    constructor(ctx) {
        this.ctx = ctx;
        this.colors = [...ctx.production.colors];
    }
    wrote(frontendId, body) {
        const i = this.ctx.production.ids.indexOf(frontendId);
        const color = this.ctx.colorOf(body.defaultFarmId);
        if (i >= 0 && color)
            this.colors[i] = color;
    }
}
/**
 * Stages every PUT, applies them with one refresh, waits for the task and reads the frontends back.
 * The caller holds the lease and has waited for any running refresh. `mustRefresh`: refresh even
 * with nothing to write (changes an interrupted switch left unapplied). A displayName-only change
 * is refreshed too when the API counts it as pending, so bluegreen never leaves a change unapplied
 * (the next run would rightly take it for an interrupted switch). On a failure part-way, puts back
 * what was already changed and refreshes; the error says what failed and what was done, and the
 * router read again says where production is (modes/switch.ts). A run cancelled or without its
 * lease writes nothing more, not even a put-back: the next promote or rollback settles it.
 */
async function applyWrites(ctx, writes, mustRefresh = false) {
    if (writes.length === 0 && !mustRefresh)
        return;
    const routing = routingChanges(writes);
    const staged = new Staged(ctx);
    const done = [];
    let step = "";
    let taskCreated = false;
    try {
        for (const write of writes) {
            step = `PUT frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
            await ctx.held.guard(() => ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.body }));
            done.push(write);
            staged.wrote(write.frontend.frontendId, write.body);
        }
        step = `GET ${ctx.paths.pendingChanges()}`;
        if (!mustRefresh && !routing && !(await changesPending(ctx.api, ctx.paths)))
            return;
        step = `POST ${ctx.paths.refresh()}`;
        const created = await ctx.held.guard(() => postRefresh(ctx.api, ctx.paths));
        ctx.view.started(created.id, staged.colors);
        // From here the Load Balancer may run part of the new configuration, whatever the task ends in.
        taskCreated = true;
        step = `refresh task ${created.id}`;
        const task = await waitForTask(ctx.api, ctx.paths, created.id, left(ctx), () => ctx.held.check());
        ctx.view.ended(task);
        log/* log */.Rm.info(`Refresh task ${task.id} done: the Load Balancer runs its configuration${routing ? ", and the frontends send traffic to the new farms" : ""}.`);
    }
    catch (error) {
        if (error instanceof RefreshFailedError)
            ctx.view.ended(error.task);
        if (error instanceof lease/* LeaseStopped */.EG)
            throw stopped(error, step, done);
        const what = error instanceof RefreshFailedError
            ? `The switch to the new farms failed: ${step} ended in ${error.task.status}`
            : `The switch stopped at ${step}: ${messageOf(error)}`;
        // putBack ends `what` with its own full stop: an API message that has one keeps only one.
        throw await putBack(ctx, staged, done, what.replace(/\.$/, ""), taskCreated);
    }
    await switch_confirm(ctx, writes);
}
/** A switch that stopped writing under a cancel or a lost lease: what it had written, nothing put back. */
function stopped(error, step, done) {
    const written = done.length === 0
        ? "before any PUT"
        : `at ${step}, after PUT ${done.map((write) => `frontend ${write.frontend.frontendId}`).join(", ")} (not put back)`;
    return new lease/* LeaseStopped */.EG(`${error.message.replace(/\.$/, "")}; the switch stopped ${written}.`, error.reason);
}
/** Does the API hold configuration changes no refresh applied? Unknown (not granted) counts as yes. */
async function changesPending(api, paths) {
    try {
        const pending = await api.get(paths.pendingChanges());
        return pending.some((zone) => zone.number > 0);
    }
    catch (error) {
        if (error instanceof errors/* RouterError */.KJ && (error.status === 403 || error.status === 404))
            return true;
        throw error;
    }
}
/** Reads the written frontends back: the switch counts only when OVH says so. */
async function switch_confirm(ctx, writes) {
    for (const write of writes) {
        const now = await ctx.api.get(ctx.paths.frontend(write.frontend.frontendId));
        const expected = write.body.defaultFarmId;
        if (expected !== undefined && now.defaultFarmId !== expected) {
            throw new errors/* RouterError */.KJ(`After the refresh, frontend ${write.frontend.frontendId} (port ${write.frontend.port}) reads farm ${now.defaultFarmId ?? "none"}, not ${expected} as written: someone changed it meanwhile.`);
        }
    }
}
/**
 * Undoes the PUTs in `done` (newest first), then refreshes so the Load Balancer runs the old
 * configuration again. Returns the error to throw: what failed and what was put back and refreshed.
 * Where production is then is said once, by the caller, from the router read again.
 */
async function putBack(ctx, staged, done, failure, taskCreated) {
    const routingDone = done.filter((write) => write.body.defaultFarmId !== undefined);
    if (done.length === 0)
        return new errors/* RouterError */.KJ(`${failure}. Nothing had been changed.`);
    const restored = [];
    const notRestored = [];
    for (const write of [...done].reverse()) {
        const name = `frontend ${write.frontend.frontendId} (port ${write.frontend.port})`;
        if (Object.keys(write.undo).length === 0) {
            restored.push(`${name} keeps farm ${write.body.defaultFarmId} (it had none, and the API cannot unset one)`);
            continue;
        }
        try {
            await ctx.held.guard(() => ctx.api.put(ctx.paths.frontend(write.frontend.frontendId), { ...write.undo }));
            staged.wrote(write.frontend.frontendId, write.undo);
            const farm = write.undo.defaultFarmId !== undefined ? ` to farm ${write.undo.defaultFarmId}` : "";
            const ledger = write.undo.displayName !== undefined ? `${farm ? " with" : ""} its previous displayName` : "";
            restored.push(`${name}${farm}${ledger}`);
        }
        catch (error) {
            notRestored.push(`${name}: ${messageOf(error)}`);
            if (error instanceof lease/* LeaseStopped */.EG)
                break;
        }
    }
    const putBackText = restored.length > 0 ? ` Put back: ${restored.reverse().join(", ")}.` : "";
    if (notRestored.length > 0) {
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} Could NOT put back ${notRestored.join("; ")}: the configuration still holds part of the switch, and the next refresh would apply it; run rollback or promote again to make the frontends agree.`);
    }
    // Only a displayName was written and put back: refresh only if that left something pending.
    const pending = routingDone.length > 0 || (await changesPending(ctx.api, ctx.paths).catch(() => true));
    if (!pending)
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} No farm had been changed.`);
    const never = taskCreated ? "" : "; the switch had never been applied";
    try {
        const created = await ctx.held.guard(() => postRefresh(ctx.api, ctx.paths));
        ctx.view.started(created.id, staged.colors);
        const task = await waitForTask(ctx.api, ctx.paths, created.id, left(ctx, PUT_BACK_WAIT_MS), () => ctx.held.check());
        ctx.view.ended(task);
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} Refreshed (task ${task.id} done${never}).`);
    }
    catch (error) {
        if (error instanceof RefreshFailedError)
            ctx.view.ended(error.task);
        return new errors/* RouterError */.KJ(`${failure}.${putBackText} The refresh to apply that did not end well either: ${messageOf(error).replace(/\.?$/, ".")}`);
    }
}
/** The least a put-back's refresh is waited for, even when the step's timeout is spent. */
const PUT_BACK_WAIT_MS = 5_000;
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The describe() line for the refresh a switch sends. */
function describeRefresh(paths, timeoutSeconds) {
    return [
        `wait until no refreshIplb task is todo or doing (GET ${paths.tasks()}?action=refreshIplb&status=todo, then status=doing, then each task by id)`,
        `POST ${paths.refresh()}, then poll GET ${paths.tasks()}/{id} until done (at most ${timeoutSeconds} s; error, cancelled or blocked puts every frontend back)`,
        "read the frontends back to confirm",
    ];
}

;// CONCATENATED MODULE: ./src/backends/ovh/traffic.ts
/**
 * Where production traffic is, for an IP Load Balancer whose configuration is not (surely) what it
 * runs. The data plane serves what the last completed refresh applied; a refresh task deploys the
 * configuration as it was when the task was created, and one that ends in error, cancelled or
 * blocked applies nothing. OVH's API shows the configuration, a count of changes waiting for a
 * refresh and the tasks under way, but not what is applied: that is known only from a moment when
 * nothing waited (then it is the configuration) and from the refresh tasks this run started since.
 */
class AppliedView {
    /** Production frontends' colors as the data plane runs them; undefined until known. */
    applied;
    /** Each refresh task this run started, with the production colors it deploys, and whether its end was seen. */
    tasks = new Map();
    /** Nothing waited for a refresh: the Load Balancer runs its configuration. */
    nothingWaits(configured) {
        this.applied = [...configured];
    }
    started(taskId, colors) {
        this.tasks.set(taskId, { colors: [...colors], ended: false });
    }
    /** A task of this run reached a final status: done applied its configuration, anything else applied nothing. */
    ended(task) {
        const known = this.tasks.get(task.id);
        if (!known || known.ended)
            return;
        known.ended = true;
        if (task.status === "done")
            this.applied = [...known.colors];
    }
    /** A task of this run that can no longer be read: what the Load Balancer runs is no longer known. */
    lost(taskId) {
        const known = this.tasks.get(taskId);
        if (known)
            known.ended = true;
        this.applied = undefined;
    }
    /** This run's tasks whose end it has not seen, oldest first. */
    unsettled() {
        return [...this.tasks.entries()]
            .filter(([, task]) => !task.ended)
            .map(([id]) => id)
            .sort((a, b) => a - b);
    }
    /** The production colors a task of this run deploys; undefined for another's. */
    deploys(taskId) {
        return this.tasks.get(taskId)?.colors;
    }
}
/**
 * One sentence: where production is now and what it becomes when the refresh tasks under way end,
 * or that it cannot be known and why. Undefined when the configuration is simply what runs (no
 * change waits, no refresh runs): "production is on <live>" then says it all.
 */
function describeTraffic(facts) {
    const { configured, pending, view } = facts;
    const running = [...(facts.active ?? [])].sort((a, b) => a.id - b.id);
    if (pending === 0 && running.length === 0)
        return undefined;
    const on = (colors) => placeOf(colors, facts.frontends);
    const tasks = namesOf(running);
    const plural = running.length > 1;
    if (pending === 0) {
        // Nothing waits: the tasks under way deploy what already runs.
        return `Production is ${on(configured)}; ${tasks}, still running, ${plural ? "keep" : "keeps"} it there (no change waits for a refresh).`;
    }
    const applied = view.applied;
    if (!applied) {
        const why = pending === undefined ? "the consumer key may not read /pendingChanges" : `${pending} change(s) wait for a refresh`;
        return (`Where production is cannot be known: ${why}${running.length > 0 ? ` and ${tasks} ${plural ? "are" : "is"} still running` : ""}, ` +
            `and OVH does not say which changes the Load Balancer already runs; its configuration sends production ${to(on(configured))}. Run promote or rollback to settle it.`);
    }
    const now = `Production is ${on(applied)}`;
    const waiting = (from) => same(configured, from) ? "" : `; its configuration, which waits for another refresh, sends it ${to(on(configured))}`;
    if (running.length === 0) {
        if (same(configured, applied))
            return `${now}; the changes waiting for a refresh do not move it.`;
        return `${now}; its configuration sends it ${to(on(configured))}, which no refresh has applied: run promote or rollback to settle it.`;
    }
    const last = view.deploys(running.at(-1).id);
    if (!last) {
        return `${now}; ${tasks}, still running, ${plural ? "were" : "was"} not started by this run, so what ${plural ? "they apply" : "it applies"} cannot be known (its configuration sends it ${to(on(configured))}).`;
    }
    const verb = same(last, applied)
        ? `${plural ? "keep" : "keeps"} it there`
        : `${plural ? "move" : "moves"} it ${to(on(last))} when ${plural ? "they end" : "it ends"}`;
    return `${now}; ${tasks}, still running, ${verb}${waiting(last)}.`;
}
function same(a, b) {
    return a.length === b.length && a.every((color, i) => color === b[i]);
}
/** "on blue", or "split between colors (port 80 on green, port 443 on blue)". */
function placeOf(colors, frontends) {
    const first = colors[0];
    if (colors.every((color) => color === first))
        return `on ${first}`;
    return `split between colors (${colors.map((color, i) => `port ${frontends[i]?.port ?? "?"} on ${color}`).join(", ")})`;
}
/** "on blue" -> "to blue"; a split -> "to a split (port 80 to green, port 443 to blue)". */
function to(place) {
    if (place.startsWith("on "))
        return `to ${place.slice(3)}`;
    return place.replace(/^split between colors \((.*)\)$/, (_, ports) => `to a split (${ports.replaceAll(" on ", " to ")})`);
}
function namesOf(tasks) {
    const ids = tasks.map((task) => task.id);
    if (ids.length <= 1)
        return `refresh task ${ids[0]}`;
    return `refresh tasks ${ids.slice(0, -1).join(", ")} and ${ids.at(-1)}`;
}

;// CONCATENATED MODULE: ./src/backends/ovh/index.ts















/**
 * OVHcloud IP Load Balancer: each color is a set of farms (one per port), production and preview
 * frontends point at them through defaultFarmId, and a refresh task makes changes take effect.
 */
async function createOvh(options, run) {
    let requester;
    try {
        requester = await (0,client/* createOvhRequester */.u)(options);
    }
    catch (error) {
        // The client's constructor checks its parameters; its message never holds a secret, but redact anyway.
        throw new errors/* RouterError */.KJ((0,secrets/* redact */.E$)(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
    }
    const backend = new OvhBackend(options, new api/* OvhApi */.SM(requester), run.timeoutSeconds);
    return { router: backend, workload: backend, close: async () => undefined };
}
class OvhBackend {
    options;
    api;
    timeoutSeconds;
    kind = "ipLoadbalancing";
    /** Tests need a test-url, and the API has no request counters; the routing lives in the API, which is what survives. */
    previewRequester = undefined;
    servedRequests = undefined;
    durable = true;
    /** deploy-command puts releases on the farms' servers; the Load Balancer only routes. */
    deploy = undefined;
    scaleDown = undefined;
    runningVersion = undefined;
    servingRestore = undefined;
    /** A switch reaches clients only when the refresh task has deployed it, zone by zone: verify keeps trying. */
    switchesAtOnce = false;
    paths;
    /** Frontends and activity as last read, by revision: describe() is synchronous and must name exact PUTs. */
    snapshots = new Map();
    clock;
    cell;
    lease;
    /** What the Load Balancer runs, as far as this run knows (see traffic.ts). */
    view = new AppliedView();
    /** The farm lists' pairing by port, checked once per run (farm ports do not move under a switch). */
    pairsChecked;
    constructor(options, api, timeoutSeconds) {
        this.options = options;
        this.api = api;
        this.timeoutSeconds = timeoutSeconds;
        this.paths = new IplbPaths(options.service, options.protocol);
        this.clock = new api_clock/* ApiClock */.L(api);
        this.cell = new ServiceNameCell(api, this.paths, options);
        this.lease = new lease/* Lease */.nD(this.cell, () => this.clock.nowSeconds(), api.roundTrips);
    }
    async read() {
        // The service first: if it does not exist, every other path 404s and would blame the wrong input.
        // While another run holds the lock it is switching: wait for the end rather than read it half-way.
        const { text: leaseText, heldByOther } = await this.lease.awaitFree(await this.cell.read(), this.timeoutSeconds * 1000);
        const service = this.cell.service;
        this.pairsChecked ??= checkFarmPairs(this.api, this.paths, this.options);
        const [snapshot, pairs, activity, now] = await Promise.allSettled([
            readSnapshot(this.api, this.paths, this.options),
            this.pairsChecked,
            readActivity(this.api, this.paths),
            this.clock.nowSeconds(),
        ]);
        // Whichever failed first in time, report the frontends' error before the farms', the farms' before the rest.
        for (const result of [snapshot, pairs, activity, now])
            if (result.status === "rejected")
                throw result.reason;
        const read = {
            snapshot: snapshot.value,
            activity: activity.value,
            heldByOther,
        };
        await this.settleOwnTasks(read.activity);
        if (read.activity.pending === 0)
            this.view.nothingWaits(read.snapshot.productionColors);
        const traffic = describeTraffic({
            frontends: read.snapshot.production,
            configured: read.snapshot.productionColors,
            ...(read.activity.pending !== undefined ? { pending: read.activity.pending } : {}),
            ...(read.activity.active ? { active: read.activity.active } : {}),
            view: this.view,
        });
        const lock = this.lease.describe(leaseText, now.value);
        const state = stateOf(read.snapshot, read.activity, this.options, lock, traffic);
        if (service.state && service.state !== "ok")
            state.warnings.push(`The Load Balancer ${this.options.service} is in state ${service.state}, not ok.`);
        if (heldByOther)
            state.warnings.push(`Another bluegreen run still holds the lock (${state.details["bluegreen lock"]}): it may be switching right now.`);
        this.snapshots.set(state.revision, read);
        return state;
    }
    async readiness(color) {
        return readinessOf(await this.farms(color), this.options.protocol);
    }
    async fingerprint(color) {
        return fingerprintOf(await this.farms(color));
    }
    async targets(color) {
        return targetsOf(await this.farms(color));
    }
    plan(change, state, _options) {
        const seen = this.snapshots.get(state.revision);
        return {
            change,
            state,
            seen,
            writes: seen ? planWrites(seen.snapshot, change, state, this.options) : [],
            finish: seen !== undefined && this.finishesSwitch(change, seen.activity),
        };
    }
    describe(plan) {
        const exact = this.exactWrites(plan);
        // A plan that writes nothing says so in plain words already.
        if (plan.seen && plan.writes.length === 0 && !plan.finish)
            return exact;
        // The API calls are details (what the summary leads with); the plain change last, but changes of others that the refresh applies too are not.
        const shown = (line) => (line.startsWith("the refresh also applies") ? line : (0,plan_lines/* detail */._0)(line));
        return [...exact.map(shown), ...(0,plan_lines/* plainChange */.tr)(plan.change, plan.state, `Load Balancer ${this.options.service}`)];
    }
    /** The exact API calls, in order: lock, PUTs with their bodies, refresh, release. */
    exactWrites(plan) {
        const { change, seen: read, writes, finish } = plan;
        const lock = `take bluegreen's lock on ${this.options.service} (${this.cell.place}), re-read the frontends and refuse if they changed`;
        if (!read) {
            // Not read by this backend (should not happen): name the intent without pretending to exact bodies.
            return [
                lock,
                `PUT each production frontend ${this.options.frontends.join(", ")} to ${change.live}'s farms ${this.options.farms[change.live].join(", ")}`,
                ...describeRefresh(this.paths, this.timeoutSeconds),
            ];
        }
        if (writes.length === 0 && !finish)
            return [`no change on the Load Balancer ${this.options.service}: the frontends already match`];
        const lines = writes.map((write) => describeWrite(this.paths, write, (farmId) => colorOfFarm(this.options, farmId)));
        const pending = read.activity.pending
            ? [
                `the refresh also applies the ${read.activity.pending} change(s) already waiting on the Load Balancer (${read.activity.pendingChanges})`,
            ]
            : [];
        const release = `release the lock`;
        if (finish && writes.length === 0)
            return [lock, "no PUT: the frontends already say so", ...describeRefresh(this.paths, this.timeoutSeconds), ...pending, release];
        if (routingChanges(writes) || finish)
            return [lock, ...lines, ...describeRefresh(this.paths, this.timeoutSeconds), ...pending, release];
        return [
            lock,
            ...lines,
            "refresh only if the API counts the new displayName as a pending change (it does not touch traffic, but nothing is left unapplied)",
            release,
        ];
    }
    /** A repair (promote or rollback with nothing else to do) of a Load Balancer whose configuration is not applied: refresh it. */
    finishesSwitch(change, activity) {
        return change.repair === true && unapplied(activity);
    }
    /**
     * Lock, re-read, refuse on any change since `state`, write, refresh, release. The lock makes the
     * re-read and the writes one step for every other bluegreen run, which OVH alone cannot.
     */
    async apply(plan) {
        const { change, state, seen: known } = plan;
        if (known && plan.writes.length === 0 && !plan.finish)
            return;
        const conflict = (now) => new errors/* ConflictError */.fK(`The Load Balancer ${this.options.service} changed since this run read it (another pipeline or a hand edit: was "${state.revision}", now "${now}"); this run changed nothing. Run the step again.`);
        if (known?.heldByOther) {
            throw new errors/* ConflictError */.fK(`Another bluegreen run held the lock on the Load Balancer ${this.options.service} all the while this run read it, so what it read may be half a switch; this run changed nothing. Run the step again.`);
        }
        const timeoutMs = this.timeoutSeconds * 1000;
        const deadline = Date.now() + timeoutMs;
        const expectedWrites = known ? plan.writes.length : this.options.frontends.length * 2;
        const held = await this.lease.acquire({
            deadline,
            timeoutSeconds: this.timeoutSeconds,
            // The least the switch needs, one request after another: each PUT, the refresh and one look at its task.
            reserve: { roundTrips: expectedWrites + 2, what: "switching" },
            stillValid: async () => {
                const now = await readSnapshot(this.api, this.paths, this.options);
                if (now.revision !== state.revision)
                    throw conflict(now.revision);
            },
        });
        try {
            // A refresh running now could deploy half of what we are about to stage: let it end first.
            try {
                await waitForIdleRefresh(this.api, this.paths, Math.max(0, deadline - Date.now()), () => held.check());
            }
            catch (error) {
                if (error instanceof lease/* LeaseStopped */.EG)
                    throw error;
                throw new errors/* RouterError */.KJ(`${error instanceof Error ? error.message : String(error)} Nothing was changed.`);
            }
            const [fresh, activity] = await Promise.all([readSnapshot(this.api, this.paths, this.options), readActivity(this.api, this.paths)]);
            if (fresh.revision !== state.revision)
                throw conflict(fresh.revision);
            if (activity.pending === 0)
                this.view.nothingWaits(fresh.productionColors);
            const movesProduction = change.live !== state.live || change.repair === true;
            if (!movesProduction && unapplied(activity)) {
                throw new errors/* RefusedError */.fk(`The Load Balancer ${this.options.service} has changes no refresh applied yet (${activity.pendingChanges}), maybe from an interrupted promote or rollback; the refresh this step needs would apply them too, so nothing was changed. ` +
                    "Run promote or rollback to finish or undo that switch (or refresh the Load Balancer yourself if the changes are yours), then run this step again.");
            }
            const writes = planWrites(fresh, change, state, this.options);
            await applyWrites({
                api: this.api,
                paths: this.paths,
                deadline,
                held,
                view: this.view,
                production: { ids: this.options.frontends, colors: fresh.productionColors },
                colorOf: (farmId) => colorOfFarm(this.options, farmId),
            }, writes, 
            // Unapplied when read: refresh even if the interrupted run's own refresh ended meanwhile, so "finished" is ours to say.
            this.finishesSwitch(change, activity) || plan.finish);
        }
        finally {
            await held.release().catch((error) => {
                // The switch stands either way; the lease expires by itself.
                log/* log */.Rm.warn(`Could not release the lock on the Load Balancer ${this.options.service} (it expires by itself): ${error instanceof Error ? error.message : String(error)}`);
            });
        }
    }
    /**
     * Refresh tasks this run started that no longer run (the last look at them was before they ended,
     * a switch that timed out): what each one ended in says what the Load Balancer runs now.
     */
    async settleOwnTasks(activity) {
        if (!activity.active)
            return;
        const running = new Set(activity.active.map((task) => task.id));
        const ended = this.view.unsettled().filter((id) => !running.has(id));
        const tasks = await Promise.all(ended.map((id) => this.api.get(this.paths.task(id)).catch(() => undefined)));
        tasks.forEach((task, i) => {
            if (task)
                this.view.ended(task);
            else
                this.view.lost(ended[i]);
        });
    }
    farms(color) {
        return readFarms(this.api, this.paths, this.options.farms[color], `ovh-${color}-farms`);
    }
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
