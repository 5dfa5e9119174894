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
  /**
   * The routing writes a plan promises, from describe()'s lines, and the routing writes the world
   * recorded, each in one comparable form (bookkeeping such as locks left out of both): the suite
   * asserts they are the same, so that what dry-run shows cannot drift from what apply() does.
   */
  routingWrites: { planned(lines: string[]): string[]; recorded(writes: string[]): string[] };
}

/** Kubernetes objects as describe() names them ("PATCH service default/app"), from an API path. */
const K8S_KINDS: Record<string, string> = { services: "service", routes: "route", httproutes: "httproute" };

const kubernetesWrites = {
  planned: (lines: string[]) => lines.filter((l) => l.startsWith("PATCH ")).map((l) => l.split(" ").slice(0, 3).join(" ")),
  recorded: (writes: string[]) =>
    writes.map((w) => {
      const match = /^(\w+) \S*\/namespaces\/([^/]+)\/(services|routes|httproutes)\/([^/?]+)$/.exec(w);
      return match ? `${match[1]} ${K8S_KINDS[match[3] as string]} ${match[2]}/${match[4]}` : w;
    }),
};

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
    routingWrites: { planned: (lines) => lines, recorded: (writes) => writes },
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
    routingWrites: {
      // "set map F K V (was X)" and "record bluegreen.ledger in F": the entries of the one map version.
      planned: (lines) =>
        lines.flatMap((l) => {
          const set = /^set map (\S+) (\S+) (\S+)/.exec(l);
          if (set) return [`${set[1]} ${set[2]} ${set[3]}`];
          const ledger = /^record bluegreen\.ledger in (\S+),/.exec(l);
          return ledger ? [`${ledger[1]} bluegreen.ledger`] : [];
        }),
      // The entries added to the new map version, without the lock's lease and revision markers.
      recorded: (writes) =>
        writes.flatMap((w) => {
          const add = /^add map @\d+ (\S+) (\S+) (\S+)/.exec(w);
          if (!add || /^bluegreen\.(lock|rev\.)/.test(add[2] as string)) return [];
          return [add[2] === "bluegreen.ledger" ? `${add[1]} bluegreen.ledger` : `${add[1]} ${add[2]} ${add[3]}`];
        }),
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
      routingWrites: kubernetesWrites,
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
    routingWrites: {
      planned: (lines) => lines.filter((l) => /^(PUT|POST) /.test(l)).map((l) => l.split(" ").slice(0, 2).join(" ").replace(/,$/, "")),
      // The API's base path off; the lock's lease (a PUT of the service's displayName) left out.
      recorded: (writes) => writes.map((w) => w.replace(" /1.0/", " /")).filter((w) => !/^PUT \/ipLoadbalancing\/[^/]+$/.test(w)),
    },
  },
];

export const CONTRACT_BACKENDS: ContractBackend[] = [...LISTED, ...(await worldsInBackendFolders())];
