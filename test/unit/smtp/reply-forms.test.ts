/**
 * Replies as they appear in logs and bounces (src/smtp/reply-forms.ts): each form gives back the
 * reply and its class; text without a reply is unrecognised; multi-line replies join; European
 * providers' replies (test/fixtures/replies-eu.json, real texts with documentation IPs) classify.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/smtp/classifier.ts';
import { groupReplyLines, readReply } from '../../../src/smtp/reply-forms.ts';
import type { ReplyClass } from '../../../src/smtp/classes.ts';
import { fcParams } from '../../support/fc-config.ts';

type Sample = { cls: ReplyClass; source: string; text: string };
const load = (f: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8')) as Sample[];
const eu = load('replies-eu.json');
const all = [...load('replies.json'), ...eu];

const S775 =
  '451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)';
const GMX =
  '554 gmx.net (mxgmx008) Nemesis ESMTP Service not available No SMTP service IP address is block listed. For explanation visit https://postmaster.gmx.net/de/case?c=r0301&i=ip&v=192.0.2.1';

describe('reply forms', () => {
  it.each([
    ['the reply itself', S775, S775, 'throttle'],
    [
      'DSN Diagnostic-Code',
      'Diagnostic-Code: smtp; 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table',
      '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table',
      'unknown-user',
    ],
    [
      'smtp; (PowerMTA dsnDiag, webhooks)',
      'smtp;421 Too many spams from your IP (192.0.2.1), please visit http://postmaster.free.fr/',
      '421 Too many spams from your IP (192.0.2.1), please visit http://postmaster.free.fr/',
      'block',
    ],
    [
      'PowerMTA x-pmta reply:',
      "x-pmta;bounce-queue;reply:550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
      "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
      'block',
    ],
    [
      'Postfix said: (in reply to ...)',
      `Jan 12 10:11:12 mta1 postfix/smtp[4242]: 3F2A1C0D: to=<someone@outlook.com>, relay=outlook-com.olc.protection.outlook.com[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.6/0.5, dsn=4.7.650, status=deferred (host outlook-com.olc.protection.outlook.com[192.0.2.25] said: ${S775} (in reply to MAIL FROM command))`,
      S775,
      'throttle',
    ],
    [
      'Postfix refused to talk to me, multi-line joined',
      'Mar 15 11:36:51 mx postfix/smtp[9607]: F020E46097C: to=<someone@gmx.net>, relay=mx00.emig.gmx.net[212.227.15.9]:25, delay=0.17, delays=0.1/0.01/0.05/0, dsn=5.0.0, status=bounced (host mx00.emig.gmx.net[212.227.15.9] refused to talk to me: 550-Requested action not taken: mailbox unavailable 550-Reject due to policy restrictions. 550 For explanation visit http://postmaster.gmx.com/en/error-messages?ip=192.0.2.1&c=poli)',
      '550 Requested action not taken: mailbox unavailable Reject due to policy restrictions. For explanation visit http://postmaster.gmx.com/en/error-messages?ip=192.0.2.1&c=poli',
      'block',
    ],
    [
      'Exim SMTP error from remote mail server',
      '2026-01-12 10:11:12 1vXyZa-000Abc-12 ** someone@web.de R=dnslookup T=remote_smtp H=mx-ha03.web.de [212.227.15.17]: SMTP error from remote mail server after RCPT TO:<someone@web.de>: 554 Transaction failed Reject due to policy restrictions. For explanation visit https://web.de/email/senderguidelines?ip=192.0.2.1&c=hi',
      '554 Transaction failed Reject due to policy restrictions. For explanation visit https://web.de/email/senderguidelines?ip=192.0.2.1&c=hi',
      'block',
    ],
    [
      'sendmail stat=',
      'Jan 12 10:11:12 mx sendmail[1234]: x0CABCD1234: to=<someone@orange.fr>, delay=00:00:01, mailer=esmtp, pri=120000, relay=smtp-in.orange.fr. [192.0.2.50], dsn=4.0.0, stat=Deferred: 421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]',
      '421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]',
      'throttle',
    ],
    [
      'quoted in any log line (code and enhanced code)',
      'bounce 192.0.2.10 -> yahoo.com: 421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints',
      '421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints',
      'throttle',
    ],
  ])('%s', (_form, input, reply, cls) => {
    expect(readReply(input)).toBe(reply);
    expect(classify(readReply(input)!)).toBe(cls);
  });

  it.each([
    'hello world',
    '',
    'Connection timed out',
    'Mar 15 11:36:51 mx postfix/qmgr[812]: F020E46097C: removed',
    'delay=256735, delays=256734/0.02/1.1/0',
    'port 2525 refused',
  ])('%j is unrecognised', (text) => {
    expect(readReply(text)).toBeUndefined();
  });
});

describe('multi-line replies', () => {
  it('separate lines (a Postfix bounce, a Gmail reply) group into one reply each; blank lines and plain lines stand alone', () => {
    const lines = [
      '<someone@gmx.net>: host mx00.emig.gmx.net[212.227.15.9] refused to talk to me:',
      '    554-gmx.net (mxgmx008) Nemesis ESMTP Service not available 554-No SMTP',
      '    service 554-IP address is block listed. 554 For explanation visit',
      '    https://postmaster.gmx.net/de/case?c=r0301&i=ip&v=192.0.2.1',
      '',
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated.',
      '550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.',
      '550 5.7.26 Learn more at https://support.google.com/mail/answer/81126 - gsmtp',
      '451 4.7.650 first',
      '451 4.7.650 second',
      'hello world',
    ];
    const groups = groupReplyLines(lines);
    expect(groups.map((g) => g.line)).toEqual([1, 6, 9, 10, 11]);
    expect(groups.map((g) => readReply(g.text))).toEqual([
      GMX,
      '550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Learn more at https://support.google.com/mail/answer/81126 - gsmtp',
      '451 4.7.650 first',
      '451 4.7.650 second',
      undefined,
    ]);
    expect(groups.map((g) => (readReply(g.text) === undefined ? 'unrecognised' : classify(readReply(g.text)!)))).toEqual([
      'block',
      'auth',
      'throttle',
      'throttle',
      'unrecognised',
    ]);
  });
});

describe('European providers', () => {
  it('the fixture covers Orange, La Poste, Free, GMX, WEB.DE, T-Online, Italiaonline, SFR', () => {
    for (const p of ['Orange', 'La Poste', 'Free', 'GMX', 'WEB.DE', 'T-Online', 'Italiaonline', 'SFR'])
      expect(
        eu.some((s) => s.source.startsWith(p)),
        p,
      ).toBe(true);
  });

  it.each(eu.map((s) => [s.cls, s.source, s.text] as const))('%s: %s', (cls, _source, text) => {
    expect(classify(text)).toBe(cls);
    expect(classify(readReply(text)!)).toBe(cls);
  });
});

describe('property: a reply wrapped in any form reads back the same, with the same class', () => {
  const wrap: ((r: string, junk: string) => string)[] = [
    (r) => `Diagnostic-Code: smtp; ${r}`,
    (r) => `smtp;${r}`,
    (r, j) => `${j} status=deferred (host mx.example[192.0.2.25] said: ${r} (in reply to RCPT TO command))`,
    (r, j) => `${j} H=mx.example [192.0.2.25]: SMTP error from remote mail server after end of data: ${r}`,
    (r, j) => `${j} stat=Deferred: ${r}`,
  ];
  it('over every fixture reply and form', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.constantFrom(...wrap), fc.stringMatching(/^[a-z=<>@. ]{0,40}$/), (s, w, junk) => {
        const direct = readReply(s.text);
        expect(readReply(w(s.text, junk))).toBe(direct);
        expect(classify(direct!)).toBe(s.cls);
      }),
      fcParams(300),
    );
  });
});
