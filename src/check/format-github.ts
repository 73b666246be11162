/**
 * `--format github`: one GitHub Actions workflow command per failed expectation and policy,
 * `::error file=F,line=L,col=C,title=T::message`, which GitHub shows as an annotation on the
 * scenario file's line (GitHub docs, "Workflow commands for GitHub Actions": setting an error
 * message). Escaping as the Actions toolkit's command.ts does: in the message % CR LF become
 * %25 %0D %0A; in property values also : and , become %3A and %2C. Multi-line messages use %0A.
 */
import type { FileReport } from './check.ts';
import { failureLines, observedAll, targetName, verdictText } from './describe.ts';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const x of r.results) {
      for (const t of x.targets) {
        if (t.passed) continue;
        const title = `expectation failed: expect[${x.index}] (${targetName(t)})`;
        const observed = t.comparisons.length === 0 ? '' : `; observed ${observedAll(t, x.quantifier)}`;
        const message = [`${x.label}: ${verdictText(t, x.quantifier, r.seeds.length)}${observed}`, ...failureLines(t, r.seeds)].join('\n');
        lines.push(
          `::error file=${escapeProperty(r.file)},line=${x.at.line},col=${x.at.col},title=${escapeProperty(title)}::${escapeData(message)}`,
        );
      }
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
