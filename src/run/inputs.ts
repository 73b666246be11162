/**
 * What a comparison ran, for the report's collapsed "inputs" section: the scenario text and, per
 * variant, the policy's `use:` and its parameters as written in the scenario (not as prepared:
 * a prepared policy may hold the parsed contents of the files it names).
 */
import { parse as parseYaml } from 'yaml';
import type { Comparison, VariantInput } from '../metrics/comparison.ts';

/** The inputs of a comparison of some policies of one scenario text (no grid). */
export function scenarioInputs(text: string, policies: readonly string[]): NonNullable<Comparison['inputs']> {
  const raw = (parseYaml(text) ?? {}) as Record<string, unknown>;
  return { yaml: text, variants: policies.map((name) => variantInput(raw, name, {})) };
}

/** A policy's entry of a raw scenario: its `use:` and its parameters as written. */
export function variantInput(raw: unknown, name: string, grid: VariantInput['grid']): VariantInput {
  const list = ((raw as { policies?: unknown }).policies ?? []) as Record<string, unknown>[];
  const { name: _n, use, ...params } = list.find((p) => p?.['name'] === name) ?? {};
  return { policy: name, use: typeof use === 'string' ? use : name, params, grid };
}
