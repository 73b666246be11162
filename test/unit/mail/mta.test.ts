import { describe, expect, it } from 'vitest';
import { simulate, conservationGap } from '../../../src/run/simulate.ts';
import type { ReceiverFactory } from '../../../src/contracts/receiver.ts';
import { baseScenario } from '../../../src/scenario/defaults.ts';
import { AcceptAllReceiver, FixedRateReceiver } from '../../../src/receivers/simple.ts';
import { testPolicy } from '../../support/policies.ts';
import type { BulkStreamSpec, Scenario } from '../../../src/spec/scenario.ts';
import type { Policy } from '../../../src/contracts/policy.ts';

const acceptAll: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies));
const fixedRate =
  (defer: number, bounce = 0): ReceiverFactory =>
  (ctx) =>
    ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { bounce, defer, seed: ctx.seed }));

const small = (o: Partial<Scenario> = {}) =>
  baseScenario({ duration: 3 * 86400, audience: { ...baseScenario().audience, size: 20_000 }, ...o });

describe('MTA with an accept-all receiver', () => {
  it('delivers everything: the queue drains and every message is accounted for', () => {
    const run = simulate({ scenario: small(), policy: testPolicy(), receivers: acceptAll });
    const m = run.metrics;
    expect(m.totalInjected).toBeGreaterThan(14_000);
    expect(conservationGap(run)).toBe(0);
    expect(run.mta.messages.live).toBe(0);
    // only unknown users bounce
    expect(m.totalBounced).toBe(m.totalInjected - m.totalDelivered);
    expect(m.totalBounced / m.totalInjected).toBeLessThan(0.03);
    expect(m.totalExpired).toBe(0);
  });

  it('a provider-wide connection limit across sites never strands a site: every site is pumped when a slot frees', () => {
    // one IP, domain grouping (Outlook.com is ten sites), one connection for the whole provider
    const policy: Policy = {
      name: 'one-connection',
      setup(m) {
        m.ips.forEach((_, ip) => m.providers.forEach((_, p) => m.setProviderConnections(ip, p, 1)));
      },
      onReply() {},
      retryAt: (_m, _r, now) => now + 60,
    };
    const scenario = small({
      duration: 86400,
      mta: { ...baseScenario().mta, grouping: 'domain' },
      ips: [baseScenario().ips[0]!],
      streams: [{ ...(baseScenario().streams[0] as BulkStreamSpec), pool: 'warmup', perDay: [300, 0], sendAt: 0 }],
    });
    const run = simulate({ scenario, policy, receivers: acceptAll });
    expect(run.topo.sites.filter((x) => x.provider === 0).length).toBeGreaterThan(5);
    expect(run.mta.messages.live).toBe(0);
    expect(run.metrics.totalDelivered + run.metrics.totalBounced).toBe(run.metrics.totalInjected);
  });

  it('suppresses hard-bounced and complaining recipients and never mails them again', () => {
    let attemptsToSuppressed = 0;
    let holder: { isSuppressed(r: number): boolean } | undefined;
    const run = simulate({
      scenario: small({ duration: 7 * 86400, streams: [{ ...(baseScenario().streams[0] as BulkStreamSpec), perDay: [20_000] }] }),
      policy: testPolicy(),
      receivers: acceptAll,
      onAttempt: (a) => {
        if (holder?.isSuppressed(a.recipient)) attemptsToSuppressed++;
      },
      onHour: (_h, r) => (holder = r.audience),
    });
    expect(run.audience.suppressedCount).toBeGreaterThan(100);
    expect(run.reactions.complaints).toBeGreaterThan(0);
    expect(attemptsToSuppressed).toBe(0);
    expect(conservationGap(run)).toBe(0);
  });
});

describe('campaign injection', () => {
  it('spread: a campaign injected over 6 h arrives evenly, minute by minute', () => {
    const run = simulate({
      scenario: small({
        duration: 86400,
        streams: [{ ...(baseScenario().streams[0] as BulkStreamSpec), perDay: [6000], sendAt: 6 * 3600, spread: 6 * 3600 }],
      }),
      policy: testPolicy(),
      receivers: acceptAll,
    });
    const m = run.metrics;
    const perHour = Array.from({ length: 24 }, (_, h) => {
      let x = 0;
      for (let p = 0; p < m.providers; p++) x += m.injected[(h * m.providers + p) * m.streams]!;
      return x;
    });
    expect(perHour.slice(0, 6).every((x) => x === 0)).toBe(true);
    for (const x of perHour.slice(6, 12)) expect(Math.abs(x - 1000)).toBeLessThanOrEqual(5);
    expect(perHour.slice(12).every((x) => x === 0)).toBe(true);
    expect(m.totalInjected + m.totalWithheld).toBe(6000);
  });
});

describe('MTA throttles, retries and expiry', () => {
  it('a 20/h max_burst=1 path sends one message every 180 s', () => {
    const run = simulate({
      scenario: small({ duration: 86400, ips: [baseScenario().ips[0]!] }),
      policy: testPolicy({ rate: { limit: 20, period: 3600, maxBurst: 1 } }),
      receivers: acceptAll,
      audit: true,
    });
    const starts = run.mta.auditStarts!;
    const byPath = new Map<number, number[]>();
    for (let i = 0; i < starts.length; i += 2) byPath.set(starts[i + 1]!, [...(byPath.get(starts[i + 1]!) ?? []), starts[i]!]);
    for (const times of byPath.values()) {
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(180 - 1e-6);
      expect(times.length).toBeLessThanOrEqual(20 * 15 + 1); // from 09:00 to midnight
    }
    expect(conservationGap(run)).toBe(0);
  });

  it('deferred messages are retried on the schedule and expire at max age', () => {
    const run = simulate({
      scenario: small({ duration: 2 * 86400 }),
      policy: testPolicy({ retry: { kind: 'fixed', interval: 1800, maxAge: 6 * 3600 } }),
      receivers: fixedRate(100),
    });
    const m = run.metrics;
    expect(m.totalDelivered).toBe(0);
    expect(m.totalExpired).toBeGreaterThan(0);
    // every message still queued is younger than max age; the rest expired after 13 attempts (0 .. 6 h every 30 min)
    expect(m.totalAttempts / (m.totalExpired + run.mta.messages.live)).toBeGreaterThan(10);
    expect(conservationGap(run)).toBe(0);
  });

  it('a suspension stops the path and messages move to the other IP of the pool', () => {
    const run = simulate({
      scenario: small({ duration: 86400 }),
      policy: testPolicy({ suspendOnDefer: 3600 }),
      receivers: (ctx) =>
        ctx.topo.providers.map((_, p) =>
          p === 0 ? new FixedRateReceiver(ctx.replies, { bounce: 0, defer: 30, seed: ctx.seed }) : new AcceptAllReceiver(ctx.replies),
        ),
    });
    expect(run.metrics.totalDelivered).toBeGreaterThan(0);
    expect(conservationGap(run)).toBe(0);
  });

  it('messages older than max age in the ready queue expire instead of being sent', () => {
    const run = simulate({
      scenario: small({ duration: 2 * 86400 }),
      policy: testPolicy({ rate: { limit: 10, period: 3600, maxBurst: 1 }, maxAge: 3600 }),
      receivers: acceptAll,
    });
    const m = run.metrics;
    expect(m.totalExpired).toBeGreaterThan(m.totalDelivered);
    expect(conservationGap(run)).toBe(0);
  });
});
