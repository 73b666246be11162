/**
 * What one run comes to: sender-observable outcomes (volumes; deferral, refused and block rates
 * and bands per provider, per IP, per stream; blocks; latency percentiles with undelivered mail
 * counted at its age; days to target; complaint rate; SNDS colours and rows) and, apart and
 * labelled as such, the hidden receiver state (trust and capacity per IP). Plus the compact daily
 * and hourly series the charts need. Rates are NaN where undefined (no attempts): JSON has null.
 */
import type { Receiver } from '../contracts/receiver.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import type { RunMetrics } from './run-metrics.ts';
import { bandOf, type Band } from './bands.ts';
import { dailyQuantile, percentiles, type Percentiles } from './latency.ts';
import { outcome, rates, type Counts, type DailyCounts, type Outcome } from './outcomes.ts';
import { perIp, perStreamIp, providerDaily, streamDaily, type IpDaily, type IpOutcome, type StreamIpDaily } from './per-ip.ts';
import { sndsRows, type SndsRow } from './snds-rows.ts';
import { round } from './round.ts';
import { CLASS_INDEX } from './run-metrics.ts';

export type { Percentiles } from './latency.ts';
export type { IpDaily, IpOutcome, StreamIpDaily } from './per-ip.ts';
export type { Outcome, DailyCounts } from './outcomes.ts';
export type { SndsRow } from './snds-rows.ts';

/** What a summary reads of a finished run (the run layer's RunState is one). */
export interface FinishedRun {
  readonly scenario: Pick<Scenario, 'streams' | 'duration'>;
  readonly seed: number;
  readonly topo: Pick<Topology, 'ips' | 'providers'>;
  readonly metrics: RunMetrics;
  readonly receivers: readonly Pick<Receiver, 'dailyReport' | 'hidden'>[];
  /** Messages still queued (scheduled, ready, held or in a transaction). */
  readonly mta: { readonly messages: { readonly live: number } };
  readonly reactions: { readonly complaintCopies: number };
}

/** One stream's fate: its messages, its attempts' outcome over every provider, its latency, per IP. */
export interface StreamOutcome extends Outcome {
  readonly stream: string;
  readonly kind: 'bulk' | 'transactional';
  readonly injected: number;
  readonly bounced: number;
  readonly expired: number;
  readonly withheld: number;
  readonly queuedAtEnd: number;
  readonly latency: Percentiles;
  /** Each IP's outcome for this stream (IPs with attempts). */
  readonly ips: readonly (Outcome & { readonly ip: string })[];
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
  /** 4xx / attempts and (4xx + policy 5xx) / attempts over every provider. */
  readonly deferralRate: number;
  readonly refusedRate: number;
  readonly microsoft: {
    readonly attempts: number;
    readonly deferralRate: number;
    /** (4xx + policy 5xx) / attempts. */
    readonly refusedRate: number;
    /** Highest daily deferral rate over the days with >= 100 Microsoft attempts, from day 0 (NaN if none). */
    readonly maxDailyDeferralRate: number;
    readonly maxDailyRefusedRate: number;
    readonly blockReplies: number;
    readonly daysInBand: Readonly<Record<Band, number>>;
    readonly delivered: number;
  };
  /** Every provider of the topology, Microsoft included: counts, rates, worst days, bands. */
  readonly providers: Readonly<Record<string, Outcome>>;
  /** Block-class replies (IP, network or domain blocks) per provider, Outlook.com included. */
  readonly blocksByProvider: Readonly<Record<string, number>>;
  /** IP x provider x day cells in the Blocked band (more than half of the attempts refused by a block). */
  readonly blockedIpDays: number;
  readonly latency: { readonly bulk: Percentiles; readonly transactional: Percentiles; readonly all: Percentiles };
  /** Every stream separately. */
  readonly streams: readonly StreamOutcome[];
  /** Every IP separately, at each provider it sent to. */
  readonly perIp: readonly IpOutcome[];
  /** The plan's final daily bulk volume (0: the scenario has no target). */
  readonly target: number;
  /** First day delivering >= 95 % of the target; null if never (or no target). */
  readonly daysToTarget: number | null;
  /** Complaint copies received / delivered. */
  readonly complaintRate: number;
  /** SNDS colours over every IP-day row the Microsoft receiver wrote. */
  readonly snds: { readonly green: number; readonly yellow: number; readonly red: number };
  /** Hidden receiver state at the end (never visible to a sender): Microsoft T_eff and capacity per IP. */
  readonly hidden: { readonly trust: readonly number[]; readonly capacity: readonly number[] };
}

export interface RunSeries {
  /** Per day (Microsoft): deferral rate, refused rate, block share (0 on days without attempts), band (null then). */
  readonly msDeferralDaily: number[];
  readonly msRefusedDaily: number[];
  readonly msBlockDaily: number[];
  readonly msBandDaily: (Band | null)[];
  /** Per day: delivered (all providers); latency p50/p95 of bulk and transactional mail, undelivered at its age (s). */
  readonly deliveredDaily: number[];
  readonly bulkP50: number[];
  readonly bulkP95: number[];
  readonly txP50: number[];
  readonly txP95: number[];
  /** Per hour (Microsoft): deferral rate, refused rate, share of attempts refused by a block (NaN when no attempts). */
  readonly msDeferralHourly: number[];
  readonly msRefusedHourly: number[];
  readonly msBlockHourly: number[];
  /** Hidden, per IP per hour: Microsoft T_eff and capacity. */
  readonly hiddenTrust: number[][];
  readonly hiddenCapacity: number[][];
  readonly target: number;
  /** Per provider with attempts: daily counts. */
  readonly perProvider: readonly (DailyCounts & { readonly provider: string })[];
  /** Every IP tracked separately: per IP and provider with attempts, per day (the seed article). */
  readonly perIp: readonly IpDaily[];
  /** Every stream tracked separately: per stream and IP with attempts, per day. */
  readonly perStreamIp: readonly StreamIpDaily[];
  /** The SNDS-like rows the IP owners received during the run, with the time each became available. */
  readonly snds: readonly SndsRow[];
}

/** The provider the summary's `microsoft` block describes (looked up by name in the run's topology). */
const MICROSOFT = 'microsoft';

/**
 * Per-hour Microsoft rates. The loops live here and in small helpers, not in `summarize`: a
 * function called once per run whose own body loops over every hour becomes hot, and V8 then
 * compiles it (with everything inlined) at 100-150 ms of background CPU each time, several times
 * per isolate as later runs meet new maps. On a sweep's worker threads that compile time comes out
 * of the simulation's cores (issue 8); small helpers compile in a few ms.
 */
function hourlyRates(m: RunMetrics, MS: number) {
  const deferral: number[] = [],
    refused: number[] = [],
    block: number[] = [];
  for (let h = 0; h < m.hours; h++) {
    const a = hourAgg(m.attempts, h, MS, m),
      df = hourAgg(m.deferred, h, MS, m);
    deferral.push(round(a > 0 ? df / a : Number.NaN, 5));
    refused.push(round(a > 0 ? (df + hourAgg(m.rejected, h, MS, m)) / a : Number.NaN, 5));
    block.push(round(a > 0 ? hourAgg(m.blocked, h, MS, m) / a : Number.NaN, 5));
  }
  return { deferral, refused, block };
}

/** Sum over IPs of `arr[(h * nP + p) * nI + i]`. */
function hourAgg(arr: Float64Array, h: number, p: number, m: RunMetrics): number {
  let x = 0;
  for (let i = 0; i < m.ips; i++) x += arr[(h * m.providers + p) * m.ips + i]!;
  return x;
}

/** Block-class replies per provider, connection refusals included; delivered per day. */
function classTotals(m: RunMetrics) {
  const blocks = new Array<number>(m.providers).fill(0);
  const deliveredDaily = new Array<number>(m.days).fill(0);
  for (let h = 0; h < m.hours; h++)
    for (let p = 0; p < m.providers; p++) {
      blocks[p]! += m.byClass[(h * m.providers + p) * m.classes + CLASS_INDEX.block]!;
      for (let s = 0; s < m.streams; s++) deliveredDaily[Math.floor(h / 24)]! += m.delivered[(h * m.providers + p) * m.streams + s]!;
    }
  return { blocks, deliveredDaily };
}

/** Per stream: its messages (injected ... withheld) summed over hours and providers. */
function streamMessages(m: RunMetrics, s: number) {
  let injected = 0,
    bounced = 0,
    expired = 0,
    withheld = 0;
  for (let h = 0; h < m.hours; h++)
    for (let p = 0; p < m.providers; p++) {
      const i = (h * m.providers + p) * m.streams + s;
      injected += m.injected[i]!;
      bounced += m.streamBounced[i]!;
      expired += m.expired[i]!;
      withheld += m.withheld[i]!;
    }
  return { injected, bounced, expired, withheld, queuedAtEnd: m.queuedAtEnd[s]! };
}

/** SNDS colours over every daily report the Microsoft receiver wrote. */
function sndsDays(ms: FinishedRun['receivers'][number] | undefined, days: number): { green: number; yellow: number; red: number } {
  let green = 0,
    yellow = 0,
    red = 0;
  for (let d = 0; d < days; d++)
    for (const row of ms?.dailyReport?.(d) ?? []) {
      if (row.colour === 'green') green++;
      else if (row.colour === 'yellow') yellow++;
      else red++;
    }
  return { green, yellow, red };
}

/** The hidden per-hour value of one IP, rounded (NaN where the receiver has no hidden trace). */
function hiddenSeries(
  ms: FinishedRun['receivers'][number] | undefined,
  ip: number,
  hours: number,
  what: 'tEff' | 'capacity',
  digits: number,
): number[] {
  const out = new Array<number>(hours);
  for (let h = 0; h < hours; h++) out[h] = round(ms?.hidden?.get(h, ip, what) ?? Number.NaN, digits);
  return out;
}

const ZERO: Counts = { attempts: 0, delivered: 0, deferred: 0, rejected: 0, blocked: 0 };
const addCounts = (a: Counts, b: Counts): Counts => ({
  attempts: a.attempts + b.attempts,
  delivered: a.delivered + b.delivered,
  deferred: a.deferred + b.deferred,
  rejected: a.rejected + b.rejected,
  blocked: a.blocked + b.blocked,
});

export function summarize(run: FinishedRun, policyName: string): { summary: RunSummary; series: RunSeries } {
  const m = run.metrics;
  const names = run.topo.providers;
  const msId = names.indexOf(MICROSOFT);
  const ipNames = run.topo.ips.map((x) => x.address);
  const streamNames = run.scenario.streams.map((s) => s.name);
  const daily = names.map((_, p) => providerDaily(m, p));
  const providers = daily.map((x) => outcome(x));
  const zeros = () => new Array<number>(m.days).fill(0);
  const msDaily =
    msId >= 0 ? daily[msId]! : { attempts: zeros(), delivered: zeros(), deferred: zeros(), rejected: zeros(), blocked: zeros() };
  const ms = msId >= 0 ? providers[msId]! : outcome(msDaily);
  const hourly = msId >= 0 ? hourlyRates(m, msId) : { deferral: [], refused: [], block: [] };
  const { blocks, deliveredDaily } = classTotals(m);
  const ips = perIp(m, ipNames, names);
  const streamIps = perStreamIp(m, streamNames, ipNames);

  const kindStreams = (kind: 'bulk' | 'transactional') => run.scenario.streams.flatMap((s, i) => (s.kind === kind ? [i] : []));
  const allDays = Array.from({ length: m.days }, (_, d) => d);
  const bulk = kindStreams('bulk'),
    tx = kindStreams('transactional');
  const target = run.scenario.streams.reduce((t, s) => t + (s.kind === 'bulk' ? s.perDay[s.perDay.length - 1]! : 0), 0);
  const reached = deliveredDaily.findIndex((x) => target > 0 && x >= 0.95 * target);
  const msRx = msId >= 0 ? run.receivers[msId] : undefined;
  const hiddenTrust = run.topo.ips.map((_, i) => hiddenSeries(msRx, i, m.hours, 'tEff', 4));
  const hiddenCapacity = run.topo.ips.map((_, i) => hiddenSeries(msRx, i, m.hours, 'capacity', 1));
  const total = providers.reduce<Counts>(addCounts, ZERO);
  const all = rates(total);

  const streams: StreamOutcome[] = run.scenario.streams.map((s, k) => ({
    stream: s.name,
    kind: s.kind,
    ...streamMessages(m, k),
    ...outcome(streamDaily(m, k, -1)),
    latency: percentiles(m, [k], allDays),
    ips: streamIps.outcomes.filter((x) => x.stream === s.name).map(({ stream: _s, ...x }) => x),
  }));

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
    deferralRate: all.deferralRate,
    refusedRate: all.refusedRate,
    microsoft: {
      attempts: ms.attempts,
      deferralRate: ms.deferralRate,
      refusedRate: ms.refusedRate,
      maxDailyDeferralRate: ms.worstDailyDeferralRate,
      maxDailyRefusedRate: ms.worstDailyRefusedRate,
      blockReplies: msId >= 0 ? blocks[msId]! : 0,
      daysInBand: ms.daysInBand,
      delivered: ms.delivered,
    },
    providers: Object.fromEntries(names.map((name, p) => [name, providers[p]!])),
    blocksByProvider: Object.fromEntries(names.map((name, p) => [name, blocks[p]!])),
    blockedIpDays: ips.daily.reduce((n, x) => n + x.band.filter((b) => b === 'blocked').length, 0),
    latency: {
      bulk: percentiles(m, bulk, allDays),
      transactional: percentiles(m, tx, allDays),
      all: percentiles(m, [...bulk, ...tx], allDays),
    },
    streams,
    perIp: ips.outcomes,
    target,
    daysToTarget: reached < 0 ? null : reached,
    complaintRate: round(run.reactions.complaintCopies / Math.max(1, m.totalDelivered), 6),
    snds: sndsDays(msRx, m.days),
    hidden: { trust: hiddenTrust.map((t) => t[t.length - 1]!), capacity: hiddenCapacity.map((c) => c[c.length - 1]!) },
  };
  const dayRate = (num: (d: number) => number) => msDaily.attempts.map((a, d) => (a > 0 ? round(num(d) / a, 5) : 0));
  const series: RunSeries = {
    msDeferralDaily: dayRate((d) => msDaily.deferred[d]!),
    msRefusedDaily: dayRate((d) => msDaily.deferred[d]! + msDaily.rejected[d]!),
    msBlockDaily: dayRate((d) => msDaily.blocked[d]!),
    msBandDaily: msDaily.attempts.map((a, d) => (a > 0 ? bandOf(msDaily.deferred[d]! / a, msDaily.blocked[d]! / a) : null)),
    deliveredDaily,
    bulkP50: dailyQuantile(m, bulk, 0.5),
    bulkP95: dailyQuantile(m, bulk, 0.95),
    txP50: dailyQuantile(m, tx, 0.5),
    txP95: dailyQuantile(m, tx, 0.95),
    msDeferralHourly: hourly.deferral,
    msRefusedHourly: hourly.refused,
    msBlockHourly: hourly.block,
    hiddenTrust,
    hiddenCapacity,
    target,
    perProvider: names.flatMap((provider, p) => (providers[p]!.attempts > 0 ? [{ provider, ...daily[p]! }] : [])),
    perIp: ips.daily,
    perStreamIp: streamIps.daily,
    snds: sndsRows(run.receivers, run.scenario.duration),
  };
  return { summary, series };
}
