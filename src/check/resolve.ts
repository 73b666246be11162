/**
 * Resolves a parsed expression against the metric catalogue into an evaluable tree: each name
 * becomes a catalogue metric (in a `compare:` expectation, of one of the two policies named by
 * the first segment), and units are checked: a duration compares with durations, a ratio with
 * ratios, a rate with rates, while a plain number takes the unit of the other side. Misspelt
 * names get a did-you-mean; `from_day` on a whole-run metric and `==` in a confidence bound are
 * errors. All errors are {@link ExprError}s at the offending character.
 */
import type { ArithOp, CmpOp, Node } from './ast.ts';
import { formatLiteral } from './ast.ts';
import type { Metric } from './catalogue.ts';
import { ExprError } from './errors.ts';
import { KIND_TEXT, UNIT_KIND, product, quotient, same, type Kind } from './kinds.ts';
import { lookup } from './names.ts';
import { literalKind, literalValue } from './literals.ts';

export type { Kind } from './kinds.ts';

export type Expr =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'metric'; readonly slot: number; readonly metric: Metric }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'arith'; readonly op: ArithOp; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'cmp'; readonly id: number; readonly op: CmpOp; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'and' | 'or'; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'not'; readonly e: Expr };

export interface Side {
  /** The side as written. */
  readonly text: string;
  /** No metric in it. */
  readonly constant: boolean;
  readonly kind: Kind;
}

export interface ComparisonInfo {
  readonly id: number;
  readonly op: CmpOp;
  readonly text: string;
  readonly left: Side;
  readonly right: Side;
  /** The unit both sides are read in (for printing values). */
  readonly kind: Kind;
  /** The metric named on the left (or right) when a side is exactly one metric: its null text. */
  readonly none: string;
}

export interface ResolveContext {
  readonly metrics: ReadonlyMap<string, Metric>;
  /** The two policies of a `compare:` expectation: names are `policy.metric`. */
  readonly compare?: readonly [string, string];
  /** The scenario's policy names (for hints). */
  readonly policies?: readonly string[];
  readonly fromDay?: number;
  /** A confidence bound: only <, <=, >, >= and no `not`. */
  readonly bound?: boolean;
}

export interface Resolved {
  readonly expr: Expr;
  readonly comparisons: readonly ComparisonInfo[];
}

export function resolve(text: string, root: Node, ctx: ResolveContext): Resolved {
  const comparisons: ComparisonInfo[] = [];
  const src = (n: Node) => text.slice(n.start, n.end);

  function num(n: Node): { e: Expr; kind: Kind; constant: boolean; metric?: Metric } {
    switch (n.kind) {
      case 'num':
        return { e: { k: 'const', v: literalValue(n) }, kind: literalKind(n), constant: true };
      case 'name': {
        const { slot, metric } = lookup(n, ctx);
        return { e: { k: 'metric', slot, metric }, kind: UNIT_KIND[metric.unit], constant: false, metric };
      }
      case 'neg': {
        const o = num(n.operand);
        return { e: { k: 'neg', e: o.e }, kind: o.kind, constant: o.constant };
      }
      case 'arith': {
        const l = num(n.left),
          r = num(n.right);
        const kind =
          n.op === '+' || n.op === '-' ? same(l.kind, r.kind) : n.op === '*' ? product(l.kind, r.kind) : quotient(l.kind, r.kind);
        if (kind === undefined) mismatch(n.left, l.kind, n.right, r.kind, n.opAt, n.op === '+' ? 'add' : 'subtract');
        return { e: { k: 'arith', op: n.op, l: l.e, r: r.e }, kind: kind!, constant: l.constant && r.constant };
      }
      default:
        throw new ExprError(n.start, 'expected a number here');
    }
  }

  function mismatch(ln: Node, lk: Kind, rn: Node, rk: Kind, opAt: number, verb: string): never {
    const at = rn.kind === 'num' && rn.unit !== '' ? rn.start : ln.kind === 'num' && ln.unit !== '' ? ln.start : opAt;
    const days = lk === 'days' && rk === 'time' ? rn : rk === 'days' && lk === 'time' ? ln : undefined;
    const hint =
      days?.kind === 'num'
        ? ` (${lk === 'days' ? src(ln) : src(rn)} counts days: write ${days.amount}${days.scale}, not ${formatLiteral(days)})`
        : (lk === 'count' && rk === 'rate') || (lk === 'rate' && rk === 'count')
          ? ' (compare a rate with a per-day metric such as delivered_per_day)'
          : '';
    throw new ExprError(
      at,
      `cannot ${verb} ${src(ln)} (${KIND_TEXT[lk]}) ${verb === 'compare' ? 'with' : 'and'} ${src(rn)} (${KIND_TEXT[rk]})${hint}`,
    );
  }

  function cond(n: Node): Expr {
    switch (n.kind) {
      case 'and':
      case 'or':
        return { k: n.kind, l: cond(n.left), r: cond(n.right) };
      case 'not':
        if (ctx.bound)
          throw new ExprError(n.start, 'a confidence bound cannot be negated (write the opposite comparison: not (a < b) is a >= b)');
        return { k: 'not', e: cond(n.operand) };
      case 'cmp': {
        if (ctx.bound && (n.op === '==' || n.op === '!='))
          throw new ExprError(n.opAt, `a confidence bound needs <, <=, > or >= (${n.op} has no one-sided bound)`);
        const l = num(n.left),
          r = num(n.right);
        const kind = same(l.kind, r.kind);
        if (kind === undefined) mismatch(n.left, l.kind, n.right, r.kind, n.opAt, 'compare');
        if (l.constant && r.constant) throw new ExprError(n.start, `${src(n)} compares two constants (name a metric, such as delivered)`);
        const id = comparisons.length;
        const none = (l.metric ?? r.metric)?.none ?? 'n/a';
        comparisons.push({
          id,
          op: n.op,
          text: src(n),
          left: { text: src(n.left), constant: l.constant, kind: l.kind },
          right: { text: src(n.right), constant: r.constant, kind: r.kind },
          kind: kind!,
          none,
        });
        return { k: 'cmp', id, op: n.op, l: l.e, r: r.e };
      }
      default:
        throw new ExprError(n.start, 'expected a condition');
    }
  }

  return { expr: cond(root), comparisons };
}
