/**
 * SNDS data export rows as Microsoft's automated data access serves them (the columns
 * src/logs/snds.ts reads): IP, activity start and end ("M/D/YYYY h:mm AM", UTC here), RCPT
 * commands, DATA commands, message recipients, filter result (GREEN / YELLOW / RED), complaint
 * rate as SNDS shows it ("< 0.1%" below 0.1 %, else one decimal: "0.3%"), trap message period
 * start and end, trap hits, sample HELO, sample MAIL FROM, comments. For the simulator's
 * SNDS-like daily report (receiver-model.md 2.7).
 */
import { csvField } from './csv.ts';
import { civilFromDays } from './time.ts';

export interface SndsDay {
  readonly ip: string;
  /** Unix seconds of the day's start (00:00 UTC). */
  readonly start: number;
  readonly rcpt: number;
  readonly data: number;
  readonly filter: 'GREEN' | 'YELLOW' | 'RED';
  /** Complaints / inbox-placed messages. */
  readonly complaintRate: number;
  readonly trapHits: number;
  readonly helo: string;
  readonly mailFrom: string;
  readonly comments: string;
}

/** "12/31/2026 12:00 AM" (UTC). */
export function sndsTime(t: number): string {
  const days = Math.floor(t / 86400);
  const [y, mo, d] = civilFromDays(days);
  const r = Math.floor(t) - days * 86400;
  const h = Math.floor(r / 3600),
    mi = Math.floor((r % 3600) / 60);
  return `${mo}/${d}/${y} ${h % 12 === 0 ? 12 : h % 12}:${String(mi).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** SNDS's complaint rate text. */
export function sndsComplaintRate(x: number): string {
  return x < 0.001 ? '< 0.1%' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/** One export row. */
export function sndsRow(r: SndsDay): string {
  const end = sndsTime(r.start + 86400 - 60);
  const trap = r.trapHits > 0;
  return [
    r.ip,
    sndsTime(r.start),
    end,
    String(r.rcpt),
    String(r.data),
    String(r.data),
    r.filter,
    sndsComplaintRate(r.complaintRate),
    trap ? sndsTime(r.start) : '',
    trap ? end : '',
    String(r.trapHits),
    r.helo,
    r.mailFrom,
    r.comments,
  ]
    .map(csvField)
    .join(',');
}
