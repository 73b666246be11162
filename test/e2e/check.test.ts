/**
 * `warmup-sim check` end to end, through the CLI as shipped: scenarios/ci-gate.yaml passes
 * (exit 0); the same gate with a too-fast shaping file fails (exit 1) naming the expectation and
 * the seed to replay; --junit writes XML a CI system reads; --format github points at the line.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../unit/check/xml.ts';

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/warmup-sim.mjs', ...args],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout, err: stderr }),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The gate with the team's shaping file edited: Outlook.com paced at 200/h per source instead of 20/h. */
function tooFast(): string {
  mkdirSync(join(dir, 'kumomta'), { recursive: true });
  copyFileSync('scenarios/ci-gate.yaml', join(dir, 'ci-gate.yaml'));
  writeFileSync(
    join(dir, 'kumomta/ci-warmup.toml'),
    readFileSync('scenarios/kumomta/ci-warmup.toml', 'utf8').replace('max_message_rate = "20/h,max_burst=1"', 'max_message_rate = "200/h"'),
  );
  return join(dir, 'ci-gate.yaml');
}

describe('warmup-sim check', () => {
  it.concurrent('scenarios/ci-gate.yaml: every expectation passes, exit 0', async () => {
    const r = await cli('check', 'scenarios/ci-gate.yaml', '--seeds', '4', '--quiet');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/all 4 expectations pass/);
    expect(r.code).toBe(0);
  });

  it.concurrent(
    'a too-fast shaping file fails the gate: exit 1, the failed expectation, its line and the seed to replay; JUnit and GitHub formats',
    async () => {
      const file = tooFast();
      const junit = join(dir, 'check.xml');
      const r = await cli('check', file, '--seeds', '4', '--quiet', '--junit', junit);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/FAIL \[1\] kumo: microsoft\.worst_daily_deferral < 5%/);
      expect(r.out).toMatch(new RegExp(`replay: warmup-sim run ${file.replaceAll('/', '\\/')} --policy kumo --seed \\d+`));
      expect(r.err).toMatch(/expectations failed/);
      // JUnit XML, read back: one testsuite for the file, one testcase per expectation, the failure with its replay line
      const xml = parseXml(readFileSync(junit, 'utf8'));
      expect(xml.name).toBe('testsuites');
      const suite = xml.children.find((c) => c.name === 'testsuite')!;
      expect(suite.attrs['tests']).toBe('4');
      const cases = suite.children.filter((c) => c.name === 'testcase');
      expect(cases.length).toBe(4);
      const failed = cases.filter((c) => c.children.some((x) => x.name === 'failure'));
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed[0]!.children.find((x) => x.name === 'failure')!.text).toMatch(/replay: warmup-sim run/);
      // GitHub workflow annotations point at the expectation's line in the scenario file
      const g = await cli('check', file, '--seeds', '4', '--quiet', '--format', 'github');
      const line =
        readFileSync(file, 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('microsoft.worst_daily_deferral')) + 1;
      expect(g.out).toMatch(new RegExp(`^::error file=${file.replaceAll('/', '\\/')},line=${line},col=\\d+,title=`, 'm'));
      expect(g.code).toBe(1);
    },
  );

  it.concurrent('bad input exits 2: a file with no expectations, an unknown metric with a did-you-mean', async () => {
    const none = await cli('check', 'scenarios/new-ips-engaged.yaml');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/has no expect: entries/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      readFileSync('scenarios/ci-gate.yaml', 'utf8')
        .replace('outlook_blocks == 0', 'outlook_block == 0')
        .replace('kumomta/ci-warmup.toml', join(process.cwd(), 'scenarios/kumomta/ci-warmup.toml')),
    );
    const r = await cli('check', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.yaml:\d+:\d+ expect\[0\]\.that: unknown metric "outlook_block".*did you mean "outlook_blocks"/);
  });
});
