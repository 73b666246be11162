import { describe, expect, it } from 'vitest';
import { readPostfixLog, LogReadError } from '../../../src/logs/index.ts';
import { classify } from '../../../src/smtp/classifier.ts';
import { collect } from './collect.ts';

const S775 =
  '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)';
const MX = 'hotmail-com.olc.protection.outlook.com[52.101.0.1]';

describe('Postfix maillog reader', () => {
  const log = [
    'Dec  1 07:59:59 mta1 postfix/pickup[900]: 4ABC123DEF: uid=1000 from=<b@news.example.com>',
    'Dec  1 07:59:59 mta1 postfix/cleanup[901]: 4ABC123DEF: message-id=<m1@news.example.com>',
    'Dec  1 08:00:00 mta1 postfix-ip1/qmgr[902]: 4ABC123DEF: from=<b@news.example.com>, size=2000, nrcpt=1 (queue active)',
    `Dec  1 08:00:01 mta1 postfix-ip1/smtp[1234]: 4ABC123DEF: to=<a@hotmail.com>, relay=${MX}:25, delay=2.1, delays=0.1/0/0.5/0.6, dsn=4.7.650, status=deferred (host ${MX} said: ${S775} (in reply to MAIL FROM command))`,
    'Dec  1 08:00:02 mta1 postfix/smtpd[777]: connect from unknown[203.0.113.9]',
    'Dec  1 08:20:00 mta1 postfix-ip1/qmgr[902]: 4ABC123DEF: from=<b@news.example.com>, size=2000, nrcpt=1 (queue active)',
    `Dec  1 08:20:01 mta1 postfix-ip1/smtp[1234]: 4ABC123DEF: to=<a@hotmail.com>, relay=${MX}:25, conn_use=2, delay=1202, delays=1201/0/0.5/0.5, dsn=2.6.0, status=sent (250 2.6.0 <m1@news.example.com> [InternalId=1] Queued mail for delivery)`,
    'Dec  1 08:20:01 mta1 postfix-ip1/qmgr[902]: 4ABC123DEF: removed',
    'Dec  1 09:00:00 mta1 postfix-ip2/smtp[1235]: 5BCD234EF0: to=<gone@gmail.com>, orig_to=<alias@news.example.com>, relay=gmail-smtp-in.l.google.com[142.250.0.27]:25, delay=0.5, delays=0.01/0/0.2/0.3, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.0.27] said: 550-5.1.1 The email account that you tried to reach does not exist. - gsmtp (in reply to RCPT TO command))',
    'Dec  1 09:00:01 mta1 postfix-ip2/smtp[1235]: 6CDE345F01: to=<x@yahoo.com>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mta5.am0.yahoodns.net[67.195.204.77]:25: Connection timed out)',
    'Dec  1 09:00:02 mta1 postfix-ip2/error[1240]: 6CDE345F01: to=<x@yahoo.com>, relay=none, delay=31, delays=31/0/0/0, dsn=4.7.0, status=deferred (delivery temporarily suspended: host mta5.am0.yahoodns.net[67.195.204.77] said: 421 4.7.0 [TSS04] Messages from 192.0.2.2 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1 (in reply to MAIL FROM command))',
    'Dec  1 09:00:03 mta1 postfix/local[1300]: 7DEF456012: to=<root@mta1.example>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (forwarded as 8EF0567123)',
    'Dec  6 09:00:00 mta1 postfix-ip2/qmgr[902]: 6CDE345F01: from=<b@news.example.com>, status=expired, returned to sender',
    'Dec  6 09:00:00 mta1 postfix-ip2/bounce[1400]: 6CDE345F01: sender non-delivery notification: 9F01678234',
  ].join('\n');
  const opts = { year: 2026, syslogNames: { 'postfix-ip1': '192.0.2.1', 'postfix-ip2': '192.0.2.2' } };

  it('reads delivery status lines, receptions and expiries', async () => {
    const { records, summary } = await collect(readPostfixLog, log, opts);
    expect(
      records.map((r) => [r.kind, r.mtaType, r.recipient, r.sourceIp, r.code, r.enhanced, r.cls, r.command, r.attempt, r.peerHost]),
    ).toEqual([
      ['reception', 'qmgr', '', '192.0.2.1', 0, '', '', '', 0, ''],
      [
        'deferred',
        'deferred',
        'a@hotmail.com',
        '192.0.2.1',
        451,
        '4.7.650',
        'throttle',
        'MAIL FROM',
        1,
        'hotmail-com.olc.protection.outlook.com',
      ],
      ['delivered', 'sent', 'a@hotmail.com', '192.0.2.1', 250, '2.6.0', 'accepted', '.', 2, 'hotmail-com.olc.protection.outlook.com'],
      ['bounced', 'bounced', 'gone@gmail.com', '192.0.2.2', 550, '5.1.1', 'unknown-user', 'RCPT TO', 1, 'gmail-smtp-in.l.google.com'],
      ['deferred', 'deferred', 'x@yahoo.com', '192.0.2.2', 0, '4.4.1', 'other-temporary', 'connect', 1, 'none'],
      ['deferred', 'deferred', 'x@yahoo.com', '192.0.2.2', 421, '4.7.0', 'throttle', 'MAIL FROM', 2, 'none'],
      ['other', 'sent', 'root@mta1.example', '', 0, '2.0.0', '', '', 1, 'local'],
      ['expired', 'expired', 'x@yahoo.com', '192.0.2.2', 0, '', '', '', 2, ''],
    ]);
    const t0 = Date.UTC(2026, 11, 1, 7, 59, 59) / 1000;
    // first sighting (cleanup) when known, else the line's time minus delay=
    const queued = [0, 0, 0, 3601 - 0.5, 3602 - 30, 3602 - 30, 3604 - 0.1, 3602 - 30];
    records.forEach((r, i) => expect(r.queuedAt - t0).toBeCloseTo(queued[i]!, 5));
    expect(records[1]).toMatchObject({
      time: t0 + 2,
      text: S775,
      peerIp: '52.101.0.1',
      source: 'postfix-ip1',
      queue: 'smtp',
      messageId: '4ABC123DEF',
      provider: 'microsoft',
      line: 4,
    });
    expect(records[3]!.text).toBe('550-5.1.1 The email account that you tried to reach does not exist. - gsmtp');
    expect(records[4]!.text).toBe('connect to mta5.am0.yahoodns.net[67.195.204.77]:25: Connection timed out');
    expect(records[1]!.cls).toBe(classify(S775));
    expect(summary).toMatchObject({ lines: 14, records: 8, bad: 0, ips: { '192.0.2.1': 3, '192.0.2.2': 4, '': 1 } });
  });

  it('one source IP for all', async () => {
    const { records } = await collect(readPostfixLog, log, { year: 2026, sourceIp: '198.51.100.7' });
    expect(new Set(records.map((r) => r.sourceIp))).toEqual(new Set(['198.51.100.7']));
  });

  it('rolls the year over from December to January, and takes late lines back', async () => {
    const text = [
      'Dec 31 23:59:58 h postfix/smtp[1]: AAAAAA1: to=<a@gmail.com>, relay=mx[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 OK)',
      'Jan  1 00:00:01 h postfix/smtp[1]: AAAAAA2: to=<b@gmail.com>, relay=mx[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 OK)',
      'Dec 31 23:59:59 h postfix/smtp[1]: AAAAAA3: to=<c@gmail.com>, relay=mx[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 OK)',
      'Jan  2 00:00:00 h postfix/smtp[1]: AAAAAA4: to=<d@gmail.com>, relay=mx[192.0.2.9]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 OK)',
    ].join('\n');
    const { records } = await collect(readPostfixLog, text, { year: 2026 });
    expect(records.map((r) => r.time)).toEqual(
      [Date.UTC(2026, 11, 31, 23, 59, 58), Date.UTC(2027, 0, 1, 0, 0, 1), Date.UTC(2026, 11, 31, 23, 59, 59), Date.UTC(2027, 0, 2)].map(
        (t) => t / 1000,
      ),
    );
    const east = await collect(readPostfixLog, text.split('\n')[0]!, { year: 2026, utcOffsetMinutes: 60 });
    expect(east.records[0]!.time).toBe(Date.UTC(2026, 11, 31, 22, 59, 58) / 1000);
  });

  it('reads RFC 3339 timestamps without a year option', async () => {
    const { records } = await collect(
      readPostfixLog,
      `2026-12-01T08:00:01.250000+01:00 mta1 postfix/smtp[1234]: 4ABC123DEF: to=<a@hotmail.com>, relay=${MX}:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.7.650, status=deferred (host ${MX} said: ${S775} (in reply to MAIL FROM command))`,
    );
    expect(records[0]).toMatchObject({ time: Date.UTC(2026, 11, 1, 7, 0, 1) / 1000 + 0.25, kind: 'deferred', cls: 'throttle' });
  });

  it('a classic timestamp without the year option is a clear error', async () => {
    await expect(collect(readPostfixLog, log)).rejects.toThrow(LogReadError);
    await expect(collect(readPostfixLog, log)).rejects.toThrow(/no year: give the year of the first line/);
  });

  it('bad lines are counted, noise is ignored', async () => {
    const text = [
      'garbage',
      'Dec  1 08:00:01',
      'Dec  1 08:00:01 hostonly',
      'Dec 41 08:00:01 h postfix/smtp[1]: AAAAAA1: to=<a@b.c>, status=sent (250 ok)',
      'Dec  1 08:00:01 h kernel: eth0 up',
      'Dec  1 08:00:01 h postfix/smtp[1]: AAAAAA1: to=<a@b.c relay=x',
      'Dec  1 08:00:01 h postfix/smtp[1]: AAAAAA1: to=<a@b.c>, relay=x',
      '',
    ].join('\n');
    const { records, summary } = await collect(readPostfixLog, text, { year: 2026 });
    expect(records).toEqual([]);
    expect(summary.badSamples.map((b) => [b.line, b.reason])).toEqual([
      [1, 'no syslog timestamp'],
      [2, 'no syslog timestamp'],
      [3, 'no program after the host'],
      [4, 'the syslog timestamp is out of range'],
      [6, "no '>, ' after to=<"],
      [7, 'no status='],
    ]);
    expect(summary.ignored).toBe(1);
  });
});
