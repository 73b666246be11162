import { describe, expect, it } from 'vitest';
import { readPowerMtaLog } from '../../../src/logs/index.ts';
import { splitCsvLine, csvField } from '../../../src/logs/csv.ts';
import { collect } from './collect.ts';

const HEADER =
  'type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool';

describe('CSV line splitter', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['x,"say ""hi""",y', ['x', 'say "hi"', 'y']],
    ['x,"",y', ['x', '', 'y']],
    ['"a"b,c', ['ab', 'c']],
    ['a,"b"', ['a', 'b']],
    ['a,"b",', ['a', 'b', '']],
    ['', ['']],
  ])('%j', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });

  it('null for an unclosed quote; fields quoted only when needed', () => {
    expect(splitCsvLine('a,"b,c')).toBeNull();
    expect(splitCsvLine('"x,""y"",z",w')).toEqual(['x,"y",z', 'w']);
    expect([csvField('plain'), csvField('a,b'), csvField('say "x"')]).toEqual(['plain', '"a,b"', '"say ""x"""']);
  });
});

describe('PowerMTA accounting reader', () => {
  it('reads d, t, b and f records by the header row', async () => {
    const text = [
      HEADER,
      'd,2014-08-24 16:00:14+0530,2014-08-24 16:00:02+0530,bounce@x.com,VJAY@YMAIL.COM,,relayed,2.0.0 (success),smtp;250 ok dirdel,mta7.am0.yahoodns.net (66.196.118.35),,smtp,src.example (202.0.2.3),smtp,172.30.149.109,66.196.118.35,"PIPELINING,8BITMIME,SIZE,STARTTLS",155704,vmta1,CAMPAIGN,m-1,ymail.com/vmta1,pool-a',
      't,2026-12-01 08:00:01+0000,2026-12-01 08:00:00+0000,b@news.example.com,a@hotmail.com,,delayed,4.7.650 (security or policy status),"smtp;451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)",hotmail-com.olc.protection.outlook.com (52.101.0.1),policy-related,smtp,,smtp,192.0.2.1,52.101.0.1,,2000,ip1,,m-2,hotmail.com/ip1,warmup',
      'b,1796112001,1796112000,b@news.example.com,gone@gmail.com,,failed,5.1.1 (bad destination mailbox address),"smtp;550-5.1.1 The email account that you tried to reach does not exist, please check - gsmtp",gmail-smtp-in.l.google.com (142.250.0.27),bad-mailbox,smtp,,smtp,192.0.2.2,142.250.0.27,,2000,ip2,,m-3,gmail.com/ip2,warmup',
      'b,2026-12-05 08:00:00+0000,2026-12-01 08:00:00+0000,b@news.example.com,late@outlook.com,,failed,4.4.7 (delivery time expired),smtp;451 4.7.650 rate limited (S775),,message-expired,smtp,,smtp,192.0.2.1,,,2000,ip1,,m-4,outlook.com/ip1,warmup',
    ].join('\r\n');
    const { records, summary } = await collect(readPowerMtaLog, text);
    expect(
      records.map((r) => [r.kind, r.mtaType, r.recipient, r.domain, r.provider, r.sourceIp, r.code, r.enhanced, r.cls, r.bounceClass]),
    ).toEqual([
      ['delivered', 'd', 'VJAY@YMAIL.COM', 'ymail.com', 'yahoo', '172.30.149.109', 250, '2.0.0', 'accepted', ''],
      ['deferred', 't', 'a@hotmail.com', 'hotmail.com', 'microsoft', '192.0.2.1', 451, '4.7.650', 'throttle', 'policy-related'],
      ['bounced', 'b', 'gone@gmail.com', 'gmail.com', 'gmail', '192.0.2.2', 550, '5.1.1', 'unknown-user', 'bad-mailbox'],
      ['expired', 'b', 'late@outlook.com', 'outlook.com', 'microsoft', '192.0.2.1', 451, '4.7.650', 'throttle', 'message-expired'],
    ]);
    expect(records[0]).toMatchObject({
      time: 1408876214,
      queuedAt: 1408876202,
      peerHost: 'mta7.am0.yahoodns.net',
      peerIp: '66.196.118.35',
      source: 'vmta1',
      pool: 'pool-a',
      messageId: 'm-1',
      text: '250 ok dirdel',
      queue: 'ymail.com/vmta1',
    });
    expect(records[2]!.text).toBe('550-5.1.1 The email account that you tried to reach does not exist, please check - gsmtp');
    expect(summary).toMatchObject({ lines: 5, records: 4, ignored: 1, bad: 0 });
  });

  it('a header chosen by the operator, and a new header mid-file', async () => {
    const text = [
      'type,timeLogged,rcpt,dsnDiag,dlvSourceIp',
      't,1796112001,a@hotmail.com,smtp;451 4.7.650 x (S775),192.0.2.9',
      'type,rcpt,timeLogged,feedbackType',
      'f,c@aol.com,1796112002,abuse',
      'rs,x,1796112003,',
    ].join('\n');
    const { records, summary } = await collect(readPowerMtaLog, text);
    expect(records.map((r) => [r.kind, r.time, r.recipient, r.sourceIp, r.bounceClass])).toEqual([
      ['deferred', 1796112001, 'a@hotmail.com', '192.0.2.9', ''],
      ['complaint', 1796112002, 'c@aol.com', '', 'abuse'],
    ]);
    expect(summary).toMatchObject({ ignored: 3, bad: 0 });
  });

  it('field names for a file without a header; bad lines counted', async () => {
    const bare = await collect(readPowerMtaLog, 'd,1796112001,a@gmail.com', { fields: ['type', 'timeLogged', 'rcpt'] });
    expect(bare.records.map((r) => r.kind)).toEqual(['delivered']);
    const { summary } = await collect(
      readPowerMtaLog,
      ['d,1796112001,a@gmail.com', HEADER, 'zz,1,2', 'd,not-a-time', 'd,"unclosed'].join('\n'),
    );
    expect(summary.badSamples.map((b) => [b.line, b.reason])).toEqual([
      [1, 'a record before the header row (type,timeLogged,...): pass the field names'],
      [3, "unknown record type 'zz'"],
      [4, 'timeLogged is not a time'],
      [5, 'unclosed quote'],
    ]);
  });
});
