/**
 * Errors of the expectations module. {@link ExprError} is an error inside one expression, at a
 * character offset of its text; {@link CheckIssue} is a located problem in a scenario file, in
 * the same shape as the scenario loader's issues (`file:line:col path: message`).
 */

export class ExprError extends Error {
  constructor(
    /** Offset in the expression text of the character the error is about. */
    readonly at: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExprError';
  }
}

export interface CheckIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** `expect[2].that` */
  readonly path: string;
  readonly message: string;
}

export function formatCheckIssue(i: CheckIssue): string {
  return `${i.file}:${i.line}:${i.col} ${i.path === '' ? '' : `${i.path}: `}${i.message}`;
}

/** A run summary that lacks a field the metric catalogue reads: the catalogue and the summary disagree (a bug). */
export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogueError';
  }
}
