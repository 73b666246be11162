/**
 * Which cells of an outcomes row are highlighted as best, only where the comparison means
 * something: never a policy that was blocked (a blocked IP defers nothing and "delivers" its
 * rejections at once, so its deferral rate and latency look good), never "never" (+Infinity, the
 * worst) or "–" (no data), and nothing when fewer than two policies can be compared or when they
 * all tie.
 */

/** Indices of the best values among the eligible ones. */
export function bestIndices(values: readonly number[], higherIsBetter: boolean, eligible: readonly boolean[]): number[] {
  const idx = values.flatMap((v, i) => (eligible[i] === true && !Number.isNaN(v) ? [i] : []));
  if (idx.length < 2) return [];
  const vs = idx.map((i) => values[i]!);
  const best = higherIsBetter ? Math.max(...vs) : Math.min(...vs);
  if (!Number.isFinite(best) || vs.every((v) => v === best)) return [];
  return idx.filter((i) => values[i] === best);
}
