/**
 * Throttles in KumoMTA's vocabulary and their Generic Cell Rate Algorithm.
 *
 * Spec strings (KumoMTA `ThrottleSpec`, docs make_egress_path/max_message_rate.md):
 * `"100/h"`, `"20/hour,max_burst=1"`, `"10_000/d"`, `"1/minute"`, `"100/s"`; period words
 * s/sec/second, m/min/minute, h/hr/hour, d/day; the limit may contain `_` separators.
 * `max_burst` defaults to the limit. PowerMTA's `N/Mh` form (`"250/10m"`) is accepted too.
 *
 * GCRA (virtual scheduling form): emission interval `T = period / limit`, tolerance
 * `tau = T * (max_burst - 1)`, state `TAT` (theoretical arrival time).
 * A request at `t` conforms iff `TAT - t <= tau` (with `TAT = max(TAT, t)`); it then sets
 * `TAT += T`. A non-conforming request must wait `TAT - tau - t`. In any window of length W
 * at most `max_burst + W / T` requests conform.
 */

export interface ThrottleSpec {
  readonly limit: number;
  /** Seconds. */
  readonly period: number;
  readonly maxBurst: number;
}

const PERIODS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};
const PERIOD_NAMES: readonly [number, string][] = [
  [86400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** Parses a throttle spec; returns an error string (what was expected) when it is not one. */
export function parseThrottle(text: string): ThrottleSpec | string {
  const m = /^\s*(\d[\d_]*(?:\.\d+)?)\s*\/\s*(\d+)?\s*([a-z]+)\s*(?:,\s*max_burst\s*=\s*(\d[\d_]*)\s*)?$/i.exec(text);
  if (!m) return `invalid throttle "${text}" (expected e.g. "100/h", "20/hour,max_burst=1", "10_000/d")`;
  const limit = Number(m[1]!.replaceAll('_', ''));
  const unit = PERIODS[m[3]!.toLowerCase()];
  if (unit === undefined) return `invalid throttle period "${m[3]}" in "${text}" (expected s, min, h or d)`;
  const period = unit * (m[2] === undefined ? 1 : Number(m[2]));
  if (!(limit > 0) || !(period > 0)) return `invalid throttle "${text}" (limit and period must be > 0)`;
  const maxBurst = m[4] === undefined ? Math.max(1, Math.ceil(limit)) : Number(m[4].replaceAll('_', ''));
  if (!(maxBurst >= 1)) return `invalid throttle "${text}" (max_burst must be >= 1)`;
  return { limit, period, maxBurst };
}

/** Canonical text of a spec; `parseThrottle(formatThrottle(s))` equals `s`. */
export function formatThrottle(spec: ThrottleSpec): string {
  let periodText = '';
  for (const [n, name] of PERIOD_NAMES) {
    if (spec.period % n === 0) {
      periodText = spec.period === n ? name : `${spec.period / n}${name}`;
      break;
    }
  }
  const base = `${spec.limit}/${periodText}`;
  return spec.maxBurst === Math.max(1, Math.ceil(spec.limit)) ? base : `${base},max_burst=${spec.maxBurst}`;
}

/** Messages per hour a spec allows in the long run. */
export function perHour(spec: ThrottleSpec): number {
  return (spec.limit * 3600) / spec.period;
}

/**
 * Seconds to wait before a request at `now` conforms (0 = conforms now). Pure: reads `tat`.
 * `interval` = period/limit, `tau` = interval*(maxBurst-1).
 */
export function gcraWait(tat: number, interval: number, tau: number, now: number): number {
  const t = tat > now ? tat : now;
  const wait = t - tau - now;
  return wait > 0 ? wait : 0;
}

/** The new TAT after a conforming request at `now`. */
export function gcraConsume(tat: number, interval: number, now: number): number {
  return (tat > now ? tat : now) + interval;
}
