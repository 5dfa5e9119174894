import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type Fault = "drop" | "hang" | "refuse" | "pass";

export interface FaultRule {
  /** Commands this rule applies to. */
  match: RegExp;
  /** Which matching command fails (1 = the first). */
  nth: number;
  /** "pass" forwards the command (with the hooks below around it). */
  fault: Fault;
  /** Runs (and is awaited) when the command arrives, before the fault: kill the client, pause it... */
  before?: () => void | Promise<void>;
  /** "pass" only: runs (and is awaited) after HAProxy answered, before the client gets the answer. */
  after?: () => void | Promise<void>;
}

/**
 * A unix socket standing between bluegreen and HAProxy's Runtime API that passes commands through,
 * except the one a rule picks: that one is dropped (connection closed, no answer), hangs (no answer
 * ever), or is refused (an error answer, as HAProxy gives). Records every command it saw.
 */
export async function startFaultSocket(target: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "bluegreen-fault-"));
  const socket = path.join(dir, "fault.sock");
  const seen: string[] = [];
  const counts = new Map<FaultRule, number>();
  let rules: FaultRule[] = [];
  const open = new Set<net.Socket>();
  // allowHalfOpen: bluegreen half-closes after its command and still reads the answer.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    let line = "";
    client.on("data", (chunk: Buffer) => {
      line += chunk.toString();
      if (!line.includes("\n")) return;
      const command = line.trim();
      seen.push(command);
      // Every rule counts the commands it matches, so two rules on one command (its 1st and 2nd
      // occurrence, say) each see every occurrence; the first rule whose turn it is applies.
      const due = rules.filter((r) => r.match.test(command) && (counts.set(r, (counts.get(r) ?? 0) + 1).get(r) as number) === r.nth);
      const rule = due[0];
      void (async () => {
        await rule?.before?.();
        if (rule?.fault === "drop") return void client.destroy();
        if (rule?.fault === "hang") return;
        if (rule?.fault === "refuse") return void client.end("Internal error: injected fault.\n");
        const upstream = net.createConnection(target, () => upstream.end(`${command}\n`));
        upstream.on("error", () => client.destroy());
        if (!rule?.after) return void upstream.pipe(client);
        const answer: Buffer[] = [];
        upstream.on("data", (chunk: Buffer) => answer.push(chunk));
        upstream.on("end", async () => {
          await rule.after?.();
          client.end(Buffer.concat(answer));
        });
      })();
    });
    client.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    seen,
    setRules(next: FaultRule[]) {
      rules = next;
      counts.clear();
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of open) client.destroy();
        server.close(() => resolve());
      }),
  };
}
