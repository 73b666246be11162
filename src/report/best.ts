/**
 * Which cells of an outcomes row are highlighted as best, only where the comparison means
 * something: never a policy that was blocked (a blocked IP defers nothing and "delivers" its
 * rejections at once, so its deferral rate and latency look good), never "never" (+Infinity, the
 * worst) or "–" (no data), and nothing when fewer than two policies can be compared or when they
 * all tie as shown (values that read the same in the table, 1.00 and 1.004, are a tie: a
 * highlight the reader cannot see the reason for is noise).
 */

/** Indices of the best values among the eligible ones; `shown` turns a value into its table text. */
export function bestIndices(
  values: readonly number[],
  higherIsBetter: boolean,
  eligible: readonly boolean[],
  shown: (x: number) => string = String,
): number[] {
  const idx = values.flatMap((v, i) => (eligible[i] === true && !Number.isNaN(v) ? [i] : []));
  if (idx.length < 2) return [];
  const vs = idx.map((i) => values[i]!);
  const best = higherIsBetter ? Math.max(...vs) : Math.min(...vs);
  const text = shown(best);
  if (!Number.isFinite(best) || vs.every((v) => shown(v) === text)) return [];
  return idx.filter((i) => shown(values[i]!) === text);
}
