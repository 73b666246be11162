/**
 * The syntax tree of an expectation expression (`outlook_blocks == 0`,
 * `kumo.delivered > naive.delivered`, `transactional.p95_latency < 10m`) and its canonical printer.
 * Every node records the half-open range [start, end) of characters it covers in the expression
 * text, so errors point at the exact character; {@link withoutSpans} drops them for comparisons.
 * The printer writes the fewest parentheses that keep the tree: `parse(print(t))` equals `t`.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A literal unit as written: none, `%`, a duration (`s m h d`) or a rate (`/day`, `/h`). */
export type LiteralUnit = '' | '%' | 's' | 'm' | 'h' | 'd' | '/day' | '/h';
/** Optional magnitude suffix: `10k` = 10 000, `2M` = 2 000 000. */
export type Scale = '' | 'k' | 'M';

export type ArithOp = '+' | '-' | '*' | '/';
export type CmpOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Node =
  | (Span & { readonly kind: 'num'; readonly amount: number; readonly scale: Scale; readonly unit: LiteralUnit })
  | (Span & { readonly kind: 'name'; readonly path: readonly string[] })
  | (Span & { readonly kind: 'neg'; readonly operand: Node })
  | (Span & { readonly kind: 'not'; readonly operand: Node })
  | (Span & { readonly kind: 'arith'; readonly op: ArithOp; readonly opAt: number; readonly left: Node; readonly right: Node })
  | (Span & { readonly kind: 'cmp'; readonly op: CmpOp; readonly opAt: number; readonly left: Node; readonly right: Node })
  | (Span & { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node });

export type NumNode = Extract<Node, { kind: 'num' }>;
export type NameNode = Extract<Node, { kind: 'name' }>;
type CmpNode = Extract<Node, { kind: 'cmp' }>;

/** Binding strength: or < and < not < comparison < + - < * / < unary minus < atoms. */
const LEVEL = { or: 1, and: 2, not: 3, cmp: 4, add: 5, mul: 6, neg: 7, atom: 8 } as const;

function levelOf(n: Node): number {
  switch (n.kind) {
    case 'or':
      return LEVEL.or;
    case 'and':
      return LEVEL.and;
    case 'not':
      return LEVEL.not;
    case 'cmp':
      return LEVEL.cmp;
    case 'arith':
      return n.op === '+' || n.op === '-' ? LEVEL.add : LEVEL.mul;
    case 'neg':
      return LEVEL.neg;
    default:
      return LEVEL.atom;
  }
}

/** The literal as written: amount, scale, unit (`5%`, `10m`, `20k/day`). */
export function formatLiteral(n: NumNode): string {
  return `${String(n.amount)}${n.scale}${n.unit}`;
}

/** Canonical text of a tree: single spaces around binary operators, minimal parentheses. */
export function formatExpr(n: Node): string {
  return fmt(n, 0);
}

function fmt(n: Node, min: number): string {
  const s = bare(n);
  return levelOf(n) < min ? `(${s})` : s;
}

function bare(n: Node): string {
  switch (n.kind) {
    case 'num':
      return formatLiteral(n);
    case 'name':
      return n.path.join('.');
    case 'neg':
      return `-${fmt(n.operand, LEVEL.neg)}`;
    case 'not':
      return `not ${fmt(n.operand, LEVEL.not)}`;
    case 'or':
    case 'and': {
      const l = LEVEL[n.kind];
      return `${fmt(n.left, l)} ${n.kind} ${fmt(n.right, l + 1)}`;
    }
    case 'cmp':
      return `${fmt(n.left, LEVEL.add)} ${n.op} ${fmt(n.right, LEVEL.add)}`;
    case 'arith': {
      const l = levelOf(n);
      return `${fmt(n.left, l)} ${n.op} ${fmt(n.right, l + 1)}`;
    }
  }
}

/** The same tree without positions (for comparing trees). */
export function withoutSpans(n: Node): unknown {
  switch (n.kind) {
    case 'num':
      return { kind: n.kind, amount: n.amount, scale: n.scale, unit: n.unit };
    case 'name':
      return { kind: n.kind, path: [...n.path] };
    case 'neg':
    case 'not':
      return { kind: n.kind, operand: withoutSpans(n.operand) };
    case 'arith':
    case 'cmp':
      return { kind: n.kind, op: n.op, left: withoutSpans(n.left), right: withoutSpans(n.right) };
    case 'and':
    case 'or':
      return { kind: n.kind, left: withoutSpans(n.left), right: withoutSpans(n.right) };
  }
}
