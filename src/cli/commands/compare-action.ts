/** What `warmup-sim compare` does once its command line is checked (./compare.ts): the runs, the report, the summary table. */
import { join } from 'node:path';
import { toComparison } from '../../run/sweep.ts';
import { defaultWorkers, planWhileStarting, runUnits } from '../../run/pool.ts';
import { planFromFile } from './sweep-action.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { aggregate, OUTCOMES } from '../../report/aggregate.ts';
import { fmt } from '../../report/html.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';
import { checkOutDir } from '../out-path.ts';

export interface CompareArgs {
  file: string;
  policies: string | undefined;
  seeds: number;
  workers: number | undefined;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
}

export async function compareAction(a: CompareArgs): Promise<void> {
  const workers = a.workers ?? defaultWorkers();
  const seeds = a.seeds;
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
}
