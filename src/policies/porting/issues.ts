/**
 * What an import gives back: the policy entry for a scenario file, notes for the user, the settings
 * found that the simulator does not model (printed, never silently dropped), or the problems that
 * stop it, each located in its file (line and column, 1-based).
 */

export interface ConfigIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

interface Imported {
  /** `{ name, use, ...params }`, as a scenario's `policies:` entry. */
  readonly entry: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
  readonly notModelled: readonly string[];
}

export type ImportResult = ({ readonly ok: true } & Imported) | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export const fail = (file: string, message: string, line = 1, col = 1): ImportResult => ({
  ok: false,
  issues: [{ file, line, col, message }],
});
