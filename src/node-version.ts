/**
 * The Node.js versions bluegreen runs on. index.ts checks them before it loads main.js or any
 * backend: on a Node that is too old, a client library otherwise dies deep inside its own code
 * (`Cannot read properties of undefined (reading 'bind')` from the Kubernetes client on Node 20)
 * with a stack trace instead of a sentence. The backends' needs come from their descriptors, which
 * are data: this module loads no backend code and no client library, so the check itself runs on any Node.
 */
import { BACKENDS, descriptorOf } from "./backends/registry.js";
import { listed } from "./listed.js";

/** What every backend needs: HAProxy and OVH runs are tested on Node 20 (test/node-version.test.ts). */
export const NODE_MINIMUM = "20.0.0";

/** The minimum Node.js version for a backend (an unknown or missing name: the general minimum). */
export function nodeMinimum(backend: string | undefined): string {
  return (backend !== undefined && descriptorOf(backend)?.node?.minimum) || NODE_MINIMUM;
}

/** One sentence when `found` cannot run `backend`, else undefined. */
export function nodeVersionProblem(found: string, backend: string | undefined): string | undefined {
  if (isOlder(found, NODE_MINIMUM)) {
    return `Node.js ${found} is too old for bluegreen: it needs Node.js ${NODE_MINIMUM} or newer.`;
  }
  const special = backend !== undefined ? descriptorOf(backend)?.node : undefined;
  if (special && isOlder(found, special.minimum)) {
    const anyNode = BACKENDS.filter((candidate) => candidate.node === undefined)
      .map((candidate) => candidate.kind as string)
      .sort((a, b) => a.localeCompare(b));
    return `Node.js ${found} is too old for backend "${backend}": it needs Node.js ${special.minimum} or newer (${special.reason}); the ${listed(anyNode, "and")} backends run on Node.js ${NODE_MINIMUM} and newer.`;
  }
  return undefined;
}

/**
 * The backend a run will use, read the way the run reads it: the CLI's `--backend x` or
 * `--backend=x` first, then INPUT_BACKEND (the runner's variable, also the CLI's fallback).
 * A malformed command line is left to the CLI's own usage errors.
 */
export function requestedBackend(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--backend") return argv[i + 1];
    if (arg.startsWith("--backend=")) return arg.slice("--backend=".length);
  }
  const fromEnv = env.INPUT_BACKEND?.trim();
  return fromEnv ? fromEnv : undefined;
}

/** True when version a (like "20.20.2", "v22.19.0" or "24.0.0-nightly") is older than b. */
export function isOlder(a: string, b: string): boolean {
  const parts = (v: string) => v.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const [p, q] = [x[i] ?? 0, y[i] ?? 0];
    if (p !== q) return p < q;
  }
  return false;
}
