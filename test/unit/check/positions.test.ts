/**
 * Error positions inside YAML scalars: compiled expectations report file:line:col of the exact
 * character, for plain, quoted (with escapes) and block scalars; and a property: walking a
 * scalar's source reproduces the YAML parser's value, each character at its source position.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Document, isScalar, parseDocument, type Scalar } from 'yaml';
import { z } from 'zod';
import { fcParams } from '../../support/fc-config.ts';
import { compileExpectations } from '../../../src/check/compile.ts';
import { expectEntrySchema } from '../../../src/check/schema.ts';
import { formatCheckIssue } from '../../../src/check/errors.ts';
import { mapScalar, type ScalarStyle } from '../../../src/check/scalar-map.ts';

/** Line:col (1-based) of the n-th occurrence of `marker` in `text`. */
function posOf(text: string, marker: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(marker, i + 1);
  if (i < 0) throw new Error(`no ${marker}`);
  const before = text.slice(0, i);
  return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
}

function issuesOf(body: string, policies = ['a', 'b']): string[] {
  const text = `name: t\nexpect:\n${body}`;
  const specs = z.array(expectEntrySchema).parse((parseDocument(text).toJS() as { expect: unknown[] }).expect);
  return compileExpectations(specs, { file: 'f.yaml', text, policies }).issues.map(formatCheckIssue);
}

describe('positions of errors in expressions', () => {
  const cases: [string, string, string, number?][] = [
    ['double quotes', '  - { policy: a, that: "outlok_blocks == 0" }\n', 'outlok'],
    ['plain', '  - policy: a\n    that: days_to_targt <= 21\n', 'days_to_targt'],
    ['single quotes', "  - { that: 'delivered > 0 and zzz > 1' }\n", 'zzz'],
    ['an escape before it', '  - { that: "delivered > 0 and\\tzzz > 1" }\n', 'zzz'],
    ['a doubled single quote before it', "  - { that: 'delivered > 0 or ''q'' > 1' }\n", "''"],
    ['folded plain lines', '  - policy: a\n    that: delivered > 0 and\n      outlok_blocks == 0\n', 'outlok'],
    ['folded double-quoted lines', '  - that: "delivered > 0\n      and zzz > 1"\n', 'zzz'],
    ['an escaped line break', '  - that: "delivered > 0 and \\\n      zzz > 1"\n', 'zzz'],
    ['a literal block', '  - that: |\n      delivered > 0\n      and zzz > 1\n', 'zzz'],
    ['a folded block', '  - that: >-\n      delivered > 0\n\n      and zzz > 1\n', 'zzz'],
    ['a block with an indentation indicator', '  - that: |2\n       delivered > 0 and zzz > 1\n', 'zzz'],
    ['the second entry', '  - { that: "delivered > 0" }\n  - { that: "delivered > 0 and not zzz" }\n', 'zzz'],
    ['the end of the text', '  - { that: "delivered >" }\n', '" }'],
  ];
  it.each(cases)('%s', (_what, body, marker) => {
    const issues = issuesOf(body);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^f\\.yaml:${posOf(`name: t\nexpect:\n${body}`, marker)} expect\\[\\d\\]\\.that: `));
  });

  it('reads as file:line:col path: message', () => {
    expect(issuesOf('  - { policy: a, that: "outlok_blocks == 0" }\n')).toEqual([
      'f.yaml:3:25 expect[0].that: unknown metric "outlok_blocks"; did you mean "outlook_blocks"?',
    ]);
    expect(issuesOf('  - { policy: a, mean: "delivered == 5" }\n')).toEqual([
      'f.yaml:3:35 expect[0].mean: a confidence bound needs <, <=, > or >= (== has no one-sided bound)',
    ]);
  });

  it('locates unknown policy names at their node', () => {
    const body =
      '  - { policy: kuma, that: "x > 1" }\n  - { compare: [a, naiv], that: "a.x > naiv.x" }\n  - { policy: [a, c], that: "x > 1" }\n';
    const text = `name: t\nexpect:\n${body}`;
    const specs = z.array(expectEntrySchema).parse((parseDocument(text).toJS() as { expect: unknown[] }).expect);
    const r = compileExpectations(specs, {
      file: 'f.yaml',
      text,
      policies: ['kumo', 'a', 'naive'],
      catalogue: [{ name: 'x', unit: 'count', doc: '', get: () => 1 }],
    });
    expect(r.issues.map(formatCheckIssue)).toEqual([
      `f.yaml:${posOf(text, 'kuma')} expect[0].policy: unknown policy "kuma" (did you mean "kumo"?)`,
      `f.yaml:${posOf(text, 'naiv]')} expect[1].compare[1]: unknown policy "naiv" (did you mean "naive"?)`,
      `f.yaml:${posOf(text, 'c]')} expect[2].policy[1]: unknown policy "c" (did you mean "a"?)`,
    ]);
    expect(r.expectations).toEqual([]);
  });

  it('records where each expression starts', () => {
    const text = 'name: t\nexpect:\n  - { that: "delivered > 0" }\n  - that: outlook_blocks == 0\n';
    const specs = z.array(expectEntrySchema).parse((parseDocument(text).toJS() as { expect: unknown[] }).expect);
    const r = compileExpectations(specs, { file: 'f.yaml', text, policies: ['a'] });
    expect(r.expectations.map((e) => `${e.at.line}:${e.at.col}`)).toEqual([posOf(text, 'delivered'), posOf(text, 'outlook')]);
  });
});

describe('scalar source walk (property, against the yaml parser)', () => {
  const STYLES: ScalarStyle[] = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];
  const chars = fc.constantFrom(...'ab x<=5%.:#\'"\\\t\n-é✓'.split(''), '𝄞');
  it('gives the parsed value, each character at its source position', () => {
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 60 }).map((a) => a.join('')),
        fc.constantFrom(...STYLES),
        fc.integer({ min: 20, max: 80 }),
        (value, style, width) => {
          const doc = new Document({ expect: [{ that: value }] });
          (doc.getIn(['expect', 0, 'that'], true) as Scalar).type = style;
          const text = doc.toString({ lineWidth: width, minContentWidth: 10 });
          const node = parseDocument(text).getIn(['expect', 0, 'that'], true);
          if (!isScalar(node) || node.value !== value || !node.range) return; // the printer chose something the parser reads differently
          const source = text.slice(node.range[0], node.range[1]);
          const m = mapScalar(source, node.type as ScalarStyle, value);
          expect(m.value).toBe(value);
          for (let i = 0; i < value.length; i++) {
            const c = value[i]!;
            if (c === ' ' || c === '\n' || c === '\t') continue;
            expect([c, '\\']).toContain(source[m.at[i]!]);
          }
        },
      ),
      fcParams(400),
    );
  });
});
