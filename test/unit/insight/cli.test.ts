/**
 * The log commands in process (yargs as main.ts sets it up): `logs report` on a simulated log
 * writes the simulator's report with the reply samples and no hidden-state chart; format
 * detection; `diagnose` prints verdicts, evidence and moves (text or JSON) and counts complaint
 * feeds; bad input is a UsageError (exit 2) with one line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import yargs from 'yargs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { logsCommand } from '../../../src/cli/commands/logs.ts';
import { diagnoseCommand } from '../../../src/cli/commands/diagnose.ts';
import { evidencePackCommand } from '../../../src/cli/commands/evidence-pack.ts';
import { calibrateCommand } from '../../../src/cli/commands/calibrate.ts';
import { CheckFailed } from '../../../src/cli/errors.ts';
import { UsageError } from '../../../src/run/run-scenario.ts';
import { detectFormat } from '../../../src/logs/index.ts';
import { BURST, simulateLog, situation, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);

export async function cli(...argv: string[]): Promise<{ out: string; err: string }> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await yargs(argv)
      .command(logsCommand)
      .command(diagnoseCommand)
      .command(evidencePackCommand)
      .command(calibrateCommand)
      .strict()
      .exitProcess(false)
      .fail((msg, e) => {
        throw e ?? new UsageError(msg);
      })
      .parseAsync();
    return { out: out.mock.calls.map((c) => String(c[0])).join(''), err: err.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('warmup-sim logs report', () => {
  const pf = simulateLog(BURST, 'postfix', join(tmp.dir, 'mail.log'));
  writeFileSync(join(tmp.dir, 'mail.log.syslog-map'), 'postfix-ip1 192.0.2.10\npostfix-ip2 192.0.2.11\n');

  it('writes the report from a Postfix maillog (format found, source IPs by syslog name)', async () => {
    const dir = join(tmp.dir, 'report');
    const r = await cli('logs', 'report', pf.path, '--syslog-map', join(tmp.dir, 'mail.log.syslog-map'), '--out', dir, '--no-png');
    expect(r.out).toContain(`mail.log: ${pf.o.summary.attempts} attempts, ${pf.o.summary.delivered} delivered`);
    expect(r.err).toMatch(/mail\.log: postfix, \d+ lines, \d+ records .*, 0 bad/);
    for (const f of [
      'index.html',
      'summary.json',
      'per-ip-daily.csv',
      'per-ip-hourly.csv',
      'reply-samples.csv',
      'charts/deferral-hourly.svg',
    ])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(existsSync(join(dir, 'charts/hidden-state.svg'))).toBe(false);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('Replies seen, per class');
    expect(html).toContain('451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited');
    expect(html).toContain('<span class="chip b-blocked">blocked</span>');
    expect(html).toContain('No per-stream data');
    const run = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).runs[0].runs[0];
    expect([run.microsoft.refusedRate, run.withheld, run.complaintRate]).toEqual([pf.o.summary.microsoft.refusedRate, null, null]);
    const perIp = readFileSync(join(dir, 'per-ip-daily.csv'), 'utf8');
    expect(perIp).toContain('192.0.2.11');
  });

  it('finds each format from the first lines, plain or gzipped', () => {
    const k = simulateLog(BURST, 'kumomta', join(tmp.dir, 'k.jsonl'));
    const p = simulateLog(BURST, 'powermta', join(tmp.dir, 'acct.csv'));
    writeFileSync(join(tmp.dir, 'k.jsonl.gz'), gzipSync(readFileSync(k.path)));
    expect([detectFormat(k.path), detectFormat(p.path), detectFormat(pf.path), detectFormat(join(tmp.dir, 'k.jsonl.gz'))]).toEqual([
      'kumomta',
      'powermta',
      'postfix',
      'kumomta',
    ]);
  });

  it.each([
    [['nope.log'], /^nope\.log: no such file$/],
    [['GARBAGE'], /GARBAGE: cannot tell which MTA wrote it \(first line: 'hello world'\); give --format kumomta\|powermta\|postfix$/],
    [['EMPTY', '--format', 'kumomta'], /^no delivery records in .*EMPTY$/],
  ])('bad input %j: one line, a UsageError', async (args, message) => {
    writeFileSync(join(tmp.dir, 'GARBAGE'), 'hello world\nnot a log\n');
    writeFileSync(join(tmp.dir, 'EMPTY'), '');
    const files = args.map((a) => (a === 'GARBAGE' || a === 'EMPTY' ? join(tmp.dir, a) : a));
    const e = await cli('logs', 'report', ...files, '--out', join(tmp.dir, 'x')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toContain('\n');
  });
});

describe('warmup-sim diagnose', () => {
  const k = simulateLog(situation('engaged', 'burst'), 'kumomta', join(tmp.dir, 'burst.jsonl'), { policy: 'kumomta', seed: 1 });

  it('prints a verdict, its evidence and the moves per IP and sending domain', async () => {
    const r = await cli('diagnose', k.path, '--quiet', '--out', join(tmp.dir, 'diag.md'));
    expect(r.out).toMatch(/^# Diagnosis: 2 IP\(s\), 1 sending domain\(s\) at microsoft/);
    expect(r.out).toContain('## IP 192.0.2.20: NEW IP, LOW SAMPLE');
    expect(r.out).toContain('## domain news.example.com: NEW IP, LOW SAMPLE');
    expect(r.out).toMatch(/- \[x\] hourly rate: lower the hourly microsoft rate to about \d+ per hour/);
    expect(readFileSync(join(tmp.dir, 'diag.md'), 'utf8')).toBe(r.out);
    const json = JSON.parse((await cli('diagnose', k.path, '--quiet', '--json')).out) as { subject: string; verdict: string }[];
    expect(json.map((d) => [d.subject, d.verdict])).toEqual([
      ['192.0.2.20', 'new-ip'],
      ['192.0.2.21', 'new-ip'],
      ['news.example.com', 'new-ip'],
    ]);
  });

  it('a complaint feed of 1.3 % on one IP makes that IP a risky stream', async () => {
    const lines = ['time,ip,recipient'];
    for (let i = 0; i < 40; i++) lines.push(`2026-01-0${2 + (i % 3)}T12:00:00Z,192.0.2.21,r${i}@hotmail.com`);
    writeFileSync(join(tmp.dir, 'complaints.csv'), `${lines.join('\n')}\n`);
    const json = JSON.parse((await cli('diagnose', k.path, '--complaints', join(tmp.dir, 'complaints.csv'), '--quiet', '--json')).out) as {
      subject: string;
      verdict: string;
      findings: { text: string }[];
    }[];
    expect(json.map((d) => d.verdict)).toEqual(['new-ip', 'bad-stream', 'new-ip']);
    expect(json[1]!.findings[0]!.text).toMatch(/^complaint rate 1\.3 % \(40 complaints in the feeds\)/);
  });
});

describe('warmup-sim evidence-pack', () => {
  const k = simulateLog(situation('engaged', 'ramp'), 'kumomta', join(tmp.dir, 'ramp.jsonl'), { policy: 'playbook', seed: 1 });

  it('refuses with the reasons (a failed check, exit 1) and writes nothing', async () => {
    const out = join(tmp.dir, 'pack');
    const e = await cli('evidence-pack', k.path, '--facts', 'examples/evidence-pack/facts.yaml', '--out', out, '--quiet').catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CheckFailed);
    expect((e as Error).message.split('\n')[0]).toBe("not sending yet: the article's condition for contacting Microsoft does not hold:");
    expect((e as Error).message).toMatch(/\n- 192\.0\.2\.20: deferrals have not continued across 3 days/);
    expect(existsSync(join(out, 'request.md'))).toBe(false);
  });

  it('a broken facts file is bad input with file:line:col', async () => {
    writeFileSync(join(tmp.dir, 'facts.yaml'), 'sender: { organisation: X }\n');
    const e = await cli('evidence-pack', k.path, '--facts', join(tmp.dir, 'facts.yaml'), '--out', join(tmp.dir, 'p2'), '--quiet').catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/facts\.yaml:1:9 sender\.contact: /);
  });
});

describe('warmup-sim calibrate', () => {
  it('writes the fit, the CSV, the charts and a scenario that validates', async () => {
    const k = simulateLog(situation('engaged', 'burst'), 'kumomta', join(tmp.dir, 'cal.jsonl'), { policy: 'kumomta', seed: 1 });
    const out = join(tmp.dir, 'cal');
    const r = await cli('calibrate', k.path, '--out', out, '--particles', '50', '--quiet');
    expect(r.out).toMatch(/^fitted \(\d+ filter runs\):\n {2}F0 = [\d.]+ /);
    expect(r.out).toContain('192.0.2.20: trust 0.');
    for (const f of ['fit.json', 'calibration.csv', 'scenario.yaml', 'charts/inferred-state.svg', 'charts/replay.vl.json'])
      expect(existsSync(join(out, f))).toBe(true);
    const { loadScenarioFile } = await import('../../../src/scenario/load.ts');
    expect(loadScenarioFile(join(out, 'scenario.yaml')).scenario.ips.every((ip) => ip.prewarm !== undefined)).toBe(true);
    const bad = await cli('calibrate', k.path, '--out', out, '--particles', '5', '--quiet').catch((x: unknown) => x);
    expect((bad as Error).message).toBe('--particles must be an integer from 10 to 100000, got 5');
  });
});
