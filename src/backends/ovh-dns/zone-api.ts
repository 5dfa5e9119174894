import { InputError, RouterError } from "../../errors.js";
import { absoluteName, sameName } from "../dns/names.js";
import { type RecordSet, recordSet, type WritableType } from "../dns/records.js";
import type { OvhApi } from "../ovh/api.js";

/**
 * The part of the OVH API that holds a DNS zone's records (/domain/zone/{zone}/record...). What is
 * edited there is not what the zone's servers answer: every edit waits for POST /domain/zone/{zone}/refresh,
 * which publishes all the zone's edits at once, everyone's. Names are absolute here; the API wants
 * them relative to the zone (subDomain "www", "" for the apex) and answers them so.
 */

/** One record as the API holds it (GET /domain/zone/{zone}/record/{id}). */
export interface ApiRecord {
  id: number;
  zone: string;
  subDomain: string;
  fieldType: string;
  target: string;
  ttl: number;
}

/** The records of one name and type as the API holds them: their ids (for PUT and DELETE) and their set. */
export interface ApiSet {
  set: RecordSet;
  records: ApiRecord[];
}

export class ZoneApi {
  /** The zone as the API names it: no trailing dot. */
  readonly zoneName: string;
  private readonly zone: string;

  constructor(
    readonly api: OvhApi,
    zone: string,
  ) {
    this.zone = absoluteName(zone);
    this.zoneName = this.zone.replace(/\.$/, "");
  }

  private base(): string {
    return `/domain/zone/${encodeURIComponent(this.zoneName)}`;
  }

  /** "www" for www.example.com. in example.com., "" for the apex. */
  subDomain(name: string): string {
    const absolute = absoluteName(name);
    if (sameName(absolute, this.zone)) return "";
    return absolute.slice(0, absolute.length - this.zone.length - 1);
  }

  /** The zone object; a 404 is dns-zone's fault (not a zone of this account), said before anything else is read. */
  async info(): Promise<{ name: string; nameServers: string[] }> {
    try {
      return await this.api.get<{ name: string; nameServers: string[] }>(this.base());
    } catch (error) {
      if (error instanceof RouterError && error.status === 404)
        throw new InputError(
          "dns-zone",
          `${this.zoneName} is no DNS zone of this OVH account (GET ${this.base()} answered 404); nothing was changed. Allowed: a zone listed by GET /domain/zone.`,
        );
      throw error;
    }
  }

  /** The records of `name` and `type`: ids listed by the API's filter, then each record read. */
  async readSet(name: string, type: WritableType): Promise<ApiSet> {
    const subDomain = this.subDomain(name);
    const ids = await this.api.get<number[]>(`${this.base()}/record`, { fieldType: type, subDomain });
    const records = (
      await Promise.all(
        ids.map((id) =>
          this.api.get<ApiRecord>(`${this.base()}/record/${id}`).catch((error: unknown) => {
            // Deleted between the list and the read (another run's release of its lock): it is gone.
            if (error instanceof RouterError && error.status === 404) return undefined;
            throw error;
          }),
        ),
      )
    ).filter((r): r is ApiRecord => r !== undefined && r.fieldType === type && r.subDomain === subDomain);
    records.sort((a, b) => a.id - b.id);
    const values = records.map((r) => valueOfTarget(type, r.target, this.zone));
    return { set: recordSet(name, type, records[0]?.ttl ?? 0, values), records };
  }

  create(name: string, type: WritableType, value: string, ttl: number): Promise<ApiRecord> {
    return this.api.post<ApiRecord>(`${this.base()}/record`, {
      fieldType: type,
      subDomain: this.subDomain(name),
      target: targetOf(type, value),
      ttl,
    });
  }

  update(id: number, type: WritableType, value: string, ttl: number): Promise<void> {
    return this.api.put(`${this.base()}/record/${id}`, { target: targetOf(type, value), ttl });
  }

  remove(id: number): Promise<void> {
    return this.api.delete(`${this.base()}/record/${id}`);
  }

  /** Publishes every pending edit of the zone (the API answers nothing to follow: the servers show the result). */
  refresh(): Promise<void> {
    return this.api.post<void>(`${this.base()}/refresh`);
  }

  /** The request lines describe() shows for these calls. */
  paths() {
    return {
      record: `${this.base()}/record`,
      refresh: `POST ${this.base()}/refresh`,
    };
  }
}

/**
 * The API's target of a value: a CNAME's host absolute (with its dot, or the API reads it relative to
 * the zone), a TXT record's text as quoted character-strings of at most 255 bytes (zone-file syntax).
 */
export function targetOf(type: WritableType, value: string): string {
  if (type === "CNAME") return absoluteName(value);
  if (type !== "TXT") return value;
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(value.slice(i, i + 255));
  return (chunks.length > 0 ? chunks : [""]).map((c) => `"${c.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

/** The value of an API target: the inverse of targetOf (a relative CNAME target is made absolute in the zone). */
export function valueOfTarget(type: WritableType, target: string, zone: string): string {
  if (type === "CNAME") return target.endsWith(".") ? target : `${target}.${zone}`;
  if (type !== "TXT") return target;
  const strings = [...target.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\(.)/g, "$1"));
  return strings.length > 0 ? strings.join("") : target;
}
