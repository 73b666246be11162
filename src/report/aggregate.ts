/**
 * Across seeds: for each policy the mean and 5-95 % band of every outcome and series; for every
 * pair of policies a paired comparison on the same seeds (common random numbers): wins, losses,
 * ties and the sign test's p-value, per outcome, in the direction a deliverability engineer wants.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';
import { bandOf, type Band } from '../metrics/bands.ts';
import { band, signTest } from './stats.ts';
import { OUTCOMES } from './outcome-rows.ts';

export { OUTCOMES } from './outcome-rows.ts';

/** A provider's attempts pooled over seeds: rates, and the band of the pooled rates. */
export interface ProviderPooled {
  readonly attempts: number;
  readonly deferralRate: number;
  readonly refusedRate: number;
  readonly blockShare: number;
  readonly band: Band | null;
}

export interface PolicyAggregate {
  readonly policy: string;
  readonly outcomes: Readonly<Record<string, { mean: number; p5: number; p95: number }>>;
  /** Per-day series across seeds: mean / p5 / p95 arrays. */
  readonly daily: Readonly<
    Record<'msDeferral' | 'delivered' | 'bulkP50' | 'bulkP95' | 'txP50' | 'txP95', { mean: number[]; p5: number[]; p95: number[] }>
  >;
  readonly hourlyMsDeferral: { mean: number[]; p5: number[]; p95: number[] };
  readonly hourlyMsRefused: { mean: number[]; p5: number[]; p95: number[] };
  readonly hourlyMsBlock: { mean: number[]; p5: number[]; p95: number[] };
  /** Per provider with attempts, pooled over seeds (sum of 4xx / sum of attempts, ...). */
  readonly providers: Readonly<Record<string, ProviderPooled>>;
  /** In at least one seed, some IP spent a day in the Blocked band at some provider. */
  readonly blocked: boolean;
}

export interface PairComparison {
  readonly a: string;
  readonly b: string;
  readonly outcome: string;
  /** Seeds where a was better / worse / equal. */
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
  readonly p: number;
}

const seriesBand = (runs: readonly RunSeries[], pick: (r: RunSeries) => readonly number[]) => {
  const len = Math.max(0, ...runs.map((r) => pick(r).length));
  const mean: number[] = [],
    p5: number[] = [],
    p95: number[] = [];
  for (let i = 0; i < len; i++) {
    const b = band(runs.map((r) => pick(r)[i] ?? Number.NaN));
    mean.push(b.mean);
    p5.push(b.p5);
    p95.push(b.p95);
  }
  return { mean, p5, p95 };
};

/** Each provider's counts summed over seeds, and the rates and band of the sums. */
function pooledProviders(runs: readonly RunSummaryProviders[]): Record<string, ProviderPooled> {
  const out: Record<string, ProviderPooled> = {};
  for (const name of Object.keys(runs[0] ?? {})) {
    let a = 0,
      df = 0,
      rj = 0,
      bl = 0;
    for (const r of runs) {
      const x = r[name];
      if (x === undefined) continue;
      a += x.attempts;
      df += x.deferred;
      rj += x.rejected;
      bl += x.blocked;
    }
    if (a === 0) continue;
    out[name] = { attempts: a, deferralRate: df / a, refusedRate: (df + rj) / a, blockShare: bl / a, band: bandOf(df / a, bl / a) };
  }
  return out;
}

type RunSummaryProviders = RunSummary['providers'];

export function aggregate(c: Comparison): { policies: PolicyAggregate[]; pairs: PairComparison[] } {
  const policies = c.policies.map((policy, i) => {
    const runs = c.runs[i]!;
    const series = runs.map((r) => r.series);
    return {
      policy,
      outcomes: Object.fromEntries(OUTCOMES.map((o) => [o.key, band(runs.map((r) => o.get(r.summary)))])),
      daily: {
        msDeferral: seriesBand(series, (r) => r.msDeferralDaily),
        delivered: seriesBand(series, (r) => r.deliveredDaily),
        bulkP50: seriesBand(series, (r) => r.bulkP50),
        bulkP95: seriesBand(series, (r) => r.bulkP95),
        txP50: seriesBand(series, (r) => r.txP50),
        txP95: seriesBand(series, (r) => r.txP95),
      },
      hourlyMsDeferral: seriesBand(series, (r) => r.msDeferralHourly),
      hourlyMsRefused: seriesBand(series, (r) => r.msRefusedHourly),
      hourlyMsBlock: seriesBand(series, (r) => r.msBlockHourly),
      providers: pooledProviders(runs.map((r) => r.summary.providers)),
      blocked: runs.some((r) => r.summary.blockedIpDays > 0),
    };
  });
  const pairs: PairComparison[] = [];
  for (let i = 0; i < c.policies.length; i++) {
    for (let j = i + 1; j < c.policies.length; j++) {
      for (const o of OUTCOMES) {
        let wins = 0,
          losses = 0,
          ties = 0;
        c.seeds.forEach((_, k) => {
          const x = o.get(c.runs[i]![k]!.summary),
            y = o.get(c.runs[j]![k]!.summary);
          if (x === y || (Number.isNaN(x) && Number.isNaN(y))) ties++;
          else if (o.higherIsBetter ? x > y : x < y) wins++;
          else losses++;
        });
        pairs.push({ a: c.policies[i]!, b: c.policies[j]!, outcome: o.key, wins, losses, ties, p: signTest(wins, losses) });
      }
    }
  }
  return { policies, pairs };
}
