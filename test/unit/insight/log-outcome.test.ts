/**
 * `logs report`: a simulated run's log, read back and turned into a RunSummary and RunSeries,
 * shows the run's own numbers (what the simulator's report of the same run shows) wherever a log
 * can know them: attempts, deliveries, bounces, deferral and refused rates per hour and day,
 * bands (Blocked included), worst days, blocks, every provider and every IP at each provider
 * (daily table and whole-run outcome); latency over every message (never-delivered and
 * still-queued mail counted) to the second; the SNDS rows given. What a log cannot know is
 * unknown (NaN or empty), not zero.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { logOutcome } from '../../../src/insight/log-outcome.ts';
import { perIpHourlyCsv, replySamples } from '../../../src/insight/log-tables.ts';
import { sndsExport } from '../../../src/insight/sim-snds.ts';
import { startEpoch, type TraceView } from '../../../src/insight/sim-log.ts';
import { readSnds } from '../../../src/logs/index.ts';
import type { Percentiles, RunSummary } from '../../../src/metrics/summary.ts';
import { runSummarySchema } from '../../../src/report/summary-schema.ts';
import { toJson } from '../../../src/report/json.ts';
import { BURST, factsOf, simulateLog, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);

/** Three days, an engaged list (and a little cold mail) at Microsoft's new-IP floor and over it, KumoMTA's schedule: most mail delivered late, some still queued at the end. */
const GENTLE = `
name: simlog-gentle
seed: 3
duration: 3d
start: 2026-12-30
ips:
  - { address: 192.0.2.30, pool: p }
  - { address: 192.0.2.31, pool: p }
domains:
  - { name: g.example.com }
audience:
  size: 12000
  providers: { microsoft: 0.6, gmail: 0.3, yahoo: 0.1 }
  segments:
    - { name: engaged, preset: engaged, share: 0.97 }
    - { name: cold, preset: cold, share: 0.03 }
streams:
  - { name: news, kind: bulk, domain: g.example.com, pool: p, per_day: [1500, 2000, 2500], send_at: "08:00", spread: 2h }
policies:
  - { name: kumomta, use: kumomta }
`;

/** A simulated run, its log read back as facts, its log outcome, and each delivered message's exact latency (s). */
async function seen(scenario: string, name: string) {
  const latencies: number[] = [];
  const tap = (e: TraceView) => void (e.outcome === 'delivered' && latencies.push(e.time - e.injectedAt));
  const { o, path } = simulateLog(scenario, 'kumomta', join(tmp.dir, `${name}.jsonl`), { tap });
  const facts = await factsOf('kumomta', path);
  return { o, facts, latencies, ...logOutcome(facts, name) };
}

const byKey = <T extends { ip: string; provider: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => (`${a.ip} ${a.provider}` < `${b.ip} ${b.provider}` ? -1 : 1));
const withAttempts = (r: RunSummary['providers']) => Object.fromEntries(Object.entries(r).filter(([, v]) => v.attempts > 0));

/**
 * The log's latency is the run's, to the whole second logs stamp: the same messages, queued at
 * the end and never delivered; quantiles within a second (or 5 %); the shares within 1 h / 24 h
 * off by at most the messages whose exact latency was within a second of the limit; the
 * maximum, when mail is still queued, off by at most the time from the last record to the run's end.
 */
function sameLatency(a: Percentiles, b: Percentiles, latencies: readonly number[], tail: number): void {
  expect([a.messages, a.queuedAtEnd, a.neverDelivered]).toEqual([b.messages, b.queuedAtEnd, b.neverDelivered]);
  for (const q of ['p50', 'p90', 'p95', 'p99'] as const)
    if (b[q] === Infinity) expect(a[q]).toBe(Infinity);
    else expect(Math.abs(a[q] - b[q])).toBeLessThanOrEqual(Math.max(1, b[q] * 0.05));
  if (b.max === Infinity) expect(a.max).toBe(Infinity);
  else expect(Math.abs(a.max - b.max)).toBeLessThanOrEqual(1 + tail);
  for (const [k, limit] of [
    ['within1h', 3600],
    ['within24h', 86400],
  ] as const) {
    const edge = latencies.filter((x) => Math.abs(x - limit) < 1).length;
    expect(Math.abs(a[k] - b[k]) * b.messages).toBeLessThanOrEqual(edge + 0.5);
  }
}

describe('logs report: the run seen through its log', async () => {
  const { o, facts, summary, series, latencies } = await seen(BURST, 'burst');

  it('has the same outcome counts, rates and Microsoft figures', () => {
    const s = o.summary;
    const pick = (x: RunSummary) => [
      x.attempts,
      x.delivered,
      x.bounced,
      x.expired,
      x.injected,
      x.queuedAtEnd,
      x.deferralRate,
      x.refusedRate,
    ];
    expect(pick(summary)).toEqual(pick(s));
    expect(summary.microsoft).toEqual(s.microsoft);
    expect(summary.microsoft.blockReplies).toBeGreaterThan(100);
    expect(summary.microsoft.daysInBand.blocked).toBeGreaterThan(0);
    expect(summary.microsoft.refusedRate).toBeGreaterThan(summary.microsoft.deferralRate);
    const nonzero = (r: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v > 0));
    expect(nonzero(summary.blocksByProvider)).toEqual(nonzero(s.blocksByProvider));
    expect(summary.attemptsPerDelivered).toBe(s.attemptsPerDelivered);
  });

  it('has every provider and every IP at each provider, blocked IP-days included', () => {
    const s = o.summary;
    expect(withAttempts(summary.providers)).toEqual(withAttempts(s.providers));
    expect(summary.perIp).toEqual(byKey(s.perIp));
    expect(summary.blockedIpDays).toBe(s.blockedIpDays);
    expect(summary.blockedIpDays).toBeGreaterThan(0);
  });

  it('has the same daily and hourly series and per-IP and per-provider tables', () => {
    const t = o.series;
    for (const k of ['deliveredDaily', 'msDeferralDaily', 'msRefusedDaily', 'msBlockDaily', 'msBandDaily'] as const)
      expect(series[k]).toEqual(t[k]);
    for (const k of ['msDeferralHourly', 'msRefusedHourly', 'msBlockHourly'] as const) expect(series[k]).toEqual(t[k]);
    expect(series.msBandDaily).toContain('blocked');
    const strip = ({ peakConnectionsHourly: _, ...x }: (typeof t.perIp)[number]) => x;
    expect(series.perIp.map(strip)).toEqual(byKey(t.perIp).map(strip));
    expect(series.perIp.every((x) => x.peakConnectionsHourly.every((p) => Number.isNaN(p)))).toBe(true);
    const provider = (a: { provider: string }, b: { provider: string }) => (a.provider < b.provider ? -1 : 1);
    expect(series.perProvider).toEqual([...t.perProvider].sort(provider));
  });

  it('counts never-delivered mail as the run does (blocked and expired: p95 never)', () => {
    sameLatency(summary.latency.bulk, o.summary.latency.bulk, latencies, 0);
    sameLatency(summary.latency.all, o.summary.latency.all, latencies, 0);
    expect(summary.latency.all.neverDelivered).toBeGreaterThan(100);
    expect(summary.latency.all.p95).toBe(Infinity);
    expect(series.bulkP95).toEqual(o.series.bulkP95);
  });

  it('leaves unknown what a log cannot know: hidden state, plan, streams, connections, complaints without feeds', () => {
    expect(series.hiddenTrust).toEqual([]);
    expect(summary.hidden).toEqual({ trust: [], capacity: [] });
    expect(summary.withheld).toBeNaN();
    expect([summary.target, summary.daysToTarget]).toEqual([0, null]);
    expect(summary.streams).toEqual([]);
    expect(series.perStreamIp).toEqual([]);
    expect(summary.complaintRate).toBeNaN();
    expect(logOutcome(facts, 'burst', true).summary.complaintRate).toBe(0);
    const tx = summary.latency.transactional;
    expect([tx.messages, tx.p50, tx.within1h]).toEqual([0, NaN, NaN]);
    expect(series.txP50.every((x) => Number.isNaN(x))).toBe(true);
  });

  it('is a summary.json run as documented (null where unknown)', () => {
    const r = runSummarySchema.safeParse(JSON.parse(toJson(summary)));
    expect(r.success ? [] : r.error.issues.slice(0, 5)).toEqual([]);
    expect(JSON.parse(toJson(summary)).withheld).toBeNull();
  });

  it('keeps reply samples per class and counts classes per IP and hour', () => {
    const samples = replySamples(facts);
    const throttle = samples.find((s) => s.cls === 'throttle' && s.provider === 'microsoft')!;
    expect(throttle.text).toMatch(/^451 4\.7\.650 The mail server \[192\.0\.2\.1[01]\] has been temporarily rate limited/);
    expect(samples.some((s) => s.cls === 'block' && /\(S31[45]0\)/.test(s.text))).toBe(true);
    expect(samples.some((s) => s.cls === 'unknown-user')).toBe(true);
    const csv = perIpHourlyCsv(facts).trim().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((l) => l.split(','));
    const col = (n: string) => header.indexOf(n);
    const total = (n: string, provider: string) =>
      rows.filter((r) => r[col('provider')] === provider).reduce((s, r) => s + Number(r[col(n)]), 0);
    expect(total('attempts', 'microsoft')).toBe(o.summary.microsoft.attempts);
    expect(total('block', 'microsoft')).toBe(o.summary.microsoft.blockReplies);
    expect(total('delivered', 'microsoft')).toBe(o.summary.microsoft.delivered);
  });
});

describe('logs report: latency and SNDS rows of a run that delivers late', async () => {
  const { o, facts, summary, series, latencies } = await seen(GENTLE, 'gentle');
  const end = startEpoch(o.run.scenario.startDate) + o.run.scenario.duration;

  it('has the latency to the second, mail still queued at the end counted at its age', () => {
    const b = o.summary.latency.all;
    expect(b.queuedAtEnd).toBeGreaterThan(10);
    expect(Number.isFinite(b.p95)).toBe(true);
    expect(b.within1h).toBeLessThan(b.within24h);
    sameLatency(summary.latency.all, b, latencies, end - facts.lastTime);
    sameLatency(summary.latency.bulk, o.summary.latency.bulk, latencies, end - facts.lastTime);
    expect(summary.queuedAtEnd).toBe(o.summary.queuedAtEnd);
    expect(summary.microsoft).toEqual(o.summary.microsoft);
    for (const k of ['bulkP50', 'bulkP95'] as const)
      series[k].forEach((x, d) => {
        const y = o.series[k][d]!;
        if (Number.isNaN(y) || y === Infinity) expect(x).toBe(y);
        else expect(Math.abs(x - y)).toBeLessThanOrEqual(Math.max(1, y * 0.05));
      });
  });

  it("shows the SNDS rows given as the run's SNDS series (day, RCPT, DATA, colour, traps, blocked; publication time unknown)", async () => {
    await readSnds(Buffer.from(sndsExport(o.run)), (r) => facts.snds.push(r));
    const { summary: s, series: t } = logOutcome(facts, 'gentle');
    const ms = o.run.receivers[o.run.topo.providers.indexOf('microsoft')]!;
    const want = [0, 1, 2].flatMap((d) => ms.dailyReport!(d));
    expect(want.length).toBeGreaterThan(3);
    const strip = ({ complaintRate: _c, availableAt: _a, ...x }: (typeof t.snds)[number]) => x;
    expect(t.snds.map(strip)).toEqual(want.map(({ complaintRate: _c, ...x }) => x));
    expect(t.snds.every((r) => Number.isNaN(r.availableAt))).toBe(true);
    const n = (c: string) => want.filter((r) => r.colour === c).length;
    expect(s.snds).toEqual({ green: n('green'), yellow: n('yellow'), red: n('red') });
  });
});
