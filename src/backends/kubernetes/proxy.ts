import http from "node:http";
import https from "node:https";
import type { HttpRequester } from "../../backend.js";
import type { Color } from "../../colors.js";
import { InputError } from "../../errors.js";
import { getOnce } from "../../smoke/http.js";
import { call } from "./api-errors.js";
import type { Kube } from "./client.js";
import type { KubernetesOptions } from "./options.js";

/**
 * GETs through the API server's service proxy (`/api/v1/namespaces/<ns>/services/<app>-<color>:<port>/proxy/...`)
 * with the kubeconfig's credentials, so a runner outside the cluster can test a color that is not exposed.
 */
export async function serviceProxyRequester(
  kube: Kube,
  options: KubernetesOptions,
  color: Color,
): Promise<HttpRequester & { close(): void }> {
  const name = `${options.app}-${color}`;
  const service = await call({ kind: "Service", namespace: options.namespace, name, input: "app", verb: "read" }, kube.server, () =>
    kube.core.readNamespacedService({ name, namespace: options.namespace }),
  );
  const port = service.spec?.ports?.[0];
  if (!port) throw new InputError("app", `service ${options.namespace}/${name} has no ports; give it one, or set test-url.`);
  const base = `${kube.server}/api/v1/namespaces/${encodeURIComponent(options.namespace)}/services/${encodeURIComponent(`${name}:${port.name || port.port}`)}/proxy`;

  // The kubeconfig's TLS material and Authorization header, as client-node applies them to its own calls.
  const tls: https.RequestOptions = {};
  await kube.config.applyToHTTPSOptions(tls);
  const secure = base.startsWith("https:");
  const agentOptions = {
    keepAlive: true,
    maxSockets: 64,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    rejectUnauthorized: tls.rejectUnauthorized,
    servername: tls.servername,
  };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const request = secure ? https.request : http.request;
  const headers: Record<string, string> = { "user-agent": "bluegreen" };
  for (const [key, value] of Object.entries(tls.headers ?? {})) if (value !== undefined) headers[key] = String(value);

  return {
    describe: `the service proxy ${base}`,
    get(path, timeoutMs) {
      const target = `${base}/${path.replace(/^\/+/, "")}`;
      return getOnce(request, target, { method: "GET", agent, headers, auth: tls.auth }, timeoutMs);
    },
    close() {
      agent.destroy();
    },
  };
}
