/**
 * Messages in flight through the MTA, in typed arrays indexed by message id (no object per
 * message). A delivered, bounced or expired message's id is recycled through a free list, so the
 * store's size is the peak number of messages queued at once, not the number ever sent.
 */
export class MessageStore {
  /** Recipient id; for a free id, the next free id (-1 ends the list). */
  rcpt: Int32Array;
  stream: Uint8Array;
  site: Int32Array;
  /** Stable per-message key for reaction draws (common random numbers across policies). */
  tag: Uint32Array;
  injectedAt: Float64Array;
  /** Time of the first temporary failure (NaN until one happens). */
  firstFailAt: Float64Array;
  /** The last retry delay the policy chose. */
  lastDelay: Float32Array;
  attempts: Uint16Array;
  /** IP of the last attempt (-1 before the first). */
  lastIp: Int16Array;
  /** Unique number of the message in the run (ids are recycled; serials are not). */
  serial: Float64Array;
  private freeHead = -1;
  private injected = 0;
  private used = 0;
  /** Messages currently allocated (queued, scheduled or in a transaction). */
  live = 0;

  constructor(capacity = 1024) {
    this.rcpt = new Int32Array(capacity);
    this.stream = new Uint8Array(capacity);
    this.site = new Int32Array(capacity);
    this.tag = new Uint32Array(capacity);
    this.injectedAt = new Float64Array(capacity);
    this.firstFailAt = new Float64Array(capacity);
    this.lastDelay = new Float32Array(capacity);
    this.attempts = new Uint16Array(capacity);
    this.lastIp = new Int16Array(capacity);
    this.serial = new Float64Array(capacity);
  }

  /** A fresh message id with its fields set. */
  alloc(rcpt: number, stream: number, site: number, tag: number, now: number): number {
    let id = this.freeHead;
    if (id >= 0) this.freeHead = this.rcpt[id]!;
    else {
      if (this.used === this.rcpt.length) this.grow();
      id = this.used++;
    }
    this.rcpt[id] = rcpt;
    this.stream[id] = stream;
    this.site[id] = site;
    this.tag[id] = tag;
    this.injectedAt[id] = now;
    this.firstFailAt[id] = Number.NaN;
    this.lastDelay[id] = 0;
    this.attempts[id] = 0;
    this.lastIp[id] = -1;
    this.serial[id] = ++this.injected;
    this.live++;
    return id;
  }

  free(id: number): void {
    this.rcpt[id] = this.freeHead;
    this.freeHead = id;
    this.live--;
  }

  /** Calls `fn` with every allocated id, in id order (walks the free list once: for the end of a run). */
  forEachLive(fn: (id: number) => void): void {
    const free = new Uint8Array(this.used);
    for (let id = this.freeHead; id >= 0; id = this.rcpt[id]!) free[id] = 1;
    for (let id = 0; id < this.used; id++) if (free[id] === 0) fn(id);
  }

  /** Peak number of message slots ever in use. */
  get capacityUsed(): number {
    return this.used;
  }

  private grow(): void {
    const n = this.rcpt.length * 2;
    const g = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array | Float32Array | Uint16Array | Int16Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.rcpt = g(this.rcpt, (k) => new Int32Array(k));
    this.stream = g(this.stream, (k) => new Uint8Array(k));
    this.site = g(this.site, (k) => new Int32Array(k));
    this.tag = g(this.tag, (k) => new Uint32Array(k));
    this.injectedAt = g(this.injectedAt, (k) => new Float64Array(k));
    this.firstFailAt = g(this.firstFailAt, (k) => new Float64Array(k));
    this.lastDelay = g(this.lastDelay, (k) => new Float32Array(k));
    this.attempts = g(this.attempts, (k) => new Uint16Array(k));
    this.lastIp = g(this.lastIp, (k) => new Int16Array(k));
    this.serial = g(this.serial, (k) => new Float64Array(k));
  }
}
