/**
 * The sender's daily report as it arrives: the SNDS-like rows each IP owner would have received
 * by the end of the run (Microsoft SNDS publishes per IP and day: RCPT and DATA counts, filter
 * colour, complaint rate, trap hits; only IP-days with at least 100 DATA commands; the data of a
 * day appear after it closes). Each row carries the day it describes and the simulated time it
 * became available: the start of day + REPORT_LAG_DAYS, when the policy received it too.
 */
import { REPORT_LAG_DAYS, type ObservedRow } from '../contracts/observations.ts';
import type { Receiver } from '../contracts/receiver.ts';

export interface SndsRow extends ObservedRow {
  /** Simulated time (s since the start of the run) at which the row was published. */
  readonly availableAt: number;
}

/** Every published row of every receiver with a daily report, by day then provider then IP. */
export function sndsRows(receivers: readonly Pick<Receiver, 'dailyReport'>[], duration: number): SndsRow[] {
  const rows: SndsRow[] = [];
  for (let day = 0; (day + REPORT_LAG_DAYS) * 86400 <= duration; day++)
    for (const r of receivers)
      for (const row of r.dailyReport?.(day) ?? []) rows.push({ ...row, availableAt: (day + REPORT_LAG_DAYS) * 86400 });
  return rows;
}
