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
