/**
 * The plan search: the fastest ramp whose seeds stay safe often enough, found without running
 * the grid. Steps, each a race (./race.ts) on common random numbers:
 * 1. a space-filling first design (Halton points, ./space.ts) plus anchor candidates (the seed
 *    article's and SendGrid's settings), raced;
 * 2. coarse-to-fine local search: the neighbours of the best few fully raced candidates (one
 *    parameter moved by the coarse radius, then by one level), raced against the incumbent; a
 *    round that does not make the incumbent faster or safer (fewer unsafe seeds) ends that radius;
 * 3. before any run, a candidate whose capacity lower bound (its nominal schedule cannot deliver
 *    the target sooner) is later than the incumbent's days to target is pruned (branch and bound).
 * Deterministic: the order of candidates, batches and seeds depends only on the space, the
 * search seed and the verdicts; the budget counts simulated runs (its last batch runs the
 * candidates that still fit, in race order), and the optional `stop` (a wall-clock limit in the
 * CLI) is asked only between batches, so the runs of a cut search are a prefix of the full
 * search's and `--budget <runs it used>` reproduces it.
 */
import type { SeedVerdict } from '../../metrics/plan-verdict.ts';
import { daysAtConfidence } from '../../metrics/plan-stats.ts';
import { byScore, defaultCheckpoints, dropReason, feasible, type Entry, type RaceRules } from './race.ts';
import { coarseRadius, design, keyOf, neighbours, type Candidate, type Space } from './space.ts';

export interface Job {
  readonly id: number;
  readonly cand: Candidate;
  /** Seed index (0-based; the run's seed is the scenario's seed plus this). */
  readonly seed: number;
}

export interface SearchOptions {
  readonly space: Space;
  readonly seeds: number;
  readonly confidence: number;
  readonly lowerBound: (c: Candidate) => number;
  /** Runs the jobs (on the worker pool); one verdict per job, in order. */
  readonly evaluate: (jobs: readonly Job[]) => Promise<readonly SeedVerdict[]>;
  /** Most simulated runs. */
  readonly budget: number;
  /** Asked before each batch with the runs used and the batch's size: true ends the search there. */
  readonly stop?: (used: number, batch: number) => boolean;
  readonly anchors?: readonly Candidate[];
  readonly designSize?: number;
  readonly searchSeed?: number;
  readonly centres?: number;
  readonly eta?: number;
  readonly checkpoints?: readonly number[];
  readonly onBatch?: (b: { stage: string; runs: number; used: number; alive: number; best: Entry | undefined }) => void;
}

export interface SearchResult {
  /** Every candidate considered, in the order it was, with its verdicts and why it stopped. */
  readonly entries: readonly Entry[];
  /** Fully raced feasible candidates, best first (the first is the plan). */
  readonly ranking: readonly Entry[];
  readonly runs: number;
  readonly batches: number;
  /** Why it ended: no new candidate improved the plan, or the run budget or the stop cut it short. */
  readonly ended: 'converged' | 'budget' | 'stop';
}

export async function searchPlan(o: SearchOptions): Promise<SearchResult> {
  const rules: RaceRules = {
    seeds: o.seeds,
    confidence: o.confidence,
    checkpoints: o.checkpoints ?? defaultCheckpoints(o.seeds),
    eta: o.eta ?? 2,
  };
  const cmp = byScore(o.confidence);
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let ranking: Entry[] = [];
  let runs = 0,
    batches = 0;
  let ended: SearchResult['ended'] = 'converged';
  const incumbent = () => ranking[0];
  /** Days to target and unsafe seeds of the incumbent (Infinity when there is none). */
  const primary = (e: Entry | undefined): number[] =>
    e === undefined
      ? [Infinity, Infinity]
      : [daysAtConfidence(e.verdicts, o.seeds, o.confidence), e.verdicts.filter((v) => !v.safe).length];

  const add = (cands: readonly Candidate[], stage: string): Entry[] => {
    const fresh: Entry[] = [];
    for (const cand of cands) {
      if (seen.has(keyOf(cand))) continue;
      seen.add(keyOf(cand));
      const e: Entry = { id: entries.length, cand, lb: o.lowerBound(cand), stage, verdicts: [] };
      entries.push(e);
      const inc = incumbent();
      const best = inc === undefined ? Infinity : daysAtConfidence(inc.verdicts, o.seeds, o.confidence);
      if (e.lb === Infinity || e.lb > best) e.dropped = { reason: 'pruned', seeds: 0 };
      else fresh.push(e);
    }
    return fresh.sort((a, b) => a.lb - b.lb || a.id - b.id);
  };

  /** Races `field` through the checkpoints (until the budget or the stop ends the search). */
  const race = async (field: Entry[], stage: string): Promise<void> => {
    let alive = field;
    for (const cp of rules.checkpoints) {
      const todo = (e: Entry) => Math.max(0, cp - e.verdicts.length);
      if (runs + alive.reduce((t, e) => t + todo(e), 0) > o.budget) {
        // the last batch the budget allows: the first candidates (in race order) whose seeds still fit
        let room = o.budget - runs;
        const fit: Entry[] = [];
        for (const e of alive) {
          if (todo(e) > room) break;
          room -= todo(e);
          fit.push(e);
        }
        ended = 'budget';
        if (fit.length === 0) return;
        alive = fit;
      }
      const jobs = alive.flatMap((e) => Array.from({ length: todo(e) }, (_, j) => ({ e, seed: e.verdicts.length + j })));
      if (jobs.length > 0) {
        if (ended === 'converged' && o.stop?.(runs, jobs.length) === true) ended = 'stop';
        if (ended === 'stop') return;
        const out = await o.evaluate(jobs.map((j) => ({ id: j.e.id, cand: j.e.cand, seed: j.seed })));
        jobs.forEach((j, i) => j.e.verdicts.push(out[i]!));
        runs += jobs.length;
        batches++;
      }
      for (const e of alive) if (feasible(e, rules)) ranking.push(e);
      ranking = [...new Set(ranking)].sort(cmp);
      for (const e of alive) {
        const why = e.verdicts.length === o.seeds && feasible(e, rules) ? undefined : dropReason(e, rules, incumbent());
        if (why !== undefined) e.dropped = { reason: why, seeds: e.verdicts.length };
      }
      alive = alive.filter((e) => e.dropped === undefined && e.verdicts.length < o.seeds);
      if (cp < o.seeds && alive.length > 1) {
        const keep = Math.max(1, Math.ceil(alive.length / rules.eta));
        alive.sort(cmp);
        for (const e of alive.slice(keep)) e.dropped = { reason: 'halving', seeds: e.verdicts.length };
        alive = alive.slice(0, keep);
      }
      o.onBatch?.({ stage, runs: jobs.length, used: runs, alive: alive.length, best: incumbent() });
      if (alive.length === 0 || ended !== 'converged') break;
    }
  };

  const anchors = o.anchors ?? [];
  await race(add([...anchors, ...design(o.space, o.designSize ?? 16, o.searchSeed ?? 0)], 'design'), 'design');
  const steps: [string, number[]][] = [
    ['coarse', coarseRadius(o.space)],
    ['fine', o.space.levels.map(() => 1)],
  ];
  for (const [stage, radius] of steps) {
    while (ended === 'converged') {
      // centres: the best fully raced plans, or (none feasible yet) the best of what was raced
      const raced = entries.filter((e) => e.verdicts.length > 0).sort(cmp);
      const centres = (ranking.length > 0 ? ranking : raced).slice(0, o.centres ?? 3);
      const field = add(
        centres.flatMap((c) => neighbours(o.space, c.cand, radius)),
        stage,
      );
      if (field.length === 0) break;
      const before = primary(incumbent());
      await race(field, stage);
      const after = primary(incumbent());
      // go on while the plan gets faster or safer; a better margin alone (the tie-break) does not
      if (!(after[0]! < before[0]! || (after[0] === before[0] && after[1]! < before[1]!))) break;
    }
  }
  return { entries, ranking, runs, batches, ended };
}
