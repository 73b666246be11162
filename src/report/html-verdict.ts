/**
 * The report's opening: the verdict (the ranking rule, each policy's rank, band and one-line
 * reason, the seed-count warning), the files the report consists of, and the inputs (the
 * scenario and each policy's parameters), collapsed.
 */
import type { Comparison } from '../metrics/comparison.ts';
import { BANDS } from '../metrics/bands.ts';
import type { Verdict } from './verdict.ts';
import { escapeHtml as e } from './escape.ts';
import { stringify } from 'yaml';

const bandCell = (b: string | null) => (b === null ? '<td>–</td>' : `<td><span class="chip b-${b}">${b}</span></td>`);

export function verdictSection(v: Verdict): string {
  const rows = v.ranking
    .map((r) => `<tr><td>${r.rank}</td><td><b>${e(r.policy)}</b></td>${bandCell(r.band)}<td class="reason">${e(r.reason)}</td></tr>`)
    .join('\n');
  const pair =
    v.topPair === null
      ? ''
      : `<p class="muted">${e(v.topPair.a)} against ${e(v.topPair.b)} on the key that separates them, seed by seed: ${v.topPair.wins} wins, ${v.topPair.losses} losses, ${v.topPair.ties} ties; sign test p = ${v.topPair.p.toFixed(3)}.</p>`;
  return `<h2 id="verdict">Verdict: which policy, and why</h2>
${v.warning === null ? '' : `<p class="warn">${e(v.warning)}</p>`}
<table class="verdict"><thead><tr><th>rank</th><th>policy</th><th>band (Microsoft, whole run)</th><th>why</th></tr></thead><tbody>
${rows}
</tbody></table>
${pair}
<details><summary>The ranking rule</summary><p class="muted">Each key is compared on the mean over seeds, and a later key only when every earlier one ties:</p><ol>${v.rule.map((r) => `<li>${e(r)}</li>`).join('')}</ol>
<p class="muted">Bands (the seed article's, by the deferral rate 4xx / attempts, plus Blocked): ${BANDS.map((b) => `<span class="chip b-${b.band}">${b.band}</span> ${e(b.action)}`).join('; ')}. Blocked: more than half of the attempts refused by a block.</p></details>`;
}

export function filesSection(files: readonly { name: string; what: string }[]): string {
  return `<details><summary>Files of this report</summary><ul>${files.map((f) => `<li><a href="${e(f.name)}">${e(f.name)}</a>: ${e(f.what)}</li>`).join('')}</ul></details>`;
}

export function inputsSection(c: Comparison): string {
  if (c.inputs === undefined) return '';
  const variants = c.inputs.variants
    .map((v, i) => {
      const grid = Object.entries(v.grid);
      const head = `${e(c.policies[i] ?? v.policy)} <span class="muted">(use: ${e(v.use)}${grid.length > 0 ? `; ${grid.map(([k, x]) => `${e(k)} = ${e(String(x))}`).join(', ')}` : ''})</span>`;
      const body = Object.keys(v.params).length === 0 ? "the behaviour's defaults" : stringify(v.params, { lineWidth: 0 });
      return `<details><summary>${head}</summary><pre>${e(body)}</pre></details>`;
    })
    .join('\n');
  return `<h2 id="inputs">Inputs</h2>
<details><summary>The scenario as run</summary><pre>${e(c.inputs.yaml)}</pre></details>
<p class="muted">Each policy's parameters:</p>
${variants}`;
}
