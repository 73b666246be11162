import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/policies/registry.ts';
import { simulate } from '../../../src/run/simulate.ts';
import type { ReceiverFactory } from '../../../src/contracts/receiver.ts';
import { AcceptAllReceiver, FixedRateReceiver } from '../../../src/receivers/simple.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../../src/scenario/defaults.ts';
import { SENDGRID_HOURLY, SPARKPOST_DAILY } from '../../../src/policies/fixed-schedule.ts';
import type { IpSpec } from '../../../src/spec/scenario.ts';

const acceptAll: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies));
const ip = (address: string): IpSpec => ({ address, pool: 'p', weight: 1, prewarm: undefined, feedbackLoop: true });
const make = (use: string, params: unknown) => buildPolicy(use, params, { name: use, baseDir: '.' });

function perIpPerHour(run: ReturnType<typeof simulate>) {
  const m = run.metrics;
  return Array.from({ length: m.ips }, (_, i) =>
    Array.from({ length: m.hours }, (_, h) => {
      let x = 0;
      for (let p = 0; p < m.providers; p++) x += m.attempts[(h * m.providers + p) * m.ips + i]!;
      return x;
    }),
  );
}

describe('fixed-schedule', () => {
  const scenario = baseScenario({
    duration: 3 * 86400,
    ips: [ip('192.0.2.1'), ip('192.0.2.2')],
    audience: { ...DEFAULT_AUDIENCE, size: 50_000 },
    streams: [{ kind: 'bulk', name: 'news', domain: 'news.example.com', pool: 'p', perDay: [6000], sendAt: 0, spread: 0, segments: [] }],
  });

  it('SendGrid: the cold IP stays under its hourly cap for its warm-up day; the excess overflows to the warm IP', () => {
    const run = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'sendgrid', ips: ['192.0.2.1'] }), receivers: acceptAll });
    const [cold, warm] = perIpPerHour(run);
    for (let h = 0; h < 72; h++) {
      const day = Math.floor(h / 24);
      // the hourly cap is a GCRA with a quarter-hour burst, so a clock hour may see cap + burst
      expect(cold![h]!, `hour ${h}`).toBeLessThanOrEqual(SENDGRID_HOURLY[day]! * 1.25 + 1);
    }
    expect(warm!.reduce((a, b) => a + b, 0)).toBeGreaterThan(cold!.reduce((a, b) => a + b, 0));
    expect(run.mta.messages.live).toBe(0);
  });

  it('SparkPost: a stage advances the next day only after more than 90 % of its traffic was delivered (deferrals delivered later count)', () => {
    const run = (r: ReceiverFactory) => simulate({ scenario, policy: make('fixed-schedule', { schedule: 'sparkpost' }), receivers: r });
    const daily = (r: ReturnType<typeof simulate>) =>
      perIpPerHour(r).map((hours) => [0, 1, 2].map((d) => hours.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0)));
    const g = daily(run(acceptAll));
    // all delivered: stage 1 (200) -> stage 2 (500) -> stage 3 (1,000) per IP, paced over each day
    expect(g[0]!).toEqual([SPARKPOST_DAILY[0], SPARKPOST_DAILY[1], SPARKPOST_DAILY[2]]);
    // the day's traffic is its new messages: 5 % deferred leaves 95 % delivered and the stage advances;
    // 30 % deferred (retried behind the day's backlog) leaves 70 % and the IP stays on stage 1
    const deferring = (pct: number) =>
      daily(run((ctx) => ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: pct, bounce: 0, seed: 1 }))));
    expect(deferring(5)[0]![1]!).toBe(SPARKPOST_DAILY[1]!);
    expect(deferring(30)[0]![1]!).toBeLessThanOrEqual(SPARKPOST_DAILY[0]!);
    // 20 % bounced: 80 % delivered, so the IP stays on stage 1 (its retries are selections counted against the cap)
    const bouncing = daily(
      run((ctx) => ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: 0, bounce: 20, seed: 1 }))),
    );
    expect(bouncing[0]![1]!).toBeLessThanOrEqual(SPARKPOST_DAILY[0]!);
    expect(bouncing[0]![2]!).toBeLessThanOrEqual(SPARKPOST_DAILY[0]!);
  });

  it("SparkPost: a stage is paced over the day (no burst at midnight), at most about an hour's share in any hour", () => {
    const run = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'sparkpost' }), receivers: acceptAll });
    const [cold] = perIpPerHour(run);
    for (let h = 0; h < 72; h++)
      expect(cold![h]!, `hour ${h}`).toBeLessThanOrEqual(2 * Math.ceil(SPARKPOST_DAILY[Math.floor(h / 24)]! / 24) + 1);
  });

  it('SES: the cold IPs carry the warm-up share of the pool, the warm IP the rest; with no warm IP the rest is withheld (SES shared IPs)', () => {
    const run = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'ses', ips: ['192.0.2.1'] }), receivers: acceptAll });
    const [cold, warm] = perIpPerHour(run).map((h) => h.reduce((a, b) => a + b, 0));
    // days 1..3 of 45: 2.2 %, 4.4 %, 6.7 % of the traffic through the cold IP
    expect(cold! / (cold! + warm!)).toBeGreaterThan(0.02);
    expect(cold! / (cold! + warm!)).toBeLessThan(0.08);
    const alone = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'ses' }), receivers: acceptAll });
    expect(alone.metrics.totalInjected / (3 * 6000)).toBeLessThan(0.08);
    expect(alone.metrics.totalWithheld).toBeGreaterThan(0.9 * 3 * 6000);
  });
});

describe('kumomta automation', () => {
  it('a Threshold rule fires only after N matches; Suspend lasts its duration', () => {
    const policy = make('kumomta', {
      shaping: {
        default: {
          connection_limit: 2,
          automation: [{ regex: 'rate limited', action: 'Suspend', trigger: { Threshold: '5/hr' }, duration: '1h' }],
        },
      },
    }) as ReturnType<typeof make> & { stats: { suspensions: number }; tsaFirings: () => number };
    const receivers: ReceiverFactory = (ctx) =>
      ctx.topo.providers.map(
        () =>
          new FixedRateReceiver(ctx.replies, {
            defer: 100,
            bounce: 0,
            seed: 1,
            deferText: '451 4.7.650 The mail server [x] has been temporarily rate limited due to IP reputation. (S775)',
          }),
      );
    const run = simulate({
      scenario: baseScenario({ duration: 86400, audience: { ...DEFAULT_AUDIENCE, size: 5000 } }),
      policy,
      receivers,
      audit: true,
    });
    expect(policy.tsaFirings()).toBeGreaterThan(0);
    expect(policy.stats.suspensions).toBe(policy.tsaFirings());
    // with 100 % deferrals every path is suspended for an hour after each 5th match: far fewer attempts than messages x retries
    expect(run.metrics.totalAttempts).toBeLessThan(run.metrics.totalInjected * 6);
  });
});
