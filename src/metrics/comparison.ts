/** A comparison of policies over seeds: what `compare`, `sweep` and `merge` produce and reports read. */
import type { RunSeries, RunSummary } from './summary.ts';

export interface Comparison {
  readonly scenario: string;
  readonly description: string;
  readonly seeds: readonly number[];
  readonly policies: readonly string[];
  /** runs[policy][seed index] */
  readonly runs: readonly (readonly { summary: RunSummary; series: RunSeries }[])[];
}
