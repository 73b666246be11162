/**
 * What a policy counts from the replies it sees, per IP and provider, for the current hour and a
 * rolling day: attempts, deferrals (4xx), accepted, rejected (5xx). Typed arrays; onReply does
 * two increments.
 */
import type { Reply } from '../../smtp/reply.ts';

export class IpHours {
  /** Current-hour counters at (ip * providers + provider) * 4 + [attempts, deferred, accepted, rejected]. */
  readonly hour: Float64Array;
  /** The same, summed over the last 24 completed hours (ring of hourly snapshots). */
  private readonly ring: Float64Array;
  private slot = 0;
  readonly day: Float64Array;

  constructor(
    readonly ips: number,
    readonly providers: number,
  ) {
    this.hour = new Float64Array(ips * providers * 4);
    this.ring = new Float64Array(24 * ips * providers * 4);
    this.day = new Float64Array(ips * providers * 4);
  }

  record(ip: number, provider: number, reply: Reply): void {
    const k = (ip * this.providers + provider) * 4;
    this.hour[k]!++;
    if (reply.code >= 200 && reply.code < 300) this.hour[k + 2]!++;
    else if (reply.temporary) this.hour[k + 1]!++;
    else this.hour[k + 3]!++;
  }

  /** Closes the hour: folds it into the rolling day and starts a new one. */
  roll(): void {
    const n = this.hour.length;
    const base = this.slot * n;
    for (let i = 0; i < n; i++) {
      this.day[i] = this.day[i]! - this.ring[base + i]! + this.hour[i]!;
      this.ring[base + i] = this.hour[i]!;
      this.hour[i] = 0;
    }
    this.slot = (this.slot + 1) % 24;
  }

  attempts(ip: number, provider: number, src: Float64Array = this.hour): number {
    return src[(ip * this.providers + provider) * 4]!;
  }
  deferred(ip: number, provider: number, src: Float64Array = this.hour): number {
    return src[(ip * this.providers + provider) * 4 + 1]!;
  }
  accepted(ip: number, provider: number, src: Float64Array = this.hour): number {
    return src[(ip * this.providers + provider) * 4 + 2]!;
  }
  /** Deferral rate of the counters in `src` (0 when there were no attempts). */
  rate(ip: number, provider: number, src: Float64Array = this.hour): number {
    const a = this.attempts(ip, provider, src);
    return a > 0 ? this.deferred(ip, provider, src) / a : 0;
  }
}
