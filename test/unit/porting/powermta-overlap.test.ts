/**
 * Overlapping `domains` blocks of the powermta policy (src/policies/powermta/params.ts): each
 * `match` entry is its own block, `*` entries merge into `<domain *>` in list order and named
 * entries win over them field by field, as PowerMTA resolves most specific first. The export
 * writes one `<domain *>` per scope and the import reads it back to the same per-queue settings.
 * The first case is the counterexample fast-check found in test/property/porting.prop.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pmtaNative } from '../../../src/policies/porting/native-export.ts';
import { importPowermta } from '../../../src/policies/porting/powermta-import.ts';
import { findPolicy } from '../../../src/policies/registry.ts';
import { settingsFor, type PowermtaParams } from '../../../src/policies/powermta/params.ts';

const IPS = ['192.0.2.10', '192.0.2.11'];
const OUTLOOK = ['hotmail.com', 'outlook.com'];
const GMAIL = ['gmail.com'];
const parse = (raw: unknown) => findPolicy('powermta')!.params.parse(raw) as PowermtaParams;
const exported = (p: PowermtaParams) =>
  pmtaNative(
    p,
    IPS.map((address) => ({ address, pool: 'p' })),
    [],
  ).files['config']!;
const reimported = (config: string) => {
  const back = importPowermta(config, 'config', { name: 'p', sources: {} });
  if (!back.ok) throw new Error(JSON.stringify(back.issues));
  const { name: _n, use: _u, ...params } = back.entry;
  return parse(params);
};
/** retry-after per (site, IP): Outlook.com then Gmail, for each IP. */
const retries = (p: PowermtaParams) => IPS.flatMap((ip) => [OUTLOOK, GMAIL].map((d) => settingsFor(p, d, ip).retry_after));
/** The lines of the top-level block opened by `open`. */
const block = (config: string, open: string) => {
  const lines = config.split('\n');
  const at = lines.indexOf(open);
  return at < 0 ? undefined : lines.slice(at + 1, lines.indexOf('</domain>', at)).map((l) => l.trim());
};

describe('powermta: overlapping <domain> blocks', () => {
  // fast-check counterexample (FC_SEED=1018736675): two blocks both covering `*`
  const counterexample = parse({
    domains: [
      { match: ['outlook.com', '*'], retry_after: '1m' },
      { match: ['*'], retry_after: '2m' },
    ],
  });

  it('the policy: the later `*` block wins for every domain, the block naming outlook.com wins for its site', () => {
    expect(retries(counterexample)).toEqual([[60], [120], [60], [120]]);
  });

  it('the export writes one <domain *> (the two `*` entries merged, the later winning) and outlook.com its own block', () => {
    const config = exported(counterexample);
    expect(config.match(/^<domain \*>$/gm)).toHaveLength(1);
    expect(block(config, '<domain *>')).toContain('retry-after 2m');
    expect(block(config, '<domain *>')).not.toContain('retry-after 1m');
    expect(block(config, '<domain outlook.com>')).toEqual(['retry-after 1m']);
    expect(config).not.toMatch(/domain-macro .*\*/);
  });

  it('the re-imported config gives every queue the same settings', () => {
    const back = reimported(exported(counterexample));
    expect(retries(back)).toEqual([[60], [120], [60], [120]]);
    for (const ip of IPS)
      for (const d of [OUTLOOK, GMAIL, ['yahoo.com']]) expect(settingsFor(back, d, ip)).toEqual(settingsFor(counterexample, d, ip));
  });

  it('import: a `*` in a domain-macro counts as a <domain *> in file order; its other names keep the block as theirs', () => {
    const config = [
      'domain-macro m1 outlook.com, *',
      '<domain *>',
      '  retry-after 5m',
      '  max-smtp-out 7',
      '</domain>',
      '<domain $m1>',
      '  retry-after 1m',
      '</domain>',
      '<domain *>',
      '  retry-after 2m',
      '</domain>',
    ].join('\n');
    const p = reimported(config);
    expect(retries(p)).toEqual([[60], [120], [60], [120]]);
    expect(settingsFor(p, GMAIL, IPS[0]!).max_smtp_out).toBe(7);
  });

  it('per-VMTA blocks: their `*` entries merge into the VMTA’s one <domain *>, in order, field by field', () => {
    const p = parse({
      max_smtp_out: 20,
      domains: [
        { match: ['*', 'gmail.com'], ips: [IPS[1]], retry_after: '1m', max_smtp_out: 3 },
        { match: ['*'], ips: [IPS[1]], retry_after: '2m' },
      ],
    });
    expect(retries(p)).toEqual([[600], [600], [120], [60]]);
    const config = exported(p);
    const vmta = config.slice(config.indexOf('<virtual-mta ip-2>'));
    expect(vmta.match(/<domain \*>/g)).toHaveLength(1);
    expect(vmta).toMatch(/<domain \*>\n {4}max-smtp-out 3\n {4}retry-after 2m\n {2}<\/domain>/);
    const back = reimported(config);
    expect(retries(back)).toEqual(retries(p));
    expect(settingsFor(back, OUTLOOK, IPS[1]!).max_smtp_out).toBe(3);
  });
});
