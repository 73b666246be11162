/**
 * `warmup-sim plan` as a library call: run the scenario's own policies, search the ramp
 * (./search.ts) on the worker pool, then run the chosen plan beside the ESP warm-up schedules
 * (SendGrid's hourly table, SparkPost's stages, SES's 45 days: fixed-schedule on the plan's IPs),
 * all on the same seeds and to the end of the scenario, and say whether the plan beats each.
 * Every candidate run stops as soon as its verdict is decided (metrics/plan-verdict.ts), so a
 * clearly unsafe ramp costs a few simulated days, not the whole scenario.
 */
import { stringify } from 'yaml';
import type { PlanBaseline, PlanCandidate, PlanResult, PlanScheduleRow } from '../../metrics/plan-result.ts';
import { judgeSeries, reachedDay, type PlanCriteria, type SeedVerdict } from '../../metrics/plan-verdict.ts';
import { verdictStats } from '../../metrics/plan-stats.ts';
import { nominalCap } from '../../policies/ramp.ts';
import { SENDGRID_HOURLY } from '../../policies/support/esp-tables.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runUnits, type StartedWorkers } from '../pool.ts';
import { UsageError } from '../usage-error.ts';
import type { Unit } from '../sweep.ts';
import { lowerBound, planScenario, rampEntry, rampParams, type PlanScenario } from './context.ts';
import { espUnits, ownUnits, searchUnits, toComparisonOf } from './units.ts';
import type { Entry } from './race.ts';
import { searchPlan } from './search.ts';
import { gridSize, makeSpace, nearest, PARAM_KEYS, valuesOf, type Candidate, type Space } from './space.ts';
import { planVerdicts } from './verdicts.ts';

export interface PlanOptions {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly baseDir: string;
  readonly criteria: PlanCriteria;
  readonly confidence: number;
  readonly seeds: number;
  /** IP counts to try (default: 2, or 1, up to the pool's size). */
  readonly ips?: readonly [number, number];
  /** Most simulated runs of the search. */
  readonly budget: number;
  /** How the budget was given, for the report (default: "N runs"). */
  readonly budgetLabel?: string;
  readonly stop?: (used: number, batch: number) => boolean;
  readonly workers: number;
  readonly started?: StartedWorkers | undefined;
  readonly searchSeed?: number;
  /** Compare with the scenario's own policies too (default true). */
  readonly own?: boolean;
  /** Replace axes of the space (tests: tiny grids). */
  readonly levels?: Parameters<typeof makeSpace>[2];
  readonly designSize?: number;
  readonly onBatch?: Parameters<typeof searchPlan>[0]['onBatch'];
  /** Called as each phase starts: the scenario's own policies, the search, the plan and the ESP schedules. */
  readonly onPhase?: (phase: 'scenario-policies' | 'search' | 'comparison') => void;
}

export async function runPlan(o: PlanOptions): Promise<PlanResult> {
  const loaded = loadScenarioText(stringify(o.raw, { lineWidth: 0 }), o.file);
  const ps = planScenario(o.raw, loaded.scenario, o.criteria);
  const size = ps.poolIps.length;
  const [lo, hi] = o.ips ?? [Math.min(2, size), size];
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi))
    throw new UsageError(`--ips must be a count or a range "A..B" with 1 <= A <= B, got ${lo}..${hi}`);
  if (hi > size) throw new UsageError(`--ips ${lo}..${hi}: pool "${ps.pool}" of ${o.file} has ${size} IPs (add IPs to the scenario)`);
  const space = makeSpace(lo, hi, o.levels);
  const seeds = Array.from({ length: o.seeds }, (_, k) => ps.scenario.seed + k);
  const batch = (units: Unit[]) =>
    runUnits({ file: o.file, baseDir: o.baseDir }, units, { workers: o.workers, started: o.started, keep: true });
  try {
    // the scenario's own policies first: they do not depend on the search, and a wall-clock budget
    // then knows what they cost before it decides how long the search may run
    o.onPhase?.('scenario-policies');
    const own = o.own === false ? { names: [], units: [] } : ownUnits(ps, seeds);
    const ownRuns = own.units.length > 0 ? await batch(own.units) : [];
    o.onPhase?.('search');
    const result = await searchPlan({
      space,
      seeds: o.seeds,
      confidence: o.confidence,
      lowerBound: (c) => lowerBound(ps, space, c, o.criteria),
      evaluate: async (jobs) =>
        (await batch(searchUnits(ps, space, jobs, seeds, o.criteria))).map((r) => judgeSeries(r.series, o.criteria)),
      budget: o.budget,
      ...(o.stop && { stop: o.stop }),
      anchors: anchors(space),
      designSize: o.designSize ?? 16,
      searchSeed: o.searchSeed ?? 0,
      ...(o.onBatch && { onBatch: o.onBatch }),
    });
    o.onPhase?.('comparison');
    const best = result.ranking[0];
    const n = best === undefined ? hi : valuesOf(space, best.cand).ips;
    const esp = espUnits(ps, space, best, n, seeds);
    const espRuns = await batch(esp.units);
    const taken = new Set(esp.names);
    const names = [...esp.names, ...own.names.map((p) => (taken.has(p) ? `${p} (scenario)` : p))];
    const kinds = [...esp.kinds, ...own.names.map(() => 'scenario' as const)];
    const comparison = toComparisonOf(ps, names, seeds, [...espRuns, ...ownRuns]);
    const baselines: PlanBaseline[] = names.map((name, i) => {
      const verdicts: SeedVerdict[] = comparison.runs[i]!.map((r) => judgeSeries(r.series, o.criteria));
      const reached = comparison.runs[i]!.map((r) => reachedDay(r.series, o.criteria));
      return { name, kind: kinds[i]!, stats: verdictStats(verdicts, o.confidence), verdicts, reached };
    });
    const row = (e: Entry): PlanCandidate => ({
      id: e.id,
      stage: e.stage,
      params: valuesOf(space, e.cand),
      lowerBound: e.lb,
      stats: verdictStats(e.verdicts, o.confidence),
      speed: median(e.verdicts.flatMap((v) => (v.reached === null ? [] : [v.reached]))),
      ...(e.dropped && { dropped: e.dropped }),
    });
    return {
      scenario: ps.scenario.name,
      description: ps.scenario.description,
      criteria: o.criteria,
      confidence: o.confidence,
      seeds,
      space: PARAM_KEYS.map((param, d) => ({ param, levels: space.levels[d]! })),
      chosen: best && { candidate: row(best), policy: rampEntry(ps, 'plan', space, best.cand) },
      runnersUp: result.ranking.slice(1, 6).map(row),
      candidates: result.entries.map(row),
      schedule: best === undefined ? [] : schedule(ps, space, best.cand),
      sendgridHourly: SENDGRID_HOURLY,
      baselines,
      verdicts: planVerdicts(baselines, o.confidence),
      search: {
        runs: result.runs,
        batches: result.batches,
        budget: o.budgetLabel ?? `${o.budget} runs`,
        ended: result.ended === 'stop' ? 'time' : result.ended,
        gridCandidates: gridSize(space),
        gridRuns: gridSize(space) * o.seeds,
        comparisonRuns: esp.units.length + own.units.length,
      },
      comparison,
    };
  } finally {
    await o.started?.pool.destroy();
  }
}

/** The seed article's loop and SendGrid's ~x1.4 a day, from 20/h, on every IP: the search starts from what people use. */
function anchors(space: Space): Candidate[] {
  const at = (v: Record<string, number>) => PARAM_KEYS.map((k, d) => nearest(space, d, v[k]!));
  const ips = space.levels[0]![space.levels[0]!.length - 1]!;
  return [
    at({ ips, initial_per_hour: 20, growth: 1.25, clean_hours: 24, retry_minutes: 30, engaged_until_day: 0 }),
    at({ ips, initial_per_hour: 20, growth: 1.4, clean_hours: 24, retry_minutes: 30, engaged_until_day: 0 }),
  ];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** plan.csv: the chosen plan's nominal caps per day, IP and provider. */
function schedule(ps: PlanScenario, space: Space, c: Candidate): PlanScheduleRow[] {
  const p = rampParams(ps, space, c);
  const rows: PlanScheduleRow[] = [];
  for (let day = 0; day < ps.days; day++)
    for (const ip of ps.poolIps.slice(0, p.ips))
      for (const provider of ps.providers) {
        const hourlyCap = nominalCap(p, provider, day);
        rows.push({ day, ip, provider, hourlyCap, dailyCap: hourlyCap * 24 });
      }
  return rows;
}
