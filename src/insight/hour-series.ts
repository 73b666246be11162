/**
 * Counters per hour for one key (an IP x provider, a sending domain x provider), over whatever
 * span the logs turn out to cover: a flat Float64Array with FIELDS counters per hour from `base`
 * (unix seconds / 3600), grown at either end as records arrive (logs are mostly in time order,
 * so growing backwards is rare). The fields are the ones below, then one per reply class
 * (src/smtp/classes.ts), so an hour's 4.7.650 throttles and 4.7.652 connection limits are
 * counted apart.
 */
import { REPLY_CLASSES, type ReplyClass } from '../smtp/classes.ts';

export const F = {
  /** Delivery attempts with a reply or a connection failure (delivered, deferred or rejected). */
  attempts: 0,
  delivered: 1,
  /** 4xx or no reply. */
  deferred: 2,
  /** 5xx (a 5xx the MTA retried anyway counts here too, as the simulator's metrics count it). */
  rejected: 3,
  /** First attempts of a message (new mail), and later ones (retries). */
  firsts: 4,
  retries: 5,
  /** Messages given up on (not attempts), and final bounces. */
  expired: 6,
  bounced: 7,
  complaints: 8,
  /** Policy 5xx: the 5xx of `rejected` but a recipient's own (unknown-user, mailbox-full), as src/metrics/run-metrics.ts counts `rejected`. */
  policyRejected: 9,
} as const;

const CLASS0 = 10;
const FIELDS = CLASS0 + REPLY_CLASSES.length;

export const CLASS_FIELD: Readonly<Record<ReplyClass, number>> = Object.fromEntries(REPLY_CLASSES.map((c, i) => [c, CLASS0 + i])) as Record<
  ReplyClass,
  number
>;

export class HourSeries {
  /** First hour held (unix hours), NaN before the first count. */
  base = Number.NaN;
  private data = new Float64Array(0);
  /** Hours held. */
  private len = 0;

  add(hour: number, field: number, n = 1): void {
    if (hour !== hour) return;
    if (this.base !== this.base) this.base = hour;
    if (hour < this.base) this.growBack(hour);
    let i = hour - this.base;
    if (i >= this.len) {
      this.growFront(i + 1);
      i = hour - this.base;
    }
    this.data[i * FIELDS + field]! += n;
  }

  /** The count of `field` at unix hour `hour` (0 outside the span). */
  get(hour: number, field: number): number {
    const i = hour - this.base;
    return i >= 0 && i < this.len ? this.data[i * FIELDS + field]! : 0;
  }

  private growFront(need: number): void {
    const len = Math.max(need, this.len * 2, 64);
    const d = new Float64Array(len * FIELDS);
    d.set(this.data.subarray(0, this.len * FIELDS));
    this.data = d;
    this.len = len;
  }

  private growBack(hour: number): void {
    const shift = Math.max(this.base - hour, 24);
    const d = new Float64Array((this.len + shift) * FIELDS);
    d.set(this.data.subarray(0, this.len * FIELDS), shift * FIELDS);
    this.data = d;
    this.len += shift;
    this.base -= shift;
  }
}
