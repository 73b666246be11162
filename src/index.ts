/**
 * warmup-sim: the public API. Every export is listed by name.
 * @packageDocumentation
 */

/** The discrete-event engine: clock, FIFO-at-equal-times event queue, timers. */
export { Simulation } from './engine/simulation.ts';
export type { Handler, EventId, Timer, RunOptions } from './engine/simulation.ts';
/** Seeded named random streams and their distributions. */
export { RandomStreams, RandomStream, fnv1a64 } from './engine/random.ts';
export type { StreamState } from './engine/random.ts';
