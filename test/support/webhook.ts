import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request a webhook receiver got. */
export interface Received {
  method: string;
  path: string;
  contentType: string;
  authorization?: string;
  body: string;
}

/** A real HTTP server on 127.0.0.1 standing in for Slack, Teams or a team's own endpoint. */
export interface WebhookReceiver {
  port: number;
  received: Received[];
  /** The status each request is answered with (Teams' Workflows answer 202). */
  status: number;
  /** The URL of a webhook on this receiver, with a token-like path (a secret, like Slack's). */
  url(path: string): string;
  close(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<WebhookReceiver> {
  const receiver = { received: [] as Received[], status } as WebhookReceiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      receiver.received.push({
        method: req.method ?? "",
        path: req.url ?? "",
        contentType: req.headers["content-type"] ?? "",
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.statusCode = receiver.status;
      res.end(receiver.status < 300 ? "ok" : "failing on purpose");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = (path) => `http://127.0.0.1:${receiver.port}${path}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
