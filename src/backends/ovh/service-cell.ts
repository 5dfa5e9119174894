import type { OvhApi } from "./api.js";
import type { LeaseCell } from "./lease.js";
import type { IplbService } from "./model.js";
import type { OvhOptions } from "./options.js";
import type { IplbPaths } from "./paths.js";
import { readService } from "./state.js";

/**
 * The Load Balancer's lease cell: the end of the service's displayName, after the user's own name:
 * `my-lb [bg-lock:owner=1a2b...&until=1767225600&host=...&pid=...]`. That field is "for you" in
 * OVH's words: no part of the configuration a refresh deploys, so taking the lock neither touches
 * traffic nor leaves a pending change.
 */
const LEASE_SUFFIX = /\s*\[bg-lock:([^\]]*)\]\s*$/;

export function splitServiceName(name: string | null | undefined): { userName: string; leaseText: string } {
  const text = name ?? "";
  const match = LEASE_SUFFIX.exec(text);
  if (!match) return { userName: text, leaseText: "" };
  return { userName: text.slice(0, match.index), leaseText: match[1] as string };
}

/** The lease text is URL-encoded (no "[" or "]"), so the suffix parses back. */
export function joinServiceName(userName: string, leaseText: string): string {
  if (leaseText === "") return userName;
  return userName === "" ? `[bg-lock:${leaseText}]` : `${userName} [bg-lock:${leaseText}]`;
}

export class ServiceNameCell implements LeaseCell {
  readonly subject: string;
  readonly place: string;
  /** The service as last read (its state is reported). */
  service?: IplbService;
  /** The user's part of the name as last read, written back with every lease. */
  private userName = "";

  constructor(
    private readonly api: OvhApi,
    private readonly paths: IplbPaths,
    private readonly options: OvhOptions,
  ) {
    this.subject = `the Load Balancer ${options.service}`;
    this.place = `a lease in ${paths.service()}'s displayName`;
  }

  async read(): Promise<string> {
    // readService blames ovh-service for a 404: the service is the first thing a run reads.
    const service = await readService(this.api, this.paths, this.options);
    this.service = service;
    const { userName, leaseText } = splitServiceName(service.displayName);
    this.userName = userName;
    return leaseText;
  }

  write(text: string): Promise<void> {
    return this.api.put(this.paths.service(), { displayName: joinServiceName(this.userName, text) });
  }
}
