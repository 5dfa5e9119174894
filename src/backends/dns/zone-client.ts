import { randomInt } from "node:crypto";
import { InputError, RouterError } from "../../errors.js";
import { UpdateOutcomeUnknownError } from "./errors.js";
import { absoluteName, isInZone, sameName } from "./names.js";
import { query, recordSetOf, send } from "./query.js";
import { RCODE, rcodeName } from "./rcodes.js";
import { describeSet, type RecordSet, sameRecords, type WritableType } from "./records.js";
import { formatServer, type ServerAddress } from "./server-address.js";
import { ExchangeFailed } from "./tcp.js";
import type { TsigKey } from "./tsig.js";
import { judgeUpdateAnswer } from "./update-answer.js";
import { encodeUpdate, type UpdatePlan } from "./update-message.js";

/**
 * What the dns backend asks of a zone: read some record sets from the primary, then change them in one
 * UPDATE that applies only if they are still exactly what was read (compare-and-set by construction),
 * and read them back. Every failure is one sentence naming what to blame.
 */

export interface ZoneClientOptions {
  /** The zone's primary. */
  server: ServerAddress;
  /** The zone's apex. */
  zone: string;
  /** Signs updates (and is verified on their answers); reads are unsigned: status needs no update rights. */
  key?: TsigKey;
  /** Where the secret came from, for messages (default DNS_TSIG_SECRET). */
  secretSource?: string;
  /** Per exchange (default 5 s). */
  timeoutMs?: number;
  /** The input that names `name`, for messages (default dns-name). */
  inputOf?: (name: string) => string;
  /** This runner's clock in seconds, for TSIG (tests shift it to provoke BADTIME). */
  clock?: () => number;
}

export interface SetKey {
  name: string;
  type: WritableType;
}

export interface ZoneState {
  /** The zone's SOA serial on the primary, read with the sets (the floor for the propagation wait). */
  serial: number;
  sets: RecordSet[];
}

export interface UpdateResult {
  plan: UpdatePlan;
  /** The sets as the primary serves them after the update (equal to the desired ones). */
  sets: RecordSet[];
  /** Milliseconds from sending the UPDATE to its answer. */
  updateMs: number;
}

export class ZoneClient {
  readonly zone: string;
  private readonly where: string;

  constructor(private readonly options: ZoneClientOptions) {
    this.zone = absoluteName(options.zone);
    this.where = formatServer(options.server);
  }

  /** The SOA serial and the given sets, read from the primary (in parallel, one TCP query each). */
  async read(keys: SetKey[]): Promise<ZoneState> {
    for (const key of keys) this.checkInZone(key.name);
    const [serial, ...sets] = await Promise.all([this.serial(), ...keys.map((k) => this.readSet(k))]);
    return { serial: serial as number, sets: sets as RecordSet[] };
  }

  /** The zone's SOA serial as `server` (default: the primary) serves it. */
  async serial(server: ServerAddress = this.options.server): Promise<number> {
    const answer = await this.ask(server, this.zone, "SOA");
    const soa = answer.answers.find((a) => a.type === "SOA" && sameName(a.name, this.zone));
    if (soa?.type !== "SOA" || soa.data.serial === undefined)
      throw new InputError(
        "dns-zone",
        `${formatServer(server)} serves no SOA record for ${this.zone}: it is not the zone's apex there. Check dns-zone and dns-server.`,
      );
    return soa.data.serial;
  }

  /** The zone's NS names, as the primary serves them. */
  async nameServers(): Promise<string[]> {
    const answer = await this.ask(this.options.server, this.zone, "NS");
    return answer.answers
      .filter((a) => a.type === "NS" && sameName(a.name, this.zone))
      .map((a) => absoluteName(String((a as { data: unknown }).data)));
  }

  async readSet(key: SetKey, server: ServerAddress = this.options.server): Promise<RecordSet> {
    const answer = await this.ask(server, key.name, key.type);
    return recordSetOf(answer.answers, key.name, key.type);
  }

  /**
   * Replaces the sets `desired` in one UPDATE whose prerequisites are the sets `observed` exactly as read
   * (an empty one: "does not exist"). A desired set with no records deletes that set.
   */
  async replace(observed: RecordSet[], desired: RecordSet[]): Promise<UpdateResult> {
    const plan = planReplace(this.zone, observed, desired);
    for (const set of [...observed, ...desired]) this.checkInZone(set.name);
    return this.sendPlan(plan, observed, desired);
  }

  /** Sends a plan as it is (no check of its names), judges the answer, reads the sets back. */
  async sendPlan(plan: UpdatePlan, observed: RecordSet[], desired: RecordSet[]): Promise<UpdateResult> {
    const subjects = describeSubjects([...observed, ...desired]);
    const message = encodeUpdate(plan, randomInt(0, 0x10000));
    const t0 = performance.now();
    let exchanged: Awaited<ReturnType<typeof send>>;
    try {
      exchanged = await send(this.options.server, message, {
        key: this.options.key,
        timeoutMs: this.options.timeoutMs,
        clock: this.options.clock,
      });
    } catch (error) {
      if (error instanceof ExchangeFailed && !error.sent)
        throw new RouterError(`Could not send the update of ${subjects} to the DNS server: ${error.message}; nothing was changed.`);
      if (error instanceof ExchangeFailed)
        throw await this.outcomeUnknown(`${error.message} to the update of ${subjects}`, observed, desired);
      // An answer that is not this request's (another id, not a response) or no DNS message at all proves nothing either.
      throw await this.outcomeUnknown(
        `${this.where} sent no usable answer to the update of ${subjects}: ${(error as Error).message}`,
        observed,
        desired,
      );
    }
    const updateMs = performance.now() - t0;
    const verdict = judgeUpdateAnswer(exchanged, {
      server: this.where,
      zone: this.zone,
      key: this.options.key,
      secretSource: this.options.secretSource ?? "DNS_TSIG_SECRET",
      timeSigned: exchanged.timeSigned,
      subjects,
      nameInput: this.inputOf(desired[0]?.name ?? observed[0]?.name ?? this.zone),
    });
    if (verdict.kind === "failed") throw verdict.error;
    if (verdict.kind === "unknown")
      throw await this.outcomeUnknown(
        `${this.where} sent no usable answer to the update of ${subjects}: ${verdict.why}`,
        observed,
        desired,
        verdict.status,
      );
    // NOERROR is not proof: a server drops a CNAME added beside other data and still answers NOERROR (RFC 2136 3.4.2.2).
    const served = await Promise.all(desired.map((d) => this.readSet(d)));
    const differs = served.filter((s, i) => !sameRecords(s, desired[i] as RecordSet));
    if (differs.length > 0)
      throw new RouterError(
        `${this.where} answered NOERROR to the update, but serves ${differs.map(describeSet).join("; ")} instead of ${desired
          .filter((d) => differs.some((s) => sameName(s.name, d.name) && s.type === d.type))
          .map(describeSet)
          .join("; ")} (a server ignores a CNAME added beside other records of the name, or someone changed them since).`,
      );
    return { plan, sets: served, updateMs };
  }

  /** Reads the primary again after an answer that proves nothing, and says what it serves. */
  private async outcomeUnknown(
    what: string,
    observed: RecordSet[],
    desired: RecordSet[],
    status?: number,
  ): Promise<UpdateOutcomeUnknownError> {
    try {
      const keys = [...desired, ...observed.filter((o) => !desired.some((d) => sameName(d.name, o.name) && d.type === o.type))];
      const now = await Promise.all(keys.map((k) => this.readSet(k)));
      const matches = (sets: RecordSet[]) =>
        sets.every((s) => sameRecords(s, now.find((n) => sameName(n.name, s.name) && n.type === s.type) as RecordSet));
      const applied = matches(desired) ? true : matches(observed) ? false : undefined;
      const verdict =
        applied === true
          ? "the update was applied"
          : applied === false
            ? "the update was not applied"
            : "neither what was read nor what was asked: someone else changed them";
      return new UpdateOutcomeUnknownError(
        `${what}; read again, the primary serves ${now.map(describeSet).join("; ")}: ${verdict}.`,
        applied,
        status,
      );
    } catch (error) {
      return new UpdateOutcomeUnknownError(
        `${what}; reading the primary again failed too (${(error as Error).message}): the update may or may not have been applied.`,
        undefined,
        status,
      );
    }
  }

  private async ask(server: ServerAddress, name: string, type: "SOA" | "NS" | WritableType) {
    const where = formatServer(server);
    let answer: Awaited<ReturnType<typeof query>>;
    try {
      answer = await query(server, name, type, { timeoutMs: this.options.timeoutMs });
    } catch (error) {
      if (error instanceof ExchangeFailed) throw new RouterError(`Could not read ${absoluteName(name)} ${type}: ${error.message}.`);
      throw new RouterError(`Could not read ${absoluteName(name)} ${type} from ${where}: ${(error as Error).message}.`);
    }
    if (answer.rcode === RCODE.REFUSED || answer.rcode === RCODE.NOTAUTH)
      throw new InputError(
        "dns-server",
        `${where} refused to answer for ${absoluteName(name)} (${rcodeName(answer.rcode)}): it does not serve zone ${this.zone}. Check dns-server and dns-zone.`,
      );
    if (answer.rcode !== RCODE.NOERROR && answer.rcode !== RCODE.NXDOMAIN)
      throw new RouterError(`${where} answered ${rcodeName(answer.rcode)} to the query ${absoluteName(name)} ${type}.`, answer.rcode);
    if (!answer.authoritative)
      throw new InputError(
        "dns-server",
        `${where} answered ${absoluteName(name)} ${type} without authority: it is not an authoritative server of zone ${this.zone}. Check dns-server and dns-zone.`,
      );
    return answer;
  }

  /** A name outside the zone is an input error, said before anything is sent (the server would answer NOTZONE or REFUSED). */
  private checkInZone(name: string): void {
    if (!isInZone(name, this.zone))
      throw new InputError(
        this.inputOf(name),
        `${absoluteName(name)} is outside zone ${this.zone}; nothing was changed. Allowed: names in dns-zone.`,
      );
  }

  private inputOf(name: string): string {
    return this.options.inputOf?.(name) ?? "dns-name";
  }
}

/**
 * The one UPDATE that turns `observed` into `desired`: a prerequisite per observed set (value dependent,
 * or "does not exist" for an empty one), then the deletes, then the adds (RFC 2136 3.4.2 applies them in
 * order). A desired set equal to its observed one, TTL included, is left alone.
 */
export function planReplace(zone: string, observed: RecordSet[], desired: RecordSet[]): UpdatePlan {
  const seen = (set: RecordSet) => observed.find((o) => sameName(o.name, set.name) && o.type === set.type);
  const changed = desired.filter((d) => {
    const before = seen(d);
    return !(before && sameRecords(before, d) && (d.records.length === 0 || before.ttl === d.ttl));
  });
  return {
    zone: absoluteName(zone),
    prerequisites: observed.map((o) =>
      o.records.length > 0 ? { kind: "rrset-equals" as const, set: o } : { kind: "rrset-absent" as const, name: o.name, type: o.type },
    ),
    updates: [
      ...changed
        .filter((d) => (seen(d)?.records.length ?? 1) > 0)
        .map((d) => ({ kind: "delete-rrset" as const, name: d.name, type: d.type })),
      ...changed.filter((d) => d.records.length > 0).map((d) => ({ kind: "add" as const, set: d })),
    ],
  };
}

function describeSubjects(sets: RecordSet[]): string {
  const unique: string[] = [];
  for (const s of sets) {
    const label = `${s.name} ${s.type}`;
    if (!unique.includes(label)) unique.push(label);
  }
  return unique.join(", ");
}
