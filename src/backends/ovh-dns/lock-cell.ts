import { RouterError } from "../../errors.js";
import type { LeaseCell } from "../ovh/lease.js";
import { valueOfTarget, type ZoneApi } from "./zone-api.js";

/**
 * The zone's lease cell: a TXT record `_bluegreen-lock.<dns-name>` edited through the API (a zone has
 * no free-text field such as a Load Balancer's displayName). The API has no compare-and-set, and two
 * runs that both find no record both create one: the cell is then the record with the highest id (the
 * API numbers records as it creates them), so every run reads the same winner, and a write goes to that
 * record. Removing the lease deletes every lock record, a loser's leftovers included.
 *
 * Lock edits are edits of the zone like any other: a refresh publishes them (a lease is public text,
 * as the ledger is), and the removal waits for the zone's next refresh. Nobody queries this name.
 */
export class LockRecordCell implements LeaseCell {
  readonly subject: string;
  readonly place: string;
  private readonly name: string;
  /** The record ids as last read, highest last. */
  private ids: number[] = [];

  constructor(
    private readonly zone: ZoneApi,
    dnsName: string,
    private readonly ttl: number,
  ) {
    this.name = `_bluegreen-lock.${dnsName}`;
    this.subject = `the zone ${zone.zoneName} (${dnsName})`;
    this.place = `a lease in the TXT record ${this.name}, edited through the API`;
  }

  async read(): Promise<string> {
    const { records } = await this.zone.readSet(this.name, "TXT");
    this.ids = records.map((r) => r.id);
    const last = records.at(-1);
    return last ? valueOfTarget("TXT", last.target, "") : "";
  }

  async write(text: string): Promise<void> {
    if (text === "") {
      // Read afresh: a record created since the last read is a lease of this run's too (a retried claim).
      await this.read();
      await Promise.all(
        this.ids.map((id) =>
          this.zone.remove(id).catch((error: unknown) => {
            // Already deleted (another run's release of its leftovers): gone is what was asked.
            if (!(error instanceof RouterError && error.status === 404)) throw error;
          }),
        ),
      );
      this.ids = [];
      return;
    }
    const last = this.ids.at(-1);
    if (last !== undefined) return this.zone.update(last, "TXT", text, this.ttl);
    const created = await this.zone.create(this.name, "TXT", text, this.ttl);
    if (typeof created?.id === "number") this.ids = [created.id];
  }
}
