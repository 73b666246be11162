/**
 * Runs sweep units on worker threads (tinypool), or inline with one worker. Results come back in
 * unit order whatever finishes first, so a parallel run equals a serial run.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { SweepPlan, Unit, UnitResult } from './sweep.ts';
import { runUnit } from './unit-runner.ts';

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runUnits(plan: SweepPlan, units: readonly Unit[], o: { workers: number; onProgress?: (done: number, total: number) => void }): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  let done = 0;
  if (o.workers <= 1 || units.length <= 1) {
    for (const unit of units) {
      results.push(runUnit({ unit, file: plan.file, baseDir: plan.baseDir }));
      o.onProgress?.(++done, units.length);
    }
    return results;
  }
  // from the TypeScript sources, workers need tsx registered (worker.boot.mjs); compiled, worker.js
  const worker = import.meta.url.endsWith('.ts') ? './worker.boot.mjs' : './worker.js';
  const pool = new Tinypool({ filename: new URL(worker, import.meta.url).href, minThreads: Math.min(o.workers, units.length), maxThreads: Math.min(o.workers, units.length) });
  try {
    const all = await Promise.all(
      units.map(async (unit) => {
        const r = (await pool.run({ unit, file: plan.file, baseDir: plan.baseDir })) as UnitResult;
        o.onProgress?.(++done, units.length);
        return r;
      }),
    );
    return all.sort((a, b) => a.index - b.index);
  } finally {
    await pool.destroy();
  }
}
