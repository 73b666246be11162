/**
 * Checking compiled expectations against the runs of a scenario: per policy (or pair of policies,
 * for compare:), per seed, the condition is evaluated from the metric catalogue, then the
 * quantifier decides. `in: "N% of seeds"` passes when at least ceil(N% x seeds) seeds satisfy it.
 * A `mean:` / `confidence:` expectation turns each comparison `L op R` into per-seed differences
 * D = L - R (for compare: paired on the same seed, common random numbers) and passes when the
 * one-sided Student t bound on mean(D) at that confidence is on the right side of 0 (upper bound
 * for < and <=, lower bound for > and >=). Pure and deterministic: the same runs give the same report.
 */
import type { Expectation } from './compile.ts';
import { combine, compare, comparisonSides, type Truth } from './evaluate.ts';
import { replayCommand } from './replay.ts';
import type { ComparisonInfo } from './resolve.ts';
import type { CheckResult, CheckRuns, ComparisonResult, FileReport, SideResult, TargetResult } from './results.ts';
import { bandOf, meanBound } from './stats.ts';

export type { CheckResult, CheckRuns, ComparisonResult, FileReport, SideResult, TargetResult } from './results.ts';

const MAX_REPLAY_SEEDS = 5;

export function checkExpectations(expectations: readonly Expectation[], runs: CheckRuns): FileReport {
  const results = expectations.map((e): CheckResult => {
    const groups: (readonly string[])[] = e.compare !== undefined ? [e.compare] : (e.policies ?? runs.policies).map((p) => [p]);
    const targets = groups.map((g) => checkTarget(e, g, runs));
    return {
      index: e.index,
      label: e.label,
      text: e.text,
      quantifier: e.quantifier,
      at: e.at,
      passed: targets.every((t) => t.passed),
      targets,
    };
  });
  return { file: runs.file, scenario: runs.scenario, seeds: runs.seeds, results, passed: results.every((r) => r.passed) };
}

function checkTarget(e: Expectation, policies: readonly string[], runs: CheckRuns): TargetResult {
  const slots = policies.map((p) => runs.policies.indexOf(p));
  const missing = policies.filter((_, k) => slots[k]! < 0);
  if (missing.length > 0) return failedWithout(policies, `policy ${missing.join(', ')} did not run (runs: ${runs.policies.join(', ')})`);
  const n = runs.seeds.length;
  const nc = e.comparisons.length;
  const left = e.comparisons.map(() => new Array<number | null>(n));
  const right = e.comparisons.map(() => new Array<number | null>(n));
  const seedTruth: Truth[] = [];
  for (let s = 0; s < n; s++) {
    const sides = { left: new Array<number | null>(nc), right: new Array<number | null>(nc) };
    comparisonSides(
      e.expr,
      (slot, m) => {
        const run = runs.runs[slots[slot]!]![s]!;
        return m.get(run.summary, { series: run.series, ...(e.fromDay !== undefined ? { fromDay: e.fromDay } : {}) });
      },
      sides,
    );
    for (let c = 0; c < nc; c++) {
      left[c]![s] = sides.left[c]!;
      right[c]![s] = sides.right[c]!;
    }
    seedTruth.push(combine(e.expr, (id) => compare(e.comparisons[id]!.op, sides.left[id]!, sides.right[id]!)));
  }
  const comparisons = e.comparisons.map((c, id) => comparisonResult(c, left[id]!, right[id]!, e));
  const passing = seedTruth.filter((t) => t === true).length;
  const failed = worstFirst(seedTruth, e.comparisons.length === 1 ? comparisons[0] : undefined, runs.seeds);
  const replay = failed.slice(0, MAX_REPLAY_SEEDS).flatMap((seed) => policies.map((p) => replayCommand(runs.file, p, seed)));
  const base = { policies, comparisons, passing, failedSeeds: failed, replay };
  if (e.quantifier.kind === 'share') {
    const required = Math.ceil(e.quantifier.share * n - 1e-9);
    return { ...base, passed: n > 0 && passing >= required, required, ...(n === 0 ? { reason: 'no seeds ran' } : {}) };
  }
  if (n < 2) return { ...base, passed: false, reason: `a confidence bound needs at least 2 seeds (ran ${n})` };
  const holds = combine(e.expr, (id) => comparisons[id]!.boundHolds ?? null);
  const nullSeeds = comparisons.some((c) => c.boundHolds === null);
  return {
    ...base,
    passed: holds === true,
    ...(nullSeeds && holds !== true ? { reason: 'a value is missing on some seeds, so the mean has no bound' } : {}),
  };
}

function failedWithout(policies: readonly string[], reason: string): TargetResult {
  return { policies, passed: false, comparisons: [], passing: 0, failedSeeds: [], replay: [], reason };
}

function comparisonResult(c: ComparisonInfo, l: (number | null)[], r: (number | null)[], e: Expectation): ComparisonResult {
  const side = (s: ComparisonInfo['left'], values: (number | null)[]): SideResult => {
    const band = s.constant ? undefined : bandOf(values);
    return { text: s.text, constant: s.constant, values, ...(band !== undefined ? { band } : {}) };
  };
  const perSeed = l.map((x, s) => compare(c.op, x, r[s]!));
  const d = l.map((x, s) => (x === null || r[s] === null ? null : x - r[s]!));
  const both = !c.left.constant && !c.right.constant;
  const difference = both ? side({ text: `${c.left.text} - ${c.right.text}`, constant: false, kind: c.kind }, d) : undefined;
  const out = {
    text: c.text,
    op: c.op,
    kind: c.kind,
    none: c.none,
    left: side(c.left, l),
    right: side(c.right, r),
    ...(difference !== undefined ? { difference } : {}),
    perSeed,
  };
  if (e.quantifier.kind !== 'mean' || l.length < 2) return out;
  if (d.some((x) => x === null)) return { ...out, boundHolds: null };
  const mb = meanBound(d as number[], e.quantifier.confidence);
  const upper = c.op === '<' || c.op === '<=';
  const bound = upper ? mb.mean + mb.halfWidth : mb.mean - mb.halfWidth;
  const holds = c.op === '<' ? bound < 0 : c.op === '<=' ? bound <= 0 : c.op === '>' ? bound > 0 : bound >= 0;
  return {
    ...out,
    bound: {
      confidence: e.quantifier.confidence,
      side: upper ? 'upper' : 'lower',
      n: mb.n,
      mean: mb.mean,
      sd: mb.sd,
      halfWidth: mb.halfWidth,
      bound,
    },
    boundHolds: holds,
  };
}

/** Seeds whose condition was not true; with one comparison, the furthest on the wrong side (or without a value) first. */
function worstFirst(truth: readonly Truth[], only: ComparisonResult | undefined, seeds: readonly number[]): number[] {
  const idx = truth.flatMap((t, s) => (t === true ? [] : [s]));
  if (only !== undefined) {
    const miss = (s: number) => {
      const l = only.left.values[s]!,
        r = only.right.values[s]!;
      if (l === null || r === null) return Infinity;
      return only.op === '<' || only.op === '<=' ? l - r : only.op === '>' || only.op === '>=' ? r - l : Math.abs(l - r);
    };
    idx.sort((a, b) => miss(b) - miss(a) || a - b);
  }
  return idx.map((s) => seeds[s]!);
}
