/**
 * Round trip: importing what was exported gives back the same limits. For random limit sets, the
 * policy built from the re-imported files declares, path by path, exactly what the original
 * declares (connections, rates, selection rates, messages per connection, provider limits, the
 * longest queue age) and picks the same retry times. Ramps (random warm-up stages) written for
 * each MTA and read back give each IP's per-provider limits of every stage (Postfix: within its
 * one-second rate-delay resolution).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicy, findPolicy } from '../../src/policies/registry.ts';
import { kumoNative, pmtaNative, postfixNative } from '../../src/policies/porting/native-export.ts';
import { kumoFromRamp } from '../../src/policies/porting/kumomta-export.ts';
import { pmtaFromRamp } from '../../src/policies/porting/powermta-export.ts';
import { postfixFromRamp } from '../../src/policies/porting/postfix-export.ts';
import { importKumomta } from '../../src/policies/porting/kumomta-import.ts';
import { importPowermta } from '../../src/policies/porting/powermta-import.ts';
import { importPostfix } from '../../src/policies/porting/postfix-import.ts';
import type { Ramp, StageLimit } from '../../src/policies/porting/ramp.ts';
import type { PowermtaParams } from '../../src/policies/powermta/params.ts';
import type { MessageView } from '../../src/contracts/policy.ts';
import type { Reply } from '../../src/smtp/reply.ts';
import { recordingMta } from '../support/recording-mta.ts';
import { fcParams } from '../support/fc-config.ts';

const IPS = ['192.0.2.10', '192.0.2.11', '192.0.2.12'];
const SITES = [
  { name: 'olc.protection.outlook.com', provider: 'microsoft', mx: 'olc.protection.outlook.com', domains: ['hotmail.com', 'outlook.com'] },
  { name: 'google.com', provider: 'gmail', mx: 'google.com', domains: ['gmail.com'] },
  { name: 'yahoodns.net', provider: 'yahoo', mx: 'yahoodns.net', domains: ['yahoo.com', 'aol.com'] },
];
const reply = { id: 1, code: 451, enhanced: '4.7.650', text: '451 4.7.650 rate limited', cls: 'throttle', temporary: true } as Reply;
const dir = mkdtempSync(join(tmpdir(), 'porting-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a policy declares at setup, and the retry times it picks for a few deferred messages. */
function declared(use: string, params: unknown, baseDir = dir) {
  const policy = buildPolicy(use, params, { name: use, baseDir });
  const m = recordingMta(IPS, SITES);
  policy.setup(m);
  const retries: number[] = [];
  for (let site = 0; site < SITES.length; site++)
    for (let attempts = 1; attempts <= 4; attempts++) {
      const msg: MessageView = {
        attempts,
        injectedAt: 0,
        firstFailAt: 0,
        lastDelay: 0,
        stream: 0,
        provider: site,
        site,
        ip: site % IPS.length,
      };
      retries.push(policy.retryAt(msg, reply, 100 * attempts));
    }
  return {
    conn: m.conn,
    perConn: m.perConn,
    rate: m.rate,
    selection: m.selection,
    provConn: m.provConn,
    provRate: m.provRate,
    maxAge: m.maxAge,
    retries,
  };
}

function write(files: Readonly<Record<string, string>>, sub: string): string {
  const base = join(dir, sub);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, f)), { recursive: true });
    writeFileSync(join(base, f), text);
  }
  return base;
}
let n = 0;

const throttle = fc
  .tuple(
    fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom('s', 'min', 'h', 'd'),
    fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  )
  .map(([l, u, b]) => `${l}/${u}${b === undefined ? '' : `,max_burst=${b}`}`);
const durationText = fc.integer({ min: 1, max: 48 * 60 }).map((m) => `${m}m`);
const pathOptions = fc.record(
  {
    connection_limit: fc.integer({ min: 1, max: 50 }),
    max_message_rate: throttle,
    max_deliveries_per_connection: fc.integer({ min: 1, max: 1000 }),
    source_selection_rate: throttle,
  },
  { requiredKeys: [] },
);
const sourcesOf = fc.dictionary(fc.constantFrom('new-ip-1', 'new-ip-2', '192.0.2.12'), pathOptions, { maxKeys: 2 });
const rule = fc.record({
  regex: fc.constantFrom('rate limited', '4\\.7\\.650', '\\[TSS04\\]'),
  action: fc.constantFrom<unknown>('Suspend', 'SuspendTenant', [{ SetConfig: { name: 'connection_limit', value: 1 } }]),
  trigger: fc.constantFrom<unknown>('Immediate', { Threshold: '3/h' }),
  duration: durationText,
});
const shaping = fc.record({
  default: pathOptions,
  provider: fc.record(
    {
      outlook: fc.record(
        {
          match: fc.constant([{ MXSuffix: '.olc.protection.outlook.com' }]),
          provider_connection_limit: fc.integer({ min: 1, max: 9 }),
          sources: sourcesOf,
          automation: fc.array(rule, { maxLength: 2 }),
        },
        { requiredKeys: ['match'] },
      ),
      google: fc.record(
        { match: fc.constant([{ DomainSuffix: 'gmail.com' }]), provider_max_message_rate: throttle, sources: sourcesOf },
        { requiredKeys: ['match'] },
      ),
    },
    { requiredKeys: [] },
  ),
  'hotmail.com': fc.record({ max_message_rate: throttle, sources: sourcesOf }, { requiredKeys: [] }),
  'yahoo.com': fc.record(
    { mx_rollup: fc.boolean(), connection_limit: fc.integer({ min: 1, max: 20 }), sources: sourcesOf },
    { requiredKeys: [] },
  ),
});
const queue = fc.record(
  { retry_interval: durationText, max_retry_interval: durationText, max_age: fc.constantFrom('1d', '3d', '7d') },
  { requiredKeys: [] },
);
const kumoParams = fc.record({
  shaping,
  sources: fc.constantFrom({}, { 'new-ip-1': '192.0.2.10' }, { 'new-ip-1': '192.0.2.11', 'new-ip-2': '192.0.2.10' }),
  queues: fc.option(fc.record({ queue: fc.record({ default: queue, 'gmail.com': queue }, { requiredKeys: [] }) }), { nil: undefined }),
  retry_interval: durationText,
});

describe('round trip: export, import, same limits', () => {
  it('kumomta: random shaping documents (providers, per-source overrides, domain blocks, automation), queues and source names', () => {
    fc.assert(
      fc.property(kumoParams, (raw) => {
        const params = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const prepared = findPolicy('kumomta')!.params.parse(params) as Record<string, unknown>;
        const out = kumoNative(
          prepared,
          IPS.map((address) => ({ address, pool: 'p' })),
          [],
        );
        const base = write(out.files, `kumo-${n++}`);
        const back = importKumomta({
          shaping: { file: 'shaping.toml', doc: parseToml(out.files['shaping.toml']!) },
          queues: { file: 'queues.toml', doc: parseToml(out.files['queues.toml']!) },
          sourcesFile: { file: 'sources.toml', doc: parseToml(out.files['sources.toml']!) },
          sources: {},
          name: 'k',
        });
        if (!back.ok) throw new Error(JSON.stringify(back.issues));
        const { name: _n, use: _u, ...again } = back.entry;
        expect(declared('kumomta', again, base)).toEqual(declared('kumomta', params));
      }),
      fcParams(60),
    );
  });

  const pmtaQueue = fc.record(
    {
      patterns: fc.subarray(['/rate limited/', 'try again later', '/\\[TS0[1-3]\\]/', '/a\\/b/']),
      max_smtp_out: fc.integer({ min: 1, max: 50 }),
      max_msg_rate: fc.oneof(throttle, fc.constant('unlimited')),
      max_msg_per_connection: fc.integer({ min: 0, max: 500 }),
      retry_after: fc.array(durationText, { minLength: 1, maxLength: 4 }).map((l) => l.join(',')),
      backoff_max_smtp_out: fc.integer({ min: 1, max: 20 }),
      backoff_max_msg_rate: fc.oneof(throttle, fc.constant('unlimited')),
      backoff_retry_after: durationText,
      backoff_to_normal_after: fc.oneof(durationText, fc.constant('never')),
      backoff_to_normal_after_delivery: fc.boolean(),
      bounce_after: fc.constantFrom('1d', '4d12h', '2d12h'),
    },
    { requiredKeys: [] },
  );
  const pmtaParams = fc.record({
    globals: pmtaQueue,
    domains: fc.array(
      fc.tuple(
        fc.subarray(['hotmail.com', 'outlook.com', 'gmail.com', 'yahoo.com', '*'], { minLength: 1 }),
        fc.option(fc.subarray(IPS, { minLength: 1 }), { nil: undefined }),
        pmtaQueue,
      ),
      { maxLength: 3 },
    ),
    cold: fc.option(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.subarray(IPS, { minLength: 1 })), { nil: undefined }),
  });

  it('powermta: random <domain *> directives, <domain> blocks (domain-macros) and per-VMTA blocks, pattern lists, cold VMTAs', () => {
    fc.assert(
      fc.property(pmtaParams, ({ globals, domains, cold }) => {
        const raw: Record<string, unknown> = {
          ...globals,
          domains: domains.map(([match, ips, q]) => ({ match, ...(ips === undefined ? {} : { ips }), ...q })),
          ...(cold === undefined ? {} : { max_cold_virtual_mta_msg: `${cold[0]}/day`, cold_ips: cold[1] }),
        };
        const params = findPolicy('powermta')!.params.parse(raw) as PowermtaParams;
        const out = pmtaNative(
          params,
          IPS.map((address) => ({ address, pool: 'p' })),
          [],
        );
        const back = importPowermta(out.files['config']!, 'config', { name: 'p', sources: {} });
        if (!back.ok) throw new Error(JSON.stringify(back.issues));
        const { name: _n, use: _u, ...again } = back.entry;
        expect(declared('powermta', again)).toEqual(declared('powermta', raw));
      }),
      fcParams(80),
    );
  });

  const transport = fc.record({
    bind: fc.option(fc.constantFrom(...IPS), { nil: undefined }),
    domains: fc.option(fc.subarray(['hotmail.com', 'outlook.com', 'gmail.com', 'yahoo.com'], { minLength: 1 }), { nil: undefined }),
    nexthop: fc.option(fc.constantFrom('hotmail.com', 'gmail.com'), { nil: undefined }),
    limits: fc.record(
      {
        destination_concurrency_limit: fc.integer({ min: 1, max: 30 }),
        initial_destination_concurrency: fc.integer({ min: 1, max: 10 }),
        rate_delay: fc.integer({ min: 1, max: 600 }),
        destination_recipient_limit: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: [] },
    ),
  });

  it('postfix: random backoff timers, destination limits and per-IP / per-domain transports', () => {
    fc.assert(
      fc.property(
        fc.record({
          minimal_backoff_time: fc.integer({ min: 60, max: 3600 }),
          maximal_backoff_time: fc.integer({ min: 3600, max: 86400 }),
          queue_run_delay: fc.integer({ min: 60, max: 900 }),
          maximal_queue_lifetime: fc.integer({ min: 1, max: 10 }).map((d) => d * 86400),
          destination_concurrency_limit: fc.integer({ min: 1, max: 50 }),
          initial_destination_concurrency: fc.integer({ min: 1, max: 10 }),
          rate_delay: fc.integer({ min: 0, max: 60 }),
          destination_recipient_limit: fc.integer({ min: 1, max: 100 }),
          smtp_mx_session_limit: fc.integer({ min: 1, max: 3 }),
        }),
        fc.array(transport, { maxLength: 3 }),
        (globals, ts) => {
          const transports = ts.map((t, i) => ({
            name: `t${i}`,
            ...(t.bind === undefined ? {} : { bind_address: t.bind }),
            ...(t.domains === undefined ? {} : { domains: t.domains, ...(t.nexthop === undefined ? {} : { nexthop: t.nexthop }) }),
            ...t.limits,
          }));
          const raw = { ...globals, transports };
          const params = findPolicy('postfix')!.params.parse(raw) as Record<string, unknown>;
          const out = postfixNative(params, []);
          const back = importPostfix(
            { main: { file: 'main.cf', text: out.files['main.cf']! }, master: { file: 'master.cf', text: out.files['master.cf']! } },
            { name: 'p', sources: {} },
          );
          if (!back.ok) throw new Error(JSON.stringify(back.issues));
          const { name: _n, use: _u, ...again } = back.entry;
          expect(declared('postfix', again)).toEqual(declared('postfix', raw));
        },
      ),
      fcParams(80),
    );
  });
});

const limit: fc.Arbitrary<StageLimit> = fc.oneof(
  fc.record({ perHour: fc.integer({ min: 1, max: 3600 }), connections: fc.integer({ min: 1, max: 10 }) }, { requiredKeys: ['perHour'] }),
  fc.record({ perDay: fc.integer({ min: 24, max: 100_000 }) }),
);
const ramp: fc.Arbitrary<Ramp> = fc
  .record({
    kind: fc.constantFrom<Ramp['kind']>('rate', 'selection'),
    stages: fc.array(fc.array(fc.option(limit, { nil: undefined }), { minLength: IPS.length, maxLength: IPS.length }), {
      minLength: 1,
      maxLength: 4,
    }),
    connections: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ kind, stages, connections }) => ({
    from: 'test',
    ips: IPS,
    kind,
    groups: [
      {
        provider: 'microsoft',
        domains: SITES[0]!.domains,
        mxs: [SITES[0]!.mx],
        rules: [{ on: ['451 4.7.650'], pause: 1800, why: 't' }],
        providerConnections: 2,
      },
    ],
    defaults: { connections, retry: { interval: 1200, max: 4 * 3600, maxAge: 5 * 86400 } },
    stages: stages.map((ls) => ({
      limits: Object.fromEntries(ls.flatMap((l, i) => (l === undefined ? [] : [[IPS[i]!, { microsoft: l }]]))),
    })),
    advance: { kind: 'daily' },
    caveats: [],
  }));

describe('round trip: a ramp written for each MTA and read back gives every stage its limits', () => {
  const pools = IPS.map((address) => ({ address, pool: 'p' }));
  it('kumomta stage files: per-source max_message_rate (max_burst 1) or selection rate, and connections', () => {
    fc.assert(
      fc.property(ramp, (r) => {
        const out = kumoFromRamp(r, pools, []);
        const files = Object.keys(out.files)
          .filter((f) => f === 'shaping.toml' || f.startsWith('stages/'))
          .sort();
        files.forEach((f, k) => {
          const back = importKumomta({ shaping: { file: f, doc: parseToml(out.files[f]!) }, sources: {}, name: 'k' });
          if (!back.ok) throw new Error(JSON.stringify(back.issues));
          const { name: _n, use: _u, ...params } = back.entry;
          const d = declared('kumomta', { ...params, sources: out.entry['sources'] });
          IPS.forEach((ip, i) => {
            const l = r.stages[k]!.limits[ip]?.['microsoft'];
            const got = (r.kind === 'rate' ? d.rate : d.selection).get(i * SITES.length);
            if (l === undefined) expect(got).toBeUndefined();
            else if (l.perHour !== undefined)
              expect([got!.limit, got!.period, r.kind === 'rate' ? got!.maxBurst : 1]).toEqual([l.perHour, 3600, 1]);
            else expect([got!.limit, got!.period]).toEqual([l.perDay, 86400]);
            expect(d.conn.get(i * SITES.length)).toBe(l?.connections ?? r.defaults.connections);
            expect(d.provConn.get(`${i}/microsoft`)).toBe(2);
          });
        });
      }),
      fcParams(40),
    );
  });

  it('powermta stage configs: the VMTA block of each IP gives its max-msg-rate and max-smtp-out', () => {
    fc.assert(
      fc.property(ramp, (r) => {
        const out = pmtaFromRamp(r, pools, []);
        const files = Object.keys(out.files)
          .filter((f) => f === 'config' || f.startsWith('stages/'))
          .sort();
        files.forEach((f, k) => {
          const back = importPowermta(out.files[f]!, f, { name: 'p', sources: {} });
          if (!back.ok) throw new Error(JSON.stringify(back.issues));
          const { name: _n, use: _u, ...params } = back.entry;
          const d = declared('powermta', params);
          IPS.forEach((ip, i) => {
            const l = r.stages[k]!.limits[ip]?.['microsoft'];
            const got = d.rate.get(i * SITES.length);
            if (l === undefined) expect(got).toBeUndefined();
            else expect([got!.limit, got!.period]).toEqual(l.perHour !== undefined ? [l.perHour, 3600] : [l.perDay, 86400]);
            expect(d.conn.get(i * SITES.length)).toBe(l?.connections ?? 2);
          });
        });
      }),
      fcParams(40),
    );
  });

  it('postfix stage main.cf files: each IP its Microsoft transport, rate delay 3600 / cap rounded to a second', () => {
    fc.assert(
      fc.property(ramp, (r) => {
        const out = postfixFromRamp(r, []);
        const files = Object.keys(out.files)
          .filter((f) => f === 'main.cf' || f.startsWith('stages/'))
          .sort();
        files.forEach((f, k) => {
          const back = importPostfix(
            { main: { file: f, text: out.files[f]! }, master: { file: 'master.cf', text: out.files['master.cf']! } },
            { name: 'p', sources: {} },
          );
          if (!back.ok) throw new Error(JSON.stringify(back.issues));
          const { name: _n, use: _u, ...params } = back.entry;
          const d = declared('postfix', params);
          IPS.forEach((ip, i) => {
            const l = r.stages[k]!.limits[ip]?.['microsoft'];
            const got = d.provRate.get(`${i}/microsoft`);
            const per = l?.perHour !== undefined ? 3600 / l.perHour : l?.perDay !== undefined ? 86400 / l.perDay : undefined;
            if (per === undefined) expect(got).toBeUndefined();
            else expect(got!.period).toBe(Math.max(1, Math.round(per)));
          });
        });
      }),
      fcParams(40),
    );
  });
});
