/**
 * How numbers read in reports and on the command line: percentages, counts with thousands
 * separators, durations in human units (s / min / h / d), and "never" for a target never reached
 * (+Infinity) and "–" for no data (NaN).
 */

/** A duration in seconds in the largest unit that keeps it >= 1: 42 s, 3.5 min, 5.1 h, 6.6 d. */
export function humanSeconds(x: number): string {
  if (x >= 86400) return `${(x / 86400).toFixed(1)} d`;
  if (x >= 3600) return `${(x / 3600).toFixed(1)} h`;
  if (x >= 60) return `${(x / 60).toFixed(1)} min`;
  return `${x.toFixed(1)} s`;
}

export function fmtValue(x: number, unit: string): string {
  if (!Number.isFinite(x)) return x === Infinity ? 'never' : '–';
  if (unit === '%') return `${(x * 100).toFixed(x < 0.001 ? 3 : x < 0.1 ? 2 : 1)} %`;
  if (unit === 's') return humanSeconds(x);
  if (unit === 'days') return Number.isInteger(x) ? String(x) : x.toFixed(1);
  return Math.abs(x) >= 100 || Number.isInteger(x) ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

/**
 * A Vega expression labelling an axis of seconds in human units (1 s, 10 min, 6 h, 2 d): for log
 * scales of latency, with ticks at round human values.
 */
export const HUMAN_SECONDS_EXPR =
  "datum.value >= 86400 ? format(datum.value / 86400, '~r') + ' d' : datum.value >= 3600 ? format(datum.value / 3600, '~r') + ' h' : datum.value >= 60 ? format(datum.value / 60, '~r') + ' min' : format(datum.value, '~r') + ' s'";

/** Round human tick values (s) from 1 s to 30 d. */
export const HUMAN_TICKS = [1, 10, 60, 600, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400];
