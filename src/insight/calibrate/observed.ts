/**
 * What the calibration sees of each IP at one provider (Microsoft), hour by hour over the logs'
 * span (day 0 = the first record's UTC day): attempts, accepted (2xx), deferred (4xx),
 * unknown-user and block replies, complaints (from the feeds; else spread from the SNDS daily
 * complaint rate over the day's deliveries, else none), and the sending domain and /24 each IP
 * belongs to (its domain: the one with most of its attempts; /24 as the simulator's topology
 * keys it). Plain Float64Arrays, ready for the filter's inner loop.
 */
import { CLASS_FIELD, F } from '../hour-series.ts';
import type { LogFacts } from '../facts.ts';
import { spanOf } from '../log-metrics.ts';

interface IpSeries {
  readonly ip: string;
  readonly domain: string;
  readonly net: string;
  readonly attempts: Float64Array;
  readonly accepted: Float64Array;
  readonly deferred: Float64Array;
  readonly unknown: Float64Array;
  readonly blocked: Float64Array;
  readonly complaints: Float64Array;
}

export interface Observed {
  readonly provider: string;
  /** Unix hour of hour 0 (00:00 UTC of day 0), hours covered. */
  readonly hour0: number;
  readonly hours: number;
  readonly ips: readonly IpSeries[];
  /** Domain and /24 names, and each IP's index into them. */
  readonly domains: readonly string[];
  readonly nets: readonly string[];
  readonly ipDomain: Int32Array;
  readonly ipNet: Int32Array;
}

/** "192.0.2.17" -> "192.0.2"; IPv6 keys on its first three groups (as src/spec/topology.ts net24). */
function net24(address: string): string {
  return address.includes(':') ? address.split(':').slice(0, 3).join(':') : address.split('.').slice(0, 3).join('.');
}

export function observe(f: LogFacts, provider = 'microsoft'): Observed {
  const { hours, hour0 } = spanOf(f);
  const cells = [...f.byIp.values()]
    .filter((c) => c.provider === provider && c.who !== '(unknown)')
    .sort((a, b) => (a.who < b.who ? -1 : 1));
  const series = (c: (typeof cells)[number], field: number) => {
    const out = new Float64Array(hours);
    for (let h = 0; h < hours; h++) out[h] = c.hours.get(hour0 + h, field);
    return out;
  };
  const domainOf = (ip: string) => {
    let best = '',
      most = -1;
    for (const d of f.byDomain.values()) {
      if (d.provider !== provider || !(f.domainIps.get(d.who)?.has(ip) ?? false)) continue;
      let n = 0;
      for (let h = 0; h < hours; h++) n += d.hours.get(hour0 + h, F.attempts);
      if (n > most) [best, most] = [d.who, n];
    }
    return best || '(unknown)';
  };
  const ips: IpSeries[] = cells.map((c) => {
    const accepted = series(c, F.delivered);
    const complaints = new Float64Array(hours);
    const fed = [...f.byIp.values()].filter((x) => x.who === c.who);
    for (let h = 0; h < hours; h++) for (const x of fed) complaints[h]! += x.hours.get(hour0 + h, F.complaints);
    if (complaints.every((x) => x === 0)) fromSnds(f, c.who, hour0, accepted, complaints);
    return {
      ip: c.who,
      domain: domainOf(c.who),
      net: net24(c.who),
      attempts: series(c, F.attempts),
      accepted,
      deferred: series(c, F.deferred),
      unknown: series(c, CLASS_FIELD['unknown-user']),
      blocked: series(c, CLASS_FIELD.block),
      complaints,
    };
  });
  const domains = [...new Set(ips.map((x) => x.domain))];
  const nets = [...new Set(ips.map((x) => x.net))];
  return {
    provider,
    hour0,
    hours,
    ips,
    domains,
    nets,
    ipDomain: Int32Array.from(ips, (x) => domains.indexOf(x.domain)),
    ipNet: Int32Array.from(ips, (x) => nets.indexOf(x.net)),
  };
}

/** Complaints from SNDS rows: each day's rate (lower bound) x DATA, spread over the day's hours by deliveries. */
function fromSnds(f: LogFacts, ip: string, hour0: number, accepted: Float64Array, out: Float64Array): void {
  for (const r of f.snds) {
    if (r.ip !== ip || !(r.complaintLow > 0)) continue;
    const h0 = Math.floor(r.start / 3600) - hour0;
    let day = 0;
    for (let h = h0; h < h0 + 24; h++) day += accepted[h] ?? 0;
    if (day === 0) continue;
    const total = r.complaintLow * r.dataCommands;
    for (let h = Math.max(0, h0); h < Math.min(out.length, h0 + 24); h++) out[h]! += (total * accepted[h]!) / day;
  }
}
