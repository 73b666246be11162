/**
 * Runs sweep units on `workers` executors: the main thread and `workers - 1` worker threads
 * (tinypool), or inline with one. Every executor claims the next unit from one shared counter
 * until none is left, and results are put back in unit order, so a parallel run equals a serial
 * run whoever ran what.
 *
 * Why the main thread is an executor: each thread is a V8 isolate that loads the model and warms
 * its JIT up on its own, and the main thread has loaded the model anyway (it plans the sweep), so
 * two executors on two cores are two isolates, not three. Measured on the 2-core benchmark
 * machine (20 runs of the default scenario, interleaved): about 0.5 s off ~9.1 s against two
 * worker threads beside an idle main thread (DESIGN.md, "Sweeps").
 *
 * This module loads no model code itself (the unit runner is imported when the main thread runs
 * its first unit), so the CLI can start a sweep's worker threads before it loads the model
 * (`startEarly` in src/cli/early-start.ts).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import type { SweepPlan, Unit, UnitResult } from './sweep.ts';
import type { ClaimTask } from './worker.ts';

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Worker threads started ahead of the work (see `startWorkers`). */
export interface StartedWorkers {
  readonly pool: Tinypool;
}

/**
 * Starts the worker threads of `executors` executors (one fewer than that: the main thread is
 * one), so that each loads the model's modules while the caller is still loading, reading and
 * planning (tinypool loads the worker file as a thread starts). Returns undefined for one
 * executor or fewer: that work runs inline.
 */
export function startWorkers(executors: number): StartedWorkers | undefined {
  if (executors <= 1) return undefined;
  // from the TypeScript sources, workers need tsx registered (worker.boot.mjs); compiled, worker.js
  const worker = import.meta.url.endsWith('.ts') ? './worker.boot.mjs' : './worker.js';
  const threads = executors - 1;
  return { pool: new Tinypool({ filename: new URL(worker, import.meta.url).href, minThreads: threads, maxThreads: threads }) };
}

let early: StartedWorkers | undefined;

/** Keeps threads started before the command that will use them has been parsed (the CLI's entry). */
export function setEarlyWorkers(started: StartedWorkers | undefined): void {
  early = started;
}

/** Stops threads started early that no command took (bad input, `--help`): else they keep the process alive. */
export async function stopEarlyWorkers(): Promise<void> {
  const e = early;
  early = undefined;
  await e?.pool.destroy();
}

/**
 * Starts the threads of `executors` executors (or takes those started early), then calls `plan`
 * (reading and checking input) while they load; if it throws, the threads are stopped first.
 */
export async function planWhileStarting<T>(executors: number, plan: () => T): Promise<{ planned: T; started: StartedWorkers | undefined }> {
  let started = early;
  early = undefined;
  if (started === undefined) started = startWorkers(executors);
  else if (executors <= 1) {
    await started.pool.destroy();
    started = undefined;
  }
  try {
    return { planned: plan(), started };
  } catch (e) {
    await started?.pool.destroy();
    throw e;
  }
}

/**
 * Runs the units: inline with one executor (or one unit), else on the main thread and
 * `min(workers, units) - 1` worker threads (`started`, or threads started here). Either way the
 * started threads are gone when it returns, unless `keep` (with `started`): then they stay for
 * the caller's next batch (`plan` runs many small batches, each thread keeping its warm JIT) and
 * the caller destroys them.
 */
export async function runUnits(
  plan: Pick<SweepPlan, 'file' | 'baseDir'>,
  units: readonly Unit[],
  o: { workers: number; started?: StartedWorkers | undefined; keep?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<UnitResult[]> {
  const n = units.length;
  const executors = Math.min(o.workers, n);
  const keep = o.keep === true && o.started !== undefined;
  const { runUnit } = await import('./unit-runner.ts');
  const run = (i: number) => runUnit({ unit: units[i]!, file: plan.file, baseDir: plan.baseDir });
  if (executors <= 1) {
    if (!keep) await o.started?.pool.destroy();
    const results: UnitResult[] = [];
    for (let i = 0; i < n; i++) {
      results.push(run(i));
      o.onProgress?.(i + 1, n);
    }
    return results;
  }
  const pool = (o.started ?? startWorkers(executors)!).pool;
  const results: UnitResult[] = new Array<UnitResult>(n);
  const claim = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  const progress = () => o.onProgress?.(Math.min(++done, n), n);
  const channels = Array.from({ length: executors - 1 }, () => new MessageChannel());
  try {
    const tasks = channels.map((ch) => {
      ch.port1.on('message', progress);
      const task: ClaimTask = {
        units,
        file: plan.file,
        baseDir: plan.baseDir,
        claim: claim.buffer as SharedArrayBuffer,
        progress: ch.port2,
      };
      const t = pool.run(task, { transferList: [ch.port2] }) as Promise<[number, UnitResult][]>;
      t.catch(() => Atomics.store(claim, 0, n)); // a failed thread: stop claiming (the error is thrown below)
      return t;
    });
    try {
      for (;;) {
        // let the event loop run between units: tinypool hands a thread its task when the thread
        // reports ready, and progress messages arrive, on this thread's loop
        await new Promise<void>((resolve) => setImmediate(resolve));
        const i = Atomics.add(claim, 0, 1);
        if (i >= n) break;
        results[i] = run(i);
        progress();
      }
    } catch (e) {
      Atomics.store(claim, 0, n); // the threads stop after their current unit
      await Promise.allSettled(tasks);
      throw e;
    }
    for (const part of await Promise.all(tasks)) for (const [i, r] of part) results[i] = r;
    for (let i = 0; i < n; i++) if (results[i] === undefined) throw new Error(`bug: sweep unit ${units[i]!.index} was not run`);
    return results;
  } finally {
    for (const ch of channels) ch.port1.close();
    if (!keep) await pool.destroy();
  }
}
