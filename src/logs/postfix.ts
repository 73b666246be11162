/**
 * Postfix maillog lines (syslog, classic "Dec  1 08:00:01 host prog[pid]: " or RFC 3339
 * "2026-12-01T08:00:01.123456+00:00 host prog[pid]: " as newer rsyslog writes). Delivery agents
 * (smtp, lmtp, local, virtual, pipe, error, retry) log `QID: to=<rcpt>, [orig_to=<..>, ]relay=
 * host[addr]:port, [conn_use=N, ]delay=S, delays=a/b/c/d, dsn=X.Y.Z, status=sent|deferred|bounced
 * (reason)` (postfix/src/global/log_adhoc.c); qmgr logs `QID: from=<s>, size=N, nrcpt=N (queue
 * active)` each time a message enters the active queue, `QID: from=<s>, status=expired, returned
 * to sender` and `QID: removed`. The first sighting of a queue id (cleanup's message-id line or
 * qmgr) is its queued-at time, else the line's time minus `delay=`; the attempt number counts a
 * recipient's delivery lines. The year of a classic timestamp is the `year` option, rolled over
 * when the months wrap (Dec -> Jan); classic times are local, `utcOffsetMinutes` east of UTC.
 * Postfix does not log the source IP: it comes from `sourceIp` (one for all), or from the syslog
 * name (`-o syslog_name=postfix-ip2` in master.cf logs as "postfix-ip2/smtp") through
 * `syslogNames` {name: ip}. Same counting as pflogsumm: a `status=sent (forwarded as ...)` line is
 * no delivery.
 */
import type { LogInput } from './lines.ts';
import { SyslogClock } from './syslog-time.ts';
import type { LogRecord } from './record.ts';
import { newRecord, readLines, setRecipient, type LineContext, type OnRecord, type ReadOptions } from './reader.ts';
import { parseReason, type PostfixReason } from './postfix-status.ts';
import { monthAt, parseTimestamp } from './time.ts';
import type { LogSummary } from './summary.ts';

export interface PostfixOptions extends ReadOptions {
  /** Year of the first classic syslog timestamp; required for such logs. */
  readonly year?: number;
  /** Zone of classic syslog timestamps, minutes east of UTC (default 0). */
  readonly utcOffsetMinutes?: number;
  /** The source IP of every delivery. */
  readonly sourceIp?: string;
  /** Source IP by syslog name ("postfix-ip2" -> "192.0.2.2"). */
  readonly syslogNames?: Readonly<Record<string, string>>;
  /** Queue ids remembered at most (oldest forgotten first; default 1,000,000). */
  readonly maxOpenMessages?: number;
}

/** What is known of a queue id between its first line and `removed`. */
interface Open {
  queuedAt: number;
  rcpt: string;
  /** Envelope sender from qmgr's from=<...>. */
  from: string;
  attempts: number;
  others: Map<string, number> | undefined;
  /** A reception record was emitted. */
  received: boolean;
}

const KIND_OF_STATUS = { sent: 'delivered', deferred: 'deferred', bounced: 'bounced', expired: 'expired' } as const;
const STATUSES = Object.keys(KIND_OF_STATUS);

/** The status word at s[a..b), as one of the known constants when it is one (no allocation). */
function statusAt(s: string, a: number, b: number): string {
  for (const x of STATUSES) if (x.length === b - a && s.startsWith(x, a)) return x;
  return s.slice(a, b);
}

/** The decimal number in s[a..b) ("1.2", "767"), NaN if it is not one. */
function decimal(s: string, a: number, b: number): number {
  let v = 0;
  let i = a;
  for (; i < b; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === a) return NaN;
  if (i < b && s.charCodeAt(i) === 46) {
    let scale = 0.1;
    for (i++; i < b; i++, scale /= 10) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return NaN;
      v += c * scale;
    }
  }
  return i === b ? v : NaN;
}

class PostfixParser {
  private readonly open = new Map<string, Open>();
  private readonly ipCache = new Map<string, string>();
  private readonly clock: SyslogClock;
  private readonly reason: PostfixReason = { text: '', reply: false, command: '' };
  private readonly maxOpen: number;

  constructor(private readonly opts: PostfixOptions) {
    this.clock = new SyslogClock(opts.year, opts.utcOffsetMinutes);
    this.maxOpen = opts.maxOpenMessages ?? 1_000_000;
  }

  private ipName = '';
  private ip = '';

  private ipOf(name: string): string {
    if (this.opts.sourceIp !== undefined) return this.opts.sourceIp;
    if (name === this.ipName) return this.ip;
    this.ipName = name;
    return (this.ip = this.ipByName(name));
  }

  private ipByName(name: string): string {
    let ip = this.ipCache.get(name);
    if (ip === undefined) {
      ip = this.opts.syslogNames?.[name] ?? '';
      this.ipCache.set(name, ip);
    }
    return ip;
  }

  private remember(qid: string, queuedAt: number): Open {
    let o = this.open.get(qid);
    if (o === undefined) {
      if (this.open.size >= this.maxOpen) this.open.delete(this.open.keys().next().value!);
      o = { queuedAt, rcpt: '', from: '', attempts: 0, others: undefined, received: false };
      this.open.set(qid, o);
    }
    return o;
  }

  /** The time of a line whose shape was checked by `parse`; NaN if its fields are out of range. */
  private timeOf(line: string, rfc: boolean): number {
    return rfc ? parseTimestamp(line) : this.clock.time(line);
  }

  private lastName = '';
  private lastService = '';

  /** line.slice(a, b), as the same string object as last time when the text is the same (no allocation). */
  private name(line: string, a: number, b: number): string {
    const last = this.lastName;
    if (b - a === last.length && line.startsWith(last, a)) return last;
    return (this.lastName = line.slice(a, b));
  }

  private service(line: string, a: number, b: number): string {
    const last = this.lastService;
    if (b - a === last.length && line.startsWith(last, a)) return last;
    return (this.lastService = line.slice(a, b));
  }

  readonly parse = (line: string, n: number, ctx: LineContext): void => {
    if (line.length === 0) return ctx.ignore();
    let p: number;
    const c0 = line.charCodeAt(0);
    const rfc = c0 >= 48 && c0 <= 57;
    if (rfc) {
      if (line.charCodeAt(4) !== 45) return ctx.bad(n, line, 'no syslog timestamp');
      p = line.indexOf(' ') + 1;
    } else {
      if (
        line.charCodeAt(3) !== 32 ||
        line.charCodeAt(9) !== 58 ||
        line.charCodeAt(12) !== 58 ||
        line.charCodeAt(15) !== 32 ||
        monthAt(line, 0) === 0
      )
        return ctx.bad(n, line, 'no syslog timestamp');
      p = 16;
    }
    const hostEnd = line.indexOf(' ', p);
    if (p === 0 || hostEnd < 0) return ctx.bad(n, line, 'no program after the host');
    const progStart = hostEnd + 1;
    const colon = line.indexOf(': ', progStart);
    if (colon < 0) return ctx.bad(n, line, "no 'program[pid]: '");
    let progEnd = line.indexOf('[', progStart);
    if (progEnd < 0 || progEnd > colon) progEnd = colon;
    // the last '/' of the program name (a forward scan: lastIndexOf is slower here)
    let slash = -1;
    for (let q = line.indexOf('/', progStart); q >= 0 && q < progEnd; q = line.indexOf('/', q + 1)) slash = q;
    if (slash < progStart) return ctx.ignore(); // not a Postfix daemon
    const qidStart = colon + 2;
    const qidEnd = line.indexOf(': ', qidStart);
    if (qidEnd < 0 || qidEnd - qidStart > 20 || qidEnd - qidStart < 5) return ctx.ignore(); // connect/disconnect/warning lines
    const body = qidEnd + 2;
    const b0 = line.charCodeAt(body);
    if (b0 === 114 /* r */ && line.length === body + 7 && line.endsWith('removed')) {
      this.open.delete(line.slice(qidStart, qidEnd));
      return ctx.ignore();
    }
    const isTo = b0 === 116 /* t */ && line.startsWith('to=<', body);
    const isFrom = !isTo && b0 === 102 /* f */ && line.startsWith('from=<', body);
    const isMid = !isTo && !isFrom && b0 === 109 /* m */ && line.startsWith('message-id=', body);
    if (!isTo && !isFrom && !isMid) return ctx.ignore();
    const time = this.timeOf(line, rfc);
    if (time !== time) return ctx.bad(n, line, 'the syslog timestamp is out of range');
    const qid = line.slice(qidStart, qidEnd);
    if (isTo)
      return this.delivery(line, n, ctx, time, qid, body, this.name(line, progStart, slash), this.service(line, slash + 1, progEnd));
    if (isFrom) return this.qmgr(line, n, ctx, time, qid, body, this.name(line, progStart, slash));
    this.remember(qid, time);
    return ctx.ignore();
  };

  private qmgr(line: string, n: number, ctx: LineContext, time: number, qid: string, at: number, syslogName: string): void {
    const known = this.open.get(qid);
    if (line.indexOf(', status=expired', at) >= 0) {
      const r = newRecord('postfix', n);
      r.time = time;
      r.kind = 'expired';
      r.mtaType = 'expired';
      r.messageId = qid;
      r.source = syslogName;
      r.sourceIp = this.ipOf(syslogName);
      r.queuedAt = known?.queuedAt ?? NaN;
      r.attempt = known?.attempts ?? 0;
      r.sender = known?.from ?? '';
      setRecipient(ctx, r, known?.rcpt ?? '');
      ctx.emit(r);
      return;
    }
    if (line.indexOf(', size=', at) < 0 || known?.received === true) return ctx.ignore(); // a return from the deferred queue
    const o = known ?? this.remember(qid, time);
    o.received = true;
    const fromEnd = line.indexOf('>', at + 6);
    if (fromEnd > 0) o.from = line.slice(at + 6, fromEnd);
    const r = newRecord('postfix', n);
    r.time = time;
    r.kind = 'reception';
    r.mtaType = 'qmgr';
    r.messageId = qid;
    r.source = syslogName;
    r.sourceIp = this.ipOf(syslogName);
    r.queuedAt = o.queuedAt;
    r.sender = o.from;
    ctx.emit(r);
  }

  private delivery(
    line: string,
    n: number,
    ctx: LineContext,
    time: number,
    qid: string,
    body: number,
    syslogName: string,
    service: string,
  ): void {
    const rcptEnd = line.indexOf('>, ', body + 4);
    if (rcptEnd < 0) return ctx.bad(n, line, "no '>, ' after to=<");
    const rcpt = line.slice(body + 4, rcptEnd);
    const st = line.indexOf(', status=', rcptEnd);
    if (st < 0) return ctx.bad(n, line, 'no status=');
    const r = newRecord('postfix', n);
    r.time = time;
    r.messageId = qid;
    r.source = syslogName;
    r.queue = service;
    r.sourceIp = this.ipOf(syslogName);
    let delay = NaN;
    // the key=value fields between the recipient and status=
    for (let i = rcptEnd + 3; i < st;) {
      let j = line.indexOf(', ', i);
      if (j < 0 || j > st) j = st;
      const eq = line.indexOf('=', i);
      if (eq > 0 && eq < j) {
        const k = line.charCodeAt(i);
        if (k === 114 /* r */ && eq === i + 5 && line.startsWith('relay', i)) {
          const lb = line.indexOf('[', eq);
          if (lb > 0 && lb < j) {
            r.peerHost = line.slice(eq + 1, lb);
            const rb = line.indexOf(']', lb);
            if (rb > 0 && rb < j) r.peerIp = line.slice(lb + 1, rb);
          } else r.peerHost = line.slice(eq + 1, j);
        } else if (k === 100 /* d */ && eq === i + 5 && line.startsWith('delay', i)) delay = decimal(line, eq + 1, j);
        else if (k === 100 && eq === i + 3 && line.startsWith('dsn', i)) r.enhanced = line.slice(eq + 1, j);
      }
      i = j + 2;
    }
    const sp = line.indexOf(' ', st + 9);
    const statusEnd = sp < 0 ? line.length : sp;
    const status = statusAt(line, st + 9, statusEnd);
    r.mtaType = status;
    r.kind = (KIND_OF_STATUS as Record<string, LogRecord['kind']>)[status] ?? 'other';
    if (sp > 0 && line.charCodeAt(sp + 1) === 40 /* ( */ && line.endsWith(')')) {
      const reason = this.reason;
      parseReason(line.slice(sp + 2, -1), reason);
      r.text = reason.text;
      r.command = reason.command;
      if (r.kind === 'delivered' && !reason.reply && reason.text.startsWith('forwarded as ')) r.kind = 'other';
      if (r.kind !== 'other' && r.text !== '') ctx.replies.fill(r);
    }
    if (r.cls === '' && r.kind !== 'other')
      r.cls = r.kind === 'delivered' ? 'accepted' : r.kind === 'deferred' ? 'other-temporary' : 'other-permanent';
    let o = this.open.get(qid);
    if (o === undefined) o = this.remember(qid, delay === delay ? time - delay : NaN);
    r.queuedAt = o.queuedAt;
    r.sender = o.from;
    if (o.rcpt === '' || o.rcpt === rcpt) {
      o.rcpt = rcpt;
      r.attempt = ++o.attempts;
    } else {
      o.others ??= new Map();
      const a = (o.others.get(rcpt) ?? 0) + 1;
      o.others.set(rcpt, a);
      r.attempt = a;
    }
    setRecipient(ctx, r, rcpt);
    ctx.emit(r);
  }
}

/** Reads a Postfix maillog (plain or .gz, '-' = stdin). */
export function readPostfixLog(input: LogInput, onRecord: OnRecord, opts: PostfixOptions = {}): Promise<LogSummary> {
  return readLines('postfix', input, opts, new PostfixParser(opts).parse, onRecord);
}
