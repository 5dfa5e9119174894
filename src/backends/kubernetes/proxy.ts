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
  /**
   * Probed once before the requester is handed out, so that an answer that cannot heal fails at
   * once; undefined (a dry run, which sends nothing) skips the probe.
   */
  probePath?: string,
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

  const requester = {
    describe: `the service proxy ${base}`,
    get(path: string, timeoutMs: number) {
      const target = `${base}/${path.replace(/^\/+/, "")}`;
      return getOnce(request, target, { method: "GET", agent, headers, auth: tls.auth }, timeoutMs);
    },
    close() {
      agent.destroy();
    },
  };
  if (probePath === undefined) return requester;
  try {
    const first = await requester.get(probePath, Math.min(10_000, options.requestTimeoutMs)).catch(() => undefined);
    const permanent = first && permanentProxyFailure(first, `${options.namespace}/${name}`, String(port.name || port.port));
    if (permanent) throw permanent;
  } catch (error) {
    requester.close();
    throw error;
  }
  return requester;
}

/**
 * The API server's own answer (a Status object, not the application's) when the service proxy cannot
 * reach the Service and waiting will not change that: no Service or no Endpoints object (404), a port
 * the Service does not have, or credentials without `services/proxy`. "no endpoints available" (503)
 * can heal as pods get ready, and is left to the wait.
 */
export function permanentProxyFailure(answer: { status: number; body: string }, service: string, port: string): Error | undefined {
  let status: { kind?: unknown; apiVersion?: unknown; code?: unknown; message?: unknown };
  try {
    status = JSON.parse(answer.body) as typeof status;
  } catch {
    return undefined;
  }
  if (status?.kind !== "Status" || status.apiVersion !== "v1" || status.code !== answer.status) return undefined;
  const message = typeof status.message === "string" ? status.message : "";
  const said = `the API server's service proxy for service ${service} port ${port} answered ${answer.status} (${message})`;
  if (answer.status === 404 || (answer.status === 503 && /^no service port /.test(message))) {
    return new InputError(
      "app",
      `${said}, which waiting will not change; allowed: an app whose Service <app>-<color> exists with a selector and that port, or set test-url.`,
    );
  }
  if (answer.status === 401 || answer.status === 403) {
    return new InputError("kubeconfig", `${said}; grant the deployer's role "get" on services/proxy, or set test-url.`);
  }
  return undefined;
}
