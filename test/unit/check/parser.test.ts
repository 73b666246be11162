/** The expression parser: valid inputs and their trees, invalid inputs with the exact offset and message of the error. */
import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../../src/check/parser.ts';
import { formatExpr, withoutSpans } from '../../../src/check/ast.ts';
import { ExprError } from '../../../src/check/errors.ts';

/** Fully parenthesised form: shows the tree's shape in one line. */
function shape(text: string): string {
  const walk = (n: ReturnType<typeof parseExpr>): string => {
    switch (n.kind) {
      case 'num':
        return `${n.amount}${n.scale}${n.unit}`;
      case 'name':
        return n.path.join('.');
      case 'neg':
        return `(-${walk(n.operand)})`;
      case 'not':
        return `(not ${walk(n.operand)})`;
      case 'and':
      case 'or':
        return `(${walk(n.left)} ${n.kind} ${walk(n.right)})`;
      default:
        return `(${walk(n.left)} ${n.op} ${walk(n.right)})`;
    }
  };
  return walk(parseExpr(text));
}

describe('valid expressions', () => {
  it.each([
    ['outlook_blocks == 0', '(outlook_blocks == 0)'],
    ['microsoft.worst_daily_deferral < 5%', '(microsoft.worst_daily_deferral < 5%)'],
    ['days_to_target <= 21', '(days_to_target <= 21)'],
    ['transactional.p95_latency < 10m', '(transactional.p95_latency < 10m)'],
    ['kumo.delivered > naive.delivered', '(kumo.delivered > naive.delivered)'],
    ['a != 1.5', '(a != 1.5)'],
    ['a >= 1e-3', '(a >= 0.001)'],
    ['a > 2E+3', '(a > 2000)'],
    ['delivered_per_day > 20k/day', '(delivered_per_day > 20k/day)'],
    ['x < 40/h', '(x < 40/h)'],
    ['x > 1.5M', '(x > 1.5M)'],
    ['x < 90s or x > 2h and y < 1d', '((x < 90s) or ((x > 2h) and (y < 1d)))'],
    ['a < 1 and b < 2 and c < 3', '(((a < 1) and (b < 2)) and (c < 3))'],
    ['not a < 1 and b < 2', '((not (a < 1)) and (b < 2))'],
    ['not not a < 1', '(not (not (a < 1)))'],
    ['not (a < 1 or b < 2)', '(not ((a < 1) or (b < 2)))'],
    ['a - b - c > 0', '(((a - b) - c) > 0)'],
    ['a - (b - c) > 0', '((a - (b - c)) > 0)'],
    ['a + b * c / d > 0', '((a + ((b * c) / d)) > 0)'],
    ['-a < -5', '((-a) < (-5))'],
    ['a - -b > 0', '((a - (-b)) > 0)'],
    ['seed-playbook.delivered - naive.delivered > 0', '((seed-playbook.delivered - naive.delivered) > 0)'],
    ['x-y > 0', '(x-y > 0)'],
    ['x -1 > 0', '((x - 1) > 0)'],
    ['  a\n<\t1  ', '(a < 1)'],
    ['((a)) < ((1))', '(a < 1)'],
    ['bounced / injected < 1%', '((bounced / injected) < 1%)'],
  ])('%s', (text, tree) => {
    expect(shape(text)).toBe(tree);
  });

  it('records the span of every node and the offset of operators', () => {
    const n = parseExpr('  kumo.delivered >= 20k/day');
    expect(n).toMatchObject({
      kind: 'cmp',
      start: 2,
      end: 27,
      opAt: 17,
      left: { kind: 'name', start: 2, end: 16 },
      right: { kind: 'num', start: 20, end: 27, amount: 20, scale: 'k', unit: '/day' },
    });
    expect(parseExpr('(a < 1)')).toMatchObject({ start: 0, end: 7 });
  });

  it.each([
    ['a<1', 'a < 1'],
    ['(a < 1) and (b < 2)', 'a < 1 and b < 2'],
    ['a < 1 and (b < 2 and c < 3)', 'a < 1 and (b < 2 and c < 3)'],
    ['(a < 1 or b < 2) and c < 3', '(a < 1 or b < 2) and c < 3'],
    ['a * (b + c) > -(d - e)', 'a * (b + c) > -(d - e)'],
    ['not (not a < 1)', 'not not a < 1'],
  ])('prints %s as %s', (text, printed) => {
    expect(formatExpr(parseExpr(text))).toBe(printed);
    expect(withoutSpans(parseExpr(printed))).toEqual(withoutSpans(parseExpr(text)));
  });
});

describe('invalid expressions: offset and message', () => {
  it.each([
    ['', 0, 'empty expression (expected a condition such as "outlook_blocks == 0")'],
    ['   ', 0, 'empty expression'],
    ['delivered', 0, 'expected a condition such as "outlook_blocks == 0", found a number'],
    ['a < ', 4, 'expected a number, a metric name or "(", found the end of the expression'],
    ['a < < 1', 4, 'expected a number, a metric name or "(", found "<"'],
    ['a = 1', 2, 'unexpected character "=" (write == to compare)'],
    ['a < 1 && b < 2', 6, 'unexpected character "&" (write and)'],
    ['a < 1 || b < 2', 6, 'unexpected character "|" (write or)'],
    ['!(a < 1)', 0, 'unexpected character "!" (write not, or != for "not equal")'],
    ['a ≤ 1', 2, 'unexpected character "≤" (write <=)'],
    ['a <> 1', 2, 'unexpected "<>" (write != for "not equal")'],
    ['a => 1', 2, 'unexpected "=>" (write >=)'],
    ['a < 1 # x', 6, 'unexpected character "#"'],
    ['a < .5', 4, 'a number starts with a digit (write 0.5...)'],
    ['1 < a < 3', 6, 'comparisons do not chain (write 1 < a and a < ...)'],
    ['(a < 1', 6, 'expected ")" to close the "(", found the end of the expression'],
    ['(a < 1 b', 7, 'expected ")" to close the "(", found "b"'],
    ['a < 1)', 5, 'unexpected ")" (expected an operator, and, or, or the end)'],
    ['a b < 1', 2, 'unexpected "b" (expected an operator, and, or, or the end)'],
    ['max(a) < 1', 3, 'unexpected "(" (there are no functions)'],
    ['a < 5ms', 5, 'unknown unit "ms" after 5 (expected %, s, m, h, d, /day or /h; the smallest unit is s)'],
    ['a < 5min', 5, 'unknown unit "min" after 5 (expected %, s, m, h, d, /day or /h; write m for minutes)'],
    ['a < 5days', 5, 'write d for days'],
    ['a < 5x', 5, 'unknown unit "x" after 5'],
    ['a < 10/hour', 6, 'unknown rate "/hour" (expected /day or /h; put spaces around / to divide: 10 / hour)'],
    ['a < 1h30m', 6, 'unexpected "3" after 1h (write one unit: 90m, not 1h30m)'],
    ['a < 5k%', 4, '5k%: k and M apply to plain numbers and rates only'],
    ['a < 2kh', 5, 'unknown unit "kh"'],
    ['a. < 1', 2, 'expected a name after "a."'],
    ['a < 1 and b', 10, 'expected a condition such as "outlook_blocks == 0", found a number'],
    ['not a', 4, 'expected a condition'],
    ['(a < 1) + 1 > 0', 0, 'expected a number here, found a condition'],
    ['(a < 1) == (b < 1)', 0, 'expected a number here, found a condition'],
    ['a < 1 and', 9, 'expected a number, a metric name or "(", found the end of the expression'],
    ['a < "5"', 4, 'unexpected character "\\"" (names and numbers are written without quotes)'],
  ])('%j -> offset %i', (text, at, message) => {
    let err: unknown;
    try {
      parseExpr(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).at).toBe(at);
    expect((err as ExprError).message).toContain(message);
  });
});
