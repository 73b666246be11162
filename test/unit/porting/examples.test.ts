/** The committed examples (examples/export/) are what `warmup-sim export` writes for the default scenario's seed-playbook today. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { exportPolicy } from '../../../src/policies/porting/export.ts';
import { exportTarget } from '../../../src/cli/commands/export.ts';

const scenario = 'scenarios/new-ips-engaged.yaml';
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

describe('examples/export', () => {
  const loaded = loadScenarioFile(scenario);
  const policy = loaded.scenario.policies.find((p) => p.name === 'seed-playbook')!;
  // regenerate: warmup-sim export <mta> scenarios/new-ips-engaged.yaml --policy seed-playbook --out examples/export/<mta>
  it.each(['kumomta', 'powermta', 'postfix'] as const)('%s: the same files, byte for byte', (mta) => {
    const out = `examples/export/${mta}`;
    const got = exportPolicy(mta, policy, exportTarget(loaded.scenario), (f) => relative(dirname(resolve(scenario)), resolve(out, f)));
    expect(filesUnder(out)).toEqual(Object.keys(got.files).sort());
    for (const [f, text] of Object.entries(got.files)) expect(readFileSync(join(out, f), 'utf8'), f).toBe(text);
  });
});
