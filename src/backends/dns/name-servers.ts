import { promises as resolver } from "node:dns";
import { InputError } from "../../errors.js";

/**
 * The addresses of a zone's name server that lives outside the zone, found like any name: through
 * this runner's resolver (the zone's own servers are not authoritative for it).
 */
export async function resolveNameServer(ns: string): Promise<string[]> {
  const [v4, v6] = await Promise.all([resolver.resolve4(ns).catch(() => []), resolver.resolve6(ns).catch(() => [])]);
  if (v4.length + v6.length === 0)
    throw new InputError(
      "dns-verify-servers",
      `the zone's name server ${ns} has no address this runner can resolve; list the servers to wait for.`,
    );
  return [...v4, ...v6];
}
