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

/** Worker threads started ahead of the work (see `startWorkers`). */
export interface StartedWorkers {
  readonly pool: Tinypool;
}

/**
 * Starts `threads` worker threads now, so that each loads the model's modules while the caller is
 * still reading and planning the scenario (tinypool loads the worker file as a thread starts): on a
 * 20-seed sweep that start-up is otherwise paid in full before the first unit runs (issue 8).
 * Returns undefined for one thread or fewer: that work runs inline.
 */
export function startWorkers(threads: number): StartedWorkers | undefined {
  if (threads <= 1) return undefined;
  // from the TypeScript sources, workers need tsx registered (worker.boot.mjs); compiled, worker.js
  const worker = import.meta.url.endsWith('.ts') ? './worker.boot.mjs' : './worker.js';
  return { pool: new Tinypool({ filename: new URL(worker, import.meta.url).href, minThreads: threads, maxThreads: threads }) };
}

/** Starts `threads` workers, then calls `plan` (reading and checking input) while they load; if it throws, the workers are stopped first. */
export async function planWhileStarting<T>(threads: number, plan: () => T): Promise<{ planned: T; started: StartedWorkers | undefined }> {
  const started = startWorkers(threads);
  try {
    return { planned: plan(), started };
  } catch (e) {
    await started?.pool.destroy();
    throw e;
  }
}

/**
 * Runs the units: inline with one worker (or one unit), else on worker threads (`started`, or
 * threads started here). Either way the started threads are gone when it returns.
 */
export async function runUnits(plan: SweepPlan, units: readonly Unit[], o: { workers: number; started?: StartedWorkers | undefined; onProgress?: (done: number, total: number) => void }): Promise<UnitResult[]> {
  const results: UnitResult[] = [];
  let done = 0;
  if (o.workers <= 1 || units.length <= 1) {
    await o.started?.pool.destroy();
    for (const unit of units) {
      results.push(runUnit({ unit, file: plan.file, baseDir: plan.baseDir }));
      o.onProgress?.(++done, units.length);
    }
    return results;
  }
  const pool = (o.started ?? startWorkers(Math.min(o.workers, units.length))!).pool;
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
