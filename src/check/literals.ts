/**
 * Numbers with units in expectation expressions, and what each is worth in the metric catalogue's
 * base units: `%` divides by 100 (ratios are fractions: 5% = 0.05); durations are seconds
 * (`s` 1, `m` 60, `h` 3600, `d` 86400: the same letters scenario files use for durations);
 * rates are per day (`/day` 1, `/h` 24, the KumoMTA throttle spellings); `k` and `M` multiply by
 * 1 000 and 1 000 000 and combine with no unit or a rate only (`20k`, `1.5M/day`).
 */
import type { LiteralUnit, NumNode, Scale } from './ast.ts';

/** What a literal measures: `any` for a bare number (it takes the other side's unit). */
export type LiteralKind = 'any' | 'ratio' | 'time' | 'rate';

interface UnitDef {
  readonly factor: number;
  readonly kind: LiteralKind;
  readonly doc: string;
}

const UNITS: Readonly<Record<LiteralUnit, UnitDef>> = {
  '': { factor: 1, kind: 'any', doc: 'a plain number, in the unit of the metric it is compared with' },
  '%': { factor: 0.01, kind: 'ratio', doc: 'per cent: 5% = 0.05' },
  s: { factor: 1, kind: 'time', doc: 'seconds' },
  m: { factor: 60, kind: 'time', doc: 'minutes' },
  h: { factor: 3600, kind: 'time', doc: 'hours' },
  d: { factor: 86400, kind: 'time', doc: 'days (as a duration; days_to_target takes a plain number)' },
  '/day': { factor: 1, kind: 'rate', doc: 'per day' },
  '/h': { factor: 24, kind: 'rate', doc: 'per hour, as 24 per day' },
};

const SCALES: Readonly<Record<Scale, number>> = { '': 1, k: 1_000, M: 1_000_000 };

/** Units a literal may end with, longest first (the lexer tries them in this order). */
const UNIT_SPELLINGS: readonly LiteralUnit[] = ['/day', '/h', '%', 's', 'm', 'h', 'd'];

/** The literal's value in base units: 5% -> 0.05, 10m -> 600, 2k/h -> 48 000. */
export function literalValue(n: Pick<NumNode, 'amount' | 'scale' | 'unit'>): number {
  return n.amount * SCALES[n.scale] * UNITS[n.unit].factor;
}

export function literalKind(n: Pick<NumNode, 'unit'>): LiteralKind {
  return UNITS[n.unit].kind;
}

/** Whether a scale suffix may precede the unit (`20k/day` yes, `5k%` and `2kh` no). */
export function scaleAllowed(unit: LiteralUnit): boolean {
  return unit === '' || UNITS[unit].kind === 'rate';
}
