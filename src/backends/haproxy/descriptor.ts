import type { InputDescriptor } from "../descriptor.js";
import { defineBackend } from "../descriptor.js";

const inputs: readonly InputDescriptor[] = [
  {
    name: "haproxy-socket",
    description: "Runtime API socket (unix path or host:port), level operator or admin (status and rollback: user too).",
    gitlab: { description: "Runtime API socket (unix path or host:port), level operator or admin." },
  },
  {
    name: "haproxy-map",
    description: "the map path as HAProxy knows it, holding the active and preview entries.",
    gitlab: { description: "the map path as HAProxy knows it." },
  },
  {
    name: "haproxy-map-file",
    description: "where this runner can write that map file (default: haproxy-map), so a reload keeps the switch.",
    gitlab: { description: "where the runner can write that map file (default: haproxy-map)." },
  },
  { name: "blue-backend", description: "the blue backend's name.", default: "blue", gitlab: { pattern: "^\\S+$" } },
  { name: "green-backend", description: "the green backend's name.", default: "green", gitlab: { pattern: "^\\S+$" } },
  {
    name: "haproxy-persist",
    description:
      "file (every change is also written to the map file; refused when this runner cannot write it) or runtime (accept changes that live only in HAProxy's memory, undone by a reload).",
    default: "file",
    options: ["file", "runtime"],
    gitlab: {
      description:
        "file (the map file is rewritten so a reload keeps the switch; refused when it cannot be) or runtime (accept a switch a reload undoes).",
    },
  },
];

/** HAProxy through its Runtime API: one atomic map change, no reload. */
export const haproxy = defineBackend({
  kind: "haproxy",
  title: "HAProxy",
  switchedBy: "one atomic map change through the Runtime API (no reload, no dropped connection)",
  docs: "docs/haproxy.md",
  inputs,
  // The stats socket is reached by path or address; it carries no credential of its own.
  credentialEnv: [],
  capabilities: {
    deploysWorkload: false,
    trafficSteps: false,
    headerPreview: false,
    statusAccess: "the Runtime API socket (show map, show stat); the map file need not be writable",
  },
  settings: () => import("./options.js").then((module) => module.parseHaproxySettings),
  load: () => import("./index.js").then((module) => module.createHaproxy),
});
