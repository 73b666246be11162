/**
 * Plan statistics and verdicts (src/metrics/plan-stats.ts, plan-verdict.ts): Wilson intervals
 * against values worked out by hand (Wilson 1927's formula at z = 1.96; the 18-of-20 interval is
 * Brown, Cai & DasGupta's textbook case), days to target at a confidence and its optimistic bound,
 * and the per-IP per-day rules on hand-built series.
 */
import { describe, expect, it } from 'vitest';
import { daysAtConfidence, optimisticDays, required, verdictStats, wilson } from '../../../src/metrics/plan-stats.ts';
import { judgeSeries, reachedDay, type PlanCriteria, type SeedVerdict } from '../../../src/metrics/plan-verdict.ts';

const v = (safe: boolean, reached: number | null): SeedVerdict => ({ safe, reached, worst: 0, blocks: 0, unsafeDay: safe ? null : 0 });

describe('plan statistics', () => {
  it.each([
    [0, 20, 0, 0.1611],
    [18, 20, 0.699, 0.9721],
    [5, 10, 0.2366, 0.7634],
    [3, 3, 0.4385, 1],
    [0, 3, 0, 0.5615],
    [20, 20, 0.8389, 1],
  ])('Wilson 95 %% interval of %i in %i: [%f, %f]', (k, n, lo, hi) => {
    const w = wilson(k, n);
    expect(w.lo).toBeCloseTo(lo, 4);
    expect(w.hi).toBeCloseTo(hi, 4);
  });

  it.each([
    [20, 0.9, 18],
    [10, 0.9, 9],
    [10, 0.7, 7],
    [3, 0.9, 3],
    [1, 0.5, 1],
  ])('required(%i seeds, %f) = %i', (n, c, need) => expect(required(n, c)).toBe(need));

  it('days to target at the confidence: the need-th earliest day among safe seeds; unsafe and unreached seeds never count', () => {
    const vs = [v(true, 5), v(true, 7), v(false, 3), v(true, 6), v(true, null)];
    expect(daysAtConfidence(vs, 5, 0.6)).toBe(7); // 3 of 5 must succeed: days 5, 6, 7
    expect(daysAtConfidence(vs, 5, 0.8)).toBe(Infinity); // 4 of 5: only 3 succeeded
    // 3 of 10 seeds run; 9 of 10 must succeed: 7 unrun seeds assumed at day 0, so 2 of the 3 run must succeed
    expect(optimisticDays(vs.slice(0, 3), 10, 0.9)).toBe(7);
    expect(optimisticDays([v(false, 1), v(false, 1)], 10, 0.9)).toBe(Infinity);
    expect(optimisticDays([v(true, 4)], 10, 0.5)).toBe(0);
    const s = verdictStats(vs, 0.6);
    expect([s.seeds, s.unsafe, s.risk, s.days, s.medianDays]).toEqual([5, 1, 0.2, 7, 6]);
    expect(s.riskLo).toBeCloseTo(1 - wilson(4, 5).hi, 10);
    expect(s.riskHi).toBeCloseTo(1 - wilson(4, 5).lo, 10);
  });
});

/** A per-IP series of `days` days with the given rows. */
function series(rows: { ip: string; provider: string; attempts: number[]; delivered: number[]; deferred: number[]; blocked?: number[] }[]) {
  return {
    perIp: rows.map((r) => ({
      ...r,
      blocked: r.blocked ?? r.attempts.map(() => 0),
      rejected: r.attempts.map(() => 0),
      band: r.attempts.map(() => null),
      peakConnectionsHourly: [],
    })),
  };
}

describe('seed verdicts', () => {
  const c: PlanCriteria = { target: 100, maxDeferral: 0.02, noBlocks: true };
  const ms = (attempts: number[], deferred: number[], delivered = attempts) => ({
    ip: 'a',
    provider: 'microsoft',
    attempts,
    delivered,
    deferred,
  });

  it.each([
    ['clean, target on day 2', [ms([50, 80, 120], [0, 0, 0])], { safe: true, reached: 2, unsafeDay: null }],
    ['2 % on a day is still Healthy', [ms([50, 100, 120], [1, 2, 0])], { safe: true, reached: 1, unsafeDay: null }],
    ['3 % on day 0 breaks the rule from day 0', [ms([100, 100, 120], [3, 0, 0])], { safe: false, reached: 0, unsafeDay: 0 }],
    ['later days are not judged once a rule broke', [ms([50, 100, 120], [0, 10, 0])], { safe: false, reached: 1, unsafeDay: 1 }],
  ] as const)('%s', (_name, rows, want) => {
    const r = judgeSeries(series([...rows]), c);
    expect({ safe: r.safe, reached: r.reached, unsafeDay: r.unsafeDay }).toEqual(want);
  });

  it('a block anywhere makes the seed unsafe (unless blocks are allowed); the target can count one provider', () => {
    const rows = [
      ms([60, 60, 60], [0, 0, 0]),
      { ip: 'b', provider: 'gmail', attempts: [60, 60, 60], delivered: [60, 59, 60], deferred: [0, 0, 0], blocked: [0, 1, 0] },
    ];
    expect(judgeSeries(series(rows), c)).toMatchObject({ safe: false, reached: 0, unsafeDay: 1, blocks: 1 });
    expect(judgeSeries(series(rows), { ...c, noBlocks: false })).toMatchObject({ safe: true, reached: 0 });
    expect(judgeSeries(series(rows), { ...c, provider: 'microsoft' })).toMatchObject({ reached: null });
    expect(reachedDay(series(rows), { ...c, provider: 'gmail', target: 60 })).toBe(0);
  });

  it('with a hold, days after the target plus the hold are not judged', () => {
    const rows = [ms([100, 100, 100, 100], [0, 0, 0, 50])];
    expect(judgeSeries(series(rows), c).safe).toBe(false);
    expect(judgeSeries(series(rows), { ...c, hold: 2 })).toMatchObject({ safe: true, reached: 0 });
  });
});
