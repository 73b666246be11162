/**
 * `calibrate` recovers known truth: logs the simulator wrote from runs with known Microsoft
 * parameters (F0, kNew set in the scenario), calibrated from the log alone, give 95 % intervals
 * that hold the truth, and an inferred trust that tracks the hidden one (error reported); a log
 * without throttling leaves F0 and kNew "not identified" instead of inventing them; the written
 * scenario validates and starts from the inferred state. bench/calibrate.ts runs more of these.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { observe } from '../../../src/insight/calibrate/observed.ts';
import { fit, type Fit } from '../../../src/insight/calibrate/fit.ts';
import { prewarmScenario } from '../../../src/insight/calibrate/prewarm-scenario.ts';
import { calibrationCsv, fitJson } from '../../../src/insight/calibrate/outputs.ts';
import { factsOf, simulateLog, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);

/** Two fresh IPs in two /24s, an engaged list, a ramp over Microsoft's floor for `days`, KumoMTA's schedule. */
function scenario(F0: number, kNew: number, days: number, perDay: readonly number[]): string {
  return `
name: calibrate-test
seed: 1
duration: ${days}d
ips:
  - { address: 192.0.2.10, pool: p }
  - { address: 192.0.3.11, pool: p }
domains:
  - { name: news.example.com }
audience:
  size: 40000
  providers: { microsoft: 0.6, gmail: 0.3, yahoo: 0.1 }
  segments:
    - { name: s, preset: engaged, share: 1 }
streams:
  - { name: news, kind: bulk, domain: news.example.com, pool: p, per_day: [${perDay.join(', ')}], send_at: "08:00", spread: 8h }
receivers:
  microsoft:
    params: { F0: ${F0}, kNew: ${kNew} }
policies:
  - { name: kumomta, use: kumomta }
`;
}

const RAMP = [2000, 2400, 2900, 3500, 4200, 5000, 6000, 7200];

async function calibrated(F0: number, kNew: number, seed: number, days = 6, perDay = RAMP) {
  const { o, path } = simulateLog(scenario(F0, kNew, days, perDay), 'powermta', join(tmp.dir, `${F0}-${kNew}-${seed}.csv`), { seed });
  const obs = observe(await factsOf('powermta', path));
  const r = fit(obs, { particles: 100, seed: 1, walk: 0.02 });
  let se = 0,
    n = 0;
  obs.ips.forEach((s, i) => {
    const ti = o.run.topo.ips.findIndex((x) => x.address === s.ip);
    for (let h = 0; h < obs.hours; h++) {
      const t = o.series.hiddenTrust[ti]![h]!;
      if (t === t) {
        se += (r.filter.trust[i]!.mean[h]! - t) ** 2;
        n++;
      }
    }
  });
  return { r, obs, trustRmse: Math.sqrt(se / n) };
}

const est = (r: Fit, name: string) => r.estimates.find((e) => e.name === name)!;

describe('calibrate: recovering known truth', () => {
  it.each([
    [20, 1.8, 1],
    [15, 1.6, 2],
    [25, 1.4, 3],
    [20, 2.4, 4],
  ])('F0 %d, kNew %d (seed %d): the intervals at 95 percent hold the truth, trust tracks the hidden trust', async (F0, kNew, seed) => {
    const { r, trustRmse } = await calibrated(F0, kNew, seed);
    const f = est(r, 'F0'),
      k = est(r, 'kNew');
    expect([f.identified, k.identified]).toEqual([true, true]);
    expect(f.lo).toBeLessThanOrEqual(F0);
    expect(f.hi).toBeGreaterThanOrEqual(F0);
    expect(k.lo).toBeLessThanOrEqual(kNew);
    expect(k.hi).toBeGreaterThanOrEqual(kNew);
    expect(f.hi / f.lo).toBeLessThan(1.6); // an interval that says something
    expect(trustRmse).toBeLessThan(0.15);
  });

  it('says "not identified" when Microsoft never throttled', async () => {
    const { r } = await calibrated(20, 1.8, 5, 5, [300, 330, 360, 400, 440]);
    expect(r.estimates.filter((e) => e.name === 'F0' || e.name === 'kNew').map((e) => e.identified)).toEqual([false, false]);
  });

  it('writes a scenario that validates and starts from the inferred state, a CSV and the fit', async () => {
    const { r, obs } = await calibrated(20, 1.8, 1);
    const text = prewarmScenario(obs, r, {
      providers: { microsoft: 0.6, gmail: 0.3, yahoo: 0.1 },
      perDay: { 'news.example.com': 7200 },
      days: 14,
    });
    const s = loadScenarioText(text, 'from-logs.yaml').scenario;
    expect(s.ips.map((x) => x.address)).toEqual(['192.0.2.10', '192.0.3.11']);
    for (const [i, ip] of s.ips.entries()) {
      expect(ip.prewarm!.perHour).toBeCloseTo(r.filter.end[i]!.B, 0);
      expect(ip.prewarm!.days).toBeGreaterThan(1);
    }
    expect(s.receivers.microsoft).toEqual({
      F0: Math.round(est(r, 'F0').value * 1000) / 1000,
      kNew: Math.round(est(r, 'kNew').value * 1000) / 1000,
    });
    const csv = calibrationCsv(obs, r).split('\n');
    expect(csv[0]).toBe(
      'ip,hour_start,attempts,accepted,deferred,observed_deferral_rate,replay_accepted,replay_deferral_rate,trust,trust_p5,trust_p95,capacity,capacity_p5,capacity_p95',
    );
    expect(csv.length - 2).toBe(obs.hours * 2);
    const json = fitJson(obs, r, 100) as { estimates: { parameter: string; ci95: number[] | null }[] };
    expect(json.estimates.map((e) => e.parameter)).toEqual(['F0', 'kNew', 'fDom', 'kappa']);
  });
});
