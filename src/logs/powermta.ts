/**
 * PowerMTA accounting CSV (User's Guide, "Accounting records"): RFC 4180 CSV whose header row
 * names the columns, because operators choose them with `record-fields`; a file holding several
 * record types has the union of their columns. Record types: d (delivered), b (bounced),
 * t (transient: one deferred attempt, where 4.7.650 shows), tq (transient for a whole queue),
 * f (feedback loop), r (received), rb/rs (remote bounce/status); the long names (delivery,
 * bounce, transient, ...) are accepted too. Fields used: timeLogged (unix seconds or
 * "2026-12-01 08:00:01-0000"), timeQueued, rcpt, dsnAction, dsnStatus ("4.7.650 (...)"), dsnDiag
 * ("smtp;451 4.7.650 ..."), dsnMta ("mx.host (192.0.2.9)"), dlvSourceIp, dlvDestinationIp, vmta,
 * vmtaPool, queue, bounceCat, envId (else jobId) as the message id, and for f records
 * feedbackType. PowerMTA logs no attempt number (attempt stays 0). A `b` record whose
 * bounceCat is message-expired, or whose status is 4.4.7, is an expiry. A header row may appear
 * again (concatenated files) and replaces the columns.
 */
import type { LogInput } from './lines.ts';
import type { RecordKind } from './record.ts';
import { splitCsvLine } from './csv.ts';
import { newRecord, readLines, setRecipient, unbracket, type LineContext, type OnRecord, type ReadOptions } from './reader.ts';
import { parseTimestamp } from './time.ts';
import type { LogSummary } from './summary.ts';

export interface PowerMtaOptions extends ReadOptions {
  /** Column names for files without a header row. */
  readonly fields?: readonly string[];
}

const KINDS: Readonly<Record<string, RecordKind>> = {
  d: 'delivered',
  delivery: 'delivered',
  b: 'bounced',
  bounce: 'bounced',
  rb: 'bounced',
  t: 'deferred',
  transient: 'deferred',
  tq: 'deferred',
  'transient-queue': 'deferred',
  f: 'complaint',
  feedback: 'complaint',
  'feedback-loop': 'complaint',
  r: 'reception',
  receipt: 'reception',
};

/** Columns the reader uses, by position in the current header (-1 = absent). */
class Columns {
  type = -1;
  timeLogged = -1;
  timeQueued = -1;
  rcpt = -1;
  dsnAction = -1;
  dsnStatus = -1;
  dsnDiag = -1;
  dsnMta = -1;
  srcIp = -1;
  dstIp = -1;
  vmta = -1;
  pool = -1;
  queue = -1;
  bounceCat = -1;
  jobId = -1;
  envId = -1;
  orig = -1;
  feedbackType = -1;
  fbIp = -1;
  constructor(names: readonly string[]) {
    const at = (...alts: string[]) => {
      for (const a of alts) {
        const i = names.indexOf(a);
        if (i >= 0) return i;
      }
      return -1;
    };
    this.type = at('type');
    this.timeLogged = at('timeLogged', 'timeArrival');
    this.timeQueued = at('timeQueued');
    this.rcpt = at('rcpt');
    this.dsnAction = at('dsnAction');
    this.dsnStatus = at('dsnStatus');
    this.dsnDiag = at('dsnDiag');
    this.dsnMta = at('dsnMta');
    this.srcIp = at('dlvSourceIp');
    this.dstIp = at('dlvDestinationIp', 'dlvDesintationIp');
    this.vmta = at('vmta');
    this.pool = at('vmtaPool');
    this.queue = at('queue');
    this.bounceCat = at('bounceCat');
    this.jobId = at('jobId');
    this.envId = at('envId');
    this.orig = at('orig');
    this.feedbackType = at('feedbackType');
    this.fbIp = at('reportedIp', 'sourceIp', 'srcIp');
  }
}

class PowerMtaParser {
  private cols: Columns | undefined;

  constructor(fields?: readonly string[]) {
    if (fields !== undefined) this.cols = new Columns(fields);
  }

  readonly parse = (line: string, n: number, ctx: LineContext): void => {
    if (line.length === 0) return ctx.ignore();
    const f = splitCsvLine(line);
    if (f === null) return ctx.bad(n, line, 'unclosed quote');
    const type = f[0]!;
    if (type === 'type' || type === 'TYPE') {
      this.cols = new Columns(f);
      return ctx.ignore();
    }
    const c = this.cols;
    if (c === undefined) return ctx.bad(n, line, 'a record before the header row (type,timeLogged,...): pass the field names');
    const kindOf = KINDS[type];
    if (kindOf === undefined) {
      if (type === 'rs' || type === 'remote-status') return ctx.ignore();
      return ctx.bad(n, line, `unknown record type '${type.slice(0, 20)}'`);
    }
    const get = (i: number) => (i >= 0 ? (f[i] ?? '') : '');
    const time = parseTimestamp(get(c.timeLogged));
    if (time !== time) return ctx.bad(n, line, 'timeLogged is not a time');
    const r = newRecord('powermta', n);
    r.time = time;
    r.kind = kindOf;
    r.mtaType = type;
    r.queuedAt = c.timeQueued >= 0 ? parseTimestamp(get(c.timeQueued)) : NaN;
    r.sourceIp = get(c.srcIp);
    r.peerIp = get(c.dstIp);
    r.source = get(c.vmta);
    r.pool = get(c.pool);
    r.queue = get(c.queue);
    r.bounceClass = get(c.bounceCat);
    r.messageId = get(c.envId) || get(c.jobId);
    r.sender = unbracket(get(c.orig));
    const mta = get(c.dsnMta);
    if (mta !== '') {
      const p = mta.indexOf(' (');
      r.peerHost = p < 0 ? mta : mta.slice(0, p);
      if (r.peerIp === '' && p >= 0 && mta.endsWith(')')) r.peerIp = mta.slice(p + 2, -1);
    }
    if (r.kind === 'complaint') {
      const ft = get(c.feedbackType).toLowerCase();
      if (ft !== '') r.bounceClass = ft;
      if (ft === 'not-spam' || ft === 'auth-failure' || ft === 'dmarc') r.kind = 'other';
      if (r.sourceIp === '') r.sourceIp = get(c.fbIp);
    } else if (r.kind !== 'reception') {
      const status = get(c.dsnStatus);
      const sp = status.indexOf(' ');
      r.enhanced = sp < 0 ? status : status.slice(0, sp);
      const diag = get(c.dsnDiag);
      const semi = diag.indexOf(';');
      r.text = semi >= 0 && semi < 12 ? diag.slice(semi + 1) : diag;
      if (r.text !== '') ctx.replies.fill(r);
      if (r.kind === 'bounced' && (r.bounceClass === 'message-expired' || r.enhanced === '4.4.7')) r.kind = 'expired';
    }
    setRecipient(ctx, r, unbracket(get(c.rcpt)));
    ctx.emit(r);
  };
}

/** Reads a PowerMTA accounting file (plain or .gz, '-' = stdin). */
export function readPowerMtaLog(input: LogInput, onRecord: OnRecord, opts: PowerMtaOptions = {}): Promise<LogSummary> {
  return readLines('powermta', input, opts, new PowerMtaParser(opts.fields).parse, onRecord);
}
