/**
 * A bad command line or option value (exit 2), and the checks of integer options: apart from the
 * run machinery so that the CLI's option checks and error reporting load without the simulator.
 */

/** A command-line option or argument that cannot be used, said in one line (the CLI exits 2). */
export class UsageError extends Error {}

/** Most seeds one `compare` or `sweep` takes (a typo such as `--seeds 2000000` fails fast). */
export const MAX_SEEDS = 10_000;

/**
 * Checks an integer command-line option (`--seeds`, `--workers`): a UsageError (exit 2) naming the
 * flag and the allowed range unless `min <= value <= max`. yargs turns a non-number into NaN, which
 * the message calls what it is.
 */
export function integerOption(flag: string, value: number, min: number, max = Infinity): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`${flag} must be an integer ${range}, got ${Number.isNaN(value) ? 'something that is not a number' : value}`);
}
