/**
 * An SNDS-like daily report (docs/receiver-model.md 2.7): per IP and day, RCPT count (attempts
 * past MAIL FROM), DATA count (accepted), filter colour from the junk share (<= 10 % green,
 * 10-90 % yellow, > 90 % red), complaint rate = complaints / inbox-placed, trap hits, blocked.
 * Only IP-days with at least `minVolume` accepted messages appear; the simulator publishes
 * day d's report at the start of day d + 2 (one day after the day closes).
 */
import type { ObservedRow } from '../contracts/observations.ts';
import { sndsColour } from './evidence.ts';

const RCPT = 0,
  DATA = 1,
  JUNK = 2,
  INBOX = 3,
  COMPLAINTS = 4,
  TRAPS = 5,
  BLOCKED = 6;
const FIELDS = 7;

export class DailyCounters {
  private readonly c: Float64Array;

  constructor(
    private readonly days: number,
    private readonly ips: readonly string[],
    private readonly provider: string,
    private readonly minVolume: number,
  ) {
    this.c = new Float64Array((days + 2) * ips.length * FIELDS);
  }

  private at(now: number, ip: number, field: number): number {
    const day = Math.min(this.days + 1, Math.floor(now / 86400));
    return (day * this.ips.length + ip) * FIELDS + field;
  }

  rcpt(now: number, ip: number): void {
    this.c[this.at(now, ip, RCPT)]!++;
  }
  accepted(now: number, ip: number, junk: boolean): void {
    this.c[this.at(now, ip, DATA)]!++;
    this.c[this.at(now, ip, junk ? JUNK : INBOX)]!++;
  }
  complaint(now: number, ip: number): void {
    this.c[this.at(now, ip, COMPLAINTS)]!++;
  }
  trap(now: number, ip: number): void {
    this.c[this.at(now, ip, TRAPS)]!++;
  }
  blocked(now: number, ip: number): void {
    this.c[this.at(now, ip, BLOCKED)] = 1;
  }

  report(day: number): ObservedRow[] {
    const rows: ObservedRow[] = [];
    if (day < 0 || day > this.days + 1) return rows;
    for (let ip = 0; ip < this.ips.length; ip++) {
      const b = (day * this.ips.length + ip) * FIELDS;
      const data = this.c[b + DATA]!;
      if (data < this.minVolume) continue;
      const inbox = this.c[b + INBOX]!;
      rows.push({
        day,
        provider: this.provider,
        ip: this.ips[ip]!,
        rcpt: this.c[b + RCPT]!,
        data,
        colour: sndsColour(this.c[b + JUNK]! / data),
        complaintRate: inbox > 0 ? this.c[b + COMPLAINTS]! / inbox : 0,
        trapHits: this.c[b + TRAPS]!,
        blocked: this.c[b + BLOCKED]! > 0,
      });
    }
    return rows;
  }
}
