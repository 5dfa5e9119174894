import { isIP } from "node:net";
import { InputError } from "../../errors.js";

export interface ServerAddress {
  host: string;
  port: number;
}

/**
 * Parses "host", "host:port", "[ipv6]:port" or a bare IPv6 address; the DNS port 53 by default.
 * `input` names the input to blame (dns-server, dns-verify-servers).
 */
export function parseServer(text: string, input = "dns-server"): ServerAddress {
  const value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const [host, port] = bracketed ? [bracketed[1] ?? "", bracketed[2]] : isIP(value) === 6 ? [value, undefined] : splitHostPort(value);
  const allowed = "allowed: host, host:port or [IPv6]:port (port 1 to 65535, default 53)";
  if (host === "" || !(isIP(host) || /^[A-Za-z0-9.-]+$/.test(host)))
    throw new InputError(input, `"${value}" is not a server address; ${allowed}.`);
  const number = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw new InputError(input, `"${value}" has no valid port; ${allowed}.`);
  return { host, port: number };
}

export function formatServer(server: ServerAddress): string {
  return isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

function splitHostPort(value: string): [string, string | undefined] {
  const colon = value.lastIndexOf(":");
  return colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}
