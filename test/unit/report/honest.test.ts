/**
 * Metrics that do not reward getting blocked (issue 19), as tables of expected values: the
 * Blocked band, refused rates and worst days over days with enough attempts (from day 0),
 * latency with never-delivered mail counted as never, "best" only where meaningful, "never" as
 * the worst value over seeds, the sign test's seed count, and short sweep legends.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf } from '../../../src/metrics/bands.ts';
import { outcome } from '../../../src/metrics/outcomes.ts';
import { RunMetrics } from '../../../src/metrics/run-metrics.ts';
import { percentiles } from '../../../src/metrics/latency.ts';
import { bestIndices } from '../../../src/report/best.ts';
import { band, seedsForSignP, smallestSignP } from '../../../src/report/stats.ts';
import { humanSeconds } from '../../../src/report/format.ts';
import { variantLabels } from '../../../src/report/chart-style.ts';
import type { Comparison } from '../../../src/metrics/comparison.ts';
import { fcParams } from '../../support/fc-config.ts';

describe('bands', () => {
  it.each([
    [0, 0, 'healthy'],
    [0, 1, 'blocked'], // a blocked IP defers nothing: 0 % deferrals, every attempt refused by a block
    [0.02, 0, 'healthy'],
    [0.03, 0.5, 'watch'], // exactly half refused by a block is not "mostly"
    [0.03, 0.51, 'blocked'],
    [0.1, 0, 'throttle'],
    [0.4, 0, 'pause'],
    [0.4, 0.6, 'blocked'],
  ])('bandOf(deferral %f, block share %f) = %s', (rate, share, want) => {
    expect(bandOf(rate, share)).toBe(want);
  });
});

describe('outcomes: rates, worst days and bands', () => {
  // day 0: 200 attempts, 20 % deferred; day 1: 50 attempts (below the floor), all deferred;
  // day 2: 300 attempts, every one refused by a block (550 5.7.1 S3150); day 3: nothing
  const x = {
    attempts: [200, 50, 300, 0],
    delivered: [160, 0, 0, 0],
    deferred: [40, 50, 0, 0],
    rejected: [0, 0, 300, 0],
    blocked: [0, 0, 300, 0],
  };
  const o = outcome(x);
  it.each([
    ['attempts', 550],
    ['deferralRate', 0.16364], // 90 / 550
    ['refusedRate', 0.70909], // 390 / 550
    ['blockShare', 0.54545],
    ['worstDailyDeferralRate', 0.2], // day 0 counts (nothing skipped), day 1 is below 100 attempts
    ['worstDailyRefusedRate', 1], // the blocked day
  ] as const)('%s = %f', (k, v) => {
    expect(o[k]).toBeCloseTo(v, 5);
  });
  it('days per band: the blocked day is Blocked, not Healthy', () => {
    expect(o.daysInBand).toEqual({ healthy: 0, watch: 0, throttle: 0, pause: 2, blocked: 1 });
  });
});

describe('latency counts every message', () => {
  const metrics = () => new RunMetrics(2 * 86400, 1, 1, 1);
  it('a quick refusal is never delivered, not fast: p95 is never once more than 5 % never arrive', () => {
    const m = metrics();
    for (let i = 0; i < 90; i++) m.recordDelivered(3600, 0, 0, 60);
    for (let i = 0; i < 10; i++) m.recordNeverDelivered(3600, 0); // refused by a block after 0.5 s
    const p = percentiles(m, [0], [0, 1]);
    expect(p.p50).toBeGreaterThanOrEqual(60);
    expect(p.p50).toBeLessThan(63);
    expect(p.p90).toBeLessThan(63);
    expect(p.p95).toBe(Infinity);
    expect(p.max).toBe(Infinity);
    expect([p.messages, p.neverDelivered, p.within1h, p.within24h]).toEqual([100, 10, 0.9, 0.9]);
  });
  it('mail still queued at the end counts at its age (a lower bound)', () => {
    const m = metrics();
    for (let i = 0; i < 50; i++) m.recordDelivered(3600, 0, 0, 10);
    for (let i = 0; i < 50; i++) m.recordQueuedAtEnd(2 * 86400, 0, 86400);
    const p = percentiles(m, [0], [0, 1]);
    expect(p.p95).toBeGreaterThanOrEqual(86400);
    expect(p.p95).toBeLessThan(86400 * 1.045);
    expect([p.queuedAtEnd, p.within1h]).toEqual([50, 0.5]);
  });
  it('no mail: no value', () => {
    const p = percentiles(metrics(), [0], [0, 1]);
    expect([p.p50, p.max, p.within1h]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });
  it('property: p95 is never exactly when more than 5 % of the mail was never delivered (seed printed on failure)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 60 }), (delivered, never) => {
        const m = metrics();
        for (let i = 0; i < delivered; i++) m.recordDelivered(100, 0, 0, i);
        for (let i = 0; i < never; i++) m.recordNeverDelivered(100, 0);
        const p = percentiles(m, [0], [0]);
        expect(p.p95 === Infinity).toBe(Math.ceil(0.95 * (delivered + never)) > delivered);
      }),
      fcParams(200),
    );
  });
});

describe('"best" only where meaningful', () => {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  it.each([
    ['lowest wins among the unblocked', [0.01, 0.05, 0], false, [true, true, false], String, [0]],
    ['a blocked policy is never best, however good it looks', [0.3, 0.2, 0], false, [true, true, false], String, [1]],
    ['"never" (Infinity) is never best', [Infinity, Infinity], false, [true, true], String, []],
    ['"never" loses to a number', [Infinity, 12], false, [true, true], String, [1]],
    ['no data is skipped', [Number.NaN, 3, 4], true, [true, true, true], String, [2]],
    ['one comparable policy: nothing to compare', [5, 1], false, [true, false], String, []],
    ['all tie: no highlight', [2, 2, 2], false, [true, true, true], String, []],
    ['ties as shown are ties: 1.0000 and 1.0004 read 100.00 % and 100.04 %', [1, 1.0004], false, [true, true], pct, [0]],
    ['ties as shown are ties (2)', [0.01, 0.01004], false, [true, true], pct, []],
  ] as const)('%s', (_name, values, higher, eligible, shown, want) => {
    expect(bestIndices(values, higher, eligible, shown)).toEqual(want);
  });
});

describe('over seeds', () => {
  it('"never" in one seed makes the mean never; no data is left out', () => {
    expect(band([3, Infinity, 5]).mean).toBe(Infinity);
    expect(band([3, Infinity, 5]).p5).toBeCloseTo(3.2, 9);
    expect(band([3, Infinity, 5]).p95).toBe(Infinity);
    expect(band([3, Number.NaN, 5]).mean).toBe(4);
  });
  it.each([
    [1, 1],
    [3, 0.25],
    [5, 0.0625],
    [6, 0.03125],
  ])('the smallest sign-test p of %i seeds is %f', (n, p) => {
    expect(smallestSignP(n)).toBeCloseTo(p, 12);
  });
  it('p < 0.05 needs 6 seeds', () => {
    expect(seedsForSignP(0.05)).toBe(6);
    expect(seedsForSignP(0.01)).toBe(8);
  });
});

describe('human units and legends', () => {
  it.each([
    [0.5, '0.5 s'],
    [90, '1.5 min'],
    [5.1 * 3600, '5.1 h'],
    [6.6 * 86400, '6.6 d'],
  ])('%f s reads %s', (x, s) => {
    expect(humanSeconds(x)).toBe(s);
  });
  const sweep = (grid: Record<string, number>[], policies: string[]): Comparison => ({
    scenario: 's',
    description: '',
    seeds: [1],
    policies: grid.map((g, i) => `${policies[i]} [${JSON.stringify(g)}]`),
    runs: [],
    inputs: { yaml: '', variants: grid.map((g, i) => ({ policy: policies[i]!, use: policies[i]!, params: {}, grid: g })) },
  });
  it('a sweep of one policy is labelled by its grid values alone', () => {
    const P = 'policies.seed-playbook.microsoft.initial_rate_per_ip_per_hour';
    expect(variantLabels(sweep([{ [P]: 10 }, { [P]: 20 }], ['sp', 'sp']))).toEqual([
      'initial_rate_per_ip_per_hour=10',
      'initial_rate_per_ip_per_hour=20',
    ]);
  });
  it('several policies keep their names beside the grid values', () => {
    expect(variantLabels(sweep([{ seed: 1 }, { seed: 1 }], ['a', 'b']))).toEqual(['a seed=1', 'b seed=1']);
  });
});
