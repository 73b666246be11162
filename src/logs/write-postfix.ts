/**
 * Postfix maillog lines for an attempt, as Postfix 3.x writes them through syslog (formats in
 * postfix/src/global/log_adhoc.c, smtp/smtp_proto.c, qmgr/qmgr_active.c): on the first attempt
 * cleanup's `message-id=` and qmgr's `from=<s>, size=N, nrcpt=1 (queue active)` at injection (qmgr
 * logs that line again each time the message comes back from the deferred queue), then the smtp
 * client's `to=<r>, relay=mx[addr]:25, delay=, delays=, dsn=, status=` line, where the reason of a
 * failure reads `host mx[addr] said: REPLY (in reply to CMD command)` (`refused to talk to me` at
 * the greeting, `connect to mx[addr]:25: REASON` without a reply); after a final status the bounce
 * daemon's notification (bounced) and `removed`. An expiry is qmgr's `from=<s>, status=expired,
 * returned to sender`. The source IP is told by the syslog name (master.cf `-o syslog_name=`),
 * `syslogNames` {ip: name}, default "postfix". Delays use Postfix's two significant digits.
 */
import type { Attempt } from './attempt.ts';
import { rfc3339Micro, syslogTime } from './time.ts';

export interface PostfixWriteOptions {
  /** Syslog name per source IP (default "postfix"). */
  readonly syslogNames?: Readonly<Record<string, string>>;
  /** Host name field of syslog lines (default "mta1"). */
  readonly host?: string;
  /** Classic "Dec  1 08:00:01" (default) or RFC 3339 timestamps. */
  readonly timestamps?: 'classic' | 'rfc3339';
}

/** FNV-1a 32-bit. */
function fnv(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The message id if it is a Postfix short queue id, else 10 hex digits derived from it. */
export function queueIdOf(messageId: string): string {
  if (/^[0-9A-F]{6,12}$/.test(messageId)) return messageId;
  return (fnv(messageId).toString(16).padStart(8, '0') + (fnv(messageId, 0x1234567) & 0xff).toString(16).padStart(2, '0')).toUpperCase();
}

/** Postfix's delay format: two significant digits below 10 s, whole seconds above. */
export function postfixDelay(s: number): string {
  if (!(s > 0)) return '0';
  if (s >= 10) return String(Math.round(s));
  if (s >= 1) return s.toFixed(1).replace(/\.0$/, '');
  const v = Number(s.toPrecision(2));
  return v >= 0.01 ? String(v) : '0';
}

const IN_REPLY: Readonly<Record<string, string>> = {
  '.': 'end of DATA',
  DATA: 'DATA',
  'MAIL FROM': 'MAIL FROM',
  'RCPT TO': 'RCPT TO',
  EHLO: 'EHLO',
  HELO: 'HELO',
  STARTTLS: 'STARTTLS',
  QUIT: 'QUIT',
  RSET: 'RSET',
  AUTH: 'AUTH',
};

function reason(a: Attempt, peer: string): string {
  if (a.outcome === 'delivered' && a.code !== 0) return a.text;
  if (a.code === 0)
    return a.command === 'greeting'
      ? `lost connection with ${peer} while receiving the initial server greeting`
      : `connect to ${peer}:25: ${a.text || 'Connection timed out'}`;
  if (a.command === 'greeting' || a.command === 'connect') return `host ${peer} refused to talk to me: ${a.text}`;
  return `host ${peer} said: ${a.text} (in reply to ${IN_REPLY[a.command] ?? 'end of DATA'} command)`;
}

/** The syslog lines of one attempt (or expiry), oldest first. */
export function postfixLines(a: Attempt, opts: PostfixWriteOptions = {}): string[] {
  const name = opts.syslogNames?.[a.sourceIp] ?? 'postfix';
  const host = opts.host ?? 'mta1';
  const stamp = opts.timestamps === 'rfc3339' ? rfc3339Micro : syslogTime;
  const pid = (d: string) => 1000 + (fnv(name + d) % 60000);
  const prefix = (t: number, daemon: string) => `${stamp(t)} ${host} ${name}/${daemon}[${pid(daemon)}]: `;
  const qid = queueIdOf(a.messageId);
  const out: string[] = [];
  if (a.outcome === 'expired') {
    out.push(`${prefix(a.time, 'qmgr')}${qid}: from=<${a.sender}>, status=expired, returned to sender`);
    out.push(`${prefix(a.time, 'qmgr')}${qid}: removed`);
    return out;
  }
  if (a.attempt <= 1) {
    out.push(`${prefix(a.injectedAt, 'cleanup')}${qid}: message-id=<${a.messageId}@${host}>`);
    out.push(`${prefix(a.injectedAt, 'qmgr')}${qid}: from=<${a.sender}>, size=${a.size}, nrcpt=1 (queue active)`);
  } else out.push(`${prefix(a.time, 'qmgr')}${qid}: from=<${a.sender}>, size=${a.size}, nrcpt=1 (queue active)`);
  const peer = `${a.mxHost}[${a.mxIp}]`;
  const delay = Math.max(0, a.time - a.injectedAt);
  const conn = Math.min(delay, 0.3);
  const delays = `${postfixDelay(delay - conn)}/0.01/${postfixDelay(conn * 0.6)}/${postfixDelay(conn * 0.4)}`;
  const dsn =
    a.enhanced !== '' ? a.enhanced : a.code !== 0 ? `${Math.floor(a.code / 100)}.0.0` : a.outcome === 'bounced' ? '5.4.4' : '4.4.1';
  const status = a.outcome === 'delivered' ? 'sent' : a.outcome;
  const relay = a.mxHost === '' ? 'none' : `${peer}:25`;
  out.push(
    `${prefix(a.time, 'smtp')}${qid}: to=<${a.recipient}>, relay=${relay}, delay=${postfixDelay(delay)}, delays=${delays}, dsn=${dsn}, status=${status} (${reason(a, peer)})`,
  );
  if (a.outcome === 'bounced') out.push(`${prefix(a.time, 'bounce')}${qid}: sender non-delivery notification: ${queueIdOf(`${qid}-ndr`)}`);
  if (a.outcome !== 'deferred') out.push(`${prefix(a.time, 'qmgr')}${qid}: removed`);
  return out;
}
