/** The diagnosis as text for a terminal (and Markdown: the same lines read as nested lists), and as plain data for --json. */
import { isoTime } from '../logs/time.ts';
import { VERDICT_TEXT, type Diagnosis } from './diagnose.ts';
import { movesOf } from './moves.ts';

export function diagnosisText(ds: readonly Diagnosis[], span: { first: number; last: number }): string {
  const ips = ds.filter((d) => d.signals.kind === 'ip').length;
  const out = [
    `# Diagnosis: ${ips} IP(s), ${ds.length - ips} sending domain(s) at microsoft; logs ${isoTime(span.first)} .. ${isoTime(span.last)}`,
  ];
  for (const d of ds) {
    const [head, ...rest] = VERDICT_TEXT[d.verdict].split(': ');
    out.push(
      '',
      `## ${d.signals.kind === 'ip' ? 'IP' : 'domain'} ${d.signals.subject}: ${head!.toUpperCase()}${rest.length ? `: ${rest.join(': ')}` : ''}`,
    );
    out.push('', 'Evidence:');
    for (const f of d.findings)
      out.push(`- ${f.kind === 'stream' || f.kind === 'policy' ? `${f.kind}${f.strong ? ' (strong)' : ''}: ` : ''}${f.text}`);
    out.push('', 'Moves:');
    for (const m of movesOf(d)) out.push(`- [${m.act ? 'x' : ' '}] ${m.move}: ${m.text}`);
  }
  return `${out.join('\n')}\n`;
}

export function diagnosisJson(ds: readonly Diagnosis[]): object[] {
  return ds.map((d) => ({
    kind: d.signals.kind,
    subject: d.signals.subject,
    provider: d.signals.provider,
    verdict: d.verdict,
    sample: Math.round(d.sample * 1000) / 1000,
    findings: d.findings,
    moves: movesOf(d),
    signals: d.signals,
  }));
}
