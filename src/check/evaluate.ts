/**
 * Evaluating a resolved expression on one seed: numbers from the metric catalogue, arithmetic
 * (a missing value, or a division by zero, gives null), comparisons and and/or/not in
 * three-valued logic: a comparison with a null side is unknown, unknown stays unknown under
 * `not`, `false and unknown` is false and `true or unknown` is true, and an expectation passes
 * only when its condition is true. So a null (days_to_target never reached) fails it.
 */
import type { CmpOp } from './ast.ts';
import type { Metric } from './catalogue.ts';
import type { Expr } from './resolve.ts';

/** true, false, or null: unknown (a value was missing). */
export type Truth = boolean | null;

/** Reads metric `m` of the policy in `slot` (0, or 0 / 1 in a compare) on the current seed. */
export type ReadMetric = (slot: number, m: Metric) => number | null;

function evalNumber(e: Expr, read: ReadMetric): number | null {
  switch (e.k) {
    case 'const':
      return e.v;
    case 'metric':
      return read(e.slot, e.metric);
    case 'neg': {
      const v = evalNumber(e.e, read);
      return v === null ? null : -v;
    }
    case 'arith': {
      const l = evalNumber(e.l, read),
        r = evalNumber(e.r, read);
      if (l === null || r === null) return null;
      const v = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r;
      return Number.isFinite(v) ? v : null;
    }
    default:
      throw new Error(`bug: ${e.k} is not a number`);
  }
}

export function compare(op: CmpOp, l: number | null, r: number | null): Truth {
  if (l === null || r === null) return null;
  switch (op) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '==':
      return l === r;
    case '!=':
      return l !== r;
  }
}

/** The condition's truth, given each comparison's truth by id. */
export function combine(e: Expr, truthOf: (id: number) => Truth): Truth {
  switch (e.k) {
    case 'cmp':
      return truthOf(e.id);
    case 'not': {
      const v = combine(e.e, truthOf);
      return v === null ? null : !v;
    }
    case 'and': {
      const l = combine(e.l, truthOf),
        r = combine(e.r, truthOf);
      return l === false || r === false ? false : l === null || r === null ? null : true;
    }
    case 'or': {
      const l = combine(e.l, truthOf),
        r = combine(e.r, truthOf);
      return l === true || r === true ? true : l === null || r === null ? null : false;
    }
    default:
      throw new Error(`bug: ${e.k} is not a condition`);
  }
}

/** Both sides of every comparison on one seed (all of them: no short-circuit, so each is recorded). */
export function comparisonSides(e: Expr, read: ReadMetric, out: { left: (number | null)[]; right: (number | null)[] }): void {
  switch (e.k) {
    case 'cmp':
      out.left[e.id] = evalNumber(e.l, read);
      out.right[e.id] = evalNumber(e.r, read);
      return;
    case 'not':
      comparisonSides(e.e, read, out);
      return;
    case 'and':
    case 'or':
      comparisonSides(e.l, read, out);
      comparisonSides(e.r, read, out);
      return;
    default:
      throw new Error(`bug: ${e.k} is not a condition`);
  }
}
