/**
 * summary.json: the comparison as data. Its shape is the zod schema in summary-schema.ts (the
 * committed JSON Schema docs/summary.schema.json is generated from it, and the README's
 * "summary.json" section documents the fields).
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { PairComparison, PolicyAggregate } from './aggregate.ts';
import { toJson } from './json.ts';
import type { Verdict } from './verdict.ts';

/** The summary.json object (before JSON: non-finite numbers become null there). */
function summaryObject(c: Comparison, policies: readonly PolicyAggregate[], pairs: readonly PairComparison[], v: Verdict) {
  return {
    scenario: c.scenario,
    description: c.description,
    seeds: c.seeds,
    verdict: v,
    policies: policies.map((p) => ({ policy: p.policy, blocked: p.blocked, outcomes: p.outcomes, providers: p.providers })),
    pairs,
    runs: c.policies.map((policy, i) => ({ policy, runs: c.runs[i]!.map((r) => r.summary) })),
  };
}

export function summaryJson(c: Comparison, policies: readonly PolicyAggregate[], pairs: readonly PairComparison[], v: Verdict): string {
  return toJson(summaryObject(c, policies, pairs, v));
}
