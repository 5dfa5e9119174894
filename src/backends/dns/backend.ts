import type { Backend, RunSettings } from "../../backend.js";
import { log } from "../../platform/log.js";
import { dnsFaces } from "./faces.js";
import { type DnsSettings, LONG_TTL_SECONDS } from "./options.js";
import { DnsRouter } from "./router.js";
import { DnsWorkload } from "./workload.js";

/**
 * backend: dns. The router face (record sets, one conditional UPDATE, the wait until every
 * authoritative server serves it) and the workload face (addresses, health probes), joined here.
 */
export function createDns(settings: DnsSettings, run: RunSettings): Backend {
  const { options } = settings;
  if (options.ttl > LONG_TTL_SECONDS)
    log.warn(
      `dns-ttl is ${options.ttl} s (accepted by dns-allow-long-ttl): after each switch, and each rollback, resolvers may keep sending clients to the old color for up to that long.`,
    );
  const records = new DnsRouter(options, { timeoutMs: run.timeoutSeconds * 1000, readOnly: run.readOnly, now: () => new Date() });
  const servers = new DnsWorkload(options, records.client, settings.healthPath);

  const { router, workload } = dnsFaces("dns", records, servers, records.client, options);
  return { router, workload, close: async () => undefined };
}
