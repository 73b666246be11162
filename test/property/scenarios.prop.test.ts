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
import { capViolations } from '../../src/testing/caps.ts';
import { scenarioArbitrary } from '../../src/testing/arbitraries.ts';
import { fcParams } from '../support/fc-config.ts';

/** A valid scenario file (as the object YAML would give), small enough to run in ~100 ms. */
const scenarioArb = scenarioArbitrary({ policies: POLICIES.map((p) => p.name) });

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
