/**
 * What a set of seed verdicts (metrics/plan-verdict.ts) says about one plan: its risk (share of
 * seeds that broke a rule) with a Wilson score interval (Wilson 1927; the interval recommended
 * over the Wald interval for small samples by Brown, Cai & DasGupta 2001), and its days to target
 * at the stated confidence: the smallest day D such that in at least that share of all seeds the
 * run stayed safe and had reached the target by day D (Infinity if no such day).
 * With only some of the seeds run, the optimistic bound assumes the rest succeed on day 0: no
 * result of the remaining seeds can make the plan faster than that (racing's exact elimination).
 */
import type { SeedVerdict } from './plan-verdict.ts';

/** Seeds that must succeed out of n for `confidence` (0.9 of 20: 18). */
export function required(n: number, confidence: number): number {
  return Math.max(1, Math.ceil(confidence * n - 1e-9));
}

/** Wilson score interval of k successes in n trials (z = 1.96: 95 %). */
export function wilson(k: number, n: number, z = 1.96): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Days on which the safe seeds reached the target, ascending. */
function successDays(vs: readonly SeedVerdict[]): number[] {
  return vs.flatMap((v) => (v.safe && v.reached !== null ? [v.reached] : [])).sort((a, b) => a - b);
}

/** Days to target at `confidence` over n seeds, from the verdicts run so far (the rest counted as failures). */
export function daysAtConfidence(vs: readonly SeedVerdict[], n: number, confidence: number): number {
  const need = required(n, confidence);
  return successDays(vs)[need - 1] ?? Infinity;
}

/** The best days to target the plan can still have once all n seeds are run. */
export function optimisticDays(vs: readonly SeedVerdict[], n: number, confidence: number): number {
  const need = required(n, confidence) - (n - vs.length);
  return need <= 0 ? 0 : (successDays(vs)[need - 1] ?? Infinity);
}

export interface VerdictStats {
  readonly seeds: number;
  readonly unsafe: number;
  /** Share of the seeds run that broke a rule, and its 95 % Wilson interval. */
  readonly risk: number;
  readonly riskLo: number;
  readonly riskHi: number;
  /** Days to target at the confidence, as if the seeds run were all the seeds. */
  readonly days: number;
  /** Median first day at target among the safe seeds that reached it (NaN if none). */
  readonly medianDays: number;
  /** Mean over seeds of the worst daily Outlook.com deferral rate of any IP. */
  readonly meanWorst: number;
}

export function verdictStats(vs: readonly SeedVerdict[], confidence: number): VerdictStats {
  const unsafe = vs.filter((v) => !v.safe).length;
  const ci = wilson(unsafe, vs.length);
  const s = successDays(vs);
  const median = s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return {
    seeds: vs.length,
    unsafe,
    risk: vs.length === 0 ? Number.NaN : unsafe / vs.length,
    riskLo: ci.lo,
    riskHi: ci.hi,
    days: daysAtConfidence(vs, vs.length, confidence),
    medianDays: median,
    meanWorst: vs.length === 0 ? Number.NaN : vs.reduce((a, v) => a + v.worst, 0) / vs.length,
  };
}
