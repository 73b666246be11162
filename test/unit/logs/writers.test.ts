import { describe, expect, it } from 'vitest';
import { kumoReception, kumoRecord, pmtaRecord, postfixLines, ACCT_HEADER, type Attempt } from '../../../src/logs/index.ts';
import { normalReplyText, replyContent } from '../../../src/logs/attempt.ts';
import { postfixDelay, queueIdOf } from '../../../src/logs/write-postfix.ts';

const S775 =
  '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)';
const a: Attempt = {
  time: 1796112001.7,
  messageId: '4ABC123DEF',
  recipient: 'a@hotmail.com',
  sender: 'b@news.example.com',
  sourceIp: '192.0.2.1',
  pool: 'warmup',
  source: 'ip1',
  mxHost: 'hotmail-com.olc.protection.outlook.com',
  mxIp: '52.101.0.1',
  code: 451,
  enhanced: '4.7.650',
  text: S775,
  command: 'MAIL FROM',
  attempt: 1,
  injectedAt: 1796112000,
  outcome: 'deferred',
  size: 2000,
};

describe('log writers', () => {
  it('KumoMTA records', () => {
    expect(JSON.parse(kumoRecord(a))).toEqual({
      type: 'TransientFailure',
      id: '4ABC123DEF',
      sender: 'b@news.example.com',
      recipient: 'a@hotmail.com',
      queue: 'hotmail.com',
      site: 'ip1->hotmail-com.olc.protection.outlook.com',
      size: 2000,
      response: {
        code: 451,
        enhanced_code: { class: 4, subject: 7, detail: 650 },
        content: S775.slice(12),
        command: 'MAIL FROM:<b@news.example.com>\r\n',
      },
      peer_address: { name: 'hotmail-com.olc.protection.outlook.com', addr: '52.101.0.1' },
      timestamp: 1796112001,
      created: 1796112000,
      num_attempts: 0,
      bounce_classification: 'PolicyRelated',
      egress_pool: 'warmup',
      egress_source: 'ip1',
      source_address: { address: '192.0.2.1:52001' },
      feedback_report: null,
      meta: {},
      headers: {},
      delivery_protocol: 'ESMTP',
      reception_protocol: 'ESMTP',
    });
    expect(JSON.parse(kumoReception(a))).toMatchObject({
      type: 'Reception',
      timestamp: 1796112000,
      recipient: 'a@hotmail.com',
      num_attempts: 0,
    });
    expect(JSON.parse(kumoRecord({ ...a, outcome: 'expired', attempt: 8 }))).toMatchObject({
      type: 'Expiration',
      response: { code: 551, enhanced_code: { class: 5, subject: 4, detail: 7 }, command: null },
      num_attempts: 8,
      bounce_classification: 'MessageExpired',
    });
  });

  it('PowerMTA records', () => {
    expect(ACCT_HEADER).toBe(
      'type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool',
    );
    expect(pmtaRecord(a)).toBe(
      `t,2026-12-01 08:00:01+0000,2026-12-01 08:00:00+0000,b@news.example.com,a@hotmail.com,,delayed,4.7.650 (security or policy status),"smtp;${S775}",hotmail-com.olc.protection.outlook.com (52.101.0.1),policy-related,smtp,localhost,smtp,192.0.2.1,52.101.0.1,,2000,ip1,,4ABC123DEF,hotmail.com/ip1,warmup`,
    );
    expect(pmtaRecord({ ...a, outcome: 'delivered', code: 250, enhanced: '2.0.0', text: '250 2.0.0 OK' })).toMatch(
      /^d,2026-12-01 08:00:01\+0000,2026-12-01 08:00:00\+0000,b@news.example.com,a@hotmail.com,,relayed,2.0.0 \(success\),smtp;250 2.0.0 OK,/,
    );
    expect(
      pmtaRecord({ ...a, outcome: 'expired' })
        .split(',')
        .slice(6, 8),
    ).toEqual(['failed', '4.4.7 (delivery time expired)']);
  });

  it('Postfix lines', () => {
    const mx = 'hotmail-com.olc.protection.outlook.com[52.101.0.1]';
    const lines = postfixLines(a, { syslogNames: { '192.0.2.1': 'postfix-ip1' } }).map((l) => l.replace(/\[\d+\]: /, '[PID]: '));
    expect(lines).toEqual([
      'Dec  1 08:00:00 mta1 postfix-ip1/cleanup[PID]: 4ABC123DEF: message-id=<4ABC123DEF@mta1>',
      'Dec  1 08:00:00 mta1 postfix-ip1/qmgr[PID]: 4ABC123DEF: from=<b@news.example.com>, size=2000, nrcpt=1 (queue active)',
      `Dec  1 08:00:01 mta1 postfix-ip1/smtp[PID]: 4ABC123DEF: to=<a@hotmail.com>, relay=${mx}:25, delay=1.7, delays=1.4/0.01/0.18/0.12, dsn=4.7.650, status=deferred (host ${mx} said: ${S775} (in reply to MAIL FROM command))`,
    ]);
    const sent = postfixLines(
      {
        ...a,
        attempt: 2,
        time: 1796113201,
        outcome: 'delivered',
        code: 250,
        enhanced: '2.6.0',
        text: '250 2.6.0 <x> Queued mail for delivery',
        command: '.',
      },
      { timestamps: 'rfc3339' },
    ).map((l) => l.replace(/\[\d+\]: /, '[PID]: '));
    expect(sent).toEqual([
      '2026-12-01T08:20:01.000000+00:00 mta1 postfix/qmgr[PID]: 4ABC123DEF: from=<b@news.example.com>, size=2000, nrcpt=1 (queue active)',
      `2026-12-01T08:20:01.000000+00:00 mta1 postfix/smtp[PID]: 4ABC123DEF: to=<a@hotmail.com>, relay=${mx}:25, delay=1201, delays=1201/0.01/0.18/0.12, dsn=2.6.0, status=sent (250 2.6.0 <x> Queued mail for delivery)`,
      '2026-12-01T08:20:01.000000+00:00 mta1 postfix/qmgr[PID]: 4ABC123DEF: removed',
    ]);
    const bounced = postfixLines({
      ...a,
      attempt: 3,
      outcome: 'bounced',
      code: 550,
      enhanced: '5.5.0',
      text: '550 5.5.0 Requested action not taken: mailbox unavailable',
      command: 'RCPT TO',
    });
    expect(bounced.map((l) => l.split(': ').slice(1).join(': '))).toEqual([
      '4ABC123DEF: from=<b@news.example.com>, size=2000, nrcpt=1 (queue active)',
      `4ABC123DEF: to=<a@hotmail.com>, relay=${mx}:25, delay=1.7, delays=1.4/0.01/0.18/0.12, dsn=5.5.0, status=bounced (host ${mx} said: 550 5.5.0 Requested action not taken: mailbox unavailable (in reply to RCPT TO command))`,
      `4ABC123DEF: sender non-delivery notification: ${queueIdOf('4ABC123DEF-ndr')}`,
      '4ABC123DEF: removed',
    ]);
    const timeout = postfixLines({ ...a, code: 0, enhanced: '', text: 'Connection timed out', command: 'connect', attempt: 2 });
    expect(timeout[1]).toMatch(
      /dsn=4\.4\.1, status=deferred \(connect to hotmail-com\.olc\.protection\.outlook\.com\[52\.101\.0\.1\]:25: Connection timed out\)$/,
    );
    expect(postfixLines({ ...a, outcome: 'expired' }).map((l) => l.split(': ').slice(1).join(': '))).toEqual([
      '4ABC123DEF: from=<b@news.example.com>, status=expired, returned to sender',
      '4ABC123DEF: removed',
    ]);
  });

  it.each([
    [0, '0'],
    [0.004, '0'],
    [0.013, '0.013'],
    [0.5, '0.5'],
    [0.456, '0.46'],
    [1, '1'],
    [1.25, '1.3'],
    [9.96, '10'],
    [12.4, '12'],
    [767, '767'],
  ])('Postfix delay %d -> %s', (s, text) => {
    expect(postfixDelay(s)).toBe(text);
  });

  it('queue ids and reply contents', () => {
    expect(queueIdOf('4ABC123DEF')).toBe('4ABC123DEF');
    expect(queueIdOf('message-7')).toMatch(/^[0-9A-F]{10}$/);
    expect(queueIdOf('message-7')).not.toBe(queueIdOf('message-8'));
    expect(replyContent('421-4.7.28 [ip] Our system', 421, '4.7.28')).toBe('[ip] Our system');
    expect(replyContent('250 ok', 250, '')).toBe('ok');
    expect(normalReplyText('421-4.7.28 [ip] Our system', 421, '4.7.28')).toBe('421 4.7.28 [ip] Our system');
    expect(normalReplyText('250', 250, '')).toBe('250');
  });
});
