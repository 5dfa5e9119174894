import type { Backend, RunSettings } from "../../backend.js";
import { dnsFaces } from "./faces.js";
import { type DnsSettings, warnOfLongTtl } from "./options.js";
import { DnsRouter } from "./router.js";
import { DnsWorkload } from "./workload.js";

/**
 * backend: dns. The router face (record sets, one conditional UPDATE, the wait until every
 * authoritative server serves it) and the workload face (addresses, health probes), joined here.
 */
export function createDns(settings: DnsSettings, run: RunSettings): Backend {
  const { options } = settings;
  warnOfLongTtl(options.ttl);
  const records = new DnsRouter(options, { timeoutMs: run.timeoutSeconds * 1000, readOnly: run.readOnly, now: () => new Date() });
  const servers = new DnsWorkload(options, records.client, settings.healthPath);

  const { router, workload } = dnsFaces("dns", records, servers, records.client, options);
  return { router, workload, close: async () => undefined };
}
