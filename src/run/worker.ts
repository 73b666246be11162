/**
 * Worker-thread entry for sweeps (tinypool): one task per thread, in which the thread claims the
 * next unit from the counter it shares with the main thread and the other threads until none is
 * left (src/run/pool.ts), posting a progress message after each.
 */
import type { MessagePort } from 'node:worker_threads';
import { runUnit } from './unit-runner.ts';
import type { Unit, UnitResult } from './sweep.ts';

export interface ClaimTask {
  readonly units: readonly Unit[];
  readonly file: string;
  readonly baseDir: string;
  /** One Int32: the next unit (position in `units`) to claim. */
  readonly claim: SharedArrayBuffer;
  readonly progress: MessagePort;
}

/** The units this thread ran, as [position in `units`, result]. */
export default function work(t: ClaimTask): [number, UnitResult][] {
  const claim = new Int32Array(t.claim);
  const mine: [number, UnitResult][] = [];
  try {
    for (;;) {
      const i = Atomics.add(claim, 0, 1);
      if (i >= t.units.length) return mine;
      mine.push([i, runUnit({ unit: t.units[i]!, file: t.file, baseDir: t.baseDir })]);
      t.progress.postMessage(i);
    }
  } finally {
    t.progress.close();
  }
}
