/**
 * The JSON report (`--format json`): every file's results as data (per seed values, bands,
 * bounds, failed seeds, replay lines) plus the same phrases the text table prints.
 */
import type { FileReport } from './check.ts';
import { failureLines, observedAll, verdictText } from './describe.ts';

export function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((r) => ({
    ...r,
    results: r.results.map((x) => ({
      ...x,
      targets: x.targets.map((t) => ({
        ...t,
        observed: t.comparisons.length === 0 ? '' : observedAll(t, x.quantifier),
        verdict: verdictText(t, x.quantifier, r.seeds.length),
        ...(t.passed ? {} : { failure: failureLines(t, r.seeds) }),
      })),
    })),
  }));
  return `${JSON.stringify({ passed: reports.every((r) => r.passed), files }, null, 2)}\n`;
}
