/**
 * What a live run (or its replay) counts: per scenario IP x provider x model hour, the attempts
 * (one per recipient the model decided on), accepted, deferred (4xx), blocked (block class) and
 * other rejected (5xx) outcomes, and per IP the connections accepted and refused. This is what
 * a report needs (cf. RunMetrics), and what the status page shows.
 */
import type { ReplyClass } from './adapter.ts';

export type Outcome = 'accepted' | 'deferred' | 'blocked' | 'rejected' | 'abandoned';
const OUTCOMES: readonly Outcome[] = ['accepted', 'deferred', 'blocked', 'rejected', 'abandoned'];

/** The outcome of a final reply (its code and class). `abandoned`: the client left before DATA ended. */
export function outcomeOf(code: number, cls: ReplyClass): Outcome {
  if (code >= 200 && code < 300) return 'accepted';
  if (code >= 400 && code < 500) return 'deferred';
  return cls === 'block' ? 'blocked' : 'rejected';
}

export interface CountRow {
  readonly ip: string;
  readonly provider: string;
  readonly hour: number;
  attempts: number;
  accepted: number;
  deferred: number;
  blocked: number;
  rejected: number;
  abandoned: number;
}

export interface IpTotals {
  connections: number;
  refused: number;
  attempts: number;
  accepted: number;
  deferred: number;
  blocked: number;
  rejected: number;
  abandoned: number;
}

export class LiveCounts {
  private readonly rows = new Map<number, CountRow>();
  readonly perIp: IpTotals[];

  constructor(
    readonly ips: readonly string[],
    readonly providers: readonly string[],
  ) {
    this.perIp = ips.map(() => ({
      connections: 0,
      refused: 0,
      attempts: 0,
      accepted: 0,
      deferred: 0,
      blocked: 0,
      rejected: 0,
      abandoned: 0,
    }));
  }

  connection(ip: number, refused: boolean): void {
    const t = this.perIp[ip];
    if (t === undefined) return;
    if (refused) t.refused++;
    else t.connections++;
  }

  outcome(ip: number, provider: number, modelNow: number, o: Outcome): void {
    const t = this.perIp[ip];
    if (t === undefined) return;
    const hour = Math.floor(modelNow / 3600);
    const key = (hour * this.providers.length + provider) * this.ips.length + ip; // a number: no string per outcome
    let r = this.rows.get(key);
    if (r === undefined) {
      r = {
        ip: this.ips[ip]!,
        provider: this.providers[provider]!,
        hour,
        attempts: 0,
        accepted: 0,
        deferred: 0,
        blocked: 0,
        rejected: 0,
        abandoned: 0,
      };
      this.rows.set(key, r);
    }
    r.attempts++;
    r[o]++;
    t.attempts++;
    t[o]++;
  }

  /** Rows sorted by hour, IP, provider. */
  table(): CountRow[] {
    return [...this.rows.values()].sort((a, b) => a.hour - b.hour || a.ip.localeCompare(b.ip) || a.provider.localeCompare(b.provider));
  }
}
