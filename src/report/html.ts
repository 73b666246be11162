/**
 * index.html: one self-contained page (inline SVG and CSS, no script, no font or image from the
 * network; links only to the report's own files beside it). It opens with the verdict (which
 * policy, and why), then the outcomes table (mean and 5-95 % band over seeds, one line per row
 * saying what it means), every provider, every IP and every stream separately, the paired
 * comparisons, the charts and the inputs. Every text taken from the scenario is escaped.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { PairComparison, PolicyAggregate } from './aggregate.ts';
import { escapeHtml } from './escape.ts';
import { fmtValue } from './format.ts';
import { ipsTable, outcomesTable, pairsTable, providersTable, streamsTable } from './html-tables.ts';
import { filesSection, inputsSection, verdictSection } from './html-verdict.ts';
import { verdict } from './verdict.ts';
import { variantLabels } from './chart-style.ts';

export { escapeHtml } from './escape.ts';

/** A table to show after the outcomes (`logs report`: reply samples per class). */
export interface ExtraTable {
  readonly title: string;
  readonly note: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A value in its unit, for tables (see format.ts). */
export function fmt(x: number, unit: string): string {
  return fmtValue(x, unit);
}

/** The report pages' styles (also the plan report's, plan-html.ts). */
export const REPORT_CSS = `body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.4;padding:0 12px}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em;margin-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{background:#f4f4f4}.band{color:#777;font-size:.85em}.doc{color:#777;font-size:.8em}
.best{font-weight:bold;background:#e3f2dc}.muted{color:#666}.hidden{border-left:4px solid #b44;padding-left:10px}
.verdict td,.verdict th,.texts td,.texts th{text-align:left}.verdict td.reason{max-width:780px}.warn{background:#fff4d6;border-left:4px solid #d9a400;padding:6px 10px}
.chip{display:inline-block;padding:0 6px;border-radius:8px;font-size:.85em;white-space:nowrap}
.b-healthy{background:#cfe8c6}.b-watch{background:#fbeaa0}.b-throttle{background:#f9c891}.b-pause{background:#f0a0a0}.b-blocked{background:#222;color:#fff}
details{margin:.4em 0}summary{cursor:pointer}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:.8em;max-height:480px}
figure{margin:1em 0}svg{max-width:100%;height:auto}`;

/** The report's files and what each holds (linked from the page). */
const REPORT_FILES: readonly { name: string; what: string }[] = [
  { name: 'summary.json', what: 'every number of this page, per policy and per run (fields: docs/summary.schema.json)' },
  { name: 'daily.csv', what: 'per policy, seed and day: delivered, Microsoft rates and band, latency' },
  { name: 'hourly.csv', what: 'per policy, seed and hour: Microsoft deferral and refused rates, block share, band' },
  { name: 'per-ip-daily.csv', what: 'per policy, seed, IP, provider and day: attempts, outcomes, rates, band, peak connections' },
  { name: 'per-stream-daily.csv', what: 'per policy, seed, stream, IP and day: attempts, outcomes, rates, band' },
  { name: 'providers.csv', what: 'per policy, seed and provider: counts, rates, worst days, days per band' },
  { name: 'connections-hourly.csv', what: 'per policy, seed, IP, provider and hour: peak concurrent connections' },
  { name: 'snds.csv', what: 'the SNDS-like rows each IP owner received: the day described and when it became available' },
];

/** The same comparison with its variants named by their legend labels (a sweep's grid values). */
function relabelled(c: Comparison, aggs: readonly PolicyAggregate[], pairs: readonly PairComparison[]) {
  const labels = variantLabels(c);
  const name = new Map(c.policies.map((p, i) => [p, labels[i]!]));
  const rc: Comparison = { ...c, policies: labels };
  return {
    c: rc,
    aggs: aggs.map((a) => ({ ...a, policy: name.get(a.policy) ?? a.policy })),
    pairs: pairs.map((p) => ({ ...p, a: name.get(p.a) ?? p.a, b: name.get(p.b) ?? p.b })),
    v: verdict(rc),
  };
}

export function reportHtml(
  full: Comparison,
  fullAggs: readonly PolicyAggregate[],
  fullPairs: readonly PairComparison[],
  charts: readonly { id: string; title: string; svg: string }[],
  tables: readonly ExtraTable[] = [],
): string {
  const { c, aggs, pairs, v } = relabelled(full, fullAggs, fullPairs);
  const fig = (id: string) => {
    const ch = charts.find((x) => x.id === id);
    return ch === undefined
      ? ''
      : `<h3 id="${ch.id}">${escapeHtml(ch.title)}</h3>\n<figure${ch.id === 'hidden-state' ? ' class="hidden"' : ''}>${ch.svg}</figure>`;
  };
  const rest = charts.filter((ch) => ch.id !== 'ip-bands').map((ch) => fig(ch.id));
  // each run's own seed (a sweep over `seed` gives each grid point its own)
  const all = [...new Set(c.runs.flatMap((rs) => rs.map((r) => r.summary.seed)))].sort((a, b) => a - b);
  const range = all.length === 1 ? `seed ${all[0]}` : `seeds ${all[0]}–${all[all.length - 1]}`;
  const seeds = `${range}, ${c.seeds.length} per policy`;
  const extra = tables
    .map(
      (t) =>
        `<h2>${escapeHtml(t.title)}</h2>\n<p class="muted">${escapeHtml(t.note)}</p>\n<table class="texts"><thead><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${t.rows.map((r) => `<tr>${r.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`).join('\n')}\n</tbody></table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>warmup-sim: ${escapeHtml(c.scenario)}</title>
<style>${REPORT_CSS}</style></head><body>
<h1>warmup-sim report: ${escapeHtml(c.scenario)}</h1>
<p>${escapeHtml(c.description)}</p>
<p class="muted">Policies ${full.policies.map(escapeHtml).join(', ')}; ${seeds}. Each policy faces the same recipients on the same seed (common random numbers).</p>
${verdictSection(v)}
${filesSection([...REPORT_FILES, ...charts.map((ch) => ({ name: `charts/${ch.id}.png`, what: `${ch.title} (also .svg and the Vega-Lite spec .vl.json)` }))])}
<h2 id="outcomes">Outcomes</h2>
<p class="muted">Mean over seeds${c.seeds.length > 1 ? ', with the 5–95 % band' : ''}; ↑ higher is better, ↓ lower is better. The best value of a row is highlighted only among policies that were not blocked (a blocked IP defers nothing), and never on "never" or "–" (no data).</p>
${outcomesTable(c, aggs)}
<h2 id="providers">Every provider</h2>
<p class="muted">Deferral rate (4xx / attempts) / refused rate ((4xx + policy 5xx) / attempts), and the band of the two together (Blocked: more than half of the attempts refused by a block); pooled over seeds.</p>
${providersTable(aggs)}
<h2 id="ips">Every IP separately</h2>
<p class="muted">Track each IP separately: one bad stream can hide inside a shared warm-up pool. Days per band for each IP at each provider, pooled over seeds.</p>
${fig('ip-bands')}
${ipsTable(c, aggs)}
<h2 id="streams">Every stream separately</h2>
<p class="muted">Latency counts every message: mail that left the queue undelivered for the sender's reasons (expired, given up, blocked or refused) as never delivered, mail still queued at the end at its age; so a policy cannot look fast by dropping its slow mail or by being refused at once.</p>
${streamsTable(c, aggs)}
<h2 id="pairs">Paired comparison on the same seeds</h2>
<p class="muted">Wins, losses and ties of the first policy against the second across seeds, and the exact two-sided sign-test p-value (ties dropped).</p>
${pairsTable(pairs)}
${extra}
<h2 id="charts">Charts</h2>
${rest.join('\n')}
${charts.some((ch) => ch.id === 'hidden-state') ? `<p class="muted">The hidden-state chart shows the receiver model's internal view for understanding; a real sender can only observe replies, complaint copies and the lagged daily report.</p>` : ''}
${inputsSection(c)}
</body></html>
`;
}
