/**
 * Running scenarios from code. Results are plain data (JSON-serialisable), the same objects the
 * CLI prints with `--json` and writes as summary.json: nothing of the simulation's internals.
 */
import { parse as parseYaml } from 'yaml';
import type { LoadedScenario } from '../scenario/load.ts';
import { runScenario as runOne } from '../run/run-scenario.ts';
import { parseGrid, planSweep, toComparison } from '../run/sweep.ts';
import { defaultWorkers, runUnits } from '../run/pool.ts';
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';

/** One run's outcome: the summary (summary.json) and the daily, hourly and per-IP series. */
export interface RunResult {
  readonly summary: RunSummary;
  readonly series: RunSeries;
}

/**
 * One policy of a scenario on one seed.
 * @param o.policy - the scenario's policy name (default: its first)
 * @param o.seed - default: the scenario's
 * @example
 * ```ts
 * const { summary } = runScenario(loadScenario('scenarios/new-ips-engaged.yaml'), { policy: 'seed-playbook', seed: 7 });
 * console.log(summary.microsoft.deferralRate);
 * ```
 */
export function runScenario(scenario: LoadedScenario, o: { readonly policy?: string; readonly seed?: number } = {}): RunResult {
  const { summary, series } = runOne(scenario, o);
  return { summary, series };
}

/** Options of {@link comparePolicies} and {@link sweep}. */
export interface CompareOptions {
  /** Seeds from the scenario's seed up (default 5). */
  readonly seeds?: number;
  /** Runs at once, the calling thread included (default: every core). */
  readonly workers?: number;
  /** The scenario's policies to run (default: all). */
  readonly policies?: readonly string[];
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The scenario's policies side by side over N seeds (common random numbers: seed k of every
 * policy faces the same recipients reacting the same way), on worker threads.
 * @example
 * ```ts
 * const c = await comparePolicies(loadScenario('scenarios/new-ips-engaged.yaml'), { seeds: 10 });
 * await writeReport(c, 'reports/mine');
 * ```
 */
export async function comparePolicies(scenario: LoadedScenario, o: CompareOptions = {}): Promise<Comparison> {
  return sweep(scenario, [], o);
}

/**
 * A parameter grid over seeds: `grid` entries as the CLI's `--grid PATH=v1,v2`, e.g.
 * `policies.seed-playbook.microsoft.initial_rate_per_ip_per_hour=10,20,40`.
 * @example
 * ```ts
 * const c = await sweep(loadScenario('scenarios/retry-storm.yaml'), ['policies.naive.retry_after=5m,1h'], { seeds: 20 });
 * ```
 */
export async function sweep(scenario: LoadedScenario, grid: readonly string[], o: CompareOptions = {}): Promise<Comparison> {
  const raw = parseYaml(scenario.text) as Record<string, unknown>;
  const plan = planSweep({
    raw,
    file: scenario.file,
    baseDir: scenario.baseDir,
    grid: grid.map(parseGrid),
    seeds: o.seeds ?? 5,
    ...(o.policies ? { policies: o.policies } : {}),
  });
  const results = await runUnits(plan, plan.units, {
    workers: o.workers ?? defaultWorkers(),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return toComparison(plan, results);
}
