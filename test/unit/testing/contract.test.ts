/**
 * warmup-sim/testing on users' policies: the example policies keep the contract the built-in ones
 * keep; a deliberately broken policy (it opens more connections than its definition declares) is
 * caught, with the replay seed and the shrunk scenario printed.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkPolicyContract, formatContractFailure } from '../../../src/testing/index.ts';
import { definePolicy } from '../../../src/policies/definition.ts';
import { loadUserPolicy } from '../../../src/policies/user.ts';
import type { PolicyDefinition } from '../../../src/policies/definition.ts';

const example = (file: string) => loadUserPolicy(`./policies/${file}`, 'examples') as PolicyDefinition;

/** Declares at most 2 connections per IP and provider, then allows 8 on every path. */
const broken = definePolicy({
  name: 'broken-connections',
  summary: 'declares 2 connections per IP and provider, opens up to 8',
  source: 'test',
  params: z.strictObject({}),
  declaredCaps: () => ({ connectionsPerIpProvider: 2 }),
  create: () => ({
    name: 'broken-connections',
    setup(m) {
      for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, 8);
    },
    onReply() {},
    retryAt: (_m, _r, now) => now + 1800,
  }),
});

describe('warmup-sim/testing: the policy contract suite for users', () => {
  it.each(['pause-after-three.ts', 'aimd-hourly.ts'])('the example policy %s keeps the contract', (file) => {
    const def = example(file);
    expect(typeof def).toBe('object');
    const r = checkPolicyContract(def, { numRuns: 6, maxHours: 24 });
    expect(r.ok, formatContractFailure(r)).toBe(true);
  });

  it('catches a policy that opens more connections than it declares, with the seed and the shrunk scenario', () => {
    const r = checkPolicyContract(broken, { numRuns: 10, maxHours: 24 });
    const text = formatContractFailure(r);
    console.log(text);
    expect(r.ok).toBe(false);
    expect(r.failure!.property).toBe('caps');
    expect(r.failure!.message).toMatch(/connections open at once .* above the declared 2/);
    expect(text).toMatch(/replay: checkPolicyContract\(policy, \{ seed: \d+, path: ".+" \}\)/);
    expect(r.failure!.scenario).toMatch(/^name: random/m);
    // the replay finds the same failure
    const again = checkPolicyContract(broken, { numRuns: 10, maxHours: 24, seed: r.failure!.seed, path: r.failure!.path });
    expect(again.failure?.property).toBe('caps');
  });
});
