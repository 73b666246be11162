/**
 * What a reader saw, beside its records: line and record counts, records by kind, the time span,
 * records per source IP and per provider, lines skipped on purpose (KumoMTA internal responses,
 * log lines that carry no delivery event) and bad lines, counted, with the first few kept
 * (line number, text, why) so a user can see what did not parse.
 */
import { RECORD_KINDS, type LogFormat, type LogRecord, type RecordKind } from './record.ts';
import { isoTime } from './time.ts';

export interface BadLine {
  readonly line: number;
  /** The line, cut to 200 characters. */
  readonly text: string;
  readonly reason: string;
}

export interface LogSummary {
  readonly format: LogFormat | 'snds';
  lines: number;
  records: number;
  readonly byKind: Record<RecordKind, number>;
  /** Earliest and latest record time (unix seconds), NaN when there are no records. */
  firstTime: number;
  lastTime: number;
  /** Records per source IP ('' = unknown). */
  readonly ips: Record<string, number>;
  readonly providers: Record<string, number>;
  /** Responses whose text starts with "KumoMTA internal:" (not receiver replies), skipped. */
  internal: number;
  /** Well-formed lines that are no delivery event (Postfix smtpd/cleanup noise, CSV headers, blank lines). */
  ignored: number;
  bad: number;
  readonly badSamples: BadLine[];
}

const MAX_BAD_SAMPLES = 10;

export function emptySummary(format: LogFormat | 'snds'): LogSummary {
  const byKind = {} as Record<RecordKind, number>;
  for (const k of RECORD_KINDS) byKind[k] = 0;
  return {
    format,
    lines: 0,
    records: 0,
    byKind,
    firstTime: NaN,
    lastTime: NaN,
    ips: {},
    providers: {},
    internal: 0,
    ignored: 0,
    bad: 0,
    badSamples: [],
  };
}

/** Counts one record into the summary. */
export function countRecord(s: LogSummary, r: LogRecord): void {
  s.records++;
  s.byKind[r.kind]++;
  const t = r.time;
  if (t === t) {
    if (!(t >= s.firstTime)) s.firstTime = t;
    if (!(t <= s.lastTime)) s.lastTime = t;
  }
  s.ips[r.sourceIp] = (s.ips[r.sourceIp] ?? 0) + 1;
  if (r.provider !== '') s.providers[r.provider] = (s.providers[r.provider] ?? 0) + 1;
}

export function countBad(s: LogSummary, line: number, text: string, reason: string): void {
  s.bad++;
  if (s.badSamples.length < MAX_BAD_SAMPLES)
    s.badSamples.push({ line, text: text.length > 200 ? `${text.slice(0, 200)}...` : text, reason });
}

/** One line per fact, for a terminal. */
export function formatSummary(s: LogSummary): string {
  const kinds = RECORD_KINDS.filter((k) => s.byKind[k] > 0).map((k) => `${k} ${s.byKind[k]}`);
  const out = [
    `${s.format}: ${s.lines} lines, ${s.records} records (${kinds.join(', ') || 'none'})`,
    `time span: ${isoTime(s.firstTime)} .. ${isoTime(s.lastTime)}`,
    `source IPs: ${
      Object.entries(s.ips)
        .map(([ip, n]) => `${ip || '(unknown)'} ${n}`)
        .join(', ') || '-'
    }`,
    `providers: ${
      Object.entries(s.providers)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ') || '-'
    }`,
    `skipped: ${s.internal} KumoMTA-internal, ${s.ignored} not delivery events; bad lines: ${s.bad}`,
  ];
  for (const b of s.badSamples) out.push(`  line ${b.line}: ${b.reason}: ${b.text}`);
  return out.join('\n');
}
