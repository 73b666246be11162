/** What `warmup-sim sweep` and `merge` do once their command lines are checked (./sweep.ts), and `planFromFile`, which compare and check use too. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadScenarioFile } from '../../scenario/load.ts';
import { parseGrid, planSweep, shardUnits, toComparison, type SweepPlan } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { decodePartial, encodePartial, mergePartials } from '../../run/partial.ts';
import { UsageError } from '../../run/usage-error.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { writeAtomic } from '../../report/files.ts';
import { aggregate, OUTCOMES } from '../../report/aggregate.ts';
import { fmt } from '../../report/html.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';
import { checkOutDir } from '../out-path.ts';

export interface SweepArgs {
  file: string;
  grid: string[] | undefined;
  seeds: number;
  workers: number | undefined;
  shard: string | undefined;
  policies: string | undefined;
  out: string | undefined;
  quiet: boolean;
  json: boolean;
}

export interface MergeArgs {
  parts: string[];
  out: string;
  json: boolean;
}

function printSummary(c: Comparison, out: string, json: boolean): void {
  const { policies } = aggregate(c);
  if (json) {
    process.stdout.write(
      JSON.stringify(
        { scenario: c.scenario, seeds: c.seeds, report: out, variants: policies.map((p) => ({ variant: p.policy, outcomes: p.outcomes })) },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const rows = OUTCOMES.map((o) => [o.label, ...policies.map((p) => fmt(p.outcomes[o.key]!.mean, o.unit))]);
  process.stdout.write(
    `${c.scenario}: ${c.policies.length} variants x ${c.seeds.length} seeds (mean over seeds)\n\n${table(['outcome', ...c.policies], rows)}\n\nreport: ${join(out, 'index.html')}\n`,
  );
}

/** Plans a sweep from a scenario file (validates it first, so errors point into the file). */
export function planFromFile(file: string, grid: readonly string[], seeds: number, policies?: readonly string[]): SweepPlan {
  const { text } = loadScenarioFile(file);
  const raw = parseYaml(text) as Record<string, unknown>;
  return planSweep({
    raw,
    text,
    file,
    baseDir: dirname(resolve(file)),
    grid: grid.map(parseGrid),
    seeds,
    ...(policies ? { policies } : {}),
  });
}

export async function sweepAction(a: SweepArgs): Promise<void> {
  const workers = a.workers ?? defaultWorkers();
  const seeds = a.seeds;
  let shard: { k: number; n: number } | undefined;
  if (a.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(a.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]))
      throw new UsageError(`invalid --shard "${a.shard}" (expected K/N with 1 <= K <= N, e.g. 2/4)`);
    shard = { k: Number(m[1]), n: Number(m[2]) };
  }
  // a shard's share is known only after planning: start as many threads as an unsharded run of one variant could use
  const { planned: plan, started } = await planWhileStarting(Math.min(workers, seeds), () =>
    planFromFile(
      a.file,
      a.grid ?? [],
      seeds,
      a.policies
        ?.split(',')
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    ),
  );
  const out = a.out ?? join('reports', `${plan.scenario.replace(/[^A-Za-z0-9._-]+/g, '_')}-sweep`);
  checkOutDir('--out', out);
  const units = shard === undefined ? plan.units : shardUnits(plan, shard.k, shard.n);
  const bar = progress(!a.quiet, `${plan.scenario}: ${plan.variants.length} variants x ${seeds} seeds`);
  const results = await runUnits(plan, units, { workers, started, onProgress: bar.tick });
  bar.stop();
  if (shard !== undefined) {
    const { units: all, ...meta } = plan;
    const file = join(out, `partial-${shard.k}-of-${shard.n}.json`);
    writeAtomic(
      file,
      encodePartial({
        kind: 'warmup-sim-partial',
        version: 1,
        plan: { ...meta, units: all.map((u) => ({ index: u.index, variant: u.variant })) },
        shard,
        results,
      }),
    );
    process.stdout.write(`${results.length} of ${plan.units.length} runs -> ${file}\n`);
    return;
  }
  const c = toComparison(plan, results);
  await writeComparisonReport(c, out);
  printSummary(c, out, a.json);
}

export async function mergeAction(a: MergeArgs): Promise<void> {
  const parts = a.parts.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${f}`);
    }
    return decodePartial(text, f);
  });
  const { plan, results } = mergePartials(parts);
  const c = toComparison(plan as unknown as SweepPlan, results);
  await writeComparisonReport(c, a.out);
  printSummary(c, a.out, a.json);
}
