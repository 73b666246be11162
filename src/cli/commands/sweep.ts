/**
 * `warmup-sim sweep FILE --grid PATH=v1,v2 [--grid ...] --seeds N [--workers N] [--shard K/N]`
 * and `warmup-sim merge PARTS... --out DIR`.
 */
import type { CommandModule } from 'yargs';
import { MAX_SEEDS } from '../../run/usage-error.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir } from '../out-path.ts';
import type { MergeArgs, SweepArgs } from './sweep-action.ts';

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
    if (a.out !== undefined) checkOutDir('--out', a.out);
    await (await import('./sweep-action.ts')).sweepAction(a);
  },
};

export const mergeCommand: CommandModule<object, MergeArgs> = {
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
    await (await import('./sweep-action.ts')).mergeAction(a);
  },
};
