import type { Backend, HttpRequester, Router, RunSettings, Workload } from "../../backend.js";
import type { Color } from "../../colors.js";
import { log } from "../../platform/log.js";
import { colorOf } from "./color-sets.js";
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

  /** The preview name resolved through the primary (never a cache), checked to be the color's addresses. */
  const previewRequester = async (color: Color): Promise<HttpRequester & { close(): void }> => {
    const sets = await records.previewTarget();
    const reading = colorOf(options.previewName, sets, options.colors);
    const addresses = "color" in reading ? await servers.addresses(reading.color) : sets.flatMap((s) => s.records.map((r) => r.value));
    return servers.previewRequester(color, addresses);
  };

  const router: Router = {
    kind: "dns",
    // Resolvers keep the old answer for up to its TTL: clients move over time, so verify keeps trying.
    switchesAtOnce: false,
    read: () => records.read(),
    // The change and the sets as read are the whole plan: describe (nsupdate's syntax) and apply (the
    // signed UPDATE) both build the same prerequisites, deletes and adds from them (planReplace).
    plan: (change, state) => ({ change, state }),
    describe: (plan) => records.describe(plan.change, plan.state),
    apply: (plan) => records.apply(plan.change, plan.state),
    previewRequester,
    servedRequests: undefined,
    // The zone is the state: what the primary serves survives any restart.
    durable: true,
    // Read after apply: the propagation wait's length, for the propagation-ms output.
    get propagatedMs() {
      return records.propagatedMs;
    },
  };
  const workload: Workload = {
    readiness: (color) => servers.readiness(color),
    fingerprint: (color) => servers.fingerprint(color),
    targets: (color) => servers.targets(color),
    // deploy-command puts releases on the colors' hosts; DNS only points at them.
    deploy: undefined,
    scaleDown: undefined,
    runningVersion: undefined,
    servingRestore: undefined,
  };
  return { router, workload, close: async () => undefined };
}
