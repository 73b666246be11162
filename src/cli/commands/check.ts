/**
 * `warmup-sim check FILE... [--seeds N] [--junit out.xml] [--format text|json|github]`: runs each
 * scenario's policies over N seeds (the worker pool, common random numbers), evaluates the file's
 * `expect:` entries, prints a table (or JSON, or GitHub workflow annotations pointing at each
 * failing expectation's line) and, for each failure, the seed to replay. Exit 0 when every
 * expectation holds, 1 when any fails, 2 on bad input. The work: ./check-action.ts, loaded when it runs.
 */
import type { CommandModule } from 'yargs';
import { MAX_SEEDS } from '../../run/usage-error.ts';
import { integerFlag } from '../options.ts';
import { checkOutFile } from '../out-path.ts';
import type { CheckArgs as Args } from './check-action.ts';

export const checkCommand: CommandModule<object, Args> = {
  command: 'check <files..>',
  describe: "evaluate each scenario's expect: entries over N seeds; exit 1 if any fails (for CI)",
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files with an expect: list' })
      .option(
        'seeds',
        integerFlag('seeds', { describe: "number of seeds, from the scenario's seed up", min: 1, max: MAX_SEEDS, default: 10 }),
      )
      .option('workers', integerFlag('workers', { describe: 'runs at once (default: the number of cores)', min: 1 }))
      .option('junit', { type: 'string', describe: 'also write JUnit XML here (one testcase per expectation)' })
      .option('format', {
        choices: ['text', 'json', 'github'] as const,
        default: 'text' as const,
        describe: 'text table, JSON, or GitHub workflow annotations',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
      .example('$0 check scenarios/ci-gate.yaml --seeds 20', 'every expectation over 20 seeds')
      .example('$0 check scenarios/ci-gate.yaml --format github --junit check.xml', 'in a GitHub Actions job'),
  handler: async (a) => {
    if (a.junit !== undefined) checkOutFile('--junit', a.junit);
    await (await import('./check-action.ts')).checkAction(a);
  },
};
