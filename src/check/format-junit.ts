/**
 * `--junit out.xml`: JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters):
 * <testsuites tests failures> holding one <testsuite name tests failures errors skipped> per
 * scenario file, one <testcase name classname> per expectation, and for a failed one a
 * <failure message type> whose text lists each failed policy's seeds and replay lines. Text and
 * attributes are XML-escaped; characters XML 1.0 forbids are replaced by U+FFFD.
 */
import type { CheckResult, FileReport } from './check.ts';
import { failureLines, observedAll, targetName, verdictText } from './describe.ts';

/** Escapes text for an XML attribute value or element content. */
export function xmlEscape(s: string): string {
  return s.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD').replace(/[&<>"']/g, (c) => XML_ENTITY[c]!);
}

const XML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const attrs = (a: Readonly<Record<string, string | number>>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

export function formatJunit(reports: readonly FileReport[]): string {
  const tests = reports.reduce((n, r) => n + r.results.length, 0);
  const failures = reports.reduce((n, r) => n + r.results.filter((x) => !x.passed).length, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'warmup-sim check', tests, failures, errors: 0 })}>`];
  for (const r of reports) {
    const f = r.results.filter((x) => !x.passed).length;
    out.push(`  <testsuite${attrs({ name: r.file, tests: r.results.length, failures: f, errors: 0, skipped: 0 })}>`);
    out.push(
      `    <properties><property${attrs({ name: 'scenario', value: r.scenario })}/><property${attrs({ name: 'seeds', value: r.seeds.join(',') })}/></properties>`,
    );
    for (const x of r.results) out.push(...testcase(r, x));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(r: FileReport, x: CheckResult): string[] {
  const head = `    <testcase${attrs({ name: `expect[${x.index}]: ${x.label}`, classname: r.scenario, file: r.file, line: x.at.line })}`;
  if (x.passed) return [`${head}/>`];
  const failed = x.targets.filter((t) => !t.passed);
  const message = failed.map((t) => `${targetName(t)}: ${verdictText(t, x.quantifier, r.seeds.length)}`).join('; ');
  const body = failed.flatMap((t) => [
    `${targetName(t)}: ${x.label}`,
    ...(t.comparisons.length === 0 ? [] : [`  observed ${observedAll(t, x.quantifier)}`]),
    ...failureLines(t, r.seeds).map((l) => `  ${l}`),
  ]);
  return [
    `${head}>`,
    `      <failure${attrs({ message, type: 'ExpectationFailed' })}>${xmlEscape(body.join('\n'))}</failure>`,
    '    </testcase>',
  ];
}
