/**
 * `logs report`: a simulated run's log, read back and turned into a RunSummary and RunSeries,
 * shows the run's own numbers (what the simulator's report of the same run shows) wherever a log
 * can know them: attempts, deliveries, bounces, Microsoft deferral rates per hour and day, bands,
 * blocks per provider, and the per-IP daily table; latency to the second.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { logOutcome } from '../../../src/insight/log-outcome.ts';
import { perIpHourlyCsv, replySamples } from '../../../src/insight/log-tables.ts';
import { BURST, factsOf, simulateLog, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);

describe('logs report: the run seen through its log', async () => {
  const { o, path } = simulateLog(BURST, 'kumomta', join(tmp.dir, 'k.jsonl'));
  const facts = await factsOf('kumomta', path);
  const { summary, series } = logOutcome(facts, 'k');

  it('has the same outcome counts and Microsoft figures', () => {
    const s = o.summary;
    expect([summary.attempts, summary.delivered, summary.bounced, summary.expired]).toEqual([
      s.attempts,
      s.delivered,
      s.bounced,
      s.expired,
    ]);
    expect(summary.microsoft).toEqual(s.microsoft);
    expect(summary.microsoft.blockReplies).toBeGreaterThan(100);
    const nonzero = (r: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v > 0));
    expect(nonzero(summary.blocksByProvider)).toEqual(nonzero(s.blocksByProvider));
    expect(summary.attemptsPerDelivered).toBe(s.attemptsPerDelivered);
  });

  it('has the same daily and hourly series and per-IP table', () => {
    const t = o.series;
    expect(series.deliveredDaily).toEqual(t.deliveredDaily);
    expect(series.msDeferralDaily).toEqual(t.msDeferralDaily);
    expect(series.msDeferralHourly).toEqual(t.msDeferralHourly);
    expect(series.msBlockHourly).toEqual(t.msBlockHourly);
    const strip = (x: (typeof t.perIp)[number]) => [x.ip, x.provider, x.attempts, x.delivered, x.deferred, x.blocked];
    const key = (x: (typeof t.perIp)[number]) => `${x.ip} ${x.provider}`;
    expect(series.perIp.map(strip)).toEqual([...t.perIp].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map(strip));
  });

  it('has the latency to the second (logs stamp whole seconds) and no hidden state', () => {
    const a = summary.latency.bulk,
      b = o.summary.latency.bulk;
    expect(Math.abs(a.max - b.max)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.p95 - b.p95)).toBeLessThanOrEqual(Math.max(1, b.p95 * 0.05));
    expect(summary.latency.transactional.p50).toBeNaN();
    expect(series.hiddenTrust).toEqual([]);
    expect(summary.hidden).toEqual({ trust: [], capacity: [] });
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
