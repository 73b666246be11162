/**
 * Unit kinds of values in expressions and how they combine: + - and comparisons need the same
 * kind (a plain number takes the other side's), a product with a plain number keeps the kind, a
 * quotient of two values of one kind is a ratio, anything else is `mixed` and not checked.
 */
import type { MetricUnit } from './catalogue.ts';

/** What a value measures; `any` is a plain number, `mixed` a product or quotient of units (not checked). */
export type Kind = 'any' | 'ratio' | 'time' | 'count' | 'days' | 'rate' | 'mixed';

export const UNIT_KIND: Readonly<Record<MetricUnit, Kind>> = {
  ratio: 'ratio',
  seconds: 'time',
  count: 'count',
  days: 'days',
  'per-day': 'rate',
  number: 'any',
};

export const KIND_TEXT: Readonly<Record<Kind, string>> = {
  any: 'a number',
  ratio: 'a ratio',
  time: 'a duration',
  count: 'a count',
  days: 'a number of days',
  rate: 'a rate per day',
  mixed: 'a number',
};

export function same(a: Kind, b: Kind): Kind | undefined {
  if (a === 'mixed' || b === 'mixed') return 'mixed';
  if (a === 'any') return b;
  if (b === 'any' || a === b) return a;
  return undefined;
}

export function product(a: Kind, b: Kind): Kind {
  return a === 'any' ? b : b === 'any' ? a : 'mixed';
}

export function quotient(a: Kind, b: Kind): Kind {
  if (b === 'any') return a;
  if (a === b && a !== 'mixed') return 'ratio';
  return 'mixed';
}
