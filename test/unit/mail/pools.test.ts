import { describe, expect, it } from 'vitest';
import { simulate, conservationGap } from '../../../src/run/simulate.ts';
import type { ReceiverFactory } from '../../../src/contracts/receiver.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../../src/scenario/defaults.ts';
import { AcceptAllReceiver, FixedRateReceiver } from '../../../src/receivers/simple.ts';
import { Topology } from '../../../src/spec/topology.ts';
import { quantile, HIST_BUCKETS } from '../../../src/metrics/histogram.ts';
import { testPolicy } from '../../support/policies.ts';
import type { BulkStreamSpec, IpSpec } from '../../../src/spec/scenario.ts';
import { PROVIDERS } from '../../../src/providers/registry.ts';

const acceptAll: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies));
const fixedRate =
  (defer: number): ReceiverFactory =>
  (ctx) =>
    ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { bounce: 0, defer, seed: ctx.seed }));
const ip = (address: string, pool: string, weight = 1): IpSpec => ({ address, pool, weight, prewarm: undefined, feedbackLoop: true });
const audience = { ...DEFAULT_AUDIENCE, size: 20_000 };

function deliveredPerIp(run: ReturnType<typeof simulate>): number[] {
  const m = run.metrics;
  const out = new Array<number>(m.ips).fill(0);
  for (let h = 0; h < m.hours; h++)
    for (let p = 0; p < m.providers; p++) for (let i = 0; i < m.ips; i++) out[i]! += m.accepted[(h * m.providers + p) * m.ips + i]!;
  return out;
}

describe('IP pools and source selection', () => {
  it('overflow: when one IP of the pool is suspended, the other carries all the mail', () => {
    const policy = testPolicy();
    const setup = policy.setup.bind(policy);
    policy.setup = (mta) => {
      setup(mta);
      for (let site = 0; site < mta.sites.length; site++) mta.suspendPath(mta.path(0, site), 1e12);
    };
    const run = simulate({
      scenario: baseScenario({
        duration: 86400,
        audience,
        ips: [ip('192.0.2.1', 'a'), ip('192.0.2.2', 'a')],
        streams: [{ ...(baseScenario().streams[0] as BulkStreamSpec), pool: 'a' }],
      }),
      policy,
      receivers: acceptAll,
    });
    const per = deliveredPerIp(run);
    expect(per[0]).toBe(0);
    expect(per[1]).toBeGreaterThan(4000);
    expect(run.mta.messages.live).toBe(0);
  });

  it('weights: smooth weighted round-robin gives a weight-4 IP 4/5 of the mail', () => {
    // 1,000 messages (under max_ready per path, so no re-selection skews the shares)
    const run = simulate({
      scenario: baseScenario({
        duration: 86400,
        audience,
        ips: [ip('192.0.2.1', 'a', 1), ip('192.0.2.2', 'a', 4)],
        streams: [{ ...(baseScenario().streams[0] as BulkStreamSpec), pool: 'a', perDay: [1000] }],
      }),
      policy: testPolicy({ rate: { limit: 3600, period: 3600, maxBurst: 1 } }),
      receivers: acceptAll,
    });
    const per = deliveredPerIp(run);
    const share = per[1]! / (per[0]! + per[1]!);
    expect(share).toBeGreaterThan(0.78); // weight 4 of 5
    expect(share).toBeLessThan(0.82);
  });

  it('source_selection_rate: a warming IP takes only its selection budget, the rest overflows to the other IP', () => {
    const policy = testPolicy();
    const setup = policy.setup.bind(policy);
    policy.setup = (mta) => {
      setup(mta);
      for (let site = 0; site < mta.sites.length; site++) mta.setPathRate(mta.path(0, site), { limit: 100, period: 86400, maxBurst: 1 }, 1);
    };
    const run = simulate({
      scenario: baseScenario({ duration: 86400, audience, ips: [ip('192.0.2.1', 'warmup'), ip('192.0.2.2', 'warmup')] }),
      policy,
      receivers: acceptAll,
    });
    const per = deliveredPerIp(run);
    // one selection every 864 s per site, from 09:00 to midnight: at most 63 per site over 35 sites
    expect(per[0]!).toBeLessThanOrEqual(63 * run.topo.sites.length);
    expect(per[1]!).toBeGreaterThan(per[0]! * 3);
    expect(run.mta.messages.live).toBe(0);
  });

  it('with every source suspended, messages wait (held) and go out when the suspension ends', () => {
    const policy = testPolicy();
    const setup = policy.setup.bind(policy);
    policy.setup = (mta) => {
      setup(mta);
      for (let path = 0; path < mta.pathCount; path++) mta.suspendPath(path, 12 * 3600);
    };
    const run = simulate({ scenario: baseScenario({ duration: 86400, audience }), policy, receivers: acceptAll });
    const m = run.metrics;
    let before = 0;
    for (let h = 0; h < 12; h++)
      for (let p = 0; p < m.providers; p++) for (let i = 0; i < m.ips; i++) before += m.accepted[(h * m.providers + p) * m.ips + i]!;
    expect(before).toBe(0);
    expect(m.totalDelivered).toBeGreaterThan(4000);
    expect(run.mta.messages.live).toBe(0);
  });

  it('a stream only uses the IPs of its own pool', () => {
    const run = simulate({
      scenario: baseScenario({ duration: 86400, audience, ips: [ip('192.0.2.1', 'other'), ip('192.0.2.2', 'warmup')] }),
      policy: testPolicy(),
      receivers: acceptAll,
    });
    const per = deliveredPerIp(run);
    expect(per[0]).toBe(0);
    expect(per[1]).toBeGreaterThan(4000);
  });

  it('transactional mail goes first: under a tight rate its latency stays far below bulk', () => {
    expectTransactionalFirst(bulkAndReceipts(testPolicy({ rate: { limit: 400, period: 3600, maxBurst: 1 }, connections: 1 })));
  });
});

/** One IP, one day: a campaign of `perDay` messages at midnight, spread over `spread` seconds. */
function oneIpCampaign(perDay: number, spread: number) {
  return baseScenario({
    duration: 86400,
    audience,
    ips: [ip('192.0.2.1', 'warmup')],
    streams: [
      { kind: 'bulk', name: 'news', domain: 'news.example.com', pool: 'warmup', perDay: [perDay], sendAt: 0, spread, segments: [] },
    ],
  });
}

/** One IP; a 3,000-message campaign at midnight and 200 receipts a day through the same pool. */
function bulkAndReceipts(policy: ReturnType<typeof testPolicy>) {
  return simulate({
    scenario: baseScenario({
      duration: 2 * 86400,
      audience,
      ips: [ip('192.0.2.1', 'warmup')],
      streams: [
        { kind: 'bulk', name: 'news', domain: 'news.example.com', pool: 'warmup', perDay: [3000], sendAt: 0, spread: 0, segments: [] },
        { kind: 'transactional', name: 'tx', domain: 'news.example.com', pool: 'warmup', perDay: 200, diurnal: Array(24).fill(1) },
      ],
    }),
    policy,
    receivers: acceptAll,
  });
}

function expectTransactionalFirst(run: ReturnType<typeof simulate>): void {
  const m = run.metrics;
  const p95 = (stream: number) => quantile(m.latency, (0 * m.streams + stream) * HIST_BUCKETS, 0.95, m.latencyMax[stream]!);
  expect(p95(1)).toBeLessThan(60);
  expect(p95(0)).toBeGreaterThan(3600);
  expect(conservationGap(run)).toBe(0);
}

describe('the holding queue (no source eligible)', () => {
  it('releases transactional mail first: behind a bulk backlog paced by selection rate its p95 stays under a minute', () => {
    expectTransactionalFirst(bulkAndReceipts(testPolicy({ selectionRate: { limit: 400, period: 3600, maxBurst: 1 } })));
  });

  it('is FIFO per stream: a paced campaign reaches each site in list order, new batches never overtaking held mail', () => {
    // 3,000 messages in one-minute batches over an hour, paced to one selection per 6 s per path:
    // a backlog builds in the holding queue while batches keep arriving
    const firsts = new Map<number, number[]>();
    const run = simulate({
      scenario: oneIpCampaign(3000, 3600),
      policy: testPolicy({ selectionRate: { limit: 600, period: 3600, maxBurst: 1 } }),
      receivers: acceptAll,
      onAttempt: (a) => {
        if (a.attemptNo !== 1) return;
        const list = firsts.get(a.site) ?? [];
        list.push(a.recipient);
        firsts.set(a.site, list);
      },
    });
    expect(run.metrics.totalDelivered + run.metrics.totalBounced).toBe(3000);
    // each provider's list is walked in recipient id order, so FIFO means increasing ids per site
    let checked = 0;
    for (const list of firsts.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i]!).toBeGreaterThan(list[i - 1]!);
      checked += list.length;
    }
    expect(checked).toBe(3000);
  });

  it('expires queued and held messages past the maximum age: one campaign, a 6 h limit, nothing left at the end of the day', () => {
    const run = simulate({
      scenario: oneIpCampaign(8000, 0),
      policy: testPolicy({
        rate: { limit: 300, period: 3600, maxBurst: 1 },
        connections: 1,
        maxAge: 6 * 3600,
        retry: { kind: 'fixed', interval: 60, maxAge: 6 * 3600 },
      }),
      receivers: fixedRate(0.5),
    });
    expect(run.metrics.totalExpired).toBeGreaterThan(1000);
    expect(run.mta.messages.live).toBe(0);
    expect(conservationGap(run)).toBe(0);
  });
});

describe('sites: MX rollup versus per-domain queues', () => {
  it("'mx' rolls Outlook.com's domains into one site; 'domain' keeps one queue per recipient domain", () => {
    const mx = new Topology(baseScenario(), PROVIDERS);
    const dom = new Topology(baseScenario({ mta: { ...baseScenario().mta, grouping: 'domain' } }), PROVIDERS);
    const msSites = (t: Topology) => t.sites.filter((s) => s.provider === 0).length;
    expect(msSites(mx)).toBe(1);
    expect(msSites(dom)).toBe(10);
    expect(mx.sites.find((s) => s.provider === 0)!.mx).toBe('olc.protection.outlook.com');
    expect(dom.recipientDomains.length).toBe(mx.recipientDomains.length);
  });

  it('a /24 is derived from the address', () => {
    const t = new Topology(baseScenario({ ips: [ip('192.0.2.1', 'a'), ip('192.0.2.200', 'a'), ip('198.51.100.7', 'a')] }), PROVIDERS);
    expect(t.ips.map((x) => x.net)).toEqual([0, 0, 1]);
    expect(t.nets).toEqual(['192.0.2', '198.51.100']);
  });
});
