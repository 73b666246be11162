/**
 * The words every output format shares for one checked target: what was observed over the seeds
 * (the band min / p5 / median / p95 / max, or mean ± half-width of the bound), the verdict
 * (`19 of 20 seeds (needs 19)`, `95% upper bound 8.8m < 10m`) and the failure details (which
 * seeds failed, with the value on each, and the replay lines). For a comparison with a constant
 * side the other side is shown; with two metric sides (compare:) their difference.
 */
import type { CmpOp } from './ast.ts';
import type { ComparisonResult, SideResult, TargetResult } from './check.ts';
import type { Quantifier } from './schema.ts';
import { formatDelta, formatValue } from './format-value.ts';

const FLIP: Readonly<Record<CmpOp, CmpOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

interface Shown {
  readonly side: SideResult;
  /** The comparison as seen from the shown side: `shown op limit`. */
  readonly op: CmpOp;
  readonly limit: number;
  /** From a difference D = left - right to the shown value. */
  readonly fromD: (d: number) => number;
  readonly delta: boolean;
}

function shown(c: ComparisonResult): Shown {
  if (c.right.constant) {
    const k = c.right.values[0] ?? 0;
    return { side: c.left, op: c.op, limit: k, fromD: (d) => d + k, delta: false };
  }
  if (c.left.constant) {
    const k = c.left.values[0] ?? 0;
    return { side: c.right, op: FLIP[c.op], limit: k, fromD: (d) => k - d, delta: false };
  }
  return { side: c.difference!, op: c.op, limit: 0, fromD: (d) => d, delta: true };
}

const v = (c: ComparisonResult, x: number | null, delta = false) =>
  x !== null && delta ? formatDelta(x, c.kind) : formatValue(x, c.kind, c.none);

export function targetName(t: Pick<TargetResult, 'policies'>): string {
  return t.policies.join(' vs ');
}

/** What the seeds showed for one comparison. */
function observedText(c: ComparisonResult, q: Quantifier): string {
  const s = shown(c);
  const label = s.delta ? 'difference ' : '';
  if (q.kind === 'mean' && c.bound !== undefined)
    return `${label}mean ${v(c, s.fromD(c.bound.mean), s.delta)} ± ${formatValue(c.bound.halfWidth, c.kind)}`;
  const b = s.side.band;
  if (b === undefined) return `${c.none} on every seed`;
  const none = b.none > 0 ? `; ${c.none} on ${b.none} seed${b.none === 1 ? '' : 's'}` : '';
  if (b.min === b.max) return `${label}${v(c, b.min, s.delta)} on every seed${none === '' ? '' : ` with a value${none}`}`;
  return `${label}median ${v(c, b.median, s.delta)} (min ${v(c, b.min, s.delta)}, p5 ${v(c, b.p5, s.delta)}, p95 ${v(c, b.p95, s.delta)}, max ${v(c, b.max, s.delta)})${none}`;
}

/** Why it passed or failed, in a phrase. */
export function verdictText(t: TargetResult, q: Quantifier, seeds: number): string {
  if (t.reason !== undefined && t.comparisons.length === 0) return t.reason;
  if (q.kind === 'share')
    return `holds on ${t.passing} of ${seeds} seeds${t.required !== undefined && t.required !== seeds ? ` (needs ${t.required})` : ''}`;
  if (t.reason !== undefined && t.comparisons.every((c) => c.bound === undefined)) return t.reason;
  return t.comparisons.map((c) => boundText(c)).join('; ');
}

function boundText(c: ComparisonResult): string {
  if (c.bound === undefined) return `no bound (${c.none} on some seeds)`;
  const s = shown(c);
  const flipped = s.fromD(1) < s.fromD(0);
  const side = flipped ? (c.bound.side === 'upper' ? 'lower' : 'upper') : c.bound.side;
  return `${pct(c.bound.confidence)} ${side} bound ${v(c, s.fromD(c.bound.bound), s.delta)} ${s.op} ${v(c, s.limit, s.delta && s.limit !== 0)}`;
}

export function observedAll(t: TargetResult, q: Quantifier): string {
  if (t.comparisons.length === 1) return observedText(t.comparisons[0]!, q);
  return t.comparisons.map((c) => `${shown(c).side.text}: ${observedText(c, q)}`).join('; ');
}

/** Detail lines for a failed target: the failing seeds with their values, then the replay lines. */
export function failureLines(t: TargetResult, seeds: readonly number[]): string[] {
  const out: string[] = [];
  if (t.reason !== undefined) out.push(t.reason);
  if (t.failedSeeds.length > 0) {
    const one = t.comparisons.length === 1 ? t.comparisons[0]! : undefined;
    const value = (seed: number) => {
      if (one === undefined) return '';
      const s = shown(one);
      return ` (${v(one, s.side.values[seeds.indexOf(seed)] ?? null, s.delta)})`;
    };
    const list = t.failedSeeds
      .slice(0, 10)
      .map((s) => `${s}${value(s)}`)
      .join(', ');
    const more = t.failedSeeds.length > 10 ? ` and ${t.failedSeeds.length - 10} more` : '';
    out.push(`failed on seed${t.failedSeeds.length === 1 ? '' : 's'} ${list}${more}`);
  }
  if (t.replay.length > 0) out.push(...t.replay.map((r) => `replay: ${r}`));
  return out;
}

function pct(x: number): string {
  return `${Math.round(x * 10000) / 100}%`;
}
