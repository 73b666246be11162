/**
 * `warmup-sim export kumomta|powermta|postfix SCENARIO [--policy NAME] --out DIR`: a policy of the
 * scenario as the user's MTA configuration (src/policies/porting/export.ts), or with `--plan plan.csv`
 * a plan's day-by-day schedule as the stages, with a README.md on
 * installing it and rolling the warm-up stages, and the policy entry that simulates the export.
 */
import { dirname, join, relative, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { readFileSync } from 'node:fs';
import { loadScenarioFile, ScenarioError } from '../../scenario/load.ts';
import { parsePlanCsv } from '../../policies/porting/plan-csv.ts';
import type { PlanRow } from '../../policies/porting/ramp-from.ts';
import { exportable, exportPolicy, type Mta } from '../../policies/porting/export.ts';
import type { ExportTarget } from '../../policies/porting/target.ts';
import { PROVIDERS } from '../../providers/registry.ts';
import type { Scenario } from '../../spec/scenario.ts';
import { UsageError } from '../../run/usage-error.ts';
import { writeAtomic } from '../../report/files.ts';

interface Args {
  mta: string;
  scenario: string;
  policy: string | undefined;
  plan: string | undefined;
  out: string;
}

/** What the exporters need of a loaded scenario: IPs, streams, and each provider's domains and audience share. */
export function exportTarget(s: Scenario): ExportTarget {
  const total = Object.values(s.audience.providers).reduce((a, b) => a + b, 0) || 1;
  return {
    scenario: s.name,
    days: Math.ceil(s.duration / 86400),
    ips: s.ips.map((ip) => ({ address: ip.address, pool: ip.pool })),
    streams: s.streams.map((st) => ({ kind: st.kind, pool: st.pool, perDay: typeof st.perDay === 'number' ? [st.perDay] : st.perDay })),
    providers: PROVIDERS.filter((p) => (s.audience.providers[p.name] ?? 0) > 0).map((p) => ({
      name: p.name,
      share: (s.audience.providers[p.name] ?? 0) / total,
      domains: p.domains(s.audience).map((d) => ({ name: d.name, mx: d.mx })),
    })),
  };
}

export const exportCommand: CommandModule<object, Args> = {
  command: 'export <mta> <scenario>',
  describe: "write a scenario's policy as KumoMTA, PowerMTA or Postfix configuration (stage files, README)",
  builder: (y) =>
    y
      .positional('mta', { type: 'string', choices: ['kumomta', 'powermta', 'postfix'], demandOption: true })
      .positional('scenario', { type: 'string', demandOption: true })
      .option('policy', { type: 'string', describe: "the scenario's policy name (default: its first that exports to this MTA)" })
      .option('plan', { type: 'string', describe: "a plan's schedule (plan.csv: day, ip, provider, hourly_cap, daily_cap) as the stages" })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .example(
        '$0 export kumomta scenarios/new-ips-engaged.yaml --policy seed-playbook --out kumo/',
        'a shaping file per warm-up stage, queues, sources, README',
      ),
  handler: (a) => {
    const loaded = loadScenarioFile(a.scenario);
    const mta = a.mta as Mta;
    const policies = loaded.scenario.policies;
    const policy = a.policy === undefined ? policies.find((p) => exportable(p.use, mta)) : policies.find((p) => p.name === a.policy);
    if (policy === undefined)
      throw new UsageError(
        a.policy === undefined
          ? `no policy of ${a.scenario} exports to ${mta} (seed-playbook, fixed-schedule and ramp do, and a ${mta} policy)`
          : `no policy named "${a.policy}" in ${a.scenario} (policies: ${policies.map((p) => p.name).join(', ')})`,
      );
    if (exportable(policy.use, mta) === undefined)
      throw new UsageError(
        `policy "${policy.name}" (use: ${policy.use}) does not export to ${mta}: seed-playbook, fixed-schedule and ramp export to any MTA, an MTA policy to its own`,
      );
    const target = exportTarget(loaded.scenario);
    let plan: PlanRow[] | undefined;
    if (a.plan !== undefined) {
      if (exportable(policy.use, mta) !== 'ramp')
        throw new UsageError(
          `--plan needs a seed-playbook, fixed-schedule or ramp policy for the pauses and retries (policy "${policy.name}" is ${policy.use})`,
        );
      let text: string;
      try {
        text = readFileSync(a.plan, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ScenarioError([
          {
            file: a.plan,
            line: 1,
            col: 1,
            path: '',
            message: `cannot read the plan (${code === 'ENOENT' ? 'no such file' : String(code)})`,
          },
        ]);
      }
      const r = parsePlanCsv(text, a.plan, { ips: target.ips.map((x) => x.address), providers: target.providers.map((p) => p.name) });
      if (!r.ok) throw new ScenarioError([{ ...r.issue, path: '' }]);
      plan = r.rows;
    }
    const fromScenario = (f: string) => relative(dirname(resolve(a.scenario)), resolve(a.out, f)) || f;
    const out = exportPolicy(mta, policy, target, fromScenario, plan);
    const files = Object.keys(out.files).sort();
    for (const f of files) writeAtomic(join(a.out, f), out.files[f]!);
    process.stdout.write(
      `${policy.name} (${policy.use}) as ${mta}: ${files.length} files in ${a.out}\n${files.map((f) => `  ${f}`).join('\n')}\n`,
    );
  },
};
