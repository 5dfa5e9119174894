import net from "node:net";
import { RouterError } from "../../errors.js";
import type { HaproxyOptions } from "./options.js";

/**
 * The HAProxy Runtime API: one command per connection (non-interactive mode), the answer is
 * everything HAProxy writes before it closes. Errors come back as text, so callers read answers.
 */
export class RuntimeApi {
  constructor(
    private readonly socket: HaproxyOptions["socket"],
    private readonly timeoutMs = 10_000,
  ) {}

  /**
   * Sends one command. `refusal`, when given, is asked right before the command is written (in the
   * same callback as the write, after the connection is up): a reason it returns cancels the
   * command unsent, rejecting with NotSentError.
   */
  command(line: string, refusal?: () => string | undefined): Promise<string> {
    if (/[\n;]/.test(line)) return Promise.reject(new RouterError(`refusing to send a command with a newline or ";": ${line}`));
    return new Promise((resolve, reject) => {
      const connection =
        "path" in this.socket ? net.createConnection(this.socket.path) : net.createConnection(this.socket.port, this.socket.host);
      const chunks: Buffer[] = [];
      const verb = line.split(" ").slice(0, 2).join(" ");
      connection.setTimeout(this.timeoutMs, () =>
        connection.destroy(new Error(`HAProxy gave no answer to "${verb}" within ${this.timeoutMs} ms`)),
      );
      connection.on("connect", () => {
        const reason = refusal?.();
        if (reason === undefined) return void connection.end(`${line}\n`);
        connection.destroy();
        reject(new NotSentError(reason));
      });
      connection.on("data", (chunk: Buffer) => chunks.push(chunk));
      connection.on("error", (error: NodeJS.ErrnoException) => reject(error));
      connection.on("close", (hadError) => {
        if (hadError) return;
        // HAProxy always answers at least a newline; nothing at all means the connection was cut.
        if (chunks.length === 0) reject(new RouterError(`HAProxy closed the connection without an answer to "${verb}"`));
        else resolve(Buffer.concat(chunks).toString("utf8"));
      });
    });
  }
}

/** A command that was never written to the socket: HAProxy did nothing. */
export class NotSentError extends RouterError {}

/**
 * Runs a command that answers nothing on success (set/add/commit map). The Runtime API has no
 * status codes: any text it answers is its error message.
 */
export async function expectSilence(api: RuntimeApi, line: string): Promise<void> {
  const answer = (await api.command(line)).trim();
  if (answer !== "") throw new RouterError(`HAProxy refused "${line.split(" ").slice(0, 3).join(" ")} ...": ${withoutStop(answer)}`);
}

/** HAProxy's answers end with a full stop; ours follow them with more of the sentence. */
export function withoutStop(answer: string): string {
  return answer.trim().replace(/\.+$/, "");
}
