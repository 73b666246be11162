/**
 * The ramp policy (src/policies/ramp.ts), what `plan` searches: on a stub MTA, its caps, growth
 * gate, cuts, pause on 4.7.650, retries, daily budget and audience rule; in a simulation, that the
 * IPs past `ips` carry nothing and no hour of any IP at any provider exceeds the nominal schedule.
 */
import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/policies/registry.ts';
import { nominalCap } from '../../../src/policies/ramp.ts';
import type { MessageView, MtaControl } from '../../../src/contracts/policy.ts';
import type { ThrottleSpec } from '../../../src/spec/throttle.ts';
import { ReplyTable } from '../../../src/smtp/reply.ts';
import { MS_TEXTS, fill } from '../../../src/smtp/texts.ts';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';
import { readFileSync } from 'node:fs';

const PROVIDERS = ['microsoft', 'gmail'];
const S = PROVIDERS.length;

/** Three bulk-pool IPs and one transactional IP, one site per provider; records what the policy sets. */
function fakeMta() {
  const rates = new Map<string, ThrottleSpec | undefined>();
  const weights = new Map<number, number>();
  const suspended = new Float64Array(4 * S);
  const mta = {
    providers: PROVIDERS,
    ips: [
      { address: '192.0.2.1', pool: 'bulk' },
      { address: '192.0.2.2', pool: 'bulk' },
      { address: '192.0.2.3', pool: 'bulk' },
      { address: '192.0.2.4', pool: 'tx' },
    ],
    sites: PROVIDERS.map((p) => ({ name: p, provider: p, mx: p, domains: [] })),
    streams: [
      { name: 'news', kind: 'bulk', pool: 'bulk' },
      { name: 'receipts', kind: 'transactional', pool: 'tx' },
    ],
    pathCount: 4 * S,
    path: (ip: number, site: number) => ip * S + site,
    pathIp: (path: number) => Math.floor(path / S),
    pathSite: (path: number) => path % S,
    pathProvider: (path: number) => path % S,
    suspendPath: (path: number, until: number) => void (suspended[path] = Math.max(suspended[path]!, until)),
    suspendedUntil: (path: number) => suspended[path]!,
    setPathConnections: () => {},
    setPathPerConnection: () => {},
    setPathRate: () => {},
    setProviderRate: (ip: number, p: number, spec: ThrottleSpec | undefined) => void rates.set(`${ip}/${p}`, spec),
    setProviderConnections: () => {},
    setIpWeight: (ip: number, w: number) => void weights.set(ip, w),
    setMaxAge: () => {},
    requestDelist: () => {},
  } as unknown as MtaControl;
  return { mta, rates, weights, suspended };
}

const replies = new ReplyTable();
const ok = replies.get(MS_TEXTS.accepted);
const s775 = replies.get(fill(MS_TEXTS.rateLimited, '192.0.2.1'));
const ramp = (params: Record<string, unknown>) => buildPolicy('ramp', params, { name: 'ramp', baseDir: '.' });
const msg = (attempts: number): MessageView => ({
  attempts,
  injectedAt: 0,
  firstFailAt: 0,
  lastDelay: 0,
  stream: 0,
  provider: 1,
  site: 1,
  ip: 0,
});

/** Ends every hour up to `hour` (exclusive of the start), as the run loop calls onHour(hour starting now). */
function hoursTo(policy: ReturnType<typeof ramp>, from: number, to: number, each?: (h: number) => void) {
  for (let h = from; h <= to; h++) {
    each?.(h);
    policy.onHour!(h, h * 3600);
  }
}

describe('ramp on a stub MTA', () => {
  it('the first N IPs of the bulk pool carry mail at the initial cap (per provider overrides it); the rest of the pool takes none', () => {
    const { mta, rates, weights } = fakeMta();
    ramp({ ips: 2, initial_per_hour: 30, per_provider: { gmail: 50 } }).setup(mta);
    expect([...weights]).toEqual([[2, 0]]);
    expect(rates.get('0/0')).toEqual({ limit: 30, period: 3600, maxBurst: 1 });
    expect(rates.get('1/1')).toEqual({ limit: 50, period: 3600, maxBurst: 1 });
    expect(rates.has('2/0') || rates.has('3/0')).toBe(false); // unused and transactional IPs keep their own limits
  });

  it('grows by the factor at midnight after a clean day, holds after a deferral within the clean hours, cuts after a Throttle day', () => {
    const { mta, rates } = fakeMta();
    const p = ramp({ ips: 1, initial_per_hour: 20, growth: 1.5, clean_hours: 12 });
    p.setup(mta);
    const send = (at: number, reply = ok) => p.onReply(0, reply, at); // IP 0, Outlook.com
    hoursTo(p, 1, 24, (h) => send(h * 3600 - 60));
    expect(rates.get('0/0')!.limit).toBe(30);
    // day 1: a deferral at 10:59, 13 h before midnight: still grows
    hoursTo(p, 25, 48, (h) => send(h * 3600 - 60, h === 35 ? s775 : ok));
    expect(rates.get('0/0')!.limit).toBe(45);
    // day 2: a deferral at 20:59 holds the stage
    hoursTo(p, 49, 72, (h) => send(h * 3600 - 60, h === 69 ? s775 : ok));
    expect(rates.get('0/0')!.limit).toBe(45);
    // day 3: 10 % deferred: cut to 0.75x
    hoursTo(p, 73, 96, (h) => {
      for (let i = 0; i < 9; i++) send(h * 3600 - 100 + i);
      send(h * 3600 - 50, s775);
    });
    expect(rates.get('0/0')!.limit).toBe(Math.round(45 * 0.75));
  });

  it('pauses the IP at Outlook.com on 4.7.650 for the retry interval; retries double per attempt up to the maximum', () => {
    const { mta, suspended } = fakeMta();
    const p = ramp({ ips: 1, retry_minutes: 20, max_retry_minutes: 100 });
    p.setup(mta);
    p.onReply(0, s775, 1000);
    expect(suspended[0]).toBe(1000 + 1200);
    expect(suspended[1]).toBe(0); // Gmail: not paused
    expect([1, 2, 3, 4].map((a) => (p.retryAt(msg(a), s775, 0) as number) / 60)).toEqual([20, 40, 80, 100]);
  });

  it("caps a bulk stream's daily volume per provider at 24 hours of its IPs' caps; transactional mail is never held back", () => {
    const { mta } = fakeMta();
    const p = ramp({ ips: 3, initial_per_hour: 25 });
    p.setup(mta);
    expect(p.dailyBudget!(0, 0, 0, 10_000)).toBe(3 * 25 * 24);
    expect(p.dailyBudget!(1, 0, 0, 500)).toBe(500);
  });

  it('mails only recipients engaged within 30 days until day N, then everyone', () => {
    const { mta } = fakeMta();
    const p = ramp({ engaged_until_day: 2 });
    p.setup(mta);
    expect([p.admit!(0, 0, 0, 10), p.admit!(0, 0, 1, 90)]).toEqual([true, false]);
    hoursTo(p, 1, 48);
    expect(p.admit!(0, 0, 1, 90)).toBe(true);
  });

  it('the nominal schedule (plan.csv) is the initial cap times the growth per day, in whole messages, up to the maximum', () => {
    const params = { initial_per_hour: 20, per_provider: { yahoo: 40 }, growth: 1.4, max_per_hour: 100, clean_hours: 24 };
    const days = [0, 1, 2, 3, 4, 5, 6];
    expect(days.map((d) => nominalCap(params, 'microsoft', d))).toEqual([20, 28, 39, 55, 77, 100, 100]);
    expect(nominalCap(params, 'yahoo', 1)).toBe(56);
    // a gate longer than a day: no clean history at the start, so the first growth waits for it
    expect(days.map((d) => nominalCap({ ...params, clean_hours: 48 }, 'microsoft', d))).toEqual([20, 20, 28, 39, 55, 77, 100]);
    expect(days.map((d) => nominalCap({ ...params, clean_hours: 72 }, 'microsoft', d))).toEqual([20, 20, 20, 28, 39, 55, 77]);
    expect(days.map((d) => nominalCap({ ...params, clean_hours: 6 }, 'microsoft', d))).toEqual([20, 28, 39, 55, 77, 100, 100]);
  });

  it.each([6, 12, 24, 25, 48, 72])(
    'with clean_hours %d and no deferral, the caps it sets each day are the nominal table (plan.csv and the export)',
    (cleanHours) => {
      const { mta, rates } = fakeMta();
      const params = { ips: 1, initial_per_hour: 20, growth: 1.2, clean_hours: cleanHours, max_per_hour: 20_000, per_provider: {} };
      const p = ramp(params);
      p.setup(mta);
      const set: number[] = [rates.get('0/0')!.limit];
      for (let d = 1; d <= 8; d++) {
        hoursTo(p, (d - 1) * 24 + 1, d * 24, (h) => p.onReply(0, ok, h * 3600 - 60));
        set.push(rates.get('0/0')!.limit);
      }
      expect(set).toEqual(set.map((_, d) => nominalCap(params, 'microsoft', d)));
    },
  );
});

describe('ramp in a simulation (test/fixtures/scenarios/plan-small.yaml)', () => {
  it('the IP past `ips` carries nothing; no hour at any provider exceeds the nominal cap (+1, the GCRA burst)', () => {
    const text = readFileSync('test/fixtures/scenarios/plan-small.yaml', 'utf8').replace(
      /policies:[\s\S]*$/,
      'policies:\n  - { name: r, use: ramp, ips: 1, initial_per_hour: 40, growth: 1.5 }\n',
    );
    const { run } = runScenario(loadScenarioText(text, 'plan-small.yaml'), { seed: 5 });
    const m = run.metrics;
    const params = { initial_per_hour: 40, per_provider: {}, growth: 1.5, max_per_hour: 20_000, clean_hours: 24 };
    let worst = 0,
      second = 0;
    for (let h = 0; h < m.hours; h++)
      for (let p = 0; p < m.providers; p++) {
        const k = (h * m.providers + p) * m.ips;
        worst = Math.max(worst, m.attempts[k]! - nominalCap(params, run.topo.providers[p]!, Math.floor(h / 24)));
        second += m.attempts[k + 1]!;
      }
    expect(second).toBe(0);
    expect(worst).toBeLessThanOrEqual(1);
    expect(m.totalDelivered).toBeGreaterThan(1000);
  });
});
