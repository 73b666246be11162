/**
 * The discrete-event core: a clock and an event queue. It knows nothing about email.
 *
 * Ordering rule (pinned by test/unit/engine/simulation.test.ts): events run in order of
 * **time, then scheduling order**. Two events at the same time run first-scheduled-first
 * (FIFO), whichever of `at`, `after` or `every` scheduled them. This is SimPy's rule
 * (time, priority, sequence) without the priority level.
 *
 * `run({ until })` processes every event with `time < until`, then sets `now = until`; an event
 * at exactly `until` stays pending and runs first on the next `run`. So `run({until: 3600})`
 * followed by `run({until: 7200})` is the same as one `run({until: 7200})`.
 *
 * Layout (see DESIGN.md): a binary min-heap over three Float64Arrays, 24 bytes per event: the
 * time, a key, and the payload. The key is `seq * 2^20 + handlerId`: the sequence number (a
 * counter, the {@link EventId}) decides ties in time, and the handler's id rides in its low 20
 * bits, read back with one truncation (`key | 0` keeps the low 32 bits of an integer below 2^53).
 * So a Simulation schedules at most 2^33 (8.6e9) events and keeps at most 2^20 handlers alive at
 * once; both limits raise a RangeError. Handlers live in a small table of functions; a
 * two-entry cache in front of a Map finds a handler's id. No object is allocated per event and
 * firing an event touches only the heap. Cancellation is lazy: the id goes into a set and the
 * entry is skipped when it reaches the top; the set is compacted when it outgrows the heap, so
 * cancelling an event that already ran costs nothing lasting.
 */

/** A handler receives the numeric payload it was scheduled with (0 when none was given). */
export type Handler = (payload: number) => void;

/** Id of one scheduled event: its sequence number (unique within a Simulation). */
export type EventId = number;

/** A recurring timer from {@link Simulation.every}. */
export interface Timer {
  /** Stops the series; the pending occurrence is cancelled. */
  cancel(): void;
}

/** Options of {@link Simulation.run}. */
export interface RunOptions {
  /** Stop before the first event at or after this time and set `now = until`. Default: run until empty. */
  until?: number;
}

/** Handler ids per sequence number in a key (2^20); keys stay integers below 2^53. */
const HANDLER_SPAN = 1048576;
const HANDLER_MASK = HANDLER_SPAN - 1;
const INV_SPAN = 1 / HANDLER_SPAN;
/** Sequence numbers available: 2^53 / 2^20. */
const MAX_EVENTS = 2 ** 33;
const FIRST_SWEEP = 4096;

/** Clock plus event queue. Time is in seconds from the start of the simulation. */
export class Simulation {
  /** Current simulated time in seconds. Only the engine moves it. */
  now = 0;
  /** Events whose handler has run (cancelled events are not counted). */
  eventsProcessed = 0;

  // the heap: entry i is (times[i], keys[i], payloads[i])
  private times: Float64Array;
  private keys: Float64Array;
  private payloads: Float64Array;
  private size = 0;
  private capacity: number;
  private nextSeq = 0;
  private stopped = false;
  private cancelled = new Set<number>();
  // handler table: functions by id, with a two-entry cache in front of the map
  private handlers: Handler[] = [];
  private handlerIds = new Map<Handler, number>();
  private cacheFn0: Handler | undefined;
  private cacheId0 = 0;
  private cacheFn1: Handler | undefined;
  private cacheId1 = 0;
  private sweepAt = FIRST_SWEEP;

  constructor(options: { initialCapacity?: number } = {}) {
    this.capacity = Math.max(16, options.initialCapacity ?? 1024);
    this.times = new Float64Array(this.capacity);
    this.keys = new Float64Array(this.capacity);
    this.payloads = new Float64Array(this.capacity);
  }

  /** Number of events waiting to run (cancelled ones excluded). */
  get pending(): number {
    if (this.cancelled.size > 0) this.compactCancelled();
    return this.size - this.cancelled.size;
  }

  /** Time of the next event to run, or `Infinity` when none is pending. */
  peek(): number {
    while (this.size > 0 && this.cancelled.size > 0 && this.cancelled.delete(seqOf(this.keys[0]!))) this.popTop();
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  /** Schedules `handler(payload)` at absolute time `time` (seconds, `>= now`, finite). */
  at(time: number, handler: Handler, payload = 0): EventId {
    if (!(time >= this.now) || time === Infinity) this.badTime(time);
    return this.push(time, handler, payload);
  }

  /** Schedules `handler(payload)` after `delay` seconds (`>= 0`, finite). */
  after(delay: number, handler: Handler, payload = 0): EventId {
    if (!(delay >= 0) || delay === Infinity) {
      throw new RangeError(`Simulation.after: delay must be a finite number >= 0, got ${delay}`);
    }
    return this.push(this.now + delay, handler, payload);
  }

  /**
   * Calls `handler(count)` every `interval` seconds, the first time at `firstAt`
   * (default `now + interval`); `count` is 0 for the first occurrence, then 1, 2, ...
   */
  every(interval: number, handler: Handler, firstAt = this.now + interval): Timer {
    if (!(interval > 0) || interval === Infinity) {
      throw new RangeError(`Simulation.every: interval must be a finite number > 0, got ${interval}`);
    }
    let pendingId: EventId = -1;
    let count = 0;
    const tick: Handler = () => {
      // the next occurrence is scheduled first, so a handler that cancels the timer cancels it
      pendingId = this.push(firstAt + (count + 1) * interval, tick, 0);
      handler(count++);
    };
    pendingId = this.at(firstAt, tick);
    return { cancel: () => this.cancel(pendingId) };
  }

  /**
   * Cancels a pending event: it will not run. Cancelling an event that already ran, or an
   * unknown id, has no effect.
   */
  cancel(id: EventId): void {
    if (!(id >= 0 && id < this.nextSeq)) return;
    this.cancelled.add(id);
    if (this.cancelled.size > 2 * this.size + 64) this.compactCancelled();
  }

  /** Makes the current `run` return after the handler that called it. */
  stop(): void {
    this.stopped = true;
  }

  /** Processes events in order; see the file header for the `until` rule. Returns events processed. */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    if (Number.isNaN(until) || until < this.now) {
      throw new RangeError(`Simulation.run: until must be >= now (${this.now}), got ${until}`);
    }
    this.stopped = false;
    const start = this.eventsProcessed;
    while (this.size > 0 && !this.stopped) {
      const t = this.times[0]!;
      if (t >= until) break;
      const key = this.keys[0]!;
      const payload = this.payloads[0]!;
      const handlerId = (key | 0) & HANDLER_MASK;
      this.popTop();
      if (this.cancelled.size > 0 && this.cancelled.delete((key - handlerId) * INV_SPAN)) continue;
      this.now = t;
      this.eventsProcessed++;
      this.handlers[handlerId]!(payload);
    }
    if (!this.stopped && until !== Infinity) this.now = until;
    return this.eventsProcessed - start;
  }

  private badTime(time: number): never {
    if (Number.isNaN(time)) throw new RangeError('Simulation.at: time is NaN');
    if (time === Infinity) throw new RangeError('Simulation.at: time is Infinity (an event must have a finite time)');
    throw new RangeError(`Simulation.at: cannot schedule in the past (time ${time} < now ${this.now})`);
  }

  private push(time: number, handler: Handler, payload: number): EventId {
    const handlerId = handler === this.cacheFn0 ? this.cacheId0 : handler === this.cacheFn1 ? this.cacheId1 : this.lookupHandler(handler);
    if (this.size === this.capacity) this.grow();
    const seq = this.nextSeq++;
    if (seq >= MAX_EVENTS) throw new RangeError(`Simulation: more than 2^33 events scheduled (split the run into several Simulations)`);
    this.place(this.size++, time, seq * HANDLER_SPAN + handlerId, payload);
    return seq;
  }

  /**
   * Removes the top entry: the last entry sifts down from the root along the smaller children
   * (binary heap, as the benchmark's yardstick; a 4-ary heap with bottom-up pops moved more bytes
   * per level and lost at N >= 1e5, DESIGN.md).
   */
  private popTop(): void {
    const n = --this.size;
    if (n === 0) return;
    const time = this.times,
      key = this.keys,
      pay = this.payloads;
    const t = time[n]!,
      k = key[n]!,
      p = pay[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = time[c]!,
        ck = key[c]!;
      if (c + 1 < n) {
        const dt = time[c + 1]!;
        if (dt < ct || (dt === ct && key[c + 1]! < ck)) {
          c++;
          ct = dt;
          ck = key[c]!;
        }
      }
      if (t < ct || (t === ct && k < ck)) break;
      time[i] = ct;
      key[i] = ck;
      pay[i] = pay[c]!;
      i = c;
    }
    time[i] = t;
    key[i] = k;
    pay[i] = p;
  }

  /** Puts an entry into the hole at `pos` and sifts it up to its place. */
  private place(pos: number, t: number, k: number, p: number): void {
    const time = this.times,
      key = this.keys,
      pay = this.payloads;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = time[parent]!;
      if (pt < t || (pt === t && key[parent]! < k)) break;
      time[pos] = pt;
      key[pos] = key[parent]!;
      pay[pos] = pay[parent]!;
      pos = parent;
    }
    time[pos] = t;
    key[pos] = k;
    pay[pos] = p;
  }

  /** A handler's id on a miss of the two-entry cache (checked inline in `push`). */
  private lookupHandler(handler: Handler): number {
    let id = this.handlerIds.get(handler);
    if (id === undefined) {
      // sweep when the table has doubled, or before refusing a handler for want of ids
      if (this.handlers.length >= this.sweepAt || this.handlers.length >= HANDLER_SPAN) this.sweepHandlers();
      if (this.handlers.length >= HANDLER_SPAN)
        throw new RangeError(
          'Simulation: more than 2^20 distinct handlers pending at once (schedule one handler with a payload instead of a closure per event)',
        );
      id = this.handlers.length;
      this.handlers.push(handler);
      this.handlerIds.set(handler, id);
    }
    this.cacheFn1 = this.cacheFn0;
    this.cacheId1 = this.cacheId0;
    this.cacheFn0 = handler;
    this.cacheId0 = id;
    return id;
  }

  /**
   * Drops handlers no pending event refers to and renumbers the rest, so code that schedules a
   * fresh closure per event does not grow the table without bound. Amortised O(1): the next
   * sweep waits until the table has doubled.
   */
  private sweepHandlers(): void {
    const remap = new Int32Array(this.handlers.length).fill(-1);
    const kept: Handler[] = [];
    const keys = this.keys;
    for (let pos = 0; pos < this.size; pos++) {
      const old = (keys[pos]! | 0) & HANDLER_MASK;
      if (remap[old] === -1) {
        remap[old] = kept.length;
        kept.push(this.handlers[old]!);
      }
      keys[pos] = keys[pos]! - old + remap[old]!; // same sequence number, so the same order
    }
    this.handlers = kept;
    this.handlerIds = new Map(kept.map((h, i) => [h, i]));
    this.cacheFn0 = this.cacheFn1 = undefined;
    this.sweepAt = Math.max(FIRST_SWEEP, 2 * kept.length);
  }

  /** Keeps only the cancelled ids still in the heap. O(size); amortised O(1) per cancel (see `cancel`). */
  private compactCancelled(): void {
    const still = new Set<number>();
    for (let pos = 0; pos < this.size; pos++) {
      const seq = seqOf(this.keys[pos]!);
      if (this.cancelled.has(seq)) still.add(seq);
    }
    this.cancelled = still;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = (a: Float64Array): Float64Array => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      return b;
    };
    this.times = grown(this.times);
    this.keys = grown(this.keys);
    this.payloads = grown(this.payloads);
  }
}

/** The sequence number (event id) in a heap key. */
function seqOf(key: number): number {
  return Math.floor(key * INV_SPAN);
}
