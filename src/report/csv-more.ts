/**
 * providers.csv (per policy, seed and provider: counts, rates, worst days, days per band) and
 * snds.csv: the SNDS-like rows each IP owner received during the run (Microsoft SNDS publishes
 * per IP and day: RCPT and DATA counts, filter colour, complaint rate, trap hits; only IP-days
 * with >= 100 DATA), with the day each row describes and the simulated time it became available.
 */
import type { Comparison } from '../metrics/comparison.ts';
import { BAND_ORDER } from '../metrics/bands.ts';
import { eachRun, toCsv, type Cell } from './csv.ts';

export function providersCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary }) =>
    Object.entries(summary.providers).forEach(([name, p]) =>
      rows.push([
        policy,
        summary.seed,
        name,
        p.attempts,
        p.delivered,
        p.deferred,
        p.rejected,
        p.blocked,
        p.deferralRate,
        p.refusedRate,
        p.blockShare,
        p.worstDailyDeferralRate,
        p.worstDailyRefusedRate,
        ...BAND_ORDER.map((b) => p.daysInBand[b]),
      ]),
    ),
  );
  return toCsv(
    [
      'policy',
      'seed',
      'provider',
      'attempts',
      'delivered',
      'deferred',
      'rejected',
      'blocked',
      'deferral_rate',
      'refused_rate',
      'block_share',
      'worst_daily_deferral_rate',
      'worst_daily_refused_rate',
      ...BAND_ORDER.map((b) => `days_${b}`),
    ],
    rows,
  );
}

export function sndsCsv(c: Comparison): string {
  const rows: Cell[][] = [];
  eachRun(c, (policy, { summary, series }) =>
    series.snds.forEach((r) =>
      rows.push([
        policy,
        summary.seed,
        r.provider,
        r.ip,
        r.day,
        r.availableAt,
        r.availableAt / 3600,
        r.rcpt,
        r.data,
        r.colour,
        r.complaintRate,
        r.trapHits,
        r.blocked,
      ]),
    ),
  );
  return toCsv(
    [
      'policy',
      'seed',
      'provider',
      'ip',
      'day',
      'available_at_s',
      'available_at_hour',
      'rcpt',
      'data',
      'colour',
      'complaint_rate',
      'trap_hits',
      'blocked',
    ],
    rows,
  );
}
