/**
 * `import powermta CONFIG`: a PowerMTA config file as a powermta policy entry. Read: `<domain>`
 * blocks (the `*` block gives the defaults; `$macro` and `name.$macro` arguments expanded with
 * `domain-macro`; `queue-to "q"` routes the domains to the `<domain q>` block's settings),
 * `<virtual-mta>` blocks (their `smtp-source-host` IPs; `<domain>` blocks inside them apply to those
 * IPs only), `<virtual-mta-pool>` (a note: pools are the scenario's `ips[].pool`), `<smtp-pattern-list>`
 * `reply /re/ mode=backoff` entries, the retry-after lists and backoff-* directives, bounce-after
 * and max-cold-virtual-mta-msg (the cold VMTAs are those named `<name>-cold`, PowerMTA's convention).
 * Directives left unset get PowerMTA's defaults, not the policy's (directive reference:
 * max-msg-per-connection 0 = unlimited, no pattern list, backoff-max-msg-rate = max-msg-rate,
 * backoff-to-normal-after-delivery false). Everything else is listed as not modelled, with its line.
 */
import { powermtaParams, QUEUE_FIELDS } from '../powermta/params.ts';
import { fail, type ConfigIssue, type ImportResult } from './issues.ts';
import { expandDomains, parsePmtaConfig, type PmtaBlock, type PmtaDirective } from './powermta-config.ts';

const FIELDS = new Set(Object.keys(QUEUE_FIELDS).map((k) => k.replaceAll('_', '-')));
FIELDS.delete('patterns');
const BOOLEAN = (v: string) => (/^(yes|true|on)$/i.test(v) ? true : /^(no|false|off)$/i.test(v) ? false : v);
const NUMERIC = new Set(['max-smtp-out', 'max-msg-per-connection', 'backoff-max-smtp-out']);

/** PowerMTA's own defaults where the policy's differ. */
const PMTA_DEFAULTS = { patterns: [], max_msg_per_connection: 0, backoff_to_normal_after_delivery: false };

export function importPowermta(text: string, file: string, o: { name: string; sources: Readonly<Record<string, string>> }): ImportResult {
  const parsed = parsePmtaConfig(text, file);
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  const issues: ConfigIssue[] = [];
  const notModelled: string[] = [];
  const notes: string[] = [];
  const at = (line: number, message: string) => issues.push({ file, line, col: 1, message });
  const skip = (line: number, what: string, why = 'not modelled') => notModelled.push(`${file}:${line}: ${what} (${why})`);
  const blocks = (b: PmtaBlock, name: string) => b.items.filter((x): x is PmtaBlock => x.kind === 'block' && x.name === name);
  const directives = (b: PmtaBlock) => b.items.filter((x): x is PmtaDirective => x.kind === 'directive');

  const macros = new Map<string, string[]>();
  const lists = new Map<string, string[]>();
  for (const d of directives(parsed.root))
    if (d.name === 'domain-macro') {
      const [name, ...rest] = d.value.split(/\s+/);
      macros.set(
        name!.toLowerCase(),
        rest
          .join(' ')
          .split(/[,\s]+/)
          .filter(Boolean),
      );
    }
  for (const b of blocks(parsed.root, 'smtp-pattern-list')) {
    const patterns: string[] = [];
    for (const d of directives(b)) {
      const m = /^(\/(?:\\.|[^/])*\/[a-z]*)\s*(.*)$/.exec(d.value);
      if (d.name !== 'reply' || !m) skip(d.line, `${d.name} ${d.value}`, 'only "reply /regex/ mode=backoff" entries are read');
      else if (/\bmode=backoff\b/.test(m[2]!)) patterns.push(m[1]!);
      else skip(d.line, `reply ${d.value}`, `action "${m[2]}" not modelled`);
    }
    lists.set(b.arg.toLowerCase(), patterns);
  }

  /** A `<domain>` block's settings as policy parameters. */
  const settings = (b: PmtaBlock, inVmta: boolean): Record<string, unknown> => {
    const s: Record<string, unknown> = {};
    for (const d of directives(b)) {
      const key = d.name.replaceAll('-', '_');
      if (d.name === 'smtp-pattern-list') {
        const list = lists.get(d.value.toLowerCase());
        if (list === undefined)
          at(d.line, `smtp-pattern-list "${d.value}" is not defined (expected a <smtp-pattern-list ${d.value}> block)`);
        else s['patterns'] = list;
      } else if (FIELDS.has(d.name)) {
        const v = NUMERIC.has(d.name) ? Number(d.value) : BOOLEAN(d.value);
        const r = QUEUE_FIELDS[key as keyof typeof QUEUE_FIELDS].safeParse(v);
        if (r.success) s[key] = v;
        else at(d.line, `${d.name} ${d.value}: ${r.error.issues[0]!.message}`);
      } else if (d.name === 'max-cold-virtual-mta-msg') {
        if (b.arg === '*') s[key] = d.value;
        else skip(d.line, `<domain ${b.arg}> max-cold-virtual-mta-msg ${d.value}`, 'read in <domain *> only: the cold cap is per IP here');
      } else if (d.name !== 'queue-to') skip(d.line, `<domain ${b.arg}> ${d.name} ${d.value}`);
    }
    // backoff-max-msg-rate defaults to the block's max-msg-rate (inside a virtual-mta it inherits the domain's)
    if (!inVmta && s['max_msg_rate'] !== undefined && s['backoff_max_msg_rate'] === undefined)
      s['backoff_max_msg_rate'] = s['max_msg_rate'];
    return s;
  };

  const vmtaIps = new Map<string, string[]>();
  for (const v of blocks(parsed.root, 'virtual-mta')) {
    const ips = directives(v).flatMap((d) => (d.name === 'smtp-source-host' ? [d.value.split(/\s+/)[0]!] : []));
    const name = v.arg;
    vmtaIps.set(name, o.sources[name] !== undefined ? [o.sources[name]] : ips);
    if (vmtaIps.get(name)!.length === 0) notes.push(`virtual-mta ${name} has no smtp-source-host: map it with --source ${name}=IP`);
    for (const d of directives(v)) if (d.name !== 'smtp-source-host') skip(d.line, `<virtual-mta ${name}> ${d.name} ${d.value}`);
  }
  for (const p of blocks(parsed.root, 'virtual-mta-pool'))
    notes.push(
      `virtual-mta-pool ${p.arg}: ${directives(p)
        .map((d) => d.value)
        .join(', ')} (pools are the scenario's ips[].pool)`,
    );

  // queue-to: the routed domains take the target block's settings
  const routed = new Map<string, string[]>();
  const domainsOf = (b: PmtaBlock): string[] => {
    const e = expandDomains(b.arg, macros);
    if (typeof e === 'string') at(b.line, `<domain ${b.arg}>: ${e}`);
    return typeof e === 'string' ? [] : e;
  };
  const scopes: { block: PmtaBlock; ips?: string[] }[] = [
    ...blocks(parsed.root, 'domain').map((block) => ({ block })),
    ...blocks(parsed.root, 'virtual-mta').flatMap((v) => blocks(v, 'domain').map((block) => ({ block, ips: vmtaIps.get(v.arg)! }))),
  ];
  for (const { block } of scopes) {
    const q = directives(block).find((d) => d.name === 'queue-to');
    if (q) {
      const target = q.value.replace(/^"|"$/g, '').toLowerCase();
      routed.set(target, [...(routed.get(target) ?? []), ...domainsOf(block)]);
    }
  }
  let defaults: Record<string, unknown> = {};
  const domains: Record<string, unknown>[] = [];
  for (const { block, ips } of scopes) {
    if (directives(block).some((d) => d.name === 'queue-to')) continue;
    const s = settings(block, ips !== undefined);
    const match = routed.get(block.arg.toLowerCase()) ?? domainsOf(block);
    // repeated <domain *> blocks add up, the later winning (also a `*` in a domain-macro: its
    // other names keep the block's settings as a more specific block)
    const named = ips === undefined && match.includes('*') ? match.filter((d) => d !== '*') : match;
    if (named.length < match.length) defaults = { ...defaults, ...s };
    if (named.length > 0) domains.push({ match: named, ...(ips === undefined ? {} : { ips }), ...s });
  }
  for (const d of directives(parsed.root)) if (d.name !== 'domain-macro') skip(d.line, `${d.name} ${d.value}`);
  for (const b of parsed.root.items)
    if (b.kind === 'block' && !['domain', 'virtual-mta', 'virtual-mta-pool', 'smtp-pattern-list'].includes(b.name))
      skip(b.line, `<${b.name}${b.arg ? ` ${b.arg}` : ''}> block`);
  if (issues.length > 0) return { ok: false, issues };

  const { max_cold_virtual_mta_msg: cold, ...queue } = defaults;
  const params: Record<string, unknown> = { ...PMTA_DEFAULTS, backoff_max_msg_rate: queue['max_msg_rate'] ?? 'unlimited', ...queue };
  if (cold !== undefined) {
    params['max_cold_virtual_mta_msg'] = cold;
    params['cold_ips'] = [...vmtaIps].flatMap(([name, ips]) => (name.endsWith('-cold') ? ips : []));
  }
  if (domains.length > 0) params['domains'] = domains;
  const check = powermtaParams.safeParse(params);
  if (!check.success) return fail(file, check.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  notes.unshift(`${domains.length} <domain> block(s) besides <domain *>, ${lists.size} pattern list(s), ${vmtaIps.size} virtual-mta(s)`);
  return { ok: true, entry: { name: o.name, use: 'powermta', ...params }, notes, notModelled };
}
