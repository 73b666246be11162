/**
 * The `serve` command's handler (as yargs calls it): bad input is a UsageError with one line
 * (exit 2 in the CLI); a short run at 3600x with --duration ends by itself and writes its summary
 * and transcript (temp file, then renamed).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../../src/cli/commands/serve.ts';
import { UsageError } from '../../../src/run/run-scenario.ts';
import { LIVE_FIXTURE } from '../../support/live.ts';
import { readTranscript } from '../../../src/live/replay.ts';

const base = {
  scenario: LIVE_FIXTURE,
  listen: ['127.0.0.1:0'],
  'time-scale': 3600,
  status: undefined,
  duration: '1h',
  transcript: undefined,
  keep: undefined,
  'allow-remote': false,
  map: undefined,
  script: undefined,
  'script-reply': undefined,
  'fbl-to': undefined,
  summary: undefined,
  out: undefined,
};
const run = (over: Record<string, unknown>) =>
  (serveCommand.handler as (a: unknown) => Promise<void>)({ ...base, ...over, _: [], $0: 'warmup-sim' });

describe('warmup-sim serve', () => {
  it.each([
    [{ listen: ['0.0.0.0:2525'] }, /^--listen: 0\.0\.0\.0 is not a loopback address/],
    [{ 'time-scale': 5000 }, /^--time-scale: expected a number from 1 to 3600, got 5000$/],
    [{ duration: 'soon' }, /^--duration: invalid duration "soon"/],
    [{ map: '127.0.0.2=10.9.9.9' }, /^--map: 10\.9\.9\.9 is not one of the scenario's IPs/],
    [{ script: 'times=x' }, /^--script: "times=x" is not/],
    [{ 'fbl-to': 'x@192.0.2.1:25' }, /^--fbl-to: 192\.0\.2\.1 is not loopback/],
  ])('%j is a usage error', async (over, re) => {
    const e = await run(over).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(re);
  });

  it('runs for --duration of model time, then writes the summary, the transcript and the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-'));
    const t0 = Date.now();
    await run({ summary: join(dir, 's.json'), transcript: join(dir, 't.jsonl'), duration: '1h', out: join(dir, 'report') });
    expect(Date.now() - t0).toBeLessThan(5000); // 1 model hour at 3600x is one wall second
    const s = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(s.ips.map((x: { ip: string }) => x.ip)).toEqual(['192.0.2.10', '192.0.2.11', '192.0.2.20']);
    expect(s.modelTime).toBeGreaterThanOrEqual(3600);
    expect(existsSync(join(dir, 't.jsonl.partial'))).toBe(false);
    expect(readTranscript(join(dir, 't.jsonl'))[0]).toMatchObject({ ev: 'start', scale: 3600, scenarioFile: LIVE_FIXTURE });
    // no client came: the report says so (no attempts) rather than failing
    const report = JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8'));
    expect(report.runs[0].runs[0].attempts).toBe(0);
    expect(existsSync(join(dir, 'report', 'index.html'))).toBe(true);
  });

  it('--out that is a file is a usage error before anything listens', async () => {
    const e = await run({ out: LIVE_FIXTURE }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^--out test\/fixtures\/live\/outlook\.yaml: is a file, not a directory/);
  });
});
