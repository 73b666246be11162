/**
 * The tables `logs report` adds to the simulator's report: the exact reply texts seen per reply
 * class (count, first and last time, an IP and provider that got it), for the HTML page and as
 * reply-samples.csv; and per-ip-hourly.csv, one row per source IP x provider x hour with
 * attempts, delivered, deferred, rejected, first attempts, retries, expiries, complaints and the
 * replies of each class (4.7.650-style throttles, 4.7.652 connection limits, blocks, ...).
 * RFC 4180 quoting.
 */
import { REPLY_CLASSES } from '../smtp/classes.ts';
import { isoTime } from '../logs/time.ts';
import { CLASS_FIELD, F } from './hour-series.ts';
import type { LogFacts, ReplySample } from './facts.ts';
import { spanOf } from './log-metrics.ts';

function cell(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** Every kept sample, by class (in the classifier's order), most frequent first. */
export function replySamples(f: LogFacts): ReplySample[] {
  const out: ReplySample[] = [];
  for (const cls of REPLY_CLASSES) {
    const m = f.samples.get(cls);
    if (m !== undefined) out.push(...[...m.values()].sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : 1)));
  }
  return out;
}

const SAMPLE_HEADER = ['class', 'count', 'first', 'last', 'ip', 'provider', 'reply'] as const;

function sampleRow(s: ReplySample): string[] {
  return [s.cls, String(s.count), isoTime(s.first), isoTime(s.last), s.ip, s.provider, s.text];
}

export function replySamplesCsv(f: LogFacts): string {
  return csv(SAMPLE_HEADER, replySamples(f).map(sampleRow));
}

/** The reply samples as a table for index.html (`writeComparisonReport(..., { tables })`). */
export function replySamplesTable(f: LogFacts) {
  return {
    title: 'Replies seen, per class',
    note: 'The exact texts of the non-2xx replies in the logs, at most 12 distinct texts per class (the counts are of those texts); classes as the simulator classifies replies.',
    header: SAMPLE_HEADER,
    rows: replySamples(f).map(sampleRow),
  };
}

export function perIpHourlyCsv(f: LogFacts): string {
  const { hours, hour0 } = spanOf(f);
  const fields = [
    ['attempts', F.attempts],
    ['delivered', F.delivered],
    ['deferred', F.deferred],
    ['rejected', F.rejected],
    ['first_attempts', F.firsts],
    ['retries', F.retries],
    ['expired', F.expired],
    ['complaints', F.complaints],
    ...REPLY_CLASSES.filter((c) => c !== 'accepted').map((c) => [c, CLASS_FIELD[c]] as const),
  ] as const;
  const rows: (string | number)[][] = [];
  const cells = [...f.byIp.values()].sort((a, b) => (a.who + a.provider < b.who + b.provider ? -1 : 1));
  for (const c of cells)
    for (let h = 0; h < hours; h++) {
      const v = fields.map(([, i]) => c.hours.get(hour0 + h, i));
      if (v.every((x) => x === 0)) continue;
      rows.push([c.who, c.provider, isoTime((hour0 + h) * 3600), Math.floor(h / 24), h % 24, ...v]);
    }
  return csv(['ip', 'provider', 'hour_start', 'day', 'hour_of_day', ...fields.map(([n]) => n)], rows);
}
