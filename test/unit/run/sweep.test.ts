import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseGrid, pathKeys, planSweep, shardUnits, toComparison } from '../../../src/run/sweep.ts';
import { runUnits } from '../../../src/run/pool.ts';
import { decodePartial, encodePartial, mergePartials } from '../../../src/run/partial.ts';
import { writeComparisonReport } from '../../../src/report/write.ts';
import { comparePolicies, runScenario } from '../../../src/run/run-scenario.ts';
import { loadScenarioFile, loadScenarioText } from '../../../src/scenario/load.ts';
import { runUnit } from '../../../src/run/unit-runner.ts';

const file = 'test/fixtures/scenarios/tiny.yaml';
const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
const plan = planSweep({ raw, file, baseDir: 'test/fixtures/scenarios', grid: [parseGrid('policies.naive.retry_after=5m,1h')], seeds: 3 });

async function reportBytes(c: Parameters<typeof writeComparisonReport>[0]): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
  try {
    const { files } = await writeComparisonReport(c, dir, { png: false });
    return new Map(files.map((f) => [f, readFileSync(join(dir, f))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('sweeps', () => {
  it('parses grids and paths', () => {
    expect(parseGrid('a.b=1,2.5,x,true')).toEqual({ path: 'a.b', values: [1, 2.5, 'x', true] });
    expect(pathKeys('policies.naive.retry_after', raw)).toEqual(['policies', 1, 'retry_after']);
    expect(pathKeys('audience.segments[0].share', raw)).toEqual(['audience', 'segments', 0, 'share']);
    expect(() => parseGrid('nothing')).toThrow(/expected PATH=v1,v2/);
    expect(() => pathKeys('policies.nope.x', raw)).toThrow(/no policy named "nope"/);
  });

  it('plans every grid point x policy x seed in a fixed order; a bad grid value is a scenario error', () => {
    expect(plan.variants).toEqual([
      'playbook [policies.naive.retry_after=5m]',
      'naive [policies.naive.retry_after=5m]',
      'playbook [policies.naive.retry_after=1h]',
      'naive [policies.naive.retry_after=1h]',
    ]);
    expect(plan.units.length).toBe(12);
    expect(plan.seeds).toEqual([4, 5, 6]);
    expect(() => planSweep({ raw, file, baseDir: '.', grid: [parseGrid('policies.naive.retry_after=soon')], seeds: 1 })).toThrow(
      /invalid duration "soon"/,
    );
  });

  it('a parallel run (2 workers) equals a serial run, and a 2-shard run merged equals the unsharded run, byte for byte', async () => {
    const serial = await runUnits(plan, plan.units, { workers: 1 });
    const parallel = await runUnits(plan, plan.units, { workers: 2 });
    expect(parallel).toEqual(serial);
    const { units: all, ...meta } = plan;
    const parts = await Promise.all(
      [1, 2].map(async (k) => {
        const results = await runUnits(plan, shardUnits(plan, k, 2), { workers: 1 });
        const text = encodePartial({
          kind: 'warmup-sim-partial',
          version: 1,
          plan: { ...meta, units: all.map((u) => ({ index: u.index, variant: u.variant })) },
          shard: { k, n: 2 },
          results,
        });
        return decodePartial(text, `part-${k}`);
      }),
    );
    expect(parts[0]!.results.length + parts[1]!.results.length).toBe(12);
    const merged = mergePartials(parts);
    const a = await reportBytes(toComparison(plan, serial));
    const b = await reportBytes(toComparison(plan, parallel));
    const m = await reportBytes(toComparison(plan, merged.results));
    for (const [f, bytes] of a) {
      expect(b.get(f)!.equals(bytes), `parallel ${f}`).toBe(true);
      expect(m.get(f)!.equals(bytes), `merged ${f}`).toBe(true);
    }
    expect(() => toComparison(plan, parts[0]!.results)).toThrow(/incomplete sweep: 6 of 12 runs missing/);
  });

  it('on 2 and 3 executors (the main thread and worker threads) every unit runs once, in unit order, with progress 1..n', async () => {
    const serial = await runUnits(plan, plan.units, { workers: 1 });
    for (const workers of [2, 3]) {
      const seen: number[] = [];
      const parallel = await runUnits(plan, plan.units, {
        workers,
        onProgress: (done, total) => (expect(total).toBe(12), seen.push(done)),
      });
      expect(parallel.map((r) => r.index)).toEqual(plan.units.map((u) => u.index));
      expect(parallel).toEqual(serial);
      expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
    // a shard's units (not starting at index 0) come back as that shard's, in its order
    const shard = shardUnits(plan, 2, 3);
    expect((await runUnits(plan, shard, { workers: 2 })).map((r) => r.index)).toEqual(shard.map((u) => u.index));
  });

  it('a unit that fails stops the run with its error on any executor, and no thread is left running', async () => {
    for (const bad of [0, 5, 11]) {
      const units = plan.units.map((u, i) => (i === bad ? { ...u, policy: 'nope' } : u));
      await expect(runUnits(plan, units, { workers: 2 })).rejects.toThrow(/no policy named "nope"/);
    }
  });

  it('a thread loads each text once and runs share it: every unit, run after the others or twice, equals a run of a fresh load', () => {
    // the shared scenario is deep-frozen, so a run that wrote to it would throw here
    const baseDir = 'test/fixtures/scenarios';
    const inline = plan.units.map((unit) => runUnit({ unit, file, baseDir }));
    const again = runUnit({ unit: plan.units[0]!, file, baseDir });
    expect(again).toEqual(inline[0]);
    plan.units.forEach((u, k) => {
      const { summary, series } = runScenario({ ...loadScenarioText(u.text, file), baseDir }, { policy: u.policy, seed: u.seed });
      expect(inline[k], `unit ${k}`).toEqual({ index: u.index, summary, series });
    });
  });

  it('compare over the pool equals the in-process comparePolicies', async () => {
    const flat = planSweep({ raw, text: readFileSync(file, 'utf8'), file, baseDir: 'test/fixtures/scenarios', grid: [], seeds: 2 });
    const viaPool = toComparison(flat, await runUnits(flat, flat.units, { workers: 2 }));
    const inProcess = comparePolicies(loadScenarioFile(file), { seeds: 2 });
    expect(viaPool).toEqual(inProcess);
  });
});
