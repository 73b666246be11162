/**
 * The README.md an export writes beside its files: what each file is, where it goes, how to roll
 * the warm-up stages (the rule the simulated stage roller follows, kumomta policy `stages`), the
 * stage caps, and what the configuration cannot do that the policy did.
 */
import type { Ramp } from './ramp.ts';
import { sourceName } from './target.ts';

export type Mta = 'kumomta' | 'powermta' | 'postfix';

const INSTALL: Record<Mta, string[]> = {
  kumomta: [
    'Copy the files to `/opt/kumomta/etc/policy/` and load them from `init.lua`:',
    '',
    '```lua',
    "local shaping = require 'policy-extras.shaping'",
    "local shaper = shaping:setup_with_automation { publish = { 'http://127.0.0.1:8008' }, subscribe = { 'http://127.0.0.1:8008' },",
    "  extra_files = { '/opt/kumomta/etc/policy/shaping.toml' } }",
    "local queue_helper = require('policy-extras.queue'):setup { '/opt/kumomta/etc/policy/queues.toml' }",
    "local sources = require('policy-extras.sources'); sources:setup { '/opt/kumomta/etc/policy/sources.toml' }",
    "kumo.on('get_egress_path_config', shaper.get_egress_path_config)",
    '```',
    '',
    'The automation rules (Suspend) need the TSA daemon (`kumo-tsa-daemon`) running with the same shaping file.',
  ],
  powermta: [
    'Replace the warm-up part of `/etc/pmta/config` with `config` (keep your listeners, accounting and DKIM lines), then `pmta reload`.',
  ],
  postfix: [
    'Merge `main.cf` into `/etc/postfix/main.cf` and the services of `master.cf` into `/etc/postfix/master.cf`, then `postfix reload`.',
    'Needs Postfix 3.3 or later (pipemap and randmap tables).',
  ],
};

const ROLL: Record<Mta, (file: string) => string> = {
  kumomta: (f) => `copy \`${f}\` over the live \`shaping.toml\` (KumoMTA re-reads shaping files when they change; the TSA daemon too)`,
  powermta: (f) => `copy \`${f}\` over \`/etc/pmta/config\` and run \`pmta reload\``,
  postfix: (f) => `copy the \`_destination_rate_delay\` lines of \`${f}\` into \`/etc/postfix/main.cf\` and run \`postfix reload\``,
};

export function readme(
  mta: Mta,
  o: {
    scenario: string;
    policy: string;
    use: string;
    files: readonly string[];
    entryYaml: string;
    ramp?: Ramp;
    caveats: readonly string[];
  },
): string {
  const r = o.ramp;
  const out = [
    `# ${mta === 'kumomta' ? 'KumoMTA' : mta === 'powermta' ? 'PowerMTA' : 'Postfix'} configuration for the warm-up of scenario ${o.scenario}`,
    '',
    `Exported by \`warmup-sim export ${mta}\` from policy \`${o.policy}\` (\`use: ${o.use}\`). Source names follow the scenario's IP order` +
      (r ? `: ${r.ips.map((ip, i) => `\`${sourceName(i)}\` = ${ip}`).join(', ')}.` : '.'),
    '',
    '## Files',
    '',
    ...o.files.map((f) => `- \`${f}\``),
    '',
    '## Install',
    '',
    ...INSTALL[mta],
  ];
  const stages = r?.stages.length ?? 1;
  if (r !== undefined && stages > 1) {
    const first = o.files.find((f) => f.startsWith('stages/')) ?? 'stages/...';
    const perSource = r.advance.kind === 'clean' && r.advance.per === 'source';
    const rule =
      r.advance.kind === 'daily'
        ? `Move to the next stage every day at 00:00 UTC: ${ROLL[mta](first)}`
        : perSource
          ? `Each source (IP) moves on its own: once ${r.advance.hours} hours have passed both since the last reply matching ${r.advance.on.map((x) => `\`${x}\``).join(' or ')} on that source and since its last move, give it the next stage's limits (${mta === 'kumomta' ? `its \`sources."ip-N"\` tables` : mta === 'powermta' ? 'its `<virtual-mta ip-N>` block' : 'its `_destination_rate_delay` lines'} from the next stage file, e.g. \`${first}\`)`
          : `Move to the next stage once ${r.advance.hours} hours have passed both since the last reply matching ${r.advance.on.map((x) => `\`${x}\``).join(' or ')} and since the last move: ${ROLL[mta](first)}`;
    out.push('', '## Rolling the stages', '', `Start with stage 0. ${rule}. Stay on the last stage once you reach it.`);
    out.push('', '| stage | ' + r.ips.map((_, i) => sourceName(i)).join(' | ') + ' |', '|---|' + r.ips.map(() => '---|').join(''));
    r.stages.forEach((s, k) => {
      const cell = (ip: string) =>
        Object.entries(s.limits[ip] ?? {})
          .map(([p, l]) => `${p} ${l.perHour !== undefined ? `${l.perHour}/h` : `${l.perDay}/day`}`)
          .join(', ') || '-';
      out.push(`| ${k} | ${r.ips.map(cell).join(' | ')} |`);
    });
  }
  out.push('', '## What this configuration does not do', '');
  for (const c of o.caveats) out.push(`- ${c}`);
  out.push(
    '',
    '## Simulate it',
    '',
    'This policy entry runs the exported configuration in warmup-sim (paths relative to the scenario):',
    '',
    '```yaml',
    o.entryYaml.trimEnd(),
    '```',
    '',
  );
  return out.join('\n');
}
