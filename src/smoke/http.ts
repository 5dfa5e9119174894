import type http from "node:http";
import type https from "node:https";
import type { Pool } from "undici";
import type { HttpRequester } from "../backend.js";
import { basicAuthorization, safeUrl } from "../urls.js";

/**
 * GETs paths under a base URL over a pool of keep-alive connections. undici's Pool (the engine of
 * Node's own fetch) does about 1.5 times the requests per second of node:http on the same
 * connections, which test mode's load needs. undici is imported at the first request, not before:
 * a run that sends none (a dry run, a promote without verify-url) never loads it.
 */
export function urlRequester(base: URL, connections = 64): HttpRequester & { close(): void } {
  let pool: Promise<Pool> | undefined;
  const open = () => {
    pool ??= import("undici").then(({ Pool }) => new Pool(base.origin, { connections }));
    return pool;
  };
  const prefix = base.pathname.replace(/\/+$/, "");
  const authorization = basicAuthorization(base);
  const headers: Record<string, string> = { "user-agent": "bluegreen", ...(authorization ? { authorization } : {}) };
  return {
    describe: safeUrl(base),
    async get(path, timeoutMs) {
      const { statusCode, body } = await (await open()).request({
        path: `${prefix}/${path.replace(/^\/+/, "")}${base.search}`,
        method: "GET",
        headers,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { status: statusCode, body: await body.text() };
    },
    close() {
      void pool?.then((opened) => opened.destroy());
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
