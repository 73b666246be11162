import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArfFeed, readComplaintCsv, readSnds } from '../../../src/logs/index.ts';
import type { SndsRow } from '../../../src/logs/index.ts';
import { collect } from './collect.ts';

/** The example of RFC 5965 appendix B.2, in outline. */
const RFC5965 = [
  'From: <abusedesk@example.com>',
  'Date: Thu, 8 Mar 2005 17:40:36 EDT',
  'Subject: FW: Earn money',
  'To: <abuse@example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report;',
  '     boundary="part1_13d.2e68ed54_boundary"',
  '',
  '--part1_13d.2e68ed54_boundary',
  'Content-Type: text/plain; charset="US-ASCII"',
  'Content-Transfer-Encoding: 7bit',
  '',
  'This is an email abuse report for an email message received from IP',
  '192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.',
  '',
  '--part1_13d.2e68ed54_boundary',
  'Content-Type: message/feedback-report',
  '',
  'Feedback-Type: abuse',
  'User-Agent: SomeGenerator/1.0',
  'Version: 1',
  'Original-Mail-From: <somespammer@example.net>',
  'Original-Rcpt-To: <user@example.com>',
  'Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT',
  'Reporting-MTA: dns; mail.example.com',
  'Source-IP: 192.0.2.1',
  '',
  '--part1_13d.2e68ed54_boundary',
  'Content-Type: message/rfc822',
  'Content-Disposition: inline',
  '',
  'From: <somespammer@example.net>',
  'To: <Undisclosed Recipients>',
  'Subject: Earn money',
  'Date: Thu, 02 Sep 2004 12:31:03 -0500',
  '',
  'Spam Spam Spam',
  '--part1_13d.2e68ed54_boundary--',
];

/** Microsoft JMRP shape: no Original-Rcpt-To; the complainer in X-HmXmrOriginalRecipient. */
const JMRP = [
  'Date: Tue, 01 Dec 2026 10:00:00 -0800',
  'From: staff@hotmail.com',
  'Content-Type: multipart/report; report-type=feedback-report; boundary="b1"',
  '',
  '--b1',
  'Content-Type: message/feedback-report',
  '',
  'Feedback-Type: abuse',
  'User-Agent: Microsoft JMRP',
  'Source-IP: 192.0.2.7',
  'Arrival-Date: Tue, 01 Dec 2026 08:00:01 +0000',
  '',
  '--b1',
  'Content-Type: message/rfc822',
  '',
  'X-HmXmrOriginalRecipient: <jane@hotmail.com>',
  'To: "Jane" <redacted@hotmail.com>',
  'Subject: News',
  '',
  'body',
  '--b1--',
];

const dir = mkdtempSync(join(tmpdir(), 'warmup-arf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ARF complaint feeds', () => {
  const edt = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => Date.UTC(y, mo - 1, d, h + 4, mi, s) / 1000;

  it('an mbox of two reports', async () => {
    const mbox = [
      'From abusedesk@example.com Thu Mar  8 17:40:36 2005',
      ...RFC5965,
      '',
      'From staff@hotmail.com Tue Dec  1 18:00:00 2026',
      ...JMRP,
      '',
    ].join('\n');
    const { records, summary } = await collect(readArfFeed, mbox);
    expect(records.map((r) => [r.kind, r.time, r.queuedAt, r.sourceIp, r.recipient, r.provider, r.bounceClass, r.line])).toEqual([
      ['complaint', edt(2005, 3, 8, 17, 40, 36), edt(2005, 3, 8, 14, 0), '192.0.2.1', 'user@example.com', 'corporate', 'abuse', 2],
      [
        'complaint',
        Date.UTC(2026, 11, 1, 18) / 1000,
        Date.UTC(2026, 11, 1, 8, 0, 1) / 1000,
        '192.0.2.7',
        'jane@hotmail.com',
        'microsoft',
        'abuse',
        RFC5965.length + 4,
      ],
    ]);
    expect(summary).toMatchObject({ records: 2, bad: 0, byKind: { complaint: 2 } });
  });

  it('one .eml, a directory of them, and a message that is no report', async () => {
    writeFileSync(join(dir, 'a.eml'), RFC5965.join('\r\n'));
    writeFileSync(join(dir, 'b.eml'), JMRP.join('\n'));
    writeFileSync(join(dir, 'c.eml'), 'From: x@y\nSubject: hello\n\nnot a report\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const one = await collect(readArfFeed, join(dir, 'b.eml'));
    expect(one.records.map((r) => r.recipient)).toEqual(['jane@hotmail.com']);
    const all = await collect(readArfFeed, dir);
    expect(all.records.map((r) => r.recipient)).toEqual(['user@example.com', 'jane@hotmail.com']);
    expect(all.summary.badSamples.map((b) => b.reason)).toEqual(['not an ARF report (no Feedback-Type field)']);
  });

  it('the reported message To: is the last resort; not-spam is no complaint', async () => {
    const noRcpt = JMRP.filter((l) => !l.startsWith('X-Hm')).map((l) => l.replace('Feedback-Type: abuse', 'Feedback-Type: not-spam'));
    const { records } = await collect(readArfFeed, noRcpt.join('\n'));
    expect(records.map((r) => [r.kind, r.recipient])).toEqual([['other', 'redacted@hotmail.com']]);
  });
});

describe('complaint CSV', () => {
  it('with a header in any order, recipients or domains', async () => {
    const text = [
      'ip,recipient,time',
      '192.0.2.1,a@hotmail.com,2026-12-01T08:00:01Z',
      '192.0.2.2,gmail.com,1796112002',
      '192.0.2.3,,yesterday',
    ].join('\n');
    const { records, summary } = await collect(readComplaintCsv, text);
    expect(records.map((r) => [r.kind, r.time, r.sourceIp, r.recipient, r.domain, r.provider])).toEqual([
      ['complaint', 1796112001, '192.0.2.1', 'a@hotmail.com', 'hotmail.com', 'microsoft'],
      ['complaint', 1796112002, '192.0.2.2', '', 'gmail.com', 'gmail'],
    ]);
    expect(summary.badSamples.map((b) => [b.line, b.reason])).toEqual([[4, 'no valid time in the time column']]);
  });

  it('without a header: time, ip, recipient', async () => {
    const { records } = await collect(readComplaintCsv, '2026-12-01 08:00:01,192.0.2.1,b@yahoo.com\n');
    expect(records.map((r) => [r.time, r.sourceIp, r.recipient, r.provider])).toEqual([[1796112001, '192.0.2.1', 'b@yahoo.com', 'yahoo']]);
  });
});

describe('SNDS data export', () => {
  it('rows in the export order', async () => {
    const text = [
      '1.1.1.0,12/31/2019 8:00 AM,9/29/2020 9:00 PM,14129,14129,13025,GREEN,< 0.1%,9/29/2020 8:07 AM,9/29/2020 12:03 PM,41,,,',
      '1.1.1.2,12/31/2019 9:00 PM,9/29/2020 9:00 PM,14121,14121,12960,RED,0.3%,,,0,mta.example.com,bounce@example.com,',
      'not-an-ip,1,2',
      '1.1.1.3,yesterday,today,1,1,1,GREEN,,,,0',
    ].join('\r\n');
    const rows: SndsRow[] = [];
    const s = await readSnds(Buffer.from(text), (r) => rows.push(r));
    expect(
      rows.map((r) => [
        r.ip,
        r.start,
        r.end,
        r.rcptCommands,
        r.dataCommands,
        r.recipients,
        r.filter,
        r.complaintLow,
        r.complaintHigh,
        r.trapHits,
        r.sampleHelo,
        r.sampleMailFrom,
      ]),
    ).toEqual([
      ['1.1.1.0', Date.UTC(2019, 11, 31, 8) / 1000, Date.UTC(2020, 8, 29, 21) / 1000, 14129, 14129, 13025, 'GREEN', 0, 0.001, 41, '', ''],
      [
        '1.1.1.2',
        Date.UTC(2019, 11, 31, 21) / 1000,
        Date.UTC(2020, 8, 29, 21) / 1000,
        14121,
        14121,
        12960,
        'RED',
        0.003,
        0.003,
        0,
        'mta.example.com',
        'bounce@example.com',
      ],
    ]);
    expect(rows[0]!.trapStart).toBe(Date.UTC(2020, 8, 29, 8, 7) / 1000);
    expect(rows[1]!.trapStart).toBeNaN();
    expect(s.badSamples.map((b) => [b.line, b.reason])).toEqual([
      [3, 'first column is not an IPv4 address'],
      [4, "activity start/end are not 'M/D/YYYY h:mm AM' times"],
    ]);
    const pst = await readSnds(Buffer.from(text.split('\r\n')[0]!), (r) => rows.push(r), { utcOffsetMinutes: -480 });
    expect(pst.firstTime).toBe(Date.UTC(2019, 11, 31, 16) / 1000);
  });
});
