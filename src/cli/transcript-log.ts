/**
 * A live run's transcript read as the receiving side's delivery log, for the simulator's report
 * (`report --from-transcript`, and `serve --out` at the end of a live run): every model decision
 * that settles a recipient (a reply at MAIL FROM, at RCPT, or after DATA for each recipient the
 * transaction held) becomes one attempt in a {@link LogFacts}, as a line of an MTA's log would, so
 * the report is drawn by the same code as `logs report` (src/insight/log-outcome.ts).
 * - Time: the model time after 00:00 UTC of the scenario's start date.
 * - Source IP: the scenario IP the client address stands for, mapped as the live model maps it
 *   (src/live/address-map.ts: explicit map, then order of first connection).
 * - Provider: the listener's (the provider the server impersonated on that connection).
 * - A message is its sender and recipient (as the live model keys it): an attempt is a retry while
 *   the message's last outcome was a deferral (4xx), and a first attempt otherwise, so the same
 *   list mailed again on a later day is new mail. A reply at MAIL FROM comes before any
 *   recipient (Outlook's 4.7.650), so it names no message: it is counted as a retry and not
 *   tracked (LogFacts.addUntracked). So the report's injected mail is the messages the
 *   transcript shows at RCPT or after DATA (mail deferred at MAIL FROM and never offered again is
 *   not in it), and latency is unknown: a receiver never sees queue times.
 * Connections refused before any command, relaying refused (a recipient of another provider) and
 * smtp-server's own replies are not attempts, as in the live counts (src/live/counts.ts); nor are
 * abandoned transactions (RSET, or a client gone before the end of DATA), which the live counts
 * count as attempts with the outcome `abandoned`.
 */
import { LogRecord } from '../logs/index.ts';
import { LogFacts } from '../insight/facts.ts';
import { classify } from '../smtp/classifier.ts';
import { AddressMap } from '../live/address-map.ts';
import { RELAY_DENIED } from '../live/model.ts';
import type { EventRecord, TranscriptRecord, TranscriptSink } from '../live/transcript.ts';

interface Conn {
  readonly ip: string;
  readonly provider: string;
  sender: string;
  /** Recipients the model let through to DATA in the current transaction. */
  rcpts: string[];
}

const STAGE = { mail: 'MAIL FROM', rcpt: 'RCPT TO', data: '.' } as const;

export class TranscriptLog {
  readonly facts = new LogFacts();
  /** Decisions read as attempts. */
  attempts = 0;
  private readonly base: number;
  private readonly ips: readonly string[];
  private readonly addresses: AddressMap;
  private readonly conns = new Map<number, Conn>();
  /** Messages (sender, recipient) whose last outcome was a deferral: their next attempt is a retry. */
  private readonly deferred = new Set<string>();
  private readonly r = new LogRecord();

  constructor(
    scenario: { readonly startDate: string; readonly ips: readonly { readonly address: string }[] },
    map: readonly (readonly [string, string])[],
  ) {
    this.facts.tracksLatency = false;
    this.base = Date.parse(`${scenario.startDate}T00:00:00Z`) / 1000;
    this.ips = scenario.ips.map((x) => x.address);
    this.addresses = new AddressMap(this.ips, map);
  }

  /** One transcript record (start, wire and unknown records are ignored). */
  write(rec: TranscriptRecord): void {
    if (rec.ev === 'start') return;
    const arg = rec.arg ?? '';
    if (rec.ev === 'connect') {
      const i = this.addresses.ipOf(arg);
      this.conns.set(rec.c, { ip: i >= 0 ? this.ips[i]! : arg, provider: rec.provider ?? 'microsoft', sender: '', rcpts: [] });
      return;
    }
    const c = this.conns.get(rec.c);
    if (c === undefined) return;
    switch (rec.ev) {
      case 'mail':
        c.sender = arg;
        c.rcpts = [];
        if (rec.reply !== undefined) this.attempt(c, rec, rec.reply, '', 'mail');
        return;
      case 'rcpt':
        if (rec.reply === RELAY_DENIED) return; // not the provider's mail: no attempt (the live counts skip it too)
        if (rec.reply !== undefined) this.attempt(c, rec, rec.reply, arg, 'rcpt');
        else c.rcpts.push(arg);
        return;
      case 'data':
        if (rec.reply !== undefined) for (const rcpt of c.rcpts) this.attempt(c, rec, rec.reply, rcpt, 'data');
        c.rcpts = [];
        return;
      case 'reset':
        c.rcpts = [];
        return;
      case 'close':
        this.conns.delete(rec.c);
        return;
      default:
        return;
    }
  }

  private attempt(c: Conn, rec: EventRecord, reply: string, rcpt: string, stage: keyof typeof STAGE): void {
    const r = this.r;
    const code = Number(reply.slice(0, 3));
    r.time = this.base + rec.m;
    r.kind = code >= 200 && code < 300 ? 'delivered' : code >= 400 && code < 500 ? 'deferred' : 'bounced';
    r.code = code;
    r.text = reply;
    r.cls = classify(reply);
    r.enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? '';
    r.command = STAGE[stage];
    r.sender = c.sender;
    r.sourceIp = c.ip;
    r.provider = c.provider;
    r.recipient = rcpt;
    r.domain = rcpt.slice(rcpt.lastIndexOf('@') + 1).toLowerCase();
    r.messageId = c.sender;
    r.queuedAt = Number.NaN;
    this.attempts++;
    if (rcpt === '') return this.facts.addUntracked(r, false);
    const key = `${c.sender}\n${rcpt}`;
    r.attempt = this.deferred.has(key) ? 2 : 1;
    if (r.kind === 'deferred') this.deferred.add(key);
    else this.deferred.delete(key);
    this.facts.add(r);
  }
}

/** One sink writing each record to the transcript file and to the log, either of them optional (undefined with neither). */
export function teeTranscript(file: TranscriptSink | undefined, log: TranscriptLog | undefined): TranscriptSink | undefined {
  if (log === undefined) return file;
  return {
    write: (r) => {
      file?.write(r);
      log.write(r);
    },
    close: () => file?.close() ?? Promise.resolve(),
  };
}
