/**
 * Invariants of the whole simulator over randomly generated valid scenarios (through the same
 * loader users go through) and every registered policy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { simulate, conservationGap } from '../../src/run/simulate.ts';
import { defaultReceivers } from '../../src/providers/registry.ts';
import { createPolicy, POLICIES } from '../../src/policies/registry.ts';
import { summarize } from '../../src/metrics/summary.ts';
import type { Scenario } from '../../src/spec/scenario.ts';
import { capViolations } from '../support/caps.ts';
import { fcParams } from '../support/fc-config.ts';

const segment = fc.record({
  engage: fc.double({ min: 0, max: 0.5, noNaN: true }),
  complain: fc.double({ min: 0, max: 0.01, noNaN: true }),
  unknown: fc.double({ min: 0, max: 0.1, noNaN: true }),
  trap: fc.double({ min: 0, max: 0.001, noNaN: true }),
  share: fc.double({ min: 0.05, max: 1, noNaN: true }),
  lo: fc.integer({ min: 0, max: 200 }),
  span: fc.integer({ min: 0, max: 300 }),
});

/** A valid scenario file (as the object YAML would give), small enough to run in ~100 ms. */
export const scenarioArb = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    hours: fc.integer({ min: 6, max: 60 }),
    ips: fc.integer({ min: 1, max: 4 }),
    twoPools: fc.boolean(),
    auth: fc.record({ spf: fc.boolean(), dkim: fc.boolean(), dmarc: fc.boolean(), aligned: fc.boolean() }),
    size: fc.integer({ min: 300, max: 4000 }),
    shares: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10)).filter((t) => t.some((x) => x > 0)),
    segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
    bulk: fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 3 }),
    sendAt: fc.integer({ min: 0, max: 23 }),
    spread: fc.constantFrom('0s', '10m', '3h'),
    tx: fc.integer({ min: 0, max: 300 }),
    grouping: fc.constantFrom('mx', 'domain'),
    policy: fc.constantFrom(...POLICIES.map((p) => p.name)),
  })
  .map((g) => ({
    gen: g,
    raw: {
      name: 'random',
      seed: g.seed,
      duration: `${g.hours}h`,
      ips: Array.from({ length: g.ips }, (_, i) => ({
        address: `198.51.${100 + (i % 2)}.${10 + i}`,
        pool: g.twoPools && i % 2 === 1 ? 'b' : 'a',
      })),
      domains: [{ name: 'r.example.com', ...g.auth }],
      audience: {
        size: g.size,
        providers: Object.fromEntries(['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'].map((p, i) => [p, g.shares[i]! / 10])),
        segments: g.segments.map((s, i) => ({
          name: `s${i}`,
          share: s.share,
          engage: s.engage,
          complain: s.complain,
          unknown: s.unknown,
          trap: s.trap,
          recency_days: [s.lo, s.lo + s.span],
        })),
        corporate_domains: 3,
        m365_tenants: 2,
      },
      streams: [
        {
          name: 'bulk',
          kind: 'bulk',
          domain: 'r.example.com',
          pool: 'a',
          per_day: g.bulk,
          send_at: `${String(g.sendAt).padStart(2, '0')}:00`,
          spread: g.spread,
        },
        {
          name: 'tx',
          kind: 'transactional',
          domain: 'r.example.com',
          pool: g.twoPools && g.ips > 1 ? 'b' : 'a',
          per_day: g.tx,
          diurnal: 'office',
        },
      ],
      mta: { grouping: g.grouping },
      receivers: { microsoft: { params: { mode: 'expected' } } },
      policies: [{ name: g.policy, use: g.policy }],
    },
  }));

function simulateRaw(raw: object) {
  const loaded = loadScenarioText(JSON.stringify(raw), 'random.yaml');
  const scenario: Scenario = loaded.scenario;
  const use = scenario.policies[0]!;
  const policy = createPolicy(use.use, use.params, { name: use.name, baseDir: '.' });
  const gaps: number[] = [];
  let last = -Infinity,
    backwards = 0,
    toSuppressed = 0,
    whileSuspended = 0;
  let state: ReturnType<typeof simulate> | undefined;
  const run = simulate({
    scenario,
    policy,
    receivers: defaultReceivers,
    audit: true,
    onHour: (_h, r) => {
      state = r;
      gaps.push(conservationGap(r));
    },
    onAttempt: (a, _reply, path, now) => {
      if (now < last) backwards++;
      last = now;
      if (state !== undefined) {
        if (state.audience.isSuppressed(a.recipient)) toSuppressed++;
        if (state.mta.control.suspendedUntil(path) > now) whileSuspended++;
      }
    },
  });
  gaps.push(conservationGap(run));
  return { run, gaps, backwards, toSuppressed, whileSuspended, summary: summarize(run, use.name).summary };
}

const BUDGET = { interruptAfterTimeLimit: 40_000, markInterruptAsFailure: false };

describe('simulator invariants over random scenarios and every policy', () => {
  it('conservation every hour, a clock that never goes back, no mail to suppressed recipients or suspended paths, caps respected, sane metrics', () => {
    fc.assert(
      fc.property(scenarioArb, ({ raw }) => {
        const r = simulateRaw(raw);
        expect(r.gaps.every((g) => g === 0)).toBe(true);
        expect(r.backwards).toBe(0);
        expect(r.toSuppressed).toBe(0);
        expect(r.whileSuspended).toBe(0);
        const sh = r.run.mta.shaping;
        const nSites = r.run.topo.sites.length,
          nP = r.run.topo.providers.length;
        expect(capViolations(sh.changes!, r.run.mta.auditStarts!, (p) => p, 'path')).toBe(0);
        expect(
          capViolations(
            sh.changes!,
            r.run.mta.auditStarts!,
            (p) => Math.floor(p / nSites) * nP + r.run.topo.sites[p % nSites]!.provider,
            'provider',
          ),
        ).toBe(0);
        const s = r.summary;
        for (const x of [s.injected, s.delivered, s.bounced, s.expired, s.withheld, s.attempts])
          expect(Number.isInteger(x) && x >= 0).toBe(true);
        // rates: NaN exactly where there were no attempts (no day with >= 100 for the worst days), else in [0, 1]
        const ms = s.microsoft;
        expect(Number.isNaN(ms.deferralRate)).toBe(ms.attempts === 0);
        for (const rate of [ms.deferralRate, ms.refusedRate, ms.maxDailyDeferralRate, ms.maxDailyRefusedRate, s.complaintRate])
          expect(Number.isNaN(rate) || (rate >= 0 && rate <= 1)).toBe(true);
        if (ms.attempts > 0) expect(ms.refusedRate).toBeGreaterThanOrEqual(ms.deferralRate);
        // every attempt belongs to one provider, and each provider's outcomes add up
        expect(Object.values(s.providers).reduce((a, p) => a + p.attempts, 0)).toBe(s.attempts);
        for (const p of Object.values(s.providers)) expect(p.delivered + p.deferred + p.rejected).toBeLessThanOrEqual(p.attempts);
        // latency: NaN (no mail), +Infinity (never delivered), or a finite time; ordered; shares in [0, 1]
        for (const p of [s.latency.bulk, s.latency.transactional, s.latency.all]) {
          for (const v of [p.p50, p.p90, p.p95, p.p99, p.max]) expect(Number.isNaN(v) || v >= 0).toBe(true);
          if (p.messages > 0) expect(p.p50 <= p.p95 && p.p95 <= p.p99 && p.p99 <= p.max).toBe(true);
          for (const v of [p.within1h, p.within24h]) expect(Number.isNaN(v) || (v >= 0 && v <= 1)).toBe(true);
        }
        expect(s.latency.all.messages).toBe(s.latency.bulk.messages + s.latency.transactional.messages);
        for (const t of s.hidden.trust) expect(t >= 0 && t <= 1).toBe(true);
      }),
      { ...fcParams(60), ...BUDGET },
    );
  });

  it('determinism: the same scenario and seed give identical summaries and event counts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ raw }) => {
        const a = simulateRaw(raw),
          b = simulateRaw(raw);
        expect(b.run.sim.eventsProcessed).toBe(a.run.sim.eventsProcessed);
        expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
      }),
      { ...fcParams(20), ...BUDGET },
    );
  });

  // "A larger complaint propensity never raises hidden Microsoft trust" is checked on the receiver
  // (receivers.prop.test.ts), for one and the same trace. Over whole scenarios it is not a law: a
  // complaint also suppresses its recipient and lowers trust, so what is sent afterwards changes,
  // and a trace can end with more trust (FC_SEED=683526602: aimd, 300 recipients, 9 h, 0.2593 ->
  // 0.2599; the naive sender does it too). Run here, it failed about one run in ten.
});
