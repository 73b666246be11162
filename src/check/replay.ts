/**
 * The command line that replays one run of a failed expectation:
 * `warmup-sim run FILE --policy kumo --seed 17` (the `run` command's options). Arguments that a
 * POSIX shell would split or expand are single-quoted, so the line can be pasted as it is.
 */

/** A word quoted for a POSIX shell when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function replayCommand(file: string, policy: string, seed: number): string {
  return `warmup-sim run ${shellWord(file)} --policy ${shellWord(policy)} --seed ${seed}`;
}
