import { COLORS, type Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { type InputReader, optional, printable } from "../../input-text.js";
import { list, oneOf, required } from "../../input-values.js";
import { maskSecret } from "../../platform/secrets.js";
import type { CommonSettings } from "../descriptor.js";

/**
 * The ipLoadbalancing backend's inputs, parsed and checked before any request. This module must not
 * import @ovhcloud/node-ovh: an input error should cost nothing, and other backends never load it.
 */

export const OVH_ENDPOINTS = ["ovh-eu", "ovh-ca", "ovh-us"] as const;
export const OVH_PROTOCOLS = ["http", "tcp", "udp"] as const;
export type OvhProtocol = (typeof OVH_PROTOCOLS)[number];

export type OvhEndpoint =
  /** One of the client's preconfigured endpoints (it knows their hosts and OAuth2 token URLs). */
  | { kind: "named"; name: (typeof OVH_ENDPOINTS)[number]; text: string }
  /** A private gateway or a local test API: https://host[:port]/basePath. */
  | { kind: "url"; host: string; port: number; basePath: string; tokenUrl: string; text: string };

export type OvhCredentials =
  | { kind: "keys"; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { kind: "oauth2"; clientId: string; clientSecret: string };

export interface OvhOptions {
  endpoint: OvhEndpoint;
  credentials: OvhCredentials;
  /** The Load Balancer's serviceName (loadbalancer-..., ip-...). */
  service: string;
  protocol: OvhProtocol;
  /** Production frontend ids, one per port; the first one also carries bluegreen's ledger. */
  frontends: number[];
  /** Preview frontend ids, same order as `frontends`, or none. */
  previewFrontends: number[];
  /** Farm ids per color, same order as `frontends`: frontend i goes to farms[color][i]. */
  farms: Record<Color, number[]>;
}

/** What the ipLoadbalancing backend is given: its own inputs, parsed and checked. */
export type OvhSettings = OvhOptions;

/** Every input check of the ipLoadbalancing backend, before any request (credentials masked first). */
export function parseOvhSettings(read: InputReader, _common: CommonSettings): OvhSettings {
  return parseOvhOptions(read);
}

/** Environment variables the key inputs default to, as OVH's own tools name them. */
const KEY_INPUTS = [
  ["ovh-application-key", "OVH_APPLICATION_KEY"],
  ["ovh-application-secret", "OVH_APPLICATION_SECRET"],
  ["ovh-consumer-key", "OVH_CONSUMER_KEY"],
] as const;

/** IPLB service names: letters, digits and . _ - (also keeps "/" "?" "{" out of request paths). */
const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where the OVH API is and who calls it: what every backend that drives the OVH API needs. */
export type OvhConnection = Pick<OvhOptions, "endpoint" | "credentials">;

/** The credentials (masked first, so that no later error message can carry one) and the endpoint. */
export function parseOvhConnection(read: InputReader, env: NodeJS.ProcessEnv = process.env): OvhConnection {
  const credentials = parseCredentials(read, env);
  return { credentials, endpoint: parseEndpoint(read) };
}

export function parseOvhOptions(read: InputReader, env: NodeJS.ProcessEnv = process.env): OvhOptions {
  const { credentials, endpoint } = parseOvhConnection(read, env);
  const service = required(read, "ovh-service", "for backend ipLoadbalancing (the Load Balancer's serviceName, e.g. loadbalancer-1a2b3c)");
  if (!SERVICE_PATTERN.test(service)) {
    throw new InputError("ovh-service", `"${printable(service)}" is not allowed; allowed: a serviceName of letters, digits and . _ -.`);
  }
  const protocol = oneOf(read, "ovh-protocol", OVH_PROTOCOLS, "http");
  const frontends = idList(read, "ovh-frontends");
  if (frontends.length === 0) {
    throw new InputError(
      "ovh-frontends",
      "is required for backend ipLoadbalancing: the production frontend ids, comma-separated (one per port).",
    );
  }
  const previewFrontends = idList(read, "ovh-preview-frontends");
  if (previewFrontends.length !== 0 && previewFrontends.length !== frontends.length) {
    throw new InputError(
      "ovh-preview-frontends",
      `has ${previewFrontends.length} ids but ovh-frontends has ${frontends.length}; allowed: one preview frontend per production frontend, in the same order, or none.`,
    );
  }
  const overlap = previewFrontends.filter((id) => frontends.includes(id));
  if (overlap.length > 0) {
    throw new InputError(
      "ovh-preview-frontends",
      `frontend ${overlap.join(", ")} is also in ovh-frontends; a preview frontend must differ from production.`,
    );
  }
  for (const [name, ids] of [
    ["ovh-frontends", frontends],
    ["ovh-preview-frontends", previewFrontends],
  ] as const) {
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated !== undefined) throw new InputError(name, `lists frontend ${repeated} twice.`);
  }
  const farms = { blue: idList(read, "ovh-blue-farms"), green: idList(read, "ovh-green-farms") };
  for (const color of COLORS) {
    const name = `ovh-${color}-farms`;
    if (farms[color].length !== frontends.length) {
      throw new InputError(
        name,
        `has ${farms[color].length} ids but ovh-frontends has ${frontends.length}; allowed: one ${color} farm per production frontend, in the same order.`,
      );
    }
  }
  const shared = farms.blue.filter((id) => farms.green.includes(id));
  if (shared.length > 0) {
    throw new InputError("ovh-green-farms", `farm ${shared.join(", ")} is also in ovh-blue-farms; the two colors need different farms.`);
  }
  return { endpoint, credentials, service, protocol, frontends, previewFrontends, farms };
}

function parseCredentials(read: InputReader, env: NodeJS.ProcessEnv): OvhCredentials {
  // Each API key: the input, else the environment variable OVH's own tools read.
  const keyInputs = KEY_INPUTS.map(([input, variable]) => ({ input, variable, given: optional(read(input)) }));
  const [applicationKey, applicationSecret, consumerKey] = keyInputs.map((key) => key.given ?? optional(env[key.variable] ?? ""));
  const clientId = optional(read("ovh-client-id"));
  const clientSecret = optional(read("ovh-client-secret"));
  // Mask before any check: an error below must never be the first place a secret shows up.
  maskSecret(applicationSecret);
  maskSecret(consumerKey);
  maskSecret(clientSecret);

  const oauthGiven = clientId !== undefined || clientSecret !== undefined;
  // Keys from the environment alone do not conflict with OAuth2 inputs: a runner may export them globally.
  if (oauthGiven && keyInputs.some((key) => key.given !== undefined)) {
    throw new InputError(
      "ovh-client-id",
      "OAuth2 credentials (ovh-client-id, ovh-client-secret) and API keys (ovh-application-key, ovh-application-secret, ovh-consumer-key) were both given; allowed: exactly one of the two sets.",
    );
  }
  if (oauthGiven) {
    if (clientId === undefined) throw new InputError("ovh-client-id", "is required with ovh-client-secret (OAuth2 service account).");
    if (clientSecret === undefined) throw new InputError("ovh-client-secret", "is required with ovh-client-id (OAuth2 service account).");
    checkCredential(clientId, "ovh-client-id");
    checkCredential(clientSecret, "ovh-client-secret");
    return { kind: "oauth2", clientId, clientSecret };
  }
  const values = [applicationKey, applicationSecret, consumerKey];
  const missing = keyInputs.filter((_, i) => values[i] === undefined);
  if (missing.length === keyInputs.length) {
    throw new InputError(
      "ovh-application-key",
      "no OVH credentials were given; allowed: ovh-application-key, ovh-application-secret and ovh-consumer-key (or OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY), or ovh-client-id and ovh-client-secret.",
    );
  }
  const first = missing[0];
  if (first) {
    throw new InputError(
      first.input,
      `is required with the other API keys (or set ${first.variable}); missing: ${missing.map((key) => key.input).join(", ")}.`,
    );
  }
  // A value that cannot go into an HTTP header (a pasted line break...) made the client throw a stack trace.
  keyInputs.forEach((key, i) => {
    checkCredential(values[i], key.input, key.given === undefined ? key.variable : undefined);
  });
  return {
    kind: "keys",
    applicationKey: applicationKey as string,
    applicationSecret: applicationSecret as string,
    consumerKey: consumerKey as string,
  };
}

/** OVH keys, consumer keys and OAuth2 ids are printable ASCII without spaces; they travel in HTTP headers. */
const CREDENTIAL_PATTERN = /^[\x21-\x7e]+$/;

/** Refuses a credential that holds a line break, space, control or non-ASCII character, without ever quoting it. */
function checkCredential(value: string | undefined, input: string, variable?: string): void {
  if (value === undefined || CREDENTIAL_PATTERN.test(value)) return;
  const source = variable ? ` (read from ${variable})` : "";
  const what = /[\r\n]/.test(value)
    ? "a line break"
    : /[\u0000-\u001f\u007f]/.test(value)
      ? "a control character"
      : "a space or a non-ASCII character";
  throw new InputError(
    input,
    `the value${source} contains ${what}; allowed: the credential exactly as OVH issued it, on one line, printable ASCII without spaces (the value is not shown).`,
  );
}

function parseEndpoint(read: InputReader): OvhEndpoint {
  const text = optional(read("ovh-endpoint")) ?? "ovh-eu";
  if ((OVH_ENDPOINTS as readonly string[]).includes(text)) {
    return { kind: "named", name: text as (typeof OVH_ENDPOINTS)[number], text };
  }
  const allowed = `allowed: ${OVH_ENDPOINTS.join(", ")}, or an https:// URL such as https://eu.api.ovh.com/1.0`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError("ovh-endpoint", `"${printable(text)}" is neither a known endpoint nor a URL; ${allowed}.`);
  }
  // The client always speaks HTTPS: an http:// URL would silently be called over TLS anyway.
  if (url.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
    throw new InputError("ovh-endpoint", `"${printable(text)}" is not allowed; ${allowed} (https only, no credentials or query).`);
  }
  const basePath = url.pathname.replace(/\/+$/, "") || "/1.0";
  return {
    kind: "url",
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : 443,
    basePath,
    // OVH serves OAuth2 tokens under /auth/ of its own site; a gateway is assumed to do the same.
    tokenUrl: `${url.origin}/auth/`,
    text: `${url.origin}${basePath}`,
  };
}

/** Comma-separated positive integer ids (OVH frontend and farm ids are longs). */
function idList(read: InputReader, name: string): number[] {
  return list(read, name).map((item) => {
    if (!/^[0-9]{1,15}$/.test(item) || Number(item) < 1) {
      throw new InputError(name, `"${printable(item)}" is not an id; allowed: a comma-separated list of positive whole numbers.`);
    }
    return Number(item);
  });
}
