/**
 * Recursive-descent parser for expectation expressions (grammar in ./README.md):
 *
 *   expr := or        or := and ("or" and)*      and := not ("and" not)*     not := "not" not | cmp
 *   cmp  := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
 *   sum  := term (("+" | "-") term)*             term := unary (("*" | "/") unary)*
 *   unary := "-" unary | NUMBER | NAME | "(" expr ")"
 *
 * Binary operators associate to the left. A second pass checks the shape: comparisons compare
 * numbers, `and`/`or`/`not` join conditions, and the whole expression is a condition. Errors are
 * {@link ExprError}s at the offset of the offending character.
 */
import type { CmpOp, Node } from './ast.ts';
import { ExprError } from './errors.ts';
import { lex, type Token } from './lexer.ts';

const CMP: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];

/** Parses and shape-checks an expression; throws {@link ExprError}. */
export function parseExpr(text: string): Node {
  const tokens = lex(text);
  if (tokens.length === 1) throw new ExprError(0, 'empty expression (expected a condition such as "outlook_blocks == 0")');
  const p = new Parser(text, tokens);
  const n = p.or();
  const t = p.peek();
  if (t.kind !== 'eof') {
    const after = p.previous();
    const hint =
      t.kind === 'op' && t.op === '(' && after.kind === 'name'
        ? ' (there are no functions)'
        : ' (expected an operator, and, or, or the end)';
    throw new ExprError(t.start, `unexpected ${describe(text, t)}${hint}`);
  }
  checkShape(n, 'condition');
  return n;
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }
  previous(): Token {
    return this.tokens[Math.max(0, this.i - 1)]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.op);
  }

  or(): Node {
    let left = this.and();
    while (this.peek().kind === 'or') {
      this.next();
      const right = this.and();
      left = { kind: 'or', start: left.start, end: right.end, left, right };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.peek().kind === 'and') {
      this.next();
      const right = this.not();
      left = { kind: 'and', start: left.start, end: right.end, left, right };
    }
    return left;
  }

  private not(): Node {
    const t = this.peek();
    if (t.kind !== 'not') return this.cmp();
    this.next();
    const operand = this.not();
    return { kind: 'not', start: t.start, end: operand.end, operand };
  }

  private cmp(): Node {
    const left = this.sum();
    const t = this.peek();
    if (t.kind !== 'op' || !CMP.includes(t.op)) return left;
    this.next();
    const right = this.sum();
    const again = this.peek();
    if (again.kind === 'op' && CMP.includes(again.op)) {
      const [l, mid] = [this.text.slice(left.start, left.end), this.text.slice(right.start, right.end)];
      throw new ExprError(again.start, `comparisons do not chain (write ${l} ${t.op} ${mid} and ${mid} ${again.op} ...)`);
    }
    return { kind: 'cmp', op: t.op as CmpOp, opAt: t.start, start: left.start, end: right.end, left, right };
  }

  private sum(): Node {
    let left = this.term();
    while (this.isOp('+', '-')) {
      const t = this.next() as Extract<Token, { kind: 'op' }>;
      const right = this.term();
      left = { kind: 'arith', op: t.op as '+', opAt: t.start, start: left.start, end: right.end, left, right };
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    while (this.isOp('*', '/')) {
      const t = this.next() as Extract<Token, { kind: 'op' }>;
      const right = this.unary();
      left = { kind: 'arith', op: t.op as '*', opAt: t.start, start: left.start, end: right.end, left, right };
    }
    return left;
  }

  private unary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { kind: 'num', start: t.start, end: t.end, amount: t.amount, scale: t.scale, unit: t.unit };
      case 'name':
        return { kind: 'name', start: t.start, end: t.end, path: t.path };
      case 'op':
        if (t.op === '-') {
          const operand = this.unary();
          return { kind: 'neg', start: t.start, end: operand.end, operand };
        }
        if (t.op === '(') {
          const inner = this.or();
          const close = this.peek();
          if (close.kind !== 'op' || close.op !== ')')
            throw new ExprError(close.start, `expected ")" to close the "(", found ${describe(this.text, close)}`);
          this.next();
          return { ...inner, start: t.start, end: close.end };
        }
    }
    throw new ExprError(t.start, `expected a number, a metric name or "(", found ${describe(this.text, t)}`);
  }
}

function describe(text: string, t: Token): string {
  return t.kind === 'eof' ? 'the end of the expression' : `"${text.slice(t.start, t.end)}"`;
}

type Shape = 'condition' | 'number';

function shapeOf(n: Node): Shape {
  return n.kind === 'cmp' || n.kind === 'and' || n.kind === 'or' || n.kind === 'not' ? 'condition' : 'number';
}

/** Throws unless `n` is a `want` and its parts fit together. */
function checkShape(n: Node, want: Shape): void {
  const got = shapeOf(n);
  if (got !== want) {
    throw new ExprError(
      n.start,
      want === 'condition'
        ? 'expected a condition such as "outlook_blocks == 0", found a number'
        : 'expected a number here, found a condition (comparisons and and/or/not give true or false)',
    );
  }
  switch (n.kind) {
    case 'cmp':
    case 'arith':
      checkShape(n.left, 'number');
      checkShape(n.right, 'number');
      return;
    case 'and':
    case 'or':
      checkShape(n.left, 'condition');
      checkShape(n.right, 'condition');
      return;
    case 'not':
      checkShape(n.operand, 'condition');
      return;
    case 'neg':
      checkShape(n.operand, 'number');
      return;
  }
}
