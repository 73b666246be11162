/** Student t quantiles against a table of known values; the CDF's symmetry; sample quantiles and bands by hand. */
import { describe, expect, it } from 'vitest';
import { bandOf, meanBound, quantileSorted, tCdf, tQuantile } from '../../../src/check/stats.ts';

describe('Student t quantiles', () => {
  // one-sided critical values t(p, df), as printed in standard t tables (6 decimals)
  it.each([
    [0.8, 4, 0.940965],
    [0.9, 10, 1.372184],
    [0.95, 1, 6.313752],
    [0.95, 2, 2.919986],
    [0.95, 3, 2.353363],
    [0.95, 4, 2.131847],
    [0.95, 5, 2.015048],
    [0.95, 9, 1.833113],
    [0.95, 10, 1.812461],
    [0.95, 19, 1.729133],
    [0.95, 29, 1.699127],
    [0.95, 100, 1.660234],
    [0.975, 1, 12.706205],
    [0.975, 9, 2.262157],
    [0.975, 30, 2.042272],
    [0.99, 5, 3.36493],
    [0.99, 20, 2.527977],
    [0.995, 10, 3.169273],
  ])('t(%d, %i) = %d', (p, df, t) => {
    expect(tQuantile(p, df)).toBeCloseTo(t, 5);
    expect(tCdf(t, df)).toBeCloseTo(p, 6);
  });

  it('is symmetric, and df = 1 is the Cauchy distribution', () => {
    for (const df of [1, 2, 3, 7, 30]) for (const t of [0.3, 1, 2.5]) expect(tCdf(-t, df)).toBeCloseTo(1 - tCdf(t, df), 12);
    expect(tQuantile(0.05, 9)).toBeCloseTo(-1.833113, 5);
    expect(tQuantile(0.5, 4)).toBe(0);
    for (const t of [0.5, 1, 3]) expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  it('approaches the normal distribution for large df', () => {
    expect(tQuantile(0.95, 5000)).toBeCloseTo(1.644854, 3);
  });

  it('refuses a non-integer or zero df and p outside (0, 1)', () => {
    expect(() => tCdf(1, 0)).toThrow(RangeError);
    expect(() => tCdf(1, 2.5)).toThrow(RangeError);
    expect(() => tQuantile(1, 3)).toThrow(RangeError);
  });
});

describe('mean bound', () => {
  it('matches a hand computation', () => {
    // xs = 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5) = 1.581139, se 0.707107; t(0.95, 4) = 2.131847 -> half-width 1.507443
    const b = meanBound([1, 2, 3, 4, 5], 0.95);
    expect(b.mean).toBe(3);
    expect(b.sd).toBeCloseTo(1.581139, 6);
    expect(b.halfWidth).toBeCloseTo(1.507443, 5);
    expect(meanBound([2, 2, 2], 0.99).halfWidth).toBe(0);
    expect(() => meanBound([1], 0.95)).toThrow(RangeError);
  });
});

describe('sample quantiles and bands', () => {
  it('interpolates between order statistics', () => {
    const xs = [10, 20, 30, 40];
    expect(quantileSorted(xs, 0)).toBe(10);
    expect(quantileSorted(xs, 0.5)).toBe(25);
    expect(quantileSorted(xs, 0.05)).toBeCloseTo(11.5, 12); // h = 3 x 0.05 = 0.15
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(38.5, 12);
    expect(quantileSorted(xs, 1)).toBe(40);
    expect(quantileSorted([7], 0.3)).toBe(7);
  });

  it('bands the finite values and counts the nulls', () => {
    expect(bandOf([3, null, 1, 2])).toEqual({ min: 1, p5: 1.1, median: 2, p95: 2.9, max: 3, none: 1 });
    expect(bandOf([null, null])).toBeUndefined();
  });
});
