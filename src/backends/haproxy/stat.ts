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
