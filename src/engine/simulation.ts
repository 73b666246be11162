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
 * Layout (see DESIGN.md): a 4-ary min-heap in one Float64Array, 32 bytes per event:
 * (time, sequence number, payload, handler id). The sequence number is a float counter, exact
 * to 2^53, and doubles as the {@link EventId}. Handlers live in a small table of functions; a
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

const STRIDE = 4; // time, seq, payload, handler id
const FIRST_SWEEP = 4096;

/** Clock plus event queue. Time is in seconds from the start of the simulation. */
export class Simulation {
  /** Current simulated time in seconds. Only the engine moves it. */
  now = 0;
  /** Events whose handler has run (cancelled events are not counted). */
  eventsProcessed = 0;

  private heap: Float64Array;
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
    this.heap = new Float64Array(STRIDE * this.capacity);
  }

  /** Number of events waiting to run (cancelled ones excluded). */
  get pending(): number {
    if (this.cancelled.size > 0) this.compactCancelled();
    return this.size - this.cancelled.size;
  }

  /** Time of the next event to run, or `Infinity` when none is pending. */
  peek(): number {
    while (this.size > 0 && this.cancelled.size > 0 && this.cancelled.delete(this.heap[1]!)) this.popTop();
    return this.size > 0 ? this.heap[0]! : Infinity;
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
      const heap = this.heap;
      const t = heap[0]!;
      if (t >= until) break;
      const seq = heap[1]!;
      const payload = heap[2]!;
      const handlerId = heap[3]! | 0;
      this.popTop();
      if (this.cancelled.size > 0 && this.cancelled.delete(seq)) continue;
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
    const handlerId = handler === this.cacheFn0 ? this.cacheId0 : this.lookupHandler(handler);
    if (this.size === this.capacity) this.grow();
    const seq = this.nextSeq++;
    this.place(this.size++, time, seq, payload, handlerId);
    return seq;
  }

  /**
   * Removes the top entry. Bottom-up (Floyd): the hole at the root moves down along the
   * smallest children to a leaf, then the last entry sifts up from there. The last entry
   * usually belongs near the bottom, so this saves the comparison with it at every level.
   */
  private popTop(): void {
    const n = --this.size;
    if (n === 0) return;
    const heap = this.heap;
    let pos = 0;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      let best = first;
      let bt = heap[STRIDE * first]!, bs = heap[STRIDE * first + 1]!;
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const ct = heap[STRIDE * c]!;
        if (ct < bt || (ct === bt && heap[STRIDE * c + 1]! < bs)) {
          best = c;
          bt = ct;
          bs = heap[STRIDE * c + 1]!;
        }
      }
      const q = STRIDE * pos, b = STRIDE * best;
      heap[q] = bt;
      heap[q + 1] = bs;
      heap[q + 2] = heap[b + 2]!;
      heap[q + 3] = heap[b + 3]!;
      pos = best;
    }
    const e = STRIDE * n;
    this.place(pos, heap[e]!, heap[e + 1]!, heap[e + 2]!, heap[e + 3]!);
  }

  /** Puts an entry into the hole at `pos` and sifts it up to its place. */
  private place(pos: number, time: number, seq: number, payload: number, handlerId: number): void {
    const heap = this.heap;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const p = STRIDE * parent;
      const pt = heap[p]!;
      if (pt < time || (pt === time && heap[p + 1]! < seq)) break;
      const q = STRIDE * pos;
      heap[q] = pt;
      heap[q + 1] = heap[p + 1]!;
      heap[q + 2] = heap[p + 2]!;
      heap[q + 3] = heap[p + 3]!;
      pos = parent;
    }
    const q = STRIDE * pos;
    heap[q] = time;
    heap[q + 1] = seq;
    heap[q + 2] = payload;
    heap[q + 3] = handlerId;
  }

  private lookupHandler(handler: Handler): number {
    let id: number;
    if (handler === this.cacheFn1) {
      id = this.cacheId1;
    } else {
      const known = this.handlerIds.get(handler);
      if (known !== undefined) id = known;
      else {
        if (this.handlers.length >= this.sweepAt) this.sweepHandlers();
        id = this.handlers.length;
        this.handlers.push(handler);
        this.handlerIds.set(handler, id);
      }
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
    const heap = this.heap;
    for (let pos = 0; pos < this.size; pos++) {
      const at = STRIDE * pos + 3;
      const old = heap[at]!;
      if (remap[old] === -1) {
        remap[old] = kept.length;
        kept.push(this.handlers[old]!);
      }
      heap[at] = remap[old]!;
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
      const seq = this.heap[STRIDE * pos + 1]!;
      if (this.cancelled.has(seq)) still.add(seq);
    }
    this.cancelled = still;
  }

  private grow(): void {
    this.capacity *= 2;
    const heap = new Float64Array(STRIDE * this.capacity);
    heap.set(this.heap);
    this.heap = heap;
  }
}
