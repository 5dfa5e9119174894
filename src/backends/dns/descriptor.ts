import type { InputDescriptor } from "../descriptor.js";
import { defineBackend } from "../descriptor.js";

const NAME = "^[A-Za-z0-9_.-]+$";

const server: InputDescriptor = {
  name: "dns-server",
  description: "the zone's primary server, host:port (port 53 by default); updates go to it over TCP.",
  gitlab: { pattern: "^\\S+$" },
};

/**
 * The inputs every DNS backend reads alike (dns, ovh-dns): the same objects in each one's list, so the
 * generated docs name every backend that reads them. Each is one object, in the order of the docs.
 */
export const DNS_ZONE: InputDescriptor = { name: "dns-zone", description: "the zone's apex (example.com).", gitlab: { pattern: NAME } };
export const DNS_NAME: InputDescriptor = {
  name: "dns-name",
  description: "the production name (www.example.com), in dns-zone.",
  gitlab: { pattern: NAME },
};
export const DNS_PREVIEW_NAME: InputDescriptor = {
  name: "dns-preview-name",
  description: "the name that points at the idle color (preview.example.com), in dns-zone.",
  gitlab: { pattern: NAME },
};
export const DNS_BLUE: InputDescriptor = {
  name: "dns-blue",
  description: "blue's target: one host name (the record is a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA sets).",
  gitlab: { description: "blue's target: one host name (CNAME) or comma-separated IPv4/IPv6 addresses." },
};
export const DNS_GREEN: InputDescriptor = {
  name: "dns-green",
  description: "green's target: one host name (the record is a CNAME) or a comma-separated list of IPv4/IPv6 addresses (A/AAAA sets).",
  gitlab: { description: "green's target: one host name (CNAME) or comma-separated IPv4/IPv6 addresses." },
};
export const DNS_TTL: InputDescriptor = {
  name: "dns-ttl",
  description: "TTL written with the records, in seconds: how long resolvers may keep sending clients to the old color after a switch.",
  default: "60",
  type: "number",
};
export const DNS_ALLOW_LONG_TTL: InputDescriptor = {
  name: "dns-allow-long-ttl",
  description: "accept a dns-ttl over 300 s (a switch, and a rollback, then take that long to reach every client).",
  default: "false",
  type: "boolean",
};
export const DNS_VERIFY_SERVERS: InputDescriptor = {
  name: "dns-verify-servers",
  safety: true,
  description:
    "the authoritative servers to wait for after a change, comma-separated host:port (default: the zone's NS set, port 53); dns-server, when given, is always checked too.",
};
export const DNS_HEALTH_SCHEME: InputDescriptor = {
  name: "dns-health-scheme",
  description: "how readiness and test mode reach each color's addresses: http or https.",
  default: "http",
  options: ["http", "https"],
};
export const DNS_HEALTH_PORT: InputDescriptor = {
  name: "dns-health-port",
  description: "the port readiness and test mode connect to on each color's addresses (default: 80, or 443 with https).",
  // Not typed: its default depends on dns-health-scheme, and a typed GitLab input needs a number as its default.
  pattern: "^[0-9]{1,5}$",
};
export const DNS_HEALTH_PASSES: InputDescriptor = {
  name: "dns-health-passes",
  safety: true,
  description: "how many times in a row every address of a color must answer health-path before it counts as ready.",
  default: "3",
  type: "number",
};

const tsigInputs: readonly InputDescriptor[] = [
  { name: "dns-tsig-key-name", description: "the TSIG key's name as the server knows it.", gitlab: { pattern: NAME } },
  {
    name: "dns-tsig-algorithm",
    description: "the TSIG key's algorithm.",
    default: "hmac-sha256",
    options: ["hmac-sha256", "hmac-sha512"],
  },
  {
    name: "dns-tsig-secret",
    description:
      "the TSIG key's secret in base64 (default: the DNS_TSIG_SECRET variable). Pass it from a secret; it is masked. status needs none.",
    secret: true,
    env: ["DNS_TSIG_SECRET"],
    gitlab: "variable",
  },
];

const inputs: readonly InputDescriptor[] = [
  server,
  DNS_ZONE,
  DNS_NAME,
  DNS_PREVIEW_NAME,
  DNS_BLUE,
  DNS_GREEN,
  DNS_TTL,
  DNS_ALLOW_LONG_TTL,
  ...tsigInputs,
  DNS_VERIFY_SERVERS,
  DNS_HEALTH_SCHEME,
  DNS_HEALTH_PORT,
  DNS_HEALTH_PASSES,
];

/** Any RFC 2136 server (BIND, Knot, PowerDNS): one signed, conditional UPDATE per change. */
export const dns = defineBackend({
  kind: "dns",
  title: "DNS (RFC 2136 dynamic update)",
  switchedBy:
    "one TSIG-signed DNS UPDATE whose prerequisites are the records as read (compare-and-set), then the wait until every authoritative server serves it",
  docs: "docs/dns.md",
  inputs,
  credentialEnv: ["DNS_TSIG_SECRET"],
  capabilities: {
    deploysWorkload: false,
    trafficSteps: false,
    headerPreview: false,
    statusAccess: "SOA and record queries to the primary (no TSIG key, no update rights)",
  },
  settings: () => import("./options.js").then((module) => module.parseDnsSettings),
  load: () => import("./backend.js").then((module) => module.createDns),
});
