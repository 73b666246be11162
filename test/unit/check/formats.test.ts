/** Report formats: JUnit XML structure (read back with a strict parser), GitHub workflow command lines, the text table, JSON. */
import { describe, expect, it } from 'vitest';
import { checkExpectations, type FileReport } from '../../../src/check/check.ts';
import { formatGithub, escapeData, escapeProperty } from '../../../src/check/format-github.ts';
import { formatJunit, xmlEscape } from '../../../src/check/format-junit.ts';
import { formatJson } from '../../../src/check/format-json.ts';
import { formatText } from '../../../src/check/format-text.ts';
import { replayCommand, shellWord } from '../../../src/check/replay.ts';
import { compile, runsOf } from './helpers.ts';
import { parseXml, type XmlElement } from './xml.ts';

const xs = (values: readonly (number | null)[], key = 'x') => values.map((v) => ({ [key]: v }));

function report(file: string, entries: string[], by: Record<string, readonly Record<string, unknown>[]>, seeds?: number[]): FileReport {
  const { expectations, issues } = compile(entries, { policies: Object.keys(by), file });
  expect(issues).toEqual([]);
  return checkExpectations(expectations, runsOf(by, seeds, file));
}

const failing = () =>
  report(
    'scenarios/a&b <"x">.yaml',
    ['{ policy: a, that: "x == 0", in: "95% of seeds" }', '{ that: "d <= 21" }', '{ policy: a, mean: "t < 10m" }'],
    {
      a: [
        { x: 0, d: 3, t: 60 },
        { x: 2, d: null, t: 90 },
        { x: 0, d: 4, t: 30 },
      ],
      b: [
        { x: 0, d: 1, t: 1 },
        { x: 0, d: 2, t: 2 },
        { x: 0, d: 3, t: 3 },
      ],
    },
    [7, 8, 9],
  );
const passing = () => report('ok.yaml', ['{ that: "x >= 0" }'], { a: xs([0, 1]) });

const child = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

describe('JUnit XML', () => {
  it('has the structure CI systems read: testsuites / testsuite / testcase / failure', () => {
    const root = parseXml(formatJunit([failing(), passing()]));
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '2' });
    const suites = child(root, 'testsuite');
    expect(suites.map((s) => [s.attrs['name'], s.attrs['tests'], s.attrs['failures']])).toEqual([
      ['scenarios/a&b <"x">.yaml', '3', '2'],
      ['ok.yaml', '1', '0'],
    ]);
    const cases = child(suites[0]!, 'testcase');
    expect(cases.map((c) => [c.attrs['name'], c.attrs['classname']])).toEqual([
      ['expect[0]: x == 0 in 95% of seeds', 't'],
      ['expect[1]: d <= 21', 't'],
      ['expect[2]: t < 10m (mean, 95% confidence)', 't'],
    ]);
    const failures = cases.map((c) => child(c, 'failure'));
    expect(failures.map((f) => f.length)).toEqual([1, 1, 0]);
    const f0 = failures[0]![0]!;
    expect(f0.attrs).toEqual({ message: 'a: holds on 2 of 3 seeds', type: 'ExpectationFailed' });
    expect(f0.text).toContain(`replay: warmup-sim run 'scenarios/a&b <"x">.yaml' --policy a --seed 8`);
    expect(failures[1]![0]!.attrs['message']).toBe('a: holds on 2 of 3 seeds');
    expect(failures[1]![0]!.text).toContain('failed on seed 8 (never)');
    expect(child(child(suites[0]!, 'properties')[0]!, 'property').map((p) => p.attrs)).toEqual([
      { name: 'scenario', value: 't' },
      { name: 'seeds', value: '7,8,9' },
    ]);
  });

  it('is read by a strict reader that rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/mismatched/);
    expect(() => parseXml('<a>x < y</a>')).toThrow();
    expect(() => parseXml('<a t="x&y"/>')).toThrow(/unknown entity|unterminated/);
    expect(() => parseXml('<a>')).toThrow(/unclosed/);
    expect(parseXml('<a t="&lt;&#65;&#x42;"> x </a>')).toEqual({ name: 'a', attrs: { t: '<AB' }, children: [], text: ' x ' });
  });

  it('escapes markup and replaces characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(xmlEscape('bell\u0007 nul\u0000 tab\t é 𝄞 \uD800')).toBe('bell\uFFFD nul\uFFFD tab\t é 𝄞 \uFFFD');
  });
});

describe('GitHub annotations', () => {
  it('writes one ::error line per failed policy, at the expression', () => {
    const lines = formatGithub([failing(), passing()]).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^::error file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::[^\n\r]*$/);
    expect(lines[0]).toBe(
      '::error file=scenarios/a&b <"x">.yaml,line=3,col=25,title=expectation failed%3A expect[0] (a)::x == 0 in 95%25 of seeds: holds on 2 of 3 seeds; observed median 0 (min 0, p5 0, p95 1.8, max 2)%0Afailed on seed 8 (2)%0Areplay: warmup-sim run \'scenarios/a&b <"x">.yaml\' --policy a --seed 8',
    );
    expect(lines[1]).toMatch(
      /^::error file=.*,line=4,col=14,title=expectation failed%3A expect\[1\] \(a\)::d <= 21: holds on 2 of 3 seeds; observed median 3.5 /,
    );
    expect(formatGithub([passing()])).toBe('');
  });

  it('escapes as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A');
  });
});

describe('text table', () => {
  it('lists every expectation and policy, then each failure with its replay lines', () => {
    const text = formatText([failing()]);
    // 95% of 3 seeds needs all 3 (ceil 2.85); the expression starts at line 3, column 25
    expect(text).toBe(
      [
        `t (scenarios/a&b <"x">.yaml), 3 seeds (7-9): 2 of 3 expectations failed`,
        '',
        'expect  policy  expectation                     observed over seeds                                            verdict                     result',
        '------  ------  ------------------------------  -------------------------------------------------------------  --------------------------  ------',
        '[0]     a       x == 0 in 95% of seeds          median 0 (min 0, p5 0, p95 1.8, max 2)                         holds on 2 of 3 seeds       FAIL',
        '[1]     a       d <= 21                         median 3.5 (min 3, p5 3.05, p95 3.95, max 4); never on 1 seed  holds on 2 of 3 seeds       FAIL',
        '[1]     b       d <= 21                         median 2 (min 1, p5 1.1, p95 2.9, max 3)                       holds on 3 of 3 seeds       PASS',
        '[2]     a       t < 10m (mean, 95% confidence)  mean 60s ± 50.6s                                               95% upper bound 111s < 10m  PASS',
        '',
        `FAIL [0] a: x == 0 in 95% of seeds (scenarios/a&b <"x">.yaml:3:25)`,
        '  failed on seed 8 (2)',
        `  replay: warmup-sim run 'scenarios/a&b <"x">.yaml' --policy a --seed 8`,
        `FAIL [1] a: d <= 21 (scenarios/a&b <"x">.yaml:4:14)`,
        '  failed on seed 8 (never)',
        `  replay: warmup-sim run 'scenarios/a&b <"x">.yaml' --policy a --seed 8`,
        '',
      ].join('\n'),
    );
  });

  it('says when every expectation passes', () => {
    expect(formatText([passing()]).split('\n')[0]).toBe('t (ok.yaml), 2 seeds (100-101): all 1 expectations pass');
  });
});

describe('JSON', () => {
  it('holds the results as data plus the printed phrases', () => {
    const j = JSON.parse(formatJson([failing(), passing()]));
    expect(j.passed).toBe(false);
    expect(j.files.map((f: { passed: boolean }) => f.passed)).toEqual([false, true]);
    const t = j.files[0].results[0].targets[0];
    expect(t).toMatchObject({
      policies: ['a'],
      passed: false,
      passing: 2,
      required: 3,
      failedSeeds: [8],
      verdict: 'holds on 2 of 3 seeds',
    });
    expect(t.comparisons[0].left.values).toEqual([0, 2, 0]);
    expect(t.failure).toEqual(['failed on seed 8 (2)', `replay: warmup-sim run 'scenarios/a&b <"x">.yaml' --policy a --seed 8`]);
    expect(j.files[0].results[2].targets[0].comparisons[0].bound).toMatchObject({ side: 'upper', n: 3, mean: -540 });
  });
});

describe('replay lines', () => {
  it('quote what a shell would split', () => {
    expect(replayCommand('scenarios/x.yaml', 'seed-playbook', 17)).toBe('warmup-sim run scenarios/x.yaml --policy seed-playbook --seed 17');
    expect(shellWord("my file's.yaml")).toBe(`'my file'\\''s.yaml'`);
    expect(shellWord('$HOME/x')).toBe(`'$HOME/x'`);
  });
});
