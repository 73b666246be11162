/**
 * KumoMTA JSON log records, one object per line (docs/reference/log_record.md and
 * crates/kumo-log-types/src/lib.rs `JsonLogRecord`): `type` (Reception, Delivery,
 * TransientFailure, Bounce, Expiration, AdminBounce, OOB, Feedback, Rejection, Delay, ...),
 * `timestamp` and `created` in unix seconds (an RFC 3339 `event_time` or string timestamp is
 * accepted too), `recipient` (a string, or an array in newer versions: one record per address),
 * `response {code, enhanced_code {class, subject, detail} | null, content, command}`,
 * `peer_address {name, addr}`, `source_address {address: "ip:port"}` (since 2024.09.02; a bare
 * "ip:port" string is accepted), `egress_pool`, `egress_source`, `queue`, `site`, `num_attempts`
 * (attempts made before this one, so attempt = num_attempts + 1), `bounce_classification`,
 * `feedback_report` (RFC 5965 fields: feedback_type, source_ip, arrival_date, original_rcpto_to).
 * A record without a source address (an Expiration) takes the address last seen for its egress
 * source.
 * Responses whose content starts with "KumoMTA internal:" are the MTA's own (suspensions, no
 * eligible source), not a receiver's reply: they are counted in `internal` and skipped, as
 * KumoMTA's traffic shaping automation ignores them by default (`match_internal = false`);
 * Expiration and AdminBounce records are kept whatever their text.
 */
import type { LogInput } from './lines.ts';
import type { LogRecord, RecordKind } from './record.ts';
import { newRecord, readLines, setRecipient, unbracket, type LineContext, type OnRecord, type ReadOptions } from './reader.ts';
import { stageOf } from './replies.ts';
import { parseTimestamp } from './time.ts';
import type { LogSummary } from './summary.ts';

const KINDS: Readonly<Record<string, RecordKind>> = {
  Reception: 'reception',
  Delivery: 'delivered',
  TransientFailure: 'deferred',
  Bounce: 'bounced',
  OOB: 'bounced',
  Expiration: 'expired',
  Feedback: 'complaint',
};

/** ARF feedback types that are complaints (RFC 5965 section 7.3); not-spam and auth-failure are not. */
const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other']);

type Obj = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseTimestamp(v);
  return NaN;
}

/** "10.0.0.1:53210" -> "10.0.0.1"; "[2001:db8::1]:25" -> "2001:db8::1"; an address without a port is returned as is. */
function hostOfSocket(s: string): string {
  if (s.charCodeAt(0) === 91 /* [ */) {
    const end = s.indexOf(']');
    return end < 0 ? s.slice(1) : s.slice(1, end);
  }
  const c = s.lastIndexOf(':');
  return c >= 0 && s.indexOf(':') === c ? s.slice(0, c) : s;
}

function parseKumoLine(line: string, n: number, ctx: LineContext, sourceIps: Map<string, string>): void {
  if (line.length === 0 || line.trim().length === 0) return ctx.ignore();
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return ctx.bad(n, line, 'not JSON');
  }
  if (!isObj(o)) return ctx.bad(n, line, 'not a JSON object');
  const type = o['type'];
  if (typeof type !== 'string') return ctx.bad(n, line, "no 'type' field");
  const time = o['timestamp'] !== undefined ? timeOf(o['timestamp']) : timeOf(o['event_time']);
  if (time !== time) return ctx.bad(n, line, "no valid 'timestamp' or 'event_time'");
  const resp = isObj(o['response']) ? o['response'] : undefined;
  const content = resp === undefined ? '' : str(resp['content']);
  if (content.startsWith('KumoMTA internal:') && type !== 'Expiration' && type !== 'AdminBounce') {
    ctx.summary.internal++;
    return;
  }
  const r = newRecord('kumomta', n);
  r.time = time;
  r.mtaType = type;
  r.kind = KINDS[type] ?? 'other';
  r.messageId = str(o['id']);
  r.sender = str(o['sender']);
  r.queue = str(o['queue']);
  r.site = str(o['site']);
  r.pool = str(o['egress_pool']);
  r.source = str(o['egress_source']);
  r.bounceClass = str(o['bounce_classification']);
  const created = timeOf(o['created']);
  r.queuedAt = created;
  const na = o['num_attempts'];
  if (typeof na === 'number' && r.kind !== 'reception') r.attempt = na + 1;
  const peer = o['peer_address'];
  if (isObj(peer)) {
    r.peerHost = str(peer['name']);
    r.peerIp = str(peer['addr']);
  }
  const src = o['source_address'];
  if (isObj(src)) r.sourceIp = hostOfSocket(str(src['address']));
  else if (typeof src === 'string') r.sourceIp = hostOfSocket(src);
  if (r.source !== '') {
    // records without an address (Expiration, older versions) take the last one seen for their egress source
    if (r.sourceIp !== '') sourceIps.set(r.source, r.sourceIp);
    else r.sourceIp = sourceIps.get(r.source) ?? '';
  }
  if (resp !== undefined) fillResponse(ctx, r, resp, content);
  if (type === 'Feedback' && isObj(o['feedback_report'])) return emitFeedback(ctx, r, o['feedback_report']);
  const rcpt = o['recipient'];
  if (Array.isArray(rcpt)) {
    if (rcpt.length === 0) return emitOne(ctx, r, '');
    for (let i = 0; i < rcpt.length; i++) {
      const copy = i === rcpt.length - 1 ? r : Object.assign(newRecord('kumomta', n), r);
      emitOne(ctx, copy, str(rcpt[i]));
    }
    return;
  }
  emitOne(ctx, r, str(rcpt));
}

function emitOne(ctx: LineContext, r: LogRecord, recipient: string): void {
  setRecipient(ctx, r, recipient);
  ctx.emit(r);
}

function fillResponse(ctx: LineContext, r: LogRecord, resp: Obj, content: string): void {
  const code = typeof resp['code'] === 'number' ? resp['code'] : 0;
  const e = resp['enhanced_code'];
  let enhanced = '';
  if (isObj(e) && typeof e['class'] === 'number') enhanced = `${e['class']}.${e['subject']}.${e['detail']}`;
  const flat = content.indexOf('\n') >= 0 ? content.replace(/\r?\n/g, ' ') : content;
  if (r.kind === 'reception') return; // our own 250 to the injector, not a receiver's reply
  r.code = code;
  r.enhanced = enhanced;
  const head = enhanced === '' ? `${code}` : `${code} ${enhanced}`;
  r.text = code === 0 ? flat : flat === '' ? head : `${head} ${flat}`;
  r.command = stageOf(str(resp['command']));
  if (r.text !== '') ctx.replies.fill(r);
}

function emitFeedback(ctx: LineContext, r: LogRecord, f: Obj): void {
  const ft = str(f['feedback_type']).toLowerCase();
  r.kind = COMPLAINT_TYPES.has(ft) ? 'complaint' : 'other';
  r.bounceClass = ft;
  r.code = 0;
  r.enhanced = '';
  r.text = '';
  r.cls = '';
  r.attempt = 0;
  if (typeof f['source_ip'] === 'string') r.sourceIp = f['source_ip'];
  r.queuedAt = timeOf(f['arrival_date']);
  const to = f['original_rcpto_to'] ?? f['original_rcpt_to'];
  const rcpt = Array.isArray(to) ? str(to[0]) : str(to);
  emitOne(ctx, r, unbracket(rcpt.trim()));
}

/** Reads a KumoMTA log (plain or .gz, '-' = stdin); `onRecord` gets each record. */
export function readKumoLog(input: LogInput, onRecord: OnRecord, opts: ReadOptions = {}): Promise<LogSummary> {
  const sourceIps = new Map<string, string>();
  return readLines('kumomta', input, opts, (line, n, ctx) => parseKumoLine(line, n, ctx, sourceIps), onRecord);
}
