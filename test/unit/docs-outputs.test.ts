/**
 * docs/outputs.md keeps up with the report writer: a small comparison (the tiny fixture, one seed)
 * is written with writeComparisonReport, and every file it writes must be documented. Each CSV
 * file has a section `## <file>` whose table lists exactly the file's columns (the first cell of
 * a row, in backticks), summary.json and index.html have a section, every file is in the report
 * directory table, and every chart id the report draws is a row of the Charts section.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { comparePolicies } from '../../src/run/run-scenario.ts';
import { writeComparisonReport } from '../../src/report/write.ts';

const DOC = readFileSync('docs/outputs.md', 'utf8');

/** The doc's `## ` sections by heading (backticks dropped: "## The trace: `run --trace FILE`"). */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl).replaceAll('`', '').trim(), part.slice(nl + 1));
  }
  return out;
}

/** Names in backticks in the first cell of each table row (header and separator rows have none). */
function tableNames(section: string): Set<string> {
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const first = /^\|([^|]*)\|/.exec(line)?.[1] ?? '';
    for (const m of first.matchAll(/`([^`]+)`/g)) names.add(m[1]!);
  }
  return names;
}

/** What the doc gets wrong about one CSV file (its header line), as messages; [] when it is right. */
function csvProblems(doc: ReadonlyMap<string, string>, file: string, header: string): string[] {
  const section = doc.get(file);
  if (section === undefined) return [`${file}: no section "## ${file}"`];
  const columns = header.split(',');
  const documented = tableNames(section);
  return [
    ...columns.filter((c) => !documented.has(c)).map((c) => `${file}: column ${c} is not in its table`),
    ...[...documented].filter((c) => !columns.includes(c)).map((c) => `${file}: documents ${c}, which the file does not have`),
  ];
}

describe('docs/outputs.md documents every file and CSV column the report writes', () => {
  const doc = sections(DOC);
  let dir = '';
  let files: readonly string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'docs-outputs-'));
    const c = comparePolicies(loadScenarioFile('test/fixtures/scenarios/tiny.yaml'), { seeds: 1 });
    files = (await writeComparisonReport(c, dir, { png: false })).files;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every CSV file has its section, whose table lists exactly its columns', () => {
    const csvs = files.filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThanOrEqual(7);
    const problems = csvs.flatMap((f) => csvProblems(doc, f, readFileSync(join(dir, f), 'utf8').split('\n')[0]!));
    expect(problems).toEqual([]);
  });

  it('every file is in the report directory table, and summary.json and index.html have a section', () => {
    const listed = DOC.split('\n## ').find((s) => s.startsWith('The report directory'))!;
    const top = files.filter((f) => !f.startsWith('charts/'));
    expect(top).toEqual(expect.arrayContaining(['summary.json', 'index.html']));
    expect(top.filter((f) => !tableNames(listed).has(f))).toEqual([]);
    expect(tableNames(listed).has('charts/<id>.vl.json')).toBe(true);
    expect(['summary.json', 'index.html'].filter((f) => !doc.has(f))).toEqual([]);
  });

  it('every chart the report draws is a row of the Charts section', () => {
    const ids = [...new Set(files.filter((f) => f.startsWith('charts/')).map((f) => f.slice(7).replace(/\.(vl\.json|svg|png)$/, '')))];
    expect(ids).toContain('ip-bands');
    expect(ids.filter((id) => !tableNames(doc.get('Charts')!).has(id))).toEqual([]);
  });

  it('the checker catches a missing section, an undocumented column and a stale one', () => {
    const fake = sections('# X\n\n## a.csv\n\n| column | unit |\n|---|---|\n| `x` | s |\n| `gone` | s |\n');
    expect(csvProblems(fake, 'a.csv', 'x,y')).toEqual([
      'a.csv: column y is not in its table',
      'a.csv: documents gone, which the file does not have',
    ]);
    expect(csvProblems(fake, 'b.csv', 'x')).toEqual(['b.csv: no section "## b.csv"']);
    expect(csvProblems(sections(DOC), 'hourly.csv', 'policy,seed')).not.toEqual([]);
  });
});
