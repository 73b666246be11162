/**
 * What two threads can gain on this machine at all: two kernels, each run twice in a row on the
 * main thread and then once on each of two worker threads at the same time (each warmed up first,
 * outside the timed span, as the main thread's kernel is).
 *
 * - `compute`: an integer loop with eight independent chains (high IPC, no memory traffic);
 *   it shows whether the cores are really separate (SMT siblings would share execution units).
 * - `memory`: scattered read-modify-writes over a 64 MB Int32Array (far beyond any cache;
 *   allocated and touched before timing: first-touch page faults had dominated an earlier version);
 *   it shows what happens when both threads need the shared caches and memory bus.
 *
 * A simulation unit sits between the two, so its sweep speed-up is read against them
 * (bench/sweep.ts records both). Kernels run from source text (`eval` workers), so no loader is
 * needed in the worker.
 */
import { Worker } from 'node:worker_threads';

// Each kernel's inner loop is its own small function called many times, so it is optimised by the
// normal tier-up rather than on-stack replacement (an OSR'd single long loop ran 3x slower in some
// runs and not others).
// Each is a factory: what it allocates (the 64 MB array) is allocated and touched before timing.
const KERNELS = {
  compute: `(() => {
    const step = (x, m) => { for (let i = 0; i < m; i++) x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i) | 0; return x; };
    return (n) => { let x = 1; for (let r = 0; r < n; r++) x = step(x, 100000); return x; };
  })`,
  memory: `(() => {
    const a = new Int32Array(1 << 24).fill(1); // 64 MB, pages touched
    const pass = (j) => { for (let i = 0; i < 1 << 20; i++) { j = (Math.imul(j, 1103515245) + 12345) & 0xffffff; a[j] = (a[j] + i) | 0; } return j; };
    return (n) => { let j = 1; for (let r = 0; r < n; r++) j = pass(j); return j; };
  })`,
} as const;
const WORK = { compute: 6000, memory: 120 } as const;

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
  return { serialSeconds: +serialSeconds.toFixed(2), parallelSeconds: +parallelSeconds.toFixed(2), speedup: +(serialSeconds / parallelSeconds).toFixed(2) };
}
