/**
 * One contract suite for every registered policy (a new policy cannot skip it): same seed gives
 * the same trace; the policy never exceeds its own declared caps; the queue drains when the
 * receiver accepts everything; the clock never goes backwards; every message is accounted for.
 */
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/policies/registry.ts';
import { simulate, conservationGap } from '../../src/run/simulate.ts';
import type { ReceiverFactory } from '../../src/contracts/receiver.ts';
import { defaultReceivers } from '../../src/providers/registry.ts';
import { AcceptAllReceiver } from '../../src/receivers/simple.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../src/scenario/defaults.ts';
import type { Scenario } from '../../src/spec/scenario.ts';
import { capViolations } from '../../src/testing/caps.ts';

const scenario: Scenario = baseScenario({
  seed: 11,
  duration: 4 * 86400,
  audience: { ...DEFAULT_AUDIENCE, size: 20_000, corporateDomains: 4, m365Tenants: 2 },
  streams: [
    {
      kind: 'bulk',
      name: 'news',
      domain: 'news.example.com',
      pool: 'warmup',
      perDay: [1500, 0],
      sendAt: 8 * 3600,
      spread: 3600,
      segments: [],
    },
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
    expect(capViolations(changes, starts, (path) => path, 'path')).toBe(0);
    const provKey = (path: number) => Math.floor(path / nSites) * nP + a.run.topo.sites[path % nSites]!.provider;
    expect(capViolations(changes, starts, provKey, 'provider')).toBe(0);
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
