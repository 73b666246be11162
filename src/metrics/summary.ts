/**
 * What one run comes to: sender-observable outcomes (volumes, deferral rates and bands, blocks,
 * latency percentiles, days to target, complaint rate, SNDS colours) and, apart and labelled as
 * such, the hidden receiver state (trust and capacity per IP). Plus the compact daily and hourly
 * series the charts need.
 */
import type { Receiver } from '../contracts/receiver.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import { CLASS_INDEX, type RunMetrics } from './run-metrics.ts';
import { HIST_BUCKETS, quantile } from './histogram.ts';
import { bandOf, type Band } from './bands.ts';

/** What a summary reads of a finished run (the run layer's RunState is one). */
export interface FinishedRun {
  readonly scenario: Pick<Scenario, 'streams'>;
  readonly seed: number;
  readonly topo: Pick<Topology, 'ips' | 'providers'>;
  readonly metrics: RunMetrics;
  readonly receivers: readonly Pick<Receiver, 'dailyReport' | 'hidden'>[];
  /** Messages still queued (scheduled, ready, held or in a transaction). */
  readonly mta: { readonly messages: { readonly live: number } };
  readonly reactions: { readonly complaintCopies: number };
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface RunSummary {
  readonly policy: string;
  readonly seed: number;
  readonly injected: number;
  readonly delivered: number;
  readonly bounced: number;
  readonly expired: number;
  readonly withheld: number;
  readonly queuedAtEnd: number;
  readonly attempts: number;
  readonly attemptsPerDelivered: number;
  readonly microsoft: {
    readonly attempts: number;
    readonly deferralRate: number;
    /** Worst daily deferral rate from day 3 on (the first days of a warm-up always defer). */
    readonly maxDailyDeferralRate: number;
    readonly blockReplies: number;
    readonly daysInBand: Readonly<Record<Band, number>>;
    readonly delivered: number;
  };
  /** Block-class replies (IP, network or domain blocks) per provider, Outlook.com included. */
  readonly blocksByProvider: Readonly<Record<string, number>>;
  readonly latency: { readonly bulk: Percentiles; readonly transactional: Percentiles };
  /** First day delivering >= 95 % of the plan's final daily volume; null if never. */
  readonly daysToTarget: number | null;
  /** Complaint copies received / delivered. */
  readonly complaintRate: number;
  readonly snds: { readonly green: number; readonly yellow: number; readonly red: number };
  /** Hidden receiver state at the end (never visible to a sender): Microsoft T_eff and capacity per IP. */
  readonly hidden: { readonly trust: readonly number[]; readonly capacity: readonly number[] };
}

export interface RunSeries {
  /** Per day: Microsoft deferral rate, delivered (all providers), bulk p50/p95, transactional p50/p95 latency (s). */
  readonly msDeferralDaily: number[];
  readonly deliveredDaily: number[];
  readonly bulkP50: number[];
  readonly bulkP95: number[];
  readonly txP50: number[];
  readonly txP95: number[];
  /** Per hour: Microsoft deferral rate, and share of attempts refused by a block (NaN when no attempts). */
  readonly msDeferralHourly: number[];
  readonly msBlockHourly: number[];
  /** Hidden, per IP per hour: Microsoft T_eff and capacity. */
  readonly hiddenTrust: number[][];
  readonly hiddenCapacity: number[][];
  readonly target: number;
  /** Every IP tracked separately: per IP and provider with attempts, per day (the seed article). */
  readonly perIp: readonly IpDaily[];
}

/** One IP's outcomes at one provider, per day: what an IP owner's own logs show. */
export interface IpDaily {
  readonly ip: string;
  readonly provider: string;
  readonly attempts: readonly number[];
  readonly delivered: readonly number[];
  /** Temporary failures (4xx). */
  readonly deferred: readonly number[];
  /** Block-class replies (S3150, S3140, 5.7.606, Gmail 5.7.28, Yahoo TSS09, ...). */
  readonly blocked: readonly number[];
  /** Per hour: the most connections open at once from the IP to the provider's sites. */
  readonly peakConnectionsHourly: readonly number[];
}

/** Per IP x provider x day outcomes, for the pairs with any attempts. */
function perIpDaily(m: RunMetrics, ips: readonly string[], providers: readonly string[]): IpDaily[] {
  const out: IpDaily[] = [];
  for (let i = 0; i < m.ips; i++) {
    for (let p = 0; p < m.providers; p++) {
      const day = (arr: Float64Array) => {
        const v = new Array<number>(m.days).fill(0);
        for (let h = 0; h < m.hours; h++) v[Math.floor(h / 24)]! += arr[(h * m.providers + p) * m.ips + i]!;
        return v;
      };
      const attempts = day(m.attempts);
      if (!attempts.some((x) => x > 0)) continue;
      const peak = new Array<number>(m.hours);
      for (let h = 0; h < m.hours; h++) peak[h] = m.peakConnections[(h * m.providers + p) * m.ips + i]!;
      out.push({
        ip: ips[i]!,
        provider: providers[p]!,
        attempts,
        delivered: day(m.accepted),
        deferred: day(m.deferred),
        blocked: day(m.blocked),
        peakConnectionsHourly: peak,
      });
    }
  }
  return out;
}

/** The provider the summary's `microsoft` block describes (looked up by name in the run's topology). */
const MICROSOFT = 'microsoft';

/**
 * Per-hour and per-day totals from the metrics arrays. The loops live here and in the helpers
 * below, not in `summarize`: a function called once per run whose own body loops over every hour
 * becomes hot, and V8 then compiles it (with everything inlined) at 100-150 ms of background CPU
 * each time, several times per isolate as later runs meet new maps. On a sweep's worker threads
 * that compile time comes out of the simulation's cores (issue 8); small helpers compile in a few ms.
 */
function hourlyTotals(m: RunMetrics, MS: number) {
  const nI = m.ips,
    nP = m.providers;
  const msDeferralHourly: number[] = [];
  const msBlockHourly: number[] = [];
  const msAttDaily = new Array<number>(m.days).fill(0),
    msDefDaily = new Array<number>(m.days).fill(0);
  const deliveredDaily = new Array<number>(m.days).fill(0);
  let blockReplies = 0,
    msDelivered = 0;
  const blocksByProvider = new Array<number>(nP).fill(0);
  for (let h = 0; h < m.hours; h++) {
    const a = hourAgg(m.attempts, h, MS, nP, nI),
      df = hourAgg(m.deferred, h, MS, nP, nI);
    msDeferralHourly.push(a > 0 ? df / a : Number.NaN);
    const d = Math.floor(h / 24);
    msAttDaily[d]! += a;
    msDefDaily[d]! += df;
    msDelivered += hourAgg(m.accepted, h, MS, nP, nI);
    for (let p = 0; p < nP; p++) for (let s = 0; s < m.streams; s++) deliveredDaily[d]! += m.delivered[(h * nP + p) * m.streams + s]!;
    const blocked = m.byClass[(h * nP + MS) * m.classes + CLASS_INDEX.block]!;
    blockReplies += blocked;
    for (let p = 0; p < nP; p++) blocksByProvider[p]! += m.byClass[(h * nP + p) * m.classes + CLASS_INDEX.block]!;
    msBlockHourly.push(a > 0 ? blocked / a : Number.NaN);
  }
  return { msDeferralHourly, msBlockHourly, msAttDaily, msDefDaily, deliveredDaily, blockReplies, msDelivered, blocksByProvider };
}

/** Sum over IPs of `arr[(h * nP + p) * nI + i]`. */
function hourAgg(arr: Float64Array, h: number, p: number, nP: number, nI: number): number {
  let x = 0;
  for (let i = 0; i < nI; i++) x += arr[(h * nP + p) * nI + i]!;
  return x;
}

/** Days per deferral band (days with Microsoft attempts only). */
function bandDays(msAttDaily: readonly number[], msDeferralDaily: readonly number[]): Record<Band, number> {
  const days = { healthy: 0, watch: 0, throttle: 0, pause: 0 };
  for (let d = 0; d < msAttDaily.length; d++) if (msAttDaily[d]! > 0) days[bandOf(msDeferralDaily[d]!)]++;
  return days;
}

/** SNDS colours over every daily report the Microsoft receiver wrote. */
function sndsDays(ms: FinishedRun['receivers'][number], days: number): { green: number; yellow: number; red: number } {
  let green = 0,
    yellow = 0,
    red = 0;
  for (let d = 0; d < days; d++)
    for (const row of ms.dailyReport?.(d) ?? []) {
      if (row.colour === 'green') green++;
      else if (row.colour === 'yellow') yellow++;
      else red++;
    }
  return { green, yellow, red };
}

/** The hidden per-hour value of one IP, rounded (NaN where the receiver has no hidden trace). */
function hiddenSeries(
  ms: FinishedRun['receivers'][number],
  ip: number,
  hours: number,
  what: 'tEff' | 'capacity',
  digits: number,
): number[] {
  const out = new Array<number>(hours);
  for (let h = 0; h < hours; h++) out[h] = round(ms.hidden?.get(h, ip, what) ?? Number.NaN, digits);
  return out;
}

/** The latency histogram of some streams over some days, merged, and its exact maximum. */
function mergedLatency(m: RunMetrics, streams: readonly number[], days: readonly number[]): { h: Float64Array; max: number } {
  const h = new Float64Array(HIST_BUCKETS);
  let max = 0;
  for (const d of days)
    for (const s of streams) {
      const off = (d * m.streams + s) * HIST_BUCKETS;
      for (let b = 0; b < HIST_BUCKETS; b++) h[b]! += m.latency[off + b]!;
      max = Math.max(max, m.latencyMax[d * m.streams + s]!);
    }
  return { h, max };
}

function percentiles(m: RunMetrics, streams: readonly number[], days: readonly number[]): Percentiles {
  const { h, max } = mergedLatency(m, streams, days);
  return {
    p50: round(quantile(h, 0, 0.5, max)),
    p90: round(quantile(h, 0, 0.9, max)),
    p95: round(quantile(h, 0, 0.95, max)),
    p99: round(quantile(h, 0, 0.99, max)),
    max: round(max),
  };
}

/** Quantile q of each day's latency (NaN on days without deliveries). */
function dailyQuantile(m: RunMetrics, streams: readonly number[], q: number): number[] {
  const out = new Array<number>(m.days);
  for (let d = 0; d < m.days; d++) {
    const { h, max } = mergedLatency(m, streams, [d]);
    out[d] = round(quantile(h, 0, q, max));
  }
  return out;
}

export function summarize(run: FinishedRun, policyName: string): { summary: RunSummary; series: RunSeries } {
  const m = run.metrics;
  const msId = run.topo.providers.indexOf(MICROSOFT);
  const { msDeferralHourly, msBlockHourly, msAttDaily, msDefDaily, deliveredDaily, blockReplies, msDelivered, blocksByProvider } =
    hourlyTotals(m, msId);
  const msDeferralDaily = msAttDaily.map((a, d) => (a > 0 ? msDefDaily[d]! / a : 0));
  const daysInBand = bandDays(msAttDaily, msDeferralDaily);
  const msAttempts = msAttDaily.reduce((x, y) => x + y, 0);

  const kindStreams = (kind: 'bulk' | 'transactional') => run.scenario.streams.flatMap((s, i) => (s.kind === kind ? [i] : []));
  const allDays = Array.from({ length: m.days }, (_, d) => d);
  const bulk = kindStreams('bulk'),
    tx = kindStreams('transactional');

  const target = run.scenario.streams.reduce((t, s) => t + (s.kind === 'bulk' ? s.perDay[s.perDay.length - 1]! : 0), 0);
  const reached = deliveredDaily.findIndex((x) => target > 0 && x >= 0.95 * target);
  const ms = run.receivers[msId]!;
  const snds = sndsDays(ms, m.days);
  const hiddenTrust = run.topo.ips.map((_, i) => hiddenSeries(ms, i, m.hours, 'tEff', 4));
  const hiddenCapacity = run.topo.ips.map((_, i) => hiddenSeries(ms, i, m.hours, 'capacity', 1));

  const summary: RunSummary = {
    policy: policyName,
    seed: run.seed,
    injected: m.totalInjected,
    delivered: m.totalDelivered,
    bounced: m.totalBounced,
    expired: m.totalExpired,
    withheld: m.totalWithheld,
    queuedAtEnd: run.mta.messages.live,
    attempts: m.totalAttempts,
    attemptsPerDelivered: round(m.totalAttempts / Math.max(1, m.totalDelivered), 4),
    microsoft: {
      attempts: msAttempts,
      deferralRate: round(msAttempts > 0 ? msDefDaily.reduce((x, y) => x + y, 0) / msAttempts : 0, 5),
      maxDailyDeferralRate: round(Math.max(0, ...msDeferralDaily.slice(3)), 5),
      blockReplies,
      daysInBand,
      delivered: msDelivered,
    },
    blocksByProvider: Object.fromEntries(run.topo.providers.map((name, p) => [name, blocksByProvider[p]!])),
    latency: { bulk: percentiles(m, bulk, allDays), transactional: percentiles(m, tx, allDays) },
    daysToTarget: reached < 0 ? null : reached,
    complaintRate: round(run.reactions.complaintCopies / Math.max(1, m.totalDelivered), 6),
    snds,
    hidden: { trust: hiddenTrust.map((t) => t[t.length - 1]!), capacity: hiddenCapacity.map((c) => c[c.length - 1]!) },
  };
  const series: RunSeries = {
    msDeferralDaily: msDeferralDaily.map((x) => round(x, 5)),
    deliveredDaily,
    bulkP50: dailyQuantile(m, bulk, 0.5),
    bulkP95: dailyQuantile(m, bulk, 0.95),
    txP50: dailyQuantile(m, tx, 0.5),
    txP95: dailyQuantile(m, tx, 0.95),
    msDeferralHourly: msDeferralHourly.map((x) => round(x, 5)),
    msBlockHourly: msBlockHourly.map((x) => round(x, 5)),
    hiddenTrust,
    hiddenCapacity,
    target,
    perIp: perIpDaily(
      m,
      run.topo.ips.map((x) => x.address),
      run.topo.providers,
    ),
  };
  return { summary, series };
}

/** Rounds for stable, readable output (NaN stays NaN). */
function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
