/**
 * End-to-end (issue 19): what the CLI writes answers honestly. `run --json` and summary.json agree;
 * a blocked policy's hours are Blocked in hourly.csv and never "best"; the verdict ranks the
 * unblocked policy first with a reason and warns that 2 seeds cannot reach p < 0.05; snds.csv
 * rows become available one day after the day they describe; a sweep over `seed` writes each
 * grid point's own seed; sweep legends read the grid values.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/warmup-sim.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout, err: stderr }),
    );
  });
}
const TINY = 'test/fixtures/scenarios/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'e2e-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Rows of a CSV file (no quoted commas in these files) as objects. */
function csv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const keys = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i]!, v])));
}

describe('reports from the CLI', () => {
  it.concurrent('run --json prints the same summary as the summary.json of run --out', async () => {
    const out = join(tmp, 'run');
    const r = await cli('run', TINY, '--policy', 'naive', '--json', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out);
    const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).runs[0].runs[0];
    expect(printed).toEqual(written);
    expect(printed.daysToTarget).toBeNull();
    expect(r.out).not.toMatch(/NaN|Infinity/);
  });

  it.concurrent('compare: Blocked hours, no "best" on a blocked policy, a verdict with reasons, SNDS rows one day late', async () => {
    const out = join(tmp, 'compare');
    const r = await cli('compare', TINY, '--seeds', '2', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    // hourly.csv: an hour whose attempts were mostly refused by a block is Blocked, never Healthy
    const hours = csv(join(out, 'hourly.csv')).filter((h) => h.microsoft_block_share !== '');
    const blocked = hours.filter((h) => Number(h.microsoft_block_share) > 0.5);
    expect(blocked.length).toBeGreaterThan(0);
    for (const h of blocked) expect(h.band).toBe('blocked');
    for (const h of hours.filter((x) => Number(x.microsoft_block_share) <= 0.5)) expect(h.band).not.toBe('blocked');
    // summary.json: the verdict ranks playbook (no blocks) over naive (blocked) and warns about 2 seeds
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.verdict.ranking.map((x: { policy: string }) => x.policy)).toEqual(['playbook', 'naive']);
    expect(s.verdict.ranking[1].reason).toMatch(/^behind playbook on blocks at any provider: /);
    expect(s.verdict.warning).toMatch(/With 2 seeds the paired sign test cannot reach p < 0.05 .*--seeds 6/);
    expect(s.policies.find((p: { policy: string }) => p.policy === 'naive').blocked).toBe(true);
    // index.html: the blocked policy is never highlighted as best
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const rows = [...html.matchAll(/<tr><td>([^<]*)[^]*?<\/tr>/g)].filter((m) => /↑|↓/.test(m[1]!));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const cells = [...row[0].matchAll(/<td( class="best")?>/g)].slice(1); // playbook, naive
      expect(cells[1]?.[1], row[1]).toBeUndefined();
    }
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="outcomes"'));
    // snds.csv: day d's row was published at the start of day d + 2, and only IP-days with >= 100 DATA
    const snds = csv(join(out, 'snds.csv'));
    expect(snds.length).toBeGreaterThan(0);
    for (const row of snds) {
      expect(Number(row.available_at_s)).toBe((Number(row.day) + 2) * 86400);
      expect(Number(row.data)).toBeGreaterThanOrEqual(100);
    }
    // per-ip-daily.csv: each IP-day's band
    expect(csv(join(out, 'per-ip-daily.csv')).some((x) => x.policy === 'naive' && x.band === 'blocked')).toBe(true);
  });

  it.concurrent("sweep --grid seed=...: each row carries its own run's seed; legends read the grid values", async () => {
    const out = join(tmp, 'sweep');
    const r = await cli(
      'sweep',
      TINY,
      '--grid',
      'seed=11,12,13',
      '--seeds',
      '1',
      '--policies',
      'naive',
      '--workers',
      '1',
      '--out',
      out,
      '--quiet',
    );
    expect(r.code).toBe(0);
    const pairs = new Set(csv(join(out, 'daily.csv')).map((x) => `${x.policy}|${x.seed}`));
    expect([...pairs].sort()).toEqual(['naive [seed=11]|11', 'naive [seed=12]|12', 'naive [seed=13]|13']);
    const spec = JSON.parse(readFileSync(join(out, 'charts', 'delivered-daily.vl.json'), 'utf8'));
    expect(JSON.stringify(spec)).toContain('"domain":["seed=11","seed=12","seed=13"]');
  });
});
