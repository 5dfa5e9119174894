import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeZone, type FakeZoneSetup } from "./fake-zone.js";

/**
 * A local stand-in for the OVHcloud API's /ipLoadbalancing part, served over HTTPS with a
 * self-signed certificate (trusted by the action through NODE_EXTRA_CA_CERTS), so the real
 * @ovhcloud/node-ovh client runs unchanged against it. It models what bluegreen relies on:
 * - /auth/time and the X-Ovh-* signature, checked the way OVH checks them, with OVH's error bodies;
 * - OAuth2 client credentials (/auth/oauth2/token, then Bearer tokens);
 * - frontends, farms and servers; PUTs are staged as pending changes and reach the "live" routing
 *   only when a refresh task completes (todo -> doing -> done over a few hundred ms);
 * - one real HTTP listener per frontend that proxies to the live farm's servers, so traffic can be
 *   checked end to end;
 * - the service object (GET/PUT /ipLoadbalancing/{serviceName}): its displayName is free text that
 *   no refresh deploys, so writing it leaves no pending change;
 * - GET /pendingChanges: one entry per zone, counting the PUTs no completed refresh has applied;
 * - a task list that can lag behind the tasks (OVH's list is an index: a task it still returns as
 *   doing may read done when fetched);
 * - fault injection: refuse the Nth PUT, end a refresh in error, answer 503 before succeeding, add
 *   latency to every request, and hooks on each request's arrival and just before its answer (to
 *   kill the client there).
 */

export interface FakeServerSpec {
  serverId: number;
  address: string;
  port: number;
  status?: "active" | "inactive";
  /** HAProxy-style check result per instance: "UP", "DOWN"... */
  state?: string;
  probe?: boolean;
}

export interface FakeSetup {
  service: string;
  protocol?: "http" | "tcp" | "udp";
  appKey: string;
  appSecret: string;
  consumerKey: string;
  clientId?: string;
  clientSecret?: string;
  /** The API's clock minus ours, in seconds: the client must learn it from /auth/time. */
  clockSkewSeconds?: number;
  frontends: { frontendId: number; port: string; defaultFarmId: number | null; displayName?: string }[];
  farms: { farmId: number; port: number; servers: FakeServerSpec[] }[];
  /** Time a refresh task spends in todo, then in doing (ms). */
  taskTodoMs?: number;
  taskDoingMs?: number;
  /** The service's own displayName (where bluegreen keeps its lock). */
  serviceDisplayName?: string | null;
  /** How far (ms) the task list lags behind the tasks: it filters by the status a task had that long ago. */
  taskListLagMs?: number;
  /** A DNS zone under /domain/zone (fake-zone.ts), with its DNS server. */
  zone?: FakeZoneSetup;
}

interface FakeFrontend {
  frontendId: number;
  port: string;
  defaultFarmId: number | null;
  displayName: string | null;
  disabled: boolean;
  ssl: boolean;
  hsts: boolean;
  zone: string;
}

interface FakeServer {
  serverId: number;
  backendId: number;
  address: string;
  port: number;
  status: "active" | "inactive";
  probe: boolean;
  ssl: boolean;
  backup: boolean;
  displayName: string | null;
  serverState: { instanceId: number; status: string; checkStatus: string; checkCode: string }[];
}

interface FakeTask {
  id: number;
  action: string;
  status: "todo" | "doing" | "done" | "error" | "cancelled" | "blocked";
  progress: number;
  creationDate: string;
  doneDate: string | null;
  zones: string[];
}

/** One change of what the Load Balancer runs for a frontend (a refresh applied a new farm). */
export interface LiveChange {
  frontendId: number;
  from: number | null;
  to: number | null;
  at: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
  status: number;
}

export interface Faults {
  /** Answer 403 (a call the consumer key does not grant) to the next `times` requests whose path contains `pathIncludes`. */
  forbidden?: { pathIncludes: string; times: number };
  /** Refuse the Nth PUT from now (1 = the next one) with 403, as OVH does for a call not granted. */
  refusePut?: number;
  /** The next refresh task ends in this status instead of done, applying nothing. */
  refreshEndsIn?: "error" | "cancelled" | "blocked";
  /** The next `times` refresh tasks end in this status instead of done, applying nothing. */
  refreshesEndIn?: { status: "error" | "cancelled" | "blocked"; times: number };
  /** Answer 503 to the next `times` requests whose path contains `pathIncludes`. */
  unavailable?: { pathIncludes: string; times: number };
  /**
   * Every request (the token and /auth/time included) answers this much later, as over a long
   * network path: half of it before the request takes effect, half after, like a round trip.
   */
  latencyMs?: number;
}

/** Sends one JSON answer (OVH's shapes), recording the request. */
type Reply = (status: number, payload?: unknown) => undefined;

export class FakeOvhApi {
  /** https://127.0.0.1:<port>/1.0, for ovh-endpoint. */
  url = "";
  /** The self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile = "";
  readonly requests: RecordedRequest[] = [];
  readonly faults: Faults = {};
  /** Staged configuration (what GET answers) and what the Load Balancer runs (applied by refreshes). */
  readonly frontends = new Map<number, FakeFrontend>();
  readonly live = new Map<number, number | null>();
  readonly farms = new Map<number, { farmId: number; port: number; zone: string; displayName: string | null }>();
  readonly servers = new Map<number, FakeServer[]>();
  readonly tasks = new Map<number, FakeTask>();
  pendingChanges = 0;
  /** The DNS zone, when the setup has one. */
  readonly zone?: FakeZone;
  /** When each accepted PUT arrived (ms since the epoch). */
  readonly putTimes: number[] = [];
  /** Called as each request arrives, before its body is read (the benchmark timestamps the first one). */
  onRequest?: (method: string, path: string) => void;
  /** Called after a request took effect, just before its answer is sent. */
  beforeAnswer?: (method: string, path: string) => void;
  /**
   * Holds requests `method route` until `count` of them wait, then lets them all through at once:
   * runs started together then read the Load Balancer at the same moment (a real race, every time).
   */
  gate?: { method: string; route: string; count: number; waiting: (() => void)[] };
  /** The service object: its displayName holds bluegreen's lock. */
  service: { serviceName: string; displayName: string | null; state: string; zone: string[]; offer: string; ipLoadbalancing: string };
  /** Every change a refresh made to what the Load Balancer runs, in order. */
  readonly liveChanges: LiveChange[] = [];
  /** Each task's status history, for the lagging task list. */
  private readonly taskHistory = new Map<number, { at: number; status: FakeTask["status"] }[]>();
  private nextTaskId = 1000;
  private readonly tokens = new Set<string>();
  private readonly entries = new Map<number, { server: http.Server; port: number; next: number }>();
  private server?: https.Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly setup: FakeSetup) {
    if (setup.zone) this.zone = new FakeZone(setup.zone);
    this.service = {
      serviceName: setup.service,
      displayName: setup.serviceDisplayName ?? null,
      state: "ok",
      zone: ["gra"],
      offer: "iplb-lb1",
      ipLoadbalancing: "203.0.113.10",
    };
    for (const f of setup.frontends) {
      this.frontends.set(f.frontendId, {
        frontendId: f.frontendId,
        port: f.port,
        defaultFarmId: f.defaultFarmId,
        displayName: f.displayName ?? null,
        disabled: false,
        ssl: false,
        hsts: false,
        zone: "all",
      });
      this.live.set(f.frontendId, f.defaultFarmId);
    }
    for (const farm of setup.farms) {
      this.farms.set(farm.farmId, { farmId: farm.farmId, port: farm.port, zone: "gra", displayName: null });
      this.servers.set(
        farm.farmId,
        farm.servers.map((s) => ({
          serverId: s.serverId,
          backendId: farm.farmId,
          address: s.address,
          port: s.port,
          status: s.status ?? "active",
          probe: s.probe ?? true,
          ssl: false,
          backup: false,
          displayName: null,
          serverState: [1, 2].map((instanceId) => ({ instanceId, status: s.state ?? "UP", checkStatus: "L7OK", checkCode: "200" })),
        })),
      );
    }
  }

  get protocol(): string {
    return this.setup.protocol ?? "http";
  }

  /** Writes (PUT/POST/DELETE) received, whatever their answer. */
  get writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  /** Sets every instance's check result of one server ("UP", "DOWN"...). */
  setServerState(farmId: number, serverId: number, status: string): void {
    const server = this.servers.get(farmId)?.find((s) => s.serverId === serverId);
    if (!server) throw new Error(`no server ${serverId} in farm ${farmId}`);
    for (const state of server.serverState) {
      state.status = status;
      state.checkStatus = status === "UP" ? "L7OK" : "L4CON";
    }
  }

  /** URL of the real listener standing for a frontend: it proxies to the farm the frontend runs. */
  entryUrl(frontendId: number): string {
    const entry = this.entries.get(frontendId);
    if (!entry) throw new Error(`no entry for frontend ${frontendId}`);
    return `http://127.0.0.1:${entry.port}`;
  }

  /** The farm frontend `id` runs (last refresh), and the one its configuration names. */
  liveFarm(id: number): number | null {
    return this.live.get(id) ?? null;
  }

  configuredFarm(id: number): number | null {
    return this.frontends.get(id)?.defaultFarmId ?? null;
  }

  displayName(id: number): string | null {
    return this.frontends.get(id)?.displayName ?? null;
  }

  /** Moves the API's clock (what /auth/time answers and signatures are checked against) forward. */
  advanceClock(seconds: number): void {
    this.setup.clockSkewSeconds = (this.setup.clockSkewSeconds ?? 0) + seconds;
  }

  /** The API's clock, in seconds (what /auth/time answers). */
  apiTime(): number {
    return this.now();
  }

  /** Refresh tasks still todo or doing, as the tasks themselves say. */
  activeTasks(): number[] {
    return [...this.tasks.values()].filter((t) => t.status === "todo" || t.status === "doing").map((t) => t.id);
  }

  /** Starts a refresh that is not bluegreen's (another pipeline), running for `ms`, for the wait-for-idle case. */
  startForeignRefresh(ms: number): number {
    return this.createTask("done", false, ms).id;
  }

  async start(): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-fake-ovh-"));
    const key = path.join(dir, "key.pem");
    this.caFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", this.caFile, "-days", "1"].concat([
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
      ]),
      { stdio: "ignore" },
    );
    this.server = https.createServer({ key: readFileSync(key), cert: readFileSync(this.caFile) }, (req, res) => {
      this.onRequest?.(req.method ?? "GET", req.url ?? "/");
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const outbound = Math.floor((this.faults.latencyMs ?? 0) / 2);
        if (outbound > 0) this.later(outbound, () => this.handle(req, res, text));
        else this.handle(req, res, text);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/1.0`;
    for (const id of this.frontends.keys()) await this.startEntry(id);
    await this.zone?.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    const close = (server: http.Server | https.Server) =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    await Promise.all([...this.entries.values()].map((entry) => close(entry.server)));
    await this.zone?.stop();
    if (this.server) await close(this.server);
  }

  private async startEntry(frontendId: number): Promise<void> {
    const entry = { server: http.createServer(), port: 0, next: 0 };
    entry.server.on("request", (req, res) => {
      const farmId = this.live.get(frontendId);
      const targets = (farmId == null ? [] : (this.servers.get(farmId) ?? [])).filter((s) => s.status === "active");
      const target = targets[entry.next++ % Math.max(targets.length, 1)];
      if (!target) {
        res.statusCode = 503;
        res.end("no server available\n");
        return;
      }
      const upstream = http.request(
        { host: target.address, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.statusCode = 502;
        res.end("bad gateway\n");
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => entry.server.listen(0, "127.0.0.1", resolve));
    entry.port = (entry.server.address() as AddressInfo).port;
    this.entries.set(frontendId, entry);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): undefined {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const send: Reply = (status, payload) => {
      this.requests.push({ method, path: url, body, status });
      const answer = () => {
        this.beforeAnswer?.(method, url);
        const text = payload === undefined ? "" : JSON.stringify(payload);
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(text);
      };
      const inbound = Math.ceil((this.faults.latencyMs ?? 0) / 2);
      if (inbound > 0) this.later(inbound, answer);
      else answer();
      return undefined;
    };
    const { pathname, searchParams } = new URL(url, "https://fake");
    // OAuth2 tokens come from the site's /auth/, outside the API's base path (www.ovh.com/auth/oauth2/token).
    if (method === "POST" && pathname === "/auth/oauth2/token") return this.issueToken(req, body, send);
    if (!pathname.startsWith("/1.0/")) return send(404, { class: "Client::NotFound", message: "Not Found" });
    const route = pathname.slice("/1.0".length);

    if (method === "GET" && route === "/auth/time") return send(200, this.now());

    const unavailable = this.faults.unavailable;
    if (unavailable && unavailable.times > 0 && route.includes(unavailable.pathIncludes)) {
      unavailable.times--;
      return send(503, { class: "Server::ServiceUnavailable", message: "The service is temporarily unavailable" });
    }
    const forbidden = this.faults.forbidden;
    if (forbidden && forbidden.times > 0 && route.includes(forbidden.pathIncludes)) {
      forbidden.times--;
      return send(403, { class: "Client::Forbidden", message: "This call has not been granted" });
    }
    const denied = this.authenticate(req, method, body);
    if (denied) return send(denied.status, denied.body);
    const gate = this.gate;
    if (gate && gate.method === method && gate.route === route) {
      gate.waiting.push(() => this.route(method, route, searchParams, body, send));
      if (gate.waiting.length >= gate.count) {
        this.gate = undefined;
        for (const go of gate.waiting) go();
      }
      return;
    }
    this.route(method, route, searchParams, body, send);
  }

  /** Runs `fn` after `ms`, unless the model stops first. */
  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private now(): number {
    return Math.round(Date.now() / 1000) + (this.setup.clockSkewSeconds ?? 0);
  }

  /** What OVH answers for bad credentials; undefined when the request may go on. */
  private authenticate(req: http.IncomingMessage, method: string, body: string): { status: number; body: unknown } | undefined {
    const authorization = req.headers.authorization;
    if (authorization?.startsWith("Bearer ")) {
      if (this.tokens.has(authorization.slice("Bearer ".length))) return undefined;
      return { status: 401, body: { class: "Client::Unauthorized", message: "Invalid or expired access token" } };
    }
    const application = req.headers["x-ovh-application"];
    if (application !== this.setup.appKey) {
      return { status: 403, body: { errorCode: "INVALID_KEY", httpCode: "403 Forbidden", message: "Invalid application key" } };
    }
    const consumer = req.headers["x-ovh-consumer"];
    if (consumer !== this.setup.consumerKey) {
      return {
        status: 403,
        body: { errorCode: "INVALID_CREDENTIAL", httpCode: "403 Forbidden", message: "This credential does not exist" },
      };
    }
    const timestamp = String(req.headers["x-ovh-timestamp"] ?? "");
    if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) - this.now()) > 30) {
      return { status: 400, body: { errorCode: "QUERY_TIME_OUT", httpCode: "400 Bad Request", message: "Query out of time" } };
    }
    // OVH signs the URL as the client built it: https://, the host without the port, the path with its query.
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    const signed = [this.setup.appSecret, this.setup.consumerKey, method, `https://${host}${req.url}`, body, timestamp].join("+");
    const expected = `$1$${createHash("sha1").update(signed).digest("hex")}`;
    if (req.headers["x-ovh-signature"] !== expected) {
      return { status: 400, body: { errorCode: "INVALID_SIGNATURE", httpCode: "400 Bad Request", message: "Invalid signature" } };
    }
    return undefined;
  }

  /** OAuth2 client credentials, as simple-oauth2 sends them (HTTP Basic, form-encoded parts). */
  private issueToken(req: http.IncomingMessage, body: string, send: Reply): undefined {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const unform = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
    const id = unform(decoded.slice(0, colon));
    const secret = unform(decoded.slice(colon + 1));
    const grant = new URLSearchParams(body).get("grant_type");
    if (grant !== "client_credentials" || id !== this.setup.clientId || secret !== this.setup.clientSecret) {
      return send(401, { error: "invalid_client", error_description: "Client authentication failed" });
    }
    const token = randomBytes(16).toString("hex");
    this.tokens.add(token);
    send(200, { access_token: token, token_type: "Bearer", expires_in: 3600, scope: "all" });
  }

  private route(method: string, route: string, query: URLSearchParams, body: string, send: Reply): undefined {
    if (route.startsWith("/domain/zone/")) {
      if (this.zone) return this.zone.route(method, route, query, body, send);
      return send(404, { class: "Client::NotFound", message: "This service does not exist" });
    }
    const base = `/ipLoadbalancing/${this.setup.service}`;
    if (!route.startsWith(`${base}/`) && route !== base) {
      if (route.startsWith("/ipLoadbalancing/")) return send(404, { class: "Client::NotFound", message: "This service does not exist" });
      return send(404, { class: "Client::NotFound", message: `Got an invalid (or empty) URL` });
    }
    const rest = route.slice(base.length);
    if (rest === "" && method === "GET") return send(200, this.service);
    if (rest === "" && method === "PUT") return this.putService(body, send);
    const p = this.protocol;
    const match = (pattern: string) => new RegExp(`^${pattern}$`).exec(rest);
    const notFound = (what: string, id: string | undefined) =>
      send(404, { class: "Client::NotFound", message: `The requested object (${what} = ${id}) does not exist` });
    const frontendPath = match(`/${p}/frontend/(\\d+)`);
    if (frontendPath && (method === "GET" || method === "PUT")) {
      const frontend = this.frontends.get(Number(frontendPath[1]));
      if (!frontend) return notFound("frontendId", frontendPath[1]);
      return method === "GET" ? send(200, frontend) : this.putFrontend(frontend, body, send);
    }
    const farmPath = match(`/${p}/farm/(\\d+)`);
    if (method === "GET" && farmPath) {
      const farm = this.farms.get(Number(farmPath[1]));
      return farm ? send(200, farm) : notFound("farmId", farmPath[1]);
    }
    const serversPath = match(`/${p}/farm/(\\d+)/server`);
    if (method === "GET" && serversPath) {
      const servers = this.servers.get(Number(serversPath[1]));
      return servers
        ? send(
            200,
            servers.map((s) => s.serverId),
          )
        : notFound("farmId", serversPath[1]);
    }
    const serverPath = match(`/${p}/farm/(\\d+)/server/(\\d+)`);
    if (method === "GET" && serverPath) {
      const server = this.servers.get(Number(serverPath[1]))?.find((s) => s.serverId === Number(serverPath[2]));
      if (!server) return notFound("serverId", serverPath[2]);
      return send(200, p === "udp" ? { ...server, serverState: undefined, probe: undefined } : server);
    }
    if (method === "POST" && rest === "/refresh") return send(200, this.createTask(this.nextOutcome(), true));
    if (method === "GET" && rest === "/task") {
      // The list is an index that can lag: it filters by the status each task had taskListLagMs ago.
      const asOf = Date.now() - (this.setup.taskListLagMs ?? 0);
      const ids = [...this.tasks.values()]
        .filter((t) => {
          // A new task is listed at once; its later status changes reach the list taskListLagMs late.
          const history = this.taskHistory.get(t.id) ?? [];
          const listed = (history.filter((h) => h.at <= asOf).at(-1) ?? history[0])?.status;
          return (
            listed !== undefined &&
            (!query.get("action") || t.action === query.get("action")) &&
            (!query.get("status") || listed === query.get("status"))
          );
        })
        .map((t) => t.id);
      return send(200, ids);
    }
    const taskPath = match("/task/(\\d+)");
    if (method === "GET" && taskPath) {
      const task = this.tasks.get(Number(taskPath[1]));
      return task ? send(200, task) : notFound("id", taskPath[1]);
    }
    if (method === "GET" && rest === "/pendingChanges") return send(200, [{ zone: "gra", number: this.pendingChanges }]);
    send(404, { class: "Client::NotFound", message: `Got an invalid (or empty) URL` });
  }

  /** PUT /ipLoadbalancing/{serviceName}: displayName (and sslConfiguration) only; no pending change. */
  private putService(body: string, send: Reply): undefined {
    let changes: Record<string, unknown>;
    try {
      changes = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(400, { class: "Client::BadRequest", message: "Invalid JSON received" });
    }
    if (changes.displayName !== undefined) {
      if (typeof changes.displayName !== "string")
        return send(400, { class: "Client::BadRequest", message: "Invalid value for displayName" });
      this.service.displayName = changes.displayName;
    }
    send(200, null);
  }

  private putFrontend(frontend: FakeFrontend, body: string, send: Reply): undefined {
    if (this.faults.refusePut !== undefined) {
      this.faults.refusePut--;
      if (this.faults.refusePut === 0) {
        delete this.faults.refusePut;
        return send(403, { class: "Client::Forbidden", message: "This call has not been granted" });
      }
    }
    let changes: Partial<FakeFrontend>;
    try {
      changes = JSON.parse(body) as Partial<FakeFrontend>;
    } catch {
      return send(400, { class: "Client::BadRequest", message: "Invalid JSON received" });
    }
    if (changes.defaultFarmId !== undefined && changes.defaultFarmId !== null && !this.farms.has(changes.defaultFarmId)) {
      return send(400, { class: "Client::BadRequest", message: `Farm ${changes.defaultFarmId} does not exist` });
    }
    this.putTimes.push(Date.now());
    if (changes.defaultFarmId !== undefined) frontend.defaultFarmId = changes.defaultFarmId;
    if (changes.displayName !== undefined) frontend.displayName = changes.displayName;
    this.pendingChanges++;
    send(200, null);
  }

  /** How the refresh asked for now ends, as the faults say. */
  private nextOutcome(): FakeTask["status"] {
    const many = this.faults.refreshesEndIn;
    if (many && many.times > 0) {
      many.times--;
      return many.status;
    }
    return this.faults.refreshEndsIn ?? "done";
  }

  /** A refresh task: todo, then doing, then `outcome`; done applies the staged frontends to the live routing. */
  private createTask(outcome: FakeTask["status"], fromApi = false, durationMs?: number): FakeTask {
    const task: FakeTask = {
      id: this.nextTaskId++,
      action: "refreshIplb",
      status: "todo",
      progress: 0,
      creationDate: new Date().toISOString(),
      doneDate: null,
      zones: ["gra"],
    };
    if (fromApi) delete this.faults.refreshEndsIn;
    this.tasks.set(task.id, task);
    const history = [{ at: Date.now(), status: task.status }];
    this.taskHistory.set(task.id, history);
    // A refresh deploys the configuration as it was when it was asked for; later PUTs wait for the next one.
    const configured = new Map([...this.frontends].map(([id, frontend]) => [id, frontend.defaultFarmId]));
    const covered = this.pendingChanges;
    const later = (ms: number, fn: () => void) => this.later(ms, fn);
    const todoMs = this.setup.taskTodoMs ?? 100;
    const doingMs = durationMs ?? this.setup.taskDoingMs ?? 250;
    later(todoMs, () => {
      task.status = "doing";
      task.progress = 50;
      history.push({ at: Date.now(), status: task.status });
    });
    later(todoMs + doingMs, () => {
      task.status = outcome;
      task.progress = 100;
      task.doneDate = new Date().toISOString();
      history.push({ at: Date.now(), status: task.status });
      if (outcome === "done") {
        for (const [id, farmId] of configured) {
          const from = this.live.get(id) ?? null;
          if (from !== farmId) this.liveChanges.push({ frontendId: id, from, to: farmId, at: Date.now() });
          this.live.set(id, farmId);
        }
        this.pendingChanges = Math.max(0, this.pendingChanges - covered);
      }
    });
    return task;
  }
}

export async function startFakeOvh(setup: FakeSetup): Promise<FakeOvhApi> {
  const fake = new FakeOvhApi(setup);
  await fake.start();
  return fake;
}
