/**
 * Queue latency as a sender's logs show it, per UTC day (unix days), with the simulator's
 * definitions (src/metrics/latency.ts, kept per day as src/metrics/run-metrics.ts keeps them):
 * - a delivery at its time from queue entry (the record's queue time: KumoMTA `created`,
 *   PowerMTA `timeQueued`, Postfix's qmgr line) in the log-bucket histogram
 *   (src/metrics/histogram.ts), its maximum, and whether it took at most 1 h and 24 h;
 * - mail that left the queue undelivered for the sender's reasons as never delivered, on the day
 *   it left: an expiry record, or a final 5xx bounce other than for its recipient (unknown user,
 *   full mailbox), as the simulator's ledger counts it (src/mail/ledger.ts).
 * A delivery whose record carries no queue time is not counted (its latency is unknown).
 */
import { HIST_BUCKETS, bucketOf } from '../metrics/histogram.ts';

export interface DayLatency {
  readonly hist: Float64Array;
  max: number;
  within1h: number;
  within24h: number;
  never: number;
}

export class LatencyFacts {
  /** By unix day. */
  readonly days = new Map<number, DayLatency>();

  private day(t: number): DayLatency {
    const d = Math.floor(t / 86400);
    let x = this.days.get(d);
    if (x === undefined) this.days.set(d, (x = { hist: new Float64Array(HIST_BUCKETS), max: 0, within1h: 0, within24h: 0, never: 0 }));
    return x;
  }

  /** A delivery at `t` that took `latency` seconds from queue entry. */
  delivered(t: number, latency: number): void {
    const x = this.day(t);
    x.hist[bucketOf(latency)]!++;
    if (latency > x.max) x.max = latency;
    if (latency <= 3600) x.within1h++;
    if (latency <= 86400) x.within24h++;
  }

  /** A message that left the queue undelivered at `t` for the sender's reasons. */
  neverDelivered(t: number): void {
    this.day(t).never++;
  }
}
