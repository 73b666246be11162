/**
 * Across seeds: for each policy the mean and 5-95 % band of every outcome and series; for every
 * pair of policies a paired comparison on the same seeds (common random numbers): wins, losses,
 * ties and the sign test's p-value, per outcome, in the direction a deliverability engineer wants.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';
import { band, signTest } from './stats.ts';

export interface Outcome {
  readonly key: string;
  readonly label: string;
  /** Higher is better (true) or lower is better (false). */
  readonly higherIsBetter: boolean;
  readonly unit: '' | '%' | 's' | 'days';
  readonly get: (s: RunSummary) => number;
}

export const OUTCOMES: readonly Outcome[] = [
  { key: 'delivered', label: 'delivered', higherIsBetter: true, unit: '', get: (s) => s.delivered },
  { key: 'bounced', label: 'bounced (5xx: blocks, unknown users, policy)', higherIsBetter: false, unit: '', get: (s) => s.bounced },
  { key: 'msDeferral', label: 'Microsoft deferral rate', higherIsBetter: false, unit: '%', get: (s) => s.microsoft.deferralRate },
  {
    key: 'msMaxDaily',
    label: 'worst daily Microsoft deferral rate (day 3+)',
    higherIsBetter: false,
    unit: '%',
    get: (s) => s.microsoft.maxDailyDeferralRate,
  },
  {
    key: 'blocks',
    label: 'Outlook.com block replies (S3150/S3140)',
    higherIsBetter: false,
    unit: '',
    get: (s) => s.microsoft.blockReplies,
  },
  {
    key: 'otherBlocks',
    label: 'block replies elsewhere (Gmail 5.7.28, M365 5.7.606, ...)',
    higherIsBetter: false,
    unit: '',
    get: (s) => otherBlocks(s),
  },
  { key: 'bulkP95', label: 'bulk latency p95', higherIsBetter: false, unit: 's', get: (s) => s.latency.bulk.p95 },
  { key: 'txP95', label: 'transactional latency p95', higherIsBetter: false, unit: 's', get: (s) => s.latency.transactional.p95 },
  { key: 'expired', label: 'expired in queue', higherIsBetter: false, unit: '', get: (s) => s.expired },
  { key: 'withheld', label: 'held back by the policy', higherIsBetter: false, unit: '', get: (s) => s.withheld },
  {
    key: 'attemptsPerDelivered',
    label: 'attempts per delivered message',
    higherIsBetter: false,
    unit: '',
    get: (s) => s.attemptsPerDelivered,
  },
  {
    key: 'daysToTarget',
    label: 'days to target volume',
    higherIsBetter: false,
    unit: 'days',
    get: (s) => s.daysToTarget ?? Number.POSITIVE_INFINITY,
  },
  { key: 'complaintRate', label: 'observed complaint rate', higherIsBetter: false, unit: '%', get: (s) => s.complaintRate },
];

/** Block replies at every provider but Outlook.com. */
function otherBlocks(s: RunSummary): number {
  let n = 0;
  for (const [name, v] of Object.entries(s.blocksByProvider)) if (name !== 'microsoft') n += v;
  return n;
}

export interface PolicyAggregate {
  readonly policy: string;
  readonly outcomes: Readonly<Record<string, { mean: number; p5: number; p95: number }>>;
  /** Per-day series across seeds: mean / p5 / p95 arrays. */
  readonly daily: Readonly<
    Record<'msDeferral' | 'delivered' | 'bulkP50' | 'bulkP95' | 'txP50' | 'txP95', { mean: number[]; p5: number[]; p95: number[] }>
  >;
  readonly hourlyMsDeferral: { mean: number[]; p5: number[]; p95: number[] };
  readonly hourlyMsBlock: { mean: number[]; p5: number[]; p95: number[] };
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
      hourlyMsBlock: seriesBand(series, (r) => r.msBlockHourly),
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
