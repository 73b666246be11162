/** Numbers with units: the value each literal stands for, in the catalogue's base units. */
import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../../src/check/parser.ts';
import { literalKind, literalValue } from '../../../src/check/literals.ts';
import type { NumNode } from '../../../src/check/ast.ts';

function literal(text: string): NumNode {
  const n = parseExpr(`x < ${text}`);
  if (n.kind !== 'cmp' || n.right.kind !== 'num') throw new Error('not a literal');
  return n.right;
}

describe('unit conversion', () => {
  it.each([
    ['0', 0, 'any'],
    ['12', 12, 'any'],
    ['0.25', 0.25, 'any'],
    ['1e3', 1000, 'any'],
    ['2.5e-2', 0.025, 'any'],
    ['5%', 0.05, 'ratio'],
    ['0.5%', 0.005, 'ratio'],
    ['100%', 1, 'ratio'],
    ['90s', 90, 'time'],
    ['10m', 600, 'time'],
    ['1.5m', 90, 'time'],
    ['2h', 7200, 'time'],
    ['1d', 86400, 'time'],
    ['0.5d', 43200, 'time'],
    ['20k', 20000, 'any'],
    ['1.5M', 1500000, 'any'],
    ['500/day', 500, 'rate'],
    ['20k/day', 20000, 'rate'],
    ['40/h', 960, 'rate'],
    ['1k/h', 24000, 'rate'],
    ['2M/day', 2000000, 'rate'],
  ])('%s = %d (%s)', (text, value, kind) => {
    const n = literal(text);
    expect(literalValue(n)).toBeCloseTo(value, 9);
    expect(literalKind(n)).toBe(kind);
  });

  it('keeps the literal as written (amount, scale, unit) for printing', () => {
    expect(literal('20k/day')).toMatchObject({ amount: 20, scale: 'k', unit: '/day' });
    expect(literal('10m')).toMatchObject({ amount: 10, scale: '', unit: 'm' });
    expect(literal('10M')).toMatchObject({ amount: 10, scale: 'M', unit: '' });
  });
});
