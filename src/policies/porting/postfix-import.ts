/**
 * `import postfix main.cf [master.cf]`: Postfix's queue-manager and SMTP-client parameters as a
 * postfix policy entry (names and defaults: postconf(5)). Read from main.cf: the backoff timers
 * (minimal_backoff_time, maximal_backoff_time, queue_run_delay, maximal_queue_lifetime),
 * default_destination_{concurrency_limit,rate_delay,recipient_limit}, initial_destination_concurrency,
 * smtp_mx_session_limit, default_transport, smtp_bind_address, `<transport>_destination_*` and
 * `<transport>_initial_destination_concurrency`, and transport_maps written `inline:{...}` or
 * `pipemap:{inline:{...}, randmap:{...}}` (domains to one of several per-IP transports, Postfix 3.x).
 * From master.cf: every smtp(8) service as a transport, bound to its `-o smtp_bind_address`.
 * Every other parameter and `-o` option is listed as not modelled, with its line.
 */
import { fail, type ImportResult } from './issues.ts';
import { expand, parseMainCf, parseMasterCf, postfixTime } from './postfix-config.ts';

/** main.cf name -> policy parameter, and how its value reads (s / d: time with that default unit). */
const GLOBALS: Readonly<Record<string, readonly [string, 's' | 'd' | 'int']>> = {
  minimal_backoff_time: ['minimal_backoff_time', 's'],
  maximal_backoff_time: ['maximal_backoff_time', 's'],
  queue_run_delay: ['queue_run_delay', 's'],
  maximal_queue_lifetime: ['maximal_queue_lifetime', 'd'],
  default_destination_concurrency_limit: ['destination_concurrency_limit', 'int'],
  initial_destination_concurrency: ['initial_destination_concurrency', 'int'],
  default_destination_rate_delay: ['rate_delay', 's'],
  default_destination_recipient_limit: ['destination_recipient_limit', 'int'],
  smtp_mx_session_limit: ['smtp_mx_session_limit', 'int'],
};
/** `<transport>_<suffix>` -> transport field. */
const PER_TRANSPORT: Readonly<Record<string, readonly [string, 's' | 'int']>> = {
  destination_concurrency_limit: ['destination_concurrency_limit', 'int'],
  initial_destination_concurrency: ['initial_destination_concurrency', 'int'],
  destination_rate_delay: ['rate_delay', 's'],
  destination_recipient_limit: ['destination_recipient_limit', 'int'],
};

export interface PostfixFiles {
  readonly main: { readonly file: string; readonly text: string };
  readonly master?: { readonly file: string; readonly text: string };
}

/** Top-level items of a table list ("a:{...}, b:{...}" or space-separated), braces kept together. */
function items(v: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of v) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth === 0 && (c === ',' || /\s/.test(c))) {
      if (cur.trim() !== '') out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** The entries of an `inline:{...}` or `randmap:{...}` table body ("{k=v}" braces unwrapped). */
const body = (t: string, type: string) => {
  const m = new RegExp(`^${type}:\\{(.*)\\}$`, 's').exec(t);
  return m ? items(m[1]!).map((e) => e.replace(/^\{\s*(.*?)\s*\}$/s, '$1')) : undefined;
};

/** `transport:nexthop` -> its parts. */
const route = (v: string) => {
  const [transport, ...rest] = v.split(':');
  const nexthop = rest.join(':').trim();
  return { transport: transport!.trim(), ...(nexthop === '' ? {} : { nexthop }) };
};

/**
 * transport_maps as domain routes: `inline:{a.com=slow:, a.net=slow:outlook.com}` and
 * `pipemap:{inline:{a.com=x, ...}, randmap:{t1:nexthop, t2:nexthop}}` (each domain to one of the
 * random transports); undefined for a table type it does not read (hash:, lmdb:, ...).
 */
function transportRoutes(v: string): { domain: string; transport: string; nexthop?: string }[] | undefined {
  const out: { domain: string; transport: string; nexthop?: string }[] = [];
  for (const t of items(v)) {
    const inline = body(t, 'inline');
    const pipe = /^pipemap:\{(.*)\}$/s.exec(t);
    if (inline !== undefined)
      for (const e of inline) {
        const kv = /^([^=\s]+)\s*=\s*(.*)$/.exec(e);
        if (kv) out.push({ domain: kv[1]!.toLowerCase(), ...route(kv[2]!) });
      }
    else if (pipe) {
      const [first, second] = items(pipe[1]!);
      const domains = body(first ?? '', 'inline')?.map((e) => e.split('=')[0]!.trim().toLowerCase());
      const random = body(second ?? '', 'randmap');
      if (domains === undefined || random === undefined) return undefined;
      for (const d of domains) for (const r of random) out.push({ domain: d, ...route(r) });
    } else return undefined;
  }
  return out;
}

export function importPostfix(files: PostfixFiles, o: { name: string; sources: Readonly<Record<string, string>> }): ImportResult {
  const main = parseMainCf(files.main.text);
  if (!main.ok) return fail(files.main.file, main.message, main.line);
  const master = files.master === undefined ? undefined : parseMasterCf(files.master.text);
  if (master !== undefined && !master.ok) return fail(files.master!.file, master.message, master.line);
  const get = (n: string) => main.params.get(n)?.value;
  const value = (n: string): string => {
    const v = get(n);
    return v === undefined ? '' : expand(v, get);
  };
  const read = (name: string, kind: 's' | 'd' | 'int', v: string): number | string => {
    const x = kind === 'int' ? (/^\d+$/.test(v.trim()) ? Number(v) : undefined) : postfixTime(v, kind);
    return (
      x ??
      `${name} = ${v}: expected ${kind === 'int' ? 'a whole number' : `a time such as 300s, 5m, 1h or 5d (a bare number is in ${kind === 's' ? 'seconds' : 'days'})`}`
    );
  };
  const params: Record<string, unknown> = {};
  const notModelled: string[] = [];
  const notes: string[] = [];
  const services = master?.ok ? master.services.filter((s) => s.command === 'smtp' && s.type === 'unix') : [];
  const names = new Set(['smtp', ...services.map((s) => s.name), value('default_transport').split(':')[0] || 'smtp']);
  const transports = new Map<string, Record<string, unknown>>();
  const tr = (n: string) => transports.get(n) ?? transports.set(n, { name: n }).get(n)!;
  const routes = get('transport_maps') === undefined ? undefined : transportRoutes(value('transport_maps'));
  for (const [name, e] of main.params) {
    const v = value(name);
    const g = GLOBALS[name];
    const t =
      /^(.+?)_(destination_concurrency_limit|initial_destination_concurrency|destination_rate_delay|destination_recipient_limit)$/.exec(
        name,
      );
    if (g !== undefined) {
      const x = read(name, g[1], v);
      if (typeof x === 'string') return fail(files.main.file, x, e.line);
      params[g[0]] = x;
    } else if (t !== null && t[1] !== 'default' && names.has(t[1]!)) {
      const [field, kind] = PER_TRANSPORT[t[2]!]!;
      const x = read(name, kind, v);
      if (typeof x === 'string') return fail(files.main.file, x, e.line);
      tr(t[1]!)[field] = x;
    } else if (name === 'default_transport') params['default_transport'] = v.split(':')[0];
    else if (name === 'smtp_bind_address') tr('smtp')['bind_address'] = v;
    else if (name === 'transport_maps' && routes !== undefined) continue;
    else if (name === 'sender_dependent_default_transport_maps' && /^randmap:\{/.test(v))
      notes.push(`${name} = ${v}: the IP of each message is the simulator's choice (round-robin over the pool)`);
    else
      notModelled.push(
        `${files.main.file}:${e.line}: ${name} = ${v} (${name === 'transport_maps' ? 'only inline:{...} maps are read' : 'not modelled'})`,
      );
  }
  for (const s of services) {
    const t = tr(s.name);
    for (const [k, v] of Object.entries(s.overrides)) {
      if (k === 'smtp_bind_address') t['bind_address'] = expand(v, get);
      else notModelled.push(`${files.master!.file}:${s.line}: ${s.name} -o ${k}=${v} (not modelled)`);
    }
    if (o.sources[s.name] !== undefined) t['bind_address'] = o.sources[s.name];
  }
  for (const r of routes ?? []) {
    const t = tr(r.transport);
    t['domains'] = [...((t['domains'] as string[] | undefined) ?? []), r.domain];
    if (r.nexthop !== undefined) t['nexthop'] = r.nexthop;
  }
  const list = [...transports.values()].filter((t) => Object.keys(t).length > 1);
  if (list.length > 0) params['transports'] = list;
  for (const t of list)
    if (t['bind_address'] !== undefined) notes.push(`transport ${String(t['name'])} sends from ${String(t['bind_address'])}`);
  notes.unshift(
    `${Object.keys(params).length} parameter(s), ${list.length} transport(s)${master === undefined ? ' (no master.cf given)' : ''}`,
  );
  return { ok: true, entry: { name: o.name, use: 'postfix', ...params }, notes, notModelled };
}
