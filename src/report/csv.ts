/**
 * CSV tables of a comparison: one row per policy, seed and hour (hourly.csv) or day (daily.csv),
 * RFC 4180 quoting. Values are the sender-observable series; hidden state is not in these files.
 */
import type { Comparison } from '../metrics/comparison.ts';
import { bandOf } from '../metrics/bands.ts';

function cell(v: string | number | null): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function hourlyCsv(c: Comparison): string {
  const rows: (string | number)[][] = [];
  c.policies.forEach((policy, i) =>
    c.runs[i]!.forEach((r, k) =>
      r.series.msDeferralHourly.forEach((x, h) =>
        rows.push([policy, c.seeds[k]!, h, Math.floor(h / 24), h % 24, x, Number.isFinite(x) ? bandOf(x) : '', r.series.msBlockHourly[h]!]),
      ),
    ),
  );
  return toCsv(['policy', 'seed', 'hour', 'day', 'hour_of_day', 'microsoft_deferral_rate', 'band', 'microsoft_block_share'], rows);
}

export function dailyCsv(c: Comparison): string {
  const rows: (string | number)[][] = [];
  c.policies.forEach((policy, i) =>
    c.runs[i]!.forEach((r, k) =>
      r.series.deliveredDaily.forEach((d, day) =>
        rows.push([
          policy,
          c.seeds[k]!,
          day,
          d,
          r.series.msDeferralDaily[day]!,
          r.series.bulkP50[day]!,
          r.series.bulkP95[day]!,
          r.series.txP50[day]!,
          r.series.txP95[day]!,
        ]),
      ),
    ),
  );
  return toCsv(
    [
      'policy',
      'seed',
      'day',
      'delivered',
      'microsoft_deferral_rate',
      'bulk_latency_p50_s',
      'bulk_latency_p95_s',
      'transactional_latency_p50_s',
      'transactional_latency_p95_s',
    ],
    rows,
  );
}

/** Every IP tracked separately, per day: one row per policy, seed, IP, provider and day. */
export function perIpDailyCsv(c: Comparison): string {
  const rows: (string | number)[][] = [];
  c.policies.forEach((policy, i) =>
    c.runs[i]!.forEach((r, k) =>
      r.series.perIp.forEach((x) =>
        x.attempts.forEach((a, day) => {
          const peak = Math.max(0, ...x.peakConnectionsHourly.slice(day * 24, day * 24 + 24));
          rows.push([
            policy,
            c.seeds[k]!,
            x.ip,
            x.provider,
            day,
            a,
            x.delivered[day]!,
            x.deferred[day]!,
            x.blocked[day]!,
            a > 0 ? x.deferred[day]! / a : '',
            peak,
          ]);
        }),
      ),
    ),
  );
  return toCsv(
    ['policy', 'seed', 'ip', 'provider', 'day', 'attempts', 'delivered', 'deferred', 'blocked', 'deferral_rate', 'peak_connections'],
    rows,
  );
}

/** Per IP and provider, per hour: the most connections open at once (read "never more than 2 connections per IP" here). */
export function connectionsHourlyCsv(c: Comparison): string {
  const rows: (string | number)[][] = [];
  c.policies.forEach((policy, i) =>
    c.runs[i]!.forEach((r, k) =>
      r.series.perIp.forEach((x) =>
        x.peakConnectionsHourly.forEach(
          (n, h) => n > 0 && rows.push([policy, c.seeds[k]!, x.ip, x.provider, h, Math.floor(h / 24), h % 24, n]),
        ),
      ),
    ),
  );
  return toCsv(['policy', 'seed', 'ip', 'provider', 'hour', 'day', 'hour_of_day', 'peak_connections'], rows);
}
