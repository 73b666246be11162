/**
 * What an export writes: files by path relative to the output directory, and the policy entry that
 * simulates them (its file parameters relative to the output directory; the CLI rebases them on
 * the scenario's directory). Shared helpers for the three writers: a pattern as a regex, throttle
 * and duration texts, stage file names.
 */
import { formatDuration } from '../../spec/units.ts';
import { formatThrottle } from '../../spec/throttle.ts';

export interface Exported {
  readonly files: Readonly<Record<string, string>>;
  /** The scenario `policies:` entry that simulates the exported configuration. */
  readonly entry: Readonly<Record<string, unknown>>;
}

/** A seed-style pattern (a literal substring, or "/regex/flags") as a regex source. */
export function patternRegex(p: string): string {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(p);
  return m ? m[1]! : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern as PowerMTA writes it: `/regex/`, slashes inside escaped. */
export const slashRegex = (p: string) => `/${patternRegex(p).replace(/(?<!\\)\//g, '\\/')}/`;

/** "N/h,max_burst=B" (KumoMTA and the scenario syntax) for N per `period` seconds. */
export const rate = (limit: number, period: number, maxBurst = Math.max(1, Math.ceil(limit))) =>
  formatThrottle({ limit, period, maxBurst });

export const dur = (s: number) => formatDuration(s);

/** stages/stage-01.toml ... (two digits, or more when there are more stages). */
export function stageName(k: number, n: number, prefix: string, ext: string): string {
  return `stages/${prefix}${String(k).padStart(Math.max(2, String(n - 1).length), '0')}${ext}`;
}
