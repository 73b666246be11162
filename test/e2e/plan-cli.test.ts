/**
 * `warmup-sim plan` end to end through the shipped CLI (bin/warmup-sim.mjs): a small search with
 * its report, and bad input as one line with exit code 2.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/warmup-sim.mjs', ...args],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout, err: stderr }),
    );
  });
}
const small = 'test/fixtures/scenarios/plan-small.yaml';

describe('warmup-sim plan', () => {
  it.concurrent('searches within a run budget and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-cli-'));
    try {
      const r = await cli(
        'plan',
        small,
        '--target',
        '3000/day',
        '--seeds',
        '3',
        '--budget',
        '40',
        '--no-own',
        '--quiet',
        '--workers',
        '1',
        '--out',
        dir,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /^plan-small: 3,000\/day, deferral <= 2\.00 %, no blocks, 90\.0 % of 3 seeds\nplan: ips 2, initial_per_hour \d+/,
      );
      expect(r.out).toMatch(/sendgrid/);
      expect(r.out).toMatch(/search: \d+ runs \(ended: (budget|converged); --budget \d+ reproduces it\) against [\d,]+ for the full grid/);
      for (const f of ['index.html', 'plan.csv', 'candidates.csv', 'charts/frontier.png', 'comparison/index.html'])
        expect(existsSync(join(dir, f))).toBe(true);
      const runs = Number(/search: (\d+) runs/.exec(r.out)![1]);
      expect(runs).toBeLessThanOrEqual(40);
      expect(readFileSync(join(dir, 'candidates.csv'), 'utf8').split('\n')[0]).toMatch(/^id,stage,ips,initial_per_hour,growth/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent.each([
    [['--target', 'lots'], 'error: --target "lots": expected messages per day, e.g. 500000/day or 20k/day'],
    [
      ['--target', '3000/day', '--ips', '1..9'],
      'error: --ips 1..9: pool "p" of test/fixtures/scenarios/plan-small.yaml has 2 IPs (add IPs to the scenario)',
    ],
    [
      ['--target', '3000/day', '--provider', 'yahoo'],
      'error: --provider yahoo: the audience has no recipients there (providers: microsoft, gmail)',
    ],
    [
      ['--target', '3000/day', '--budget', 'soon'],
      'error: --budget "soon": expected simulated runs (e.g. 600) or a wall-clock limit (e.g. 5m, 90s, 1h)',
    ],
  ])('bad input %j: one line, exit 2', async (args, line) => {
    const r = await cli('plan', small, ...args, '--quiet');
    expect([r.code, r.err.trim()]).toEqual([2, `${line} (see warmup-sim plan --help)`]);
  });

  it.concurrent('a scenario error is located in the file, exit 2', async () => {
    const r = await cli('plan', 'test/fixtures/scenarios/unknown-key.yaml', '--target', '100/day');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^test\/fixtures\/scenarios\/unknown-key\.yaml:4:1 retries: unknown key "retries"\n$/);
  });
});
