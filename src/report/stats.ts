/**
 * Small statistics for reports: sample quantiles, mean, and the exact two-sided sign test.
 * NaN (no data) is left out; +Infinity ("never", as in days to a target never reached) is a
 * value, the worst: a mean over seeds of which one never got there is never.
 */

const known = (values: readonly number[]) => values.filter((v) => !Number.isNaN(v));

/** Quantile q of the values by linear interpolation between order statistics (type 7); NaN when empty. */
export function sampleQuantile(values: readonly number[], q: number): number {
  const xs = known(values).sort((a, b) => a - b);
  if (xs.length === 0) return Number.NaN;
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const a = xs[lo]!,
    b = xs[Math.min(lo + 1, xs.length - 1)]!;
  if (h === lo || a === b) return a;
  return b === Infinity ? Infinity : a + (h - lo) * (b - a);
}

function mean(values: readonly number[]): number {
  const xs = known(values);
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The smallest two-sided sign-test p-value n paired seeds can give (one side wins every seed). */
export function smallestSignP(n: number): number {
  return n === 0 ? 1 : Math.min(1, 2 * Math.pow(0.5, n));
}

/** The fewest seeds with which the sign test can reach p < alpha. */
export function seedsForSignP(alpha = 0.05): number {
  let n = 1;
  while (smallestSignP(n) >= alpha) n++;
  return n;
}

/** Mean and the 5-95 % band. */
export function band(values: readonly number[]): { mean: number; p5: number; p95: number } {
  return { mean: mean(values), p5: sampleQuantile(values, 0.05), p95: sampleQuantile(values, 0.95) };
}

/**
 * Exact two-sided sign test: with `wins` and `losses` (ties dropped), the probability under
 * H0 (p = 1/2) of a split at least as uneven: min(1, 2 · P[X <= min(wins, losses)]), X ~ Bin(n, 1/2).
 */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const k = Math.min(wins, losses);
  let p = 0;
  let c = 1; // C(n, 0)
  for (let i = 0; i <= k; i++) {
    p += c;
    c = (c * (n - i)) / (i + 1);
  }
  return Math.min(1, 2 * p * Math.pow(0.5, n));
}
