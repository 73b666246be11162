import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/engine/simulation.ts';

describe('Simulation ordering', () => {
  it('runs events by time, then FIFO among equal times (the rule in the file header)', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.at(5, () => log.push('a@5'));
    sim.at(1, () => log.push('b@1'));
    sim.at(5, () => log.push('c@5'));
    sim.after(5, () => log.push('d@5'));
    sim.at(3, () => {
      log.push('e@3');
      sim.at(5, () => log.push('f@5 scheduled at 3'));
    });
    sim.run();
    expect(log).toEqual(['b@1', 'e@3', 'a@5', 'c@5', 'd@5', 'f@5 scheduled at 3']);
  });

  it('keeps FIFO across 10,000 events at one time and through the heap', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const seen: number[] = [];
    for (let i = 0; i < 10_000; i++) sim.at(i % 2 === 0 ? 7 : 3, (p) => seen.push(p), i);
    sim.run();
    const odds = seen.slice(0, 5000);
    const evens = seen.slice(5000);
    expect(odds).toEqual(Array.from({ length: 5000 }, (_, i) => 2 * i + 1));
    expect(evens).toEqual(Array.from({ length: 5000 }, (_, i) => 2 * i));
  });

  it('a fresh closure per event works beyond the handler-table sweep, with cancels mixed in', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const seen: number[] = [];
    const cancelled = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const id = sim.at(i % 100, () => seen.push(i));
      if (i % 7 === 0) {
        sim.cancel(id);
        cancelled.add(i);
      }
    }
    sim.run();
    const expected = Array.from({ length: 20_000 }, (_, i) => i)
      .filter((i) => !cancelled.has(i))
      .sort((x, y) => (x % 100) - (y % 100) || x - y);
    expect(seen).toEqual(expected);
  });

  it('handler ids survive keys above 2^32 (sequence numbers past 4096) and sweeps that renumber them', () => {
    // a long-lived handler keeps its event pending while fresh closures come and go around it
    const sim = new Simulation({ initialCapacity: 16 });
    const log: string[] = [];
    sim.at(1e6, (p) => log.push(`late ${p}`), 42);
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 5000; i++) sim.after(1, () => {}, i);
      sim.after(1, (p) => log.push(`round ${p}`), round);
      sim.run({ until: sim.now + 2 });
    }
    sim.run();
    expect(log).toEqual([0, 1, 2, 3, 4, 5].map((r) => `round ${r}`).concat('late 42'));
  });

  it('more than 2^20 distinct handlers pending at once is a clear error', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const schedule = () => {
      for (let i = 0; i <= 2 ** 20; i++) sim.at(1, () => {});
    };
    expect(schedule).toThrow(/more than 2\^20 distinct handlers pending at once/);
  });

  it('2^20 handler ids over a run are fine while fewer are pending (the table is swept first)', () => {
    // 600,000 closures stay pending. The table is swept when it reaches 2^20 entries (600,000 kept),
    // and the next doubling would wait for 1.2 M: the transient closures after that sweep pass 2^20
    // entries again first, and must trigger a sweep rather than an error
    const sim = new Simulation({ initialCapacity: 16 });
    let late = 0,
      transient = 0;
    for (let i = 0; i < 600_000; i++) sim.at(1e6, () => late++);
    for (let i = 0; i < 1_000_000; i++) {
      sim.after(1, () => transient++);
      if (i % 1000 === 999) sim.run({ until: sim.now + 2 });
    }
    sim.run();
    expect([late, transient]).toEqual([600_000, 1_000_000]);
  });

  it('passes the payload (0 when none) and counts processed events', () => {
    const sim = new Simulation();
    const got: number[] = [];
    const h = (p: number) => got.push(p);
    sim.at(1, h, 42.5);
    sim.at(2, h);
    expect(sim.run()).toBe(2);
    expect(got).toEqual([42.5, 0]);
    expect(sim.eventsProcessed).toBe(2);
  });
});

describe('Simulation time', () => {
  it('run({until}) stops before events at until, sets now = until, and resumes', () => {
    const sim = new Simulation();
    const log: number[] = [];
    for (const t of [1, 10, 10, 15, 20]) sim.at(t, () => log.push(sim.now));
    sim.run({ until: 10 });
    expect(log).toEqual([1]);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(4);
    sim.run({ until: 16 });
    expect(log).toEqual([1, 10, 10, 15]);
    expect(sim.now).toBe(16);
    sim.run();
    expect(log).toEqual([1, 10, 10, 15, 20]);
    expect(sim.now).toBe(20);
  });

  it('split runs give the same trace as one run', () => {
    const trace = (splits: number[]) => {
      const sim = new Simulation();
      const log: string[] = [];
      const h = (p: number) => {
        log.push(`${sim.now}:${p}`);
        if (p < 40) sim.after((p * 7) % 5, h, p + 1);
      };
      sim.at(0, h, 0);
      for (const u of splits) sim.run({ until: u });
      sim.run();
      return log;
    };
    expect(trace([3, 3, 17, 50])).toEqual(trace([]));
  });

  it('rejects scheduling in the past, NaN and Infinity with clear messages', () => {
    const sim = new Simulation();
    sim.run({ until: 10 });
    expect(() => sim.at(5, () => {})).toThrow(/cannot schedule in the past \(time 5 < now 10\)/);
    expect(() => sim.at(Number.NaN, () => {})).toThrow(/time is NaN/);
    expect(() => sim.at(Infinity, () => {})).toThrow(/Infinity/);
    expect(() => sim.after(-1, () => {})).toThrow(/delay must be a finite number >= 0/);
    expect(() => sim.every(0, () => {})).toThrow(/interval must be a finite number > 0/);
    expect(() => sim.run({ until: 3 })).toThrow(/until must be >= now/);
  });

  it('stop() ends the run after the current handler', () => {
    const sim = new Simulation();
    const log: number[] = [];
    sim.at(1, () => log.push(1));
    sim.at(2, () => {
      log.push(2);
      sim.stop();
    });
    sim.at(3, () => log.push(3));
    sim.run({ until: 100 });
    expect(log).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    sim.run();
    expect(log).toEqual([1, 2, 3]);
  });
});

describe('Simulation cancel and every', () => {
  it('cancels a pending event; cancelling twice, after it ran, or an unknown id has no effect', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const a = sim.at(1, () => log.push('a'));
    const b = sim.at(2, () => log.push('b'));
    sim.at(3, () => log.push('c'));
    sim.cancel(b);
    sim.cancel(b);
    sim.cancel(12345);
    sim.cancel(-1);
    expect(sim.pending).toBe(2);
    sim.run({ until: 2.5 });
    sim.cancel(a); // already ran
    expect(sim.pending).toBe(1);
    sim.run();
    expect(log).toEqual(['a', 'c']);
    expect(sim.eventsProcessed).toBe(2);
    expect(sim.pending).toBe(0);
  });

  it('many cancels of events that already ran do not disturb pending counts or later events', () => {
    const sim = new Simulation();
    const log: number[] = [];
    const ids = Array.from({ length: 1000 }, (_, i) => sim.at(i, (p) => log.push(p), i));
    sim.run({ until: 1000 });
    for (const id of ids) sim.cancel(id);
    sim.at(2000, (p) => log.push(p), -1);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(log.length).toBe(1001);
    expect(log.at(-1)).toBe(-1);
  });

  it('peek skips cancelled events', () => {
    const sim = new Simulation();
    const id = sim.at(1, () => {});
    sim.at(4, () => {});
    sim.cancel(id);
    expect(sim.peek()).toBe(4);
  });

  it('every() fires at firstAt + k·interval with a counter, and cancel stops it', () => {
    const sim = new Simulation();
    const log: string[] = [];
    const timer = sim.every(
      3600,
      (k) => {
        log.push(`${sim.now}#${k}`);
        if (k === 3) timer.cancel();
      },
      0,
    );
    sim.run({ until: 100_000 });
    expect(log).toEqual(['0#0', '3600#1', '7200#2', '10800#3']);
    expect(sim.pending).toBe(0);
  });

  it('every() defaults its first occurrence to now + interval', () => {
    const sim = new Simulation();
    const log: number[] = [];
    sim.every(10, () => log.push(sim.now));
    sim.run({ until: 35 });
    expect(log).toEqual([10, 20, 30]);
  });
});
