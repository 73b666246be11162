import { describe, expect, it } from 'vitest';
import { readKumoLog } from '../../../src/logs/index.ts';
import { classify } from '../../../src/smtp/classifier.ts';
import { collect } from './collect.ts';

const S775 =
  'The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)';
const line = (o: Record<string, unknown>) => JSON.stringify(o);
const base = {
  id: '1d98076abbbc11ed940250ebf67f93bd',
  sender: 'bounce@news.example.com',
  queue: 'news:acme@hotmail.com',
  site: 'ip1->(mx1|mx2).olc.protection.outlook.com',
  size: 1047,
  timestamp: 1796112001,
  created: 1796112000,
  egress_pool: 'warmup',
  egress_source: 'ip1',
  nodeid: '557f3ad4-2c8c-11ee-976e-782d7e12e173',
};

describe('KumoMTA log reader', () => {
  it('maps the record shape of docs/reference/log_record.md', async () => {
    const text = [
      line({
        ...base,
        type: 'Reception',
        recipient: 'a@hotmail.com',
        site: '',
        egress_pool: null,
        egress_source: null,
        response: { code: 250, enhanced_code: null, content: '', command: null },
        num_attempts: 0,
      }),
      line({
        ...base,
        type: 'TransientFailure',
        recipient: 'a@hotmail.com',
        response: {
          code: 451,
          enhanced_code: { class: 4, subject: 7, detail: 650 },
          content: S775,
          command: 'MAIL FROM:<bounce@news.example.com>\r\n',
        },
        peer_address: { name: 'mx1.olc.protection.outlook.com.', addr: '52.101.0.1' },
        source_address: { address: '192.0.2.1:53210' },
        num_attempts: 0,
        bounce_classification: 'Uncategorized',
      }),
      line({
        ...base,
        type: 'Delivery',
        timestamp: 1796113201,
        recipient: ['a@hotmail.com'],
        response: {
          code: 250,
          enhanced_code: { class: 2, subject: 6, detail: 0 },
          content: '<x> Queued mail for delivery',
          command: '.\r\n',
        },
        peer_address: { name: 'mx2.olc.protection.outlook.com.', addr: '52.101.0.2' },
        source_address: '192.0.2.1:40000',
        num_attempts: 1,
      }),
      line({
        ...base,
        type: 'Bounce',
        recipient: 'nobody@gmail.com',
        response: {
          code: 550,
          enhanced_code: { class: 5, subject: 1, detail: 1 },
          content: 'The email account that you tried to reach does not exist.\n - gsmtp',
          command: 'RCPT TO:<nobody@gmail.com>\r\n',
        },
        source_address: { address: '[2001:db8::1]:25' },
        num_attempts: 0,
        bounce_classification: 'InvalidRecipient',
      }),
      line({
        ...base,
        type: 'Expiration',
        recipient: 'late@yahoo.com',
        response: {
          code: 551,
          enhanced_code: { class: 5, subject: 4, detail: 7 },
          content: 'Next delivery time would be past the expiry time',
          command: null,
        },
        num_attempts: 8,
      }),
    ].join('\n');
    const { records, summary } = await collect(readKumoLog, text);
    expect(records.map((r) => [r.kind, r.recipient, r.provider, r.sourceIp, r.code, r.enhanced, r.cls, r.command, r.attempt])).toEqual([
      ['reception', 'a@hotmail.com', 'microsoft', '', 0, '', '', '', 0],
      ['deferred', 'a@hotmail.com', 'microsoft', '192.0.2.1', 451, '4.7.650', 'throttle', 'MAIL FROM', 1],
      ['delivered', 'a@hotmail.com', 'microsoft', '192.0.2.1', 250, '2.6.0', 'accepted', '.', 2],
      ['bounced', 'nobody@gmail.com', 'gmail', '2001:db8::1', 550, '5.1.1', 'unknown-user', 'RCPT TO', 1],
      ['expired', 'late@yahoo.com', 'yahoo', '2001:db8::1', 551, '5.4.7', 'other-permanent', '', 9], // the address last seen for egress source ip1
    ]);
    const d = records[1]!;
    expect(d).toMatchObject({
      time: 1796112001,
      queuedAt: 1796112000,
      text: `451 4.7.650 ${S775}`,
      pool: 'warmup',
      source: 'ip1',
      peerHost: 'mx1.olc.protection.outlook.com.',
      peerIp: '52.101.0.1',
      messageId: base.id,
      site: base.site,
      queue: base.queue,
      mtaType: 'TransientFailure',
      format: 'kumomta',
      line: 2,
    });
    expect(records[3]!.text).toBe('550 5.1.1 The email account that you tried to reach does not exist.  - gsmtp');
    expect(summary).toMatchObject({
      lines: 5,
      records: 5,
      bad: 0,
      internal: 0,
      firstTime: 1796112001,
      lastTime: 1796113201,
      ips: { '': 1, '192.0.2.1': 2, '2001:db8::1': 2 },
      providers: { microsoft: 3, gmail: 1, yahoo: 1 },
    });
  });

  it('classes replies exactly as the simulator does', async () => {
    const texts = [
      ['451 4.7.650', S775],
      ['451 4.7.652', 'The mail server [192.0.2.1] has exceeded the maximum number of connections. (S3115)'],
      ['421 4.7.28', '[192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp'],
      ['421 4.7.0', '[TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1'],
      ['550 5.7.1', "Unfortunately, messages from [192.0.2.1] weren't sent. (S3150)"],
    ];
    const text = texts.map(([head, content]) => {
      const [code, e] = head!.split(' ');
      const [c, s, d] = e!.split('.').map(Number);
      return line({
        ...base,
        type: 'TransientFailure',
        recipient: 'a@outlook.com',
        response: { code: Number(code), enhanced_code: { class: c, subject: s, detail: d }, content, command: '.\r\n' },
      });
    });
    const { records } = await collect(readKumoLog, text.join('\n'));
    expect(records.map((r) => r.cls)).toEqual(texts.map(([h, c]) => classify(`${h} ${c}`)));
    expect(records.map((r) => r.cls)).toEqual(['throttle', 'connection-limit', 'throttle', 'throttle', 'block']);
  });

  it('skips KumoMTA internal responses and counts them', async () => {
    const text = [
      line({
        ...base,
        type: 'TransientFailure',
        recipient: 'a@hotmail.com',
        response: {
          code: 451,
          enhanced_code: { class: 4, subject: 4, detail: 4 },
          content: 'KumoMTA internal: no sources for hotmail.com are eligible for selection at this time',
          command: null,
        },
      }),
      line({
        ...base,
        type: 'TransientFailure',
        recipient: 'a@hotmail.com',
        response: {
          code: 451,
          enhanced_code: { class: 4, subject: 4, detail: 4 },
          content: 'KumoMTA internal: scheduled queue is suspended: SuspendTenant',
          command: null,
        },
      }),
      line({
        ...base,
        type: 'Expiration',
        recipient: 'a@hotmail.com',
        response: {
          code: 551,
          enhanced_code: { class: 5, subject: 4, detail: 7 },
          content: 'KumoMTA internal: Next delivery time exceeds the expiry time',
          command: null,
        },
      }),
    ].join('\n');
    const { records, summary } = await collect(readKumoLog, text);
    expect(records.map((r) => r.kind)).toEqual(['expired']);
    expect(summary).toMatchObject({ internal: 2, records: 1, bad: 0 });
  });

  it('one record per recipient of a batch; feedback reports are complaints', async () => {
    const text = [
      line({
        ...base,
        type: 'Delivery',
        recipient: ['a@gmail.com', 'b@yahoo.com'],
        response: { code: 250, enhanced_code: null, content: 'OK', command: '.\r\n' },
      }),
      line({
        ...base,
        type: 'Feedback',
        recipient: 'fbl@news.example.com',
        response: { code: 250, enhanced_code: null, content: '', command: null },
        feedback_report: {
          feedback_type: 'abuse',
          source_ip: '192.0.2.1',
          arrival_date: '2026-12-01T07:00:00Z',
          original_rcpto_to: ['<c@hotmail.com>'],
        },
      }),
      line({
        ...base,
        type: 'Feedback',
        recipient: 'fbl@news.example.com',
        feedback_report: { feedback_type: 'not-spam', source_ip: '192.0.2.1', original_rcpto_to: ['<d@hotmail.com>'] },
      }),
    ].join('\n');
    const { records } = await collect(readKumoLog, text);
    expect(records.map((r) => [r.kind, r.recipient, r.sourceIp, r.bounceClass, r.queuedAt])).toEqual([
      ['delivered', 'a@gmail.com', '', '', 1796112000],
      ['delivered', 'b@yahoo.com', '', '', 1796112000],
      ['complaint', 'c@hotmail.com', '192.0.2.1', 'abuse', 1796112000 - 3600],
      ['other', 'd@hotmail.com', '192.0.2.1', 'not-spam', NaN],
    ]);
  });

  it('accepts an RFC 3339 event_time', async () => {
    const { records } = await collect(
      readKumoLog,
      line({ type: 'Delivery', event_time: '2026-12-01T08:00:01.5Z', recipient: 'a@b.example', response: { code: 250, content: 'ok' } }),
    );
    expect(records[0]).toMatchObject({ time: 1796112001.5, kind: 'delivered', provider: 'corporate', text: '250 ok' });
  });

  it('counts bad lines with the first few kept, and never throws', async () => {
    const text = [
      'not json',
      '[1,2]',
      '{"type":3}',
      '{"type":"Delivery"}',
      '',
      '{"type":"Delivery","timestamp":"soon"}',
      '{"type":"Delivery","timestamp":1,',
    ].join('\n');
    const { records, summary } = await collect(readKumoLog, text);
    expect(records).toEqual([]);
    expect(summary.bad).toBe(6);
    expect(summary.ignored).toBe(1);
    expect(summary.badSamples.map((b) => [b.line, b.reason])).toEqual([
      [1, 'not JSON'],
      [2, 'not a JSON object'],
      [3, "no 'type' field"],
      [4, "no valid 'timestamp' or 'event_time'"],
      [6, "no valid 'timestamp' or 'event_time'"],
      [7, 'not JSON'],
    ]);
  });
});
