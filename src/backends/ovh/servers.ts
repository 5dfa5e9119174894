import { createHash } from "node:crypto";
import type { Readiness } from "../../backend.js";
import { InputError, RouterError } from "../../errors.js";
import type { ProbeEndpoint } from "../../smoke/probe.js";
import type { OvhApi } from "./api.js";
import type { Farm, FarmServer } from "./model.js";
import type { OvhProtocol } from "./options.js";
import type { IplbPaths } from "./paths.js";

/** One farm with its servers, as the API describes them. */
export interface FarmView {
  farm: Farm;
  servers: FarmServer[];
}

export async function readFarms(api: OvhApi, paths: IplbPaths, farmIds: number[], input: string): Promise<FarmView[]> {
  return Promise.all(
    [...new Set(farmIds)].map(async (farmId) => {
      let farm: Farm;
      try {
        farm = await api.get<Farm>(paths.farm(farmId));
      } catch (error) {
        if (error instanceof RouterError && error.status === 404) {
          throw new InputError(input, `the Load Balancer has no farm ${farmId} (${error.message}); check the ids and ovh-protocol.`);
        }
        throw error;
      }
      const ids = await api.get<number[]>(paths.servers(farmId));
      const servers = await Promise.all(ids.map((id) => api.get<FarmServer>(paths.server(farmId, id))));
      return { farm, servers: servers.sort((a, b) => a.serverId - b.serverId) };
    }),
  );
}

/**
 * A server takes traffic safely when it is "active" and every Load Balancer instance that checks
 * it reports it UP. HAProxy's "no check" (probe off) counts as up, as in the haproxy backend: the
 * Load Balancer sends it traffic and knows nothing better. UDP servers have no checks at all.
 */
export function serverHealth(server: FarmServer, protocol: OvhProtocol): { ready: boolean; detail: string } {
  const name = `server ${server.serverId} ${endpointOf(server)}`;
  if (server.status !== "active") return { ready: false, detail: `${name} is ${server.status}` };
  if (protocol === "udp") return { ready: true, detail: `${name} active` };
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

function isUp(status: string | undefined): boolean {
  const text = (status ?? "").trim().toUpperCase();
  // "UP 1/3" is a server going down (failing checks), not a healthy one.
  return text === "UP" || text === "NO CHECK";
}

/**
 * The Load Balancer's view, and where each server takes traffic: its checks lag a restart as
 * HAProxy's do (it is HAProxy underneath), so the mode checks the servers themselves too.
 */
export function readinessOf(farms: FarmView[], protocol: OvhProtocol): Readiness {
  const servers = farms.flatMap((view) => view.servers);
  const ids = farms.map((view) => view.farm.farmId).join(", ");
  if (servers.length === 0) return { ready: false, summary: `farm ${ids} has no servers` };
  const health = servers.map((server) => serverHealth(server, protocol));
  const ready = health.filter((h) => h.ready).length;
  const notReady = health.filter((h) => !h.ready).map((h) => h.detail);
  const summary = `${ready}/${servers.length} servers of farm ${ids} ready${notReady.length ? ` (${notReady.join("; ")})` : ""}`;
  if (ready !== servers.length) return { ready: false, summary };
  // UDP has no answer to wait for: the Load Balancer's view (status active) is all there is.
  if (protocol === "udp") return { ready: true, summary: `${summary} (UDP: not checked directly)` };
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
export function probeEndpointsOf(farms: FarmView[], protocol: "http" | "tcp"): ProbeEndpoint[] {
  return farms.flatMap((view) =>
    view.servers.flatMap((server): ProbeEndpoint[] => {
      const port = server.port ?? view.farm.port;
      if (port == null) return [];
      const kind = protocol === "tcp" ? "tcp" : server.ssl ? "https" : "http";
      return [{ name: `server ${server.serverId}`, host: server.address, port, protocol: kind }];
    }),
  );
}

/** `address:port`, the server's port or else the farm's (a server without one uses its farm's). */
export function targetsOf(farms: FarmView[]): string[] {
  return farms.flatMap((view) => view.servers.map((server) => endpointOf(server, view.farm)));
}

/**
 * Farm ids plus a short digest of the servers (ids, addresses, ports), so it fits the ledger in a
 * display name: any server added, removed or moved changes it.
 */
export function fingerprintOf(farms: FarmView[]): string {
  const servers = farms
    .flatMap((view) => view.servers.map((server) => `${view.farm.farmId}/${server.serverId}=${endpointOf(server, view.farm)}`))
    .sort()
    .join(",");
  const digest = createHash("sha256").update(servers).digest("hex").slice(0, 12);
  const count = farms.reduce((n, view) => n + view.servers.length, 0);
  return `farms ${farms.map((view) => view.farm.farmId).join(",")} ${count} servers #${digest}`;
}

function endpointOf(server: FarmServer, farm?: Farm): string {
  const port = server.port ?? farm?.port;
  const host = server.address.includes(":") ? `[${server.address}]` : server.address;
  return port == null ? server.address : `${host}:${port}`;
}
