import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import yargs from 'yargs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { logsCommand } from '../../../src/cli/commands/logs.ts';
import { parseIpMap, readIpMap, LogReadError } from '../../../src/logs/index.ts';
import { UsageError } from '../../../src/run/run-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'warmup-logs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<string> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await yargs(argv)
      .command(logsCommand)
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
    return spy.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    spy.mockRestore();
  }
}

const MX = 'mx.olc.protection.outlook.com[52.101.0.1]';
const LOG = [
  `Dec  1 08:00:01 mta1 postfix-ip2/smtp[1]: 4ABC123DEF: to=<a@hotmail.com>, relay=${MX}:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.650, status=deferred (host ${MX} said: 451 4.7.650 The mail server [192.0.2.2] has been temporarily rate limited due to IP reputation. (S775) (in reply to MAIL FROM command))`,
  `Dec  1 08:20:01 mta1 postfix-ip2/smtp[1]: 4ABC123DEF: to=<a@hotmail.com>, relay=${MX}:25, delay=1201, delays=1200/0/0.5/0.5, dsn=2.6.0, status=sent (250 2.6.0 Queued mail for delivery)`,
  'garbage',
].join('\n');

describe('warmup-sim logs', () => {
  it('summarises a gzipped maillog and writes the records', async () => {
    writeFileSync(join(dir, 'mail.log.gz'), gzipSync(LOG));
    const text = await run(
      'logs',
      'postfix',
      join(dir, 'mail.log.gz'),
      '--year',
      '2026',
      '--syslog-name',
      'postfix-ip2=192.0.2.2',
      '--records',
      join(dir, 'records.jsonl'),
    );
    expect(text).toContain('postfix: 3 lines, 2 records (delivered 1, deferred 1)');
    expect(text).toContain('source IPs: 192.0.2.2 2');
    expect(text).toContain('providers: microsoft 2');
    expect(text).toContain('line 3: no syslog timestamp: garbage');
    const records = readFileSync(join(dir, 'records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.kind, r.cls, r.sourceIp, r.attempt])).toEqual([
      ['deferred', 'throttle', '192.0.2.2', 1],
      ['delivered', 'accepted', '192.0.2.2', 2],
    ]);
    expect(existsSync(join(dir, 'records.jsonl.tmp'))).toBe(false);
  });

  it('--json prints the summary object; a mapping file names the IPs', async () => {
    writeFileSync(join(dir, 'mail.log'), LOG);
    writeFileSync(join(dir, 'ips.txt'), '# syslog name -> source IP\npostfix-ip2 198.51.100.2\n');
    const s = JSON.parse(
      await run('logs', 'postfix', join(dir, 'mail.log'), '--year', '2026', '--syslog-map', join(dir, 'ips.txt'), '--json'),
    );
    expect(s).toMatchObject({ format: 'postfix', lines: 3, records: 2, bad: 1, ips: { '198.51.100.2': 2 } });
  });

  it('an unreadable file or a missing year is a usage error (exit 2), no records file left', async () => {
    await expect(run('logs', 'kumomta', join(dir, 'nope.jsonl'))).rejects.toThrow(UsageError);
    await expect(run('logs', 'kumomta', join(dir, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl: no such file/);
    await expect(run('logs', 'postfix', join(dir, 'mail.log'), '--records', join(dir, 'r2.jsonl'))).rejects.toThrow(
      /give the year of the first line/,
    );
    expect(existsSync(join(dir, 'r2.jsonl.tmp'))).toBe(false);
    await expect(run('logs', 'postfix', join(dir, 'mail.log'), '--syslog-name', 'bad')).rejects.toThrow(/--syslog-name expects NAME=IP/);
  });
});

describe('source-IP mapping files', () => {
  it('lines or JSON; errors name file:line:col', () => {
    expect(parseIpMap('a 1.1.1.1\nb=2.2.2.2\n\nc, 3.3.3.3 # note\n')).toEqual({ a: '1.1.1.1', b: '2.2.2.2', c: '3.3.3.3' });
    expect(parseIpMap('{"postfix-ip2": "192.0.2.2"}')).toEqual({ 'postfix-ip2': '192.0.2.2' });
    expect(() => parseIpMap('ok 1.1.1.1\njust-one\n', 'ips.txt')).toThrow("ips.txt:2:1: expected 'syslog-name ip', found 'just-one'");
    expect(() => parseIpMap('{"a": 1}', 'm.json')).toThrow('m.json:1:1: the value of "a" must be an IP address string');
    expect(() => readIpMap(join(dir, 'none.txt'))).toThrow(LogReadError);
  });
});
