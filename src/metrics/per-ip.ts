/**
 * Every IP tracked separately, and every stream (the seed article: "track each IP separately
 * because one bad stream can hide inside a shared warm-up pool"): per provider, per IP at each
 * provider, per stream and per IP within each stream, the daily counts, each day's band and the
 * whole-run outcome (outcomes.ts). Only pairs with attempts are listed.
 */
import type { Band } from './bands.ts';
import type { RunMetrics } from './run-metrics.ts';
import { dailyBands, dailyFrom, outcome, type DailyCounts, type Outcome } from './outcomes.ts';

/** One IP's outcomes at one provider, per day: what an IP owner's own logs show. */
export interface IpDaily extends DailyCounts {
  readonly ip: string;
  readonly provider: string;
  /** Each day's band (null on days without attempts). */
  readonly band: readonly (Band | null)[];
  /** Per hour: the most connections open at once from the IP to the provider's sites. */
  readonly peakConnectionsHourly: readonly number[];
}

/** One IP's outcomes for one stream (all providers), per day. */
export interface StreamIpDaily extends DailyCounts {
  readonly stream: string;
  readonly ip: string;
  readonly band: readonly (Band | null)[];
}

export interface IpOutcome extends Outcome {
  readonly ip: string;
  readonly provider: string;
}

const hourArrays = (m: RunMetrics) => ({
  attempts: m.attempts,
  delivered: m.accepted,
  deferred: m.deferred,
  rejected: m.rejected,
  blocked: m.blocked,
});

const dayArrays = (m: RunMetrics) => ({
  attempts: m.dAttempts,
  delivered: m.dAccepted,
  deferred: m.dDeferred,
  rejected: m.dRejected,
  blocked: m.dBlocked,
});

/** Daily counts of one provider (all IPs), from the hourly arrays. */
export function providerDaily(m: RunMetrics, p: number): DailyCounts {
  return dailyFrom(m.days, hourArrays(m), (d, add) => {
    for (let h = d * 24; h < Math.min(m.hours, d * 24 + 24); h++) for (let i = 0; i < m.ips; i++) add((h * m.providers + p) * m.ips + i);
  });
}

function ipProviderDaily(m: RunMetrics, p: number, i: number): DailyCounts {
  return dailyFrom(m.days, hourArrays(m), (d, add) => {
    for (let h = d * 24; h < Math.min(m.hours, d * 24 + 24); h++) add((h * m.providers + p) * m.ips + i);
  });
}

/** Daily counts of one stream, one IP or all (`ip` -1), over every provider. */
export function streamDaily(m: RunMetrics, s: number, ip: number): DailyCounts {
  return dailyFrom(m.days, dayArrays(m), (d, add) => {
    for (let p = 0; p < m.providers; p++) for (let i = ip < 0 ? 0 : ip; i < (ip < 0 ? m.ips : ip + 1); i++) add(m.dayIndex(d, p, i, s));
  });
}

const any = (x: DailyCounts) => x.attempts.some((a) => a > 0);

/** Per IP x provider: daily counts and bands (the series) and the whole-run outcome (the summary). */
export function perIp(m: RunMetrics, ips: readonly string[], providers: readonly string[]): { daily: IpDaily[]; outcomes: IpOutcome[] } {
  const daily: IpDaily[] = [],
    outcomes: IpOutcome[] = [];
  for (let i = 0; i < m.ips; i++)
    for (let p = 0; p < m.providers; p++) {
      const x = ipProviderDaily(m, p, i);
      if (!any(x)) continue;
      const peak = new Array<number>(m.hours);
      for (let h = 0; h < m.hours; h++) peak[h] = m.peakConnections[(h * m.providers + p) * m.ips + i]!;
      daily.push({ ip: ips[i]!, provider: providers[p]!, ...x, band: dailyBands(x), peakConnectionsHourly: peak });
      outcomes.push({ ip: ips[i]!, provider: providers[p]!, ...outcome(x) });
    }
  return { daily, outcomes };
}

/** Per stream x IP (all providers): daily counts and bands, and the whole-run outcome. */
export function perStreamIp(
  m: RunMetrics,
  streams: readonly string[],
  ips: readonly string[],
): { daily: StreamIpDaily[]; outcomes: (Outcome & { stream: string; ip: string })[] } {
  const daily: StreamIpDaily[] = [],
    outcomes: (Outcome & { stream: string; ip: string })[] = [];
  for (let s = 0; s < m.streams; s++)
    for (let i = 0; i < m.ips; i++) {
      const x = streamDaily(m, s, i);
      if (!any(x)) continue;
      daily.push({ stream: streams[s]!, ip: ips[i]!, ...x, band: dailyBands(x) });
      outcomes.push({ stream: streams[s]!, ip: ips[i]!, ...outcome(x) });
    }
  return { daily, outcomes };
}
