import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.ts';
import { RandomStreams } from '../../src/engine/random.ts';
import { fcParams } from '../support/fc-config.ts';

/** A random schedule: initial events, and each event may schedule or cancel others using a seeded stream. */
const schedule = fc.record({
  seed: fc.integer(),
  initial: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9 })), { maxLength: 60 }),
  until: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }),
});

type Schedule = typeof schedule extends fc.Arbitrary<infer T> ? T : never;

function trace(s: Schedule): string[] {
  const sim = new Simulation({ initialCapacity: 16 });
  const rng = new RandomStreams(s.seed).get('prop/schedule');
  const log: string[] = [];
  const ids: number[] = [];
  let budget = 500;
  const h = (p: number) => {
    log.push(`${sim.now}:${p}`);
    if (budget-- <= 0) return;
    const r = rng.next();
    if (r < 0.5) ids.push(sim.after(Math.floor(rng.next() * 20), h, (p + 1) % 10));
    else if (r < 0.6 && ids.length > 0) sim.cancel(ids[rng.int(ids.length)]!);
  };
  for (const [t, p] of s.initial) ids.push(sim.at(t, h, p));
  let last = -1;
  for (const u of [...s.until].sort((a, b) => a - b)) {
    sim.run({ until: u });
    if (sim.now < last) throw new Error('clock went backwards');
    last = sim.now;
  }
  sim.run();
  log.push(`events=${sim.eventsProcessed} pending=${sim.pending}`);
  return log;
}

describe('engine properties', () => {
  it('any random schedule run twice with one seed gives the same trace', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        expect(trace(s)).toEqual(trace(s));
      }),
      fcParams(200),
    );
  });

  it('time never goes backwards and equal times run in scheduling order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }), (times) => {
        const sim = new Simulation({ initialCapacity: 16 });
        const fired: [number, number][] = [];
        times.forEach((t, i) => sim.at(t, (p) => fired.push([sim.now, p]), i));
        sim.run();
        for (let i = 1; i < fired.length; i++) {
          const [t0, i0] = fired[i - 1]!;
          const [t1, i1] = fired[i]!;
          expect(t1 > t0 || (t1 === t0 && i1 > i0)).toBe(true);
        }
        expect(fired.length).toBe(times.length);
      }),
      fcParams(200),
    );
  });
});
