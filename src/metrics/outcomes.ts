/**
 * Attempt outcomes and the rates a deliverability engineer reads, defined once for every grain
 * (a provider, an IP at a provider, a stream, an IP within a stream; a day or the whole run):
 * - deferral rate = 4xx / attempts (the seed article's gate);
 * - refused rate = (4xx + policy 5xx) / attempts, policy 5xx being every permanent refusal but a
 *   recipient's own (unknown user, full mailbox): what a blocked IP piles up while deferring nothing;
 * - block share = block-class replies / attempts, and the band of the period (bands.ts: Blocked
 *   when more than half of the attempts were refused by a block).
 * The worst daily rate is the highest over the days with at least `MIN_DAY_ATTEMPTS` attempts,
 * from the first day (no day is skipped: the first days of a warm-up defer, and that is reported);
 * a day with a handful of attempts (a retry tail) would make any rate, so it does not count.
 */
import { bandOf, emptyBandCounts, type Band } from './bands.ts';
import { round } from './round.ts';

/** Days with fewer attempts are left out of the worst daily rates (the same floor as SNDS rows). */
const MIN_DAY_ATTEMPTS = 100;

export interface Counts {
  readonly attempts: number;
  /** Accepted (2xx). */
  readonly delivered: number;
  /** Temporary failures (4xx). */
  readonly deferred: number;
  /** Policy 5xx: permanent refusals other than unknown-user and mailbox-full. */
  readonly rejected: number;
  /** Block-class replies (S3150, S3140, 5.7.606, Gmail 5.7.28, Yahoo TSS09, ...), 4xx or 5xx. */
  readonly blocked: number;
}

/** The same counts per day. */
export interface DailyCounts {
  readonly attempts: readonly number[];
  readonly delivered: readonly number[];
  readonly deferred: readonly number[];
  readonly rejected: readonly number[];
  readonly blocked: readonly number[];
}

export interface Rates {
  /** 4xx / attempts (NaN without attempts). */
  readonly deferralRate: number;
  /** (4xx + policy 5xx) / attempts (NaN without attempts). */
  readonly refusedRate: number;
  /** Block-class replies / attempts (NaN without attempts). */
  readonly blockShare: number;
}

export interface Outcome extends Counts, Rates {
  /** Highest daily deferral / refused rate over days with >= MIN_DAY_ATTEMPTS attempts (NaN if none). */
  readonly worstDailyDeferralRate: number;
  readonly worstDailyRefusedRate: number;
  /** Days with attempts, per band (Blocked: more than half refused by a block). */
  readonly daysInBand: Readonly<Record<Band, number>>;
}

export function rates(c: Counts): Rates {
  const a = c.attempts;
  return {
    deferralRate: round(a > 0 ? c.deferred / a : Number.NaN, 5),
    refusedRate: round(a > 0 ? (c.deferred + c.rejected) / a : Number.NaN, 5),
    blockShare: round(a > 0 ? c.blocked / a : Number.NaN, 5),
  };
}

/** The band of each day (null on days without attempts). */
export function dailyBands(x: DailyCounts): (Band | null)[] {
  return x.attempts.map((a, d) => (a > 0 ? bandOf(x.deferred[d]! / a, x.blocked[d]! / a) : null));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Whole-run outcome of daily counts. */
export function outcome(x: DailyCounts): Outcome {
  const total: Counts = {
    attempts: sum(x.attempts),
    delivered: sum(x.delivered),
    deferred: sum(x.deferred),
    rejected: sum(x.rejected),
    blocked: sum(x.blocked),
  };
  let worstDeferral = Number.NaN,
    worstRefused = Number.NaN;
  const daysInBand = emptyBandCounts();
  for (let d = 0; d < x.attempts.length; d++) {
    const a = x.attempts[d]!;
    if (a === 0) continue;
    daysInBand[bandOf(x.deferred[d]! / a, x.blocked[d]! / a)]++;
    if (a < MIN_DAY_ATTEMPTS) continue;
    const df = x.deferred[d]! / a,
      rf = (x.deferred[d]! + x.rejected[d]!) / a;
    if (!(df <= worstDeferral)) worstDeferral = df;
    if (!(rf <= worstRefused)) worstRefused = rf;
  }
  return {
    ...total,
    ...rates(total),
    worstDailyDeferralRate: round(worstDeferral, 5),
    worstDailyRefusedRate: round(worstRefused, 5),
    daysInBand,
  };
}

/** Daily counts summed over the cells `cell(day)` yields (each a list of indices into the arrays). */
export function dailyFrom(
  days: number,
  arrays: { attempts: Float64Array; delivered: Float64Array; deferred: Float64Array; rejected: Float64Array; blocked: Float64Array },
  cells: (day: number, add: (i: number) => void) => void,
): DailyCounts {
  const mk = () => new Array<number>(days).fill(0);
  const out = { attempts: mk(), delivered: mk(), deferred: mk(), rejected: mk(), blocked: mk() };
  for (let d = 0; d < days; d++)
    cells(d, (i) => {
      out.attempts[d]! += arrays.attempts[i]!;
      out.delivered[d]! += arrays.delivered[i]!;
      out.deferred[d]! += arrays.deferred[i]!;
      out.rejected[d]! += arrays.rejected[i]!;
      out.blocked[d]! += arrays.blocked[i]!;
    });
  return out;
}
