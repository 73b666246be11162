/**
 * Per-key levels that relax exponentially towards 0 with one time constant, decayed lazily when
 * touched (docs: O(1) per event, closed-form decay at access): the volume histories (EWMAs of
 * accepted mail per hour) and heats of the models. `level(t) = level(t0) · e^(-(t - t0)/tau)`.
 */
import { relax } from './evidence.ts';

export class RelaxingLevels {
  readonly value: Float64Array;
  readonly at: Float64Array;

  /** `tau` in units of `unit` seconds (hours: unit 3600). */
  constructor(n: number, private readonly tau: number, private readonly unit = 1, initial = 0) {
    this.value = new Float64Array(n).fill(initial);
    this.at = new Float64Array(n);
  }

  /** The level of key i at `now`, stored as of `now`. */
  get(i: number, now: number): number {
    const x = relax(this.value[i]!, this.unit === 1 ? now - this.at[i]! : (now - this.at[i]!) / this.unit, this.tau);
    this.value[i] = x;
    this.at[i] = now;
    return x;
  }

  /** Adds `x` to key i at `now` (after decaying it); returns the new level. */
  add(i: number, now: number, x: number): number {
    const y = this.get(i, now) + x;
    this.value[i] = y;
    return y;
  }
}
