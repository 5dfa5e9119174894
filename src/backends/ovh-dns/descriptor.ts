import type { InputDescriptor } from "../descriptor.js";
import { defineBackend } from "../descriptor.js";
import {
  DNS_ALLOW_LONG_TTL,
  DNS_BLUE,
  DNS_GREEN,
  DNS_HEALTH_PASSES,
  DNS_HEALTH_PORT,
  DNS_HEALTH_SCHEME,
  DNS_NAME,
  DNS_PREVIEW_NAME,
  DNS_TTL,
  DNS_VERIFY_SERVERS,
  DNS_ZONE,
} from "../dns/descriptor.js";
import { OVH_CREDENTIAL_ENV, OVH_CREDENTIAL_INPUTS } from "../ovh/descriptor.js";

// The same objects as dns's and ipLoadbalancing's: the docs name every backend that reads each one.
const inputs: readonly InputDescriptor[] = [
  ...OVH_CREDENTIAL_INPUTS,
  DNS_ZONE,
  DNS_NAME,
  DNS_PREVIEW_NAME,
  DNS_BLUE,
  DNS_GREEN,
  DNS_TTL,
  DNS_ALLOW_LONG_TTL,
  DNS_VERIFY_SERVERS,
  DNS_HEALTH_SCHEME,
  DNS_HEALTH_PORT,
  DNS_HEALTH_PASSES,
];

/** An OVHcloud DNS zone: records edited through the OVH API, published by a refresh of the zone. */
export const ovhDns = defineBackend({
  kind: "ovh-dns",
  title: "OVHcloud DNS zone",
  switchedBy:
    "the records of an OVHcloud DNS zone, edited through the OVH API under a lease (the API has no compare-and-set), published by a refresh of the zone, then the wait until its servers serve them",
  docs: "docs/dns.md",
  inputs,
  credentialEnv: OVH_CREDENTIAL_ENV,
  capabilities: {
    deploysWorkload: false,
    trafficSteps: false,
    headerPreview: false,
    statusAccess: "GET on /domain/zone/{zone} and its records (an API key with read-only rights), and DNS queries to the zone's servers",
  },
  settings: () => import("./options.js").then((module) => module.parseOvhDnsSettings),
  load: () => import("./backend.js").then((module) => module.createOvhDns),
});
