import type { Backend } from "../backend.js";
import type { Config, InputReader } from "../inputs.js";
import { descriptorOf } from "./registry.js";

/**
 * Creates the configured backend. Its implementation is imported only when chosen (the descriptor's
 * load()), so an HAProxy run never loads the Kubernetes or OVH client. Backends validate their own
 * inputs before any I/O.
 */
export async function createBackend(read: InputReader, config: Config): Promise<Backend> {
  const descriptor = descriptorOf(config.backend);
  // parseConfig accepted config.backend from the same list: a miss is a bug, not an input error.
  if (!descriptor) throw new Error(`no backend descriptor for ${config.backend}`);
  const create = await descriptor.load();
  return create(read, config);
}
