/**
 * `export kumomta|powermta|postfix`: a scenario's policy as the user's MTA configuration. The
 * adaptive policies (seed-playbook, fixed-schedule) become a staged ramp (./ramp-from.ts) written
 * for any of the three MTAs; an MTA policy (kumomta, powermta, postfix) is written back as its own
 * MTA's configuration, setting for setting (./native-export.ts). Every export carries a README.md.
 */
import { stringify } from 'yaml';
import type { PowermtaParams } from '../powermta/params.ts';
import { rampFromFixedSchedule, rampFromRamp, rampFromSeedPlaybook, withPlan, type PlanRow } from './ramp-from.ts';
import type { Ramp } from './ramp.ts';
import type { ExportTarget } from './target.ts';
import { kumoFromRamp } from './kumomta-export.ts';
import { pmtaFromRamp } from './powermta-export.ts';
import { postfixFromRamp } from './postfix-export.ts';
import { kumoNative, pmtaNative, postfixNative } from './native-export.ts';
import { readme, type Mta } from './readme.ts';
import type { Exported } from './export-files.ts';

export type { Mta };

const MTA_CAVEATS: Record<Mta, string[]> = {
  kumomta: [],
  powermta: ['PowerMTA has no timed suspension: a pause is its backoff mode at 1 message an hour until backoff-to-normal-after'],
  postfix: [
    'Postfix has no reply-driven slow-down: a 451 4.7.650 (or any other deferral) does not make it pause, slow down or lower its concurrency (it lowers concurrency only after connection or handshake failures); the pauses of the policy are not in this configuration, so watch the deferrals and roll back a stage by hand',
    'Postfix backoff times are global: the per-provider retry schedules are not in this configuration',
  ],
};

/** Whether `use` can be exported as `mta`, and how. */
export function exportable(use: string, mta: Mta): 'ramp' | 'native' | undefined {
  if (use === 'seed-playbook' || use === 'fixed-schedule' || use === 'ramp') return 'ramp';
  return use === mta ? 'native' : undefined;
}

export function exportPolicy(
  mta: Mta,
  policy: { name: string; use: string; params: Readonly<Record<string, unknown>> },
  t: ExportTarget,
  /** A file of the export as the scenario's entry names it (default: as is, relative to the output directory). */
  pathFor: (file: string) => string = (f) => f,
  /** A plan's schedule (`plan.csv`): the ramp's stages, day by day (seed-playbook, fixed-schedule and ramp). */
  plan?: readonly PlanRow[],
): Exported & { readonly ramp?: Ramp } {
  const how = exportable(policy.use, mta);
  if (plan !== undefined && how !== 'ramp')
    throw new Error(`--plan needs a seed-playbook, fixed-schedule or ramp policy for the pauses and retries (got ${policy.use})`);
  if (how === undefined)
    throw new Error(
      `cannot export policy "${policy.name}" (use: ${policy.use}) as ${mta}: seed-playbook, fixed-schedule and ramp export to any MTA, an MTA policy to its own MTA`,
    );
  const header = [`warmup-sim export ${mta}: scenario ${t.scenario}, policy ${policy.name} (${policy.use}).`];
  let out: Exported;
  let ramp: Ramp | undefined;
  if (how === 'ramp') {
    ramp =
      policy.use === 'seed-playbook'
        ? rampFromSeedPlaybook(policy.params, t)
        : policy.use === 'ramp'
          ? rampFromRamp(policy.params, t)
          : rampFromFixedSchedule(policy.params, t);
    if (plan !== undefined) ramp = withPlan(ramp, plan);
    out =
      mta === 'kumomta'
        ? kumoFromRamp(ramp, t.ips, header)
        : mta === 'powermta'
          ? pmtaFromRamp(ramp, t.ips, header)
          : postfixFromRamp(ramp, header);
  } else
    out =
      mta === 'kumomta'
        ? kumoNative(policy.params, t.ips, header)
        : mta === 'powermta'
          ? pmtaNative(policy.params as PowermtaParams, t.ips, header)
          : postfixNative(policy.params, header);
  const e = { ...out.entry } as Record<string, unknown>;
  for (const k of ['shaping', 'queues'] as const) if (typeof e[k] === 'string') e[k] = pathFor(e[k]);
  const st = e['stages'] as { files: string[] } | undefined;
  if (st !== undefined) e['stages'] = { ...st, files: st.files.map(pathFor) };
  out = { files: out.files, entry: e };
  const caveats = [
    ...(ramp?.caveats ?? []),
    ...MTA_CAVEATS[mta],
    ...(how === 'ramp' && mta !== 'kumomta' ? ['the simulated entry below is stage 0 only (only the kumomta policy rolls stages)'] : []),
  ];
  const files = Object.keys(out.files).sort();
  const text = readme(mta, {
    scenario: t.scenario,
    policy: policy.name,
    use: policy.use,
    files: [...files, 'README.md'],
    entryYaml: stringify([out.entry], { lineWidth: 0 }),
    ...(ramp === undefined ? {} : { ramp }),
    caveats: caveats.length > 0 ? caveats : ['nothing known: this is the policy setting for setting'],
  });
  return { files: { ...out.files, 'README.md': text }, entry: out.entry, ...(ramp === undefined ? {} : { ramp }) };
}
