import type { OvhProtocol } from "./options.js";

/** The IPLB API paths bluegreen calls, in one place so plans print exactly what is sent. */
export class IplbPaths {
  private readonly base: string;

  constructor(
    service: string,
    private readonly protocol: OvhProtocol,
  ) {
    this.base = `/ipLoadbalancing/${encodeURIComponent(service)}`;
  }

  /** The Load Balancer service itself (GET/PUT /ipLoadbalancing/{serviceName}). */
  service(): string {
    return this.base;
  }

  frontend(id: number): string {
    return `${this.base}/${this.protocol}/frontend/${id}`;
  }

  farm(id: number): string {
    return `${this.base}/${this.protocol}/farm/${id}`;
  }

  servers(farmId: number): string {
    return `${this.farm(farmId)}/server`;
  }

  server(farmId: number, serverId: number): string {
    return `${this.servers(farmId)}/${serverId}`;
  }

  refresh(): string {
    return `${this.base}/refresh`;
  }

  tasks(): string {
    return `${this.base}/task`;
  }

  task(id: number): string {
    return `${this.base}/task/${id}`;
  }

  pendingChanges(): string {
    return `${this.base}/pendingChanges`;
  }
}
