/**
 * index.html of a plan report: one self-contained page (inline SVG and CSS, no script), like the
 * comparison report (html.ts, whose styles and escaping it shares): the goal, the chosen plan and
 * its risk with a Wilson interval, the plan against the ESP schedules and the scenario's policies
 * on the same seeds, the runner-ups, the charts and how much searching it took.
 */
import { stringify } from 'yaml';
import type { PlanCandidate, PlanResult } from '../metrics/plan-result.ts';
import type { VerdictStats } from '../metrics/plan-stats.ts';
import { escapeHtml as e, fmt, REPORT_CSS } from './html.ts';

const pct = (x: number) => fmt(x, '%');
const day = (d: number) => (Number.isFinite(d) ? `day ${d}` : 'never');
const risk = (s: VerdictStats) => `${pct(s.risk)} <span class="band">[${pct(s.riskLo)} – ${pct(s.riskHi)}]</span>`;
/** Median first day at target over every seed (a seed that never got there counts as never). */
function medianReached(reached: readonly (number | null)[]): number {
  const xs = reached.map((x) => x ?? Infinity).sort((a, b) => a - b);
  return xs.length === 0 ? Number.NaN : xs.length % 2 === 1 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
}

const PARAM_LABELS: Record<string, string> = {
  ips: 'IPs',
  initial_per_hour: 'initial cap per IP per provider (/h)',
  growth: 'growth per clean day',
  clean_hours: 'clean hours before growth',
  retry_minutes: 'retry interval (min, doubling)',
  engaged_until_day: 'engaged recipients only until day',
};

function candidateRows(cs: readonly PlanCandidate[]): string {
  return cs
    .map(
      (c) =>
        `<tr><td>#${c.id} (${e(c.stage)})</td>${Object.values(c.params)
          .map((v) => `<td>${v}</td>`)
          .join('')}<td>${day(c.stats.days)}</td><td>${risk(c.stats)}</td><td>${pct(c.stats.meanWorst)}</td></tr>`,
    )
    .join('\n');
}

export function planHtml(r: PlanResult, charts: readonly { id: string; title: string; svg: string }[]): string {
  const c = r.criteria;
  const goal = `${c.target.toLocaleString('en-US')} messages a day${c.provider ? ` to ${e(c.provider)}` : ''}; Outlook.com deferral rate at most ${pct(c.maxDeferral)} on every IP on every day from day 0${c.noBlocks ? '; no block from any provider on any IP' : ''}${c.hold === undefined ? '' : `; judged until ${c.hold} days after the target is reached`}; in at least ${pct(r.confidence)} of ${r.seeds.length} seeds (${r.seeds[0]}–${r.seeds[r.seeds.length - 1]})`;
  const chosen = r.chosen;
  const plan = r.baselines.find((b) => b.kind === 'plan');
  const planBlock = chosen
    ? `<table><tbody>${Object.entries(chosen.candidate.params)
        .map(([k, v]) => `<tr><td>${e(PARAM_LABELS[k] ?? k)}</td><td>${v}</td></tr>`)
        .join('')}</tbody></table>
<p>Days to target in ${pct(r.confidence)} of the seeds: <b>${day(plan?.stats.days ?? chosen.candidate.stats.days)}</b> (median ${fmt(plan?.stats.medianDays ?? Number.NaN, 'days')}); risk ${plan ? risk(plan.stats) : risk(chosen.candidate.stats)} of the seeds broke a rule (95 % Wilson interval).</p>
<p>As a policy in the scenario file (the per-day table is <a href="plan.csv">plan.csv</a>):</p><pre>${e(stringify({ policies: [chosen.policy] }, { lineWidth: 0 }))}</pre>`
    : '<p><b>No ramp in the searched space met the goal.</b> The frontier below shows the risk the fastest ramps ran.</p>';
  const baseRows = r.baselines
    .map(
      (b) =>
        `<tr${b.kind === 'plan' ? ' class="best"' : ''}><td>${e(b.name)}</td><td>${e(b.kind)}</td><td>${day(b.stats.days)}</td><td>${fmt(b.stats.medianDays, 'days')}</td><td>${fmt(medianReached(b.reached), 'days')}</td><td>${risk(b.stats)}</td><td>${pct(b.stats.meanWorst)}</td><td>${b.verdicts.reduce((t, v) => t + v.blocks, 0).toLocaleString('en-US')}</td></tr>`,
    )
    .join('\n');
  const head = `<tr><th>candidate</th>${r.space.map((s) => `<th>${e(s.param)}</th>`).join('')}<th>days to target</th><th>risk</th><th>mean worst day</th></tr>`;
  const reasons = new Map<string, number>();
  for (const x of r.candidates)
    reasons.set(x.dropped?.reason ?? 'raced on all seeds', (reasons.get(x.dropped?.reason ?? 'raced on all seeds') ?? 0) + 1);
  const s = r.search;
  const figs = charts.map((ch) => `<h2 id="${ch.id}">${e(ch.title)}</h2>\n<figure>${ch.svg}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>warmup-sim plan: ${e(r.scenario)}</title>
<style>${REPORT_CSS}</style></head><body>
<h1>warmup-sim plan: ${e(r.scenario)}</h1>
<p>${e(r.description)}</p>
<p class="muted">Goal: ${goal}.</p>
<h2>The plan</h2>
${planBlock}
<h2>Against the ESP schedules and the scenario's policies (same seeds, run to the end)</h2>
<p class="muted">Days to target: in ${pct(r.confidence)} of the seeds the run stayed safe and delivered the target by that day (0-based). Risk: share of seeds that broke a rule, with its 95 % Wilson interval. ESP schedules run on the plan's IPs.</p>
<table><thead><tr><th>policy</th><th>kind</th><th>days to target</th><th>median day (safe seeds)</th><th>median day (every seed, safe or not)</th><th>risk</th><th>mean worst day (Outlook.com deferral)</th><th>block replies</th></tr></thead><tbody>
${baseRows}
</tbody></table>
<ul>${r.verdicts.map((v) => `<li>${v.beats ? '✔' : '✘'} ${e(v.text)}</li>`).join('')}</ul>
<p class="muted">Every outcome of these runs: <a href="comparison/index.html">comparison/index.html</a>.</p>
<h2>Runner-ups</h2>
${
  r.runnersUp.length > 0
    ? `<table><thead>${head}</thead><tbody>
${candidateRows(r.runnersUp)}
</tbody></table>`
    : `<p class="muted">None: no other candidate stayed safe and reached the target in ${pct(r.confidence)} of the seeds (what became of each, and why: candidates.csv).</p>`
}
${figs}
<h2>The search</h2>
<p>${s.runs.toLocaleString('en-US')} simulated runs in ${s.batches} batches (budget ${e(s.budget)}; ended: ${e(s.ended)}), against ${s.gridRuns.toLocaleString('en-US')} for the full grid (${s.gridCandidates.toLocaleString('en-US')} candidates x ${r.seeds.length} seeds); then ${s.comparisonRuns} runs for the comparison. Candidates considered: ${r.candidates.length} (${[...reasons].map(([k, n]) => `${e(k)} ${n}`).join(', ')}). Rerun with <code>--budget ${s.runs}</code> for the same result on any machine.</p>
<p class="muted">Every candidate: <a href="candidates.csv">candidates.csv</a>; the whole result: <a href="plan.json">plan.json</a>.</p>
</body></html>
`;
}
