import type { HttpRequester, Router, Workload } from "../../backend.js";
import type { Color } from "../../colors.js";
import { colorOf, ROUTING_TYPES } from "./color-sets.js";
import type { DnsOptions } from "./options.js";
import type { RecordSet } from "./records.js";
import type { DnsWorkload } from "./workload.js";
import type { ZoneClient } from "./zone-client.js";

/** What both DNS routers (RFC 2136 and OVH's API) do with the plan: the change and the sets as read. */
export interface DnsRecordRouter {
  read: Router["read"];
  describe(change: Parameters<Router["plan"]>[0], state: Parameters<Router["plan"]>[1]): string[];
  apply(change: Parameters<Router["plan"]>[0], state: Parameters<Router["plan"]>[1]): Promise<void>;
  propagatedMs?: number;
}

/**
 * The two faces of a DNS backend, the same whoever writes the records: clients move over time
 * (resolvers keep the old answer for up to its TTL, so verify keeps trying), the zone is the state
 * (it survives any restart), and the workload is the colors' addresses and their health probes.
 */
export function dnsFaces(
  kind: string,
  records: DnsRecordRouter,
  colors: DnsWorkload,
  client: ZoneClient,
  options: Pick<DnsOptions, "previewName" | "colors">,
): { router: Router; workload: Workload } {
  /** The preview name resolved through the zone's server (never a cache), checked to be the color's addresses. */
  const previewRequester = async (color: Color): Promise<HttpRequester & { close(): void }> => {
    const sets: RecordSet[] = await Promise.all(ROUTING_TYPES.map((type) => client.readSet({ name: options.previewName, type })));
    const reading = colorOf(options.previewName, sets, options.colors);
    const addresses = "color" in reading ? await colors.addresses(reading.color) : sets.flatMap((s) => s.records.map((r) => r.value));
    return colors.previewRequester(color, addresses);
  };
  const router: Router = {
    kind,
    switchesAtOnce: false,
    read: () => records.read(),
    // The change and the sets as read are the whole plan: describe and apply build the same writes from them.
    plan: (change, state) => ({ change, state }),
    describe: (plan) => records.describe(plan.change, plan.state),
    apply: (plan) => records.apply(plan.change, plan.state),
    previewRequester,
    servedRequests: undefined,
    durable: true,
    // Read after apply: the propagation wait's length, for the propagation-ms output.
    get propagatedMs() {
      return records.propagatedMs;
    },
  };
  const workload: Workload = {
    readiness: (color) => colors.readiness(color),
    fingerprint: (color) => colors.fingerprint(color),
    targets: (color) => colors.targets(color),
    // deploy-command puts releases on the colors' hosts; DNS only points at them.
    deploy: undefined,
    scaleDown: undefined,
    runningVersion: undefined,
    servingRestore: undefined,
  };
  return { router, workload };
}
