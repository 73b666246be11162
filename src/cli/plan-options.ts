/**
 * The values of `warmup-sim plan`'s options, each parsed with a one-line error (exit 2) that says
 * what was expected: a volume per day ("500000/day", "20k/day", "1.5M/d"), a share ("2%", "0.02"),
 * an IP count or range ("4", "2..20"), and the budget: a number of simulated runs ("600") or a
 * wall-clock limit ("5m", "90s", "1h"; see `plan --help` for why both).
 */
import { parseDuration } from '../spec/units.ts';
import { UsageError } from '../run/usage-error.ts';

export function parseTarget(text: string): number {
  const m = /^\s*([\d_,]+(?:\.\d+)?)\s*([kKmM]?)\s*(?:\/\s*(?:d|day))?\s*$/.exec(text);
  const n = m ? Number(m[1]!.replace(/[_,]/g, '')) * (m[2] === '' ? 1 : /k/i.test(m[2]!) ? 1e3 : 1e6) : Number.NaN;
  if (!(Number.isFinite(n) && n >= 1)) throw new UsageError(`--target "${text}": expected messages per day, e.g. 500000/day or 20k/day`);
  return Math.round(n);
}

export function parseShare(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const x = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : Number.NaN;
  if (!(x >= 0 && x <= 1)) throw new UsageError(`${flag} "${text}": expected a share such as 2% or 0.02 (0 to 100 %)`);
  return x;
}

export function parseIps(text: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(text);
  const lo = m ? Number(m[1]) : Number.NaN;
  const hi = m?.[2] === undefined ? lo : Number(m[2]);
  if (!(lo >= 1 && hi >= lo)) throw new UsageError(`--ips "${text}": expected an IP count or a range such as 2..20`);
  return [lo, hi];
}

export type Budget = { readonly runs: number } | { readonly seconds: number };

export function parseBudget(text: string): Budget {
  const t = text.trim();
  if (/^\d+\s*(runs?)?$/.test(t)) {
    const runs = Number(/^\d+/.exec(t)![0]);
    if (runs >= 1) return { runs };
  } else {
    const s = parseDuration(t);
    if (s !== undefined && s > 0) return { seconds: s };
  }
  throw new UsageError(`--budget "${text}": expected simulated runs (e.g. 600) or a wall-clock limit (e.g. 5m, 90s, 1h)`);
}
