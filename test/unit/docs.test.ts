/**
 * The docs the code cites exist (issue #19): every `docs/<name>.md` named under src/, scenarios/,
 * test/ (fixtures aside), README.md and DESIGN.md is a file of docs/, and where the mention gives a
 * section number (`docs/receiver-model.md 2.6`, `... section 2`, `... 2.3-2.6`, `... 4 and 5`) that
 * section is a heading of the file. Short mentions (`receiver-model 2.6`) are checked the same way.
 * The links between the docs (`[x](parameters.md#microsoft)`, "[x](receiver-model.md) 2.6") too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const NUM = String.raw`\d+(?:\.\d+)*`;
/** A mention and the section numbers after it: "docs/x.md", "docs/x.md 2.6", "x.md section 2", "docs/x.md 2.3-2.6, 4 and 5". */
const MENTION = new RegExp(
  String.raw`(?:\bdocs/([a-z0-9-]+)\.md|\[[^\]]*\]\(([a-z0-9-]+)\.md(?:#([a-z0-9-]+))?\)|\b(receiver-model|mta-behaviours|stack|outputs|parameters)\b(?!\.md|[/-]))` +
    String.raw`\`?(?:'s)?((?:,?\s+(?:sections?\s+)?${NUM}(?:\s*(?:-|–|,|and)\s*${NUM})*)?)`,
  'g',
);

interface Mention {
  readonly where: string;
  readonly doc: string;
  readonly sections: readonly string[];
  readonly anchor: string | undefined;
}

/** Comment continuations (` * `, `// `, `# `) joined, so a mention broken over two comment lines reads as one. */
function flatten(text: string): string {
  return text.replace(/\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*/g, ' ');
}

function mentions(text: string, where: string): Mention[] {
  const out: Mention[] = [];
  for (const m of flatten(text).matchAll(MENTION)) {
    const doc = m[1] ?? m[2] ?? m[4]!;
    // a bare word ("the stack", "outputs") is a mention only with a section number after it
    if (m[4] !== undefined && m[5] === '') continue;
    out.push({ where, doc, sections: m[5]!.match(new RegExp(NUM, 'g')) ?? [], anchor: m[3] });
  }
  return out;
}

/** Numbered headings of a doc ("## 2. The Microsoft model" -> "2", "### 2.6 Blocks" -> "2.6") and their anchors. */
function headings(markdown: string): { numbers: Set<string>; anchors: Set<string> } {
  const numbers = new Set<string>(),
    anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const h = /^#{1,4} (.*)$/.exec(line);
    if (!h) continue;
    const n = /^(\d+(?:\.\d+)*)\.?\s/.exec(h[1]!);
    if (n) numbers.add(n[1]!);
    anchors.add(
      h[1]!
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replaceAll(' ', '-'),
    );
  }
  return { numbers, anchors };
}

/** What is wrong with a mention, or undefined. */
function problem(m: Mention, docs: ReadonlyMap<string, string>): string | undefined {
  const text = docs.get(m.doc);
  if (text === undefined) return `${m.where}: docs/${m.doc}.md does not exist`;
  const h = headings(text);
  const missing = m.sections.filter((s) => !h.numbers.has(s));
  if (missing.length > 0) return `${m.where}: docs/${m.doc}.md has no section ${missing.join(', ')}`;
  if (m.anchor !== undefined && !h.anchors.has(m.anchor)) return `${m.where}: docs/${m.doc}.md has no heading #${m.anchor}`;
  return undefined;
}

function files(dir: string, skip: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (skip(p)) return [];
    return statSync(p).isDirectory() ? files(p, skip) : [p];
  });
}

const docs = new Map(
  readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => [f.slice(0, -3), readFileSync(join(DOCS, f), 'utf8')] as const),
);
const cited = [
  ...files(join(ROOT, 'src'), () => false),
  ...files(join(ROOT, 'scenarios'), () => false),
  ...files(join(ROOT, 'test'), (p) => p.includes(`${join('test', 'fixtures')}`) || p.endsWith('docs.test.ts')),
  join(ROOT, 'README.md'),
  join(ROOT, 'DESIGN.md'),
];

describe('docs/: every doc the project cites exists, with the cited section', () => {
  it('the project has its own docs/ with the model, parameters, MTA behaviours, outputs and stack', () => {
    for (const name of ['receiver-model', 'parameters', 'mta-behaviours', 'outputs', 'stack']) expect(docs.has(name), name).toBe(true);
  });

  it('every mention under src/, scenarios/, test/, README.md and DESIGN.md names an existing doc and section', () => {
    const all = cited.flatMap((f) => mentions(readFileSync(f, 'utf8'), relative(ROOT, f)));
    const problems = all.map((m) => problem(m, docs)).filter((p) => p !== undefined);
    expect(problems).toEqual([]);
    // the scan does find them (27 before the docs were written, more now)
    expect(all.length).toBeGreaterThanOrEqual(27);
    expect(all.filter((m) => m.sections.length > 0).length).toBeGreaterThanOrEqual(20);
  });

  it('the docs link to each other correctly (files, numbered sections, anchors)', () => {
    const all = [...docs].flatMap(([name, text]) => mentions(text, `docs/${name}.md`));
    expect(all.filter((m) => m.anchor !== undefined).length).toBeGreaterThan(0);
    expect(all.map((m) => problem(m, docs)).filter((p) => p !== undefined)).toEqual([]);
  });

  it('the checker catches a missing doc, a missing section and a missing anchor', () => {
    const fake = new Map([['x', '# X\n\n## 1. One\n\n### 1.2 Two\n']]);
    const check = (text: string) => mentions(text, 'f.ts').map((m) => problem(m, fake));
    expect(check('see docs/x.md 1.2')).toEqual([undefined]);
    expect(check('see docs/y.md')).toEqual(['f.ts: docs/y.md does not exist']);
    expect(check(' * (docs/x.md 1,\n * 1.3, 2)')).toEqual(['f.ts: docs/x.md has no section 1.3, 2']);
    expect(check('x 1.2 and [x](x.md#12-two) and [x](x.md#three)')).toEqual([undefined, 'f.ts: docs/x.md has no heading #three']);
    expect(check('docs/x.md section 1 and docs/x.md 1-1.2; receiver-model 2.6')).toEqual([
      undefined,
      undefined,
      'f.ts: docs/receiver-model.md does not exist',
    ]);
    expect(check('docs/reference/log_record.md, docs/userguide/x.md, the stack')).toEqual([]);
    expect(check('follows `docs/x.md` section 3')).toEqual(['f.ts: docs/x.md has no section 3']);
    expect(existsSync(DOCS)).toBe(true);
  });
});
