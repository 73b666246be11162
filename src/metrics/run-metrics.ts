/**
 * What one run records, in flat typed arrays indexed by hour (never maps of strings):
 * per hour x provider x IP: attempts, accepted, deferred, bounced, rejected (policy 5xx: every
 * 5xx but a recipient's own, unknown-user and mailbox-full), blocked (block-class replies), peak
 * concurrent connections;
 * per day x provider x IP x stream: attempts, accepted, deferred, rejected, blocked (each IP and
 * each stream tracked separately, the seed article's advice);
 * per hour x provider x reply class: replies;
 * per hour x provider x stream: injected, delivered, bounced, expired, withheld (planned but not
 * injected because of the policy's budget or audience rule);
 * per hour x provider: messages queued at the end of the hour;
 * per day x stream: queue-latency histogram (injection to delivery) and its maximum, the count
 * delivered within 1 h and within 24 h, the count that left the queue undelivered for the
 * sender's reasons (expired, given up, refused for good other than for its recipient: never
 * delivered, an infinite latency), and a histogram of the mail still queued at the end at its
 * age then (a censored latency: at least that).
 * Everything here is sender-observable. Hidden receiver state is traced separately.
 */
import { REPLY_CLASSES, type ReplyClass } from '../smtp/classes.ts';
import { HIST_BUCKETS, bucketOf } from './histogram.ts';

export const CLASS_INDEX: Readonly<Record<ReplyClass, number>> = Object.fromEntries(REPLY_CLASSES.map((c, i) => [c, i])) as Record<
  ReplyClass,
  number
>;

const BLOCK = CLASS_INDEX.block;
const UNKNOWN_USER = CLASS_INDEX['unknown-user'];
const MAILBOX_FULL = CLASS_INDEX['mailbox-full'];

export class RunMetrics {
  readonly hours: number;
  readonly days: number;
  readonly providers: number;
  readonly ips: number;
  readonly streams: number;
  readonly classes = REPLY_CLASSES.length;
  readonly attempts: Float64Array;
  readonly accepted: Float64Array;
  readonly deferred: Float64Array;
  readonly bounced: Float64Array;
  readonly blocked: Float64Array;
  readonly rejected: Float64Array;
  readonly peakConnections: Float64Array;
  readonly byClass: Float64Array;
  readonly injected: Float64Array;
  readonly delivered: Float64Array;
  readonly streamBounced: Float64Array;
  readonly expired: Float64Array;
  readonly withheld: Float64Array;
  readonly queued: Float64Array;
  readonly latency: Float64Array;
  readonly latencyMax: Float64Array;
  readonly within1h: Float64Array;
  readonly within24h: Float64Array;
  readonly never: Float64Array;
  readonly censored: Float64Array;
  readonly censoredMax: Float64Array;
  /** Per day x provider x IP x stream (see {@link RunMetrics.dayIndex}). */
  readonly dAttempts: Float64Array;
  readonly dAccepted: Float64Array;
  readonly dDeferred: Float64Array;
  readonly dRejected: Float64Array;
  readonly dBlocked: Float64Array;
  /** Per stream: messages still queued when the run ended. */
  readonly queuedAtEnd: Float64Array;
  totalInjected = 0;
  totalDelivered = 0;
  totalBounced = 0;
  totalExpired = 0;
  totalWithheld = 0;
  totalAttempts = 0;

  constructor(durationSeconds: number, providers: number, ips: number, streams: number) {
    this.hours = Math.max(1, Math.ceil(durationSeconds / 3600));
    this.days = Math.max(1, Math.ceil(durationSeconds / 86400));
    this.providers = providers;
    this.ips = ips;
    this.streams = streams;
    const hpi = this.hours * providers * ips;
    const hps = this.hours * providers * streams;
    this.attempts = new Float64Array(hpi);
    this.accepted = new Float64Array(hpi);
    this.deferred = new Float64Array(hpi);
    this.bounced = new Float64Array(hpi);
    this.blocked = new Float64Array(hpi);
    this.rejected = new Float64Array(hpi);
    this.peakConnections = new Float64Array(hpi);
    this.byClass = new Float64Array(this.hours * providers * this.classes);
    this.injected = new Float64Array(hps);
    this.delivered = new Float64Array(hps);
    this.streamBounced = new Float64Array(hps);
    this.expired = new Float64Array(hps);
    this.withheld = new Float64Array(hps);
    this.queued = new Float64Array(this.hours * providers);
    this.latency = new Float64Array(this.days * streams * HIST_BUCKETS);
    this.latencyMax = new Float64Array(this.days * streams);
    this.within1h = new Float64Array(this.days * streams);
    this.within24h = new Float64Array(this.days * streams);
    this.never = new Float64Array(this.days * streams);
    this.censored = new Float64Array(this.days * streams * HIST_BUCKETS);
    this.censoredMax = new Float64Array(this.days * streams);
    const dpis = this.days * providers * ips * streams;
    this.dAttempts = new Float64Array(dpis);
    this.dAccepted = new Float64Array(dpis);
    this.dDeferred = new Float64Array(dpis);
    this.dRejected = new Float64Array(dpis);
    this.dBlocked = new Float64Array(dpis);
    this.queuedAtEnd = new Float64Array(streams);
  }

  dayOf(now: number): number {
    const d = Math.floor(now / 86400);
    return d < this.days ? d : this.days - 1;
  }

  /** Index of (day, provider, IP, stream) in the d* arrays. */
  dayIndex(day: number, provider: number, ip: number, stream: number): number {
    return ((day * this.providers + provider) * this.ips + ip) * this.streams + stream;
  }

  hourOf(now: number): number {
    const h = Math.floor(now / 3600);
    return h < this.hours ? h : this.hours - 1;
  }

  ipIndex(now: number, provider: number, ip: number): number {
    return (this.hourOf(now) * this.providers + provider) * this.ips + ip;
  }

  streamIndex(now: number, provider: number, stream: number): number {
    return (this.hourOf(now) * this.providers + provider) * this.streams + stream;
  }

  /** One attempt's reply for a message of `stream`: `kind` 0 accepted, 1 deferred (4xx), 2 bounced (5xx). */
  recordReply(now: number, provider: number, ip: number, stream: number, cls: number, kind: 0 | 1 | 2): void {
    const i = this.ipIndex(now, provider, ip);
    const d = this.dayIndex(this.dayOf(now), provider, ip, stream);
    this.attempts[i]!++;
    this.dAttempts[d]!++;
    this.totalAttempts++;
    if (kind === 0) {
      this.accepted[i]!++;
      this.dAccepted[d]!++;
    } else if (kind === 1) {
      this.deferred[i]!++;
      this.dDeferred[d]!++;
    } else {
      this.bounced[i]!++;
      if (cls !== UNKNOWN_USER && cls !== MAILBOX_FULL) {
        this.rejected[i]!++;
        this.dRejected[d]!++;
      }
    }
    if (cls === BLOCK) {
      this.blocked[i]!++;
      this.dBlocked[d]!++;
    }
    this.byClass[(this.hourOf(now) * this.providers + provider) * this.classes + cls]!++;
  }

  /** `open` connections from `ip` to `provider`'s sites now (one more was just opened): keeps the hour's peak. */
  recordConnections(now: number, provider: number, ip: number, open: number): void {
    const i = this.ipIndex(now, provider, ip);
    if (open > this.peakConnections[i]!) this.peakConnections[i] = open;
  }

  /** A connection refusal: counted as a deferred attempt of its class, with no message. */
  recordRefusal(now: number, provider: number, ip: number, cls: number): void {
    this.byClass[(this.hourOf(now) * this.providers + provider) * this.classes + cls]!++;
  }

  recordInjected(now: number, provider: number, stream: number): void {
    this.injected[this.streamIndex(now, provider, stream)]!++;
    this.totalInjected++;
  }

  recordWithheld(now: number, provider: number, stream: number, n: number): void {
    this.withheld[this.streamIndex(now, provider, stream)]! += n;
    this.totalWithheld += n;
  }

  recordDelivered(now: number, provider: number, stream: number, latency: number): void {
    this.delivered[this.streamIndex(now, provider, stream)]!++;
    this.totalDelivered++;
    const k = this.dayOf(now) * this.streams + stream;
    this.latency[k * HIST_BUCKETS + bucketOf(latency)]!++;
    if (latency > this.latencyMax[k]!) this.latencyMax[k] = latency;
    if (latency <= 3600) this.within1h[k]!++;
    if (latency <= 86400) this.within24h[k]!++;
  }

  /** Mail of `stream` that left the queue undelivered now for the sender's reasons: never delivered. */
  recordNeverDelivered(now: number, stream: number): void {
    this.never[this.dayOf(now) * this.streams + stream]!++;
  }

  /** A message still queued when the run ends (`now`): counted per stream and censored at its age. */
  recordQueuedAtEnd(now: number, stream: number, age: number): void {
    this.queuedAtEnd[stream]!++;
    const k = this.dayOf(now) * this.streams + stream;
    this.censored[k * HIST_BUCKETS + bucketOf(age)]!++;
    if (age > this.censoredMax[k]!) this.censoredMax[k] = age;
  }

  recordBounced(now: number, provider: number, stream: number): void {
    this.streamBounced[this.streamIndex(now, provider, stream)]!++;
    this.totalBounced++;
  }

  recordExpired(now: number, provider: number, stream: number): void {
    this.expired[this.streamIndex(now, provider, stream)]!++;
    this.totalExpired++;
  }
}
