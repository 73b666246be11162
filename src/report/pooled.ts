/**
 * Per-IP and per-stream daily outcomes pooled over a policy's seeds (counts summed, then rates
 * and the band of each day from the sums), for the report's "which IP is in which band on which
 * day" chart and tables. Pooling rather than averaging rates keeps a day with few attempts from
 * weighing as much as a full one.
 */
import { BAND_ORDER, emptyBandCounts, type Band } from '../metrics/bands.ts';
import { dailyBands, outcome, type DailyCounts, type Outcome } from '../metrics/outcomes.ts';
import type { RunSeries } from '../metrics/summary.ts';

export interface PooledRow {
  /** "192.0.2.10 @ microsoft" or "newsletter / 192.0.2.10". */
  readonly key: string;
  readonly daily: DailyCounts;
  readonly bands: readonly (Band | null)[];
  readonly outcome: Outcome;
}

function sumInto(acc: Map<string, DailyCounts>, key: string, x: DailyCounts): void {
  const cur = acc.get(key);
  if (cur === undefined) {
    acc.set(key, {
      attempts: [...x.attempts],
      delivered: [...x.delivered],
      deferred: [...x.deferred],
      rejected: [...x.rejected],
      blocked: [...x.blocked],
    });
    return;
  }
  for (const f of ['attempts', 'delivered', 'deferred', 'rejected', 'blocked'] as const)
    x[f].forEach((v, d) => ((cur[f] as number[])[d] = (cur[f][d] ?? 0) + v));
}

function pool(series: readonly RunSeries[], rows: (s: RunSeries) => readonly { key: string; x: DailyCounts }[]): PooledRow[] {
  const acc = new Map<string, DailyCounts>();
  for (const s of series) for (const r of rows(s)) sumInto(acc, r.key, r.x);
  return [...acc.entries()].map(([key, daily]) => ({ key, daily, bands: dailyBands(daily), outcome: outcome(daily) }));
}

/** Every IP at every provider it sent to. */
export function pooledIps(series: readonly RunSeries[]): PooledRow[] {
  return pool(series, (s) => s.perIp.map((x) => ({ key: `${x.ip} @ ${x.provider}`, x })));
}

/** Every stream on every IP it used (all providers). */
export function pooledStreams(series: readonly RunSeries[]): PooledRow[] {
  return pool(series, (s) => s.perStreamIp.map((x) => ({ key: `${x.stream} / ${x.ip}`, x })));
}

/** Days per band, in band order, non-zero only: "healthy 25, blocked 5". */
export function bandDaysText(bands: readonly (Band | null)[]): string {
  const n = emptyBandCounts();
  for (const b of bands) if (b !== null) n[b]++;
  const parts = BAND_ORDER.filter((b) => n[b] > 0).map((b) => `${b} ${n[b]}`);
  return parts.length === 0 ? 'no attempts' : parts.join(', ');
}
