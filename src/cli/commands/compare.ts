/** `warmup-sim compare FILE`: the scenario's policies side by side over N seeds, with a report (the work: ./compare-action.ts, loaded when it runs). */
import type { CommandModule } from 'yargs';
import { MAX_SEEDS } from '../../run/usage-error.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir } from '../out-path.ts';
import type { CompareArgs as Args } from './compare-action.ts';

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
    if (a.out !== undefined) checkOutDir('--out', a.out);
    await (await import('./compare-action.ts')).compareAction(a);
  },
};
