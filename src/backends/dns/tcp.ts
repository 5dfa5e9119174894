import net from "node:net";
import { formatServer, type ServerAddress } from "./server-address.js";

/**
 * One DNS exchange over TCP (RFC 1035 4.2.2, RFC 7766): the message with a two-byte length in front,
 * one answer back the same way. TCP, never UDP: an UPDATE and its signed answer must not be truncated,
 * and a connection tells "refused" apart from "lost".
 */

/** How the exchange failed; `sent` says whether the whole request left this process (an UPDATE may then have been applied). */
export class ExchangeFailed extends Error {
  constructor(
    readonly reason: "timeout" | "refused" | "closed" | "network",
    readonly sent: boolean,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_TIMEOUT_MS = 5_000;

export function exchange(server: ServerAddress, message: Buffer, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
  const where = formatServer(server);
  return new Promise((resolve, reject) => {
    let sent = false;
    let received = Buffer.alloc(0);
    let settled = false;
    const socket = net.createConnection({ host: server.host, port: server.port });
    const finish = (error: ExchangeFailed | undefined, answer?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer as Buffer);
    };
    const timer = setTimeout(
      () => finish(new ExchangeFailed("timeout", sent, `${where} did not answer within ${formatSeconds(timeoutMs)}`)),
      timeoutMs,
    );
    socket.setNoDelay(true);
    socket.on("connect", () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length, 0);
      socket.write(Buffer.concat([length, message]), () => {
        sent = true;
      });
    });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length >= 2 + length) finish(undefined, Buffer.from(received.subarray(2, 2 + length)));
    });
    socket.on("end", () => finish(new ExchangeFailed("closed", sent, `${where} closed the connection without a complete answer`)));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED")
        finish(new ExchangeFailed("refused", false, `${where} refused the connection (nothing listens there)`));
      else finish(new ExchangeFailed("network", sent, `the connection to ${where} failed (${error.code ?? error.message})`));
    });
  });
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
