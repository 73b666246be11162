/** `warmup-sim compare FILE`: the scenario's policies side by side over N seeds, with a report. */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { toComparison } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { MAX_SEEDS } from '../../run/usage-error.ts';
import { planFromFile } from './sweep.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { aggregate, OUTCOMES } from '../../report/aggregate.ts';
import { fmt } from '../../report/html.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir } from '../out-path.ts';

interface Args {
  file: string;
  policies: string | undefined;
  seeds: number;
  workers: number | undefined;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
}

export const compareCommand: CommandModule<object, Args> = {
  command: 'compare <file>',
  describe: "compare the scenario's policies over N seeds; writes a report and prints a summary table",
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('policies', {
        type: 'string',
        describe: "comma-separated policy names: the scenario's, or the library's with their defaults (default: all of the scenario's)",
      })
      .option(
        'seeds',
        integerFlag('seeds', { describe: "number of seeds, from the scenario's seed up", min: 1, max: MAX_SEEDS, default: 5 }),
      )
      .option(
        'workers',
        integerFlag('workers', {
          describe: 'runs at once: the main thread and N-1 worker threads (default: the number of cores; 1: the main thread alone)',
          min: 1,
        }),
      )
      .option('out', { type: 'string', describe: 'report directory (default: reports/<scenario name>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the aggregate outcomes as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
      .example('$0 compare scenarios/new-ips-engaged.yaml --seeds 20', 'all policies, 20 seeds, report in reports/new-ips-engaged/')
      .example('$0 compare scenarios/retry-storm.yaml --policies naive,kumomta --out /tmp/storm', 'two policies, custom output'),
  handler: async (a) => {
    const workers = a.workers ?? defaultWorkers();
    const seeds = a.seeds;
    if (a.out !== undefined) checkOutDir('--out', a.out);
    const { planned: plan, started } = await planWhileStarting(Math.min(workers, seeds), () =>
      planFromFile(
        a.file,
        [],
        seeds,
        a.policies
          ?.split(',')
          .map((p) => p.trim())
          .filter((p) => p !== ''),
      ),
    );
    const out = a.out ?? join('reports', plan.scenario.replace(/[^A-Za-z0-9._-]+/g, '_'));
    checkOutDir('--out', out);
    const bar = progress(!a.quiet, `${plan.scenario}: ${plan.variants.length} policies x ${seeds} seeds`);
    const c = toComparison(plan, await runUnits(plan, plan.units, { workers, started, onProgress: bar.tick }));
    bar.stop();
    await writeComparisonReport(c, out);
    const { policies } = aggregate(c);
    if (a.json) {
      process.stdout.write(
        JSON.stringify(
          {
            scenario: c.scenario,
            seeds: c.seeds,
            report: out,
            policies: policies.map((p) => ({ policy: p.policy, outcomes: p.outcomes })),
          },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    const rows = OUTCOMES.map((o) => [o.label, ...policies.map((p) => fmt(p.outcomes[o.key]!.mean, o.unit))]);
    process.stdout.write(
      `${c.scenario}: ${c.policies.length} policies x ${c.seeds.length} seeds (mean over seeds)\n\n${table(['outcome', ...c.policies], rows)}\n\nreport: ${join(out, 'index.html')}\n`,
    );
  },
};
