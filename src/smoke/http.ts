import http from "node:http";
import https from "node:https";
import type { HttpRequester } from "../backend.js";

/** GETs paths under a base URL over keep-alive connections (one pool per requester). */
export function urlRequester(base: URL, maxSockets = 64): HttpRequester & { close(): void } {
  const secure = base.protocol === "https:";
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
  const request = secure ? https.request : http.request;
  return {
    describe: base.toString(),
    get(path, timeoutMs) {
      const target = new URL(joinPath(base.pathname, path), base);
      target.search = base.search;
      return getOnce(request, target, { method: "GET", agent, headers: { "user-agent": "bluegreen" } }, timeoutMs);
    },
    close() {
      agent.destroy();
    },
  };
}

/** One request: resolves with its status and body, rejects on a transport error or after timeoutMs. */
export function getOnce(
  request: typeof http.request | typeof https.request,
  target: string | URL,
  options: http.RequestOptions,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(target, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

function joinPath(basePath: string, path: string): string {
  return `${basePath.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
