/**
 * The user's own policies: a scenario's `use:` naming a module (examples/policies/*.ts), loaded
 * relative to the scenario file, options validated by the module's own schema with errors located
 * in the scenario, run on worker threads like the built-in ones, compared against the playbook.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenarioFile, loadScenarioText, ScenarioError } from '../../../src/scenario/load.ts';
import { comparePolicies } from '../../../src/api/runs.ts';

const text = readFileSync('examples/user-policies.yaml', 'utf8').replace('duration: 21d', 'duration: 4d');
const errorsOf = (t: string) => {
  try {
    loadScenarioText(t, 'examples/user-policies.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.message.split('\n');
  }
};

describe("the user's own policies", () => {
  it('examples/user-policies.yaml loads both user policies beside the playbook', () => {
    const l = loadScenarioFile('examples/user-policies.yaml');
    expect(l.scenario.policies.map((p) => p.use)).toEqual([
      'seed-playbook',
      './policies/pause-after-three.ts',
      './policies/aimd-hourly.ts',
    ]);
    expect(l.scenario.policies[1]!.params).toEqual({
      rate_per_ip_per_hour: 20,
      threshold: 3,
      window_minutes: 10,
      pause_minutes: 60,
      retry_minutes: 30,
    });
  });

  it("options are validated by the module's own schema, errors located in the scenario", () => {
    expect(errorsOf(text.replace('threshold: 3,', 'threshold: "x",'))).toEqual([
      expect.stringMatching(/^examples\/user-policies\.yaml:\d+:\d+ policies\[1\]\.threshold: .*number/),
    ]);
    expect(errorsOf(text.replace('step: 4 }', 'stpe: 4 }'))).toEqual([
      expect.stringMatching(/policies\[2\]\.stpe: unknown key "stpe", did you mean "step"\?$/),
    ]);
  });

  it('a missing module, or one without a definePolicy default export, is a located input error', () => {
    expect(errorsOf(text.replace('./policies/aimd-hourly.ts', './policies/nope.ts'))).toEqual([
      expect.stringMatching(
        /^examples\/user-policies\.yaml:\d+:\d+ policies\[2\]\.use: cannot load the policy module "\.\/policies\/nope\.ts" \(no such file/,
      ),
    ]);
    expect(errorsOf(text.replace('./policies/aimd-hourly.ts', '../test/fixtures/policies/not-a-policy.ts'))).toEqual([
      expect.stringMatching(/policies\[2\]\.use: the policy module ".*not-a-policy\.ts" must default-export definePolicy/),
    ]);
  });

  it('worker threads load user policies too: 2 workers give the same comparison as 1, each compared against the playbook', async () => {
    const l = loadScenarioText(text, 'examples/user-policies.yaml');
    const one = await comparePolicies(l, { seeds: 2, workers: 1 });
    const two = await comparePolicies(l, { seeds: 2, workers: 2 });
    expect(two).toEqual(one);
    const delivered = one.runs.map((runs) => runs.map((r) => r.summary.delivered));
    expect(one.policies).toEqual(['seed-playbook', 'pause-after-three', 'aimd']);
    for (const d of delivered) for (const x of d) expect(x).toBeGreaterThan(1000);
  });
});
