import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authFactor,
  blockDuration,
  capacity,
  confidence,
  connectionLimit,
  decay,
  deferralProbability,
  floorRate,
  growthGate,
  headroom,
  junkProbability,
  sigmoid,
  sndsColour,
  trust,
} from '../../../src/receivers/evidence.ts';
import { prewarmEvidence } from '../../../src/receivers/prewarm.ts';
import { fcParams } from '../../support/fc-config.ts';

describe('receiver maths against tables of expected values', () => {
  it.each([
    [0, 14, 1],
    [14, 14, 0.5],
    [28, 14, 0.25],
    [7, 14, Math.SQRT1_2],
    [-1, 14, 1],
  ])('decay(%f, %f) = %f', (dt, hl, want) => expect(decay(dt, hl)).toBeCloseTo(want, 12));

  it.each([
    // k0, prior, P, N -> (k0·prior + P) / (k0 + P + N)
    [200, 0.5, 0, 0, 0.5],
    [200, 0.5, 200, 0, 0.75],
    [200, 0.5, 0, 200, 0.25],
    [300, 0.6, 100, 100, 0.56],
    [1000, 0.5, 0, 0, 0.5],
  ])('trust(k0 %d, prior %f, P %d, N %d) = %f', (k0, prior, P, N, want) => expect(trust(k0, prior, P, N)).toBeCloseTo(want, 12));

  it.each([
    [0.5, 0.3, 0.6, 2 / 3],
    [0.3, 0.3, 0.6, 0],
    [0.2, 0.3, 0.6, 0],
    [0.6, 0.3, 0.6, 1],
    [0.9, 0.3, 0.6, 1],
  ])('growthGate(%f) = %f', (T, lo, hi, want) => expect(growthGate(T, lo, hi)).toBeCloseTo(want, 12));

  it.each([
    // kNew, kEst, c, g -> 1 + (kNew + (kEst - kNew)·c - 1)·g
    [2, 6, 0, 1, 2],
    [2, 6, 1, 1, 6],
    [2, 6, 0.5, 1, 4],
    [2, 6, 0.5, 0, 1],
    [2, 6, 0, 2 / 3, 5 / 3],
  ])('headroom(%f, %f, c %f, g %f) = %f', (kn, ke, c, g, want) => expect(headroom(kn, ke, c, g)).toBeCloseTo(want, 12));

  it.each([
    [20, 0.5, 20],
    [20, 0.25, 5],
    [20, 0.1, 5],
    [20, 1, 80],
    [20, 0.75, 45],
  ])('floorRate(F0 %d, prior %f) = %f', (F0, prior, want) => expect(floorRate(F0, prior)).toBeCloseTo(want, 12));

  it('capacity = max(F, k·B); confidence n/(n+nHalf)', () => {
    expect(capacity(20, 5 / 3, 10)).toBe(20);
    expect(capacity(20, 2, 300)).toBe(600);
    expect(confidence(50_000, 50_000)).toBe(0.5);
    expect(confidence(15_000, 50_000)).toBeCloseTo(0.2308, 4);
  });

  it.each([
    // pMax 0.9, Tmid 0.2, s 0.04
    [0.2, 0.45],
    [0.36, 0.9 * sigmoid(-4)],
    [0.5, 0.9 * sigmoid(-7.5)],
    [0.1, 0.9 * sigmoid(2.5)],
    [0, 0.9 * sigmoid(5)],
  ])('deferralProbability(T %f) = %f', (T, want) => expect(deferralProbability(0.9, 0.2, 0.04, T)).toBeCloseTo(want, 12));

  it.each([
    [0.35, 0.5],
    [0.5, sigmoid(-3)],
    [0.2, sigmoid(3)],
    [0.72, sigmoid(-7.4)],
  ])('junkProbability(T %f) = %f', (T, want) => expect(junkProbability(T)).toBeCloseTo(want, 12));

  it.each([
    [0, 0, 2],
    [1, 1, 10],
    [0.5, 1, 6],
    [0.13, 0.67, 3],
    [1, 0, 2],
  ])('connectionLimit(c %f, g %f) = %d', (c, g, want) => expect(connectionLimit(c, g)).toBe(want));

  it.each([
    [1, 24],
    [2, 48],
    [3, 96],
    [4, 168],
    [9, 168],
  ])('blockDuration(%d-th) = %d h', (m, hours) => expect(blockDuration(m) / 3600).toBe(hours));

  it.each([
    [{ spf: true, dkim: true, dmarc: true, aligned: true }, 1],
    [{ spf: true, dkim: true, dmarc: false, aligned: true }, 0.9],
    [{ spf: false, dkim: true, dmarc: true, aligned: true }, 0.7],
    [{ spf: true, dkim: true, dmarc: true, aligned: false }, 0.4],
  ])('authFactor(%o) = %f', (a, want) => expect(authFactor(a)).toBe(want));

  it.each([
    [0, 'green'],
    [0.1, 'green'],
    [0.11, 'yellow'],
    [0.9, 'yellow'],
    [0.95, 'red'],
  ] as const)('sndsColour(%f) = %s', (j, c) => expect(sndsColour(j)).toBe(c));

  it('prewarm evidence of 21 days at 200/h, engagement 0.35, half-life 14 d, tauB 72 h', () => {
    const e = prewarmEvidence({ days: 21, perHour: 200, engagement: 0.35, idleDays: 0 }, 14, 72, 1, 0.1);
    const l = Math.LN2 / 14;
    expect(e.n).toBeCloseTo((4800 * (1 - Math.exp(-l * 21))) / l, 6);
    expect(e.P).toBeCloseTo(0.35 * e.n, 6);
    expect(e.N).toBeCloseTo(0.1 * 0.65 * e.n, 6);
    expect(e.B).toBeCloseTo(200 * (1 - Math.exp(-7)), 6);
  });
});

describe('monotonicity (fact 26, properties)', () => {
  const T = fc.double({ min: 0, max: 1, noNaN: true });
  it('p_rep never rises with trust', () => {
    fc.assert(
      fc.property(T, T, (a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(deferralProbability(0.9, 0.2, 0.04, hi)).toBeLessThanOrEqual(deferralProbability(0.9, 0.2, 0.04, lo));
      }),
      fcParams(500),
    );
  });

  it('capacity never falls as history B grows, nor as trust grows (through g and the floor)', () => {
    fc.assert(
      fc.property(
        T,
        T,
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (t1, t2, b1, b2, c) => {
          const cap = (t: number, B: number) => capacity(floorRate(20, t), headroom(2, 6, c, growthGate(t, 0.3, 0.6)), B);
          const [tl, th] = t1 < t2 ? [t1, t2] : [t2, t1];
          const [bl, bh] = b1 < b2 ? [b1, b2] : [b2, b1];
          expect(cap(tl, bh)).toBeLessThanOrEqual(cap(th, bh) + 1e-9);
          expect(cap(th, bl)).toBeLessThanOrEqual(cap(th, bh) + 1e-9);
        },
      ),
      fcParams(500),
    );
  });
});
