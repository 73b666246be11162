/**
 * Complaint feeds: ARF messages (arf.ts) in an mbox (messages start at "From " lines, RFC 4155),
 * a single .eml file, or a directory of .eml files; and a CSV of complaints (time, ip,
 * recipient or domain; a header row naming them is optional: time/timestamp/date,
 * ip/source_ip/sourceip, recipient/email/rcpt, domain). One message holds at most 4,000 lines
 * (the reported message's body beyond that is dropped).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLine, LogReadError, type LogInput } from './lines.ts';
import { emitArf } from './arf.ts';
import { splitCsvLine } from './csv.ts';
import { LineContext, newRecord, readLines, setRecipient, type OnRecord, type ReadOptions } from './reader.ts';
import { emptySummary, type LogSummary } from './summary.ts';
import { parseRfc5322, parseTimestamp } from './time.ts';

const MAX_MESSAGE_LINES = 4000;

/** Reads ARF reports from an mbox, one .eml, or a directory of .eml files. */
export async function readArfFeed(input: LogInput, onRecord: OnRecord, opts: ReadOptions = {}): Promise<LogSummary> {
  if (typeof input === 'string' && input !== '-') {
    const st = await stat(input).catch(() => undefined);
    if (st?.isDirectory()) return readArfDir(input, onRecord, opts);
  }
  const summary = emptySummary('arf');
  const ctx = new LineContext(summary, onRecord, opts);
  let lines: string[] = [];
  let start = 1;
  const flush = () => {
    if (lines.length > 0 && lines.some((l) => l !== '')) emitArf(ctx, lines, start);
    lines = [];
  };
  const end = await forEachLine(input, (line, n) => {
    if (line.startsWith('From ') && (lines.length === 0 || lines[lines.length - 1] === '' || n === 1)) {
      flush();
      start = n + 1;
      return;
    }
    if (lines.length === 0 && n === 1) start = 1;
    if (lines.length < MAX_MESSAGE_LINES) lines.push(line);
  });
  flush();
  summary.lines = end.lines;
  if (end.error !== '') ctx.bad(end.lines + 1, '', end.error);
  return summary;
}

async function readArfDir(dir: string, onRecord: OnRecord, opts: ReadOptions): Promise<LogSummary> {
  const summary = emptySummary('arf');
  const ctx = new LineContext(summary, onRecord, opts);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.eml')).sort();
  } catch (e) {
    throw new LogReadError(`${dir}: cannot list the directory (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (e) {
      ctx.bad(0, name, `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const lines = text.split(/\r?\n/, MAX_MESSAGE_LINES);
    summary.lines += lines.length;
    emitArf(ctx, lines, 1);
  }
  return summary;
}

const TIME = ['time', 'timestamp', 'date', 'arrival_date', 'arrival-date'];
const IP = ['ip', 'source_ip', 'sourceip', 'source-ip', 'ip_address'];
const RCPT = ['recipient', 'email', 'rcpt', 'address', 'original_rcpt_to'];
const DOMAIN = ['domain', 'recipient_domain'];

/** Reads a complaint CSV: time, ip, recipient (or domain). */
export function readComplaintCsv(input: LogInput, onRecord: OnRecord, opts: ReadOptions = {}): Promise<LogSummary> {
  let cols = { time: 0, ip: 1, rcpt: 2, domain: -1 };
  let first = true;
  return readLines(
    'complaint-csv',
    input,
    opts,
    (line, n, ctx) => {
      if (line.trim() === '') return ctx.ignore();
      const f = splitCsvLine(line);
      if (f === null) return ctx.bad(n, line, 'unclosed quote');
      const lower = f.map((x) => x.trim().toLowerCase());
      if (first) {
        first = false;
        const at = (names: string[]) => lower.findIndex((x) => names.includes(x));
        if (at(TIME) >= 0) {
          cols = { time: at(TIME), ip: at(IP), rcpt: at(RCPT), domain: at(DOMAIN) };
          return ctx.ignore();
        }
      }
      const raw = (f[cols.time] ?? '').trim();
      let time = parseTimestamp(raw);
      if (time !== time) time = parseRfc5322(raw);
      if (time !== time) return ctx.bad(n, line, 'no valid time in the time column');
      const r = newRecord('complaint-csv', n);
      r.time = time;
      r.kind = 'complaint';
      r.mtaType = 'complaint';
      r.sourceIp = cols.ip >= 0 ? (f[cols.ip] ?? '').trim() : '';
      const who = (cols.rcpt >= 0 ? (f[cols.rcpt] ?? '') : '').trim();
      if (who.includes('@') || cols.domain < 0) setRecipient(ctx, r, who.includes('@') ? who : `@${who}`);
      else setRecipient(ctx, r, `@${(f[cols.domain] ?? '').trim()}`);
      if (!r.recipient.includes('@') || r.recipient.startsWith('@')) r.recipient = '';
      ctx.emit(r);
    },
    onRecord,
  );
}
