/**
 * Racing candidates over seeds (Maron & Moore's Hoeffding races; Birattari's F-race for tuning
 * stochastic algorithms), with successive halving between checkpoints (Jamieson & Talwalkar
 * 2016): every live candidate runs the same seeds in the same order (common random numbers), and
 * after each checkpoint (3, 6, 10, then all seeds by default) a candidate is dropped when
 * - it broke the rules on more seeds than the confidence allows in all of them, or too few of its
 *   seeds can still reach the target in the run (exact: no later seed can make it feasible);
 * - even the top of the 95 % Wilson interval of its safe share is below the confidence
 *   ("clearly unsafe": e.g. 0 of 3 seeds safe at 90 %);
 * - its optimistic days to target (the remaining seeds succeeding at once) is later than the
 *   incumbent's, or equal with more unsafe seeds already (exact dominance);
 * and then, before the last checkpoint, only the better 1/eta of the rest go on (by their days
 * to target at the confidence over the seeds run so far, then unsafe seeds, then their margin:
 * the mean worst daily deferral rate).
 */
import { daysAtConfidence, optimisticDays, required, verdictStats, wilson } from '../../metrics/plan-stats.ts';
import type { SeedVerdict } from '../../metrics/plan-verdict.ts';
import type { Candidate } from './space.ts';

export type DropReason = 'unsafe' | 'too-slow' | 'clearly-unsafe' | 'dominated' | 'halving' | 'pruned';

export interface Entry {
  readonly id: number;
  readonly cand: Candidate;
  /** A lower bound on its days to target without running it (the nominal schedule's capacity). */
  readonly lb: number;
  readonly stage: string;
  readonly verdicts: SeedVerdict[];
  dropped?: { readonly reason: DropReason; readonly seeds: number };
}

export interface RaceRules {
  /** Seeds every surviving candidate runs (n). */
  readonly seeds: number;
  readonly confidence: number;
  /** Seed counts after which to judge, ascending, ending at n. */
  readonly checkpoints: readonly number[];
  /** Keep 1/eta at each halving. */
  readonly eta: number;
}

/** Sort key of a candidate over the seeds it has run; lower is better. */
function score(e: Entry, confidence: number): readonly number[] {
  const s = verdictStats(e.verdicts, confidence);
  return [daysAtConfidence(e.verdicts, e.verdicts.length, confidence), s.unsafe, s.meanWorst, e.lb, e.id];
}

function lexLess(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

export function byScore(confidence: number): (a: Entry, b: Entry) => number {
  return (a, b) => lexLess(score(a, confidence), score(b, confidence));
}

/** Feasible over all n seeds: unsafe seeds within what the confidence allows and the target reached. */
export function feasible(e: Entry, r: RaceRules): boolean {
  return e.verdicts.length === r.seeds && daysAtConfidence(e.verdicts, r.seeds, r.confidence) < Infinity;
}

/** Why `e` (still running) should stop now, against the incumbent if any; undefined to go on. */
export function dropReason(e: Entry, r: RaceRules, incumbent: Entry | undefined): DropReason | undefined {
  const k = e.verdicts.length;
  const unsafe = e.verdicts.filter((v) => !v.safe).length;
  if (unsafe > r.seeds - required(r.seeds, r.confidence)) return 'unsafe';
  const opt = optimisticDays(e.verdicts, r.seeds, r.confidence);
  if (opt === Infinity) return 'too-slow';
  if (k > 0 && k < r.seeds && wilson(k - unsafe, k).hi < r.confidence) return 'clearly-unsafe';
  if (incumbent !== undefined && incumbent !== e) {
    const best = daysAtConfidence(incumbent.verdicts, r.seeds, r.confidence);
    const incUnsafe = incumbent.verdicts.filter((v) => !v.safe).length;
    if (opt > best || (opt === best && unsafe > incUnsafe)) return 'dominated';
  }
  return undefined;
}

/** The checkpoints of a race over n seeds: the default 3, 6, 10 below n, then n. */
export function defaultCheckpoints(n: number): number[] {
  return [...[3, 6, 10].filter((k) => k < n), n];
}
