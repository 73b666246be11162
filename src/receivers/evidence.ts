/**
 * Reputation maths shared by the receiver models (docs/receiver-model.md 2.3-2.6). Pure
 * functions, each stating its formula; the receivers keep the state and call these.
 */

/** Exponential forgetting over `dt` with half-life `halfLife` (same unit): `2^(-dt / halfLife)`. */
export function decay(dt: number, halfLife: number): number {
  return dt <= 0 ? 1 : Math.exp((-Math.LN2 * dt) / halfLife);
}

/**
 * `x` after exponential relaxation over `dt` with time constant `tau` (same unit): `x · e^(-dt/tau)`.
 * The lazy decay of every EWMA, heat and rate in the models, applied at access time.
 */
export function relax(x: number, dt: number, tau: number): number {
  return x * Math.exp(-dt / tau);
}

/**
 * A negative event's weight shrunk at small samples (docs/receiver-model.md 2.4, the December 2026 change):
 * `w · n / (n + nShrink)` for an entity with `n` delivered messages, so one complaint cannot decide
 * a fresh IP's fate while an established one feels it fully.
 */
export function shrunk(w: number, n: number, nShrink: number): number {
  return (w * n) / (n + nShrink);
}

/**
 * A rate over a small sample shrunk towards 0: `events / (n + nPrior)`, so a single complaint over
 * a hundred messages is not a 1 % complaint rate (providers report rates only with enough volume).
 */
export function shrunkRate(events: number, n: number, nPrior: number): number {
  return n + nPrior > 0 ? events / (n + nPrior) : 0;
}

/** Posterior mean of a Beta with a prior of strength k0 centred on `prior`: `(k0·prior + P) / (k0 + P + N)`. */
export function trust(k0: number, prior: number, P: number, N: number): number {
  return (k0 * prior + P) / (k0 + P + N);
}

/** Logistic function `1 / (1 + e^-x)`. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Sample-size confidence `c = n / (n + nHalf)`. */
export function confidence(n: number, nHalf: number): number {
  return n / (n + nHalf);
}

/** Growth gate `g(T) = clamp((T - lo) / (hi - lo), 0, 1)`: no capacity growth below `lo`, full growth from `hi`. */
export function growthGate(T: number, lo: number, hi: number): number {
  return clamp((T - lo) / (hi - lo), 0, 1);
}

/** Headroom over history `k = 1 + (kNew + (kEst - kNew)·c - 1)·g`. */
export function headroom(kNew: number, kEst: number, c: number, g: number): number {
  return 1 + (kNew + (kEst - kNew) * c - 1) * g;
}

/** Floor for a (near-)new sender `F = F0 · clamp((prior / 0.5)^2, 0.25, 4)`. */
export function floorRate(F0: number, prior: number): number {
  const r = prior / 0.5;
  return F0 * clamp(r * r, 0.25, 4);
}

/** Allowed messages per hour `Cap = max(F, k·B)`. */
export function capacity(F: number, k: number, B: number): number {
  return Math.max(F, k * B);
}

/** Reputation deferral probability `p_rep = pMax · σ((Tmid - T) / s)`. */
export function deferralProbability(pMax: number, Tmid: number, s: number, T: number): number {
  return pMax * sigmoid((Tmid - T) / s);
}

/** Junk-folder placement probability `j = σ((mid - T) / s)` (Microsoft: mid 0.35, s 0.05). */
export function junkProbability(T: number, mid = 0.35, s = 0.05): number {
  return sigmoid((mid - T) / s);
}

/** Allowed concurrent connections `round(lo + (hi - lo)·c·g)` (Microsoft: 2 for a new IP up to 10). */
export function connectionLimit(c: number, g: number, lo = 2, hi = 10): number {
  return Math.round(lo + (hi - lo) * c * g);
}

/** Duration of the m-th block within the window: `base · 2^(m-1)`, capped. Seconds. */
export function blockDuration(m: number, base = 86400, cap = 7 * 86400): number {
  return Math.min(base * Math.pow(2, Math.max(0, m - 1)), cap);
}

/**
 * Authentication factor on positive evidence (docs/receiver-model.md 2.3): 1.0 with SPF, DKIM and an
 * aligned DMARC; 0.9 with DMARC missing; 0.7 when SPF or DKIM fails but alignment holds; 0.4 when
 * nothing aligns. Negative evidence is never discounted.
 */
export function authFactor(a: { spf: boolean; dkim: boolean; dmarc: boolean; aligned: boolean }): number {
  if (!a.aligned) return 0.4;
  if (!a.spf || !a.dkim) return 0.7;
  return a.dmarc ? 1 : 0.9;
}

/** SNDS filter colour from the day's junk share: <= 10 % green, 10-90 % yellow, > 90 % red (SNDS FAQ). */
export function sndsColour(junkShare: number): 'green' | 'yellow' | 'red' {
  return junkShare <= 0.1 ? 'green' : junkShare <= 0.9 ? 'yellow' : 'red';
}
