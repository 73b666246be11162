import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';

const PROVIDERS = ['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'];
const text = readFileSync('scenarios/new-ips-engaged.yaml', 'utf8').replace('duration: 30d', 'duration: 6d');
const withModes = (modes: Record<string, string>) =>
  loadScenarioText(
    text.replace(
      'policies:',
      `receivers:\n${PROVIDERS.map((p) => `  ${p}: { params: { mode: ${modes[p] ?? 'expected'} } }`).join('\n')}\npolicies:`,
    ),
    'expected.yaml',
  );

describe('expected-value mode', () => {
  it('with every provider in expected mode a run does not depend on the seed (audience, streams and reactions included)', () => {
    const l = withModes({});
    const a = runScenario(l, { policy: 'seed-playbook', seed: 1 }).summary;
    const b = runScenario(l, { policy: 'seed-playbook', seed: 2 }).summary;
    expect({ ...b, seed: 1 }).toEqual(a);
  });

  it('with one provider drawing at random, seeds differ', () => {
    const l = withModes({ gmail: 'random' });
    const a = runScenario(l, { policy: 'seed-playbook', seed: 1 }).summary;
    const b = runScenario(l, { policy: 'seed-playbook', seed: 2 }).summary;
    expect(b.delivered === a.delivered && b.attempts === a.attempts && b.complaintRate === a.complaintRate).toBe(false);
  });
});
