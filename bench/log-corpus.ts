/**
 * A synthetic delivery history for the log-ingest benchmark: messages to the four provider
 * families from four IPs over ten days in March 2026 (no month change), with Microsoft 4.7.650
 * deferrals, Gmail 4.7.28, Yahoo TSS04, unknown users, and a few expiries. Deterministic (an LCG),
 * attempt by attempt; each message's events are consecutive, as the writers take them.
 */
import type { Attempt } from '../src/logs/index.ts';

const IPS = ['192.0.2.1', '192.0.2.2', '198.51.100.7', '198.51.100.8'];
const DOMAINS: readonly [string, string, string][] = [
  ['hotmail.com', 'hotmail-com.olc.protection.outlook.com', '52.101.0.1'],
  ['outlook.com', 'outlook-com.olc.protection.outlook.com', '52.101.0.2'],
  ['live.com', 'live-com.olc.protection.outlook.com', '52.101.0.3'],
  ['gmail.com', 'gmail-smtp-in.l.google.com', '142.250.0.27'],
  ['yahoo.com', 'mta5.am0.yahoodns.net', '67.195.204.77'],
  ['example.org', 'mx.example.org', '203.0.113.25'],
];
const MS_650 = (ip: string) =>
  `451 4.7.650 The mail server [${ip}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)`;
const GMAIL_428 = (ip: string) =>
  `421-4.7.28 [${ip}] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp`;
const YAHOO = (ip: string) =>
  `421 4.7.0 [TSS04] Messages from ${ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`;

export const START = 1_772_438_400; // 2026-03-02T08:00:00Z

/** Calls `each` for every event, message after message (spread as if `messages` were sent over 7 days), until `each` throws. */
export function forEachAttempt(messages: number, each: (a: Attempt) => void): void {
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const span = 7 * 86400;
  for (let m = 0; ; m++) {
    const [domain, mxHost, mxIp] = DOMAINS[Math.floor(rnd() * DOMAINS.length)]!;
    const ip = IPS[m % IPS.length]!;
    const injectedAt = START + Math.floor((m / messages) * span);
    const base = {
      messageId: (0x10000000 + m).toString(16).toUpperCase(),
      recipient: `user${m}@${domain}`,
      sender: 'bounces@news.example.com',
      sourceIp: ip,
      pool: 'warmup',
      source: `ip${m % IPS.length}`,
      mxHost,
      mxIp,
      injectedAt,
      size: 20_000 + (m % 5000),
    };
    const u = rnd();
    let defers = u < 0.6 ? 0 : u < 0.85 ? 1 : u < 0.95 ? 2 : 3;
    const bounce = rnd() < 0.04;
    const expire = defers === 3 && rnd() < 0.3;
    let t = injectedAt + 1 + rnd() * 5;
    let n = 1;
    for (; defers > 0; defers--, n++) {
      const text =
        domain.includes('.') && mxHost.includes('outlook')
          ? MS_650(ip)
          : domain === 'gmail.com'
            ? GMAIL_428(ip)
            : domain === 'yahoo.com'
              ? YAHOO(ip)
              : '450 4.2.0 Greylisted, see http://postgrey.schweikert.ch/help/example.org.html';
      const enhanced = text.slice(4, text.indexOf(' ', 4));
      each({
        ...base,
        time: t,
        code: Number(text.slice(0, 3)),
        enhanced,
        text,
        command: mxHost.includes('outlook') ? 'MAIL FROM' : '.',
        attempt: n,
        outcome: 'deferred',
      });
      t += 1200 * 2 ** (n - 1) + rnd() * 60;
    }
    if (expire) {
      each({
        ...base,
        time: t,
        code: 451,
        enhanced: '4.7.650',
        text: MS_650(ip),
        command: 'MAIL FROM',
        attempt: n - 1,
        outcome: 'expired',
      });
      continue;
    }
    if (bounce)
      each({
        ...base,
        time: t,
        code: 550,
        enhanced: '5.5.0',
        text: '550 5.5.0 Requested action not taken: mailbox unavailable',
        command: 'RCPT TO',
        attempt: n,
        outcome: 'bounced',
      });
    else
      each({
        ...base,
        time: t,
        code: 250,
        enhanced: '2.0.0',
        text: `250 2.0.0 OK ${Math.floor(t)} ${base.messageId.toLowerCase()} - accepted`,
        command: '.',
        attempt: n,
        outcome: 'delivered',
      });
  }
}
