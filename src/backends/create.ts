import type { Backend, RunSettings } from "../backend.js";
import type { Config, InputReader } from "../inputs.js";
import { runIdentity } from "../platform/detect.js";
import { runUserCommand } from "../platform/user-command.js";
import type { BackendDescriptor } from "./descriptor.js";
import { descriptorOf } from "./registry.js";

/**
 * Creates the configured backend from its descriptor: its settings are parsed and checked first
 * (every input error before any I/O), then its implementation is imported, only when chosen, so an
 * HAProxy run never loads the Kubernetes or OVH client, and created from those settings and the run's.
 */
export async function createBackend(read: InputReader, config: Config): Promise<Backend> {
  // Each descriptor pairs its parser with its factory through one Settings type; the registry's
  // union of descriptors cannot express that pairing, so it is taken back here as one descriptor.
  const descriptor = descriptorOf(config.backend) as BackendDescriptor | undefined;
  // parseConfig accepted config.backend from the same list: a miss is a bug, not an input error.
  if (!descriptor) throw new Error(`no backend descriptor for ${config.backend}`);
  const settings = (await descriptor.settings())(read, config);
  const create = await descriptor.load();
  return create(settings, runSettings(config));
}

/** What every backend is told about the run: never the whole Config, never the mode. */
export function runSettings(config: Config): RunSettings {
  return {
    // status is read-only like a dry run: it reports what it finds, and repairs nothing.
    readOnly: config.dryRun || config.mode === "status",
    readsOnly: config.mode === "status",
    // Given as what the step needs, not as its mode: rollback's readiness check is the router's own view.
    reachesServers: config.mode !== "status" && config.mode !== "rollback",
    timeoutSeconds: config.timeoutSeconds,
    run: runIdentity(),
    runCommand: runUserCommand,
  };
}
