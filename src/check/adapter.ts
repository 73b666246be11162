/**
 * The one place the expectations module imports from the rest of warmup-sim: the run summary and
 * series types the default catalogue reads, and the provider names. When these move (the layered
 * layout), only the paths below change.
 */
export type { RunSeries, RunSummary } from '../metrics/summary.ts';
import { PROVIDERS as DEFINITIONS } from '../providers/registry.ts';

/** Provider names in id order. */
export const PROVIDERS: readonly string[] = DEFINITIONS.map((p) => p.name);
