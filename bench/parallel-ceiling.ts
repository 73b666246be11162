/**
 * What two threads can gain on this machine at all: a kernel run twice in a row on the main thread
 * and then once on each of two worker threads at the same time (each warmed up first, outside the
 * timed span, as the main thread's kernel is).
 *
 * - `compute`: an integer hash loop (multiply, xor, shift; no memory traffic): two threads
 *   should gain 2x unless the machine takes a core away (other tenants, SMT siblings).
 *
 * (A memory-bound kernel, scattered writes over 64 MB, was tried beside it and dropped: its
 * serial side ran slower in the benchmark's process than alone, giving "speed-ups" above 2.)
 *
 * bench/sweep.ts records it in every round, so a sweep's speed-up can be read against what the
 * machine gave that round. Kernels run from source text (`eval` workers), so no loader is
 * needed in the worker.
 */
import { Worker } from 'node:worker_threads';

// Each kernel's inner loop is its own small function called many times, so it is optimised by the
// normal tier-up rather than on-stack replacement (an OSR'd single long loop ran 3x slower in some
// runs and not others).
// A factory: the returned function is what is timed.
const KERNELS = {
  compute: `(() => {
    const step = (x, m) => { for (let i = 0; i < m; i++) x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i) | 0; return x; };
    return (n) => { let x = 1; for (let r = 0; r < n; r++) x = step(x, 100000); return x; };
  })`,
} as const;
const WORK = { compute: 6000 } as const;

export type Kernel = keyof typeof KERNELS;

/** A worker that warms the kernel up, says so, and runs it in full when told to go. */
function startWorker(kernel: Kernel): Promise<{ go: () => Promise<void> }> {
  const src = `const { parentPort } = require('node:worker_threads');
    const f = (${KERNELS[kernel]})(); f(${Math.ceil(WORK[kernel] / 20)});
    parentPort.once('message', () => parentPort.postMessage(f(${WORK[kernel]})));
    parentPort.postMessage('ready');`;
  return new Promise((resolve, reject) => {
    const w = new Worker(src, { eval: true });
    w.once('error', reject);
    w.once('message', () =>
      resolve({
        go: () =>
          new Promise<void>((done) => {
            w.once('message', () => void w.terminate().then(() => done()));
            w.postMessage('go');
          }),
      }),
    );
  });
}

/** Speed-up of two threads over one for a kernel: (2 runs in a row) / (2 at once). */
export async function ceiling(kernel: Kernel): Promise<{ serialSeconds: number; parallelSeconds: number; speedup: number }> {
  const f = (new Function(`return ${KERNELS[kernel]}`)() as () => (n: number) => number)();
  f(Math.ceil(WORK[kernel] / 20)); // warm-up
  let t0 = performance.now();
  f(WORK[kernel]);
  f(WORK[kernel]);
  const serialSeconds = (performance.now() - t0) / 1000;
  const workers = await Promise.all([startWorker(kernel), startWorker(kernel)]);
  t0 = performance.now();
  await Promise.all(workers.map((w) => w.go()));
  const parallelSeconds = (performance.now() - t0) / 1000;
  return {
    serialSeconds: +serialSeconds.toFixed(2),
    parallelSeconds: +parallelSeconds.toFixed(2),
    speedup: +(serialSeconds / parallelSeconds).toFixed(2),
  };
}
