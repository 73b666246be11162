/**
 * import powermta / postfix / kumomta: every directive read lands in the policy's parameters, the
 * policy applies them per path (site x IP), and every other one is listed with its line.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { importPowermta } from '../../../src/policies/porting/powermta-import.ts';
import { importPostfix } from '../../../src/policies/porting/postfix-import.ts';
import { importKumomta } from '../../../src/policies/porting/kumomta-import.ts';
import { buildPolicy } from '../../../src/policies/registry.ts';
import { recordingMta } from '../../support/recording-mta.ts';

const fx = (f: string) => `test/fixtures/mta/${f}`;
const read = (f: string) => readFileSync(fx(f), 'utf8');
const setup = (entry: Record<string, unknown>) => {
  const { name: _n, use, ...params } = entry;
  const policy = buildPolicy(String(use), params, { name: 'x', baseDir: '.' });
  const m = recordingMta();
  policy.setup(m);
  return m;
};
// paths: ip * 3 + site; sites 0 Outlook.com, 1 Gmail, 2 an Office 365 tenant
const OUTLOOK = [0, 3];

describe('import powermta', () => {
  const r = importPowermta(read('pmta-config'), fx('pmta-config'), { name: 'pm', sources: {} });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));

  it('reads <domain *>, queue-to through a domain-macro, pattern lists, retry lists, backoff-* and the cold VMTA', () => {
    expect(r.entry).toEqual({
      name: 'pm',
      use: 'powermta',
      patterns: [],
      max_msg_per_connection: 0,
      backoff_to_normal_after_delivery: false,
      backoff_max_msg_rate: 'unlimited',
      max_smtp_out: 10,
      retry_after: '10m,20m,1h',
      bounce_after: '3d',
      max_cold_virtual_mta_msg: '500/day',
      cold_ips: ['192.0.2.11'],
      domains: [
        {
          match: ['hotmail.com', 'outlook.com', 'live.com', 'msn.com'],
          max_smtp_out: 2,
          max_msg_per_connection: 50,
          max_msg_rate: '250/h',
          patterns: ['/temporarily rate limited due to IP reputation/', '/exceeded the rate limit/'],
          backoff_max_msg_rate: '10/h',
          backoff_retry_after: '30m',
          backoff_to_normal_after: '2h',
          backoff_to_normal_after_delivery: true,
        },
        { match: ['gmail.com'], max_smtp_out: 5 },
        { match: ['hotmail.com', 'outlook.com', 'live.com', 'msn.com'], ips: ['192.0.2.10'], max_msg_rate: '20/h' },
      ],
    });
  });

  it('lists what it does not model, each with its line', () => {
    expect(r.notModelled.map((x) => x.replace(`${fx('pmta-config')}:`, ''))).toEqual([
      '24: reply /Access denied/ disable-source-ip reenable-after=1h (action "disable-source-ip reenable-after=1h" not modelled)',
      '34: <domain *> dkim-sign yes (not modelled)',
      '50: <domain outlook.queue> smtp-421-means-mx-unavailable yes (not modelled)',
      '2: postmaster postmaster@example.com (not modelled)',
      '3: http-mgmt-port 8080 (not modelled)',
    ]);
  });

  it('the policy applies each block to its sites, and the VMTA block to its IP only', () => {
    const m = setup(r.entry);
    expect([0, 1, 2, 3, 4, 5].map((p) => m.conn.get(p))).toEqual([2, 5, 10, 2, 5, 10]);
    expect(m.rate.get(0)).toEqual({ limit: 20, period: 3600, maxBurst: 20 }); // vmta1 (192.0.2.10) to Outlook.com
    expect(m.rate.get(3)).toEqual({ limit: 250, period: 3600, maxBurst: 250 }); // the cold VMTA: the queue's rate
    expect(m.rate.get(1)).toBeUndefined();
    expect(OUTLOOK.map((p) => m.perConn.get(p))).toEqual([50, 50]);
    expect(m.perConn.get(1)).toBe(1_000_000); // max-msg-per-connection 0: unlimited
    expect(m.maxAge).toBe(3 * 86400);
  });

  it.each([
    ['<domain a.com>\nmax-smtp-out 3\n', /:1:1 <domain a\.com> is never closed/],
    ['<domain a.com>\n</virtual-mta>\n', /:2:1 <\/virtual-mta> does not close <domain> opened at line 1/],
    ['<domain a.com>\nmax-msg-rate fast\n</domain>\n', /:2:1 max-msg-rate fast: invalid throttle "fast"/],
    ['<domain a.com>\nsmtp-pattern-list nope\n</domain>\n', /:2:1 smtp-pattern-list "nope" is not defined/],
    ['<domain $nope>\n</domain>\n', /:1:1 <domain \$nope>: unknown domain-macro "\$nope"/],
  ])('%j is an error located in the file', (text, message) => {
    const bad = importPowermta(text, 'c', { name: 'pm', sources: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(`${bad.issues[0]!.file}:${bad.issues[0]!.line}:${bad.issues[0]!.col} ${bad.issues[0]!.message}`).toMatch(message);
  });
});

describe('import postfix', () => {
  const r = importPostfix(
    { main: { file: 'main.cf', text: read('main.cf') }, master: { file: 'master.cf', text: read('master.cf') } },
    { name: 'pf', sources: {} },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));

  it('reads the backoff timers (bare lifetime in days), destination limits, per-IP transports and inline transport_maps', () => {
    expect(r.entry).toEqual({
      name: 'pf',
      use: 'postfix',
      queue_run_delay: 300,
      minimal_backoff_time: 300,
      maximal_backoff_time: 3600,
      maximal_queue_lifetime: 3 * 86400,
      destination_concurrency_limit: 10,
      initial_destination_concurrency: 2,
      destination_recipient_limit: 20,
      smtp_mx_session_limit: 1,
      transports: [
        { name: 'ip1', destination_concurrency_limit: 1, rate_delay: 30, bind_address: '192.0.2.10' },
        { name: 'ip2', destination_concurrency_limit: 4, bind_address: '192.0.2.11' },
        { name: 'slow', rate_delay: 5, destination_recipient_limit: 20, domains: ['hotmail.com', 'outlook.com'] },
      ],
    });
    expect(r.notModelled).toContain('master.cf:3: ip1 -o smtp_helo_name=mail1.example.com (not modelled)');
    expect(r.notModelled).toContain(
      'main.cf:18: sender_dependent_default_transport_maps = hash:/etc/postfix/sender_transport (not modelled)',
    );
  });

  it('the policy gives each IP its transport and the routed domains the slow transport', () => {
    const m = setup(r.entry);
    // ip1: concurrency 1 with a 30 s delay, except to Outlook.com where the slow transport's 5 s delay wins
    expect(m.rate.get(1)).toEqual({ limit: 1, period: 30, maxBurst: 1 });
    expect(m.rate.get(0)).toEqual({ limit: 1, period: 5, maxBurst: 1 });
    expect([m.conn.get(0), m.conn.get(1)]).toEqual([1, 1]);
    // ip2: its own concurrency limit, slow start from 2; Outlook.com through the slow transport
    expect([m.conn.get(4), m.rate.get(4)]).toEqual([2, undefined]);
    expect(m.rate.get(3)).toEqual({ limit: 1, period: 5, maxBurst: 1 });
  });

  it.each([
    ['maximal_backoff_time = soon\n', /^main\.cf:1:1 maximal_backoff_time = soon: expected a time/],
    ['just words\n', /^main\.cf:1:1 expected "name = value"/],
  ])('%j is an error located in the file', (text, message) => {
    const bad = importPostfix({ main: { file: 'main.cf', text } }, { name: 'pf', sources: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(`${bad.issues[0]!.file}:${bad.issues[0]!.line}:${bad.issues[0]!.col} ${bad.issues[0]!.message}`).toMatch(message);
  });

  it('recipient limit 1 makes the destination the recipient: the domain limits do not bind', () => {
    const one = importPostfix(
      { main: { file: 'm', text: 'default_destination_recipient_limit = 1\ndefault_destination_rate_delay = 10s\n' } },
      { name: 'pf', sources: {} },
    );
    if (!one.ok) throw new Error('import');
    const m = setup(one.entry);
    expect([m.conn.get(0), m.rate.get(0)]).toEqual([100, undefined]);
  });
});

describe('import kumomta', () => {
  it.each([
    [
      '[provider."outlook".sources."ip-1"]\n  max_message_rate = "fast"\n',
      2,
      3,
      /^provider\.outlook\.sources\.ip-1\.max_message_rate: invalid throttle "fast"/,
    ],
    [
      '["default"]\n[[default.automation]]\nregex = "x"\naction = "Suspend"\nduration = "forever"\n',
      5,
      1,
      /^default\.automation\.0\.duration: invalid duration "forever"/,
    ],
    ['["hotmail.com"]\nmax_message_rate = "1/h"\n\n["a.com"]\nconnection_limit = -1\n', 5, 1, /^a\.com\.connection_limit: /],
  ])('a bad value is located in the file: %j', (text, line, col, message) => {
    const r = importKumomta({ shaping: { file: 's.toml', doc: parseToml(text), text }, sources: {}, name: 'k' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.issues[0]!.line, r.issues[0]!.col, r.issues[0]!.message]).toEqual([line, col, expect.stringMatching(message)]);
  });

  it('maps sources from sources.toml and --source (which wins), keeps queues, and notes pool weights', () => {
    const r = importKumomta({
      shaping: { file: 's.toml', doc: { 'hotmail.com': { sources: { a: { connection_limit: 1 }, b: { connection_limit: 2 } } } } },
      queues: { file: 'q.toml', doc: { queue: { default: { retry_interval: '17m', egress_pool: 'p' } } } },
      sourcesFile: {
        file: 'src.toml',
        doc: {
          source: { a: { source_address: '10.0.0.1', ehlo_domain: 'x' }, b: { source_address: '10.0.0.2' } },
          pool: { p: { a: { weight: 2 } } },
        },
      },
      sources: { b: '192.0.2.11' },
      name: 'k',
    });
    if (!r.ok) throw new Error('import');
    expect(r.entry['sources']).toEqual({ a: '10.0.0.1', b: '192.0.2.11' });
    expect(r.entry['queues']).toEqual({ queue: { default: { retry_interval: '17m', egress_pool: 'p' } } });
    expect(r.notes).toContain('pool "p": source "a" weight 2 (set it as ips[].weight in the scenario)');
    expect(r.notModelled).toEqual(['q.toml: queue.default.egress_pool (not modelled)', 'sources.toml source.a.ehlo_domain (not modelled)']);
  });
});
