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

  it('SparkPost: a stage advances the next day only after more than 90 % delivered', () => {
    const good = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'sparkpost' }), receivers: acceptAll });
    const badReceivers: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: 30, bounce: 0, seed: 1 }));
    const bad = simulate({ scenario, policy: make('fixed-schedule', { schedule: 'sparkpost' }), receivers: badReceivers });
    const daily = (r: ReturnType<typeof simulate>) => perIpPerHour(r).map((hours) => [0, 1, 2].map((d) => hours.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0)));
    const g = daily(good), b = daily(bad);
    // all delivered: stage 1 (200) -> stage 2 (500) -> stage 3 (1,000) per IP
    expect(g[0]!).toEqual([SPARKPOST_DAILY[0], SPARKPOST_DAILY[1], SPARKPOST_DAILY[2]]);
    // 30 % deferred: never more than 90 % delivered, so the IP stays on stage 1 (every attempt,
    // retries included, is a selection counted against the day's cap)
    expect(b[0]![1]!).toBeLessThanOrEqual(SPARKPOST_DAILY[0]!);
    expect(b[0]![2]!).toBeLessThanOrEqual(SPARKPOST_DAILY[0]!);
  });
});

describe('kumomta automation', () => {
  it('a Threshold rule fires only after N matches; Suspend lasts its duration', () => {
    const policy = make('kumomta', {
      shaping: { default: { connection_limit: 2, automation: [{ regex: 'rate limited', action: 'Suspend', trigger: { Threshold: '5/hr' }, duration: '1h' }] } },
    }) as ReturnType<typeof make> & { stats: { suspensions: number }; tsaFirings: () => number };
    const receivers: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: 100, bounce: 0, seed: 1, deferText: '451 4.7.650 The mail server [x] has been temporarily rate limited due to IP reputation. (S775)' }));
    const run = simulate({ scenario: baseScenario({ duration: 86400, audience: { ...DEFAULT_AUDIENCE, size: 5000 } }), policy, receivers, audit: true });
    expect(policy.tsaFirings()).toBeGreaterThan(0);
    expect(policy.stats.suspensions).toBe(policy.tsaFirings());
    // with 100 % deferrals every path is suspended for an hour after each 5th match: far fewer attempts than messages x retries
    expect(run.metrics.totalAttempts).toBeLessThan(run.metrics.totalInjected * 6);
  });
});
