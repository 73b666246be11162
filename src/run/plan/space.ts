/**
 * What `plan` searches: the ramp policy's parameters (src/policies/ramp.ts) as discrete levels, a
 * candidate being one level per parameter. Levels are roughly geometric, so that one step is a
 * similar relative change anywhere on an axis (the SendGrid table's ~x1.4 a day and the seed
 * article's 20/h and x1.25 are levels). Also: a deterministic space-filling first design (a
 * Halton sequence, the start of a quasi-random search), the neighbourhood of a candidate at a
 * radius (the coarse-to-fine step), and the full grid's size (what the search avoids running).
 */

/** The ramp parameters the search varies, in a fixed order. */
export const PARAM_KEYS = ['ips', 'initial_per_hour', 'growth', 'clean_hours', 'retry_minutes', 'engaged_until_day'] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

export interface Space {
  /** Levels per parameter, in PARAM_KEYS order. */
  readonly levels: readonly (readonly number[])[];
}

/** One level index per parameter (PARAM_KEYS order). */
export type Candidate = readonly number[];

const LEVELS: Readonly<Record<Exclude<ParamKey, 'ips'>, readonly number[]>> = {
  initial_per_hour: [10, 15, 20, 30, 40, 60, 80, 120, 160, 240, 320],
  growth: [1.1, 1.15, 1.2, 1.25, 1.3, 1.4, 1.5, 1.65, 1.8, 2],
  clean_hours: [6, 12, 24, 48],
  retry_minutes: [10, 15, 30, 60, 120],
  engaged_until_day: [0, 3, 7, 14],
};

/** The default space, with IP counts from `lo` to `hi`; `override` replaces an axis (tests use tiny grids). */
export function makeSpace(lo: number, hi: number, override: Partial<Record<ParamKey, readonly number[]>> = {}): Space {
  const ips = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return { levels: PARAM_KEYS.map((k) => override[k] ?? (k === 'ips' ? ips : LEVELS[k])) };
}

export function valuesOf(space: Space, c: Candidate): Record<ParamKey, number> {
  return Object.fromEntries(PARAM_KEYS.map((k, d) => [k, space.levels[d]![c[d]!]!])) as Record<ParamKey, number>;
}

export function keyOf(c: Candidate): string {
  return c.join(',');
}

/** Candidates in the full grid. */
export function gridSize(space: Space): number {
  return space.levels.reduce((n, l) => n * l.length, 1);
}

/** The level nearest to `value` on axis `d` (anchors given as values). */
export function nearest(space: Space, d: number, value: number): number {
  const l = space.levels[d]!;
  let best = 0;
  for (let i = 1; i < l.length; i++) if (Math.abs(Math.log(l[i]! / value)) < Math.abs(Math.log(l[best]! / value))) best = i;
  return best;
}

/** The radical inverse of i in base b (Halton's sequence, one prime base per axis). */
function radicalInverse(i: number, b: number): number {
  let f = 1,
    r = 0;
  for (let n = i; n > 0; n = Math.floor(n / b)) {
    f /= b;
    r += f * (n % b);
  }
  return r;
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17];

/** `n` distinct candidates spread over the space (Halton points from index 1 + 61 * searchSeed). */
export function design(space: Space, n: number, searchSeed: number): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const total = gridSize(space);
  for (let i = 1 + 61 * searchSeed; out.length < Math.min(n, total) && i < 1 + 61 * searchSeed + 50 * n + 1000; i++) {
    const c = space.levels.map((l, d) => Math.min(l.length - 1, Math.floor(radicalInverse(i, PRIMES[d]!) * l.length)));
    if (!seen.has(keyOf(c))) {
      seen.add(keyOf(c));
      out.push(c);
    }
  }
  return out;
}

/** The candidates one move away: one axis changed by +-radius[d] levels (clamped), in a fixed order. */
export function neighbours(space: Space, c: Candidate, radius: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  space.levels.forEach((l, d) => {
    for (const dir of [1, -1]) {
      const v = Math.max(0, Math.min(l.length - 1, c[d]! + dir * radius[d]!));
      if (v !== c[d]) out.push(c.map((x, e) => (e === d ? v : x)));
    }
  });
  return out;
}

/** The coarse radius of each axis (about a sixth of its levels, at least 1); the fine radius is 1 everywhere. */
export function coarseRadius(space: Space): number[] {
  return space.levels.map((l) => Math.max(1, Math.round(l.length / 6)));
}
