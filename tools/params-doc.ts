/**
 * Generates docs/parameters.md from the code's own tables: every provider plug-in's receiver
 * parameters (src/providers/registry.ts PROVIDERS, each `params` entry with its default, doc line
 * and evidence label, and the plug-in's permissive overrides) and every policy's parameters with
 * their defaults (src/policies/registry.ts POLICIES, read from each zod schema: names and types
 * through zod's JSON Schema output, defaults by parsing `{}`).
 *
 *   npm run docs:params              writes docs/parameters.md (through a temporary file)
 *   npm run docs:params -- --check   exits 1 if the committed file is not what this would write
 *
 * test/unit/docs-parameters.test.ts checks the same, so a changed table fails the tests until the
 * file is regenerated. Same tables in, same bytes out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PROVIDERS } from '../src/providers/registry.ts';
import { POLICIES } from '../src/policies/registry.ts';
import type { ProviderDefinition } from '../src/providers/provider.ts';
import type { PolicyDefinition } from '../src/policies/definition.ts';
import { formatDuration } from '../src/spec/units.ts';
import { formatThrottle, type ThrottleSpec } from '../src/spec/throttle.ts';
import { writeAtomic } from '../src/report/files.ts';

export const PARAMETERS_MD = fileURLToPath(new URL('../docs/parameters.md', import.meta.url));

/** Where docs/receiver-model.md describes each provider's model. */
const MODEL_SECTION: Readonly<Record<string, string>> = { microsoft: '2', gmail: '4.1', yahoo: '4.2', corporate: '4.3', m365: '4.4' };
/** Where docs/mta-behaviours.md describes each policy. */
const POLICY_SECTION: Readonly<Record<string, string>> = {
  kumomta: '1',
  powermta: '2',
  postfix: '3',
  exim: '4',
  'fixed-schedule': '5',
  'seed-playbook': '6',
  aimd: '8',
  naive: '9',
};
/** What a plug-in does with its table that the table cannot say. */
const PROVIDER_NOTES: Readonly<Record<string, string>> = {
  m365: 'The plug-in sets `texts: "m365"` (Exchange Online Protection replies) before the scenario\'s overrides.',
};
/** Defaults longer than this are printed below their table. */
const LONG = 60;

type Json = { [k: string]: unknown };

/** A table cell: pipes escaped, newlines flattened. */
function cell(s: string): string {
  return s.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function providerSection(p: ProviderDefinition, first: ProviderDefinition | undefined): string {
  const out = [`### ${p.name}`, '', p.summary.charAt(0).toUpperCase() + p.summary.slice(1) + '.', ''];
  if (p.observable !== '') out.push(`Observable besides replies: ${p.observable}.`, '');
  const section = MODEL_SECTION[p.name];
  if (section !== undefined) out.push(`Model: [receiver-model.md](receiver-model.md) section ${section}.`, '');
  if (PROVIDER_NOTES[p.name] !== undefined) out.push(PROVIDER_NOTES[p.name]!, '');
  if (first !== undefined) out.push(`Parameters: the same table as [${first.name}](#${first.name}), with a state of its own.`, '');
  else {
    out.push('| parameter | default | what it does | evidence |', '|---|---|---|---|');
    for (const [name, d] of Object.entries(p.params))
      out.push(`| ${code(name)} | ${code(JSON.stringify(d.default))} | ${cell(d.doc)} | ${cell(d.evidence)} |`);
    out.push('');
  }
  const permissive = Object.entries(p.permissive).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  out.push(`Permissive overrides (the receiver accepts every attempt of a clean sender): ${code(`{ ${permissive.join(', ')} }`)}.`, '');
  return out.join('\n');
}

/** A short type label from a JSON Schema node. */
function typeOf(s: Json): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' or ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.anyOf)) return [...new Set((s.anyOf as Json[]).map(typeOf))].join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' or ') : String(s.type ?? 'any');
  if (t === 'array') return `array of ${typeOf((s.items as Json | undefined) ?? {})}`;
  const lo =
    s.minimum !== undefined ? `>= ${String(s.minimum)}` : s.exclusiveMinimum !== undefined ? `> ${String(s.exclusiveMinimum)}` : '';
  const hi =
    s.maximum !== undefined && s.maximum !== Number.MAX_SAFE_INTEGER
      ? `<= ${String(s.maximum)}`
      : s.exclusiveMaximum !== undefined
        ? `< ${String(s.exclusiveMaximum)}`
        : '';
  return [t, lo, hi].filter((x) => x !== '').join(' ');
}

/** JSON with objects one key a line and arrays of scalars or short objects on one line. */
function pretty(v: unknown, indent: string): string {
  const flat = JSON.stringify(v);
  if (typeof v !== 'object' || v === null || flat.length <= LONG) return flat;
  const inner = indent + '  ';
  const items = Array.isArray(v)
    ? v.map((x) => inner + pretty(x, inner))
    : Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`);
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

function isThrottle(v: unknown): v is ThrottleSpec {
  return typeof v === 'object' && v !== null && Object.keys(v).sort().join() === 'limit,maxBurst,period';
}

/** A parsed default as a scenario file would write it; seconds also as a duration where the field takes one. */
function defaultText(v: unknown, durationLike: boolean): string {
  if (v === undefined) return '(none)';
  if (isThrottle(v)) return code(formatThrottle(v));
  if (durationLike && typeof v === 'number') return `${code(String(v))} s (${formatDuration(v)})`;
  if (durationLike && Array.isArray(v) && v.every((x) => typeof x === 'number'))
    return `${code(JSON.stringify(v))} s (${v.map(formatDuration).join(', ')})`;
  return code(JSON.stringify(v));
}

function policySection(d: PolicyDefinition): string {
  const schema = z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) as Json;
  const defaults = d.params.parse({}) as Record<string, unknown>;
  const rows: string[] = [];
  const long: string[] = [];
  const add = (name: string, s: Json, v: unknown) => {
    const durationLike = Array.isArray(s.type) && s.type.join() === 'number,string';
    let text = defaultText(v, durationLike);
    if (text.length > LONG) {
      long.push(`Default of ${code(name)}:`, '', '```json', pretty(v, ''), '```', '');
      text = 'see below';
    }
    rows.push(`| ${code(name)} | ${cell(typeOf(s))} | ${cell(text)} |`);
  };
  for (const [name, s] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    const v = defaults[name];
    const nested = s.type === 'object' && s.properties !== undefined && (v === undefined || (typeof v === 'object' && v !== null));
    if (!nested) add(name, s, v);
    // an optional block without a default (kumomta's `stages`): each field's own default, applied when the block is given
    else
      for (const [k, sub] of Object.entries(s.properties as Record<string, Json>))
        add(`${name}.${k}`, sub, v === undefined ? sub.default : (v as Json)[k]);
  }
  return [
    `### ${d.name}`,
    '',
    d.summary.charAt(0).toUpperCase() + d.summary.slice(1) + '.',
    '',
    `Source: ${d.source}.${POLICY_SECTION[d.name] === undefined ? '' : ` Behaviour: [mta-behaviours.md](mta-behaviours.md) section ${POLICY_SECTION[d.name]}.`}`,
    '',
    '| parameter | type | default |',
    '|---|---|---|',
    ...rows,
    '',
    ...long,
  ].join('\n');
}

/** The whole of docs/parameters.md. */
export function parametersMarkdown(): string {
  const seen = new Map<object, ProviderDefinition>();
  const providers = PROVIDERS.map((p) => {
    const first = seen.get(p.params);
    if (first === undefined) seen.set(p.params, p);
    return providerSection(p, first);
  });
  return [
    '# Parameters',
    '',
    '<!-- Generated by `npm run docs:params` (tools/params-doc.ts) from the parameter tables in the code. Do not edit by hand. -->',
    '',
    "Every receiver parameter of every provider plug-in (`src/providers/registry.ts`), with its default, what it does and the evidence label of the default, and every policy's parameters with their defaults. [receiver-model.md](receiver-model.md) explains the models and the evidence labels; [mta-behaviours.md](mta-behaviours.md) what each policy reproduces.",
    '',
    '## Receivers',
    '',
    'Override any of these per provider in a scenario file: `receivers: { microsoft: { params: { F0: 30 } } }`. Units are in each doc line (hours for rates and heat unless it says otherwise).',
    '',
    ...providers,
    '## Policies',
    '',
    'Given beside `name` and `use` in a scenario\'s `policies:` entry, e.g. `{ name: kumo, use: kumomta, retry_interval: 10m }`. Durations take seconds or text (`"30m"`, `"2h"`, `"7d"`); the defaults are shown as parsed, in seconds. Throttles are KumoMTA-style text (`"20/h"`, `"100/day,max_burst=1"`).',
    '',
    ...POLICIES.map(policySection),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}

function main(argv: readonly string[]): number {
  const text = parametersMarkdown();
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(PARAMETERS_MD, 'utf8');
    } catch {
      // missing: stale
    }
    if (current === text) return 0;
    process.stderr.write('docs/parameters.md is not current: run npm run docs:params\n');
    return 1;
  }
  writeAtomic(PARAMETERS_MD, text);
  process.stdout.write(`wrote ${PARAMETERS_MD}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
