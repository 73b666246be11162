/**
 * A scenario's problems, each at its `file:line:col` with the field's path (exit 2): apart from the
 * loader so that the CLI's error reporting loads without the schema and the simulator.
 */

/** One problem of a scenario: where it is (1-based line and column) and what is wrong. */
export interface ScenarioIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path with [i] indexes: `policies[1].microsoft.retry_after_minutes`. */
  readonly path: string;
  readonly message: string;
}

/** Every problem of a scenario, one `file:line:col path: message` line each (the CLI exits 2). */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.path === '' ? '' : `${i.path}: `}${i.message}`;
}
