/**
 * A sender's logs as the simulator's own run record: the facts (facts.ts) written into a
 * RunMetrics (src/metrics/run-metrics.ts) and a FinishedRun around it, so that the simulator's
 * `summarize` (src/metrics/summary.ts) computes every rate, band, worst day, per-IP and
 * per-provider outcome and latency percentile from the logs with exactly the definitions it uses
 * for a simulation. The run's topology is what the logs show: the providers seen (sorted), the
 * source IPs seen (sorted), one stream holding every message (a log does not say which stream a
 * message belonged to; it counts as bulk, with no plan: no target). Day 0 is the UTC day of the
 * first record; hour h of the run is unix hour `hour0 + h`. Cells are filled as the simulator
 * fills them: attempts, accepted, deferred (4xx), bounced (every 5xx), rejected (policy 5xx),
 * blocked (block-class replies) per hour x provider x IP and per day; replies per class; first
 * attempts as injected, final bounces and expiries per hour; the latency of each day; mail still
 * deferred at the last record censored at its age then. Peak connections are not in logs: NaN.
 * Also the span helpers the other insight modules share (spanOf, hourly, daily).
 */
import { RunMetrics } from '../metrics/run-metrics.ts';
import { CLASS_INDEX } from '../metrics/run-metrics.ts';
import { HIST_BUCKETS } from '../metrics/histogram.ts';
import type { FinishedRun } from '../metrics/summary.ts';
import { REPLY_CLASSES } from '../smtp/classes.ts';
import { CLASS_FIELD, F } from './hour-series.ts';
import type { Cell, LogFacts } from './facts.ts';

/** The span of the facts: first UTC day (unix days), days and hours covered. */
export function spanOf(f: LogFacts): { day0: number; days: number; hours: number; hour0: number } {
  if (f.firstTime !== f.firstTime) return { day0: 0, days: 0, hours: 0, hour0: 0 };
  const day0 = Math.floor(f.firstTime / 86400);
  const days = Math.floor(f.lastTime / 86400) - day0 + 1;
  return { day0, days, hours: days * 24, hour0: day0 * 24 };
}

/** Per hour of the span: the sum of `field` over the cells. */
export function hourly(cells: Iterable<Cell>, field: number, hour0: number, hours: number): number[] {
  const out = new Array<number>(hours).fill(0);
  for (const c of cells) for (let h = 0; h < hours; h++) out[h]! += c.hours.get(hour0 + h, field);
  return out;
}

/** Hourly values summed per day. */
export function daily(hourlyValues: readonly number[]): number[] {
  const out = new Array<number>(Math.ceil(hourlyValues.length / 24)).fill(0);
  hourlyValues.forEach((x, h) => (out[Math.floor(h / 24)]! += x));
  return out;
}

/** The per-hour x provider x IP arrays of RunMetrics and the facts' field each is filled from. */
const HOURLY = [
  ['attempts', F.attempts],
  ['accepted', F.delivered],
  ['deferred', F.deferred],
  ['bounced', F.rejected],
  ['rejected', F.policyRejected],
  ['blocked', CLASS_FIELD.block],
] as const;

/** The same per day x provider x IP (x the one stream). */
const DAILY = [
  ['dAttempts', F.attempts],
  ['dAccepted', F.delivered],
  ['dDeferred', F.deferred],
  ['dRejected', F.policyRejected],
  ['dBlocked', CLASS_FIELD.block],
] as const;

/** Per hour x provider x stream. */
const STREAM = [
  ['injected', F.firsts],
  ['delivered', F.delivered],
  ['streamBounced', F.bounced],
  ['expired', F.expired],
] as const;

/** The run's totals. */
const TOTALS = [
  ['totalInjected', F.firsts],
  ['totalDelivered', F.delivered],
  ['totalBounced', F.bounced],
  ['totalExpired', F.expired],
  ['totalAttempts', F.attempts],
] as const;

/** The facts as a finished run (for `summarize`). */
export function logRun(f: LogFacts): FinishedRun {
  const { day0, days, hour0 } = spanOf(f);
  const cells = [...f.byIp.values()].filter((c) => c.provider !== '');
  const providers = [...new Set(cells.map((c) => c.provider))].sort();
  const ips = [...new Set(cells.map((c) => c.who))].sort();
  const m = new RunMetrics(Math.max(1, days) * 86400, providers.length, ips.length, 1);
  let complaints = 0;
  for (const c of f.byIp.values()) for (let h = 0; h < m.hours; h++) complaints += c.hours.get(hour0 + h, F.complaints);
  for (const c of cells) {
    const p = providers.indexOf(c.provider),
      i = ips.indexOf(c.who);
    for (let h = 0; h < m.hours; h++) {
      const at = (x: number) => c.hours.get(hour0 + h, x);
      const hi = (h * m.providers + p) * m.ips + i,
        di = m.dayIndex(Math.floor(h / 24), p, i, 0),
        si = (h * m.providers + p) * m.streams;
      for (const [name, field] of HOURLY) m[name][hi]! += at(field);
      for (const [name, field] of DAILY) m[name][di]! += at(field);
      for (const [name, field] of STREAM) m[name][si]! += at(field);
      for (const cls of REPLY_CLASSES) m.byClass[(h * m.providers + p) * m.classes + CLASS_INDEX[cls]]! += at(CLASS_FIELD[cls]);
      m.peakConnections[hi] = Number.NaN;
      for (const [name, field] of TOTALS) m[name] += at(field);
    }
  }
  fillLatency(m, f, day0);
  const end = f.lastTime - day0 * 86400;
  for (const age of f.queuedAges()) m.recordQueuedAtEnd(end, 0, age);
  return {
    scenario: {
      duration: m.days * 86400,
      streams: [{ kind: 'bulk', name: 'all mail', domain: '', pool: '', perDay: [0], sendAt: 0, spread: 0, segments: [] }],
    },
    seed: 0,
    topo: { ips: ips.map((address) => ({ address, net: 0, pool: 0, weight: 1 })), providers },
    metrics: m,
    receivers: [],
    mta: { messages: { live: f.queuedAtEnd } },
    reactions: { complaintCopies: complaints },
  };
}

/** Each day's latency histogram, maximum, within 1 h / 24 h and never-delivered count (the one stream). */
function fillLatency(m: RunMetrics, f: LogFacts, day0: number): void {
  for (const [day, x] of f.latency.days) {
    const d = day - day0;
    if (d < 0 || d >= m.days) continue;
    m.latency.set(x.hist, d * m.streams * HIST_BUCKETS);
    m.latencyMax[d] = x.max;
    m.within1h[d] = x.within1h;
    m.within24h[d] = x.within24h;
    m.never[d] = x.never;
  }
}
