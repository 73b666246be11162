import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/audience/reactions.ts';

// Reference quantiles of the standard normal from an independent algorithm (Wichura's AS241, as
// in Python's statistics.NormalDist.inv_cdf), to 10 digits. Acklam's approximation claims a
// relative error below 1.15e-9, so each row allows 1.2e-9 * max(1, |z|).
const TABLE: ReadonlyArray<readonly [number, number]> = [
  [1e-9, -5.997807015],
  [1e-6, -4.7534243088],
  [0.001, -3.0902323062],
  [0.01, -2.326347874],
  [0.02425, -1.9729610513], // the tail/central boundary
  [0.025, -1.9599639845],
  [0.1, -1.2815515655],
  [0.3, -0.5244005127],
  [0.5, 0],
  [0.7, 0.5244005127],
  [0.9, 1.2815515655],
  [0.975, 1.9599639845],
  [0.99, 2.326347874],
  [0.999, 3.0902323062],
  [1 - 1e-6, 4.7534243088],
];

describe('normalQuantile (lognormal reaction delays)', () => {
  it.each(TABLE)('Φ⁻¹(%s) = %s', (p, z) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1.2e-9 * Math.max(1, Math.abs(z)) + 1e-10);
  });

  it('is antisymmetric about 0.5 and increasing', () => {
    let prev = -Infinity;
    for (let i = 1; i < 1000; i++) {
      const p = i / 1000;
      const z = normalQuantile(p);
      expect(z).toBeGreaterThan(prev);
      expect(Math.abs(z + normalQuantile(1 - p))).toBeLessThan(1e-8);
      prev = z;
    }
  });
});
