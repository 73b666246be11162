/**
 * Units as scenario files write them: durations ("90s", "30m", "2h", "7d", "1h30m", "4d12h",
 * "17 mins", "22 hours") and their formatting. KumoMTA and PowerMTA spellings are accepted.
 */

const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

/** Seconds in a duration string, or undefined if it is not one. A bare number is seconds. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s)) !== null) {
    const unit = DURATION_UNITS[m[2]!];
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit;
    end = re.lastIndex;
  }
  return end === s.length ? total : undefined;
}

/** Shortest exact form: 5400 -> "1h30m", 86400 -> "1d", 45 -> "45s", 0 -> "0s". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  if (!Number.isInteger(seconds)) return `${seconds}s`;
  let rest = seconds;
  let out = '';
  for (const [u, n] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= n) {
      out += `${Math.floor(rest / n)}${u}`;
      rest %= n;
    }
  }
  return out;
}
