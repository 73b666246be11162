import { describe, expect, it } from 'vitest';
import { runMM1 } from '../../../examples/mm1.ts';

describe('M/M/1 on the engine', () => {
  it.each([
    [0.5, 1.0],
    [0.7, 1.0],
  ])('lambda %f, mu %f: mean wait in queue within 3 %% of rho/(mu-lambda) over 1e6 customers', (lambda, mu) => {
    const r = runMM1(lambda, mu, 1_000_000, 2026);
    expect(r.customers).toBe(1_000_000);
    expect(r.events).toBe(2_000_000);
    expect(Math.abs(r.meanWait / r.analyticWait - 1)).toBeLessThan(0.03);
  });
});
