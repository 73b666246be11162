/**
 * End-to-end: `validate` lists every problem of a file in one pass, and the README's own minimal
 * scenario validates and runs when copied out of the repository (no file it needs is missing).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

describe('validate', () => {
  it.concurrent('every problem of a file in one pass, in file order, exit 2', async () => {
    const f = 'test/fixtures/scenarios/many-problems.yaml';
    const r = await cli(['validate', 'test/fixtures/scenarios/tiny.yaml', f]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('test/fixtures/scenarios/tiny.yaml: ok\n');
    const lines = r.err.trimEnd().split('\n');
    // "file:line:col path: message" -> "line:col path"
    expect(lines.map((l) => l.slice(f.length + 1).replace(/: .*$/, ''))).toEqual([
      '5:16 ips[0].address',
      '6:16 ips[1].address',
      '10:9 audience.size',
      '11:14 audience.providers',
      '13:5 audience.segments',
      '16:39 streams[0].domain',
      '16:60 streams[0].pool',
      '18:28 policies[0].use',
      '19:45 policies[1].retry_after',
      '20:42 policies[2].shaping',
      '22:28 expect[0].that',
      '23:15 expect[1].policy',
    ]);
    expect(lines[9]).toBe(`${f}:20:42 policies[2].shaping: cannot load the shaping file "no-such-shaping.toml" (no such file)`);
  });

  it.concurrent("the README's minimal scenario, copied to an empty directory, validates and runs", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /A minimal scenario:\s*```yaml\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'wsim-readme-'));
    try {
      writeFileSync(join(dir, 'my-warmup.yaml'), block![1]!);
      const v = await cli(['validate', 'my-warmup.yaml'], { cwd: dir });
      expect(v.err).toBe('');
      expect([v.code, v.out]).toEqual([0, 'my-warmup.yaml: ok\n']);
      const c = await cli(['compare', 'my-warmup.yaml', '--seeds', '1', '--workers', '2', '--quiet', '--out', 'report'], { cwd: dir });
      expect(c.err).toBe('');
      expect(c.code).toBe(0);
      expect(c.out).toMatch(/^my-warmup: 2 policies x 1 seeds/);
      expect(readFileSync(join(dir, 'report', 'index.html'), 'utf8')).toContain('my-warmup');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
