import net from "node:net";
import dnsPacket, { type Answer, type Question } from "dns-packet";

/**
 * The /domain/zone part of the OVH API, for the fake API (fake-api.ts routes /domain/zone/... here),
 * with the zone's authoritative server as a DNS server over TCP on 127.0.0.1. Modelled on what OVH
 * documents and what its clients (Terraform provider, certbot and cert-manager plugins) rely on:
 * - GET /domain/zone/{zone} (name, nameServers...), GET /domain/zone/{zone}/status;
 * - GET /domain/zone/{zone}/record?fieldType=&subDomain= -> ids; GET/PUT/DELETE .../record/{id};
 *   POST .../record {fieldType, subDomain, target, ttl} -> the record; TTL under 60 refused (0: default);
 * - edits are pending: the DNS server answers what the last POST /domain/zone/{zone}/refresh
 *   published (after `refreshMs`), with a new SOA serial; a refresh publishes every pending edit;
 * - 404s as OVH sends them: {"class":"Client::NotFound","message":"This service does not exist"} for
 *   an unknown zone, "The requested object (id = N) does not exist" for an unknown record.
 */

export interface FakeZoneRecord {
  id: number;
  zone: string;
  subDomain: string;
  fieldType: string;
  target: string;
  ttl: number;
}

export interface FakeZoneSetup {
  /** The zone's name, without the trailing dot (example.test). */
  name: string;
  records: Omit<FakeZoneRecord, "id" | "zone">[];
  /** How long a refresh takes to reach the DNS server (ms). */
  refreshMs?: number;
}

type Reply = (status: number, payload?: unknown) => undefined;

const SERIAL_START = 2026010100;

export class FakeZone {
  readonly records = new Map<number, FakeZoneRecord>();
  /** What the DNS server answers: the records as the last completed refresh saw them. */
  published: FakeZoneRecord[] = [];
  serial = SERIAL_START;
  /** Refreshes asked for, and how many reached the DNS server. */
  refreshes = 0;
  /** Every zone the DNS server started to serve, in order (the first is the setup's). */
  readonly publishedHistory: FakeZoneRecord[][] = [];
  /** DNS address of the zone's server (127.0.0.1:port). */
  dnsAddress = "";
  /** Every record's name, kept after its deletion (a test tells lock writes from routing writes by it). */
  readonly subDomainOf = new Map<number, string>();
  private nextId = 5_000_000_001;
  private server?: net.Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly setup: FakeZoneSetup) {
    for (const r of setup.records) this.add(r);
    this.published = this.snapshot();
    this.publishedHistory.push(this.published);
  }

  /** The published targets of one name and type, each time they changed (the setup's first). */
  servedChanges(subDomain: string, fieldType: string): string[] {
    const seen = this.publishedHistory.map((zone) =>
      zone
        .filter((r) => r.subDomain === subDomain && r.fieldType === fieldType)
        .map((r) => r.target)
        .sort()
        .join(","),
    );
    return seen.filter((value, i) => i === 0 || value !== seen[i - 1]);
  }

  private add(r: Omit<FakeZoneRecord, "id" | "zone">): FakeZoneRecord {
    const record = { id: this.nextId++, zone: this.setup.name, ...r };
    this.records.set(record.id, record);
    this.subDomainOf.set(record.id, record.subDomain);
    return record;
  }

  private snapshot(): FakeZoneRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  /** Records of the API (or, with `published`, of the DNS server) for one name and type. */
  find(subDomain: string, fieldType: string, published = false): FakeZoneRecord[] {
    return (published ? this.published : [...this.records.values()]).filter((r) => r.subDomain === subDomain && r.fieldType === fieldType);
  }

  /** Names whose API records differ from the published ones. */
  pendingEdits(): number {
    const key = (rs: FakeZoneRecord[]) =>
      rs
        .map((r) => `${r.id}/${r.subDomain}/${r.fieldType}/${r.target}/${r.ttl}`)
        .sort()
        .join("|");
    return key(this.snapshot()) === key(this.published) ? 0 : 1;
  }

  async start(): Promise<void> {
    this.server = net.createServer((socket) => this.serveDns(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.dnsAddress = `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Handles /domain/zone/...; `route` is the path after /1.0. */
  route(method: string, route: string, query: URLSearchParams, body: string, send: Reply): undefined {
    const match = /^\/domain\/zone\/([^/]+)(\/.*)?$/.exec(route);
    const zoneName = decodeURIComponent(match?.[1] ?? "");
    if (!match || zoneName !== this.setup.name) return send(404, { class: "Client::NotFound", message: "This service does not exist" });
    const rest = match[2] ?? "";
    if (method === "GET" && rest === "")
      return send(200, {
        name: this.setup.name,
        nameServers: ["dns200.anycast.me", "ns200.anycast.me"],
        hasDnsAnycast: false,
        dnssecSupported: true,
        lastUpdate: new Date().toISOString(),
      });
    if (method === "GET" && rest === "/status") return send(200, { isDeployed: true, errors: [], warnings: [], infos: [] });
    if (method === "GET" && rest === "/record") {
      const fieldType = query.get("fieldType");
      const subDomain = query.get("subDomain");
      const ids = [...this.records.values()]
        .filter((r) => (fieldType === null || r.fieldType === fieldType) && (subDomain === null || r.subDomain === subDomain))
        .map((r) => r.id);
      return send(200, ids);
    }
    if (method === "POST" && rest === "/record") {
      const parsed = parseBody(body);
      if (!parsed) return send(400, { class: "Client::BadRequest", message: "Invalid JSON received" });
      const { fieldType, subDomain, target, ttl } = parsed as Partial<FakeZoneRecord>;
      if (typeof fieldType !== "string" || !["A", "AAAA", "CNAME", "TXT", "NS", "MX"].includes(fieldType))
        return send(400, { class: "Client::BadRequest", message: `Invalid value for fieldType` });
      if (typeof target !== "string" || target === "")
        return send(400, { class: "Client::BadRequest", message: "Missing parameter target" });
      const problem = ttlProblem(ttl);
      if (problem) return send(400, { class: "Client::BadRequest", message: problem });
      const record = this.add({ fieldType, subDomain: subDomain ?? "", target, ttl: ttl ?? 0 });
      return send(200, record);
    }
    if (method === "POST" && rest === "/refresh") {
      this.refreshes++;
      // The zone as it is now, published a little later (OVH's refresh regenerates the zone file).
      const snapshot = this.snapshot();
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.published = snapshot;
        this.serial++;
        this.publishedHistory.push(snapshot);
      }, this.setup.refreshMs ?? 150);
      this.timers.add(timer);
      return send(200, null);
    }
    const recordPath = /^\/record\/(\d+)$/.exec(rest);
    if (recordPath) {
      const id = Number(recordPath[1]);
      const record = this.records.get(id);
      if (!record) return send(404, { class: "Client::NotFound", message: `The requested object (id = ${id}) does not exist` });
      if (method === "GET") return send(200, record);
      if (method === "DELETE") {
        this.records.delete(id);
        return send(200, null);
      }
      if (method === "PUT") {
        const parsed = parseBody(body) as Partial<FakeZoneRecord> | undefined;
        if (!parsed) return send(400, { class: "Client::BadRequest", message: "Invalid JSON received" });
        if (parsed.ttl !== undefined) {
          const problem = ttlProblem(parsed.ttl);
          if (problem) return send(400, { class: "Client::BadRequest", message: problem });
          record.ttl = parsed.ttl;
        }
        if (parsed.target !== undefined) record.target = parsed.target;
        if (parsed.subDomain !== undefined) record.subDomain = parsed.subDomain;
        return send(200, null);
      }
    }
    return send(404, { class: "Client::NotFound", message: "Got an invalid (or empty) URL" });
  }

  private serveDns(socket: net.Socket): void {
    let buffer = Buffer.alloc(0);
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) return;
        const message = buffer.subarray(2, 2 + length);
        buffer = buffer.subarray(2 + length);
        const answer = this.answer(message);
        const framed = Buffer.alloc(2 + answer.length);
        framed.writeUInt16BE(answer.length, 0);
        answer.copy(framed, 2);
        socket.write(framed);
      }
    });
  }

  /** An authoritative answer from the published zone. */
  private answer(message: Buffer): Buffer {
    const request = dnsPacket.decode(message);
    const question = request.questions?.[0] as Question;
    const apex = `${this.setup.name}.`;
    const name = question.name.replace(/\.$/, "").toLowerCase();
    const inZone = name === this.setup.name || name.endsWith(`.${this.setup.name}`);
    const sub = name === this.setup.name ? "" : name.slice(0, name.length - this.setup.name.length - 1);
    const answers: Answer[] = [];
    if (inZone && question.type === "SOA" && sub === "")
      answers.push({
        name: apex,
        type: "SOA",
        class: "IN",
        ttl: 3600,
        data: {
          mname: "dns200.anycast.me",
          rname: "tech.ovh.net",
          serial: this.serial,
          refresh: 86400,
          retry: 3600,
          expire: 3600000,
          minimum: 60,
        },
      });
    else if (inZone) {
      for (const r of this.published.filter((p) => p.subDomain === sub && p.fieldType === question.type)) {
        const owner = question.name.replace(/\.$/, "");
        const ttl = r.ttl || 3600;
        if (r.fieldType === "TXT") {
          const strings = [...r.target.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\(.)/g, "$1"));
          answers.push({ name: owner, type: "TXT", class: "IN", ttl, data: strings.length > 0 ? strings : [r.target] });
        } else if (r.fieldType === "CNAME") {
          const target = r.target.endsWith(".") ? r.target.slice(0, -1) : `${r.target}.${this.setup.name}`;
          answers.push({ name: owner, type: "CNAME", class: "IN", ttl, data: target });
        } else answers.push({ name: owner, type: r.fieldType as "A", class: "IN", ttl, data: r.target });
      }
    }
    return dnsPacket.encode({
      type: "response",
      id: request.id,
      // QR, AA; REFUSED (5) outside the zone.
      flags: 0x8000 | 0x0400 | (inZone ? 0 : 5),
      questions: request.questions,
      answers,
    });
  }
}

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** OVH takes 0 (the zone's default) or at least 60 s. */
function ttlProblem(ttl: unknown): string | undefined {
  if (ttl === undefined) return undefined;
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0) return "Invalid value for ttl";
  if (ttl !== 0 && ttl < 60) return "TTL must be greater than or equal to 60";
  return undefined;
}
