/**
 * M/M/1 queue on the engine: Poisson arrivals (rate lambda), one server with exponential service
 * (rate mu), FIFO. Analytic mean wait in queue: Wq = rho / (mu - lambda), rho = lambda / mu.
 * Used by the engine test (within 3 % over 1e6 customers), the engine benchmark and `npm start`
 * until the CLI exists. Two preallocated handlers; the waiting line is a growable ring buffer.
 */
import { Simulation } from '../src/engine/simulation.ts';
import { RandomStreams } from '../src/engine/random.ts';

export interface MM1Result {
  customers: number;
  meanWait: number;
  analyticWait: number;
  events: number;
}

export function runMM1(lambda: number, mu: number, customers: number, seed = 1): MM1Result {
  const sim = new Simulation();
  const streams = new RandomStreams(seed);
  const arrivals = streams.get('mm1/arrivals');
  const service = streams.get('mm1/service');
  let ring = new Float64Array(1024);
  let head = 0;
  let len = 0;
  let busy = false;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;

  const enqueue = (t: number) => {
    if (len === ring.length) {
      const bigger = new Float64Array(ring.length * 2);
      for (let i = 0; i < len; i++) bigger[i] = ring[(head + i) % ring.length]!;
      ring = bigger;
      head = 0;
    }
    ring[(head + len) % ring.length] = t;
    len++;
  };
  const depart = () => {
    busy = false;
    if (len > 0) {
      const t = ring[head]!;
      head = (head + 1) % ring.length;
      len--;
      waitSum += sim.now - t;
      served++;
      busy = true;
      sim.after(service.exponential(mu), depart);
    }
  };
  const arrive = () => {
    arrived++;
    if (arrived < customers) sim.after(arrivals.exponential(lambda), arrive);
    if (!busy) {
      busy = true;
      served++; // waits 0
      sim.after(service.exponential(mu), depart);
    } else {
      enqueue(sim.now);
    }
  };
  sim.at(0, arrive);
  sim.run();
  const rho = lambda / mu;
  return { customers: served, meanWait: waitSum / served, analyticWait: rho / (mu - lambda), events: sim.eventsProcessed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = runMM1(0.9, 1.0, 1_000_000, 1);
  console.log(
    `M/M/1 (lambda 0.9, mu 1.0), ${r.customers} customers: mean wait ${r.meanWait.toFixed(3)} ` +
      `(analytic ${r.analyticWait.toFixed(3)}), ${r.events} events`,
  );
}
