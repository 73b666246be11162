/**
 * The default metric catalogue: each metric read from a typed run summary (a change of the
 * summary format fails the type check here), from_day reading the daily series, clear errors
 * for a summary without the fields, the README's table kept current, and a real run of a tiny
 * scenario read without errors and consistently.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../src/check/catalogue-default.ts';
import { catalogueMarkdown, indexCatalogue } from '../../../src/check/catalogue.ts';
import { CatalogueError } from '../../../src/check/errors.ts';
import type { RunSeries, RunSummary } from '../../../src/check/adapter.ts';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';

const p = (p50: number, p95: number): RunSummary['latency']['bulk'] => ({
  p50,
  p90: p50 + 1,
  p95,
  p99: p95 + 1,
  max: p95 + 2,
  messages: 500,
  queuedAtEnd: 5,
  neverDelivered: 20,
  within1h: 0.5,
  within24h: 0.9,
});
const bandDays = { healthy: 3, watch: 1, throttle: 1, pause: 0, blocked: 0 };
const outcome = (attempts: number, deferred: number, rejected: number, blocked: number, days = bandDays) => ({
  attempts,
  delivered: attempts - deferred - rejected,
  deferred,
  rejected,
  blocked,
  deferralRate: deferred / attempts,
  refusedRate: (deferred + rejected) / attempts,
  blockShare: blocked / attempts,
  worstDailyDeferralRate: 0.5,
  worstDailyRefusedRate: 0.6,
  daysInBand: days,
});
const summary: RunSummary = {
  policy: 'kumo',
  seed: 3,
  injected: 1000,
  delivered: 900,
  bounced: 50,
  expired: 30,
  withheld: 15,
  queuedAtEnd: 5,
  attempts: 1300,
  attemptsPerDelivered: 1.4444,
  deferralRate: 0.1,
  refusedRate: 0.125,
  microsoft: {
    attempts: 600,
    deferralRate: 0.12,
    refusedRate: 0.13,
    maxDailyDeferralRate: 0.04,
    maxDailyRefusedRate: 0.05,
    blockReplies: 7,
    daysInBand: bandDays,
    delivered: 400,
  },
  providers: { microsoft: outcome(600, 72, 6, 7), gmail: outcome(400, 40, 10, 2, { ...bandDays, blocked: 2 }) },
  blocksByProvider: { microsoft: 7, gmail: 2, yahoo: 0 },
  blockedIpDays: 2,
  latency: { bulk: p(100, 3600), transactional: p(20, Number.NaN), all: p(90, 3500) },
  streams: [],
  perIp: [],
  target: 250,
  daysToTarget: null,
  complaintRate: 0.0012,
  snds: { green: 4, yellow: 2, red: 1 },
  hidden: { trust: [0.5], capacity: [100] },
};
const daily = (xs: number[]) => xs;
const series: RunSeries = {
  msDeferralDaily: [0.5, 0.3, 0.2, 0.04, 0.01],
  msRefusedDaily: [0.5, 0.3, 0.2, 0.04, 0.01],
  msBlockDaily: [0, 0, 0, 0, 0],
  msBandDaily: ['pause', 'pause', 'pause', 'watch', 'healthy'],
  deliveredDaily: [100, 150, 200, 200, 250],
  bulkP50: [1, 1, 1, 1, 1],
  bulkP95: [10, 50, Number.NaN, 20, 5],
  txP50: [1, 1, 1, 1, 1],
  txP95: [30, 90, 60, Number.NaN, 40],
  msDeferralHourly: [],
  msRefusedHourly: [],
  msBlockHourly: [],
  hiddenTrust: [],
  hiddenCapacity: [],
  target: 250,
  // Microsoft per day: attempts, and 4xx (+ policy 5xx) making the rates of msDeferralDaily (day 2: 50 attempts, below the floor)
  perProvider: [
    {
      provider: 'microsoft',
      attempts: daily([100, 200, 50, 100, 200]),
      delivered: daily([50, 140, 40, 96, 198]),
      deferred: daily([50, 60, 10, 4, 2]),
      rejected: daily([0, 10, 0, 0, 0]),
      blocked: daily([0, 0, 0, 0, 0]),
    },
  ],
  perIp: [],
  perStreamIp: [],
  snds: [],
};
const M = indexCatalogue(DEFAULT_CATALOGUE);
const get = (name: string, fromDay?: number) => M.get(name)!.get(summary, { series, ...(fromDay !== undefined ? { fromDay } : {}) });

describe('default catalogue on a run summary', () => {
  it.each([
    ['injected', 1000],
    ['delivered', 900],
    ['bounced', 50],
    ['expired', 30],
    ['withheld', 15],
    ['queued_at_end', 5],
    ['attempts', 1300],
    ['attempts_per_delivered', 1.4444],
    ['delivery_rate', 0.9],
    ['bounce_rate', 0.05],
    ['delivered_per_day', 180],
    ['target_per_day', 250],
    ['days_to_target', null],
    ['complaint_rate', 0.0012],
    ['outlook_blocks', 7],
    ['microsoft.blocks', 7],
    ['blocks', 9],
    ['gmail.blocks', 2],
    ['yahoo.blocks', 0],
    ['m365.blocks', 0],
    ['microsoft.attempts', 600],
    ['microsoft.delivered', 400],
    ['microsoft.deferral_rate', 0.12],
    ['microsoft.worst_daily_deferral', 0.04],
    ['microsoft.days_healthy', 3],
    ['microsoft.days_blocked', 0],
    ['microsoft.refused_rate', 0.13],
    ['microsoft.worst_daily_refused', 0.05],
    ['gmail.deferral_rate', 0.1],
    ['gmail.refused_rate', 0.125],
    ['gmail.days_blocked', 2],
    ['gmail.worst_daily_refused', 0.6],
    ['yahoo.refused_rate', null], // no attempts at Yahoo: no rate
    ['blocked_ip_days', 2],
    ['deferral_rate', 0.1],
    ['refused_rate', 0.125],
    ['bulk.within_1h', 0.5],
    ['bulk.within_24h', 0.9],
    ['bulk.never_delivered', 20],
    ['microsoft.days_throttle', 1],
    ['snds.red', 1],
    ['bulk.p50_latency', 100],
    ['bulk.p95_latency', 3600],
    ['bulk.max_latency', 3602],
    ['transactional.p90_latency', 21],
    ['transactional.p95_latency', null], // NaN in the summary: no transactional deliveries
    ['bulk.worst_daily_p95_latency', 50],
    ['transactional.worst_daily_p95_latency', 90],
  ])('%s = %s', (name, value) => {
    expect(get(name)).toBe(value);
  });

  it.each([
    ['delivered', 2, 650],
    ['delivered', 0, 900], // the series sums to 900 as the summary does
    ['delivered_per_day', 3, 225],
    ['microsoft.worst_daily_deferral', 3, 0.04],
    ['microsoft.worst_daily_deferral', 1, 0.3],
    ['microsoft.worst_daily_deferral', 2, 0.04], // day 2 has 50 attempts: below the 100-attempt floor, not counted
    ['microsoft.worst_daily_deferral', 0, 0.5], // day 0 counts: nothing is skipped silently
    ['microsoft.worst_daily_refused', 1, 0.35],
    ['bulk.worst_daily_p95_latency', 2, 20],
    ['transactional.worst_daily_p95_latency', 2, 60],
    ['transactional.worst_daily_p95_latency', 3, 40],
  ])('%s from day %i = %d', (name, fromDay, value) => {
    expect(get(name, fromDay)).toBeCloseTo(value, 12);
  });

  it('names null "never" for days_to_target only', () => {
    expect(M.get('days_to_target')!.none).toBe('never');
    expect(DEFAULT_CATALOGUE.filter((m) => m.none !== undefined).map((m) => m.name)).toEqual(['days_to_target']);
  });

  it('says so when the summary lacks a field or the series is missing', () => {
    expect(() => M.get('microsoft.deferral_rate')!.get({ delivered: 1 }, {})).toThrow(CatalogueError);
    expect(() => M.get('delivered')!.get({}, {})).toThrow(/metric delivered: the run summary has no number where it reads \(got nothing\)/);
    expect(() => M.get('delivered')!.get(summary, { fromDay: 2 })).toThrow(
      /metric delivered reads the run's daily series, which was not given/,
    );
  });

  it('has unique names, each with a unit and a description', () => {
    expect(M.size).toBe(DEFAULT_CATALOGUE.length);
    for (const m of DEFAULT_CATALOGUE) {
      expect(m.name).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
      expect(m.doc.length).toBeGreaterThan(5);
    }
  });

  it('is the table the README lists', () => {
    const readme = readFileSync(new URL('../../../src/check/README.md', import.meta.url), 'utf8');
    const table = /<!-- catalogue:begin[^>]*-->\n([\s\S]*?)\n<!-- catalogue:end -->/.exec(readme)?.[1];
    expect(table).toBe(catalogueMarkdown(DEFAULT_CATALOGUE));
  });
});

describe('default catalogue on real runs', () => {
  it('reads every metric of a tiny scenario, consistently', () => {
    const loaded = loadScenarioFile(new URL('../../fixtures/scenarios/tiny.yaml', import.meta.url).pathname);
    for (const policy of ['playbook', 'naive']) {
      const o = runScenario(loaded, { policy, seed: 4 });
      const read = (name: string, fromDay?: number) =>
        M.get(name)!.get(o.summary, { series: o.series, ...(fromDay !== undefined ? { fromDay } : {}) });
      for (const m of DEFAULT_CATALOGUE) {
        const v = read(m.name);
        expect(v === null || Number.isFinite(v), m.name).toBe(true);
        if (m.fromDay !== undefined) expect(read(m.name, 0) === null || Number.isFinite(read(m.name, 0)), m.name).toBe(true);
      }
      expect(read('delivered', 0)).toBe(read('delivered'));
      // the summary rounds to 5 digits; from_day 0 reads the exact daily counts
      expect(read('microsoft.worst_daily_deferral', 0)).toBeCloseTo(read('microsoft.worst_daily_deferral')!, 4);
      expect(read('microsoft.worst_daily_refused', 0)).toBeCloseTo(read('microsoft.worst_daily_refused')!, 4);
      expect(read('outlook_blocks')).toBe(o.summary.blocksByProvider['microsoft']);
      expect(read('delivered')! + read('bounced')! + read('expired')! + read('queued_at_end')!).toBe(read('injected'));
    }
  });
});
