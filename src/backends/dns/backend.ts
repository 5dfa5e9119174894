import type { Backend, HttpRequester, Readiness, RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import type { Config, InputReader } from "../../inputs.js";
import { log } from "../../platform/log.js";
import { colorOf } from "./color-sets.js";
import { type DnsOptions, LONG_TTL_SECONDS, parseDnsOptions } from "./options.js";
import { DnsRouter } from "./router.js";
import { DnsWorkload } from "./workload.js";

/**
 * backend: dns. A thin pairing of the router face (record sets, one conditional UPDATE, propagation)
 * and the workload face (addresses, health probes, the preview requester).
 */
export function createDnsBackend(read: InputReader, config: Config): Backend {
  // status reads without a key; every other mode writes (its ledger at least), so needs one, except a dry run.
  const needsKey = config.mode !== "status" && !config.dryRun;
  const options = parseDnsOptions(read, needsKey);
  if (options.ttl > LONG_TTL_SECONDS)
    log.warn(
      `dns-ttl is ${options.ttl} s (accepted by dns-allow-long-ttl): after each switch, and each rollback, resolvers may keep sending clients to the old color for up to that long.`,
    );
  return new DnsBackend(options, config);
}

export class DnsBackend implements Backend {
  readonly kind = "dns" as const;
  private readonly router: DnsRouter;
  private readonly workload: DnsWorkload;

  constructor(
    private readonly options: DnsOptions,
    config: Config,
  ) {
    this.router = new DnsRouter(options, {
      timeoutMs: config.timeoutSeconds * 1000,
      readOnly: config.mode === "status" || config.dryRun,
      now: () => new Date(),
    });
    this.workload = new DnsWorkload(options, this.router.client, config.smoke.healthPath);
  }

  read(): Promise<RouterState> {
    return this.router.read();
  }

  describe(change: RouteChange, state: RouterState): string[] {
    return this.router.describe(change, state);
  }

  apply(change: RouteChange, state: RouterState): Promise<void> {
    return this.router.apply(change, state);
  }

  readiness(color: Color): Promise<Readiness> {
    return this.workload.readiness(color);
  }

  fingerprint(color: Color): Promise<string> {
    return this.workload.fingerprint(color);
  }

  targets(color: Color): Promise<string[]> {
    return this.workload.targets(color);
  }

  /** The preview name resolved through the primary (never a cache), checked to be the color's addresses. */
  async previewRequester(color: Color): Promise<HttpRequester & { close(): void }> {
    const sets = await this.router.previewTarget();
    const reading = colorOf(this.options.previewName, sets, this.options.colors);
    const addresses =
      "color" in reading ? await this.workload.addresses(reading.color) : sets.flatMap((s) => s.records.map((r) => r.value));
    return this.workload.previewRequester(color, addresses);
  }
}
