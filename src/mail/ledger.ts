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

  /** Rejected by the receiver (5xx). */
  bounced(m: number, provider: number, now: number): void {
    this.metrics.recordBounced(now, provider, this.messages.stream[m]!);
    this.finish(m, provider);
  }

  expired(m: number, now: number): void {
    const provider = this.paths.siteProvider[this.messages.site[m]!]!;
    this.metrics.recordExpired(now, provider, this.messages.stream[m]!);
    this.finish(m, provider);
  }

  /** Its recipient was suppressed while it waited (complaint, hard bounce): dropped as a local bounce. */
  suppressed(m: number, now: number): void {
    this.bounced(m, this.paths.siteProvider[this.messages.site[m]!]!, now);
  }

  private finish(m: number, provider: number): void {
    this.queuedByProvider[provider]!--;
    this.messages.free(m);
  }
}
