/**
 * The engine against a reference model: a plain array of (time, seq, payload) kept in order by
 * sorting. Random programs of schedules (few distinct times, so ties are common), cancels (of
 * pending, fired and unknown ids), handlers that schedule more events, and split runs must give
 * the same trace, pending count and clock. Small initial capacities force growth; closures per
 * event exercise the handler-table sweep.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../../src/engine/simulation.ts';
import { fcParams } from '../../support/fc-config.ts';

type Op = { kind: 'at'; dt: number; payload: number; children: number } | { kind: 'cancel'; pick: number } | { kind: 'run'; dt: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('at' as const),
      dt: fc.integer({ min: 0, max: 6 }),
      payload: fc.integer({ min: 0, max: 1e6 }),
      children: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('run' as const), dt: fc.integer({ min: 0, max: 8 }) }) },
);

/** What the engine must do, the slow obvious way. */
class Reference {
  now = 0;
  seq = 0;
  queue: { time: number; seq: number; payload: number; children: number }[] = [];
  trace: string[] = [];
  at(time: number, payload: number, children: number): number {
    this.queue.push({ time, seq: this.seq, payload, children });
    return this.seq++;
  }
  cancel(id: number): void {
    this.queue = this.queue.filter((e) => e.seq !== id);
  }
  run(until: number): void {
    for (;;) {
      this.queue.sort((a, b) => a.time - b.time || a.seq - b.seq);
      const e = this.queue[0];
      if (e === undefined || e.time >= until) break;
      this.queue.shift();
      this.now = e.time;
      this.trace.push(`${e.time}:${e.payload}`);
      // each child fires 0.5 s later per level with payload + 1, one level deep
      for (let c = 0; c < e.children; c++) this.at(e.time + 0.5 * (c + 1), e.payload + 1, 0);
    }
    if (until !== Infinity) this.now = until;
  }
}

describe('Simulation against a reference model (property)', () => {
  it('same trace, pending count and clock for random programs of schedules, cancels and runs', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (ops, capacity) => {
        const sim = new Simulation({ initialCapacity: capacity });
        const ref = new Reference();
        const trace: string[] = [];
        const ids: number[] = [];
        const fire = (children: number) => (payload: number) => {
          trace.push(`${sim.now}:${payload}`);
          for (let c = 0; c < children; c++) sim.after(0.5 * (c + 1), fire(0), payload + 1);
        };
        for (const o of ops) {
          if (o.kind === 'at') {
            const id = sim.at(sim.now + o.dt, fire(o.children), o.payload);
            expect(id).toBe(ref.at(ref.now + o.dt, o.payload, o.children));
            ids.push(id);
          } else if (o.kind === 'cancel') {
            const id = ids.length === 0 ? o.pick : ids[o.pick % ids.length]!;
            sim.cancel(id);
            ref.cancel(id);
          } else {
            sim.run({ until: sim.now + o.dt });
            ref.run(ref.now + o.dt);
          }
          expect(sim.now).toBe(ref.now);
        }
        expect(sim.pending).toBe(ref.queue.length);
        sim.run();
        ref.run(Infinity);
        expect(trace).toEqual(ref.trace);
        expect(sim.pending).toBe(0);
      }),
      fcParams(300),
    );
  });
});
