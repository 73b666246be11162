/**
 * A sender's logs as one "run" of the simulator's report (`warmup-sim logs report`): the facts
 * (facts.ts) turned into the RunSummary and RunSeries a simulation produces
 * (src/metrics/summary.ts), so the same charts and tables show what really happened. Day 0 is
 * the UTC day of the first record. What logs cannot say is left empty and marked so: the hidden
 * receiver state (no trust or capacity series), the plan (no target, no withheld mail), peak
 * connections (NaN), and which stream a message belonged to: every delivery counts as bulk, the
 * transactional latency is NaN. The complaint rate is complaints from the feeds given / delivered;
 * SNDS colours count the SNDS rows given.
 */
import type { IpDaily, Percentiles, RunSeries, RunSummary } from '../metrics/summary.ts';
import { round } from '../metrics/summary.ts';
import { bandOf, type Band } from '../metrics/bands.ts';
import { HIST_BUCKETS, quantile } from '../metrics/histogram.ts';
import { CLASS_FIELD, F } from './hour-series.ts';
import type { Cell, LogFacts } from './facts.ts';

const MICROSOFT = 'microsoft';

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

const ratio = (a: readonly number[], b: readonly number[], empty: number) => a.map((x, i) => (b[i]! > 0 ? x / b[i]! : empty));
const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

function percentiles(f: LogFacts, days: readonly number[]): Percentiles {
  const h = new Float64Array(HIST_BUCKETS);
  let max = 0;
  for (const d of days) {
    const x = f.latency.get(d);
    if (x !== undefined) for (let b = 0; b < HIST_BUCKETS; b++) h[b]! += x[b]!;
    max = Math.max(max, f.latencyMax.get(d) ?? 0);
  }
  const q = (p: number) => round(quantile(h, 0, p, max));
  return { p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: round(max) };
}

const NO_LATENCY: Percentiles = { p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN };

/** The summary and series of the logs, as one run named `label`. */
export function logOutcome(f: LogFacts, label: string): { summary: RunSummary; series: RunSeries } {
  const { day0, days, hours, hour0 } = spanOf(f);
  const cells = [...f.byIp.values()];
  const ms = cells.filter((c) => c.provider === MICROSOFT);
  const all = (field: number) => sum(hourly(cells, field, hour0, hours));
  const msAtt = hourly(ms, F.attempts, hour0, hours),
    msDef = hourly(ms, F.deferred, hour0, hours),
    msBlock = hourly(ms, CLASS_FIELD.block, hour0, hours);
  const msAttDaily = daily(msAtt),
    msDefDaily = daily(msDef);
  const msDeferralDaily = ratio(msDefDaily, msAttDaily, 0);
  const daysInBand: Record<Band, number> = { healthy: 0, watch: 0, throttle: 0, pause: 0 };
  msAttDaily.forEach((a, d) => a > 0 && daysInBand[bandOf(msDeferralDaily[d]!)]++);
  const dayList = Array.from({ length: days }, (_, d) => day0 + d);
  const delivered = all(F.delivered);
  const providers = [...new Set(cells.map((c) => c.provider))].filter((p) => p !== '').sort();
  const blocksByProvider = Object.fromEntries(
    providers.map((p) => [
      p,
      sum(
        hourly(
          cells.filter((c) => c.provider === p),
          CLASS_FIELD.block,
          hour0,
          hours,
        ),
      ),
    ]),
  );
  const colours = { green: 0, yellow: 0, red: 0 };
  for (const r of f.snds)
    if (r.filter === 'GREEN' || r.filter === 'YELLOW' || r.filter === 'RED') colours[r.filter.toLowerCase() as 'green']++;
  const msAttempts = sum(msAtt);
  const summary: RunSummary = {
    policy: label,
    seed: 0,
    injected: all(F.firsts),
    delivered,
    bounced: all(F.bounced),
    expired: all(F.expired),
    withheld: 0,
    queuedAtEnd: f.queuedAtEnd,
    attempts: all(F.attempts),
    attemptsPerDelivered: round(all(F.attempts) / Math.max(1, delivered), 4),
    microsoft: {
      attempts: msAttempts,
      deferralRate: round(msAttempts > 0 ? sum(msDef) / msAttempts : 0, 5),
      maxDailyDeferralRate: round(Math.max(0, ...msDeferralDaily.slice(3)), 5),
      blockReplies: sum(msBlock),
      daysInBand,
      delivered: sum(hourly(ms, F.delivered, hour0, hours)),
    },
    blocksByProvider,
    latency: { bulk: percentiles(f, dayList), transactional: NO_LATENCY },
    daysToTarget: null,
    complaintRate: round(all(F.complaints) / Math.max(1, delivered), 6),
    snds: colours,
    hidden: { trust: [], capacity: [] },
  };
  const dayQ = (q: number) => dayList.map((d) => percentiles(f, [d])[q === 0.5 ? 'p50' : 'p95']);
  const series: RunSeries = {
    msDeferralDaily: msDeferralDaily.map((x) => round(x, 5)),
    deliveredDaily: daily(hourly(cells, F.delivered, hour0, hours)),
    bulkP50: dayQ(0.5),
    bulkP95: dayQ(0.95),
    txP50: dayList.map(() => NaN),
    txP95: dayList.map(() => NaN),
    msDeferralHourly: ratio(msDef, msAtt, NaN).map((x) => round(x, 5)),
    msBlockHourly: ratio(msBlock, msAtt, NaN).map((x) => round(x, 5)),
    hiddenTrust: [],
    hiddenCapacity: [],
    target: 0,
    perIp: perIp(cells, hour0, hours),
  };
  return { summary, series };
}

function perIp(cells: readonly Cell[], hour0: number, hours: number): IpDaily[] {
  return cells
    .filter((c) => c.provider !== '')
    .map((c) => {
      const d = (field: number) => daily(hourly([c], field, hour0, hours));
      return {
        ip: c.who,
        provider: c.provider,
        attempts: d(F.attempts),
        delivered: d(F.delivered),
        deferred: d(F.deferred),
        blocked: d(CLASS_FIELD.block),
        peakConnectionsHourly: new Array<number>(hours).fill(NaN),
      };
    })
    .filter((x) => x.attempts.some((a) => a > 0))
    .sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
}
