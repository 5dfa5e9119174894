import type { ProbeEndpoint } from "../../smoke/probe.js";

/** One row of `show stat` (CSV), keyed by the header's field names. */
export type StatRow = Record<string, string>;

export function parseStat(csv: string): StatRow[] {
  const lines = csv.split("\n").filter((line) => line.trim() !== "");
  const header = lines[0]?.replace(/^#\s*/, "").split(",") ?? [];
  return lines.slice(1).map((line) => {
    const cells = line.split(",");
    const row: StatRow = {};
    header.forEach((name, i) => {
      if (name) row[name] = cells[i] ?? "";
    });
    return row;
  });
}

/** The servers (not the FRONTEND/BACKEND summary rows) of one backend. */
export function serversOf(rows: StatRow[], backend: string): StatRow[] {
  return rows.filter((row) => row.pxname === backend && row.svname !== "BACKEND" && row.svname !== "FRONTEND");
}

export function hasBackend(rows: StatRow[], backend: string): boolean {
  return rows.some((row) => row.pxname === backend && row.svname === "BACKEND");
}

/**
 * A server takes traffic safely when its checks say UP. "no check" servers are counted as up:
 * HAProxy sends them traffic and has nothing better to go on. "UP 1/3" (failing checks, going
 * down), DOWN, DRAIN, MAINT and NOLB are not ready.
 */
export function isServerReady(row: StatRow): boolean {
  return row.status === "UP" || row.status === "no check";
}

/**
 * HTTP requests HAProxy has routed to a backend since it started: the BACKEND row's `req_tot`,
 * or its responses by class (`hrsp_*`) where an older HAProxy leaves `req_tot` empty. Health
 * checks count in neither. Undefined when the row or both counters are missing.
 */
export function requestsServed(rows: StatRow[], backend: string): number | undefined {
  const row = rows.find((r) => r.pxname === backend && r.svname === "BACKEND");
  if (!row) return undefined;
  if (/^[0-9]+$/.test(row.req_tot ?? "")) return Number(row.req_tot);
  const classes = ["hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other"].map((name) => row[name] ?? "");
  if (!classes.every((value) => /^[0-9]+$/.test(value))) return undefined;
  return classes.reduce((sum, value) => sum + Number(value), 0);
}

/**
 * Which servers of a backend HAProxy reaches over TLS (`ssl` on the server line), from
 * `show servers state <backend>`: a space-separated table under a "# be_id be_name ..." header,
 * whose `srv_use_ssl` is 1 for them. `show stat` does not say it. Answered at every socket level.
 */
export function serversUsingSsl(answer: string): Set<string> {
  const lines = answer.split("\n");
  const header =
    lines
      .find((line) => line.startsWith("#"))
      ?.replace(/^#\s*/, "")
      .split(/\s+/) ?? [];
  const [name, ssl] = [header.indexOf("srv_name"), header.indexOf("srv_use_ssl")];
  const servers = new Set<string>();
  if (name < 0 || ssl < 0) return servers;
  for (const line of lines) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const cells = line.trim().split(/\s+/);
    if (cells[ssl] === "1" && cells[name]) servers.add(cells[name]);
  }
  return servers;
}

/** `show stat`'s addr ("127.0.0.1:8080", "[::1]:8080") as host and port; undefined when hidden or unset. */
export function parseServerAddress(addr: string | undefined): { host: string; port: number } | undefined {
  const match = /^\[(.+)\]:(\d+)$/.exec(addr ?? "") ?? /^([^:]+):(\d+)$/.exec(addr ?? "");
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 ? { host: match[1] as string, port } : undefined;
}

/**
 * Where bluegreen checks each server itself: the address HAProxy sends traffic to, over TLS where
 * the server line says `ssl`, as a bare connection where the backend is `mode tcp` (health-path
 * may mean nothing there). Servers without a usable address are listed apart.
 */
export function probeEndpointsOf(servers: StatRow[], ssl: Set<string>): { endpoints: ProbeEndpoint[]; unknown: string[] } {
  const endpoints: ProbeEndpoint[] = [];
  const unknown: string[] = [];
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
