/**
 * summary.json is documented and honest: the committed JSON Schema and the README's field table
 * are what the code generates; a real summary.json validates against the (strict) schema, holds
 * numbers or null and never the strings "NaN" or "Infinity", and says null where a value is
 * undefined or never. UPDATE_SCHEMA=1 rewrites docs/summary.schema.json.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { comparePolicies } from '../../../src/run/run-scenario.ts';
import { writeComparisonReport } from '../../../src/report/write.ts';
import { runSummarySchema, summaryJsonSchema, summarySchema } from '../../../src/report/summary-schema.ts';
import { summaryFieldsMarkdown } from '../../../src/report/summary-doc.ts';
import { toJson } from '../../../src/report/json.ts';

const SCHEMA = 'docs/summary.schema.json';

describe('summary.json documentation', () => {
  it('docs/summary.schema.json is the schema the code generates', () => {
    const text = JSON.stringify(summaryJsonSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA === '1' || !existsSync(SCHEMA)) writeFileSync(SCHEMA, text);
    expect(readFileSync(SCHEMA, 'utf8')).toBe(text);
  });

  it("the README's summary.json section lists every field", () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = /<!-- summary-fields:begin[^>]*-->\n([\s\S]*?)<!-- summary-fields:end -->/.exec(readme)?.[1];
    expect(table).toBe(summaryFieldsMarkdown());
    for (const field of ['verdict.ranking[].reason', 'runs[].runs[].providers.<name>.refusedRate', 'runs[].runs[].latency.bulk.within24h'])
      expect(table).toContain(`\`${field}\``);
  });
});

describe('a real summary.json', () => {
  let dir = '';
  let text = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sum-'));
    await writeComparisonReport(comparePolicies(loadScenarioFile('test/fixtures/scenarios/tiny.yaml'), { seeds: 2 }), dir, { png: false });
    text = readFileSync(join(dir, 'summary.json'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates against the strict schema (every field written is documented)', () => {
    const r = summarySchema.safeParse(JSON.parse(text));
    expect(r.success ? [] : r.error.issues.slice(0, 5)).toEqual([]);
  });

  it('holds numbers or null, never "NaN" or "Infinity"', () => {
    expect(text).not.toMatch(/"(-?Infinity|NaN)"/);
    const naive = JSON.parse(text).runs.find((r: { policy: string }) => r.policy === 'naive').runs[0];
    expect(naive.daysToTarget).toBeNull(); // never reached
    expect(naive.latency.bulk.p95).toBeNull(); // more than 5 % of its mail was never delivered
    expect(naive.latency.bulk.neverDelivered).toBeGreaterThan(0);
    expect(naive.providers.yahoo.refusedRate).toBeNull(); // no attempts at Yahoo in this scenario
    expect(naive.providers.microsoft.refusedRate).toBeGreaterThan(naive.providers.microsoft.deferralRate);
  });

  it('toJson writes null for every non-finite number', () => {
    expect(toJson({ a: Number.NaN, b: Infinity, c: -Infinity, d: [1, Number.NaN] }, 0)).toBe('{"a":null,"b":null,"c":null,"d":[1,null]}\n');
    expect(runSummarySchema.safeParse(JSON.parse(toJson({ policy: 'x' }))).success).toBe(false);
  });
});
