import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams, fnv1a64 } from '../../../src/engine/random.ts';
import { lnGamma } from '../../../src/engine/special.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('RandomStreams', () => {
  it('same seed and name give the same draws; other names and seeds differ', () => {
    const a = new RandomStreams(7).get('audience/microsoft');
    const b = new RandomStreams(7).get('audience/microsoft');
    const c = new RandomStreams(7).get('audience/gmail');
    const d = new RandomStreams(8).get('audience/microsoft');
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
    expect(Array.from({ length: 5 }, () => d.next())).not.toEqual(xa);
  });

  it('creating and drawing from stream B does not change stream A', () => {
    const solo = new RandomStreams(42);
    const ref = Array.from({ length: 100 }, () => solo.get('A').next());
    const mixed = new RandomStreams(42);
    const got: number[] = [];
    for (let i = 0; i < 100; i++) {
      got.push(mixed.get('A').next());
      mixed.get(`B${i % 3}`).normal();
      mixed.get('B0').poisson(50);
    }
    expect(got).toEqual(ref);
  });

  it('get returns the same object for the same name', () => {
    const s = new RandomStreams(1);
    expect(s.get('x')).toBe(s.get('x'));
  });

  it('save and restore continue the same sequence', () => {
    const s = new RandomStreams('seed-x');
    const a = s.get('a');
    a.next();
    a.next();
    const snap = JSON.parse(JSON.stringify(s.save())) as ReturnType<RandomStreams['save']>;
    const expected = [a.next(), a.normal(), a.poisson(3)];
    const t = new RandomStreams('other');
    t.restore(snap);
    const r = t.get('a');
    expect([r.next(), r.normal(), r.poisson(3)]).toEqual(expected);
    const direct = new RandomStream(snap['a']!);
    expect(direct.next()).toBe(expected[0]);
  });

  it('fnv1a64 matches the reference vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});

describe('distributions: moments within stated tolerances (fixed seeds, 200,000 draws)', () => {
  const N = 200_000;
  const s = () => new RandomStreams(12345).get('moments');
  // tolerance: 5 standard errors of the mean, and 5 % relative on the variance
  it.each([
    ['uniform(2,5)', (r: RandomStream) => r.uniform(2, 5), 3.5, 0.75],
    ['exponential(0.5)', (r: RandomStream) => r.exponential(0.5), 2, 4],
    ['normal(10,3)', (r: RandomStream) => r.normal(10, 3), 10, 9],
    ['lognormal(0,0.5)', (r: RandomStream) => r.lognormal(0, 0.5), Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25)],
    ['poisson(4)', (r: RandomStream) => r.poisson(4), 4, 4],
    ['poisson(250)', (r: RandomStream) => r.poisson(250), 250, 250],
    ['binomial(15,0.3) exact', (r: RandomStream) => r.binomial(15, 0.3), 4.5, 3.15],
    ['binomial(30,0.9) exact', (r: RandomStream) => r.binomial(30, 0.9), 27, 2.7],
    ['binomial(10000,0.2) approx', (r: RandomStream) => r.binomial(10_000, 0.2), 2000, 1600],
    ['bernoulli(0.3)', (r: RandomStream) => (r.bernoulli(0.3) ? 1 : 0), 0.3, 0.21],
  ] as const)('%s', (_name, draw, mean, variance) => {
    const r = s();
    const m = moments(() => draw(r), N);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
    expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.05);
  });

  it('poisson(4) matches its pmf', () => {
    const r = s();
    const counts = new Array<number>(20).fill(0);
    for (let i = 0; i < N; i++) counts[Math.min(19, r.poisson(4))]!++;
    for (let k = 0; k <= 8; k++) {
      const pmf = Math.exp(-4 + k * Math.log(4) - lnGamma(k + 1));
      expect(Math.abs(counts[k]! / N - pmf)).toBeLessThan(5 * Math.sqrt((pmf * (1 - pmf)) / N));
    }
  });

  it('weightedChoice picks in proportion to the weights, never a zero weight', () => {
    const r = s();
    const w = [1, 0, 3, 6];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.weightedChoice(w)]!++;
    expect(counts[1]).toBe(0);
    for (const i of [0, 2, 3]) {
      const p = w[i]! / 10;
      expect(Math.abs(counts[i]! / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
    expect(() => r.weightedChoice([0, 0])).toThrow(/positive sum/);
  });

  it('int(n) covers 0..n-1 only', () => {
    const r = s();
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects invalid parameters', () => {
    const r = s();
    expect(() => r.poisson(-1)).toThrow(/lambda/);
    expect(() => r.binomial(2.5, 0.1)).toThrow(/integer/);
    expect(() => r.binomial(3, 1.5)).toThrow(/\[0, 1\]/);
  });
});

describe('lnGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10.5, 13.940625219403763],
    [171, 706.5730622457874],
  ])('lnGamma(%f) = %f', (x, want) => {
    expect(lnGamma(x)).toBeCloseTo(want, 10);
  });
});
