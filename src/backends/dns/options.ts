import { isIP } from "node:net";
import type { Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { type InputReader, optional, printable } from "../../input-text.js";
import { bool, number, oneOf, required } from "../../input-values.js";
import { log } from "../../platform/log.js";
import { maskSecret } from "../../platform/secrets.js";
import type { CommonSettings } from "../descriptor.js";
import { absoluteName, isInZone, nameProblem, sameName } from "./names.js";
import { canonicalIpv6 } from "./records.js";
import { parseServer, type ServerAddress } from "./server-address.js";
import type { TsigKey } from "./tsig.js";
import { parseTsigKey } from "./tsig-key.js";

/**
 * The dns backend's inputs, parsed and checked before any query is sent: one sentence naming the input
 * for each problem. No I/O here and no client import (the key is built from text only).
 */

/** One color's target: a host name (the record is a CNAME) or addresses (A and AAAA sets). */
export type ColorTarget = { kind: "cname"; host: string } | { kind: "addresses"; v4: string[]; v6: string[] };

export interface DnsOptions {
  server: ServerAddress;
  zone: string;
  /** Production name (absolute). */
  name: string;
  /** Preview name (absolute). */
  previewName: string;
  /** The ledger's TXT record beside the production name. */
  ledgerName: string;
  colors: Record<Color, ColorTarget>;
  /** TTL written with the records, in seconds. */
  ttl: number;
  /** Undefined when no secret was given: status reads without one, and dry-run only shows the update. */
  key?: TsigKey;
  /** Where the secret came from, for messages: DNS_TSIG_SECRET or dns-tsig-secret. */
  secretSource: string;
  /** The authoritative servers to wait for; undefined: the zone's NS set, resolved through the primary. */
  verifyServers?: ServerAddress[];
  health: { scheme: "http" | "https"; port: number };
  /** Consecutive passes of every target that make a color ready. */
  healthPasses: number;
}

/** Above this a switch takes minutes to reach clients: refused unless dns-allow-long-ttl says so. */
export const LONG_TTL_SECONDS = 300;

/** A TTL over LONG_TTL_SECONDS that dns-allow-long-ttl accepted is still said, once per run. */
export function warnOfLongTtl(ttl: number): void {
  if (ttl > LONG_TTL_SECONDS)
    log.warn(
      `dns-ttl is ${ttl} s (accepted by dns-allow-long-ttl): after each switch, and each rollback, resolvers may keep sending clients to the old color for up to that long.`,
    );
}

export function parseDnsOptions(read: InputReader, needsKey: boolean, env: NodeJS.ProcessEnv = process.env): DnsOptions {
  const server = parseServer(required(read, "dns-server", "for backend dns (the zone's primary, host:port)"), "dns-server");
  const names = parseDnsNames(read, "dns");
  const given = optional(read("dns-tsig-secret"));
  const secretSource = given !== undefined ? "dns-tsig-secret" : "DNS_TSIG_SECRET";
  const secret = given ?? optional(env.DNS_TSIG_SECRET ?? "");
  // Masked before anything could print it, even when it is malformed.
  maskSecret(secret);
  let key: TsigKey | undefined;
  if (secret !== undefined || needsKey) {
    const keyName = required(read, "dns-tsig-key-name", "for backend dns (the TSIG key's name as the server knows it)");
    key = parseTsigKey({
      keyName,
      algorithm: optional(read("dns-tsig-algorithm")) ?? "hmac-sha256",
      secret: secret ?? "",
      secretSource,
    });
  }
  return { server, ...names, key, secretSource };
}

/** What every DNS backend reads alike: the zone, the names, the colors, the TTL, the servers to wait for, the health checks. */
export type DnsNames = Omit<DnsOptions, "server" | "key" | "secretSource">;

/**
 * The inputs every DNS backend shares (dns, ovh-dns), checked in the order people meet them; `kind`
 * names the backend in the sentences of missing inputs.
 */
export function parseDnsNames(read: InputReader, kind: string, minTtl = 1): DnsNames {
  const zone = domain(read, "dns-zone", required(read, "dns-zone", `for backend ${kind} (the zone's apex, e.g. example.com)`));
  const name = inZone(read, "dns-name", zone, `for backend ${kind} (the production name, e.g. www.example.com)`);
  const previewName = inZone(read, "dns-preview-name", zone, `for backend ${kind} (the name that points at the idle color)`);
  if (sameName(name, previewName)) throw new InputError("dns-preview-name", `must differ from dns-name (both are ${name}).`);
  const blue = colorTarget(read, "dns-blue", kind);
  const green = colorTarget(read, "dns-green", kind);
  if (sameTarget(blue, green)) throw new InputError("dns-green", "must differ from dns-blue (both point at the same place).");
  for (const [input, target] of [
    ["dns-blue", blue],
    ["dns-green", green],
  ] as const) {
    // A CNAME cannot live at a zone's apex (beside its SOA and NS, RFC 1034 3.6.2): no switch could ever write it.
    if (target.kind === "cname" && (sameName(name, zone) || sameName(previewName, zone)))
      throw new InputError(
        input,
        `is a host name, which makes a CNAME record, but ${sameName(name, zone) ? "dns-name" : "dns-preview-name"} is the zone's apex ${zone}, where a CNAME is impossible; allowed there: a list of IPv4/IPv6 addresses.`,
      );
  }
  const ttl = number(read, "dns-ttl", 60, { min: minTtl, max: 2_147_483_647, integer: true });
  const allowLongTtl = bool(read, "dns-allow-long-ttl", false);
  if (ttl > LONG_TTL_SECONDS && !allowLongTtl)
    throw new InputError(
      "dns-ttl",
      `${ttl} s means resolvers may keep sending clients to the old color for up to ${ttl} s after each switch (and a rollback takes as long); allowed: ${minTtl} to ${LONG_TTL_SECONDS} s, or set dns-allow-long-ttl: true to accept it.`,
    );
  const verify = optional(read("dns-verify-servers"));
  const verifyServers = verify?.split(",").map((item) => parseServer(item, "dns-verify-servers"));
  const scheme = oneOf(read, "dns-health-scheme", ["http", "https"] as const, "http");
  const port = number(read, "dns-health-port", scheme === "https" ? 443 : 80, { min: 1, max: 65_535, integer: true });
  const healthPasses = number(read, "dns-health-passes", 3, { min: 1, max: 100, integer: true });
  return {
    zone,
    name,
    previewName,
    ledgerName: `_bluegreen.${name}`,
    colors: { blue, green },
    ttl,
    verifyServers,
    health: { scheme, port },
    healthPasses,
  };
}

function domain(_read: InputReader, input: string, value: string): string {
  const problem = nameProblem(value);
  if (problem) throw new InputError(input, `"${printable(value)}" is not a domain name: ${problem}.`);
  return absoluteName(value);
}

function inZone(read: InputReader, input: string, zone: string, why: string): string {
  const name = domain(read, input, required(read, input, why));
  if (!isInZone(name, zone))
    throw new InputError(input, `${name} is outside zone ${zone}; nothing was changed. Allowed: names in dns-zone.`);
  return name;
}

function colorTarget(read: InputReader, input: string, kind: string): ColorTarget {
  const value = required(read, input, `for backend ${kind} (one host name, or a comma-separated list of IPv4/IPv6 addresses)`);
  const items = value.split(",").map((item) => item.trim());
  const allowed = "allowed: one host name (a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA records)";
  if (items.some((item) => item === "")) throw new InputError(input, `"${printable(value)}" has an empty item; ${allowed}.`);
  if (items.every((item) => isIP(item) !== 0)) {
    const v4 = [...new Set(items.filter((item) => isIP(item) === 4))];
    const v6 = [...new Set(items.filter((item) => isIP(item) === 6).map(canonicalIpv6))];
    return { kind: "addresses", v4, v6 };
  }
  if (items.length > 1)
    throw new InputError(input, `"${printable(value)}" mixes host names and addresses, or lists several names; ${allowed}.`);
  const problem = nameProblem(value);
  if (problem) throw new InputError(input, `"${printable(value)}" is neither an address nor a host name (${problem}); ${allowed}.`);
  return { kind: "cname", host: absoluteName(value) };
}

function sameTarget(a: ColorTarget, b: ColorTarget): boolean {
  if (a.kind === "cname" && b.kind === "cname") return sameName(a.host, b.host);
  if (a.kind === "addresses" && b.kind === "addresses") return [...a.v4, ...a.v6].sort().join(",") === [...b.v4, ...b.v6].sort().join(",");
  return false;
}

/** A color's target as the inputs wrote it, for messages and the summary. */
export function describeTarget(target: ColorTarget): string {
  return target.kind === "cname" ? `CNAME ${target.host}` : [...target.v4, ...target.v6].join(", ");
}

/** What the dns backend is created from: its own inputs, and the health path its probes ask. */
export interface DnsSettings {
  options: DnsOptions;
  healthPath: string;
}

/**
 * The dns backend's inputs, checked before any query. status and dry runs read without a key;
 * every other mode writes (its ledger at least), so it needs one.
 */
export function parseDnsSettings(read: InputReader, common: CommonSettings): DnsSettings {
  const needsKey = common.mode !== "status" && !common.dryRun;
  return { options: parseDnsOptions(read, needsKey), healthPath: common.smoke.healthPath };
}
