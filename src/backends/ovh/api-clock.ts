import { RouterError } from "../../errors.js";
import type { OvhApi } from "./api.js";

/**
 * The OVH API's clock, which every runner shares: leases expire on it, so runners whose own clocks
 * are wrong still agree. GET /auth/time is asked once; after that, this machine's clock plus the
 * difference learnt (taken at the middle of that request, so a slow API does not skew it).
 */
export class ApiClock {
  /** API clock minus ours, in ms. */
  private skew?: Promise<number>;

  constructor(private readonly api: OvhApi) {}

  /** Seconds since the epoch on the API's clock. */
  async nowSeconds(): Promise<number> {
    this.skew ??= this.learn();
    const skewMs = await this.skew.catch((error: unknown) => {
      this.skew = undefined; // a failed look is not remembered: the next call asks again
      throw error;
    });
    return Math.floor((Date.now() + skewMs) / 1000);
  }

  private async learn(): Promise<number> {
    const before = Date.now();
    const time = await this.api.get<number>("/auth/time");
    if (typeof time !== "number") throw new RouterError(`OVH API GET /auth/time answered ${JSON.stringify(time)}, not a time.`);
    return time * 1000 - (before + Date.now()) / 2;
  }
}
