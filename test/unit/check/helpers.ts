/** Test helpers: expectations compiled from YAML text (through the entry schema), with a small catalogue reading plain objects. */
import { parse } from 'yaml';
import { z } from 'zod';
import type { Catalogue, Metric } from '../../../src/check/catalogue.ts';
import { compileExpectations, type Expectation } from '../../../src/check/compile.ts';
import { expectEntrySchema } from '../../../src/check/schema.ts';
import type { CheckIssue } from '../../../src/check/errors.ts';

const field = (name: string, unit: Metric['unit'], extra: Partial<Metric> = {}): Metric => ({
  name,
  unit,
  doc: name,
  get: (s) => (s as Record<string, number | null>)[name] ?? null,
  ...extra,
});

/** x (count), r (ratio), t (seconds), d (days, null = never), daily (count per day, from_day). */
const TEST_CATALOGUE: Catalogue = [
  field('x', 'count'),
  field('r', 'ratio'),
  field('t', 'seconds'),
  field('d', 'days', { none: 'never' }),
  {
    name: 'daily',
    unit: 'count',
    doc: 'sum of series.daily from fromDay',
    fromDay: { default: 0 },
    get: (_s, o) => ((o.series as { daily: number[] }).daily ?? []).slice(o.fromDay ?? 0).reduce((a, b) => a + b, 0),
  },
];

/** Compiles `expect:` entries written as YAML flow mappings, one per line. */
export function compile(
  entries: readonly string[],
  o: { policies?: readonly string[]; catalogue?: Catalogue; file?: string } = {},
): { expectations: Expectation[]; issues: CheckIssue[]; text: string } {
  const text = `name: t\nexpect:\n${entries.map((e) => `  - ${e}\n`).join('')}`;
  const raw = (parse(text) as { expect: unknown[] }).expect;
  const specs = z.array(expectEntrySchema).parse(raw);
  const r = compileExpectations(specs, {
    file: o.file ?? 'x.yaml',
    text,
    policies: o.policies ?? ['a', 'b'],
    catalogue: o.catalogue ?? TEST_CATALOGUE,
  });
  return { ...r, text };
}

/** Runs for policies x seeds from per-policy lists of summaries. */
export function runsOf(by: Record<string, readonly Record<string, unknown>[]>, seeds?: readonly number[], file = 'x.yaml') {
  const policies = Object.keys(by);
  const n = by[policies[0]!]!.length;
  return {
    file,
    scenario: 't',
    seeds: seeds ?? Array.from({ length: n }, (_, i) => 100 + i),
    policies,
    runs: policies.map((p) => by[p]!.map((s) => ({ summary: s, series: s['series'] }))),
  };
}
