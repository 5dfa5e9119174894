import { promises as resolver } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Pool } from "undici";
import type { HttpRequester, Readiness } from "../../backend.js";
import type { Color } from "../../colors.js";
import { RefusedError } from "../../errors.js";
import { getOnce } from "../../smoke/http.js";
import { sleep } from "../../wait.js";
import { isInZone } from "./names.js";
import { type ColorTarget, type DnsOptions, describeTarget } from "./options.js";
import type { RecordSet } from "./records.js";
import type { ZoneClient } from "./zone-client.js";

/**
 * The workload face of the dns backend. DNS knows nothing of the servers behind a name, so a color's
 * readiness is its own addresses answering health-path, several times in a row, on the scheme and port
 * the user names; test mode sends its requests to the addresses the preview name resolves to.
 */

/** Longest chain of CNAMEs followed inside the zone. */
const MAX_CNAME_HOPS = 8;

export class DnsWorkload {
  constructor(
    private readonly options: DnsOptions,
    private readonly client: ZoneClient,
    private readonly healthPath: string,
  ) {}

  /**
   * The color's addresses: its own list, or its host name resolved through the zone's primary when it is
   * in the zone (never a cache), else through this runner's ordinary resolver.
   */
  async addresses(color: Color): Promise<string[]> {
    return this.resolveTarget(this.options.colors[color]);
  }

  private async resolveTarget(target: ColorTarget): Promise<string[]> {
    if (target.kind === "addresses") return [...target.v4, ...target.v6];
    let host = target.host;
    for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
      if (!isInZone(host, this.options.zone)) {
        const [v4, v6] = await Promise.all([resolver.resolve4(host).catch(() => []), resolver.resolve6(host).catch(() => [])]);
        return [...v4, ...v6];
      }
      const [a, aaaa, cname] = await Promise.all(
        (["A", "AAAA", "CNAME"] as const).map((type) => this.client.readSet({ name: host, type })),
      );
      const values = [...(a as RecordSet).records, ...(aaaa as RecordSet).records].map((r) => r.value);
      if (values.length > 0) return values;
      const next = (cname as RecordSet).records[0]?.value;
      if (!next) return [];
      host = next;
    }
    return [];
  }

  /** "127.0.0.3:8080", "[::1]:443": where deploy-command and the checks reach the color. */
  private endpoint(address: string): string {
    return `${isIP(address) === 6 ? `[${address}]` : address}:${this.options.health.port}`;
  }

  async targets(color: Color): Promise<string[]> {
    const addresses = await this.addresses(color);
    if (addresses.length === 0)
      throw new RefusedError(
        `${color} (${describeTarget(this.options.colors[color])}) resolves to no address: deploy-command would have nowhere to deploy.`,
      );
    return addresses.map((a) => this.endpoint(a));
  }

  async fingerprint(color: Color): Promise<string> {
    return `${describeTarget(this.options.colors[color])}=[${(await this.addresses(color)).sort().join(",")}]`;
  }

  /** Every address answers health-path with 2xx, healthPasses times in a row. */
  async readiness(color: Color): Promise<Readiness> {
    const addresses = await this.addresses(color);
    const { scheme } = this.options.health;
    if (addresses.length === 0)
      return { ready: false, summary: `${color} (${describeTarget(this.options.colors[color])}) resolves to no address` };
    const passes = this.options.healthPasses;
    for (let pass = 1; pass <= passes; pass++) {
      const results = await Promise.all(addresses.map((a) => this.probe(a, this.options.name)));
      const bad = results.map((r, i) => (r === undefined ? undefined : `${this.endpoint(addresses[i] as string)} ${r}`)).filter(Boolean);
      if (bad.length > 0)
        return {
          ready: false,
          summary: `${addresses.length - bad.length}/${addresses.length} addresses of ${color} answer ${scheme} ${this.healthPath} (${bad.join(", ")})`,
        };
      if (pass < passes) await sleep(200);
    }
    return {
      ready: true,
      summary: `${addresses.length}/${addresses.length} addresses of ${color} (${addresses.map((a) => this.endpoint(a)).join(", ")}) answered ${scheme} ${this.healthPath} ${passes} times in a row`,
    };
  }

  /** undefined when the address answered health-path with 2xx; else why not. */
  private async probe(address: string, hostName: string): Promise<string | undefined> {
    const { scheme, port } = this.options.health;
    const host = hostName.replace(/\.$/, "");
    try {
      const answer = await getOnce(
        scheme === "https" ? https.request : http.request,
        `${scheme}://${this.endpoint(address)}${this.healthPath}`,
        {
          headers: { host: port === (scheme === "https" ? 443 : 80) ? host : `${host}:${port}`, "user-agent": "bluegreen" },
          agent: false,
          // The TLS server name is the DNS name, not the address connected to (https.request reads it).
          ...({ servername: host } as object),
        },
        5_000,
      );
      return answer.status >= 200 && answer.status < 300 ? undefined : `answered ${answer.status}`;
    } catch (error) {
      return `failed (${(error as Error).message})`;
    }
  }

  /**
   * Requests to the addresses `previewAddresses` (the preview name as the primary serves it), with the
   * preview name as Host and TLS server name; refused when they are not all the color's own addresses.
   */
  async previewRequester(color: Color, previewAddresses: string[]): Promise<HttpRequester & { close(): void }> {
    const own = await this.addresses(color);
    const { previewName } = this.options;
    const foreign = previewAddresses.filter((a) => !own.includes(a));
    if (previewAddresses.length === 0 || foreign.length > 0)
      throw new RefusedError(
        `${previewName} resolves on the primary to ${previewAddresses.join(", ") || "no address"}, which are not all ${color}'s addresses (${own.join(", ")}): a test through it would not prove that ${color} answered.`,
      );
    const { scheme, port } = this.options.health;
    const host = previewName.replace(/\.$/, "");
    const hostHeader = port === (scheme === "https" ? 443 : 80) ? host : `${host}:${port}`;
    const pools = previewAddresses.map(
      (a) =>
        new Pool(`${scheme}://${this.endpoint(a)}`, { connections: 16, connect: scheme === "https" ? { servername: host } : undefined }),
    );
    let next = 0;
    return {
      describe: `${scheme}://${hostHeader} (${previewName} resolved through the primary to ${previewAddresses.map((a) => this.endpoint(a)).join(", ")}, all ${color}'s)`,
      async get(path, timeoutMs) {
        const pool = pools[next++ % pools.length] as Pool;
        const { statusCode, body } = await pool.request({
          path: `/${path.replace(/^\/+/, "")}`,
          method: "GET",
          headers: { host: hostHeader, "user-agent": "bluegreen" },
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        return { status: statusCode, body: await body.text() };
      },
      close() {
        for (const pool of pools) void pool.destroy();
      },
    };
  }
}
