import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { comparePolicies } from '../../../src/run/run-scenario.ts';
import { writeComparisonReport } from '../../../src/report/write.ts';
import { escapeHtml } from '../../../src/report/html.ts';
import { sampleQuantile, signTest, band } from '../../../src/report/stats.ts';
import { HIST_BUCKETS, bucketOf, quantile } from '../../../src/metrics/histogram.ts';
import { readFileSync as read } from 'node:fs';

const tiny = read('test/fixtures/scenarios/tiny.yaml', 'utf8');

describe('report files', () => {
  const evil = tiny.replace('name: tiny', 'name: "<script>alert(1)</script>"\ndescription: "a & b <img src=x onerror=alert(2)>"');
  const loaded = loadScenarioText(evil, 'evil.yaml');
  const c = comparePolicies(loaded, { seeds: 2 });

  it('a rerun writes byte-identical files', async () => {
    const a = mkdtempSync(join(tmpdir(), 'rep-a-')),
      b = mkdtempSync(join(tmpdir(), 'rep-b-'));
    try {
      const fa = await writeComparisonReport(c, a);
      await writeComparisonReport(comparePolicies(loaded, { seeds: 2 }), b);
      // 6 charts x (.vl.json, .svg, .png), index.html, summary.json and 7 CSV files
      expect(fa.files.length).toBe(27);
      expect(fa.files.filter((f) => f.endsWith('.csv')).sort()).toEqual([
        'connections-hourly.csv',
        'daily.csv',
        'hourly.csv',
        'per-ip-daily.csv',
        'per-stream-daily.csv',
        'providers.csv',
        'snds.csv',
      ]);
      for (const f of fa.files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
      expect(readdirSync(a).some((f) => f.endsWith('.tmp'))).toBe(false);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('index.html is self-contained and escapes scenario text', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rep-h-'));
    try {
      await writeComparisonReport(c, d, { png: false });
      const html = readFileSync(join(d, 'index.html'), 'utf8');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('a &amp; b &lt;img src=x onerror=alert(2)&gt;');
      // no reference to anything outside the report (SVG namespace declarations are not fetched): links
      // only to the report's own files beside index.html, every one of which exists
      const tags = [...html.matchAll(/<[^>]+>/g)].map((m) => m[0]).join('\n');
      const refs = [...tags.matchAll(/\b(?:src|href)\s*=\s*["']?([^"' >]+)/gi)].map((m) => m[1]!);
      expect(tags).not.toMatch(/\bsrc\s*=/i);
      expect(refs.length).toBeGreaterThanOrEqual(8);
      for (const r of refs) {
        expect(r).toMatch(/^[a-z0-9-]+(\/[a-z0-9-]+)?\.(json|csv|png)$/);
        if (!r.endsWith('.png')) expect(existsSync(join(d, r)), r).toBe(true);
      }
      expect(html.replaceAll(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/@import|url\((?!#)/); // only in-document fragments such as url(#gradient_0)
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('escapeHtml', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('statistics behind the tables', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0.5, 3],
    [[1, 2, 3, 4, 5], 0.05, 1.2],
    [[1, 2, 3, 4, 5], 0.95, 4.8],
    [[10], 0.95, 10],
    [[3, 1, 2, Number.NaN], 0.5, 2],
  ])('sampleQuantile(%j, %f) = %f', (xs, q, want) => {
    expect(sampleQuantile(xs, q)).toBeCloseTo(want, 9);
  });

  it('sampleQuantile of nothing is NaN', () => {
    expect(sampleQuantile([], 0.5)).toBeNaN();
  });

  it.each([
    [5, 0, 0.0625],
    [0, 5, 0.0625],
    [3, 2, 1],
    [10, 0, 0.001953125],
    [8, 2, 0.109375],
    [0, 0, 1],
  ])('sign test: %d wins, %d losses -> p = %f', (w, l, p) => {
    expect(signTest(w, l)).toBeCloseTo(p, 9);
  });

  it('band: mean and 5-95 %', () => {
    expect(band([1, 2, 3, 4, 5])).toEqual({ mean: 3, p5: 1.2, p95: 4.8 });
  });

  it('latency percentiles from the log histogram match a table of known inputs (within one bucket, never below)', () => {
    const h = new Float64Array(HIST_BUCKETS);
    const xs = [
      ...Array.from({ length: 50 }, () => 10),
      ...Array.from({ length: 40 }, () => 100),
      ...Array.from({ length: 9 }, () => 1000),
      86400,
    ];
    for (const x of xs) h[bucketOf(x)]!++;
    const cases: [number, number][] = [
      [0.5, 10],
      [0.9, 100],
      [0.95, 1000],
      [0.99, 1000],
      [1, 86400],
    ];
    for (const [q, exact] of cases) {
      const got = quantile(h, 0, q, 86400);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.045 + 0.05);
    }
    expect(quantile(new Float64Array(HIST_BUCKETS), 0, 0.5, 0)).toBeNaN();
  });
});
