/**
 * Scenario validation that reports every problem in one pass: addresses checked as IPv4/IPv6
 * (node:net isIP), shares that must sum to 1, cross-field checks that run beside schema errors,
 * and files a policy names checked even when other fields are wrong.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadScenarioFile, loadScenarioText, ScenarioError, type ScenarioIssue } from '../../../src/scenario/load.ts';

const base = {
  name: 't',
  duration: '1d',
  ips: [{ address: '192.0.2.10', pool: 'p' }],
  domains: [{ name: 't.example.com' }],
  audience: { size: 1000, providers: { microsoft: 0.5, gmail: 0.5 }, segments: [{ name: 'engaged', preset: 'engaged', share: 1 }] },
  streams: [{ name: 'news', kind: 'bulk', domain: 't.example.com', pool: 'p', per_day: 100 }],
  policies: [{ name: 'naive', use: 'naive' }],
};

/** The issues of a scenario (as an object), or [] when it loads. */
function issues(raw: object): ScenarioIssue[] {
  try {
    loadScenarioText(stringify(raw), 'x.yaml', { baseDir: '/nonexistent' });
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.issues];
    throw e;
  }
}
const messages = (raw: object) => issues(raw).map((i) => `${i.path}: ${i.message}`);

describe('IP addresses', () => {
  const bad = 'expected an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::10';
  it.each([
    ['192.0.2.10', true],
    ['255.255.255.255', true],
    ['2001:db8::10', true],
    ['::1', true],
    ['::ffff:192.0.2.1', true],
    ['999.1.1.1', false],
    ['256.0.0.1', false],
    ['192.0.2.010', false],
    ['1.2.3', false],
    ['x:', false],
    ['2001:db8::g', false],
    ['', false],
  ])('%s valid: %s', (address, ok) => {
    expect(messages({ ...base, ips: [{ address, pool: 'p' }] })).toEqual(ok ? [] : [`ips[0].address: ${bad}`]);
  });
});

describe('shares sum to 1', () => {
  it.each([
    [{ microsoft: 0.5, gmail: 0.5 }, []],
    [{ microsoft: 0.333, gmail: 0.333, yahoo: 0.333 }, []],
    [{ microsoft: 1 }, []],
    [
      { microsoft: 0.5, gmail: 0.2 },
      ['audience.providers: shares sum to 0.7, expected 1; scaled to sum to 1 they would be microsoft: 0.714, gmail: 0.286'],
    ],
    [
      { microsoft: 0.6, gmail: 0.6 },
      ['audience.providers: shares sum to 1.2, expected 1; scaled to sum to 1 they would be microsoft: 0.5, gmail: 0.5'],
    ],
    [{ microsoft: 0 }, ['audience.providers: shares sum to 0, expected 1']],
  ])('providers %j', (providers, expected) => {
    expect(messages({ ...base, audience: { ...base.audience, providers } })).toEqual(expected);
  });

  it('segments too', () => {
    const segments = [
      { name: 'a', preset: 'engaged', share: 0.5 },
      { name: 'b', preset: 'lapsed', share: 0.25 },
    ];
    expect(messages({ ...base, audience: { ...base.audience, segments } })).toEqual([
      'audience.segments: shares sum to 0.75, expected 1; scaled to sum to 1 they would be a: 0.667, b: 0.333',
    ]);
  });
});

describe('one pass', () => {
  it('cross-field checks run beside errors elsewhere in the file', () => {
    const raw = { ...base, duration: 'soon', streams: [{ ...base.streams[0], pool: 'q', domain: 'u.example.com', segments: ['vip'] }] };
    expect(messages(raw)).toEqual([
      'duration: invalid duration "soon" (expected e.g. "30m", "2h", "7d" or seconds >= 0)',
      'streams[0].domain: unknown sending domain "u.example.com" (domains: t.example.com)',
      'streams[0].pool: unknown pool "q" (pools: p)',
      'streams[0].segments[0]: unknown segment "vip" (segments: engaged)',
    ]);
  });

  it('a shaping file that does not exist is reported beside schema errors, and duplicate names beside bad parameters', () => {
    const raw = {
      ...base,
      audience: { ...base.audience, size: -1 },
      policies: [
        { name: 'k', use: 'kumomta', shaping: 'missing.toml' },
        { name: 'n', use: 'naive', retry_after: 'often' },
        { name: 'k', use: 'naive' },
      ],
    };
    expect(messages(raw)).toEqual([
      'audience.size: Too small: expected number to be >=1',
      'policies[0].shaping: cannot load the shaping file "missing.toml" (no such file)',
      'policies[1].retry_after: invalid duration "often" (expected e.g. "30m", "2h", "7d" or seconds >= 0)',
      'policies[2].name: duplicate policy name "k"',
    ]);
  });

  it('the many-problems fixture: every problem, in file order, each at its line and column', () => {
    let got: ScenarioIssue[] = [];
    try {
      loadScenarioFile('test/fixtures/scenarios/many-problems.yaml');
    } catch (e) {
      got = [...(e as ScenarioError).issues];
    }
    expect(got.map((i) => `${i.line}:${i.col} ${i.path}`)).toEqual([
      '5:16 ips[0].address',
      '6:16 ips[1].address',
      '10:9 audience.size',
      '11:14 audience.providers',
      '13:5 audience.segments',
      '16:39 streams[0].domain',
      '16:60 streams[0].pool',
      '18:28 policies[0].use',
      '19:45 policies[1].retry_after',
      '20:42 policies[2].shaping',
      '22:28 expect[0].that',
      '23:15 expect[1].policy',
    ]);
  });

  it('at most 100 problems, then how many more', () => {
    const ips = Array.from({ length: 150 }, (_, i) => ({ address: `300.0.0.${i}`, pool: 'p' }));
    const got = messages({ ...base, ips });
    expect(got).toHaveLength(101);
    expect(got[100]).toBe(': and 50 more problems');
  });
});
