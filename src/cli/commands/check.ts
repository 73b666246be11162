/**
 * `warmup-sim check FILE... [--seeds N] [--junit out.xml] [--format text|json|github]`: runs each
 * scenario's policies over N seeds (the worker pool, common random numbers), evaluates the file's
 * `expect:` entries, prints a table (or JSON, or GitHub workflow annotations pointing at each
 * failing expectation's line) and, for each failure, the seed to replay. Exit 0 when every
 * expectation holds, 1 when any fails, 2 on bad input.
 */
import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { toComparison } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { MAX_SEEDS, UsageError } from '../../run/usage-error.ts';
import { checkExpectations, formatGithub, formatJson, formatJunit, formatText, type FileReport } from '../../check/index.ts';
import { writeAtomic } from '../../report/files.ts';
import { planFromFile } from './sweep.ts';
import { progress } from '../progress.ts';
import { integerFlag } from '../options.ts';
import { checkOutFile } from '../out-path.ts';
import { CheckFailed } from '../errors.ts';

interface Args {
  files: string[];
  seeds: number;
  workers: number | undefined;
  junit: string | undefined;
  format: 'text' | 'json' | 'github';
  quiet: boolean;
}

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
    const workers = a.workers ?? defaultWorkers();
    const seeds = a.seeds;
    if (a.junit !== undefined) checkOutFile('--junit', a.junit);
    const loaded = a.files.map((f) => loadScenarioFile(f)); // every file's input errors before any run
    loaded.forEach((l, i) => {
      if (l.expectations.length === 0) throw new UsageError(`${a.files[i]} has no expect: entries to check`);
    });
    const reports: FileReport[] = [];
    for (const [i, file] of a.files.entries()) {
      const { planned: plan, started } = await planWhileStarting(Math.min(workers, seeds), () => planFromFile(file, [], seeds));
      const bar = progress(!a.quiet, `${plan.scenario}: ${plan.variants.length} policies x ${seeds} seeds`);
      const c = toComparison(plan, await runUnits(plan, plan.units, { workers, started, onProgress: bar.tick }));
      bar.stop();
      reports.push(
        checkExpectations(loaded[i]!.expectations, { file, scenario: c.scenario, seeds: c.seeds, policies: c.policies, runs: c.runs }),
      );
    }
    if (a.junit !== undefined) writeAtomic(a.junit, formatJunit(reports));
    const out = a.format === 'json' ? formatJson(reports) : a.format === 'github' ? formatGithub(reports) : formatText(reports);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    const failed = reports.flatMap((r) => r.results).filter((r) => !r.passed).length;
    if (failed > 0) throw new CheckFailed(`${failed} of ${reports.reduce((n, r) => n + r.results.length, 0)} expectations failed`);
  },
};
