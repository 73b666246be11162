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
import type { Metric, MetricUnit } from './catalogue.ts';
import { didYouMean } from './did-you-mean.ts';
import { ExprError } from './errors.ts';
import { literalKind, literalValue } from './literals.ts';

/** What a value measures; `any` is a plain number, `mixed` a product or quotient of units (not checked). */
export type Kind = 'any' | 'ratio' | 'time' | 'count' | 'days' | 'rate' | 'mixed';

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

const UNIT_KIND: Readonly<Record<MetricUnit, Kind>> = {
  ratio: 'ratio',
  seconds: 'time',
  count: 'count',
  days: 'days',
  'per-day': 'rate',
  number: 'any',
};
const KIND_TEXT: Readonly<Record<Kind, string>> = {
  any: 'a number',
  ratio: 'a ratio',
  time: 'a duration',
  count: 'a count',
  days: 'a number of days',
  rate: 'a rate per day',
  mixed: 'a number',
};

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

function same(a: Kind, b: Kind): Kind | undefined {
  if (a === 'mixed' || b === 'mixed') return 'mixed';
  if (a === 'any') return b;
  if (b === 'any' || a === b) return a;
  return undefined;
}

function product(a: Kind, b: Kind): Kind {
  return a === 'any' ? b : b === 'any' ? a : 'mixed';
}

function quotient(a: Kind, b: Kind): Kind {
  if (b === 'any') return a;
  if (a === b && a !== 'mixed') return 'ratio';
  return 'mixed';
}

/** The metric a name refers to, and which policy slot (0, or 0/1 in a compare). */
function lookup(n: Extract<Node, { kind: 'name' }>, ctx: ResolveContext): { slot: number; metric: Metric } {
  const whole = n.path.join('.');
  const known = [...ctx.metrics.keys()];
  let slot = 0;
  let name = whole;
  let at = n.start;
  if (ctx.compare !== undefined) {
    const [a, b] = ctx.compare;
    const first = n.path[0]!;
    if (n.path.length < 2 || (first !== a && first !== b)) {
      if (ctx.metrics.has(whole)) throw new ExprError(n.start, `in a compare: expectation name the policy: ${a}.${whole} or ${b}.${whole}`);
      const dym = didYouMean(first, [a, b]);
      throw new ExprError(n.start, `"${first}" is not one of the compared policies (${a}, ${b})${dym === '' ? '' : `; ${dym}`}`);
    }
    slot = first === a ? 0 : 1;
    name = n.path.slice(1).join('.');
    at = n.start + first.length + 1;
  }
  const metric = ctx.metrics.get(name);
  if (metric === undefined) {
    const policy = ctx.compare === undefined && n.path.length > 1 && (ctx.policies ?? []).includes(n.path[0]!) ? n.path[0] : undefined;
    if (policy !== undefined && ctx.metrics.has(n.path.slice(1).join('.'))) {
      throw new ExprError(
        n.start,
        `policy prefixes belong in compare: expectations; write ${n.path.slice(1).join('.')} with policy: ${policy}`,
      );
    }
    const dym = didYouMean(name, known);
    const parts = name.split('-');
    const minus =
      parts.length > 1 && parts.every((p) => ctx.metrics.has(p)) ? `; to subtract, put spaces around the minus: ${parts.join(' - ')}` : '';
    const rest =
      dym !== ''
        ? `; ${dym}`
        : minus === ''
          ? '; expected a metric such as delivered, outlook_blocks, days_to_target or microsoft.worst_daily_deferral'
          : '';
    throw new ExprError(at, `unknown metric "${name}"${rest}${minus}`);
  }
  if (ctx.fromDay !== undefined && metric.fromDay === undefined) {
    const can = [...ctx.metrics.values()].filter((m) => m.fromDay !== undefined).map((m) => m.name);
    throw new ExprError(at, `from_day does not apply to ${name}, a whole-run figure (it applies to ${can.join(', ')})`);
  }
  return { slot, metric };
}
