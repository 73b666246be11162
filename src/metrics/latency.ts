/**
 * Queue latency (injection to delivery) that does not reward failing to deliver. Every message
 * counts, not only the delivered ones:
 * - delivered mail at its latency;
 * - mail still queued when the run ends at its age then: a censored value (its latency is at
 *   least that);
 * - mail that left the queue undelivered for the sender's reasons (expired, given up by the
 *   policy, refused for good by a block, policy or content reply) as never delivered: its
 *   latency is at least its age, and in fact infinite. Counting it at its age would reward the
 *   quickest refusal (a blocked IP's 550 comes back in under a second), so it sorts last.
 * A quantile that falls among the never-delivered mail is +Infinity ("never"; null in JSON):
 * with more than 5 % of the mail never delivered, p95 is never. Mail refused because of its
 * recipient (unknown user, full mailbox) is left out: no policy can deliver it.
 * Shares delivered within 1 h and 24 h are over every message counted.
 */
import type { RunMetrics } from './run-metrics.ts';
import { HIST_BUCKETS, quantile } from './histogram.ts';
import { round } from './round.ts';

export interface Percentiles {
  /** Quantiles (s) over every message counted; +Infinity (null in JSON) when they fall among the never-delivered mail. */
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Messages counted: delivered + still queued at the end + never delivered. */
  readonly messages: number;
  /** Still queued at the end, counted at their age (a lower bound). */
  readonly queuedAtEnd: number;
  /** Left the queue undelivered for the sender's reasons (expired, given up, blocked, refused): never delivered. */
  readonly neverDelivered: number;
  /** Share of the messages counted that was delivered within 1 h / 24 h of injection (NaN if none). */
  readonly within1h: number;
  readonly within24h: number;
}

/** Delivered and censored histograms of some streams over some days, merged, with the never-delivered count. */
function merged(m: RunMetrics, streams: readonly number[], days: readonly number[]) {
  const h = new Float64Array(HIST_BUCKETS);
  let max = 0,
    queued = 0,
    never = 0,
    in1h = 0,
    in24h = 0;
  for (const d of days)
    for (const s of streams) {
      const k = d * m.streams + s;
      const off = k * HIST_BUCKETS;
      for (let b = 0; b < HIST_BUCKETS; b++) {
        h[b]! += m.latency[off + b]! + m.censored[off + b]!;
        queued += m.censored[off + b]!;
      }
      max = Math.max(max, m.latencyMax[k]!, m.censoredMax[k]!);
      never += m.never[k]!;
      in1h += m.within1h[k]!;
      in24h += m.within24h[k]!;
    }
  let finite = 0;
  for (let b = 0; b < HIST_BUCKETS; b++) finite += h[b]!;
  return { h, max, finite, queued, never, in1h, in24h };
}

/** Quantile q over the finite histogram plus `never` values at +Infinity (NaN when empty). */
function quantileWithNever(h: Float64Array, finite: number, never: number, q: number, max: number): number {
  const total = finite + never;
  if (total === 0) return Number.NaN;
  if (Math.max(1, Math.ceil(q * total)) > finite) return Infinity;
  // the rank within the finite part is the same rank: quantile() computes it from q * finite, so scale q
  return quantile(h, 0, Math.min(1, (Math.max(1, Math.ceil(q * total)) - 0.5) / finite), max);
}

/** Percentiles of some streams over some days (NaN quantiles when no message counts). */
export function percentiles(m: RunMetrics, streams: readonly number[], days: readonly number[]): Percentiles {
  const x = merged(m, streams, days);
  const messages = x.finite + x.never;
  const qt = (q: number) => round(quantileWithNever(x.h, x.finite, x.never, q, x.max));
  return {
    p50: qt(0.5),
    p90: qt(0.9),
    p95: qt(0.95),
    p99: qt(0.99),
    max: messages === 0 ? Number.NaN : x.never > 0 ? Infinity : round(x.max),
    messages,
    queuedAtEnd: x.queued,
    neverDelivered: x.never,
    within1h: round(messages > 0 ? x.in1h / messages : Number.NaN, 5),
    within24h: round(messages > 0 ? x.in24h / messages : Number.NaN, 5),
  };
}

/** Quantile q of each day's latency, never-delivered mail on the day it left (NaN on days without any). */
export function dailyQuantile(m: RunMetrics, streams: readonly number[], q: number): number[] {
  const out = new Array<number>(m.days);
  for (let d = 0; d < m.days; d++) {
    const x = merged(m, streams, [d]);
    out[d] = round(quantileWithNever(x.h, x.finite, x.never, q, x.max));
  }
  return out;
}
