/**
 * Integer flags (`--seed`, `--seeds`, `--workers`, `--year`, `--utc-offset`), checked while yargs
 * parses them (its `coerce` option), before any command runs: a value that is not an integer
 * (`--seed abc`, `--seeds 2.5`), out of range, empty or given twice is a usage
 * error naming the flag, what it expects and what it got; a bare `--seed` is yargs's own error
 * (`requiresArg`, see usage.ts). The option has no yargs `type`: with
 * `type: 'number'` yargs turns "abc" into NaN before we see it, so the message could not quote it.
 */
import { UsageError } from '../run/usage-error.ts';

interface IntegerSpec {
  readonly describe: string;
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

/** What the flag accepts, in words: "an integer", "an integer >= 1", "an integer from 1 to 10000". */
function expected(s: IntegerSpec): string {
  if (s.min !== undefined && s.max !== undefined) return `an integer from ${s.min} to ${s.max}`;
  if (s.min !== undefined) return `an integer >= ${s.min}`;
  if (s.max !== undefined) return `an integer <= ${s.max}`;
  return 'an integer';
}

/** Checks one raw value as yargs hands it over (a number it parsed, a string it did not, true for a bare flag, an array when repeated). */
export function parseInteger(flag: string, spec: IntegerSpec, raw: unknown): number {
  const want = expected(spec);
  if (Array.isArray(raw)) throw new UsageError(`${flag} given ${raw.length} times; give it once (${want})`);
  if (raw === true || raw === '') throw new UsageError(`${flag} needs a value (${want})`);
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  const shown = typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${flag} must be ${want}, got ${shown}`);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
    throw new UsageError(`${flag} must be ${want}, got ${shown}`);
  return value;
}

/** A yargs option for an integer flag named `name` (without dashes); with a default, yargs types it as always present. */
export function integerFlag<S extends IntegerSpec>(
  name: string,
  spec: S,
): { describe: string; requiresArg: true; coerce: (raw: unknown) => number } & (S extends { default: number }
  ? { default: number }
  : unknown) {
  return {
    describe: `${spec.describe} (${expected(spec)})`,
    // a bare `--seeds` (no value) is an error even when the flag has a default
    requiresArg: true,
    coerce: (raw: unknown) => parseInteger(`--${name}`, spec, raw),
    ...(spec.default !== undefined ? { default: spec.default } : {}),
  } as never;
}
