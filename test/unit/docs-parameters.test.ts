/** docs/parameters.md is generated (tools/params-doc.ts): it must be current and cover every table entry. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PARAMETERS_MD, parametersMarkdown } from '../../tools/params-doc.ts';
import { PROVIDERS } from '../../src/providers/registry.ts';
import { POLICIES } from '../../src/policies/registry.ts';
import type { ParamDef } from '../../src/receivers/params.ts';

const committed = readFileSync(PARAMETERS_MD, 'utf8');

describe('docs/parameters.md', () => {
  it('is what `npm run docs:params` writes today (regenerate it after changing a parameter table)', () => {
    expect(committed).toBe(parametersMarkdown());
  });

  it('has a row for every receiver parameter: name, default, doc line, evidence', () => {
    let rows = 0;
    const tables = new Set<object>();
    for (const p of PROVIDERS) {
      if (tables.has(p.params)) {
        expect(committed).toContain(`### ${p.name}\n`);
        continue;
      }
      tables.add(p.params);
      for (const [name, d] of Object.entries(p.params)) {
        const row = `| \`${name}\` | \`${JSON.stringify(d.default)}\` | ${d.doc.replaceAll('|', '\\|')} | ${d.evidence.replaceAll('|', '\\|')} |`;
        expect(committed, `${p.name}.${name}`).toContain(row);
        rows++;
      }
    }
    expect(rows).toBeGreaterThanOrEqual(100);
  });

  it('has a row for every policy parameter (nested ones as parent.child)', () => {
    for (const d of POLICIES) {
      const schema = z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) as {
        properties: Record<string, { properties?: object }>;
      };
      const section = committed.slice(committed.indexOf(`### ${d.name}\n`));
      expect(section.length, d.name).toBeLessThan(committed.length);
      for (const [name, s] of Object.entries(schema.properties)) {
        const names = s.properties === undefined ? [name] : Object.keys(s.properties).map((k) => `${name}.${k}`);
        for (const n of names) expect(section, `${d.name}.${n}`).toContain(`| \`${n}\` |`);
      }
    }
    expect(committed).toContain('| `microsoft.initial_rate_per_ip_per_hour` | number > 0 | `20` |');
    expect(committed).toContain('| `retry_interval` | number or string | `1200` s (20m) |');
  });

  it('goes stale when a default changes (the first test can fail)', () => {
    const table = PROVIDERS[0]!.params as Record<string, ParamDef>;
    const name = Object.keys(table)[0]!;
    const old = table[name]!;
    try {
      table[name] = { ...old, default: typeof old.default === 'number' ? old.default + 1 : `${String(old.default)}x` };
      expect(parametersMarkdown()).not.toBe(committed);
    } finally {
      table[name] = old;
    }
    expect(parametersMarkdown()).toBe(committed);
  });
});
