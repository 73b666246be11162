/**
 * One contract suite for every registered policy (a new policy cannot skip it): same seed gives
 * the same trace; the policy never exceeds its own declared caps; the queue drains when the
 * receiver accepts everything; the clock never goes backwards; every message is accounted for.
 */
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/policies/registry.ts';
import { simulate, conservationGap, type ReceiverFactory } from '../../src/run/simulate.ts';
import { defaultReceivers } from '../../src/receivers/registry.ts';
import { AcceptAllReceiver } from '../../src/receivers/simple.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../src/scenario/defaults.ts';
import type { Scenario } from '../../src/scenario/model.ts';
import type { ShapingChange } from '../../src/mail/shaping.ts';

const scenario: Scenario = baseScenario({
  seed: 11,
  duration: 4 * 86400,
  audience: { ...DEFAULT_AUDIENCE, size: 20_000, corporateDomains: 4, m365Tenants: 2 },
  streams: [
    { kind: 'bulk', name: 'news', domain: 'news.example.com', pool: 'warmup', perDay: [1500, 0], sendAt: 8 * 3600, spread: 3600, segments: [] },
    { kind: 'transactional', name: 'tx', domain: 'news.example.com', pool: 'warmup', perDay: 150, diurnal: Array(24).fill(1) },
  ],
});
const acceptAll: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies));

function runOnce(def: (typeof POLICIES)[number], receivers: ReceiverFactory) {
  const trace: number[] = [];
  const gaps: number[] = [];
  let last = -Infinity;
  let backwards = 0;
  const policy = def.create(def.params.parse({}), { name: def.name, baseDir: '.' });
  const run = simulate({
    scenario,
    policy,
    receivers,
    audit: true,
    onAttempt: (a, reply, path, now) => {
      if (now < last) backwards++;
      last = now;
      trace.push(now, path, reply.id, a.recipient);
    },
    onHour: (_h, r) => gaps.push(conservationGap(r)),
  });
  gaps.push(conservationGap(run));
  return { run, trace, gaps, backwards };
}

/** Transaction starts per key, for the windows after each throttle change on that key. */
function checkCaps(changes: readonly ShapingChange[], starts: readonly number[], keyOf: (path: number) => number, scope: 'path' | 'provider'): number {
  const byKey = new Map<number, number[]>();
  for (let i = 0; i < starts.length; i += 2) {
    const k = keyOf(starts[i + 1]!);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(starts[i]!);
  }
  let violations = 0;
  for (const [key, times] of byKey) {
    const mine = changes.filter((c) => c.scope === scope && c.key === key && c.slot === 0);
    for (let c = 0; c < mine.length; c++) {
      const spec = mine[c]!.spec;
      if (spec === undefined) continue;
      const from = mine[c]!.time, to = c + 1 < mine.length ? mine[c + 1]!.time : Infinity;
      const inside = times.filter((t) => t >= from && t < to);
      const T = spec.period / spec.limit;
      for (let i = 0; i < inside.length; i++) {
        for (let j = i + spec.maxBurst; j < Math.min(inside.length, i + spec.maxBurst + 3); j++) {
          if (inside[j]! - inside[i]! < (j - i + 1 - spec.maxBurst) * T - 1e-6) violations++;
        }
      }
    }
  }
  return violations;
}

describe.each(POLICIES.map((p) => [p.name, p] as const))('policy contract: %s', (_name, def) => {
  const a = runOnce(def, defaultReceivers);

  it('the same seed gives the same trace', () => {
    const b = runOnce(def, defaultReceivers);
    expect(b.trace.length).toBe(a.trace.length);
    expect(b.trace).toEqual(a.trace);
    expect(a.trace.length).toBeGreaterThan(100);
  });

  it('never exceeds its own declared caps (path and provider throttles)', () => {
    const changes = a.run.mta.shaping.changes!;
    const starts = a.run.mta.auditStarts!;
    const nP = a.run.topo.providers.length;
    const nSites = a.run.topo.sites.length;
    expect(checkCaps(changes, starts, (path) => path, 'path')).toBe(0);
    const provKey = (path: number) => Math.floor(path / nSites) * nP + a.run.topo.sites[path % nSites]!.provider;
    expect(checkCaps(changes, starts, provKey, 'provider')).toBe(0);
  });

  it('the clock never goes backwards and every message is accounted for at every hour', () => {
    expect(a.backwards).toBe(0);
    expect(a.gaps.every((g) => g === 0)).toBe(true);
  });

  it('the queue drains when the receiver accepts everything', () => {
    const r = runOnce(def, acceptAll);
    expect(r.run.mta.messages.live).toBe(0);
    expect(r.run.metrics.totalDelivered).toBeGreaterThan(0);
    expect(r.gaps.every((g) => g === 0)).toBe(true);
  });
});
