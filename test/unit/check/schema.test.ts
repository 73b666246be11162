/** The `expect:` entry schema: accepted forms and their normalised values, rejected ones with paths, and policy name checks. */
import { describe, expect, it } from 'vitest';
import { checkPolicyNames, expectEntrySchema, parseShare, type ExpectSpec } from '../../../src/check/schema.ts';

describe('accepted entries', () => {
  it.each([
    [
      { policy: 'kumo', that: 'outlook_blocks == 0', in: '95% of seeds' },
      { policy: 'kumo', key: 'that', text: 'outlook_blocks == 0', quantifier: { kind: 'share', share: 0.95 } },
    ],
    [
      { policy: 'kumo', that: 'x < 5%', from_day: 3 },
      { policy: 'kumo', key: 'that', text: 'x < 5%', quantifier: { kind: 'share', share: 1 }, fromDay: 3 },
    ],
    [{ that: 'days_to_target <= 21' }, { key: 'that', text: 'days_to_target <= 21', quantifier: { kind: 'share', share: 1 } }],
    [
      { policy: ['a', 'b'], mean: 't < 10m' },
      { policy: ['a', 'b'], key: 'mean', text: 't < 10m', quantifier: { kind: 'mean', confidence: 0.95 } },
    ],
    [
      { policy: 'a', that: 't < 10m', confidence: 0.9 },
      { policy: 'a', key: 'that', text: 't < 10m', quantifier: { kind: 'mean', confidence: 0.9 } },
    ],
    [
      { compare: ['kumo', 'naive'], that: 'kumo.delivered > naive.delivered', confidence: 0.95, name: 'kumo delivers more' },
      {
        name: 'kumo delivers more',
        compare: ['kumo', 'naive'],
        key: 'that',
        text: 'kumo.delivered > naive.delivered',
        quantifier: { kind: 'mean', confidence: 0.95 },
      },
    ],
    [
      { that: 'x > 0', in: 'all seeds' },
      { key: 'that', text: 'x > 0', quantifier: { kind: 'share', share: 1 } },
    ],
  ])('%j', (input, output) => {
    expect(expectEntrySchema.parse(input)).toEqual(output);
  });

  it.each([
    ['95% of seeds', 0.95],
    ['  50 % of the seeds ', 0.5],
    ['100% of seeds', 1],
    ['12.5% of seeds', 0.125],
    ['All seeds', 1],
    ['every seed', 1],
    ['0% of seeds', undefined],
    ['101% of seeds', undefined],
    ['95%', undefined],
    ['95 of seeds', undefined],
    ['most seeds', undefined],
  ])('in: %j -> %s', (text, share) => {
    expect(parseShare(text)).toBe(share);
  });
});

describe('rejected entries', () => {
  it.each([
    [{}, [], 'missing that: (the condition, e.g. that: "outlook_blocks == 0") or mean: (a condition on the mean)'],
    [{ that: 'x > 0', mean: 'x > 0' }, ['mean'], 'give that: or mean:, not both'],
    [{ policy: 'a', compare: ['a', 'b'], that: 'a.x > b.x' }, ['compare'], 'give policy: or compare:, not both'],
    [{ compare: ['a', 'a'], that: 'a.x > a.x' }, ['compare', 1], 'compare two different policies'],
    [{ compare: ['a'], that: 'a.x > 0' }, ['compare'], ''],
    [
      { that: 'x > 0', in: '95 percent' },
      ['in'],
      'invalid "95 percent" (expected "N% of seeds" with 0 < N <= 100, e.g. "95% of seeds", or "all seeds")',
    ],
    [
      { that: 'x > 0', in: '95% of seeds', confidence: 0.95 },
      ['confidence'],
      'give in: (a share of seeds) or confidence: (a bound on the mean), not both',
    ],
    [{ mean: 'x > 0', in: '95% of seeds' }, ['in'], 'mean: is checked by a confidence bound, not a share of seeds'],
    [{ that: 'x > 0', confidence: 1 }, ['confidence'], 'expected a confidence below 1, such as 0.95'],
    [{ that: 'x > 0', confidence: 0.5 }, ['confidence'], 'expected a confidence above 0.5, such as 0.95'],
    [{ that: 'x > 0', from_day: -1 }, ['from_day'], 'expected a day >= 0 (day 0 is the first day)'],
    [{ that: 'x > 0', from_day: 1.5 }, ['from_day'], 'expected a whole day number'],
    [{ that: 'x > 0', policy: '' }, ['policy'], ''],
    [{ that: 'x > 0', whn: 1 }, [], ''],
    [{ that: 5 }, ['that'], ''],
  ])('%j -> %j', (input, path, message) => {
    const r = expectEntrySchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(r.error!.issues)).toBeDefined();
    expect(issue!.message).toContain(message);
  });
});

describe('policy names', () => {
  const spec = (e: Partial<ExpectSpec>): ExpectSpec => ({ key: 'that', text: 'x > 0', quantifier: { kind: 'share', share: 1 }, ...e });
  it('returns issues with paths into the expect list', () => {
    const issues = checkPolicyNames(
      [
        spec({ policy: 'kumo' }),
        spec({}),
        spec({ policy: 'kumo2' }),
        spec({ policy: ['naive', 'postfx'] }),
        spec({ compare: ['kumo', 'navie'] }),
      ],
      ['kumo', 'naive', 'postfix'],
    );
    expect(issues).toEqual([
      { path: ['expect', 2, 'policy'], message: 'unknown policy "kumo2" (did you mean "kumo"?)' },
      { path: ['expect', 3, 'policy', 1], message: 'unknown policy "postfx" (did you mean "postfix"?)' },
      { path: ['expect', 4, 'compare', 1], message: 'unknown policy "navie" (did you mean "naive"?)' },
    ]);
    expect(checkPolicyNames([spec({ policy: 'zzzzzz' })], ['kumo', 'naive'])).toEqual([
      { path: ['expect', 0, 'policy'], message: 'unknown policy "zzzzzz" (the scenario\'s policies: kumo, naive)' },
    ]);
  });
});
