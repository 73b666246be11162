/**
 * Values as reports print them, in the unit of what they measure: ratios as per cent (4.12%),
 * durations in the largest unit that keeps them readable, in the spellings expressions accept
 * (45s, 12.5m, 3.2h, 2.1d), counts with thousands separators (12,345), rates per day
 * (1,200/day); null as the metric says ("never" for days_to_target, else "n/a"). Deterministic:
 * no locale.
 */
import type { Kind } from './resolve.ts';

/** x rounded to `sig` significant digits, then to at most `maxDecimals` decimals, without trailing zeros. */
function num(x: number, sig = 3, maxDecimals = 2): string {
  if (x === 0) return '0';
  const digits = Math.max(0, Math.min(maxDecimals, sig - 1 - Math.floor(Math.log10(Math.abs(x)))));
  const s = x.toFixed(digits);
  const trimmed = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return trimmed === '-0' ? '0' : trimmed;
}

/** 1234567.5 -> "1,234,567.5" (integers exactly; others to 3 significant digits past the integer part). */
function thousands(x: number): string {
  const s = Math.abs(x) >= 1000 ? (Math.round(x * 10) / 10).toString() : num(x);
  const [int, frac] = s.split('.');
  const neg = int!.startsWith('-');
  const digits = neg ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

function formatDuration(seconds: number): string {
  const a = Math.abs(seconds);
  if (a < 120) return `${num(seconds)}s`;
  if (a < 2 * 3600) return `${num(seconds / 60)}m`;
  if (a < 2 * 86400) return `${num(seconds / 3600)}h`;
  return `${num(seconds / 86400)}d`;
}

export function formatValue(x: number | null, kind: Kind, none = 'n/a'): string {
  if (x === null || !Number.isFinite(x)) return none;
  switch (kind) {
    case 'ratio':
      return `${num(x * 100)}%`;
    case 'time':
      return formatDuration(x);
    case 'rate':
      return `${thousands(x)}/day`;
    case 'count':
    case 'days':
      return thousands(x);
    default:
      return Math.abs(x) >= 1000 ? thousands(x) : num(x, 4, 4);
  }
}

/** A signed difference (+1,234, -0.5%). */
export function formatDelta(x: number, kind: Kind): string {
  const s = formatValue(x, kind);
  return x > 0 ? `+${s}` : s;
}
