/**
 * Seeded named random streams and the distributions drawn from them.
 *
 * Every component asks for its own stream by a stable name (`audience/microsoft/engaged`).
 * A stream's generator is seedrandom's Alea seeded with `"<seed>/<fnv1a64(name)>"`, so a stream's
 * draws depend only on the scenario seed and its own name: creating or drawing from another
 * stream never changes them. That gives common random numbers across compared policies.
 * There is no unseeded path: `Math.random` is never used.
 */
import seedrandom from 'seedrandom';
import { lnGamma } from './special.ts';

/** The four numbers of an Alea generator's state (plain JSON). */
/** A stream's saved state (Alea's four numbers): plain JSON, to restore a stream exactly. */
export interface StreamState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/** FNV-1a over UTF-16 code units, 64-bit, as 16 hex digits. Stable across platforms and versions. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** One independent stream of uniform numbers and the distributions built on it. */
export class RandomStream {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>;

  /** Use {@link RandomStreams.get}; this constructor is for restoring a saved state. */
  constructor(seedOrState: string | StreamState) {
    this.prng =
      typeof seedOrState === 'string' ? seedrandom.alea(seedOrState, { state: true }) : seedrandom.alea('', { state: seedOrState });
  }

  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number {
    return this.prng();
  }

  /** Uniform on [a, b). */
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.prng();
  }

  /** Integer uniform on {0, ..., n-1}. */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /** Exponential with the given rate (mean 1/rate): `-ln(1-U)/rate`. */
  exponential(rate: number): number {
    return -Math.log(1 - this.prng()) / rate;
  }

  /** Normal(mean, sd) by Box-Muller, two uniforms per draw, no cached spare (keeps state simple). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.prng(); // (0, 1]
    const u2 = this.prng();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Lognormal: `exp(Normal(mu, sigma))`; median `e^mu`, mean `e^(mu + sigma²/2)`. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Poisson(lambda), exact. lambda < 30: Knuth's multiplication method, O(lambda).
   * lambda >= 30: Hörmann's PTRS transformed rejection (1993), O(1).
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0)) throw new RangeError(`poisson: lambda must be >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let prod = this.prng();
      while (prod > limit) {
        k++;
        prod *= this.prng();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.prng() - 0.5;
      const v = this.prng();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lnGamma(k + 1)) {
        return k;
      }
    }
  }

  /**
   * Binomial(n, p). Exact by CDF inversion when `n·min(p, 1-p) < 10` (always the case for n < 20);
   * otherwise the normal approximation `round(np + sqrt(np(1-p))·Z)` clamped to [0, n], whose
   * CDF error is O(1/sqrt(np(1-p))), i.e. below about 3 % of a standard deviation in that range.
   */
  binomial(n: number, p: number): number {
    if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`binomial: n must be an integer >= 0, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p < 10) {
      const q = 1 - p;
      const s = p / q;
      const a = (n + 1) * s;
      let r = Math.pow(q, n);
      let u = this.prng();
      let x = 0;
      while (u > r && x < n) {
        u -= r;
        x++;
        r *= a / x - s;
      }
      return x;
    }
    const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * this.normal());
    return k < 0 ? 0 : k > n ? n : k;
  }

  /** Index i with probability `weights[i] / sum(weights)`; weights must be >= 0 with a positive sum. */
  weightedChoice(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new RangeError('weightedChoice: weights must have a positive sum');
    let x = this.prng() * total;
    const last = weights.length - 1;
    for (let i = 0; i < last; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return last;
  }

  /** The generator's state, to restore later with `new RandomStream(state)`. */
  state(): StreamState {
    return this.prng.state();
  }
}

/** The scenario's random streams, one per name, derived from one seed. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number | string) {}

  /** The stream for `name`; the same object on every call with the same name. */
  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(`${this.seed}/${fnv1a64(name)}`);
      this.streams.set(name, s);
    }
    return s;
  }

  /** State of every stream created so far, as plain JSON. */
  save(): Record<string, StreamState> {
    const out: Record<string, StreamState> = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = this.streams.get(name)!.state();
    return out;
  }

  /** Replaces the named streams by the saved states (other streams are untouched). */
  restore(snapshot: Record<string, StreamState>): void {
    for (const [name, st] of Object.entries(snapshot)) this.streams.set(name, new RandomStream(st));
  }
}
