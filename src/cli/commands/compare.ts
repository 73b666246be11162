/** `warmup-sim compare FILE`: the scenario's policies side by side over N seeds, with a report. */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { toComparison } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { integerOption, MAX_SEEDS } from '../../run/run-scenario.ts';
import { planFromFile } from './sweep.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { aggregate, OUTCOMES } from '../../report/aggregate.ts';
import { fmt } from '../../report/html.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';

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
      .option('policies', { type: 'string', describe: 'comma-separated policy names (default: all of the scenario)' })
      .option('seeds', { type: 'number', default: 5, describe: "number of seeds, from the scenario's seed up" })
      .option('workers', {
        type: 'number',
        describe: 'runs at once: the main thread and N-1 worker threads (default: the number of cores; 1: the main thread alone)',
      })
      .option('out', { type: 'string', describe: 'report directory (default: reports/<scenario name>)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the aggregate outcomes as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
      .example('$0 compare scenarios/new-ips-engaged.yaml --seeds 20', 'all policies, 20 seeds, report in reports/new-ips-engaged/')
      .example('$0 compare scenarios/retry-storm.yaml --policies naive,kumomta --out /tmp/storm', 'two policies, custom output'),
  handler: async (a) => {
    const workers = integerOption('--workers', a.workers ?? defaultWorkers(), 1);
    const seeds = integerOption('--seeds', a.seeds, 1, MAX_SEEDS);
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
    const bar = progress(!a.quiet, plan.scenario);
    const c = toComparison(plan, await runUnits(plan, plan.units, { workers, started, onProgress: bar.tick }));
    bar.stop();
    const out = a.out ?? join('reports', plan.scenario.replace(/[^A-Za-z0-9._-]+/g, '_'));
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
