import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate, conservationGap } from '../../src/run/simulate.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../src/scenario/defaults.ts';
import { FixedRateReceiver, AcceptAllReceiver } from '../../src/receivers/simple.ts';
import type { RetrySchedule } from '../../src/policies/support/retry.ts';
import type { Scenario, StreamSpec } from '../../src/spec/scenario.ts';
import { testPolicy } from '../support/policies.ts';
import { fcParams } from '../support/fc-config.ts';

const retryArb: fc.Arbitrary<RetrySchedule> = fc.oneof(
  fc.record({
    kind: fc.constant('fixed' as const),
    interval: fc.integer({ min: 60, max: 7200 }),
    maxAge: fc.integer({ min: 3600, max: 3 * 86400 }),
  }),
  fc.record({
    kind: fc.constant('exponential' as const),
    base: fc.integer({ min: 60, max: 1800 }),
    factor: fc.constant(2),
    max: fc.constant(0),
    jitter: fc.boolean(),
    maxAge: fc.integer({ min: 3600, max: 3 * 86400 }),
  }),
  fc.constant<RetrySchedule>({ kind: 'postfix', minBackoff: 300, maxBackoff: 4000, queueRunDelay: 300, maxAge: 86400 }),
);

const setup = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  ips: fc.integer({ min: 1, max: 4 }),
  twoPools: fc.boolean(),
  bulkPerDay: fc.integer({ min: 0, max: 4000 }),
  txPerDay: fc.integer({ min: 0, max: 1500 }),
  defer: fc.integer({ min: 0, max: 60 }),
  bounce: fc.integer({ min: 0, max: 10 }),
  acceptAllFor: fc.integer({ min: -1, max: 4 }),
  rate: fc.option(
    fc.record({ limit: fc.integer({ min: 5, max: 2000 }), period: fc.constant(3600), maxBurst: fc.integer({ min: 1, max: 50 }) }),
    { nil: undefined },
  ),
  connections: fc.integer({ min: 0, max: 6 }),
  perConnection: fc.integer({ min: 1, max: 200 }),
  suspend: fc.option(fc.integer({ min: 60, max: 7200 }), { nil: undefined }),
  retry: retryArb,
  days: fc.integer({ min: 1, max: 3 }),
  grouping: fc.constantFrom('mx' as const, 'domain' as const),
  spread: fc.constantFrom(0, 600, 3 * 3600, 86400),
});

type Setup = typeof setup extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(s: Setup): Scenario {
  const ips = Array.from({ length: s.ips }, (_, i) => ({
    address: `198.51.${100 + (i % 2)}.${10 + i}`,
    pool: s.twoPools && i % 2 === 1 ? 'tx' : 'bulk',
    weight: 1 + (i % 3),
    prewarm: undefined,
    feedbackLoop: true,
  }));
  const txPool = s.twoPools && s.ips > 1 ? 'tx' : 'bulk';
  const streams: StreamSpec[] = [
    {
      kind: 'bulk',
      name: 'news',
      domain: 'news.example.com',
      pool: 'bulk',
      perDay: [s.bulkPerDay],
      sendAt: 8 * 3600,
      spread: s.spread,
      segments: [],
    },
    {
      kind: 'transactional',
      name: 'tx',
      domain: 'news.example.com',
      pool: txPool,
      perDay: s.txPerDay,
      diurnal: Array.from({ length: 24 }, (_, h) => 1 + Math.sin(h / 4)),
    },
  ];
  return baseScenario({
    seed: s.seed,
    duration: s.days * 86400,
    ips,
    streams,
    audience: { ...DEFAULT_AUDIENCE, size: 5000, corporateDomains: 3, m365Tenants: 2 },
    mta: { ...baseScenario().mta, grouping: s.grouping },
  });
}

describe('sending-side invariants over random set-ups', () => {
  it('every message is accounted for at every hour: injected = delivered + bounced + expired + queued', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const gaps: number[] = [];
        const run = simulate({
          scenario: scenarioOf(s),
          policy: testPolicy({
            ...(s.rate ? { rate: s.rate } : {}),
            connections: s.connections,
            perConnection: s.perConnection,
            retry: s.retry,
            ...(s.suspend ? { suspendOnDefer: s.suspend } : {}),
          }),
          receivers: (ctx) =>
            ctx.topo.providers.map((_, p) =>
              p === s.acceptAllFor
                ? new AcceptAllReceiver(ctx.replies)
                : new FixedRateReceiver(ctx.replies, { defer: s.defer, bounce: s.bounce, seed: ctx.seed }),
            ),
          onHour: (_h, r) => gaps.push(conservationGap(r)),
        });
        gaps.push(conservationGap(run));
        expect(gaps.every((g) => g === 0)).toBe(true);
        expect(run.metrics.totalInjected).toBeGreaterThanOrEqual(0);
      }),
      fcParams(40),
    );
  });

  it('held mail always has a wake armed: paced selection, suspensions and connect back-offs never strand it', () => {
    fc.assert(
      fc.property(setup, fc.integer({ min: 20, max: 2000 }), (s, perHour) => {
        const stranded: number[] = [];
        let mta: { heldWithoutWake(): number } | undefined;
        const run = simulate({
          scenario: scenarioOf(s),
          policy: testPolicy({
            selectionRate: { limit: perHour, period: 3600, maxBurst: 1 },
            ...(s.rate ? { rate: s.rate } : {}),
            connections: s.connections,
            perConnection: s.perConnection,
            retry: s.retry,
            suspendOnDefer: s.suspend ?? 300,
          }),
          receivers: (ctx) =>
            ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: s.defer, bounce: s.bounce, seed: ctx.seed })),
          onHour: (_h, r) => {
            mta = r.mta;
            stranded.push(r.mta.heldWithoutWake());
          },
          onAttempt: () => void (mta && stranded.push(mta.heldWithoutWake())), // and after every attempt
        });
        stranded.push(run.mta.heldWithoutWake());
        expect(stranded.every((n) => n === 0)).toBe(true);
      }),
      fcParams(40),
    );
  });

  it('no transaction starts faster than the path throttle allows, nor while the path is suspended', () => {
    fc.assert(
      fc.property(setup, (s) => {
        const rate = s.rate ?? { limit: 30, period: 3600, maxBurst: 2 };
        const suspensions = new Map<number, [number, number][]>(); // path -> [from, until]
        let startsWhileSuspended = 0;
        const policy = testPolicy({ rate, connections: Math.max(1, s.connections), retry: s.retry, suspendOnDefer: s.suspend ?? 600 });
        const run = simulate({
          scenario: scenarioOf(s),
          policy,
          audit: true,
          receivers: (ctx) =>
            ctx.topo.providers.map(() => new FixedRateReceiver(ctx.replies, { defer: s.defer, bounce: s.bounce, seed: ctx.seed })),
          onAttempt: (_a, reply, path, now) => {
            // the transaction started transactionTime earlier; it must not have started inside a suspension
            const start = now; // a transaction is settled when it starts
            for (const [from, until] of suspensions.get(path) ?? [])
              if (start > from + 1e-6 && start < until - 1e-6) startsWhileSuspended++; // a start at the same instant ran before the suspension
            if (reply.temporary) suspensions.set(path, [...(suspensions.get(path) ?? []), [now, now + (s.suspend ?? 600)]]);
          },
        });
        expect(startsWhileSuspended).toBe(0);
        const starts = run.mta.auditStarts!;
        const byPath = new Map<number, number[]>();
        for (let i = 0; i < starts.length; i += 2) {
          const list = byPath.get(starts[i + 1]!) ?? [];
          list.push(starts[i]!);
          byPath.set(starts[i + 1]!, list);
        }
        const T = rate.period / rate.limit;
        for (const times of byPath.values()) {
          // GCRA bound: n sends in a window W need n <= maxBurst + W / T, i.e. W >= (n - maxBurst) * T
          for (let i = 0; i < times.length; i++) {
            for (let j = i + rate.maxBurst; j < Math.min(times.length, i + rate.maxBurst + 6); j++) {
              expect(times[j]! - times[i]!).toBeGreaterThanOrEqual((j - i + 1 - rate.maxBurst) * T - 1e-6);
            }
          }
        }
      }),
      fcParams(25),
    );
  });
});
