/**
 * Complaint reports in the Abuse Reporting Format (RFC 5965): a multipart/report;
 * report-type=feedback-report message whose message/feedback-report part holds `Feedback-Type`,
 * `Source-IP`, `Arrival-Date`, `Original-Rcpt-To`, `User-Agent`, followed by the reported message
 * or its headers (message/rfc822, text/rfc822-headers). Microsoft's JMRP sends this form and puts
 * the complainer's address in the reported message's `X-HmXmrOriginalRecipient` header when
 * `Original-Rcpt-To` is absent; the reported message's `To:` is the last resort. Read one pass,
 * line by line, leniently: the first occurrence of each field wins, folded header lines are
 * joined (RFC 5322 section 2.2.3), base64 parts are not decoded. The record's time is the
 * report's own `Date:` (else the Arrival-Date); `queuedAt` is the Arrival-Date. Feedback types
 * abuse, fraud, virus and other are complaints (section 7.3); not-spam and auth-failure are not.
 */
import type { LineContext } from './reader.ts';
import { newRecord, setRecipient } from './reader.ts';
import { parseRfc5322, parseTimestamp } from './time.ts';

export interface ArfFields {
  feedbackType: string;
  sourceIp: string;
  arrivalDate: string;
  originalRcptTo: string;
  /** X-HmXmrOriginalRecipient of the reported message. */
  hmxmr: string;
  /** To: of the reported message. */
  reportedTo: string;
  /** Date: of the report itself. */
  reportDate: string;
}

const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other']);

/** The fields of one ARF message given as its lines; never throws. */
function arfFields(lines: readonly string[]): ArfFields {
  const f: ArfFields = { feedbackType: '', sourceIp: '', arrivalDate: '', originalRcptTo: '', hmxmr: '', reportedTo: '', reportDate: '' };
  let outer = true;
  let inReported = false; // in the header block of the reported message
  let reportedNext = false; // a message/rfc822 part header was seen
  let partHeaders = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (i + 1 < lines.length && (lines[i + 1]!.startsWith(' ') || lines[i + 1]!.startsWith('\t')) && line !== '')
      line += ` ${lines[++i]!.trim()}`;
    if (line === '') {
      if (outer) outer = false;
      if (partHeaders && reportedNext) {
        inReported = true;
        reportedNext = false;
      } else if (inReported) inReported = false;
      partHeaders = false;
      continue;
    }
    if (line.startsWith('--')) {
      partHeaders = true;
      inReported = false;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || colon > 40) continue;
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (outer) {
      if (name === 'date' && f.reportDate === '') f.reportDate = value;
      continue;
    }
    if (partHeaders && name === 'content-type' && /^(message\/rfc822|text\/rfc822-headers)/i.test(value)) reportedNext = true;
    if (inReported) {
      if (name === 'x-hmxmroriginalrecipient' && f.hmxmr === '') f.hmxmr = value;
      else if (name === 'to' && f.reportedTo === '') f.reportedTo = value;
      continue;
    }
    if (name === 'feedback-type' && f.feedbackType === '') f.feedbackType = value.toLowerCase();
    else if (name === 'source-ip' && f.sourceIp === '') f.sourceIp = value;
    else if ((name === 'arrival-date' || name === 'received-date') && f.arrivalDate === '') f.arrivalDate = value;
    else if (name === 'original-rcpt-to' && f.originalRcptTo === '') f.originalRcptTo = value;
    else if (name === 'x-hmxmroriginalrecipient' && f.hmxmr === '') f.hmxmr = value;
  }
  return f;
}

/** "Jane <jane@example.com>" / "<jane@example.com>" / "jane@example.com, x@y" -> "jane@example.com". */
function addressOf(s: string): string {
  const lt = s.indexOf('<');
  if (lt >= 0) {
    const gt = s.indexOf('>', lt);
    return (gt < 0 ? s.slice(lt + 1) : s.slice(lt + 1, gt)).trim();
  }
  const comma = s.indexOf(',');
  return (comma < 0 ? s : s.slice(0, comma)).trim();
}

function dateOf(s: string): number {
  if (s === '') return NaN;
  const t = parseRfc5322(s);
  return t === t ? t : parseTimestamp(s.trim());
}

/** Emits the record of one ARF message (lines), or counts it bad. */
export function emitArf(ctx: LineContext, lines: readonly string[], line: number): void {
  const f = arfFields(lines);
  if (f.feedbackType === '') return ctx.bad(line, lines[0] ?? '', 'not an ARF report (no Feedback-Type field)');
  const arrival = dateOf(f.arrivalDate);
  const reported = dateOf(f.reportDate);
  const time = reported === reported ? reported : arrival;
  if (time !== time) return ctx.bad(line, lines[0] ?? '', 'no Date or Arrival-Date');
  const r = newRecord('arf', line);
  r.time = time;
  r.queuedAt = arrival;
  r.kind = COMPLAINT_TYPES.has(f.feedbackType) ? 'complaint' : 'other';
  r.mtaType = 'feedback-report';
  r.bounceClass = f.feedbackType;
  r.sourceIp = f.sourceIp;
  setRecipient(ctx, r, addressOf(f.originalRcptTo || f.hmxmr || f.reportedTo));
  ctx.emit(r);
}
