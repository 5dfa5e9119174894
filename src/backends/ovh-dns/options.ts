import type { InputReader } from "../../input-text.js";
import type { CommonSettings } from "../descriptor.js";
import { type DnsNames, parseDnsNames } from "../dns/options.js";
import { type OvhConnection, parseOvhConnection } from "../ovh/options.js";

/**
 * The ovh-dns backend's inputs, checked before any request: the OVH credentials first (masked before
 * anything could print them), then the same zone, names, colors, TTL and checks as backend dns. No
 * client import here.
 */

/** OVH refuses a record TTL under 60 s (0 means the zone's default, which bluegreen never writes). */
export const OVH_MIN_TTL = 60;

export interface OvhDnsSettings {
  connection: OvhConnection;
  names: DnsNames;
  healthPath: string;
  /**
   * prepare and test never move production, but their refresh would publish an unpublished edit of it:
   * they refuse at the first read, before deploy-command runs.
   */
  keepsProduction: boolean;
}

export function parseOvhDnsSettings(read: InputReader, common: CommonSettings): OvhDnsSettings {
  const connection = parseOvhConnection(read);
  return {
    connection,
    names: parseDnsNames(read, "ovh-dns", OVH_MIN_TTL),
    healthPath: common.smoke.healthPath,
    keepsProduction: common.mode === "prepare" || common.mode === "test",
  };
}
