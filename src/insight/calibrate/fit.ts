/**
 * Maximum-likelihood fit of the Microsoft model's key parameters from the logs: the new-IP floor
 * F0, the new IP's headroom kNew over its volume history, and the new-domain floor fDom (the
 * "capacity floor" and "growth" of issue #21), with the model-error share kappa as a nuisance
 * parameter. The likelihood is the particle filter's estimate (filter.ts) with a fixed seed, so
 * the same particles face every parameter value (common random numbers: a surface smooth enough
 * to climb). Search: Nelder-Mead on ln(x - offset) of each, from the model's defaults, inside
 * each parameter's box (params.ts FITTED). Intervals: 95 % Wald intervals from the observed
 * information (a central-difference Hessian of the log-likelihood in the search coordinates,
 * mapped back), widened by the residuals' lag-1 autocorrelation r (variance x (1 + r) / (1 - r):
 * one IP's hourly counts are not independent), plus the filter's measured discrepancy against
 * the simulator (params.ts: the filter is an hourly approximation of an event-level model). A parameter that ends on its box, or whose
 * information is not positive, is reported as not identified by these logs (no interval): for
 * instance F0 when no hour was throttled, or when the domain's floor bound every hour instead.
 */
import { history } from './history.ts';
import { runFilter, type FilterResult, type ModelParams } from './filter.ts';
import { FITTED, modelParams, type FittedName } from './params.ts';
import type { Observed } from './observed.ts';

interface Estimate {
  readonly name: FittedName;
  readonly value: number;
  /** 95 % interval; NaN when not identified. */
  readonly lo: number;
  readonly hi: number;
  readonly identified: boolean;
}

export interface Fit {
  readonly estimates: readonly Estimate[];
  readonly params: ModelParams;
  readonly logLik: number;
  readonly evaluations: number;
  /** Variance inflation from the residuals' autocorrelation. */
  readonly inflation: number;
  /** The filter at the estimate, with bands. */
  readonly filter: FilterResult;
}

export interface FitOptions {
  readonly particles: number;
  readonly seed: number;
  readonly walk: number;
  /** Overrides of the model's other parameters (kept fixed). */
  readonly fixed?: Partial<Record<keyof ModelParams, number>>;
  /** Nelder-Mead iterations at most. */
  readonly iterations?: number;
}

const NAMES = Object.keys(FITTED) as FittedName[];
const BOUNDS = NAMES.map((n) => [Math.log(FITTED[n].lo - FITTED[n].offset), Math.log(FITTED[n].hi - FITTED[n].offset)] as const);
const fromZ = (k: number, z: number) => FITTED[NAMES[k]!].offset + Math.exp(z);
const inside = (z: readonly number[]) => z.every((x, k) => x >= BOUNDS[k]![0] && x <= BOUNDS[k]![1]);
const toParams = (z: readonly number[], fixed: FitOptions['fixed']) =>
  modelParams({ ...fixed, ...Object.fromEntries(NAMES.map((n, k) => [n, fromZ(k, z[k]!)])) });

function nelderMead(f: (z: number[]) => number, start: number[], step: number, iterations: number): { z: number[]; fz: number } {
  const n = start.length;
  let pts = [{ z: start, fz: f(start) }];
  for (let i = 0; i < n; i++) {
    const z = start.map((x, k) => (k === i ? x + step : x));
    pts.push({ z, fz: f(z) });
  }
  const comb = (a: number[], b: number[], t: number) => a.map((x, k) => x + t * (b[k]! - x));
  for (let it = 0; it < iterations; it++) {
    pts.sort((a, b) => a.fz - b.fz);
    const best = pts[0]!,
      worst = pts[n]!;
    if (Math.abs(worst.fz - best.fz) < 0.02) break;
    const c = start.map((_, k) => pts.slice(0, n).reduce((s, p) => s + p.z[k]!, 0) / n);
    const r = comb(c, worst.z, -1);
    const fr = f(r);
    if (fr < best.fz) {
      const e = comb(c, worst.z, -2);
      const fe = f(e);
      pts[n] = fe < fr ? { z: e, fz: fe } : { z: r, fz: fr };
    } else if (fr < pts[n - 1]!.fz) pts[n] = { z: r, fz: fr };
    else {
      const k = comb(c, worst.z, 0.5);
      const fk = f(k);
      if (fk < worst.fz) pts[n] = { z: k, fz: fk };
      else pts = pts.map((p, i) => (i === 0 ? p : { z: comb(best.z, p.z, 0.5), fz: f(comb(best.z, p.z, 0.5)) }));
    }
  }
  pts.sort((a, b) => a.fz - b.fz);
  return pts[0]!;
}

/** Inverse of a square matrix by Gauss-Jordan elimination with partial pivoting (null when singular). */
function inverse(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (!(Math.abs(a[piv]![c]!) > 1e-12)) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const d = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** Lag-1 autocorrelation of the standardised hourly residuals, over IP-hours with attempts. */
function residualAutocorrelation(o: Observed, r: FilterResult, kappa: number): number {
  let num = 0,
    den = 0;
  o.ips.forEach((s, i) => {
    let prev = NaN;
    for (let h = 0; h < o.hours; h++) {
      const a = s.attempts[h]!;
      if (a === 0 || s.blocked[h]! > 0) {
        prev = NaN;
        continue;
      }
      const m = r.expected[i * o.hours + h]!;
      const z = (s.accepted[h]! - m) / Math.sqrt(m * Math.max(0, 1 - m / a) + (kappa * m) ** 2 + 1);
      den += z * z;
      if (prev === prev) num += z * prev;
      prev = z;
    }
  });
  return den > 0 ? Math.max(0, Math.min(0.95, num / den)) : 0;
}

const STEP = 0.08;

/** The observed information (negative Hessian of the log-likelihood) over the coordinates `free`. */
function information(negLL: (z: number[]) => number, z: readonly number[], fz: number, free: readonly number[]): number[][] {
  const at = (d: Record<number, number>) => negLL(z.map((x, k) => x + (d[k] ?? 0)));
  return free.map((a) =>
    free.map((b) =>
      a === b
        ? (at({ [a]: STEP }) - 2 * fz + at({ [a]: -STEP })) / (STEP * STEP)
        : (at({ [a]: STEP, [b]: STEP }) - at({ [a]: STEP, [b]: -STEP }) - at({ [a]: -STEP, [b]: STEP }) + at({ [a]: -STEP, [b]: -STEP })) /
          (4 * STEP * STEP),
    ),
  );
}

export function fit(o: Observed, opt: FitOptions): Fit {
  let evaluations = 0;
  const run = (p: ModelParams, bands: boolean) => {
    evaluations++;
    return runFilter(o, history(o, p), p, { particles: opt.particles, seed: opt.seed, walk: opt.walk, bands });
  };
  // outside the search box: worse than anything inside, rising with the distance
  const negLL = (z: number[]) =>
    inside(z)
      ? -run(toParams(z, opt.fixed), false).logLik
      : 1e12 * (1 + z.reduce((s, x, k) => s + Math.max(0, BOUNDS[k]![0] - x, x - BOUNDS[k]![1]), 0));
  const d = modelParams(opt.fixed);
  const start = NAMES.map((n) => Math.log(d[n] - FITTED[n].offset));
  const best = nelderMead(negLL, start, 0.5, opt.iterations ?? 80);
  // coordinates off their bounds, then without those the likelihood is flat along (< 0.5 per unit of ln x)
  let free = NAMES.map((_, k) => k).filter((k) => best.z[k]! - STEP > BOUNDS[k]![0] && best.z[k]! + STEP < BOUNDS[k]![1]);
  let info = information(negLL, best.z, best.fz, free);
  const curved = free.filter((_, f) => info[f]![f]! > 0.5);
  if (curved.length < free.length) {
    info = info.flatMap((row, f) => (curved.includes(free[f]!) ? [row.filter((_, g) => curved.includes(free[g]!))] : []));
    free = curved;
  }
  const cov = free.length > 0 ? inverse(info) : null;
  const params = toParams(best.z, opt.fixed);
  const filter = run(params, true);
  const rho = residualAutocorrelation(o, filter, params.kappa);
  const inflation = (1 + rho) / (1 - rho);
  const estimates = NAMES.map((name, k) => {
    const value = fromZ(k, best.z[k]!);
    const f = free.indexOf(k);
    const v = cov !== null && f >= 0 ? cov[f]![f]! : NaN;
    if (!(v > 0)) return { name, value, lo: NaN, hi: NaN, identified: false };
    const sd = Math.sqrt(v * inflation + FITTED[name].discrepancy ** 2);
    return { name, value, lo: fromZ(k, best.z[k]! - 1.96 * sd), hi: fromZ(k, best.z[k]! + 1.96 * sd), identified: true };
  });
  return { estimates, params, logLik: -best.fz, evaluations, inflation, filter };
}
