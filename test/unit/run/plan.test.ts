/**
 * `plan` on a real (small) scenario, test/fixtures/scenarios/plan-small.yaml: the search finds the
 * best of a tiny grid of ramps that is also run exhaustively (every candidate, every seed, to the
 * end); every verdict it saw, from runs stopped as soon as their verdict was decided, equals the
 * verdict of the same run to the end; it is deterministic; racing drops the unsafe ramps after a
 * few seeds; and the report it writes holds plan.csv, the frontier and the comparison.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlan, type PlanOptions } from '../../../src/run/plan/plan.ts';
import { planScenario, rampEntry, scenarioText } from '../../../src/run/plan/context.ts';
import { makeSpace, keyOf, type Candidate } from '../../../src/run/plan/space.ts';
import { runUnits } from '../../../src/run/pool.ts';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { judgeSeries, type SeedVerdict } from '../../../src/metrics/plan-verdict.ts';
import { daysAtConfidence, verdictStats } from '../../../src/metrics/plan-stats.ts';
import type { PlanResult } from '../../../src/metrics/plan-result.ts';
import { writePlanReport } from '../../../src/report/plan.ts';

const file = 'test/fixtures/scenarios/plan-small.yaml';
const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const LEVELS = {
  initial_per_hour: [10, 20, 40, 80],
  growth: [1.25, 1.5, 2],
  clean_hours: [24],
  retry_minutes: [30],
  engaged_until_day: [0],
};
const space = makeSpace(2, 2, LEVELS);
const criteria = { target: 3000, maxDeferral: 0.02, noBlocks: true };
const SEEDS = 6;
const options: PlanOptions = {
  raw,
  file,
  baseDir: 'test/fixtures/scenarios',
  criteria,
  confidence: 0.8,
  seeds: SEEDS,
  budget: 1000,
  workers: 1,
  own: false,
  designSize: 3,
  levels: LEVELS,
};

/** Every candidate of the tiny grid on every seed, run to the end. */
async function exhaustive(): Promise<Map<string, SeedVerdict[]>> {
  const ps = planScenario(raw, loadScenarioFile(file).scenario, criteria);
  const grid: Candidate[] = [];
  for (let i = 0; i < LEVELS.initial_per_hour.length; i++) for (let g = 0; g < LEVELS.growth.length; g++) grid.push([0, i, g, 0, 0, 0]);
  const text = scenarioText(
    ps,
    2,
    grid.map((c, k) => rampEntry(ps, `g${k}`, space, c)),
  );
  const units = grid.flatMap((_, k) =>
    Array.from({ length: SEEDS }, (_, s) => ({ index: k * SEEDS + s, variant: k, policy: `g${k}`, seed: 5 + s, text })),
  );
  const results = await runUnits({ file, baseDir: 'test/fixtures/scenarios' }, units, { workers: 1 });
  return new Map(grid.map((c, k) => [keyOf(c), results.slice(k * SEEDS, (k + 1) * SEEDS).map((r) => judgeSeries(r.series, criteria))]));
}

describe('plan on a small scenario (a tiny grid of ramps)', () => {
  let grid: Map<string, SeedVerdict[]>;
  let r: PlanResult;
  beforeAll(async () => {
    grid = await exhaustive();
    r = await runPlan(options);
  }, 120_000);

  it('finds the known best of the grid, with fewer runs than the grid', () => {
    const key = (vs: SeedVerdict[]) => [
      daysAtConfidence(vs, SEEDS, 0.8),
      vs.filter((v) => !v.safe).length,
      verdictStats(vs, 0.8).meanWorst,
    ];
    const best = [...grid.values()]
      .map(key)
      .filter((k) => k[0]! < Infinity)
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!)[0]!;
    const chosen = r.chosen!.candidate;
    const cand = [
      0,
      LEVELS.initial_per_hour.indexOf(chosen.params.initial_per_hour!),
      LEVELS.growth.indexOf(chosen.params.growth!),
      0,
      0,
      0,
    ];
    expect(key(grid.get(keyOf(cand))!)).toEqual(best);
    expect(r.baselines[0]!.stats.days).toBe(best[0]);
    expect(r.search.runs).toBeLessThan(r.search.gridRuns);
    console.log(`tiny grid: best ${JSON.stringify(chosen.params)} on day ${best[0]}; ${r.search.runs} runs against ${r.search.gridRuns}`);
  });

  it('every verdict the search saw (runs stopped once decided) equals the same run to the end', () => {
    let compared = 0;
    for (const c of r.candidates) {
      const cand = [0, LEVELS.initial_per_hour.indexOf(c.params.initial_per_hour!), LEVELS.growth.indexOf(c.params.growth!), 0, 0, 0];
      const full = grid.get(keyOf(cand))!;
      expect(verdictStats(full.slice(0, c.stats.seeds), 0.8)).toEqual(c.stats);
      compared += c.stats.seeds;
    }
    expect(compared).toBe(r.search.runs);
    // the plan's own comparison runs (to the end) agree with the search's verdicts too
    expect(r.baselines[0]!.stats).toEqual(r.chosen!.candidate.stats);
  });

  it('racing drops the unsafe ramps after the first checkpoint (3 seeds), not after all 6', () => {
    const unsafe = r.candidates.filter((c) => c.dropped?.reason === 'unsafe' || c.dropped?.reason === 'clearly-unsafe');
    expect(unsafe.length).toBeGreaterThan(0);
    for (const c of unsafe) {
      expect(c.stats.seeds).toBe(3);
      expect(c.params.initial_per_hour).toBeGreaterThanOrEqual(40);
    }
  });

  it('is deterministic: the same options give the same result', async () => {
    const again = await runPlan(options);
    const strip = (x: PlanResult) => JSON.stringify({ ...x, comparison: x.comparison.runs.map((p) => p.map((run) => run.summary)) });
    expect(strip(again)).toBe(strip(r));
  }, 60_000);

  describe('its report', () => {
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'plan-report-'));
      await writePlanReport(r, dir, { png: false });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('plan.csv is the chosen ramp per day, IP and provider; the page names the plan, the ESPs and the search', () => {
      const csv = readFileSync(join(dir, 'plan.csv'), 'utf8').trim().split('\n');
      expect(csv[0]).toBe('day,ip,provider,hourly_cap,daily_cap');
      expect(csv.length - 1).toBe(7 * 2 * 2); // days x IPs x providers
      const p = r.chosen!.candidate.params;
      expect(csv[1]).toBe(`0,192.0.2.10,microsoft,${p.initial_per_hour},${p.initial_per_hour! * 24}`);
      // the caps stop at 1.25x what the target needs per IP per hour at the largest provider from
      // the 08:00 campaign to midnight (60 % of 3,000 over 2 IPs x 16 h)
      const ceiling = Math.ceil((1.25 * 3000 * 0.6) / 32);
      expect(r.chosen!.policy['max_per_hour']).toBe(ceiling);
      const day3 = Math.min(ceiling, Math.round(p.initial_per_hour! * p.growth! ** 3));
      expect(csv).toContain(`3,192.0.2.11,gmail,${day3},${day3 * 24}`);
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      for (const s of ['sendgrid', 'sparkpost', 'ses', 'Wilson', `${r.search.runs} simulated runs`, 'use: ramp']) expect(html).toContain(s);
      for (const f of [
        'charts/frontier.svg',
        'charts/schedule.svg',
        'candidates.csv',
        'plan.json',
        'plan-policy.yaml',
        'comparison/index.html',
      ])
        expect(existsSync(join(dir, f))).toBe(true);
      const policy = parse(readFileSync(join(dir, 'plan-policy.yaml'), 'utf8')) as { policies: Record<string, unknown>[] };
      expect(policy.policies[0]).toMatchObject({ use: 'ramp', ...p });
    });
  });
});
