/**
 * The units `plan` runs: the search's (one per candidate and seed, stopping once decided; the
 * candidates of one IP count share one scenario text, so each thread loads it once), the
 * scenario's own policies as it gives them, and the plan beside the SendGrid, SparkPost and SES
 * schedules (fixed-schedule) on the plan's IPs; and the comparison a report is written from.
 */
import type { PlanBaseline } from '../../metrics/plan-result.ts';
import type { PlanCriteria } from '../../metrics/plan-verdict.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import type { Unit, UnitResult } from '../sweep.ts';
import { rampEntry, scenarioText, type PlanScenario } from './context.ts';
import type { Entry } from './race.ts';
import type { Job } from './search.ts';
import { valuesOf, type Candidate, type Space } from './space.ts';

const ESPS = ['sendgrid', 'sparkpost', 'ses'] as const;

/** One unit per job, the candidates of one IP count sharing one scenario text (each thread loads it once). */
export function searchUnits(ps: PlanScenario, space: Space, jobs: readonly Job[], seeds: readonly number[], stop: PlanCriteria): Unit[] {
  const byIps = new Map<number, Map<number, Candidate>>();
  for (const j of jobs) {
    const n = valuesOf(space, j.cand).ips;
    if (!byIps.has(n)) byIps.set(n, new Map());
    byIps.get(n)!.set(j.id, j.cand);
  }
  const texts = new Map(
    [...byIps].map(([n, cands]) => [
      n,
      scenarioText(
        ps,
        n,
        [...cands].map(([id, c]) => rampEntry(ps, `c${id}`, space, c)),
      ),
    ]),
  );
  return jobs.map((j, index) => ({
    index,
    variant: 0,
    policy: `c${j.id}`,
    seed: seeds[j.seed]!,
    text: texts.get(valuesOf(space, j.cand).ips)!,
    stop,
  }));
}

/** The scenario's own policies, as the scenario gives them (run before the search: they do not depend on it). */
export function ownUnits(ps: PlanScenario, seeds: readonly number[]): { names: string[]; units: Unit[] } {
  const names = ps.scenario.policies.map((p) => p.name);
  const text = scenarioText(ps, undefined, ps.raw['policies'] as Record<string, unknown>[]);
  const units = names.flatMap((policy, v) => seeds.map((seed, k) => ({ index: v * seeds.length + k, variant: v, policy, seed, text })));
  return { names, units };
}

/** The plan and the ESP schedules on the plan's IPs, in one text. */
export function espUnits(ps: PlanScenario, space: Space, best: Entry | undefined, n: number, seeds: readonly number[]) {
  const ips = ps.poolIps.slice(0, n);
  const entries: Record<string, unknown>[] = [
    ...(best ? [rampEntry(ps, 'plan', space, best.cand)] : []),
    ...ESPS.map((schedule) => ({ name: schedule, use: 'fixed-schedule', schedule, ips })),
  ];
  const names = entries.map((e) => e['name'] as string);
  const kinds: PlanBaseline['kind'][] = names.map((_, i) => (best && i === 0 ? 'plan' : 'esp'));
  const text = scenarioText(ps, n, entries);
  const units = names.flatMap((policy, v) => seeds.map((seed, k) => ({ index: v * seeds.length + k, variant: v, policy, seed, text })));
  return { names, kinds, units };
}

export function toComparisonOf(
  ps: PlanScenario,
  names: readonly string[],
  seeds: readonly number[],
  results: readonly UnitResult[],
): Comparison {
  const runs = names.map((name, v) =>
    seeds.map((_, k) => {
      const r = results[v * seeds.length + k]!;
      return { summary: { ...r.summary, policy: name }, series: r.series };
    }),
  );
  return { scenario: ps.scenario.name, description: ps.scenario.description, seeds, policies: names, runs };
}
