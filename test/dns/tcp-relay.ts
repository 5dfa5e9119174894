import net from "node:net";

/**
 * A DNS-over-TCP relay for tests: it sits between a client (nsupdate, our zone client) and BIND,
 * records every framed message each way, and may rewrite the server's answers (to tamper with them) or drop them.
 */
export interface Relay {
  host: string;
  port: number;
  requests: Buffer[];
  answers: Buffer[];
  close(): Promise<void>;
}

export async function startRelay(
  upstream: { host: string; port: number },
  rewriteAnswer?: (answer: Buffer) => Buffer | undefined,
): Promise<Relay> {
  const requests: Buffer[] = [];
  const answers: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const backend = net.createConnection(upstream);
    sockets.add(client);
    sockets.add(backend);
    client.on("close", () => backend.destroy());
    backend.on("close", () => client.destroy());
    client.on("error", () => backend.destroy());
    backend.on("error", () => client.destroy());
    client.on(
      "data",
      framer((message) => {
        requests.push(message);
        backend.write(frame(message));
      }),
    );
    backend.on(
      "data",
      framer((message) => {
        answers.push(message);
        const forwarded = rewriteAnswer ? rewriteAnswer(Buffer.from(message)) : message;
        if (forwarded) client.write(frame(forwarded)); // undefined: the answer is swallowed
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    requests,
    answers,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Cuts a TCP byte stream into the DNS messages it carries (each behind a two-byte length). */
function framer(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const length = pending.readUInt16BE(0);
      onMessage(Buffer.from(pending.subarray(2, 2 + length)));
      pending = pending.subarray(2 + length);
    }
  };
}

function frame(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length, 0);
  return Buffer.concat([length, message]);
}
