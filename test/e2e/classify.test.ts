/**
 * End-to-end: `classify` on arguments, files, standard input and JSON lines; replies in the forms
 * logs and bounces give them; "unrecognised" for text that is no reply; bad input is exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'wsim-classify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOG = [
  'Jan 12 10:11:12 mta1 postfix/smtp[4242]: 3F2A1C0D: to=<someone@outlook.com>, relay=outlook-com.olc.protection.outlook.com[192.0.2.25]:25, dsn=4.7.650, status=deferred (host outlook-com.olc.protection.outlook.com[192.0.2.25] said: 451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. (S775) (in reply to MAIL FROM command))',
  'Diagnostic-Code: smtp; 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table',
  '<someone@gmx.net>: host mx00.emig.gmx.net[212.227.15.9] refused to talk to me:',
  '    554-gmx.net (mxgmx008) Nemesis ESMTP Service not available 554-No SMTP',
  '    service 554-IP address is block listed.',
  'hello world',
  '421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]',
  '',
].join('\n');

const TABLE = [
  'throttle          temporary  451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. (S775)',
  'unknown-user      permanent  550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table',
  'block             permanent  554 gmx.net (mxgmx008) Nemesis ESMTP Service not available No SMTP service IP address is block listed.',
  'unrecognised      -          hello world',
  'connection-limit  temporary  421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]',
  '',
].join('\n');

describe('classify', () => {
  it.concurrent('standard input and --file give one line per reply, multi-line replies joined', async () => {
    const file = join(dir, 'mail.log');
    writeFileSync(file, LOG);
    const [piped, read, dash] = await Promise.all([
      cli(['classify'], { input: LOG }),
      cli(['classify', '--file', file]),
      cli(['classify', '--file', '-'], { input: LOG }),
    ]);
    for (const r of [piped, read, dash]) expect([r.code, r.err, r.out]).toEqual([0, '', TABLE]);
  });

  it.concurrent('--json gives one object a line with where each reply came from', async () => {
    const r = await cli(['classify', '--json'], { input: LOG });
    const rows = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; line: number; class: string; temporary: boolean | null; code: number | null });
    expect(rows.map((x) => [x.source, x.line, x.class, x.temporary, x.code])).toEqual([
      ['stdin', 1, 'throttle', true, 451],
      ['stdin', 2, 'unknown-user', false, 550],
      ['stdin', 3, 'block', false, 554],
      ['stdin', 6, 'unrecognised', null, null],
      ['stdin', 7, 'connection-limit', true, 421],
    ]);
  });

  it.concurrent('--jsonl reads a string or an object field per line', async () => {
    const input = [
      '"smtp; 550 5.1.1 user unknown"',
      '{"bounce":{"diag":"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred"}}',
      '',
    ].join('\n');
    const r = await cli(['classify', '--jsonl', '--field', 'bounce.diag', '--json'], { input });
    expect(r.code, r.err).toBe(0);
    expect(
      r.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { class: string }).class),
    ).toEqual(['unknown-user', 'throttle']);
  });

  it.concurrent.each([
    [['classify', 'hello world'], 'unrecognised: not an SMTP reply: no 2xx, 4xx or 5xx reply code found\n'],
    [
      ['classify', 'Diagnostic-Code: smtp;550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org'],
      'block (permanent: do not retry): IP, network or domain block (S3140/S3150, SC-00x, 5.7.606-649, TSS09, DNSBL)\n',
    ],
    [
      ['classify', '421 IP=192.0.2.1 - Service refuse. Veuillez essayer plus tard. OFR_999 [999]'],
      'throttle (temporary: retry later): rate limited for reputation or volume (4.7.650/651, Gmail 4.7.28, Yahoo TSS04, RP-001)\n',
    ],
  ])('%j', async (args, out) => {
    const r = await cli(args);
    expect([r.code, r.err, r.out]).toEqual([0, '', out]);
  });

  it.concurrent('one reply with --json: the object, unrecognised with nulls', async () => {
    const r = await cli(['classify', 'hello world', '--json']);
    expect(JSON.parse(r.out)).toEqual({
      class: 'unrecognised',
      temporary: null,
      code: null,
      enhanced: null,
      reply: null,
      meaning: 'not an SMTP reply: no 2xx, 4xx or 5xx reply code found',
    });
  });

  it.concurrent.each([
    [['classify', '--file', 'nope.txt'], {}, 'nope.txt:1:1 cannot read the file (no such file)'],
    [['classify', '--jsonl'], { input: '"550 5.1.1 x"\nnot json\n' }, /^stdin:2:1 not JSON \(/],
    [['classify', '--jsonl'], { input: '{"reply":"550 5.1.1 x"}\n' }, 'stdin:1:1 text: expected the reply here as a string (see --field)'],
  ] as [string[], { input?: string }, string | RegExp][])('%j: bad input, exit 2, one line', async (args, o, message) => {
    const r = await cli(args, o);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    if (typeof message === 'string') expect(r.err).toBe(`${message}\n`);
    else expect(r.err).toMatch(message);
  });
});
