import type { InputDescriptor } from "../descriptor.js";
import { defineBackend } from "../descriptor.js";

// The OVH API credentials, shared by every backend that drives the OVH API (one object each, so the
// docs name every backend that reads them).
export const OVH_CREDENTIAL_INPUTS: readonly InputDescriptor[] = [
  {
    name: "ovh-endpoint",
    description: "ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL (a private gateway).",
    default: "ovh-eu",
    gitlab: { description: "ovh-eu, ovh-ca, ovh-us, or an https://host[:port]/1.0 URL.", pattern: "^(ovh-eu|ovh-ca|ovh-us|https://\\S+)$" },
  },
  {
    name: "ovh-application-key",
    description: "API application key (default: the OVH_APPLICATION_KEY variable).",
    env: ["OVH_APPLICATION_KEY"],
    gitlab: "variable",
  },
  {
    name: "ovh-application-secret",
    description: "API application secret (default: OVH_APPLICATION_SECRET). Pass it from a secret; it is masked.",
    secret: true,
    env: ["OVH_APPLICATION_SECRET"],
    gitlab: "variable",
  },
  {
    name: "ovh-consumer-key",
    description: "API consumer key granting the calls of the backend (default: OVH_CONSUMER_KEY). Masked.",
    secret: true,
    env: ["OVH_CONSUMER_KEY"],
    gitlab: "variable",
  },
  {
    name: "ovh-client-id",
    description: "OAuth2 service-account client id, instead of the three keys above.",
    gitlab: "variable",
  },
  {
    name: "ovh-client-secret",
    description: "OAuth2 service-account client secret, with ovh-client-id. Masked.",
    secret: true,
    gitlab: "variable",
  },
];

/**
 * The variables of the OVH API credentials (OVH's own tools' names): bluegreen's to use, never a
 * user command's. The OAuth2 pair is withheld too, though bluegreen reads it only from its inputs.
 */
export const OVH_CREDENTIAL_ENV = [
  "OVH_APPLICATION_KEY",
  "OVH_APPLICATION_SECRET",
  "OVH_CONSUMER_KEY",
  "OVH_CLIENT_ID",
  "OVH_CLIENT_SECRET",
];

const FRONTEND_IDS = "^([0-9]+(,[0-9]+)*)?$";

const inputs: readonly InputDescriptor[] = [
  ...OVH_CREDENTIAL_INPUTS,
  { name: "ovh-service", description: "the Load Balancer's serviceName (loadbalancer-...)." },
  {
    name: "ovh-frontends",
    description:
      "production frontend ids, comma-separated, one per port (80 and 443 need two). The first one's displayName also holds bluegreen's record.",
    gitlab: { description: "production frontend ids, comma-separated.", pattern: FRONTEND_IDS },
  },
  {
    name: "ovh-preview-frontends",
    description: "preview frontend ids, in the same order as ovh-frontends (or none).",
    gitlab: { description: "preview frontend ids, in the same order.", pattern: FRONTEND_IDS },
  },
  {
    name: "ovh-blue-farms",
    description: "the blue farm ids, one per production frontend, in the same order.",
    gitlab: { description: "the blue farm ids, one per production frontend.", pattern: FRONTEND_IDS },
  },
  {
    name: "ovh-green-farms",
    description: "the green farm ids, one per production frontend, in the same order.",
    gitlab: { description: "the green farm ids, one per production frontend.", pattern: FRONTEND_IDS },
  },
  {
    name: "ovh-protocol",
    description: "protocol of those frontends and farms: http, tcp or udp.",
    default: "http",
    options: ["http", "tcp", "udp"],
    gitlab: { description: "protocol of those frontends and farms." },
  },
];

/** OVHcloud IP Load Balancer: frontends' defaultFarmId, then a refresh task. */
export const ipLoadbalancing = defineBackend({
  kind: "ipLoadbalancing",
  title: "OVHcloud IP Load Balancer",
  switchedBy: "the OVHcloud IP Load Balancer frontends' `defaultFarmId`, then a refresh task",
  docs: "docs/ovh.md",
  inputs,
  credentialEnv: OVH_CREDENTIAL_ENV,
  capabilities: {
    deploysWorkload: false,
    trafficSteps: false,
    headerPreview: false,
    statusAccess: "GET on /ipLoadbalancing/{serviceName} and below (an API key with read-only rights)",
  },
  settings: () => import("./options.js").then((module) => module.parseOvhSettings),
  load: () => import("./index.js").then((module) => module.createOvh),
});
