/**
 * Log-bucket latency histogram (HdrHistogram-like, fixed relative precision): bucket
 * `b = floor(log2(1 + x) * SUB)` for x >= 0 seconds, SUB = 16 buckets per octave, so a bucket
 * spans at most 2^(1/16) - 1 = 4.4 % of its value. Covers 0 .. 2^26 s (2 years). Quantiles are
 * reported at the bucket's upper edge clamped to the exact maximum, so they never understate.
 */
const SUB = 16;
const OCTAVES = 26;
export const HIST_BUCKETS = SUB * OCTAVES + 1;

/** Bucket of a latency in seconds. */
export function bucketOf(x: number): number {
  const b = Math.floor(Math.log2(1 + (x > 0 ? x : 0)) * SUB);
  return b < HIST_BUCKETS ? b : HIST_BUCKETS - 1;
}

/** Upper edge of a bucket in seconds. */
function bucketUpper(b: number): number {
  return Math.pow(2, (b + 1) / SUB) - 1;
}

/** Quantile q in [0, 1] of the counts in `h[offset .. offset + HIST_BUCKETS)`; NaN when empty. */
export function quantile(h: ArrayLike<number>, offset: number, q: number, max: number): number {
  let total = 0;
  for (let b = 0; b < HIST_BUCKETS; b++) total += h[offset + b]!;
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let b = 0; b < HIST_BUCKETS; b++) {
    seen += h[offset + b]!;
    if (seen >= rank) return Math.min(bucketUpper(b), max);
  }
  return max;
}
