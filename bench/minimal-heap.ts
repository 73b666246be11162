/**
 * The yardstick for the engine benchmark: the smallest sensible hand-written event queue, a
 * binary min-heap over two Float64Arrays (time, payload), no FIFO tie-break, no cancellation,
 * no handler dispatch (the caller switches on the payload). Fixed capacity.
 */
export class MinimalHeap {
  private readonly time: Float64Array;
  private readonly payload: Float64Array;
  size = 0;
  /** Payload of the last popped entry. */
  lastPayload = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.payload = new Float64Array(capacity);
  }

  push(t: number, p: number): void {
    const time = this.time,
      payload = this.payload;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[parent]! <= t) break;
      time[i] = time[parent]!;
      payload[i] = payload[parent]!;
      i = parent;
    }
    time[i] = t;
    payload[i] = p;
  }

  /** Removes the minimum; returns its time and leaves its payload in `lastPayload`. */
  pop(): number {
    const time = this.time,
      payload = this.payload;
    const top = time[0]!;
    this.lastPayload = payload[0]!;
    const n = --this.size;
    const t = time[n]!,
      p = payload[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && time[c + 1]! < time[c]!) c++;
      if (t <= time[c]!) break;
      time[i] = time[c]!;
      payload[i] = payload[c]!;
      i = c;
    }
    time[i] = t;
    payload[i] = p;
    return top;
  }
}

/**
 * The same minimal heap plus the one rule the engine must keep that MinimalHeap does not: FIFO
 * among equal times (a sequence number per entry, compared on ties). Still no cancellation and
 * no handler dispatch. Reported beside the target's yardstick to show what the ordering rule
 * costs on its own (informational; the target is against MinimalHeap).
 */
export class MinimalFifoHeap {
  private readonly time: Float64Array;
  private readonly seq: Float64Array;
  private readonly payload: Float64Array;
  private nextSeq = 0;
  size = 0;
  /** Payload of the last popped entry. */
  lastPayload = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Float64Array(capacity);
  }

  push(t: number, p: number): void {
    const time = this.time,
      seq = this.seq,
      payload = this.payload;
    const s = this.nextSeq++;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      if (pt < t || (pt === t && seq[parent]! < s)) break;
      time[i] = pt;
      seq[i] = seq[parent]!;
      payload[i] = payload[parent]!;
      i = parent;
    }
    time[i] = t;
    seq[i] = s;
    payload[i] = p;
  }

  /** Removes the minimum; returns its time and leaves its payload in `lastPayload`. */
  pop(): number {
    const time = this.time,
      seq = this.seq,
      payload = this.payload;
    const top = time[0]!;
    this.lastPayload = payload[0]!;
    const n = --this.size;
    const t = time[n]!,
      s = seq[n]!,
      p = payload[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (time[c + 1]! < time[c]! || (time[c + 1]! === time[c]! && seq[c + 1]! < seq[c]!))) c++;
      const ct = time[c]!;
      if (t < ct || (t === ct && s < seq[c]!)) break;
      time[i] = ct;
      seq[i] = seq[c]!;
      payload[i] = payload[c]!;
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    payload[i] = p;
    return top;
  }
}
