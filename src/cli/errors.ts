/**
 * How the CLI ends: 0 ok, 1 a requested check failed, 2 bad input (one readable line per
 * problem, never a stack trace), 3 an internal error, which says it is a bug.
 */
import { ScenarioError } from '../scenario/error.ts';
import { UsageError } from '../run/usage-error.ts';

export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, bug: 3 } as const;

/** Thrown by commands for a failed check the user asked for (exit 1). */
export class CheckFailed extends Error {}

/** Reports `e` through `write` and returns the exit code; usage errors end with `hint` (the command's --help). */
export function exitCodeFor(e: unknown, write: (line: string) => void, hint = ''): number {
  if (e instanceof ScenarioError) {
    for (const line of e.message.split('\n')) write(line);
    return EXIT.badInput;
  }
  if (e instanceof UsageError) {
    write(`error: ${e.message}${hint === '' ? '' : ` ${hint}`}`);
    return EXIT.badInput;
  }
  if (e instanceof CheckFailed) {
    write(e.message);
    return EXIT.checkFailed;
  }
  const err = e as Error;
  write(`internal error (this is a bug in warmup-sim, please report it): ${err?.message ?? String(e)}`);
  if (process.env.WARMUP_SIM_DEBUG) write(String(err?.stack));
  return EXIT.bug;
}
