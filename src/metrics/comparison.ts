/** A comparison of policies over seeds: what `compare`, `sweep` and `merge` produce and reports read. */
import type { RunSeries, RunSummary } from './summary.ts';

/** What one variant (a policy at one grid point) ran: shown, collapsed, in the report. */
export interface VariantInput {
  /** The policy's name in the scenario. */
  readonly policy: string;
  /** The library behaviour it uses (`use:`). */
  readonly use: string;
  /** Its parameters as written in the scenario (after the grid point was applied). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The grid point: scenario path -> value (empty outside sweeps). */
  readonly grid: Readonly<Record<string, string | number | boolean>>;
}

export interface Comparison {
  readonly scenario: string;
  readonly description: string;
  readonly seeds: readonly number[];
  readonly policies: readonly string[];
  /** runs[policy][seed index] */
  readonly runs: readonly (readonly { summary: RunSummary; series: RunSeries }[])[];
  /** The scenario as run (YAML, the first grid point) and each variant's inputs, parallel to `policies`. */
  readonly inputs?: { readonly yaml: string; readonly variants: readonly VariantInput[] };
}
