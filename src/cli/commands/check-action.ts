/** What `warmup-sim check` does once its command line is checked (./check.ts): the runs, the expectations, the reports. */
import { loadScenarioFile } from '../../scenario/load.ts';
import { toComparison } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { UsageError } from '../../run/usage-error.ts';
import { checkExpectations, formatGithub, formatJson, formatJunit, formatText, type FileReport } from '../../check/index.ts';
import { writeAtomic } from '../../report/files.ts';
import { planFromFile } from './sweep-action.ts';
import { progress } from '../progress.ts';
import { CheckFailed } from '../errors.ts';

export interface CheckArgs {
  files: string[];
  seeds: number;
  workers: number | undefined;
  junit: string | undefined;
  format: 'text' | 'json' | 'github';
  quiet: boolean;
}

export async function checkAction(a: CheckArgs): Promise<void> {
  const workers = a.workers ?? defaultWorkers();
  const seeds = a.seeds;
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
}
