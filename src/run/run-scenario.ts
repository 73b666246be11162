/**
 * The library's entry points the CLI and tests share: run one policy of a scenario on one seed,
 * or compare the scenario's policies over N seeds (common random numbers: seed k of every policy
 * faces the same recipients reacting the same way).
 */
import type { LoadedScenario } from '../scenario/load.ts';
import { createPolicy, findPolicy, POLICIES, prepareParams } from '../policies/registry.ts';
import type { PolicyUse } from '../spec/scenario.ts';
import { closest } from '../check/did-you-mean.ts';
import { defaultReceivers } from '../providers/registry.ts';
import { simulate, conservationGap, type RunState, type SimulateOptions } from './simulate.ts';
import { summarize, type RunSeries, type RunSummary } from '../metrics/summary.ts';
import type { Comparison } from '../metrics/comparison.ts';
import { scenarioInputs } from './inputs.ts';

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly series: RunSeries;
  readonly run: RunState;
}

export { UsageError, MAX_SEEDS, integerOption } from './usage-error.ts';
import { UsageError, MAX_SEEDS, integerOption } from './usage-error.ts';

/**
 * The policy a name picks: the scenario's own entry of that name, else the library's policy of that
 * name with its default parameters (`run --policy powermta` on a scenario that does not list it).
 * Any other name is a UsageError that lists both.
 */
export function resolvePolicy(loaded: LoadedScenario, name: string): PolicyUse {
  const own = loaded.scenario.policies.find((p) => p.name === name);
  if (own !== undefined) return own;
  const def = findPolicy(name, loaded.baseDir);
  if (def === undefined) {
    const mine = loaded.scenario.policies.map((p) => p.name);
    const near = closest(name, [...mine, ...POLICIES.map((p) => p.name)]);
    throw new UsageError(
      `no policy named "${name}" (the scenario's: ${mine.join(', ')}; the library's: ${POLICIES.map((p) => p.name).join(', ')})${
        near.length > 0 ? `, did you mean "${near[0]}"?` : ''
      }`,
    );
  }
  const p = prepareParams(def, {}, { name, baseDir: loaded.baseDir });
  if (!p.ok) throw new Error(`bug: the default parameters of policy "${name}" do not validate`);
  return { name, use: name, params: p.params as Readonly<Record<string, unknown>> };
}

/** Runs one policy (by its scenario name or a library policy's name; default the scenario's first) on one seed (default the scenario's). */
export function runScenario(
  loaded: LoadedScenario,
  o: {
    policy?: string;
    seed?: number;
    onTrace?: SimulateOptions['onTrace'];
    onStart?: SimulateOptions['onStart'];
    /** Called at the end of every simulated hour (progress, or a stop rule that calls run.sim.stop()). */
    onHour?: SimulateOptions['onHour'];
  } = {},
): RunOutcome {
  const s = loaded.scenario;
  const use = o.policy === undefined ? s.policies[0]! : resolvePolicy(loaded, o.policy);
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
  for (const n of names) resolvePolicy(loaded, n);
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
  return { scenario: s.name, description: s.description, seeds, policies: names, runs, inputs: scenarioInputs(loaded.text, names) };
}
