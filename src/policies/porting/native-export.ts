/**
 * The MTA policies written back as their MTA's own configuration, setting for setting: kumomta's
 * shaping documents (and stages, queues, sources) as TOML; powermta's parameters as a PowerMTA
 * config (`<domain *>`, `<domain>` blocks with domain-macros, `<virtual-mta>` blocks for the
 * IP-specific ones, pattern lists); postfix's as main.cf and master.cf (per-IP transports,
 * transport_maps). Importing the files gives the same limits back (test/property/porting.prop.test.ts).
 */
import { formatThrottle, type ThrottleSpec } from '../../spec/throttle.ts';
import type { PowermtaParams } from '../powermta/params.ts';
import { dur, slashRegex, stageName, type Exported } from './export-files.ts';
import { writeToml } from './toml-write.ts';
import { pfTime } from './postfix-export.ts';
import { importPowermta } from './powermta-import.ts';
import { importPostfix } from './postfix-import.ts';

type Raw = Record<string, unknown>;

export function kumoNative(p: Raw, ips: readonly { address: string; pool: string }[], header: readonly string[]): Exported {
  const files: Record<string, string> = { 'shaping.toml': writeToml(p['shaping'] as Raw, header) };
  const stages = (p['stages'] as { files: Raw[] } | undefined)?.files ?? [];
  const names = stages.map((doc, i) => {
    const name = stageName(i + 1, stages.length + 1, 'stage-', '.toml');
    files[name] = writeToml(doc, [...header, `Stage ${i + 1} of ${stages.length}.`]);
    return name;
  });
  const q = structuredClone((p['queues'] as Raw | undefined) ?? {}) as { queue?: Record<string, Raw> };
  const def = ((q.queue ??= {})['default'] ??= {});
  def['retry_interval'] ??= dur(p['retry_interval'] as number);
  if (p['max_retry_interval'] !== undefined) def['max_retry_interval'] ??= dur(p['max_retry_interval'] as number);
  def['max_age'] ??= dur(p['max_age'] as number);
  files['queues.toml'] = writeToml(q as Raw, header);
  const map = p['sources'] as Record<string, string>;
  const named = ips.map((ip) => Object.entries(map).find(([, a]) => a === ip.address)?.[0] ?? ip.address);
  const pool: Record<string, Raw> = {};
  ips.forEach((ip, i) => ((pool[ip.pool] ??= {})[named[i]!] = { weight: 1 }));
  const source = Object.fromEntries(ips.map((ip, i) => [named[i]!, { source_address: ip.address }]));
  files['sources.toml'] = writeToml({ source, pool }, header);
  const entry: Raw = {
    name: 'kumomta-export',
    use: 'kumomta',
    shaping: 'shaping.toml',
    queues: 'queues.toml',
    sources: map,
    tsa_window: p['tsa_window'],
  };
  if (p['stages'] !== undefined) entry['stages'] = { ...(p['stages'] as Raw), files: names };
  return { files, entry };
}

const thr = (t: ThrottleSpec | undefined) => (t === undefined ? 'unlimited' : formatThrottle(t));

/** PowerMTA directive lines for a set of queue settings. */
function directives(s: Partial<PowermtaParams>, list: (patterns: string[]) => string): string[] {
  const out: string[] = [];
  const put = (name: string, v: unknown) => v !== undefined && out.push(`  ${name} ${String(v)}`);
  if (s.patterns !== undefined && s.patterns.length > 0) put('smtp-pattern-list', list(s.patterns));
  put('max-smtp-out', s.max_smtp_out);
  if ('max_msg_rate' in s) put('max-msg-rate', thr(s.max_msg_rate));
  put('max-msg-per-connection', s.max_msg_per_connection);
  put('retry-after', s.retry_after?.map(dur).join(','));
  put('backoff-max-smtp-out', s.backoff_max_smtp_out);
  if ('backoff_max_msg_rate' in s) put('backoff-max-msg-rate', thr(s.backoff_max_msg_rate));
  put('backoff-retry-after', s.backoff_retry_after?.map(dur).join(','));
  if (s.backoff_to_normal_after !== undefined)
    put('backoff-to-normal-after', s.backoff_to_normal_after === 'never' ? 'never' : dur(s.backoff_to_normal_after));
  if (s.backoff_to_normal_after_delivery !== undefined)
    put('backoff-to-normal-after-delivery', s.backoff_to_normal_after_delivery ? 'yes' : 'no');
  if (s.bounce_after !== undefined) put('bounce-after', dur(s.bounce_after));
  return out;
}

export function pmtaNative(p: PowermtaParams, ips: readonly { address: string; pool: string }[], header: readonly string[]): Exported {
  const lists = new Map<string, string[]>();
  const list = (patterns: string[]) => {
    const key = JSON.stringify(patterns);
    if (!lists.has(key)) lists.set(key, patterns);
    return `patterns-${[...lists.keys()].indexOf(key) + 1}`;
  };
  const macros: string[] = [];
  const arg = (match: string[]) => {
    if (match.length === 1) return match[0]!;
    macros.push(`domain-macro m${macros.length + 1} ${match.join(', ')}`);
    return `$m${macros.length}`;
  };
  const { cold_ips, max_cold_virtual_mta_msg, domains, ...globals } = p;
  const own = (b: (typeof domains)[number]) =>
    Object.fromEntries(Object.entries(b).filter(([k]) => k !== 'match' && k !== 'ips')) as Partial<PowermtaParams>;
  // PowerMTA has one <domain *> per scope: the blocks' `*` entries merged into it in list order (the
  // later winning field by field), their named entries written as their own blocks (params.ts)
  const star = (bs: typeof domains) => Object.assign({}, ...bs.filter((b) => b.match.includes('*')).map(own)) as Partial<PowermtaParams>;
  const named = (b: (typeof domains)[number]) => b.match.filter((d) => d !== '*');
  const global = domains.filter((x) => x.ips === undefined);
  const body: string[] = ['', '<domain *>', ...directives({ ...globals, ...star(global) }, list)];
  if (max_cold_virtual_mta_msg !== undefined) body.push(`  max-cold-virtual-mta-msg ${max_cold_virtual_mta_msg}/day`);
  body.push('</domain>');
  for (const b of global.filter((x) => named(x).length > 0))
    body.push('', `<domain ${arg(named(b))}>`, ...directives(own(b), list), '</domain>');
  ips.forEach((ip, i) => {
    const name = cold_ips.includes(ip.address) ? `ip-${i + 1}-cold` : `ip-${i + 1}`;
    body.push('', `<virtual-mta ${name}>`, `  smtp-source-host ${ip.address} ${name}.invalid`);
    const mine = domains.filter((x) => x.ips?.includes(ip.address));
    const inner = (match: string[], s: Partial<PowermtaParams>) =>
      body.push(`  <domain ${arg(match)}>`, ...directives(s, list).map((l) => `  ${l}`), '  </domain>');
    if (mine.some((x) => x.match.includes('*'))) inner(['*'], star(mine));
    for (const b of mine.filter((x) => named(x).length > 0)) inner(named(b), own(b));
    body.push('</virtual-mta>');
  });
  const head = [...header.map((h) => (h === '' ? '#' : `# ${h}`)), '', ...macros];
  for (const [key, patterns] of lists) {
    head.push('', `<smtp-pattern-list patterns-${[...lists.keys()].indexOf(key) + 1}>`);
    for (const x of patterns) head.push(`  reply ${slashRegex(x)} mode=backoff`);
    head.push('</smtp-pattern-list>');
  }
  const config = `${[...head, ...body].join('\n')}\n`;
  const back = importPowermta(config, 'config', { name: 'powermta-export', sources: {} });
  if (!back.ok) throw new Error(`bug: the exported PowerMTA config does not import: ${back.issues[0]!.message}`);
  return { files: { config }, entry: back.entry };
}

export function postfixNative(p: Raw, header: readonly string[]): Exported {
  const h = header.map((x) => (x === '' ? '#' : `# ${x}`));
  const main = [...h, ''];
  const time = (n: string, v: unknown) => main.push(`${n} = ${pfTime(v as number)}`);
  time('minimal_backoff_time', p['minimal_backoff_time']);
  time('maximal_backoff_time', p['maximal_backoff_time']);
  time('queue_run_delay', p['queue_run_delay']);
  time('maximal_queue_lifetime', p['maximal_queue_lifetime']);
  main.push(`default_destination_concurrency_limit = ${String(p['destination_concurrency_limit'])}`);
  main.push(`initial_destination_concurrency = ${String(p['initial_destination_concurrency'])}`);
  time('default_destination_rate_delay', p['rate_delay']);
  main.push(`default_destination_recipient_limit = ${String(p['destination_recipient_limit'])}`);
  main.push(`smtp_mx_session_limit = ${String(p['smtp_mx_session_limit'])}`);
  if (p['default_transport'] !== 'smtp') main.push(`default_transport = ${String(p['default_transport'])}`);
  const master = [...h, '', 'smtp                 unix  -       -       n       -       -       smtp'];
  const routes = new Map<string, string[]>();
  for (const t of p['transports'] as Raw[]) {
    const n = String(t['name']);
    if (t['bind_address'] !== undefined || n !== 'smtp') master.push(`${n.padEnd(20)} unix  -       -       n       -       -       smtp`);
    if (t['bind_address'] !== undefined) master.push(`  -o smtp_bind_address=${String(t['bind_address'])}`);
    for (const [k, suffix] of [
      ['destination_concurrency_limit', 'destination_concurrency_limit'],
      ['initial_destination_concurrency', 'initial_destination_concurrency'],
      ['destination_recipient_limit', 'destination_recipient_limit'],
    ] as const)
      if (t[k] !== undefined) main.push(`${n}_${suffix} = ${String(t[k])}`);
    if (t['rate_delay'] !== undefined) time(`${n}_destination_rate_delay`, t['rate_delay']);
    for (const d of (t['domains'] as string[] | undefined) ?? [])
      routes.set(d, [...(routes.get(d) ?? []), `${n}:${String(t['nexthop'] ?? '')}`]);
  }
  if (routes.size > 0) {
    const single = [...routes].filter(([, r]) => r.length === 1);
    const multi = new Map<string, string[]>();
    for (const [d, r] of routes) if (r.length > 1) multi.set(r.join(', '), [...(multi.get(r.join(', ')) ?? []), d]);
    const tables = [
      ...(single.length > 0 ? [`inline:{${single.map(([d, r]) => `${d}=${r[0]}`).join(', ')}}`] : []),
      ...[...multi].map(([r, ds]) => `pipemap:{inline:{${ds.map((d) => `${d}=x`).join(', ')}}, randmap:{${r}}}`),
    ];
    main.push(`transport_maps = ${tables.join(',\n    ')}`);
  }
  const files = { 'main.cf': `${main.join('\n')}\n`, 'master.cf': `${master.join('\n')}\n` };
  const back = importPostfix(
    { main: { file: 'main.cf', text: files['main.cf'] }, master: { file: 'master.cf', text: files['master.cf'] } },
    { name: 'postfix-export', sources: {} },
  );
  if (!back.ok) throw new Error(`bug: the exported Postfix config does not import: ${back.issues[0]!.message}`);
  return { files, entry: back.entry };
}
