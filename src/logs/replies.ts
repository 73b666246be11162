/**
 * Reply classification for records, cached by text: a log repeats the same few hundred reply
 * texts millions of times, and the simulator's classifier (src/smtp/classifier.ts, a table of
 * regular expressions, first match wins) is the costly part of a record. The cache is bounded:
 * texts that embed message ids are all different.
 */
import { classify, parseReplyLine, type ReplyClass } from './deps.ts';
import type { LogRecord } from './record.ts';

interface Classified {
  readonly code: number;
  readonly enhanced: string;
  readonly cls: ReplyClass;
}

const MAX_CACHED = 50_000;

export class ReplyCache {
  private readonly cache = new Map<string, Classified>();
  /** The previous text and its class: runs of one reply are common, and === is cheaper than hashing. */
  private lastText = '';
  private last: Classified | undefined;

  /** Sets `code` (when the line has one), `enhanced` (idem) and `cls` of a record from its `text`. */
  fill(r: LogRecord): void {
    const t = r.text;
    const c0 = t.charCodeAt(0),
      c1 = t.charCodeAt(1) - 48,
      c2 = t.charCodeAt(2) - 48,
      c3 = t.charCodeAt(3);
    if (c0 === 50 && c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9 && (c3 === 32 || c3 === 45 || t.length === 3)) {
      // a 2xx reply: the classifier's first rule (/^2\d\d\b/ -> accepted) decides it; 2xx texts carry
      // message ids, so they would only churn the cache
      r.code = (c0 - 48) * 100 + c1 * 10 + c2;
      const e = /^[245]\.\d{1,3}\.\d{1,3}/.exec(t.slice(4, 16));
      if (e !== null) r.enhanced = e[0];
      r.cls = 'accepted';
      return;
    }
    let c = t === this.lastText ? this.last : this.cache.get(t);
    if (c === undefined) {
      const { code, enhanced } = parseReplyLine(r.text);
      c = { code, enhanced, cls: classify(r.text) };
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(r.text, c);
    }
    if (c.code !== 0) r.code = c.code;
    if (c.enhanced !== '') r.enhanced = c.enhanced;
    // a reason without a reply code (a timeout, a refused connection) is temporary when the MTA deferred it
    r.cls = c.code === 0 && c.cls === 'other-permanent' && r.kind === 'deferred' ? 'other-temporary' : c.cls;
  }
}

/** The normalised SMTP stage of a command as an MTA logged it ("MAIL FROM:<a@b>\r\n", "end of DATA", "RCPT TO"). */
export function stageOf(command: string): LogRecord['command'] {
  const c = command.trimStart();
  if (c.length === 0) return '';
  const u = c.slice(0, 9).toUpperCase();
  if (u.startsWith('MAIL')) return 'MAIL FROM';
  if (u.startsWith('RCPT')) return 'RCPT TO';
  if (u.startsWith('END OF DA') || c.charCodeAt(0) === 46 /* . */) return '.';
  if (u.startsWith('DATA')) return 'DATA';
  if (u.startsWith('EHLO')) return 'EHLO';
  if (u.startsWith('HELO') || u.startsWith('LHLO')) return 'HELO';
  if (u.startsWith('STARTTLS')) return 'STARTTLS';
  if (u.startsWith('AUTH')) return 'AUTH';
  if (u.startsWith('QUIT')) return 'QUIT';
  if (u.startsWith('RSET')) return 'RSET';
  if (u.startsWith('INITIAL') || u.startsWith('GREETING') || u.startsWith('BANNER')) return 'greeting';
  if (u.startsWith('CONNECT')) return 'connect';
  return '';
}
