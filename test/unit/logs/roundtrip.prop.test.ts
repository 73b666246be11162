/**
 * Round trip: random delivery histories (fast-check) written by each writer and read back by its
 * reader give the same counts per source IP x hour x kind, and the same reply codes, enhanced
 * codes and texts, attempt after attempt. Across a December -> January boundary for Postfix.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kumoReception,
  kumoRecord,
  pmtaRecord,
  postfixLines,
  readKumoLog,
  readPostfixLog,
  readPowerMtaLog,
  ACCT_HEADER,
  type Attempt,
  type LogRecord,
  type SmtpStage,
} from '../../../src/logs/index.ts';
import { normalReplyText } from '../../../src/logs/attempt.ts';
import { fcParams } from '../../support/fc-config.ts';

const IPS = ['192.0.2.1', '192.0.2.2', '2001:db8::25'];
const DOMAINS = [
  ['hotmail.com', 'hotmail-com.olc.protection.outlook.com', '52.101.0.1'],
  ['Gmail.com', 'gmail-smtp-in.l.google.com', '142.250.0.27'],
  ['yahoo.co.uk', 'mx-eu.mail.am0.yahoodns.net', '188.125.72.73'],
  ['example.org', 'mx.example.org', '203.0.113.5'],
] as const;
const DEFERS: readonly [number, string, string][] = [
  [
    451,
    '4.7.650',
    '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)',
  ],
  [451, '4.7.652', '451 4.7.652 The mail server [192.0.2.1] has exceeded the maximum number of connections. (S3115)'],
  [421, '4.7.28', '421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail, from "your" IP - gsmtp'],
  [
    421,
    '4.7.0',
    '421 4.7.0 [TSS04] Messages from 192.0.2.2 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  ],
  [450, '', '450 Greylisted, come back later'],
  [0, '', 'Connection timed out'],
];
const BOUNCES: readonly [number, string, string][] = [
  [550, '5.5.0', '550 5.5.0 Requested action not taken: mailbox unavailable'],
  [
    550,
    '5.7.1',
    "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
  ],
];
const SENT: readonly [number, string, string][] = [
  [250, '2.6.0', '250 2.6.0 <m@x> [InternalId=12, Hostname=A] Queued mail for delivery'],
  [250, '2.0.0', '250 2.0.0 OK  1796112001 x-gsmtp'],
  [250, '', '250 ok dirdel'],
];

const message = fc.record({
  domain: fc.nat({ max: DOMAINS.length - 1 }),
  local: fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/),
  ip: fc.nat({ max: IPS.length - 1 }),
  start: fc.integer({ min: 0, max: 40 * 86400 }),
  defers: fc.array(
    fc.record({
      reply: fc.nat({ max: DEFERS.length - 1 }),
      wait: fc.integer({ min: 1, max: 4 * 3600 }),
      cmd: fc.constantFrom<SmtpStage>('MAIL FROM', 'RCPT TO', '.', 'DATA'),
    }),
    { maxLength: 4 },
  ),
  end: fc.constantFrom('delivered', 'bounced', 'expired', 'none'),
  final: fc.nat({ max: 2 }),
});

/** 2026-12-10: histories run into January 2027. */
const T0 = Date.UTC(2026, 11, 10) / 1000;

type Message = typeof message extends fc.Arbitrary<infer T> ? T : never;

function attempts(msgs: Message[]): Attempt[] {
  const out: Attempt[] = [];
  msgs.forEach((m, i) => {
    const [domain, mxHost, mxIp] = DOMAINS[m.domain]!;
    const base = {
      messageId: (0x100000 + i).toString(16).toUpperCase(),
      recipient: `${m.local}@${domain}`,
      sender: 'b@news.example.com',
      sourceIp: IPS[m.ip]!,
      pool: 'warmup',
      source: `ip${m.ip}`,
      mxHost,
      mxIp,
      injectedAt: T0 + m.start,
      size: 1000 + i,
    };
    let t = T0 + m.start + 1;
    let n = 1;
    for (const d of m.defers) {
      const [code, enhanced, text] = DEFERS[d.reply]!;
      out.push({ ...base, time: t, code, enhanced, text, command: code === 0 ? 'connect' : d.cmd, attempt: n++, outcome: 'deferred' });
      t += d.wait;
    }
    if (m.end === 'none') return;
    if (m.end === 'expired') {
      if (n > 1)
        out.push({
          ...base,
          time: t,
          code: 451,
          enhanced: '4.7.650',
          text: DEFERS[0]![2],
          command: 'MAIL FROM',
          attempt: n - 1,
          outcome: 'expired',
        });
      return;
    }
    const [code, enhanced, text] = (m.end === 'delivered' ? SENT : BOUNCES)[m.final % (m.end === 'delivered' ? 3 : 2)]!;
    out.push({ ...base, time: t, code, enhanced, text, command: m.end === 'delivered' ? '.' : 'RCPT TO', attempt: n, outcome: m.end });
  });
  return out.sort((a, b) => a.time - b.time);
}

const key = (ip: string, t: number, kind: string) => `${ip}|${Math.floor(t / 3600)}|${kind}`;
function countsOf(items: readonly { ip: string; t: number; kind: string }[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const x of items) c[key(x.ip, x.t, x.kind)] = (c[key(x.ip, x.t, x.kind)] ?? 0) + 1;
  return c;
}
const expected = (as: Attempt[]) => countsOf(as.map((a) => ({ ip: a.sourceIp, t: a.time, kind: a.outcome })));
const got = (rs: LogRecord[]) =>
  countsOf(rs.filter((r) => r.kind !== 'reception').map((r) => ({ ip: r.sourceIp, t: r.time, kind: r.kind })));
const replies = (as: Attempt[], normal: boolean) =>
  as
    .filter((a) => a.outcome !== 'expired' && a.code !== 0)
    .map((a) => [a.code, a.enhanced, normal ? normalReplyText(a.text, a.code, a.enhanced) : a.text]);
const readReplies = (rs: LogRecord[]) =>
  rs.filter((r) => r.kind !== 'reception' && r.kind !== 'expired' && r.code !== 0).map((r) => [r.code, r.enhanced, r.text]);
const history = fc.array(message, { minLength: 1, maxLength: 25 });

async function read(fn: (b: Buffer, on: (r: LogRecord) => void) => Promise<unknown>, lines: string[]): Promise<LogRecord[]> {
  const rs: LogRecord[] = [];
  await fn(Buffer.from(lines.join('\n')), (r) => rs.push(r));
  return rs;
}

describe('write -> read round trip (property)', () => {
  it('KumoMTA', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (msgs) => {
        const as = attempts(msgs);
        const lines = as.flatMap((a) => (a.attempt === 1 && a.outcome !== 'expired' ? [kumoReception(a), kumoRecord(a)] : [kumoRecord(a)]));
        const rs = await read((b, on) => readKumoLog(b, on), lines);
        expect(got(rs)).toEqual(expected(as));
        expect(readReplies(rs)).toEqual(replies(as, true).map(([c, e, t]) => [c, e, t]));
        expect(rs.filter((r) => r.kind === 'reception').length).toBe(as.filter((a) => a.attempt === 1 && a.outcome !== 'expired').length);
        expect(rs.filter((r) => r.kind !== 'reception').map((r) => r.attempt)).toEqual(
          as.map((a) => (a.outcome === 'expired' ? a.attempt + 1 : a.attempt)),
        );
      }),
      fcParams(60),
    );
  });

  it('PowerMTA', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (msgs) => {
        const as = attempts(msgs);
        const rs = await read((b, on) => readPowerMtaLog(b, on), [ACCT_HEADER, ...as.map(pmtaRecord)]);
        expect(got(rs)).toEqual(expected(as));
        // PowerMTA's dsnStatus always carries an enhanced code (class.0.0 when the reply had none)
        expect(readReplies(rs)).toEqual(replies(as, false).map(([c, e, t]) => [c, e || `${Math.floor((c as number) / 100)}.0.0`, t]));
        expect(rs.map((r) => r.recipient)).toEqual(as.map((a) => a.recipient));
      }),
      fcParams(60),
    );
  });

  it('Postfix, classic timestamps over the new year, source IPs by syslog name', async () => {
    const names = Object.fromEntries(IPS.map((ip, i) => [ip, `postfix-ip${i}`]));
    const back = Object.fromEntries(IPS.map((ip, i) => [`postfix-ip${i}`, ip]));
    await fc.assert(
      fc.asyncProperty(history, fc.constantFrom<'classic' | 'rfc3339'>('classic', 'rfc3339'), async (msgs, timestamps) => {
        const as = attempts(msgs);
        if (as.length === 0) return;
        const first = as[0]!.attempt <= 1 && as[0]!.outcome !== 'expired' ? as[0]!.injectedAt : as[0]!.time;
        const year = new Date(first * 1000).getUTCFullYear();
        const rs = await read(
          (b, on) => readPostfixLog(b, on, { year, syslogNames: back }),
          as.flatMap((a) => postfixLines(a, { syslogNames: names, timestamps })),
        );
        expect(got(rs)).toEqual(expected(as));
        expect(readReplies(rs)).toEqual(replies(as, false).map(([c, e, t]) => [c, e || `${Math.floor((c as number) / 100)}.0.0`, t]));
        expect(rs.filter((r) => r.kind !== 'reception' && r.kind !== 'expired').map((r) => r.attempt)).toEqual(
          as.filter((a) => a.outcome !== 'expired').map((a) => a.attempt),
        );
        expect(rs.filter((r) => r.kind === 'reception').length).toBe(
          new Set(as.filter((a) => a.outcome !== 'expired').map((a) => a.messageId)).size,
        );
      }),
      fcParams(60),
    );
  });
});
