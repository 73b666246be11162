import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatThrottle, gcraConsume, gcraWait, parseThrottle, perHour, type ThrottleSpec } from '../../../src/spec/throttle.ts';
import { fcParams } from '../../support/fc-config.ts';
import { Shaping } from '../../../src/mail/shaping.ts';

describe('parseThrottle', () => {
  it.each([
    ['100/h', { limit: 100, period: 3600, maxBurst: 100 }],
    ['20/hour,max_burst=1', { limit: 20, period: 3600, maxBurst: 1 }],
    ['100/day,max_burst=1', { limit: 100, period: 86400, maxBurst: 1 }],
    ['10_000/d', { limit: 10000, period: 86400, maxBurst: 10000 }],
    ['1/minute', { limit: 1, period: 60, maxBurst: 1 }],
    ['100/s', { limit: 100, period: 1, maxBurst: 100 }],
    ['250/10m', { limit: 250, period: 600, maxBurst: 250 }],
    [' 2500 / min ', { limit: 2500, period: 60, maxBurst: 2500 }],
  ])('%s', (text, want) => {
    expect(parseThrottle(text)).toEqual(want);
  });

  it.each(['', '100', 'h/100', '100/fortnight', '0/h', '10/h,max_burst=0', '-5/h'])('rejects %j with a hint', (text) => {
    expect(parseThrottle(text)).toMatch(/expected|must be/);
  });

  it('round-trips: parse(format(spec)) = spec', () => {
    const spec = fc.record({
      limit: fc.integer({ min: 1, max: 1_000_000 }),
      period: fc.constantFrom(1, 60, 3600, 86400, 600, 7200, 30),
      maxBurst: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(spec, (s) => {
        expect(parseThrottle(formatThrottle(s))).toEqual(s);
      }),
      fcParams(300),
    );
  });

  it('perHour', () => {
    expect(perHour({ limit: 100, period: 86400, maxBurst: 1 })).toBeCloseTo(100 / 24);
  });
});

describe('GCRA', () => {
  /** Greedy sender: requests at `times`, each waits until it conforms; returns send times. */
  function run(spec: ThrottleSpec, times: number[]): number[] {
    const T = spec.period / spec.limit;
    const tau = T * (spec.maxBurst - 1);
    let tat = 0;
    return times.map((t) => {
      const at = t + gcraWait(tat, T, tau, t);
      tat = gcraConsume(tat, T, at);
      return at;
    });
  }

  it('max_burst=1 spreads 20/h evenly: one every 180 s', () => {
    expect(run({ limit: 20, period: 3600, maxBurst: 1 }, [0, 0, 0, 0, 1000])).toEqual([0, 180, 360, 540, 1000]);
  });

  it('default burst lets `limit` through at once, then paces', () => {
    const sends = run({ limit: 3, period: 3600, maxBurst: 3 }, [0, 0, 0, 0, 0]);
    expect(sends).toEqual([0, 0, 0, 1200, 2400]);
  });

  it('never exceeds max_burst + W/T in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(60, 3600),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 200 }),
        (limit, period, burst, arrivals) => {
          const spec = { limit, period, maxBurst: burst };
          const sends = run(
            spec,
            [...arrivals].sort((a, b) => a - b),
          );
          const T = period / limit;
          for (let i = 0; i < sends.length; i++) {
            for (let j = i; j < sends.length; j++) {
              const w = sends[j]! - sends[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor(w / T + 1e-9));
            }
          }
        },
      ),
      fcParams(100),
    );
  });
});

describe('Shaping.selectable', () => {
  it('agrees with selectionWait(...) === 0 for any selection rates, daily cap and history (property)', () => {
    const spec = fc.option(
      fc.record({
        limit: fc.integer({ min: 1, max: 50 }),
        period: fc.constantFrom(60, 3600, 86400),
        maxBurst: fc.integer({ min: 1, max: 5 }),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        spec,
        spec,
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.double({ min: 0, max: 3 * 86400, noNaN: true }), { maxLength: 40 }),
        (pathRate, ipRate, cap, times) => {
          const sh = new Shaping(1, 1, 1, false);
          sh.setPathRate(0, 1, pathRate, 0);
          sh.setIpSelectionRate(0, ipRate);
          sh.ipDailyCap[0] = cap;
          let now = 0;
          for (const t of [...times].sort((a, b) => a - b)) {
            now = t;
            expect(sh.selectable(0, 0, now)).toBe(sh.selectionWait(0, 0, now) === 0);
            if (sh.selectable(0, 0, now)) sh.consumeSelection(0, 0, now);
          }
        },
      ),
      fcParams(300),
    );
  });
});
