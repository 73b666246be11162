/**
 * Every IP and every stream tracked separately, as CSV: per-ip-daily.csv (policy, seed, IP,
 * provider, day), per-stream-daily.csv (policy, seed, stream, IP, day; all providers) and
 * connections-hourly.csv (the most connections open at once per IP and provider and hour; read
 * "never more than 2 connections per IP" there).
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { DailyCounts } from '../metrics/outcomes.ts';
import type { Band } from '../metrics/bands.ts';
import { eachRun, toCsv, type Cell } from './csv.ts';

const COUNTS = ['attempts', 'delivered', 'deferred', 'rejected', 'blocked', 'deferral_rate', 'refused_rate', 'block_share', 'band'];

function dayCells(x: DailyCounts & { band: readonly (Band | null)[] }, d: number): Cell[] {
  const a = x.attempts[d]!;
  const r = (n: number) => (a > 0 ? Math.round((n / a) * 1e5) / 1e5 : null);
  return [
    a,
    x.delivered[d]!,
    x.deferred[d]!,
    x.rejected[d]!,
    x.blocked[d]!,
    r(x.deferred[d]!),
    r(x.deferred[d]! + x.rejected[d]!),
    r(x.blocked[d]!),
    x.band[d] ?? '',
  ];
}

/** One row per policy, seed, IP, provider and day. */
export function perIpDailyCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series }) =>
    series.perIp.forEach((x) =>
      x.attempts.forEach((_, day) => {
        const peak = Math.max(0, ...x.peakConnectionsHourly.slice(day * 24, day * 24 + 24));
        rows.push([policy, summary.seed, x.ip, x.provider, day, ...dayCells(x, day), peak]);
      }),
    ),
  );
  return toCsv(['policy', 'seed', 'ip', 'provider', 'day', ...COUNTS, 'peak_connections'], rows);
}

/** One row per policy, seed, stream, IP and day (attempts to every provider). */
export function perStreamDailyCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series }) =>
    series.perStreamIp.forEach((x) =>
      x.attempts.forEach((_, day) => rows.push([policy, summary.seed, x.stream, x.ip, day, ...dayCells(x, day)])),
    ),
  );
  return toCsv(['policy', 'seed', 'stream', 'ip', 'day', ...COUNTS], rows);
}

/** Per IP and provider, per hour with connections: the most open at once. */
export function connectionsHourlyCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series }) =>
    series.perIp.forEach((x) =>
      x.peakConnectionsHourly.forEach(
        (n, h) => n > 0 && rows.push([policy, summary.seed, x.ip, x.provider, h, Math.floor(h / 24), h % 24, n]),
      ),
    ),
  );
  return toCsv(['policy', 'seed', 'ip', 'provider', 'hour', 'day', 'hour_of_day', 'peak_connections'], rows);
}
