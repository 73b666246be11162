/**
 * Partial sweep results (one shard) as JSON, and merging them. Non-finite numbers are written as
 * strings and read back, so a merged result is exactly the in-memory one.
 */
import type { SweepPlan, UnitResult } from './sweep.ts';
import { UsageError } from './usage-error.ts';

export interface Partial {
  readonly kind: 'warmup-sim-partial';
  readonly version: 1;
  readonly plan: Omit<SweepPlan, 'units'> & { readonly units: readonly { readonly index: number; readonly variant: number }[] };
  readonly shard: { readonly k: number; readonly n: number };
  readonly results: readonly UnitResult[];
}

export function encodePartial(p: Partial): string {
  return JSON.stringify(p, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v)) + '\n';
}

export function decodePartial(text: string, file: string): Partial {
  let p: Partial;
  try {
    p = JSON.parse(text, (_k, v) => (typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v)) as Partial;
  } catch {
    throw new UsageError(`${file}: not a partial result (invalid JSON)`);
  }
  if (p?.kind !== 'warmup-sim-partial' || p.version !== 1) throw new UsageError(`${file}: not a warmup-sim partial result`);
  return p;
}

/** Checks that the partials belong to one plan and together cover it. */
export function mergePartials(parts: readonly Partial[]): { plan: Partial['plan']; results: UnitResult[] } {
  if (parts.length === 0) throw new UsageError('merge needs at least one partial result');
  const plan = parts[0]!.plan;
  for (const p of parts)
    if (p.plan.id !== plan.id) throw new UsageError(`partials come from different sweeps (${plan.id} vs ${p.plan.id})`);
  const results = new Map<number, UnitResult>();
  for (const p of parts) for (const r of p.results) results.set(r.index, r);
  return { plan, results: [...results.values()].sort((a, b) => a.index - b.index) };
}
