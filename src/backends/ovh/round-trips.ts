/** How many recent round trips the estimate looks at: enough to smooth one slow answer, few enough to follow a change. */
const WINDOW = 8;

/**
 * The OVH API's round trips as this run sees them (request sent to answer received). The lease's
 * timings and the check that a switch fits in `timeout` follow them, so that a runner far from the
 * API region (seconds per request) still switches, slowly, instead of doubting every lock write.
 */
export class RoundTrips {
  private readonly recent: number[] = [];
  /** Round trips measured so far. */
  count = 0;

  record(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > WINDOW) this.recent.shift();
    this.count++;
  }

  /** The slowest of the recent round trips, in ms (0 before the first): the estimate every timing is built on. */
  slowestMs(): number {
    return Math.round(Math.max(0, ...this.recent));
  }

  /** The median of the recent round trips, in ms (0 before the first): what a request one after another takes. */
  typicalMs(): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    if (sorted.length === 0) return 0;
    const middle = Math.floor(sorted.length / 2);
    return Math.round(sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
  }

  /** How many round trips slowestMs() and typicalMs() looked at. */
  sampleSize(): number {
    return this.recent.length;
  }
}
