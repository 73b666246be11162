/**
 * One SMTP transaction for one recipient and what follows from its reply. The receiver answers
 * (src/contracts/receiver.ts); the reply goes to the policy through the observation seam first;
 * then the message's fate is settled: 250 delivered (the audience's reactions are drawn), 4xx
 * retried at `policy.retryAt` (or expired past the maximum age or when the policy gives up), 5xx
 * bounced (an unknown user is suppressed). A policy that resends after 5xx (`resendRejected`, the
 * "push harder" anti-pattern) treats a 5xx other than an unknown user like a 4xx.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { Audience } from '../audience/audience.ts';
import type { Reactions } from '../audience/reactions.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { GIVE_UP, type Policy } from '../contracts/policy.ts';
import type { Observations } from '../contracts/observations.ts';
import type { Reply } from '../smtp/reply.ts';
import { CLASS_INDEX, type RunMetrics } from '../metrics/run-metrics.ts';
import type { MessageStore } from './messages.ts';
import type { Ledger } from './ledger.ts';
import type { Paths } from './paths.ts';
import { AttemptRecord, MessageRecord } from './records.ts';

export type AttemptTap = (a: Readonly<AttemptInfo>, reply: Reply, path: number, now: number) => void;

/** What happened to a message after an attempt (or to a connection refused before any). */
export type TraceOutcome = 'delivered' | 'deferred' | 'bounced' | 'expired' | 'refused';

/** One line of the per-attempt trace (`run --trace`): the attempt, its reply and the MTA's decision. Reused: copy what you keep. */
export interface TraceEvent {
  time: number;
  /** The message's serial number in the run (-1 for a refused connection). */
  message: number;
  recipient: number;
  stream: number;
  /** 1 for the first attempt. */
  attempt: number;
  ip: number;
  site: number;
  connection: number;
  reply: Reply;
  outcome: TraceOutcome;
  /** When a deferred message is due again (NaN otherwise). */
  retryAt: number;
  injectedAt: number;
}

export type TraceTap = (e: Readonly<TraceEvent>) => void;

export class Transactions {
  // reused records (no allocation per attempt)
  private readonly info = new AttemptRecord();
  private readonly view = new MessageRecord();
  /** Per IP and day parity: messages whose first attempt went out on it that day, and the day counted. */
  private readonly firsts: Float64Array;
  private readonly firstsDay: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly paths: Paths,
    private readonly messages: MessageStore,
    private readonly ledger: Ledger,
    private readonly audience: Audience,
    private readonly reactions: Reactions,
    private readonly receivers: readonly Receiver[],
    private readonly observations: Observations,
    private readonly policy: Policy,
    private readonly metrics: RunMetrics,
    /** Sending domain id of each stream. */
    private readonly streamDomain: Int32Array,
    /** A deferred message is due again (the queues' dispatch). */
    private readonly retryDue: (m: number) => void,
    private readonly onAttempt: AttemptTap | undefined,
    private readonly onTrace: TraceTap | undefined,
  ) {
    this.firsts = new Float64Array(2 * paths.nIps);
    this.firstsDay = new Float64Array(2 * paths.nIps).fill(-1);
  }

  /** Messages whose first attempt went out on the IP on UTC day `day` (today or yesterday; else 0). */
  firstAttemptsOn(ip: number, day: number): number {
    const k = 2 * ip + (day & 1);
    return this.firstsDay[k] === day ? this.firsts[k]! : 0;
  }

  private readonly event: TraceEvent = {
    time: 0,
    message: 0,
    recipient: 0,
    stream: 0,
    attempt: 0,
    ip: 0,
    site: 0,
    connection: 0,
    reply: undefined as never,
    outcome: 'delivered',
    retryAt: Number.NaN,
    injectedAt: 0,
  };

  /** Message m on path now, over connection serial `conn`: the receiver's reply, then the message's fate. */
  transact(m: number, path: number, conn: number, now: number): Reply {
    const ms = this.messages;
    const ip = this.paths.ip(path),
      site = this.paths.site(path);
    const provider = this.paths.siteProvider[site]!;
    const rcpt = ms.rcpt[m]!;
    const a = this.info;
    a.ip = ip;
    a.net = this.paths.ipNet[ip]!;
    a.site = site;
    a.stream = ms.stream[m]!;
    a.sendDomain = this.streamDomain[a.stream]!;
    a.recipient = rcpt;
    a.unknownUser = this.audience.isUnknown(rcpt);
    a.trap = this.audience.isTrap(rcpt);
    a.attemptNo = ++ms.attempts[m]!;
    a.tag = ms.tag[m]!;
    if (a.attemptNo === 1) {
      const day = Math.floor(now / 86400);
      const k = 2 * ip + (day & 1);
      if (this.firstsDay[k] !== day) {
        this.firstsDay[k] = day;
        this.firsts[k] = 0;
      }
      this.firsts[k]!++;
    }
    ms.lastIp[m] = ip;
    const receiver = this.receivers[provider]!;
    const reply = receiver.attempt(a, now);
    this.onAttempt?.(a, reply, path, now);
    this.observations.reply(path, reply, now);
    if (this.onTrace === undefined) this.settle(m, reply, ip, provider, receiver.lastJunk, now);
    else this.traced(m, reply, ip, provider, receiver.lastJunk, conn, now);
    return reply;
  }

  /** settle, then the trace line: the fate is read from the message's state after settling. */
  private traced(m: number, reply: Reply, ip: number, provider: number, junk: boolean, conn: number, now: number): void {
    const ms = this.messages,
      e = this.event;
    e.time = now;
    e.message = ms.serial[m]!;
    e.recipient = ms.rcpt[m]!;
    e.stream = ms.stream[m]!;
    e.attempt = ms.attempts[m]!;
    e.ip = ip;
    e.site = ms.site[m]!;
    e.connection = conn;
    e.reply = reply;
    e.injectedAt = ms.injectedAt[m]!;
    const before = ms.live;
    this.settle(m, reply, ip, provider, junk, now);
    const gone = ms.live < before;
    e.outcome = !gone
      ? 'deferred'
      : reply.code >= 200 && reply.code < 300
        ? 'delivered'
        : reply.temporary || (this.policy.resendRejected === true && reply.cls !== 'unknown-user')
          ? 'expired'
          : 'bounced';
    e.retryAt = gone ? Number.NaN : now + ms.lastDelay[m]!;
    this.onTrace!(e);
  }

  /** A connection refused before any transaction: a trace line without a message. */
  traceRefusal(ip: number, site: number, conn: number, reply: Reply, now: number): void {
    if (this.onTrace === undefined) return;
    const e = this.event;
    e.time = now;
    e.message = -1;
    e.recipient = -1;
    e.stream = -1;
    e.attempt = 0;
    e.ip = ip;
    e.site = site;
    e.connection = conn;
    e.reply = reply;
    e.outcome = 'refused';
    e.retryAt = Number.NaN;
    e.injectedAt = Number.NaN;
    this.onTrace(e);
  }

  private settle(m: number, reply: Reply, ip: number, provider: number, junk: boolean, now: number): void {
    const ms = this.messages;
    const stream = ms.stream[m]!;
    const cls = CLASS_INDEX[reply.cls];
    if (reply.code >= 200 && reply.code < 300) {
      this.metrics.recordReply(now, provider, ip, stream, cls, 0);
      this.reactions.onDelivered(ms.tag[m]!, ms.rcpt[m]!, ip, this.streamDomain[stream]!, junk);
      this.ledger.delivered(m, provider, now);
      return;
    }
    const resend = !reply.temporary && this.policy.resendRejected === true && reply.cls !== 'unknown-user';
    if (reply.temporary || resend) {
      this.metrics.recordReply(now, provider, ip, stream, cls, reply.temporary ? 1 : 2);
      if (Number.isNaN(ms.firstFailAt[m]!)) ms.firstFailAt[m] = now;
      const v = this.view;
      v.attempts = ms.attempts[m]!;
      v.injectedAt = ms.injectedAt[m]!;
      v.firstFailAt = ms.firstFailAt[m]!;
      v.lastDelay = ms.lastDelay[m]!;
      v.stream = stream;
      v.provider = provider;
      v.site = ms.site[m]!;
      v.ip = ip;
      const at = this.policy.retryAt(v, reply, now);
      if (at === GIVE_UP || at - ms.injectedAt[m]! > this.ledger.maxAge) return this.ledger.expired(m, now);
      ms.lastDelay[m] = at - now;
      this.sim.at(Math.max(at, now), this.onRetryDue, m);
      return;
    }
    this.metrics.recordReply(now, provider, ip, stream, cls, 2);
    if (reply.cls === 'unknown-user') this.audience.suppress(ms.rcpt[m]!);
    this.ledger.bounced(m, provider, now, reply.cls !== 'unknown-user' && reply.cls !== 'mailbox-full');
  }

  private readonly onRetryDue = (m: number): void => this.retryDue(m);
}
