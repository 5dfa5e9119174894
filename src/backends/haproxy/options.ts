import { InputError } from "../../errors.js";
import { type InputReader, optional, printable } from "../../input-text.js";
import { oneOf, required } from "../../input-values.js";
import type { CommonSettings } from "../descriptor.js";

/**
 * file: every switch is also written to the map file, and bluegreen refuses to switch when it cannot
 * write it (a reload would undo the switch). runtime: the user accepts a switch that lives only in
 * HAProxy's memory; bluegreen never touches the file and says the switch is not durable.
 */
export const PERSIST_MODES = ["file", "runtime"] as const;
export type PersistMode = (typeof PERSIST_MODES)[number];

export interface HaproxyOptions {
  /** Unix socket path, or host and port, of the Runtime API (stats socket at level operator or admin; user for status and rollback). */
  socket: { path: string } | { host: string; port: number };
  socketText: string;
  /** The map as HAProxy knows it (the path it loaded). */
  map: string;
  /** Where the runner can write the same map file so a reload keeps the switch ("" when not set). */
  mapFile: string;
  backends: { blue: string; green: string };
  persist: PersistMode;
}

/** What the haproxy backend is given: its own inputs, parsed and checked. */
export type HaproxySettings = HaproxyOptions;

/** Every input check of the haproxy backend, before any I/O. */
export function parseHaproxySettings(read: InputReader, _common: CommonSettings): HaproxySettings {
  return parseHaproxyOptions(read);
}

const HAPROXY_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAP_PATH = /^\/[A-Za-z0-9_./@+-]{1,1000}$/;

export function parseHaproxyOptions(read: InputReader): HaproxyOptions {
  const socketText = required(read, "haproxy-socket", "for backend haproxy (the Runtime API: a unix socket path or host:port)");
  const map = required(read, "haproxy-map", "for backend haproxy (the map file path as HAProxy knows it)");
  if (!MAP_PATH.test(map)) {
    throw new InputError(
      "haproxy-map",
      `"${printable(map)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`,
    );
  }
  const mapFile = optional(read("haproxy-map-file")) ?? map;
  if (!MAP_PATH.test(mapFile)) {
    throw new InputError(
      "haproxy-map-file",
      `"${printable(mapFile)}" is not allowed; allowed: an absolute file path of letters, digits and _ . / @ + -.`,
    );
  }
  const blue = backendName(read, "blue-backend", "blue");
  const green = backendName(read, "green-backend", "green");
  if (blue === green) throw new InputError("green-backend", `must differ from blue-backend (both are "${blue}").`);
  const persist = oneOf(read, "haproxy-persist", PERSIST_MODES, "file");
  return { socket: parseSocket(socketText), socketText, map, mapFile, backends: { blue, green }, persist };
}

function parseSocket(text: string): HaproxyOptions["socket"] {
  if (text.startsWith("/")) return { path: text };
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) {
    throw new InputError("haproxy-socket", `"${printable(text)}" is not allowed; allowed: an absolute unix socket path or host:port.`);
  }
  return { host: (match[1] as string).replace(/^\[|\]$/g, ""), port };
}

function backendName(read: InputReader, name: string, fallback: string): string {
  const value = optional(read(name)) ?? fallback;
  if (!HAPROXY_NAME.test(value)) {
    throw new InputError(name, `"${printable(value)}" is not allowed; allowed: an HAProxy backend name of letters, digits and _ . : -.`);
  }
  return value;
}
