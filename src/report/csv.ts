/**
 * CSV tables of a comparison: one row per policy, seed and hour (hourly.csv) or day (daily.csv),
 * RFC 4180 quoting, an empty cell where a value is undefined (no attempts). Values are the
 * sender-observable series; hidden state is not in these files. The seed column is each run's
 * own seed (a sweep over `seed` gives every grid point its own).
 */
import type { Comparison } from '../metrics/comparison.ts';
import { bandOf } from '../metrics/bands.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';

export type Cell = string | number | boolean | null;

function cell(v: Cell): string {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** Calls `fn` for every run with its policy (variant) name. */
export function eachRun(c: Comparison, fn: (policy: string, r: { summary: RunSummary; series: RunSeries }) => void): void {
  c.policies.forEach((policy, i) => c.runs[i]!.forEach((r) => fn(policy, r)));
}

export function hourlyCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series: s }) =>
    s.msDeferralHourly.forEach((x, h) => {
      const block = s.msBlockHourly[h]!;
      rows.push([
        policy,
        summary.seed,
        h,
        Math.floor(h / 24),
        h % 24,
        x,
        Number.isFinite(x) ? bandOf(x, block) : '',
        block,
        s.msRefusedHourly[h]!,
      ]);
    }),
  );
  return toCsv(
    ['policy', 'seed', 'hour', 'day', 'hour_of_day', 'microsoft_deferral_rate', 'band', 'microsoft_block_share', 'microsoft_refused_rate'],
    rows,
  );
}

export function dailyCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series: s }) =>
    s.deliveredDaily.forEach((d, day) =>
      rows.push([
        policy,
        summary.seed,
        day,
        d,
        s.msDeferralDaily[day]!,
        s.bulkP50[day]!,
        s.bulkP95[day]!,
        s.txP50[day]!,
        s.txP95[day]!,
        s.msRefusedDaily[day]!,
        s.msBlockDaily[day]!,
        s.msBandDaily[day] ?? '',
      ]),
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
      'microsoft_refused_rate',
      'microsoft_block_share',
      'microsoft_band',
    ],
    rows,
  );
}
