/**
 * Writes a plan report into a directory: index.html, plan.json (the whole result but the runs),
 * plan.csv (day, IP, provider, hourly cap, daily cap), candidates.csv (every candidate the search
 * considered), plan-policy.yaml (the plan as a scenario's policy entry), charts/frontier and
 * charts/schedule (.vl.json, .svg, .png), and under comparison/ the comparison report of the plan
 * and its baselines (write.ts). Same result in, same bytes out; files written atomically.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PlanResult } from '../metrics/plan-result.ts';
import { planCharts } from './plan-charts.ts';
import { planHtml } from './plan-html.ts';
import { toCsv } from './csv.ts';
import { writeAtomic } from './files.ts';
import { writeComparisonReport, type ReportFiles } from './write.ts';

const finite = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

function candidatesCsv(r: PlanResult): string {
  const keys = r.space.map((s) => s.param);
  return toCsv(
    [
      'id',
      'stage',
      ...keys,
      'lower_bound_day',
      'seeds',
      'unsafe',
      'risk',
      'days_to_target',
      'median_days',
      'mean_worst_deferral',
      'dropped',
      'dropped_after_seeds',
    ],
    r.candidates.map((c) => [
      c.id,
      c.stage,
      ...keys.map((k) => c.params[k]!),
      c.lowerBound,
      c.stats.seeds,
      c.stats.unsafe,
      c.stats.risk,
      c.stats.days,
      c.stats.medianDays,
      c.stats.meanWorst,
      c.dropped?.reason ?? '',
      c.dropped?.seeds ?? '',
    ]),
  );
}

export async function writePlanReport(r: PlanResult, dir: string, o: { png?: boolean } = {}): Promise<ReportFiles> {
  const { vlToSvg, svgToPng } = await import('./render.ts');
  const files: string[] = [];
  const put = (name: string, data: string | Uint8Array) => {
    writeAtomic(join(dir, name), data);
    files.push(name);
  };
  const rendered: { id: string; title: string; svg: string }[] = [];
  for (const ch of planCharts(r)) {
    const svg = await vlToSvg(ch.spec);
    rendered.push({ id: ch.id, title: ch.title, svg });
    put(`charts/${ch.id}.vl.json`, JSON.stringify(ch.spec, null, 1) + '\n');
    put(`charts/${ch.id}.svg`, svg);
    if (o.png !== false) put(`charts/${ch.id}.png`, svgToPng(svg));
  }
  const { comparison, ...rest } = r;
  put('plan.json', JSON.stringify(rest, finite, 1) + '\n');
  put(
    'plan.csv',
    toCsv(
      ['day', 'ip', 'provider', 'hourly_cap', 'daily_cap'],
      r.schedule.map((s) => [s.day, s.ip, s.provider, s.hourlyCap, s.dailyCap]),
    ),
  );
  put('candidates.csv', candidatesCsv(r));
  if (r.chosen) put('plan-policy.yaml', stringify({ policies: [r.chosen.policy] }, { lineWidth: 0 }));
  put('index.html', planHtml(r, rendered));
  const sub = await writeComparisonReport(comparison, join(dir, 'comparison'), o);
  return { dir, files: [...files, ...sub.files.map((f) => `comparison/${f}`)] };
}
