/**
 * The terminal report of `warmup-sim check`: per scenario file a table (expectation, policy,
 * observed over seeds, verdict, PASS/FAIL), then each failure with its seeds and replay lines.
 */
import type { FileReport } from './check.ts';
import { failureLines, observedAll, targetName, verdictText } from './describe.ts';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function seedRange(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'no seeds';
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  const list =
    seeds.length === 1 ? `seed ${seeds[0]}` : consecutive ? `seeds ${seeds[0]}-${seeds[seeds.length - 1]}` : `seeds ${seeds.join(', ')}`;
  return `${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${list.replace(/^seeds? /, '')})`;
}

export function formatText(reports: readonly FileReport[]): string {
  return reports.map(formatOne).join('\n\n') + '\n';
}

function formatOne(r: FileReport): string {
  const failed = r.results.filter((x) => !x.passed).length;
  const head = `${r.scenario} (${r.file}), ${seedRange(r.seeds)}: ${r.results.length === 0 ? 'no expectations' : failed === 0 ? `all ${r.results.length} expectations pass` : `${failed} of ${r.results.length} expectations failed`}`;
  if (r.results.length === 0) return head;
  const rows: string[][] = [];
  const details: string[] = [];
  for (const x of r.results) {
    const quantifier = x.quantifier;
    for (const t of x.targets) {
      rows.push([
        `[${x.index}]`,
        targetName(t),
        x.label,
        t.comparisons.length === 0 ? '' : observedAll(t, quantifier),
        verdictText(t, quantifier, r.seeds.length),
        t.passed ? 'PASS' : 'FAIL',
      ]);
      if (!t.passed)
        details.push(
          `FAIL [${x.index}] ${targetName(t)}: ${x.label} (${r.file}:${x.at.line}:${x.at.col})`,
          ...failureLines(t, r.seeds).map((l) => `  ${l}`),
        );
    }
  }
  const out = [head, '', table(['expect', 'policy', 'expectation', 'observed over seeds', 'verdict', 'result'], rows)];
  if (details.length > 0) out.push('', ...details);
  return out.join('\n');
}
