import type { OvhConnection } from "./options.js";

/** The one client method bluegreen uses; see node-ovh.d.ts. */
export interface OvhRequester {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): PromiseLike<unknown>;
}

/**
 * Builds the official client. It is CommonJS and pulls in bluebird, async and simple-oauth2, so it is
 * imported only here, when a run of a backend that drives the OVH API actually needs it.
 */
export async function createOvhRequester(options: OvhConnection): Promise<OvhRequester> {
  const imported = await import("@ovhcloud/node-ovh");
  // CommonJS through ESM: the factory is the default export (ncc and Node agree on this shape).
  const factory = ((imported as { default?: unknown }).default ?? imported) as typeof import("@ovhcloud/node-ovh");
  const { endpoint, credentials } = options;
  // No `timeout`: OvhApi keeps its own deadline per request (see withDeadline in api.ts).
  const params: Parameters<typeof factory>[0] = {};
  if (endpoint.kind === "named") {
    params.endpoint = endpoint.name;
  } else {
    params.host = endpoint.host;
    params.port = endpoint.port;
    params.basePath = endpoint.basePath;
    if (credentials.kind === "oauth2") params.tokenURL = endpoint.tokenUrl;
  }
  if (credentials.kind === "keys") {
    params.appKey = credentials.applicationKey;
    params.appSecret = credentials.applicationSecret;
    params.consumerKey = credentials.consumerKey;
  } else {
    params.clientID = credentials.clientId;
    params.clientSecret = credentials.clientSecret;
  }
  return factory(params);
}
