import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import tls from "node:tls";
import { pathToFileURL } from "node:url";
import type { Backend } from "../../src/backend.js";
import { createBackend } from "../../src/backends/create.js";
import { type Config, parseConfig } from "../../src/inputs.js";
import { startFakeCluster } from "../kubernetes/fake-api.js";
import { KEY_INPUTS, startWorld } from "../ovh/world.js";
import { startApp } from "../support/apps.js";
import { startFaultSocket } from "../support/fault-socket.js";
import { startHaproxy } from "../support/haproxy.js";
import { MemoryRouter, memoryBackend } from "../support/memory-backend.js";

/**
 * THE list of backends the contract suite runs over: a new backend adds one entry here and gets
 * every contract case. An entry starts its world once per file (the suite reuses it across cases)
 * and says how to open the backend over it and which requests the world saw write.
 */
export interface ContractWorld {
  /** The backend over this world, configured for `mode` (and any extra inputs). */
  open(inputs: Record<string, string>): Promise<{ backend: Backend; config: Config }>;
  /** Forgets the requests seen so far. */
  mark(): void;
  /** Every request (or Runtime API command) that wrote to the router since mark(), as the world recorded it. */
  writes(): string[];
  close(): Promise<void>;
}

export interface ContractBackend {
  name: string;
  start(): Promise<ContractWorld>;
}

/** Opens a backend the way main.ts does: the inputs parsed once, then the registry. */
export async function openReal(inputs: Record<string, string>): Promise<{ backend: Backend; config: Config }> {
  const read = (name: string) => inputs[name] ?? "";
  const config = parseConfig(read, {});
  return { backend: await createBackend(read, config), config };
}

const HAPROXY_WRITE = /^(set|add|del|prepare|commit|clear) map\b/;

/**
 * Worlds a backend keeps in its own folder, `src/backends/<folder>/contract-world.ts` exporting
 * `contractWorld`: a new backend joins the suite without an edit here (the add-a-backend test
 * relies on it). Never imported by src/, so never bundled.
 */
async function worldsInBackendFolders(): Promise<ContractBackend[]> {
  const root = path.resolve(import.meta.dirname, "../../src/backends");
  const worlds: ContractBackend[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const file = path.join(root, entry.name, "contract-world.ts");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as { contractWorld?: ContractBackend };
    if (!module.contractWorld) throw new Error(`${file} exports no contractWorld`);
    worlds.push(module.contractWorld);
  }
  return worlds;
}

const LISTED: ContractBackend[] = [
  {
    name: "in-memory",
    async start() {
      const router = new MemoryRouter({ ledger: "" });
      let seen = 0;
      return {
        async open(inputs) {
          const read = (name: string) => (name === "backend" ? "haproxy" : (inputs[name] ?? ""));
          return { backend: memoryBackend(router), config: parseConfig(read, {}) };
        },
        mark: () => {
          seen = router.writes.length;
        },
        writes: () => router.writes.slice(seen).flat(),
        close: async () => undefined,
      };
    },
  },
  {
    name: "haproxy",
    async start() {
      const blue = await startApp("blue", "v1");
      const green = await startApp("green", "v0");
      const haproxy = await startHaproxy({ blue: [blue.address], green: [green.address] });
      // Every Runtime API command goes through a recording proxy: the world's request log.
      const proxy = await startFaultSocket(haproxy.socket);
      let seen = 0;
      const base = {
        backend: "haproxy",
        "haproxy-socket": proxy.socket,
        "haproxy-map": haproxy.mapFile,
        "deploy-command": "none",
      };
      return {
        open: (inputs) => openReal({ ...base, ...inputs }),
        mark: () => {
          seen = proxy.seen.length;
        },
        writes: () => proxy.seen.slice(seen).filter((command) => HAPROXY_WRITE.test(command)),
        async close() {
          await proxy.close();
          await haproxy.stop();
          await blue.close();
          await green.close();
        },
      };
    },
  },
  ...(["k8s-service", "openshift-route", "k8s-gateway"] as const).map(
    (kind): ContractBackend => ({
      name: kind,
      async start() {
        const cluster = await startFakeCluster();
        const app = `contract-${kind}`;
        cluster.addApp({ app, images: { blue: `registry.test/${app}:v1`, green: `registry.test/${app}:v0` }, live: "blue", backend: kind });
        await cluster.settle();
        const base = { backend: kind, kubeconfig: cluster.kubeconfig(), app, image: `registry.test/${app}`, timeout: "20" };
        let seen = 0;
        return {
          open: (inputs) => openReal({ ...base, ...inputs }),
          mark: () => {
            seen = cluster.requests.length;
          },
          writes: () =>
            cluster.requests
              .slice(seen)
              .filter((r) => r.method !== "GET")
              .map((r) => `${r.method} ${r.path}`),
          close: () => cluster.close(),
        };
      },
    }),
  ),
  {
    name: "ipLoadbalancing",
    async start() {
      const world = await startWorld();
      // The bundle trusts the fake API through NODE_EXTRA_CA_CERTS; in-process, the same CA is
      // added to this worker's defaults (the fake's certificate only; nothing is made insecure).
      tls.setDefaultCACertificates([...tls.getCACertificates("default"), readFileSync(world.fake.caFile, "utf8")]);
      let seen = 0;
      const base = { ...world.inputs, ...KEY_INPUTS };
      return {
        open: (inputs) => openReal({ ...base, ...inputs }),
        mark: () => {
          seen = world.fake.requests.length;
        },
        writes: () =>
          world.fake.requests
            .slice(seen)
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.path}`),
        close: () => world.close(),
      };
    },
  },
];

export const CONTRACT_BACKENDS: ContractBackend[] = [...LISTED, ...(await worldsInBackendFolders())];
