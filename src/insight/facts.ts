/**
 * What a sender's own logs say, gathered in one streaming pass over the normalised records of
 * src/logs/ (any number of files and formats): per source IP x provider and per sending domain x
 * provider, hourly counts (hour-series.ts: attempts, delivered, deferred, rejected, first
 * attempts vs retries, expiries, bounces, complaints, and replies by class); the time from queue
 * entry to delivery per day, with the mail never delivered (latency-facts.ts); the gaps between a deferral and the next attempt of the same message (the retry pattern the seed
 * article warns can "look like a second volume spike"); samples of the exact reply texts per
 * class; messages still deferred at the end; and SNDS rows when given. Everything the log
 * report, the diagnosis, the evidence pack and the calibration read.
 *
 * A message is its message id and recipient. Its first attempt is the record with attempt
 * number 1, or (PowerMTA logs no attempt numbers) the first one seen for it.
 */
import type { LogRecord, SndsRow } from '../logs/index.ts';
import type { ReplyClass } from '../smtp/classes.ts';
import { HIST_BUCKETS, bucketOf } from '../metrics/histogram.ts';
import { CLASS_FIELD, F, HourSeries } from './hour-series.ts';
import { LatencyFacts } from './latency-facts.ts';

export interface Cell {
  /** Source IP (or sending domain) and provider. */
  readonly who: string;
  readonly provider: string;
  readonly hours: HourSeries;
  /** Seconds from a deferral to the next attempt of the message, as a histogram (bucketOf). */
  readonly retryGaps: Float64Array;
}

export interface ReplySample {
  readonly cls: ReplyClass;
  readonly text: string;
  count: number;
  first: number;
  last: number;
  readonly ip: string;
  readonly provider: string;
}

/** Distinct texts kept per reply class (further texts are counted, not kept). */
const SAMPLES_PER_CLASS = 12;

const UNKNOWN = '(unknown)';

export class LogFacts {
  /** By `${ip}\t${provider}`. */
  readonly byIp = new Map<string, Cell>();
  /** By `${sending domain}\t${provider}`. */
  readonly byDomain = new Map<string, Cell>();
  firstTime = Number.NaN;
  lastTime = Number.NaN;
  /** Per UTC day: latency of deliveries, and the mail never delivered. */
  readonly latency = new LatencyFacts();
  /** False when the source cannot know queue times (a receiver's transcript): latency stays unknown. */
  tracksLatency = true;
  readonly samples = new Map<ReplyClass, Map<string, ReplySample>>();
  /** Records without a valid time (not counted), receptions. */
  untimed = 0;
  receptions = 0;
  readonly snds: SndsRow[] = [];
  /** Source IPs each sending domain used (for its SNDS rows). */
  readonly domainIps = new Map<string, Set<string>>();
  private lastPair = '';
  /** Messages seen and not finished: the time of their last attempt, whether it was deferred, and since when they were queued. */
  private readonly open = new Map<string, { t: number; deferred: boolean; since: number }>();

  /** The record callback to give the readers. */
  readonly add = (r: LogRecord): void => {
    const t = r.time;
    if (t !== t) {
      this.untimed++;
      return;
    }
    if (r.kind === 'reception') {
      this.receptions++;
      return;
    }
    if (r.kind === 'other') return;
    if (!(t >= this.firstTime)) this.firstTime = t;
    if (!(t <= this.lastTime)) this.lastTime = t;
    const hour = Math.floor(t / 3600);
    const ip = cell(this.byIp, r.sourceIp || UNKNOWN, r.provider);
    if (r.kind === 'complaint') return ip.hours.add(hour, F.complaints);
    const at = r.sender.lastIndexOf('@');
    const dom = cell(this.byDomain, at < 0 ? UNKNOWN : r.sender.slice(at + 1).toLowerCase(), r.provider);
    const key = `${r.messageId}\n${r.recipient}`;
    if (r.kind === 'expired') {
      ip.hours.add(hour, F.expired);
      dom.hours.add(hour, F.expired);
      this.open.delete(key);
      this.latency.neverDelivered(t);
      return;
    }
    // an attempt: delivered, deferred or bounced
    const prev = this.open.get(key);
    const first = r.attempt === 1 || (r.attempt === 0 && prev === undefined);
    const kind = r.kind === 'delivered' ? F.delivered : r.kind === 'deferred' && r.code < 500 ? F.deferred : F.rejected;
    countAttempt(ip.hours, hour, kind, first, r);
    countAttempt(dom.hours, hour, kind, first, r);
    if (prev !== undefined && prev.deferred && t >= prev.t) {
      const b = bucketOf(t - prev.t);
      ip.retryGaps[b]!++;
      dom.retryGaps[b]!++;
    }
    const pair = `${dom.who}\t${ip.who}`;
    if (pair !== this.lastPair) {
      this.lastPair = pair;
      let s = this.domainIps.get(dom.who);
      if (s === undefined) this.domainIps.set(dom.who, (s = new Set()));
      s.add(ip.who);
    }
    if (r.kind === 'deferred')
      this.open.set(key, { t, deferred: true, since: r.queuedAt === r.queuedAt ? r.queuedAt : (prev?.since ?? t) });
    else this.open.delete(key);
    if (this.tracksLatency) {
      if (r.kind === 'delivered' && r.queuedAt === r.queuedAt) this.latency.delivered(t, t - r.queuedAt);
      if (r.kind === 'bounced' && !RECIPIENT_OWN.has(r.cls)) this.latency.neverDelivered(t);
    }
    if (r.cls !== '' && r.cls !== 'accepted') this.sample(r);
  };

  /**
   * An attempt whose message the source cannot name: a receiving server's transcript, where an
   * MTA's MAIL FROM is answered (Outlook's 4.7.650) before any recipient is given. It is counted
   * (attempts, outcome, reply class, sample; a retry unless `first`) but has no retry gap,
   * latency or open message, which need the message's identity.
   */
  addUntracked(r: LogRecord, first: boolean): void {
    const t = r.time;
    if (t !== t) {
      this.untimed++;
      return;
    }
    if (!(t >= this.firstTime)) this.firstTime = t;
    if (!(t <= this.lastTime)) this.lastTime = t;
    const hour = Math.floor(t / 3600);
    const ip = cell(this.byIp, r.sourceIp || UNKNOWN, r.provider);
    const at = r.sender.lastIndexOf('@');
    const dom = cell(this.byDomain, at < 0 ? UNKNOWN : r.sender.slice(at + 1).toLowerCase(), r.provider);
    const kind = r.kind === 'delivered' ? F.delivered : r.kind === 'deferred' && r.code < 500 ? F.deferred : F.rejected;
    countAttempt(ip.hours, hour, kind, first, r);
    countAttempt(dom.hours, hour, kind, first, r);
    let s = this.domainIps.get(dom.who);
    if (s === undefined) this.domainIps.set(dom.who, (s = new Set()));
    s.add(ip.who);
    if (r.cls !== '' && r.cls !== 'accepted') this.sample(r);
  }

  /** Messages whose last attempt was deferred and that never finished in the logs. */
  get queuedAtEnd(): number {
    let n = 0;
    for (const o of this.open.values()) if (o.deferred) n++;
    return n;
  }

  /**
   * The age at the last record of each message still queued then (last attempt deferred): since
   * its queue time, or since it was first seen when the log gives none (a lower bound either way).
   */
  queuedAges(): number[] {
    const out: number[] = [];
    for (const o of this.open.values()) if (o.deferred) out.push(Math.max(0, this.lastTime - o.since));
    return out;
  }

  private sample(r: LogRecord): void {
    const cls = r.cls as ReplyClass;
    let m = this.samples.get(cls);
    if (m === undefined) this.samples.set(cls, (m = new Map()));
    const s = m.get(r.text);
    if (s !== undefined) {
      s.count++;
      if (r.time < s.first) s.first = r.time;
      if (r.time > s.last) s.last = r.time;
    } else if (m.size < SAMPLES_PER_CLASS)
      m.set(r.text, { cls, text: r.text, count: 1, first: r.time, last: r.time, ip: r.sourceIp, provider: r.provider });
  }
}

function countAttempt(h: HourSeries, hour: number, kind: number, first: boolean, r: LogRecord): void {
  h.add(hour, F.attempts);
  h.add(hour, kind);
  h.add(hour, first ? F.firsts : F.retries);
  if (r.cls !== '') h.add(hour, CLASS_FIELD[r.cls]);
  if (r.kind === 'bounced') h.add(hour, F.bounced);
  if (kind === F.rejected && !RECIPIENT_OWN.has(r.cls)) h.add(hour, F.policyRejected);
}

/** Refusals for the recipient's own sake (src/metrics/run-metrics.ts leaves them out of policy 5xx and of never-delivered mail). */
const RECIPIENT_OWN: ReadonlySet<string> = new Set<ReplyClass>(['unknown-user', 'mailbox-full']);

function cell(m: Map<string, Cell>, who: string, provider: string): Cell {
  const key = `${who}\t${provider}`;
  let c = m.get(key);
  if (c === undefined) {
    c = { who, provider, hours: new HourSeries(), retryGaps: new Float64Array(HIST_BUCKETS) };
    m.set(key, c);
  }
  return c;
}
