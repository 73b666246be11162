/**
 * The metric catalogue: every name an expectation may use, its unit, a one-line description, and
 * how to read it from one run's summary (and, for metrics that `from_day` can limit, its per-day
 * series). A catalogue is plain data, so a new summary format needs a new table, not new code;
 * {@link ./catalogue-default.ts} reads today's run summary. `get` returns null for "no value"
 * (days_to_target when the target is never reached; a latency with no deliveries), which fails
 * any comparison.
 */
import { CatalogueError } from './errors.ts';

export type MetricUnit = 'ratio' | 'seconds' | 'count' | 'days' | 'per-day' | 'number';

export interface MetricOptions {
  /** Count only days >= fromDay (day 0 is the first day of the run); set only for metrics with {@link Metric.fromDay}. */
  readonly fromDay?: number;
  /** The run's per-day series, for metrics that read it. */
  readonly series?: unknown;
}

export interface Metric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly doc: string;
  /** Present when `from_day` limits this metric; `default` is the first day it counts without one. */
  readonly fromDay?: { readonly default: number };
  /** How a null value reads ("never" for days_to_target); "n/a" when absent. */
  readonly none?: string;
  get(summary: unknown, o: MetricOptions): number | null;
}

export type Catalogue = readonly Metric[];

const UNIT_DOC: Readonly<Record<MetricUnit, string>> = {
  ratio: 'ratio (write 5%)',
  seconds: 'seconds (write 90s, 10m, 2h)',
  count: 'count',
  days: 'days (a plain number)',
  'per-day': 'per day (write 20k/day or 1k/h)',
  number: 'number',
};

/** The catalogue's entries by name; throws on a duplicate (a bug in the table). */
export function indexCatalogue(c: Catalogue): ReadonlyMap<string, Metric> {
  const m = new Map<string, Metric>();
  for (const e of c) {
    if (m.has(e.name)) throw new CatalogueError(`metric catalogue: "${e.name}" is listed twice`);
    m.set(e.name, e);
  }
  return m;
}

/** The catalogue as a Markdown table (name, unit, from_day, description), as the README lists it. */
export function catalogueMarkdown(c: Catalogue): string {
  const rows = c.map(
    (m) => `| \`${m.name}\` | ${m.unit} | ${m.fromDay === undefined ? '' : `yes (default ${m.fromDay.default})`} | ${m.doc} |`,
  );
  return ['| metric | unit | from_day | what it is |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
