/**
 * A receiver's Bernoulli draws (docs/receiver-model.md 2.1): counter-based, keyed by
 * (seed, key, counter, purpose) so a draw does not depend on unrelated events; or, in
 * expected-value mode, error diffusion per (key, purpose) with no randomness at all
 * (`acc += p; if acc >= 1 { acc -= 1; true }`), for flake-free tests.
 */
import { hashUniform } from '../engine/hash.ts';

export class Draws {
  private readonly acc: Float64Array;
  private seq = 0;

  constructor(
    private readonly seed: number,
    keys: number,
    private readonly purposes: number,
    private readonly expected: boolean,
  ) {
    this.acc = new Float64Array(Math.max(1, keys * purposes));
  }

  /**
   * True with probability `prob`. `counter` keys the hash (default: this receiver's running count,
   * which advances on every call, even when `prob` is 0).
   */
  draw(key: number, purpose: number, prob: number, counter = ++this.seq): boolean {
    if (this.expected) {
      const k = key * this.purposes + purpose;
      this.acc[k]! += prob;
      if (this.acc[k]! >= 1) {
        this.acc[k]! -= 1;
        return true;
      }
      return false;
    }
    return hashUniform(this.seed, key, counter, purpose) < prob;
  }
}
