import type { Backend, Readiness, RouteChange, RouterState } from "../../backend.js";
import type { Color } from "../../colors.js";
import { ConflictError, RouterError } from "../../errors.js";
import type { Config, InputReader } from "../../inputs.js";
import { redact } from "../../platform/secrets.js";
import { OvhApi } from "./api.js";
import { createOvhRequester } from "./client.js";
import { type OvhOptions, parseOvhOptions } from "./options.js";
import { IplbPaths } from "./paths.js";
import { type FarmView, fingerprintOf, readFarms, readinessOf, targetsOf } from "./servers.js";
import { colorOfFarm, readActivity, readSnapshot, type Snapshot, stateOf } from "./state.js";
import { applyWrites, describeRefresh, describeWrite, planWrites, routingChanges } from "./switch.js";

/**
 * OVHcloud IP Load Balancer: each color is a set of farms (one per port), production and preview
 * frontends point at them through defaultFarmId, and a refresh task makes changes take effect.
 */
export async function createOvhBackend(read: InputReader, config: Config): Promise<Backend> {
  const options = parseOvhOptions(read);
  let requester: Awaited<ReturnType<typeof createOvhRequester>>;
  try {
    requester = await createOvhRequester(options);
  } catch (error) {
    // The client's constructor checks its parameters; its message never holds a secret, but redact anyway.
    throw new RouterError(redact(`Could not set up the OVH API client: ${error instanceof Error ? error.message : String(error)}`));
  }
  return new OvhBackend(options, new OvhApi(requester), config.timeoutSeconds);
}

export class OvhBackend implements Backend {
  readonly kind = "ipLoadbalancing" as const;
  private readonly paths: IplbPaths;
  /** Frontends as last read, by revision: describe() is synchronous and must name exact PUTs. */
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly options: OvhOptions,
    private readonly api: OvhApi,
    private readonly timeoutSeconds: number,
  ) {
    this.paths = new IplbPaths(options.service, options.protocol);
  }

  async read(): Promise<RouterState> {
    const [snapshot, activity] = await Promise.all([readSnapshot(this.api, this.paths, this.options), readActivity(this.api, this.paths)]);
    this.snapshots.set(snapshot.revision, snapshot);
    return stateOf(snapshot, activity, this.options);
  }

  async readiness(color: Color): Promise<Readiness> {
    return readinessOf(await this.farms(color), this.options.protocol);
  }

  async fingerprint(color: Color): Promise<string> {
    return fingerprintOf(await this.farms(color));
  }

  async targets(color: Color): Promise<string[]> {
    return targetsOf(await this.farms(color));
  }

  describe(change: RouteChange, state: RouterState): string[] {
    const snapshot = this.snapshots.get(state.revision);
    if (!snapshot) {
      // Not read by this backend (should not happen): name the intent without pretending to exact bodies.
      return [
        `PUT each production frontend ${this.options.frontends.join(", ")} to ${change.live}'s farms ${this.options.farms[change.live].join(", ")}`,
        ...describeRefresh(this.paths, this.timeoutSeconds),
      ];
    }
    const writes = planWrites(snapshot, change, state, this.options);
    if (writes.length === 0) return [`no change on the Load Balancer ${this.options.service}: the frontends already match`];
    const lines = writes.map((write) => describeWrite(this.paths, write, (farmId) => colorOfFarm(this.options, farmId)));
    if (routingChanges(writes)) return [...lines, ...describeRefresh(this.paths, this.timeoutSeconds)];
    return [...lines, "no refresh: only the ledger in a displayName changes, which does not touch traffic"];
  }

  async apply(change: RouteChange, state: RouterState): Promise<void> {
    const fresh = await readSnapshot(this.api, this.paths, this.options);
    if (fresh.revision !== state.revision) {
      throw new ConflictError(
        `The Load Balancer ${this.options.service} changed since it was read (another pipeline or a hand edit: was "${state.revision}", now "${fresh.revision}"); nothing was changed. Run the step again.`,
      );
    }
    const writes = planWrites(fresh, change, state, this.options);
    await applyWrites({ api: this.api, paths: this.paths, timeoutMs: this.timeoutSeconds * 1000, liveBefore: state.live }, writes);
  }

  private farms(color: Color): Promise<FarmView[]> {
    return readFarms(this.api, this.paths, this.options.farms[color], `ovh-${color}-farms`);
  }
}
