/**
 * Engine benchmark: events per second of the Simulation against a minimal typed-array heap
 * (bench/minimal-heap.ts) doing the same work in the same process, and heap bytes per pending event.
 *
 *   npm run bench:engine            table, and bench/results/engine.{json,md}
 *   npm run bench:engine -- --json  the figures as JSON on stdout
 *
 * Cases: (a) M/M/1 with lambda 0.9, mu 1.0 (2 events per customer); (b) the hold model: N
 * pending events, each event pops and schedules one at now + Exp(1), for N = 1e3, 1e5, 1e6.
 * Both sides draw from the same seeded Alea stream. Each figure is the best of 7 runs, the sides
 * alternating, after a warm-up.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { Simulation } from '../src/engine/simulation.ts';
import { RandomStreams } from '../src/engine/random.ts';
import { MinimalFifoHeap, MinimalHeap } from './minimal-heap.ts';
import { machineInfo } from './machine.ts';

type Case = { name: string; events: number; engine: () => number; minimal: () => number; fifo: () => number };

function mm1Engine(customers: number): number {
  const sim = new Simulation();
  const streams = new RandomStreams(1);
  const a = streams.get('a'),
    s = streams.get('s');
  let queue = 0,
    busy = false,
    arrived = 0;
  const depart = () => {
    if (queue > 0) {
      queue--;
      sim.after(s.exponential(1.0), depart);
    } else busy = false;
  };
  const arrive = () => {
    if (++arrived < customers) sim.after(a.exponential(0.9), arrive);
    if (busy) queue++;
    else {
      busy = true;
      sim.after(s.exponential(1.0), depart);
    }
  };
  sim.at(0, arrive);
  sim.run();
  return sim.eventsProcessed;
}

function mm1Minimal(customers: number): number {
  const heap = new MinimalHeap(1024);
  const streams = new RandomStreams(1);
  const a = streams.get('a'),
    s = streams.get('s');
  let queue = 0,
    busy = false,
    arrived = 0,
    events = 0;
  heap.push(0, 0);
  while (heap.size > 0) {
    const now = heap.pop();
    events++;
    if (heap.lastPayload === 0) {
      if (++arrived < customers) heap.push(now + a.exponential(0.9), 0);
      if (busy) queue++;
      else {
        busy = true;
        heap.push(now + s.exponential(1.0), 1);
      }
    } else if (queue > 0) {
      queue--;
      heap.push(now + s.exponential(1.0), 1);
    } else busy = false;
  }
  return events;
}

function holdEngine(n: number, events: number): number {
  const sim = new Simulation({ initialCapacity: n });
  const r = new RandomStreams(1).get('hold');
  let left = events;
  const h = (p: number) => {
    if (--left > 0) sim.after(r.exponential(1), h, p);
    else sim.stop();
  };
  for (let i = 0; i < n; i++) sim.at(r.exponential(1), h, i);
  sim.run();
  return sim.eventsProcessed;
}

function holdMinimal(n: number, events: number): number {
  const heap = new MinimalHeap(n + 1);
  const r = new RandomStreams(1).get('hold');
  for (let i = 0; i < n; i++) heap.push(r.exponential(1), i);
  let done = 0;
  while (done < events) {
    const now = heap.pop();
    done++;
    if (done < events) heap.push(now + r.exponential(1), heap.lastPayload);
  }
  return done;
}

// The same two workloads on MinimalFifoHeap. Separate functions, not a shared one taking either
// heap: a call site that sees both classes is polymorphic and would slow the yardstick.
function mm1Fifo(customers: number): number {
  const heap = new MinimalFifoHeap(1024);
  const streams = new RandomStreams(1);
  const a = streams.get('a'),
    s = streams.get('s');
  let queue = 0,
    busy = false,
    arrived = 0,
    events = 0;
  heap.push(0, 0);
  while (heap.size > 0) {
    const now = heap.pop();
    events++;
    if (heap.lastPayload === 0) {
      if (++arrived < customers) heap.push(now + a.exponential(0.9), 0);
      if (busy) queue++;
      else {
        busy = true;
        heap.push(now + s.exponential(1.0), 1);
      }
    } else if (queue > 0) {
      queue--;
      heap.push(now + s.exponential(1.0), 1);
    } else busy = false;
  }
  return events;
}

function holdFifo(n: number, events: number): number {
  const heap = new MinimalFifoHeap(n + 1);
  const r = new RandomStreams(1).get('hold');
  for (let i = 0; i < n; i++) heap.push(r.exponential(1), i);
  let done = 0;
  while (done < events) {
    const now = heap.pop();
    done++;
    if (done < events) heap.push(now + r.exponential(1), heap.lastPayload);
  }
  return done;
}

/** Best time of `runs` rounds of the sides in turn (alternation spreads machine noise evenly). */
function bestOf(sides: ReadonlyArray<() => number>, runs: number): Timing[] {
  for (const side of sides) side(); // warm-up
  const timings = sides.map((): Timing => ({ seconds: Infinity, events: 0 }));
  for (let i = 0; i < runs; i++) {
    sides.forEach((side, k) => {
      const t0 = performance.now();
      timings[k]!.events = side();
      timings[k]!.seconds = Math.min(timings[k]!.seconds, (performance.now() - t0) / 1000);
    });
  }
  return timings;
}

type Timing = { seconds: number; events: number };

/**
 * Heap bytes per pending event: heap plus ArrayBuffer bytes held after filling a Simulation with
 * `n` events, less those held before. Array buffers freed by a GC are released by a background
 * task, so each reading waits for a few GC-and-yield rounds (one synchronous gc() left the grown-out
 * copies counted, or freed ones from earlier cases uncounted: 9 to 44 bytes for the same heap).
 */
async function bytesPerPendingEvent(n: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await settle();
  const before = process.memoryUsage();
  const sim = new Simulation({ initialCapacity: 16 });
  const h = () => {};
  for (let i = 0; i < n; i++) sim.at(i * 0.5, h, i);
  await settle();
  const after = process.memoryUsage();
  const bytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  if (sim.pending !== n) throw new Error('bug: pending count');
  return bytes / n;
}

const cases: Case[] = [
  {
    name: 'M/M/1 lambda 0.9 mu 1.0 (1e6 customers)',
    events: 2e6,
    engine: () => mm1Engine(1e6),
    minimal: () => mm1Minimal(1e6),
    fifo: () => mm1Fifo(1e6),
  },
  ...[1e3, 1e5, 1e6].map((n) => ({
    name: `hold N=${n.toExponential(0).replace('+', '')}`,
    events: 3e6,
    engine: () => holdEngine(n, 3e6),
    minimal: () => holdMinimal(n, 3e6),
    fifo: () => holdFifo(n, 3e6),
  })),
];

const json = process.argv.includes('--json');
const RUNS = 7;
const rows = cases.map((c) => {
  const [m, e, f] = bestOf([c.minimal, c.engine, c.fifo], RUNS) as [Timing, Timing, Timing];
  if (m.events !== e.events || f.events !== e.events)
    throw new Error(`bug: ${c.name} event counts differ (${m.events}, ${e.events}, ${f.events})`);
  const engineEps = e.events / e.seconds,
    minimalEps = m.events / m.seconds,
    fifoEps = f.events / f.seconds;
  return {
    case: c.name,
    events: e.events,
    engineEventsPerSec: Math.round(engineEps),
    minimalEventsPerSec: Math.round(minimalEps),
    ratio: +(engineEps / minimalEps).toFixed(3),
    minimalFifoEventsPerSec: Math.round(fifoEps),
    fifoRatio: +(fifoEps / minimalEps).toFixed(3),
    ratioToFifo: +(engineEps / fifoEps).toFixed(3),
  };
});
const bytes = await bytesPerPendingEvent(1e6);
const result = {
  benchmark: 'engine',
  machine: machineInfo(),
  rows,
  bytesPerPendingEventAt1e6: +bytes.toFixed(1),
  targets: { minRatio: 0.7, maxBytesPerPendingEvent: 40 },
};

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/engine.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
const md = [
  `# Engine benchmark (${result.machine.date}, ${result.machine.cpus}, Node ${result.machine.node})`,
  '',
  `Command: \`npm run bench:engine\`. Best of ${RUNS} alternating runs after a warm-up; both sides in one process. Load average at start: ${result.machine.loadavg}.`,
  '',
  '| case | events | engine events/s | minimal heap events/s | ratio (target >= 0.7) | minimal heap + FIFO events/s | its ratio to the minimal heap | engine / minimal + FIFO |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.case} | ${r.events.toLocaleString('en-US')} | ${r.engineEventsPerSec.toLocaleString('en-US')} | ${r.minimalEventsPerSec.toLocaleString('en-US')} | ${r.ratio.toFixed(2)} | ${r.minimalFifoEventsPerSec.toLocaleString('en-US')} | ${r.fifoRatio.toFixed(2)} | ${r.ratioToFifo.toFixed(2)} |`,
  ),
  '',
  'The last three columns are informational: "minimal heap + FIFO" is the yardstick plus the ordering rule the engine must keep (a sequence number per entry, compared on equal times), without cancellation or handler dispatch (bench/minimal-heap.ts).',
  '',
  `Heap bytes per pending event at N = 1e6: **${result.bytesPerPendingEventAt1e6}** (target <= 40).`,
  '',
].join('\n');
writeFileSync(new URL('./results/engine.md', import.meta.url), md);
if (json) console.log(JSON.stringify(result, null, 2));
else console.log(md);
