/** Quantifiers over seeds against hand-computed values: shares, Student t bounds on means, paired compares, nulls. */
import { describe, expect, it } from 'vitest';
import { checkExpectations } from '../../../src/check/check.ts';
import { compile, runsOf } from './helpers.ts';

const xs = (values: readonly (number | null)[], key = 'x') => values.map((v) => ({ [key]: v }));

function check(entry: string, by: Record<string, readonly Record<string, unknown>[]>, seeds?: readonly number[]) {
  const { expectations, issues } = compile([entry], { policies: Object.keys(by) });
  expect(issues).toEqual([]);
  return checkExpectations(expectations, runsOf(by, seeds)).results[0]!;
}

describe('share of seeds', () => {
  it.each([
    // values, share, passing, required, passed
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], '95% of seeds', 19, 19, true],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3], '95% of seeds', 18, 19, false],
    [[0, 0, 0, 0, 1], '95% of seeds', 4, 5, false], // ceil(4.75) = 5
    [[0, 0, 0, 0, 1], '80% of seeds', 4, 4, true],
    [[0, 0, 0, 0, 0, 0, 0, 1, 1, 1], '70% of seeds', 7, 7, true], // 0.7 x 10 is 7.000000000000001 in floating point
    [[0, 0, 1], 'all seeds', 2, 3, false],
  ] as const)('%j x == 0 in %s', (values, share, passing, required, passed) => {
    const r = check(`{ policy: a, that: "x == 0", in: "${share}" }`, { a: xs(values) });
    expect(r.targets[0]).toMatchObject({ passing, required, passed });
    expect(r.passed).toBe(passed);
  });

  it('defaults to every seed and lists failed seeds worst first, with replay lines', () => {
    const r = check('{ that: "x < 10" }', { a: xs([5, 12, 9, 30, 11]) }, [7, 8, 9, 10, 11]);
    const t = r.targets[0]!;
    expect(t).toMatchObject({ policies: ['a'], passing: 2, required: 5, passed: false, failedSeeds: [10, 8, 11] });
    expect(t.replay).toEqual([
      'warmup-sim run x.yaml --policy a --seed 10',
      'warmup-sim run x.yaml --policy a --seed 8',
      'warmup-sim run x.yaml --policy a --seed 11',
    ]);
    expect(t.comparisons[0]!.left.values).toEqual([5, 12, 9, 30, 11]);
    expect(t.comparisons[0]!.left.band).toEqual({ min: 5, p5: 5.8, median: 11, p95: 26.4, max: 30, none: 0 });
  });

  it('checks every policy when none is named, each on its own', () => {
    const r = check('{ that: "x <= 1" }', { a: xs([0, 1]), b: xs([1, 2]) });
    expect(r.targets.map((t) => [t.policies, t.passed])).toEqual([
      [['a'], true],
      [['b'], false],
    ]);
    expect(r.passed).toBe(false);
  });

  it('fails a target whose policy did not run', () => {
    const { expectations } = compile(['{ policy: b, that: "x <= 1" }'], { policies: ['a', 'b'] });
    const t = checkExpectations(expectations, runsOf({ a: xs([0]) })).results[0]!.targets[0]!;
    expect(t).toMatchObject({ passed: false, reason: 'policy b did not run (runs: a)' });
  });
});

describe('nulls', () => {
  it('fail a comparison, also under not, and are listed first', () => {
    const by = { a: xs([3, null, 5], 'd') };
    expect(check('{ that: "d <= 21" }', by).targets[0]).toMatchObject({ passing: 2, failedSeeds: [101] });
    expect(check('{ that: "not (d > 21)" }', by).targets[0]).toMatchObject({ passing: 2, failedSeeds: [101] });
    expect(check('{ that: "d > 4" }', by).targets[0]).toMatchObject({ passing: 1, failedSeeds: [101, 100] });
  });

  it('follow three-valued logic in and / or', () => {
    const by = { a: [{ d: null, x: 1 }] };
    expect(check('{ that: "d <= 21 or x > 0" }', by).passed).toBe(true);
    expect(check('{ that: "d <= 21 and x > 0" }', by).passed).toBe(false);
    expect(check('{ that: "not (d <= 21 and x > 5)" }', by).passed).toBe(true); // false and unknown = false
  });

  it('make arithmetic null: division by zero too', () => {
    const r = check('{ that: "x / r > 1" }', { a: [{ x: 5, r: 0 }] });
    expect(r.targets[0]!.comparisons[0]!.left.values).toEqual([null]);
    expect(r.passed).toBe(false);
  });
});

describe('bound on the mean (Student t, one-sided)', () => {
  // t = 1..5: mean 3, sd 1.581139, t(0.95, 4) = 2.131847, half-width 1.507443: upper 4.507443, lower 1.492557
  const by = { a: xs([1, 2, 3, 4, 5], 't') };
  it.each([
    ['t < 4.6', true, 'upper', 4.507443 - 4.6],
    ['t < 4.5', false, 'upper', 4.507443 - 4.5],
    ['t <= 4.51', true, 'upper', 4.507443 - 4.51],
    ['t > 1.49', true, 'lower', 1.492557 - 1.49],
    ['t > 1.5', false, 'lower', 1.492557 - 1.5],
    ['4.6 > t', true, 'lower', 4.6 - 4.507443],
  ] as const)('mean: %s', (cond, passed, side, bound) => {
    const r = check(`{ policy: a, mean: "${cond}" }`, by);
    const c = r.targets[0]!.comparisons[0]!;
    expect(r.passed).toBe(passed);
    expect(c.bound!.side).toBe(side);
    expect(c.bound!.bound).toBeCloseTo(bound, 5);
    expect(c.bound!.halfWidth).toBeCloseTo(1.507443, 5);
  });

  it('takes the confidence given: t(0.99, 4) = 3.746947', () => {
    const c = check('{ policy: a, that: "t < 6", confidence: 0.99 }', by).targets[0]!.comparisons[0]!;
    expect(c.bound!.halfWidth).toBeCloseTo((3.746947 * 1.581139) / Math.sqrt(5), 5);
    expect(c.bound!.confidence).toBe(0.99);
  });

  it('combines bounds with and / or', () => {
    expect(check('{ policy: a, mean: "t < 4.6 and t > 1.49" }', by).passed).toBe(true);
    expect(check('{ policy: a, mean: "t < 4.5 and t > 1.49" }', by).passed).toBe(false);
    expect(check('{ policy: a, mean: "t < 4.5 or t > 1.49" }', by).passed).toBe(true);
  });

  it('needs two seeds and a value on every seed', () => {
    expect(check('{ policy: a, mean: "t < 10" }', { a: xs([1], 't') }).targets[0]).toMatchObject({
      passed: false,
      reason: 'a confidence bound needs at least 2 seeds (ran 1)',
    });
    const r = check('{ policy: a, mean: "d < 10" }', { a: xs([1, null, 2], 'd') }).targets[0]!;
    expect(r).toMatchObject({ passed: false, reason: 'a value is missing on some seeds, so the mean has no bound' });
    expect(r.comparisons[0]!.boundHolds).toBeNull();
  });
});

describe('paired compare', () => {
  it('bounds the mean of the paired differences', () => {
    // D = 1, 2, 1, 2: mean 1.5, sd 0.577350, se 0.288675, t(0.95, 3) = 2.353363: lower bound 1.5 - 0.679357 = 0.820643
    const by = { a: xs([10, 12, 11, 13]), b: xs([9, 10, 10, 11]) };
    const r = check('{ compare: [a, b], that: "a.x > b.x", confidence: 0.95 }', by);
    const c = r.targets[0]!.comparisons[0]!;
    expect(r.targets[0]!.policies).toEqual(['a', 'b']);
    expect(c.difference!.values).toEqual([1, 2, 1, 2]);
    expect(c.bound).toMatchObject({ side: 'lower', n: 4, mean: 1.5 });
    expect(c.bound!.bound).toBeCloseTo(0.820643, 5);
    expect(r.passed).toBe(true);
    // t(0.999, 3) = 10.214532: lower bound 1.5 - 2.948682 < 0
    expect(check('{ compare: [a, b], that: "a.x > b.x", confidence: 0.999 }', by).passed).toBe(false);
  });

  it('pairs seeds: a constant difference passes however much each policy varies', () => {
    const by = { a: xs([10, 200, 3000, 40]), b: xs([9, 199, 2999, 39]) };
    const r = check('{ compare: [a, b], that: "a.x - b.x > 0.5", confidence: 0.99 }', by);
    // D = (a.x - b.x) - 0.5 = 0.5 on every seed: sd 0, so the bound is the mean
    expect(r.targets[0]!.comparisons[0]!.bound).toMatchObject({ mean: 0.5, sd: 0, halfWidth: 0, bound: 0.5 });
    expect(r.passed).toBe(true);
    expect(check('{ compare: [a, b], that: "a.x - b.x > 1", confidence: 0.99 }', by).passed).toBe(false); // bound 0: > is strict
    expect(check('{ compare: [a, b], that: "a.x - b.x >= 1", confidence: 0.99 }', by).passed).toBe(true);
  });

  it('counts seeds without confidence, and replays both policies of a failed seed', () => {
    const r = check('{ compare: [a, b], that: "a.x >= b.x" }', { a: xs([1, 5, 3]), b: xs([2, 4, 3]) }, [1, 2, 3]);
    expect(r.targets[0]).toMatchObject({
      passing: 2,
      passed: false,
      failedSeeds: [1],
      replay: ['warmup-sim run x.yaml --policy a --seed 1', 'warmup-sim run x.yaml --policy b --seed 1'],
    });
  });
});

describe('from_day', () => {
  it('is handed to metrics read per day', () => {
    const series = { daily: [100, 100, 5, 5] };
    const r = check('{ policy: a, that: "daily < 20", from_day: 2 }', { a: [{ series }] });
    expect(r.targets[0]!.comparisons[0]!.left.values).toEqual([10]);
    expect(r.passed).toBe(true);
    expect(check('{ policy: a, that: "daily < 20" }', { a: [{ series }] }).targets[0]!.comparisons[0]!.left.values).toEqual([210]);
  });
});
