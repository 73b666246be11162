/**
 * Property: printing a tree and parsing the text gives the same tree (up to positions), for
 * random well-formed trees; and the positions of names and numbers in the printed text cover
 * exactly their characters. The fast-check seed is printed (replay with FC_SEED).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcParams } from '../../support/fc-config.ts';
import { formatExpr, formatLiteral, withoutSpans, type LiteralUnit, type Node, type Scale } from '../../../src/check/ast.ts';
import { parseExpr } from '../../../src/check/parser.ts';
import { scaleAllowed } from '../../../src/check/literals.ts';

const at = { start: 0, end: 0 };
const KEYWORDS = new Set(['and', 'or', 'not']);

const segment = fc
  .tuple(fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), { nil: undefined }))
  .map(([a, b]) => (b === undefined || !/[a-z0-9_]$/.test(a) ? a : `${a}-${b}`))
  .filter((s) => !KEYWORDS.has(s));
const name: fc.Arbitrary<Node> = fc.array(segment, { minLength: 1, maxLength: 3 }).map((path) => ({ kind: 'name', ...at, path }));

const UNITS: LiteralUnit[] = ['', '%', 's', 'm', 'h', 'd', '/day', '/h'];
const num: fc.Arbitrary<Node> = fc
  .tuple(
    fc.oneof(fc.nat(1_000_000), fc.double({ min: 0, max: 1e25, noNaN: true, noDefaultInfinity: true })),
    fc.constantFrom(...UNITS),
    fc.constantFrom<Scale>('', 'k', 'M'),
  )
  .map(([amount, unit, scale]) => ({ kind: 'num', ...at, amount: amount + 0, unit, scale: scaleAllowed(unit) ? scale : '' }));

const trees = fc.letrec<{ n: Node; c: Node }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    name,
    tie('n').map((operand): Node => ({ kind: 'neg', ...at, operand })),
    fc
      .tuple(fc.constantFrom('+', '-', '*', '/') as fc.Arbitrary<'+'>, tie('n'), tie('n'))
      .map(([op, left, right]): Node => ({ kind: 'arith', op, opAt: 0, ...at, left, right })),
  ),
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=') as fc.Arbitrary<'<'>, tie('n'), tie('n'))
      .map(([op, left, right]): Node => ({ kind: 'cmp', op, opAt: 0, ...at, left, right })),
    tie('c').map((operand): Node => ({ kind: 'not', ...at, operand })),
    fc
      .tuple(fc.constantFrom('and', 'or') as fc.Arbitrary<'and'>, tie('c'), tie('c'))
      .map(([kind, left, right]): Node => ({ kind, ...at, left, right })),
  ),
}));

function leaves(n: Node, out: Node[] = []): Node[] {
  if (n.kind === 'num' || n.kind === 'name') out.push(n);
  else if (n.kind === 'neg' || n.kind === 'not') leaves(n.operand, out);
  else {
    leaves(n.left, out);
    leaves(n.right, out);
  }
  return out;
}

describe('print then parse', () => {
  it('gives the same tree', () => {
    fc.assert(
      fc.property(trees.c, (tree) => {
        const text = formatExpr(tree);
        expect(withoutSpans(parseExpr(text))).toEqual(withoutSpans(tree));
        expect(formatExpr(parseExpr(text))).toBe(text);
      }),
      fcParams(500),
    );
  });

  it('places every name and number at its characters', () => {
    fc.assert(
      fc.property(trees.c, (tree) => {
        const text = formatExpr(tree);
        for (const leaf of leaves(parseExpr(text))) {
          expect(text.slice(leaf.start, leaf.end)).toBe(
            leaf.kind === 'name' ? leaf.path.join('.') : formatLiteral(leaf as Extract<Node, { kind: 'num' }>),
          );
        }
      }),
      fcParams(300),
    );
  });
});
