/**
 * index.html: one self-contained page (inline SVG and CSS, no script, no font or image from the
 * network) with the outcomes table (mean and 5-95 % band over seeds), the paired comparisons and
 * the charts. Every text taken from the scenario is escaped.
 */
import type { Comparison } from '../metrics/comparison.ts';
import { OUTCOMES, type PairComparison, type PolicyAggregate } from './aggregate.ts';

export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

export function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return x === Infinity || (unit === 'days' && Number.isNaN(x)) ? 'never' : '–';
  if (unit === '%') return `${(x * 100).toFixed(x < 0.001 ? 3 : x < 0.1 ? 2 : 1)} %`;
  if (unit === 's')
    return x >= 86400
      ? `${(x / 86400).toFixed(1)} d`
      : x >= 3600
        ? `${(x / 3600).toFixed(1)} h`
        : x >= 60
          ? `${(x / 60).toFixed(1)} min`
          : `${x.toFixed(1)} s`;
  if (unit === 'days') return x.toFixed(1);
  return Math.abs(x) >= 100 || Number.isInteger(x) ? Math.round(x).toLocaleString('en-US') : x.toFixed(2);
}

/** The report pages' styles (also the plan report's, plan-html.ts). */
export const REPORT_CSS = `body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:24px auto;max-width:1100px;color:#222;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#f4f4f4}.band{color:#777;font-size:.85em}
.best{font-weight:bold;background:#eef8ec}.muted{color:#777}.hidden{border-left:4px solid #b44;padding-left:10px}
figure{margin:1em 0}svg{max-width:100%;height:auto}`;

export function reportHtml(
  c: Comparison,
  aggs: readonly PolicyAggregate[],
  pairs: readonly PairComparison[],
  charts: readonly { id: string; title: string; svg: string }[],
): string {
  const head = `<tr><th>outcome</th>${aggs.map((a) => `<th>${escapeHtml(a.policy)}</th>`).join('')}</tr>`;
  const body = OUTCOMES.map((o) => {
    const means = aggs.map((a) => a.outcomes[o.key]!.mean);
    const finite = means.filter(Number.isFinite);
    const best = finite.length > 1 ? (o.higherIsBetter ? Math.max(...finite) : Math.min(...finite)) : Number.NaN;
    const cells = aggs.map((a, i) => {
      const b = a.outcomes[o.key]!;
      const band = c.seeds.length > 1 ? `<br><span class="band">[${fmt(b.p5, o.unit)} – ${fmt(b.p95, o.unit)}]</span>` : '';
      return `<td${means[i] === best ? ' class="best"' : ''}>${fmt(b.mean, o.unit)}${band}</td>`;
    });
    return `<tr><td>${escapeHtml(o.label)} ${o.higherIsBetter ? '↑' : '↓'}</td>${cells.join('')}</tr>`;
  }).join('\n');
  const pairRows = pairs
    .filter((p) => ['delivered', 'msDeferral', 'bulkP95', 'expired', 'blocks'].includes(p.outcome))
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.a)} vs ${escapeHtml(p.b)}</td><td>${escapeHtml(OUTCOMES.find((o) => o.key === p.outcome)!.label)}</td><td>${p.wins}</td><td>${p.losses}</td><td>${p.ties}</td><td>${p.p < 0.001 ? '&lt; 0.001' : p.p.toFixed(3)}</td></tr>`,
    )
    .join('\n');
  const figs = charts
    .map(
      (ch) =>
        `<h2 id="${ch.id}">${escapeHtml(ch.title)}</h2>\n<figure${ch.id === 'hidden-state' ? ' class="hidden"' : ''}>${ch.svg}</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>warmup-sim: ${escapeHtml(c.scenario)}</title>
<style>${REPORT_CSS}</style></head><body>
<h1>warmup-sim report: ${escapeHtml(c.scenario)}</h1>
<p>${escapeHtml(c.description)}</p>
<p class="muted">Policies ${c.policies.map(escapeHtml).join(', ')}; seeds ${c.seeds[0]}–${c.seeds[c.seeds.length - 1]} (${c.seeds.length}). Each policy faces the same recipients on the same seed (common random numbers).</p>
<h2>Outcomes</h2>
<p class="muted">Mean over seeds${c.seeds.length > 1 ? ', with the 5–95 % band' : ''}; ↑ higher is better, ↓ lower is better; the best value of each row is highlighted.</p>
<table><thead>${head}</thead><tbody>
${body}
</tbody></table>
<h2>Paired comparison on the same seeds</h2>
<p class="muted">Wins, losses and ties of the first policy against the second across seeds, and the exact two-sided sign-test p-value (ties dropped).</p>
<table><thead><tr><th>pair</th><th>outcome</th><th>wins</th><th>losses</th><th>ties</th><th>p</th></tr></thead><tbody>
${pairRows}
</tbody></table>
${figs}
<p class="muted">The hidden-state chart shows the receiver model's internal view for understanding; a real sender can only observe replies, complaint copies and the lagged daily report.</p>
</body></html>
`;
}
