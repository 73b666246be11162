/**
 * Every message's fate, counted once: injected, then delivered, bounced (by the receiver, or
 * locally because its recipient was suppressed while it waited) or expired (past the maximum
 * age); until then it is live. Keeps the invariant injected = delivered + bounced + expired +
 * live, and the count of live messages per provider (the hourly queue snapshot).
 */
import type { RunMetrics } from '../metrics/run-metrics.ts';
import type { MessageStore } from './messages.ts';
import type { Paths } from './paths.ts';

export class Ledger {
  /** Messages alive per provider (queued, scheduled or in a transaction). */
  readonly queuedByProvider: Float64Array;
  /** Longest a message may stay queued, seconds since injection (policies may change it). */
  maxAge = 7 * 86400;

  constructor(
    private readonly messages: MessageStore,
    private readonly metrics: RunMetrics,
    private readonly paths: Paths,
  ) {
    this.queuedByProvider = new Float64Array(paths.nProviders);
  }

  /** A new message for `rcpt` on `stream` to `site`, injected now. */
  inject(rcpt: number, stream: number, site: number, tag: number, now: number): number {
    const provider = this.paths.siteProvider[site]!;
    const m = this.messages.alloc(rcpt, stream, site, tag, now);
    this.metrics.recordInjected(now, provider, stream);
    this.queuedByProvider[provider]!++;
    return m;
  }

  tooOld(m: number, now: number): boolean {
    return now - this.messages.injectedAt[m]! > this.maxAge;
  }

  delivered(m: number, provider: number, now: number): void {
    this.metrics.recordDelivered(now, provider, this.messages.stream[m]!, now - this.messages.injectedAt[m]!);
    this.finish(m, provider);
  }

  /**
   * Rejected by the receiver (5xx). `counts`: the rejection was the sender's lot (a block, a
   * policy or content reply), not its recipient's (unknown user, full mailbox), so the message
   * counts in the latency percentiles as never delivered.
   */
  bounced(m: number, provider: number, now: number, counts: boolean): void {
    const stream = this.messages.stream[m]!;
    this.metrics.recordBounced(now, provider, stream);
    if (counts) this.metrics.recordNeverDelivered(now, stream);
    this.finish(m, provider);
  }

  /** Past its maximum age, or given up by the policy: never delivered. */
  expired(m: number, now: number): void {
    const provider = this.paths.siteProvider[this.messages.site[m]!]!;
    const stream = this.messages.stream[m]!;
    this.metrics.recordExpired(now, provider, stream);
    this.metrics.recordNeverDelivered(now, stream);
    this.finish(m, provider);
  }

  /** Its recipient was suppressed while it waited (complaint, hard bounce): dropped as a local bounce. */
  suppressed(m: number, now: number): void {
    this.bounced(m, this.paths.siteProvider[this.messages.site[m]!]!, now, false);
  }

  /** At the end of the run: every message still queued, counted per stream and censored at its age. */
  closeRun(now: number): void {
    const ms = this.messages;
    ms.forEachLive((m) => this.metrics.recordQueuedAtEnd(now, ms.stream[m]!, now - ms.injectedAt[m]!));
  }

  private finish(m: number, provider: number): void {
    this.queuedByProvider[provider]!--;
    this.messages.free(m);
  }
}
