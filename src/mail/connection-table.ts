/**
 * The MTA's connections in typed arrays, indexed by connection id (recycled through a free list):
 * the path each serves, messages sent on it, whether the receiver accepted it, and whether it is
 * idle (open, waiting for work until `idleUntil`, with an idle-check event pending or not).
 */
export class ConnectionTable {
  path = new Int32Array(64);
  sent = new Int32Array(64);
  /** 1 once the receiver accepted the connection. */
  open = new Uint8Array(64);
  idle = new Uint8Array(64);
  idleUntil = new Float64Array(64);
  /** An idle-check event is pending. */
  check = new Uint8Array(64);
  /** Unique number of the connection in the run (ids are recycled; serials are not). */
  serial = new Float64Array(64);
  private opened = 0;
  /** Released ids, a stack (typed: no array whose hidden class changes between runs). */
  private free = new Int32Array(64);
  private nFree = 0;
  private used = 0;

  /** A fresh connection id for `path`, connecting (not open, not idle). */
  alloc(path: number): number {
    let c: number;
    if (this.nFree > 0) c = this.free[--this.nFree]!;
    else {
      c = this.used++;
      if (c >= this.path.length) this.grow();
    }
    this.path[c] = path;
    this.serial[c] = ++this.opened;
    this.sent[c] = 0;
    this.idle[c] = 0;
    this.open[c] = 0;
    return c;
  }

  release(c: number): void {
    this.idle[c] = 0;
    this.free[this.nFree++] = c;
  }

  private grow(): void {
    const n = this.path.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.path = g(this.path, new Int32Array(n));
    this.sent = g(this.sent, new Int32Array(n));
    this.open = g(this.open, new Uint8Array(n));
    this.idle = g(this.idle, new Uint8Array(n));
    this.idleUntil = g(this.idleUntil, new Float64Array(n));
    this.check = g(this.check, new Uint8Array(n));
    this.serial = g(this.serial, new Float64Array(n));
    this.free = g(this.free, new Int32Array(n));
  }
}
