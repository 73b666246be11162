/**
 * `warmup-sim sweep FILE --grid PATH=v1,v2 [--grid ...] --seeds N [--workers N] [--shard K/N]`
 * and `warmup-sim merge PARTS... --out DIR`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { parseGrid, planSweep, shardUnits, toComparison, type SweepPlan } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { decodePartial, encodePartial, mergePartials } from '../../run/partial.ts';
import { MAX_SEEDS, UsageError } from '../../run/usage-error.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { writeAtomic } from '../../report/files.ts';
import { aggregate, OUTCOMES } from '../../report/aggregate.ts';
import { fmt } from '../../report/html.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir } from '../out-path.ts';

interface SweepArgs {
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

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe: 'a parameter grid over seeds, on worker threads; --shard K/N runs a share and writes a partial result',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true })
      .option('grid', {
        type: 'string',
        array: true,
        describe:
          'PATH=v1,v2,... (repeatable); PATH is a scenario field, e.g. policies[0].microsoft.initial_rate_per_ip_per_hour or policies.<name>.retry_after; quote keys with dots ("hotmail.com") or use brackets (["hotmail.com"]); quote values with commas ("100/day,max_burst=1") or escape them (\\,)',
      })
      .option(
        'seeds',
        integerFlag('seeds', { describe: "number of seeds, from the scenario's seed up", min: 1, max: MAX_SEEDS, default: 5 }),
      )
      .option(
        'workers',
        integerFlag('workers', { describe: 'runs at once: the main thread and N-1 worker threads (default: the number of cores)', min: 1 }),
      )
      .option('shard', { type: 'string', describe: 'K/N: run the K-th of N deterministic shares and write partial-K-of-N.json' })
      .option('policies', {
        type: 'string',
        describe: "comma-separated policy names: the scenario's, or the library's with their defaults (default: all of the scenario's)",
      })
      .option('out', { type: 'string', describe: 'report (or partial) directory (default: reports/<scenario>-sweep)' })
      .option('json', { type: 'boolean', default: false })
      .option('quiet', { type: 'boolean', default: false })
      .example(
        '$0 sweep scenarios/new-ips-engaged.yaml --grid policies.seed-playbook.microsoft.initial_rate_per_ip_per_hour=10,20,40 --policies seed-playbook --seeds 20',
        'three starting rates, 20 seeds',
      )
      .example(
        `$0 sweep scenarios/mta-defaults.yaml --grid 'policies.kumomta.shaping."hotmail.com".max_message_rate="100/day,max_burst=1","200/day,max_burst=1"'`,
        'a KumoMTA shaping key (the shaping file is read and inlined per grid point)',
      )
      .example(
        '$0 sweep FILE --grid ... --seeds 100 --shard 3/8 --out parts/',
        'shard 3 of 8 (e.g. a CI matrix job); then: warmup-sim merge parts/*.json --out report/',
      ),
  handler: async (a) => {
    const workers = a.workers ?? defaultWorkers();
    const seeds = a.seeds;
    if (a.out !== undefined) checkOutDir('--out', a.out);
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
  },
};

export const mergeCommand: CommandModule<object, { parts: string[]; out: string; json: boolean }> = {
  command: 'merge <parts..>',
  describe: 'combine the partial results of a sharded sweep into the report a single machine would write',
  builder: (y) =>
    y
      .positional('parts', { type: 'string', array: true, demandOption: true })
      .option('out', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false })
      .example('$0 merge parts/partial-*.json --out reports/sweep', 'after all shards have run'),
  handler: async (a) => {
    checkOutDir('--out', a.out);
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
  },
};
