import type { Backend, RunSettings } from "../../backend.js";
import { InputError, RouterError } from "../../errors.js";
import { log } from "../../platform/log.js";
import { redact } from "../../platform/secrets.js";
import { dnsFaces } from "../dns/faces.js";
import { resolveNameServer } from "../dns/name-servers.js";
import { absoluteName, sameName } from "../dns/names.js";
import { type DnsOptions, warnOfLongTtl } from "../dns/options.js";
import type { ServerAddress } from "../dns/server-address.js";
import { DnsWorkload } from "../dns/workload.js";
import { ZoneClient } from "../dns/zone-client.js";
import { OvhApi } from "../ovh/api.js";
import { ApiClock } from "../ovh/api-clock.js";
import { createOvhRequester } from "../ovh/client.js";
import { Lease } from "../ovh/lease.js";
import { LockRecordCell } from "./lock-cell.js";
import type { OvhDnsSettings } from "./options.js";
import { OvhDnsRouter } from "./router.js";
import { ZoneApi } from "./zone-api.js";

/**
 * backend: ovh-dns. The zone's records through the OVH API (node-ovh), under the same lease as
 * ipLoadbalancing; what clients see read from the zone's own servers (dns-verify-servers, or the
 * name servers the API lists for the zone), as backend dns reads its primary; the workload face is
 * backend dns's (addresses, health probes), resolving through those servers.
 */
export async function createOvhDns(settings: OvhDnsSettings, run: RunSettings): Promise<Backend> {
  const { names } = settings;
  warnOfLongTtl(names.ttl);
  let requester: Awaited<ReturnType<typeof createOvhRequester>>;
  try {
    requester = await createOvhRequester(settings.connection);
  } catch (error) {
    throw new RouterError(redact(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
  }
  const api = new OvhApi(requester);
  const zone = new ZoneApi(api, names.zone);
  // First: a zone this account does not have is dns-zone's fault, said before anything else.
  const info = await zone.info();
  const servers = names.verifyServers ?? (await nameServerAddresses(info.nameServers ?? []));
  const first = servers[0] as ServerAddress;
  const client = new ZoneClient({
    server: first,
    zone: names.zone,
    inputOf: (name) => (sameName(name, names.previewName) ? "dns-preview-name" : "dns-name"),
  });
  const clock = new ApiClock(api);
  const lease = new Lease(new LockRecordCell(zone, names.name, names.ttl), () => clock.nowSeconds(), api.roundTrips);
  const records = new OvhDnsRouter(names, zone, client, servers, lease, {
    timeoutMs: run.timeoutSeconds * 1000,
    timeoutSeconds: run.timeoutSeconds,
    readOnly: run.readOnly,
    keepsProduction: settings.keepsProduction,
    now: () => new Date(),
  });
  // The workload is backend dns's: it resolves the colors' names through the zone's first server.
  const dnsOptions: DnsOptions = { ...names, server: first, secretSource: "", key: undefined };
  const colorsView = new DnsWorkload(dnsOptions, client, settings.healthPath);

  const { router, workload } = dnsFaces("ovh-dns", records, colorsView, client, names);
  return { router, workload, close: async () => undefined };
}

/** The zone's name servers (as the API lists them) on port 53, found through this runner's resolver. */
async function nameServerAddresses(nameServers: string[]): Promise<ServerAddress[]> {
  if (nameServers.length === 0)
    throw new InputError(
      "dns-verify-servers",
      "is required: the OVH API lists no name server for this zone. List the servers to read and wait for.",
    );
  log.info(
    `Reading the zone from its name servers (${nameServers.join(", ")}) on port 53; a name served by anycast is proven only at the instance this runner reaches.`,
  );
  const addresses = await Promise.all(
    nameServers.map(async (ns) => {
      return resolveNameServer(absoluteName(ns).replace(/\.$/, ""));
    }),
  );
  return addresses.flat().map((host) => ({ host, port: 53 }));
}
