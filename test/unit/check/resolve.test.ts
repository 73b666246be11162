/** Resolving names against the catalogue: units checked, unknown names with suggestions, compare prefixes, from_day, bounds. */
import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../../src/check/parser.ts';
import { resolve, type ResolveContext } from '../../../src/check/resolve.ts';
import { indexCatalogue } from '../../../src/check/catalogue.ts';
import { DEFAULT_CATALOGUE } from '../../../src/check/catalogue-default.ts';
import { ExprError } from '../../../src/check/errors.ts';

const metrics = indexCatalogue(DEFAULT_CATALOGUE);
const run = (text: string, ctx: Partial<ResolveContext> = {}) =>
  resolve(text, parseExpr(text), { metrics, policies: ['kumo', 'naive', 'seed-playbook'], ...ctx });

function errorOf(text: string, ctx: Partial<ResolveContext> = {}): { at: number; message: string } {
  try {
    run(text, ctx);
  } catch (e) {
    if (e instanceof ExprError) return { at: e.at, message: e.message };
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('units', () => {
  it.each([
    ['transactional.p95_latency < 10m', 'time'],
    ['transactional.p95_latency < 600', 'time'],
    ['microsoft.worst_daily_deferral < 5%', 'ratio'],
    ['delivery_rate > 0.98', 'ratio'],
    ['delivered_per_day > 20k/day', 'rate'],
    ['delivered_per_day > 1k/h', 'rate'],
    ['days_to_target <= 21', 'days'],
    ['bounced / injected < 1%', 'ratio'],
    ['delivered - bounced > 10k', 'count'],
    ['delivered * 2 > bounced', 'count'],
    ['attempts_per_delivered < 1.5', 'any'],
    ['delivered * complaint_rate < 5', 'mixed'],
  ])('%s compares %s', (text, kind) => {
    expect(run(text).comparisons[0]!.kind).toBe(kind);
  });

  it.each([
    ['transactional.p95_latency < 5%', 28, 'cannot compare transactional.p95_latency (a duration) with 5% (a ratio)'],
    [
      'delivered > 10k/day',
      12,
      'cannot compare delivered (a count) with 10k/day (a rate per day) (compare a rate with a per-day metric such as delivered_per_day)',
    ],
    [
      'days_to_target <= 21d',
      18,
      'cannot compare days_to_target (a number of days) with 21d (a duration) (days_to_target counts days: write 21, not 21d)',
    ],
    ['delivery_rate > 2h', 16, 'cannot compare delivery_rate (a ratio) with 2h (a duration)'],
    ['delivered + transactional.p95_latency > 0', 10, 'cannot add delivered (a count) and transactional.p95_latency (a duration)'],
    ['delivered > bounce_rate', 10, 'cannot compare delivered (a count) with bounce_rate (a ratio)'],
    ['5 < 10', 0, '5 < 10 compares two constants'],
  ])('%s -> offset %i', (text, at, message) => {
    expect(errorOf(text)).toEqual({ at, message: expect.stringContaining(message) });
  });
});

describe('names', () => {
  it.each([
    ['outlok_blocks == 0', 0, 'unknown metric "outlok_blocks"; did you mean "outlook_blocks"?'],
    ['delivered > 0 and microsoft.worst_daily_deferal < 5%', 18, 'did you mean "microsoft.worst_daily_deferral", '],
    ['zzz > 1', 0, 'unknown metric "zzz"; expected a metric such as delivered'],
    ['delivered-bounced > 1', 0, 'unknown metric "delivered-bounced"; to subtract, put spaces around the minus: delivered - bounced'],
    ['kumo.delivered > 1', 0, 'policy prefixes belong in compare: expectations; write delivered with policy: kumo'],
  ])('%s -> offset %i', (text, at, message) => {
    expect(errorOf(text)).toEqual({ at, message: expect.stringContaining(message) });
  });

  it('reads policy.metric in a compare, by slot', () => {
    const r = run('seed-playbook.delivered - naive.delivered > 0', { compare: ['seed-playbook', 'naive'] });
    expect(r.expr).toMatchObject({ k: 'cmp', l: { k: 'arith', l: { k: 'metric', slot: 0 }, r: { k: 'metric', slot: 1 } } });
  });

  it.each([
    ['delivered > 1', 0, 'in a compare: expectation name the policy: kumo.delivered or naive.delivered'],
    ['kumo.delivered > kuma.delivered', 17, '"kuma" is not one of the compared policies (kumo, naive); did you mean "kumo"?'],
    ['kumo.deliverd > 1', 5, 'unknown metric "deliverd"; did you mean "delivered"?'],
    ['kumo.delivered-naive.delivered > 0', 5, 'to subtract, put spaces around the minus: kumo.delivered - naive.delivered'],
  ])('compare: %s -> offset %i', (text, at, message) => {
    expect(errorOf(text, { compare: ['kumo', 'naive'] })).toEqual({ at, message: expect.stringContaining(message) });
  });
});

describe('from_day and bounds', () => {
  it('accepts from_day for metrics read per day only', () => {
    expect(run('microsoft.worst_daily_deferral < 5% and delivered > 0', { fromDay: 3 }).comparisons).toHaveLength(2);
    const e = errorOf('delivered > 0 and microsoft.deferral_rate < 5%', { fromDay: 3 });
    expect(e.at).toBe(18);
    expect(e.message).toMatch(
      /^from_day does not apply to microsoft\.deferral_rate, a whole-run figure \(it applies to delivered, .*microsoft\.worst_daily_deferral/,
    );
  });

  it('refuses ==, != and not in a confidence bound', () => {
    expect(errorOf('delivered == 5', { bound: true })).toEqual({
      at: 10,
      message: 'a confidence bound needs <, <=, > or >= (== has no one-sided bound)',
    });
    expect(errorOf('not delivered < 5', { bound: true }).at).toBe(0);
    expect(run('delivered > 5 and bounced < 3', { bound: true }).comparisons).toHaveLength(2);
  });

  it('records each comparison as written, and the null text of its metric', () => {
    const r = run('days_to_target <= 21 or  delivered>0');
    expect(r.comparisons.map((c) => [c.text, c.left.text, c.right.text, c.right.constant, c.none])).toEqual([
      ['days_to_target <= 21', 'days_to_target', '21', true, 'never'],
      ['delivered>0', 'delivered', '0', true, 'n/a'],
    ]);
  });
});
