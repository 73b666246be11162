/**
 * Writes a comparison report into a directory: index.html, summary.json, the CSV files (daily,
 * hourly, per IP, per stream, per provider, connections, SNDS rows) and charts/<id>.vl.json, .svg
 * and .png. Same comparison in, same bytes out (no timestamps). Files are written atomically.
 */
import { join } from 'node:path';
import type { Comparison } from '../metrics/comparison.ts';
import { aggregate } from './aggregate.ts';
import { comparisonCharts } from './charts.ts';
import { reportHtml, type ExtraTable } from './html.ts';
import { dailyCsv, hourlyCsv } from './csv.ts';
import { connectionsHourlyCsv, perIpDailyCsv, perStreamDailyCsv } from './csv-ip.ts';
import { providersCsv, sndsCsv } from './csv-more.ts';
import { writeAtomic } from './files.ts';
import { summaryJson } from './summary-json.ts';
import { verdict } from './verdict.ts';

export interface ReportFiles {
  readonly dir: string;
  readonly files: readonly string[];
}

export async function writeComparisonReport(
  c: Comparison,
  dir: string,
  o: { png?: boolean; tables?: readonly ExtraTable[] } = {},
): Promise<ReportFiles> {
  // the chart stack (Vega, Vega-Lite, resvg: ~0.3 s to load) only when a report is written, not
  // at every start of the CLI (validate, schema, policies, a sweep shard...)
  const { vlToSvg, svgToPng } = await import('./render.ts');
  const { policies, pairs } = aggregate(c);
  const charts = comparisonCharts(c, policies);
  const files: string[] = [];
  const put = (name: string, data: string | Uint8Array) => {
    writeAtomic(join(dir, name), data);
    files.push(name);
  };
  const rendered: { id: string; title: string; svg: string }[] = [];
  for (const ch of charts) {
    const svg = await vlToSvg(ch.spec);
    rendered.push({ id: ch.id, title: ch.title, svg });
    put(`charts/${ch.id}.vl.json`, JSON.stringify(ch.spec, null, 1) + '\n');
    put(`charts/${ch.id}.svg`, svg);
    if (o.png !== false) put(`charts/${ch.id}.png`, svgToPng(svg));
  }
  const v = verdict(c);
  put('summary.json', summaryJson(c, policies, pairs, v));
  put('hourly.csv', hourlyCsv(c));
  put('daily.csv', dailyCsv(c));
  put('per-ip-daily.csv', perIpDailyCsv(c));
  put('per-stream-daily.csv', perStreamDailyCsv(c));
  put('providers.csv', providersCsv(c));
  put('connections-hourly.csv', connectionsHourlyCsv(c));
  put('snds.csv', sndsCsv(c));
  put('index.html', reportHtml(c, policies, pairs, rendered, o.tables ?? []));
  return { dir, files };
}
