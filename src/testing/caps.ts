/** Checks transaction starts against the throttles a policy declared (contract and property tests). */
import type { ShapingChange } from '../mail/shaping.ts';

/**
 * Violations of the GCRA bound: in any window after a throttle change, n sends need
 * n <= maxBurst + W / T. `keyOf` maps a path to the throttle's key (the path, or IP x provider).
 */
export function capViolations(
  changes: readonly ShapingChange[],
  starts: readonly number[],
  keyOf: (path: number) => number,
  scope: 'path' | 'provider',
): number {
  // per key: [time, start number] of each transaction start
  const byKey = new Map<number, [number, number][]>();
  for (let i = 0; i < starts.length; i += 2) {
    const k = keyOf(starts[i + 1]!);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push([starts[i]!, i / 2]);
  }
  let violations = 0;
  for (const [key, times] of byKey) {
    const mine = changes.filter((c) => c.scope === scope && c.key === key && c.slot === 0);
    for (let c = 0; c < mine.length; c++) {
      const spec = mine[c]!.spec;
      if (spec === undefined) continue;
      // the starts made after this change and before the next (by start number: starts and changes
      // at one instant are ordered as they happened)
      const from = mine[c]!.startsBefore,
        to = c + 1 < mine.length ? mine[c + 1]!.startsBefore : Infinity;
      const inside = times.filter(([, n]) => n >= from && n < to).map(([t]) => t);
      const T = spec.period / spec.limit;
      for (let i = 0; i < inside.length; i++) {
        for (let j = i + spec.maxBurst; j < Math.min(inside.length, i + spec.maxBurst + 3); j++) {
          if (inside[j]! - inside[i]! < (j - i + 1 - spec.maxBurst) * T - 1e-6) violations++;
        }
      }
    }
  }
  return violations;
}
