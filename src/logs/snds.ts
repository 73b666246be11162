/**
 * Microsoft SNDS data export (Smart Network Data Services, "data" CSV, one row per IP per
 * activity period, usually a day). Columns in the export's order (as Microsoft's automated data
 * access serves them, e.g. undersfx/sndslib): IP address, activity start, activity end (both
 * "M/D/YYYY h:mm AM"), RCPT commands, DATA commands, message recipients, filter result
 * (GREEN / YELLOW / RED), complaint rate ("< 0.1%", "0.3%"), trap message period start and end,
 * trap hits, sample HELO, sample MAIL FROM, comments. The times carry no zone:
 * `utcOffsetMinutes` says which (default 0, UTC). A header row, if present, is skipped.
 */
import { forEachLine, type LogInput } from './lines.ts';
import { splitCsvLine } from './csv.ts';
import { countBad, emptySummary, type LogSummary } from './summary.ts';
import { daysFromCivil } from './time.ts';

export interface SndsRow {
  readonly ip: string;
  /** Unix seconds; NaN when empty. */
  readonly start: number;
  readonly end: number;
  readonly rcptCommands: number;
  readonly dataCommands: number;
  readonly recipients: number;
  /** GREEN, YELLOW or RED ('' when absent). */
  readonly filter: string;
  /** Complaint rate bounds as fractions: "< 0.1%" is [0, 0.001], "0.3%" is [0.003, 0.003]; NaN when absent. */
  readonly complaintLow: number;
  readonly complaintHigh: number;
  readonly trapStart: number;
  readonly trapEnd: number;
  readonly trapHits: number;
  readonly sampleHelo: string;
  readonly sampleMailFrom: string;
  readonly comments: string;
  readonly line: number;
}

export interface SndsOptions {
  readonly utcOffsetMinutes?: number;
}

const SNDS_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AP]M)?$/i;

/** "12/31/2019 8:00 AM" -> unix seconds (NaN if not that form). */
function parseSndsTime(s: string, offsetMinutes = 0): number {
  const m = SNDS_TIME.exec(s.trim());
  if (m === null) return NaN;
  let h = Number(m[4]);
  const ampm = m[7]?.toUpperCase();
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return NaN;
    h = (h % 12) + (ampm === 'PM' ? 12 : 0);
  }
  const mo = Number(m[1]),
    d = Number(m[2]),
    mi = Number(m[5]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return NaN;
  return daysFromCivil(Number(m[3]), mo, d) * 86400 + h * 3600 + mi * 60 + Number(m[6] ?? 0) - offsetMinutes * 60;
}

/** "< 0.1%" -> [0, 0.001]; "0.3%" -> [0.003, 0.003]; '' -> [NaN, NaN]. */
function parseComplaintRate(s: string): [number, number] {
  const t = s.trim();
  const m = /^(<|>)?\s*(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (m === null) return [NaN, NaN];
  const v = Number(m[2]) / 100;
  if (m[1] === '<') return [0, v];
  if (m[1] === '>') return [v, 1];
  return [v, v];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function count(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : /^\d+$/.test(t) ? Number(t) : NaN;
}

/** Reads an SNDS data export; `onRow` gets each row. */
export async function readSnds(input: LogInput, onRow: (r: SndsRow) => void, opts: SndsOptions = {}): Promise<LogSummary> {
  const s = emptySummary('snds');
  const off = opts.utcOffsetMinutes ?? 0;
  const end = await forEachLine(input, (line, n) => {
    if (line.trim() === '') return void s.ignored++;
    const f = splitCsvLine(line);
    if (f === null) return countBad(s, n, line, 'unclosed quote');
    const ip = (f[0] ?? '').trim();
    if (!IPV4.test(ip)) {
      if (n === 1 && /ip/i.test(ip)) return void s.ignored++; // header row
      return countBad(s, n, line, 'first column is not an IPv4 address');
    }
    if (f.length < 11) return countBad(s, n, line, `expected at least 11 columns, found ${f.length}`);
    const get = (i: number) => (f[i] ?? '').trim();
    const start = parseSndsTime(get(1), off),
      stop = parseSndsTime(get(2), off);
    if (start !== start || stop !== stop) return countBad(s, n, line, "activity start/end are not 'M/D/YYYY h:mm AM' times");
    const [lo, hi] = parseComplaintRate(get(7));
    const row: SndsRow = {
      ip,
      start,
      end: stop,
      rcptCommands: count(get(3)),
      dataCommands: count(get(4)),
      recipients: count(get(5)),
      filter: get(6).toUpperCase(),
      complaintLow: lo,
      complaintHigh: hi,
      trapStart: parseSndsTime(get(8), off),
      trapEnd: parseSndsTime(get(9), off),
      trapHits: count(get(10)),
      sampleHelo: get(11),
      sampleMailFrom: get(12),
      comments: get(13),
      line: n,
    };
    if (row.rcptCommands !== row.rcptCommands || row.dataCommands !== row.dataCommands || row.recipients !== row.recipients)
      return countBad(s, n, line, 'command or recipient counts are not numbers');
    s.records++;
    s.ips[ip] = (s.ips[ip] ?? 0) + 1;
    if (!(start >= s.firstTime)) s.firstTime = start;
    if (!(stop <= s.lastTime)) s.lastTime = stop;
    onRow(row);
  });
  s.lines = end.lines;
  if (end.error !== '') countBad(s, end.lines + 1, '', end.error);
  return s;
}
