/**
 * The library's entry points the CLI and tests share: run one policy of a scenario on one seed,
 * or compare the scenario's policies over N seeds (common random numbers: seed k of every policy
 * faces the same recipients reacting the same way).
 */
import type { LoadedScenario } from '../scenario/load.ts';
import { createPolicy } from '../policies/registry.ts';
import { defaultReceivers } from '../providers/registry.ts';
import { simulate, conservationGap, type RunState, type SimulateOptions } from './simulate.ts';
import { summarize, type RunSeries, type RunSummary } from '../metrics/summary.ts';
import type { Comparison } from '../metrics/comparison.ts';

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly series: RunSeries;
  readonly run: RunState;
}

export class UsageError extends Error {}

/** Most seeds one `compare` or `sweep` takes (a typo such as `--seeds 2000000` fails fast). */
export const MAX_SEEDS = 10_000;

/**
 * Checks an integer command-line option (`--seeds`, `--workers`): a UsageError (exit 2) naming the
 * flag and the allowed range unless `min <= value <= max`. yargs turns a non-number into NaN, which
 * the message calls what it is.
 */
export function integerOption(flag: string, value: number, min: number, max = Infinity): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`${flag} must be an integer ${range}, got ${Number.isNaN(value) ? 'something that is not a number' : value}`);
}

/** Runs one policy (by its scenario name; default the first) on one seed (default the scenario's). */
export function runScenario(
  loaded: LoadedScenario,
  o: {
    policy?: string;
    seed?: number;
    onTrace?: SimulateOptions['onTrace'];
    onStart?: SimulateOptions['onStart'];
    onHour?: SimulateOptions['onHour'];
  } = {},
): RunOutcome {
  const s = loaded.scenario;
  const use = o.policy === undefined ? s.policies[0]! : s.policies.find((p) => p.name === o.policy);
  if (use === undefined)
    throw new UsageError(`no policy named "${o.policy}" in ${loaded.file} (policies: ${s.policies.map((p) => p.name).join(', ')})`);
  const policy = createPolicy(use.use, use.params, { name: use.name, baseDir: loaded.baseDir });
  const run = simulate({
    scenario: s,
    policy,
    receivers: defaultReceivers,
    seed: o.seed ?? s.seed,
    ...(o.onTrace ? { onTrace: o.onTrace } : {}),
    ...(o.onStart ? { onStart: o.onStart } : {}),
    ...(o.onHour ? { onHour: o.onHour } : {}),
  });
  const gap = conservationGap(run);
  if (gap !== 0) throw new Error(`bug: ${gap} messages unaccounted for (injected != delivered + bounced + expired + queued)`);
  const { summary, series } = summarize(run, use.name);
  return { summary, series, run };
}

/** Every chosen policy on seeds seed, seed + 1, ... seed + n - 1. */
export function comparePolicies(
  loaded: LoadedScenario,
  o: { policies?: readonly string[]; seeds?: number; onProgress?: (done: number, total: number) => void } = {},
): Comparison {
  const s = loaded.scenario;
  const names = o.policies ?? s.policies.map((p) => p.name);
  for (const n of names)
    if (!s.policies.some((p) => p.name === n))
      throw new UsageError(`no policy named "${n}" in ${loaded.file} (policies: ${s.policies.map((p) => p.name).join(', ')})`);
  const n = integerOption('--seeds', o.seeds ?? 5, 1, MAX_SEEDS);
  const seeds = Array.from({ length: n }, (_, k) => s.seed + k);
  let done = 0;
  const runs = names.map((name) =>
    seeds.map((seed) => {
      const { summary, series } = runScenario(loaded, { policy: name, seed });
      o.onProgress?.(++done, names.length * seeds.length);
      return { summary, series };
    }),
  );
  return { scenario: s.name, description: s.description, seeds, policies: names, runs };
}
