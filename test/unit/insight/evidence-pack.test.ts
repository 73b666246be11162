/**
 * `evidence-pack`: the committed example (examples/evidence-pack/) is what the code makes from
 * its scenario and facts; the pack refuses, with the reason, when the article's condition for
 * contacting Microsoft fails (a cold list, failing authentication, deferrals that stopped, no
 * planned warm-up, an IP without Microsoft mail); the facts file's errors are file:line:col.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnds } from '../../../src/logs/index.ts';
import { sndsExport } from '../../../src/insight/sim-snds.ts';
import { evidencePack } from '../../../src/insight/evidence-pack.ts';
import { parseSenderFacts, FactsError, type SenderFacts } from '../../../src/insight/sender-facts.ts';
import { toHtml, toMarkdown } from '../../../src/insight/doc.ts';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import type { LogFacts } from '../../../src/insight/facts.ts';
import { factsOf, simulateLog, situation, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);
const EX = 'examples/evidence-pack';
const FACTS_TEXT = readFileSync(`${EX}/facts.yaml`, 'utf8');
const FACTS = parseSenderFacts(FACTS_TEXT, 'facts.yaml');

async function logFacts(
  scenario: Parameters<typeof simulateLog>[0],
  name: string,
  o: { policy?: string; seed?: number } = {},
): Promise<LogFacts> {
  const { o: run, path } = simulateLog(scenario, 'kumomta', join(tmp.dir, `${name}.jsonl`), o);
  const f = await factsOf('kumomta', path);
  await readSnds(Buffer.from(sndsExport(run.run)), (r) => f.snds.push(r));
  return f;
}

describe('evidence-pack', async () => {
  const example = await logFacts(loadScenarioFile(`${EX}/scenario.yaml`), 'example');

  it('makes the committed example (Markdown and HTML) from its scenario and facts', () => {
    const pack = evidencePack(example, FACTS, false);
    expect(pack.ok).toBe(true);
    if (!pack.ok) return;
    expect(toMarkdown(pack.blocks)).toBe(readFileSync(`${EX}/request.md`, 'utf8'));
    expect(toHtml(pack.title, pack.blocks)).toBe(readFileSync(`${EX}/request.html`, 'utf8'));
    expect(readFileSync(`${EX}/snds.csv`, 'utf8').split('\n')[0]).toMatch(/^192\.0\.2\.2[01],3\/2\/2026 12:00 AM,/);
  });

  it('carries the checklist: IP details, volume plan, mail type, proof points with exact replies, JMRP', () => {
    const md = readFileSync(`${EX}/request.md`, 'utf8');
    for (const h of ['## 1. IP details', '## 2. Volume plan', '## 3. Mail type', '## 4. Proof points', '## 5. Feedback loops'])
      expect(md).toContain(h);
    expect(md).toContain('| 192.0.2.20 | mta1.news.example.com | mta1.news.example.com | news.example.com | dedicated |');
    expect(md).toMatch(
      /451 4\.7\.650 The mail server \[192\.0\.2\.20\] has been temporarily rate limited due to IP reputation\..*\(S775\)\n {2}\d+ times from 192\.0\.2\.20/,
    );
    expect(md).toContain('We are enrolled in JMRP');
    expect(md).toContain('Expected steady state: 8,000 messages a day');
  });

  const refuse = (f: LogFacts, facts: SenderFacts = FACTS) => {
    const p = evidencePack(f, facts, false);
    return p.ok ? [] : p.reasons;
  };
  const change = (o: Record<string, unknown>): SenderFacts => ({ ...FACTS, ...o }) as SenderFacts;

  it('refuses a cold list: the stream is not clean', async () => {
    const cold = await logFacts(situation('cold', 'ramp'), 'cold', { policy: 'playbook', seed: 1 });
    const facts = change({ ips: FACTS.ips.map((ip) => ({ ...ip })) });
    const reasons = refuse(cold, facts);
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    expect(reasons.some((r) => /^192\.0\.2\.20: the stream is not clean: .*unknown users/.test(r))).toBe(true);
  });

  it('refuses failing authentication, no planned warm-up, and an IP without Microsoft mail', () => {
    expect(refuse(example, change({ authentication: { ...FACTS.authentication, dkim: 'fail' } }))).toEqual([
      "authentication fails: DKIM is 'fail'",
    ]);
    expect(refuse(example, change({ authentication: { ...FACTS.authentication, pass_rate: 0.9 } }))).toEqual([
      'authentication fails: pass rate 90.0 % is under 98 %',
    ]);
    expect(refuse(example, change({ planned_warmup: false }))[0]).toMatch(/^the IPs are not part of a planned warm-up/);
    expect(refuse(example, change({ ips: [...FACTS.ips, { ...FACTS.ips[0]!, ip: '192.0.2.99' }] }))).toEqual([
      '192.0.2.99: no Microsoft mail from this IP in the logs',
    ]);
  });

  it('refuses when the deferrals stopped before the end of the logs', async () => {
    const eased = await logFacts(situation('engaged', 'ramp'), 'eased', { policy: 'playbook', seed: 1 });
    const reasons = refuse(eased);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/^192\.0\.2\.20: deferrals have not continued across 3 days up to the last day of the logs/);
  });

  /** The example facts with one top-level key's lines replaced by `tail`. */
  const without = (key: string, tail: string) => {
    const lines = FACTS_TEXT.split('\n');
    const kept = lines.filter(
      (l, i) => !l.startsWith(`${key}:`) && !(key === 'ips' && l.startsWith('  - ') && lines.slice(0, i).some((x) => x.startsWith('ips:'))),
    );
    return `${kept.join('\n')}\n${tail}`;
  };

  it.each([
    ['planned_warmup', 'planned_warmup: yes\n', /^facts\.yaml:13:17 planned_warmup: Invalid input: expected boolean, received string$/],
    [
      'ips',
      'ips:\n  - { ip: nope, hostname: h, rdns: r, domain: d, dedicated: true }\n',
      /^facts\.yaml:12:11 ips\[0\]\.ip: expected an IPv4 or IPv6 address$/,
    ],
    ['jmrp', 'jmrp: true\njmrp: false\n', /^facts\.yaml:14:1 YAML duplicate key: /],
    ['colour', 'colour: blue\n', /^facts\.yaml:14:1 unknown key "colour"$/],
  ])('facts errors are one line with file:line:col (%s)', (key, tail, message) => {
    let err: unknown;
    try {
      parseSenderFacts(without(key, tail), 'facts.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FactsError);
    expect((err as Error).message).toMatch(message);
  });

  it('escapes what the facts say: pipes in Markdown tables, markup in HTML', () => {
    const f = change({ mail_description: 'a <b>bold</b> | claim' });
    const p = evidencePack(example, f, false);
    if (!p.ok) throw new Error(p.reasons.join('; '));
    expect(toHtml(p.title, p.blocks)).toContain('a &lt;b&gt;bold&lt;/b&gt; | claim');
    expect(toMarkdown([{ header: ['a|b'], table: [['c|d']] }])).toBe('| a\\|b |\n|---|\n| c\\|d |\n');
  });
});
