/**
 * Beta evidence (P positive, N negative, n delivered) for a set of entities (IPs, /24s,
 * domains), forgotten exponentially with one half-life and brought to `now` lazily on access:
 * `x <- x * 2^(-(now - t) / halfLife)` (docs/receiver-model.md 2.1, 2.3).
 */
import { decay } from './evidence.ts';

/** Decayed evidence of a set of entities (IPs, /24s or domains), lazily brought to `now`. */
export class EvidenceStore {
  readonly P: Float64Array;
  readonly N: Float64Array;
  readonly n: Float64Array;
  private readonly t: Float64Array;
  constructor(
    size: number,
    private readonly halfLife: number,
  ) {
    this.P = new Float64Array(size);
    this.N = new Float64Array(size);
    this.n = new Float64Array(size);
    this.t = new Float64Array(size);
  }
  touch(i: number, now: number): void {
    const f = decay(now - this.t[i]!, this.halfLife);
    if (f !== 1) {
      this.P[i]! *= f;
      this.N[i]! *= f;
      this.n[i]! *= f;
    }
    this.t[i] = now;
  }
}
