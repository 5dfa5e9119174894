import { readFileSync } from "node:fs";
import tls from "node:tls";
import type { ContractBackend } from "../../../test/contract/backends.js";
import { startOvhDnsWorld } from "../../../test/ovh-dns/world.js";
import { parseConfig } from "../../inputs.js";
import { createBackend } from "../create.js";

/**
 * ovh-dns's world for the contract suite: the OVH API model with its zone and DNS server
 * (test/ovh-dns/world.ts). Never imported by src/, so never bundled.
 */
export const contractWorld: ContractBackend = {
  name: "ovh-dns",
  async start() {
    const world = await startOvhDnsWorld();
    // The bundle trusts the model through NODE_EXTRA_CA_CERTS; in-process, its CA joins this worker's defaults.
    tls.setDefaultCACertificates([...tls.getCACertificates("default"), readFileSync(world.fake.caFile, "utf8")]);
    const zone = world.fake.zone;
    if (!zone) throw new Error("the ovh-dns world has no zone");
    let seen = 0;
    return {
      async open(inputs) {
        const all: Record<string, string> = { ...world.inputs, "deploy-command": "none", ...inputs };
        const read = (name: string) => all[name] ?? "";
        const config = parseConfig(read, {});
        return { backend: await createBackend(read, config), config };
      },
      mark: () => {
        seen = world.fake.requests.length;
      },
      writes: () =>
        world.fake.requests
          .slice(seen)
          .filter((r) => r.method !== "GET")
          .map((r) => {
            // The lock's record is bookkeeping: its writes are marked so routingWrites leaves them out.
            const id = /\/record\/(\d+)$/.exec(r.path)?.[1];
            const lock = id ? zone.subDomainOf.get(Number(id))?.startsWith("_bluegreen-lock.") : r.body.includes('"_bluegreen-lock.');
            return `${lock ? "lock " : ""}${r.method} ${r.path}`;
          }),
      close: () => world.close(),
    };
  },
  routingWrites: {
    // "POST /domain/zone/z/record {...}", "PUT .../record/ID {...} (...)", "DELETE .../record/ID (...)", "POST .../refresh: ...".
    planned: (lines) =>
      lines.filter((l) => /^(POST|PUT|DELETE) \/domain\/zone\//.test(l)).map((l) => l.split(" ").slice(0, 2).join(" ").replace(/:$/, "")),
    recorded: (writes) => writes.filter((w) => !w.startsWith("lock ")).map((w) => w.replace(" /1.0/", " /")),
  },
};
