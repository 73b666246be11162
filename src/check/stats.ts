/**
 * Statistics for quantifiers over seeds: Student's t distribution for integer degrees of freedom
 * (the CDF in closed form, Abramowitz & Stegun 26.7.3 and 26.7.4; quantiles by bisection on it),
 * the one-sided confidence bound of a mean, sample quantiles (linear interpolation between order
 * statistics, "type 7", as in R and NumPy's default) and the min / p5 / median / p95 / max band.
 */

/** P[T <= t] for Student's t with `df` (a positive integer) degrees of freedom. */
export function tCdf(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`t distribution: df must be a positive integer, got ${df}`);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const c = Math.cos(theta),
    s = Math.sin(theta),
    c2 = c * c;
  let a: number; // P[|T| <= |t|]
  if (df % 2 === 1) {
    let sum = 0;
    let term = c;
    for (let k = 1; k <= (df - 1) / 2; k++) {
      sum += term;
      term *= (c2 * (2 * k)) / (2 * k + 1);
    }
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    let sum = 0;
    let term = 1;
    for (let k = 1; k <= df / 2; k++) {
      sum += term;
      term *= (c2 * (2 * k - 1)) / (2 * k);
    }
    a = s * sum;
  }
  return t > 0 ? (1 + a) / 2 : (1 - a) / 2;
}

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0,
    hi = 1;
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanBound {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator). */
  readonly sd: number;
  /** t quantile times the standard error: the bound is mean + halfWidth (upper) or mean - halfWidth (lower). */
  readonly halfWidth: number;
}

/** Mean, standard deviation and the one-sided bound's half-width at `confidence`; needs n >= 2. */
export function meanBound(xs: readonly number[], confidence: number): MeanBound {
  const n = xs.length;
  if (n < 2) throw new RangeError('a confidence bound needs at least 2 values');
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1));
  return { n, mean, sd, halfWidth: (tQuantile(confidence, n - 1) * sd) / Math.sqrt(n) };
}

/** Quantile q of values sorted ascending, by linear interpolation between order statistics. */
export function quantileSorted(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const hiV = xs[Math.min(lo + 1, xs.length - 1)]!;
  return xs[lo]! + (h - lo) * (hiV - xs[lo]!);
}

export interface Band {
  readonly min: number;
  readonly p5: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  /** How many values were null (not counted in the band). */
  readonly none: number;
}

/** The band of the finite values; undefined when there are none. */
export function bandOf(values: readonly (number | null)[]): Band | undefined {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  return {
    min: xs[0]!,
    p5: quantileSorted(xs, 0.05),
    median: quantileSorted(xs, 0.5),
    p95: quantileSorted(xs, 0.95),
    max: xs[xs.length - 1]!,
    none: values.length - xs.length,
  };
}
