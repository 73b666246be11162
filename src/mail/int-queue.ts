/** A growable FIFO ring of non-negative integers (message ids); no allocation per push/shift. */
export class IntQueue {
  private buf: Int32Array;
  private head = 0;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Int32Array(pow2(Math.max(2, capacity)));
  }

  push(x: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = x;
    this.length++;
  }

  /** Removes and returns the oldest element; -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const x = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return x;
  }

  /** The oldest element without removing it; -1 when empty. */
  peek(): number {
    return this.length === 0 ? -1 : this.buf[this.head]!;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)]!;
    this.buf = next;
    this.head = 0;
  }
}

/** Smallest power of two >= n (capacities of IntQueue must be powers of two). */
function pow2(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return c;
}
